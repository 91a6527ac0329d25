//! User services (guide §5): register, update, get, count and list users.
//!
//! Get Users' example writes the address as `email` for one user and `user_email` for the next:
//! both are read, `email` is written.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::json_answer::{opt_u64_lenient, secret_json_body};
use crate::{Error, Result};

pub const REGISTER_USER_PATH: &str = "/adss/service/csp/v2/users/register";
pub const USER_COUNT_PATH: &str = "/adss/service/csp/v2/users/count";

/// `/v2/users/{user_id}` (get, update, delete); the id is percent-encoded.
pub fn user_path(user_id: &str) -> Result<String> {
    let user_id = non_empty("the user ID", user_id)?;
    Ok(format!(
        "/adss/service/csp/v2/users/{}",
        path_segment(user_id)
    ))
}

/// `/v2/users/{start_pointer}/{fetch_size}`: a page of users, `fetch_size` at least 1 (60035).
pub fn users_page_path(start_pointer: u64, fetch_size: u64) -> Result<String> {
    if fetch_size == 0 {
        return Err(Error::InvalidField {
            input: "the page of users to fetch".to_owned(),
            field: "fetch_size".to_owned(),
            problem: "must be at least 1".to_owned(),
        });
    }
    Ok(format!(
        "/adss/service/csp/v2/users/{start_pointer}/{fetch_size}"
    ))
}

/// `ACTIVE`, `INACTIVE`, `BLOCKED`; anything else is kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum UserStatus {
    Active,
    Inactive,
    Blocked,
    #[serde(untagged)]
    Other(String),
}

/// One user as Get User / Get Users answer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(default, alias = "user_email", skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
}

/// Get Users' answer (the total is also in the `x-total-records` header).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    #[serde(default)]
    pub users: Vec<User>,
}

/// User Count's answer; the example prints the number as text (`"99"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCount {
    #[serde(default, deserialize_with = "opt_u64_lenient")]
    pub user_count: Option<u64>,
}

/// Update User's body: only the fields to change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
}

/// Register User's body. Holds a password, so it has no `Serialize`: use [`Self::to_body`].
#[derive(Debug, Clone)]
pub struct RegisterUserRequest {
    pub user_id: String,
    pub user_name: Option<String>,
    pub user_password: Option<SecretString>,
    pub email: String,
    pub profile_id: Option<String>,
}

#[derive(Serialize)]
struct RegisterUserWire<'a> {
    user_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_password: Option<&'a str>,
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile_id: Option<&'a str>,
}

impl RegisterUserRequest {
    /// The JSON body; user ID and e-mail are required (60011, 60018).
    pub fn to_body(&self) -> Result<SecretString> {
        let email = non_empty("the new user's e-mail address (email)", &self.email)?;
        if !email.contains('@') {
            return Err(Error::InvalidField {
                input: "the new user".to_owned(),
                field: "email".to_owned(),
                problem: format!("\"{email}\" is not an e-mail address (it has no @)"),
            });
        }
        let wire = RegisterUserWire {
            user_id: non_empty("the new user's user ID (user_id)", &self.user_id)?,
            user_name: self.user_name.as_deref(),
            user_password: self.user_password.as_ref().map(|p| p.expose_secret()),
            email,
            profile_id: self.profile_id.as_deref(),
        };
        secret_json_body("the register-user request", &wire)
    }
}

fn non_empty<'a>(input: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::EmptyInput {
            input: input.to_owned(),
        });
    }
    Ok(value)
}

/// Percent-encodes one path segment (ids may hold `@`, spaces or `/`).
pub(crate) fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn register_user_example() {
        let request = RegisterUserRequest {
            user_id: "johnDoe12".into(),
            user_name: Some("John Doe".into()),
            user_password: Some(SecretString::from("password")),
            email: "john.doe@ascertia.com".into(),
            profile_id: Some("CSP-RegisterUser".into()),
        };
        let body: Value = serde_json::from_str(request.to_body().unwrap().expose_secret()).unwrap();
        assert_eq!(
            body,
            json!({ "user_id": "johnDoe12", "user_name": "John Doe", "user_password": "password",
                    "email": "john.doe@ascertia.com", "profile_id": "CSP-RegisterUser" })
        );
        assert!(!format!("{request:?}").contains("\"password\""));
        let mut bad = request.clone();
        bad.email = "john.doe".into();
        assert!(matches!(bad.to_body(), Err(Error::InvalidField { .. })));
        bad.email = " ".into();
        assert!(matches!(bad.to_body(), Err(Error::EmptyInput { .. })));
    }

    #[test]
    fn update_user_example() {
        let body = serde_json::to_value(UpdateUserRequest {
            user_name: Some("John Doe".into()),
            status: Some(UserStatus::Active),
        })
        .unwrap();
        assert_eq!(body, json!({ "user_name": "John Doe", "status": "ACTIVE" }));
    }

    #[test]
    fn get_user_example() {
        let user: User = serde_json::from_str(
            r#"{ "user_name": "John Doe", "user_id": "johnDoe12", "email": "john.doe@ascertia.com",
                 "status": "ACTIVE", "profile_id": "CSP-Profile-User" }"#,
        )
        .unwrap();
        assert_eq!(user.email.as_deref(), Some("john.doe@ascertia.com"));
        assert_eq!(user.status, Some(UserStatus::Active));
        let odd: User = serde_json::from_str(r#"{"user_id":"x","status":"SUSPENDED"}"#).unwrap();
        assert_eq!(odd.status, Some(UserStatus::Other("SUSPENDED".into())));
    }

    #[test]
    fn get_users_example_with_email_and_user_email() {
        let list: UserList = serde_json::from_str(
            r#"{ "users": [
                { "user_name": "Peter Doe", "user_id": "PeterDoe12", "email": "peter.doe@ascertia.com",
                  "status": "ACTIVE", "profile_id": "profile-001" },
                { "user_name": "John Doe", "user_id": "johnDoe12", "user_email": "john.doe@ascertia.com",
                  "status": "ACTIVE", "profile_id": "profile-001" } ] }"#,
        )
        .unwrap();
        let emails: Vec<_> = list.users.iter().map(|u| u.email.as_deref()).collect();
        assert_eq!(
            emails,
            [
                Some("peter.doe@ascertia.com"),
                Some("john.doe@ascertia.com")
            ]
        );
        let written = serde_json::to_value(&list.users[1]).unwrap();
        assert_eq!(written["email"], "john.doe@ascertia.com");
    }

    #[test]
    fn user_count_example() {
        // The guide's example has a trailing comma, which JSON forbids; removed here.
        let count: UserCount = serde_json::from_str(r#"{ "user_count": "99" }"#).unwrap();
        assert_eq!(count.user_count, Some(99));
    }

    #[test]
    fn paths() {
        assert_eq!(
            user_path("johnDoe12").unwrap(),
            "/adss/service/csp/v2/users/johnDoe12"
        );
        assert_eq!(
            user_path("a b/c@d").unwrap(),
            "/adss/service/csp/v2/users/a%20b%2Fc@d"
        );
        assert!(user_path("").is_err());
        assert_eq!(
            users_page_path(0, 20).unwrap(),
            "/adss/service/csp/v2/users/0/20"
        );
        assert!(matches!(
            users_page_path(0, 0),
            Err(Error::InvalidField { .. })
        ));
    }
}
