//! General services (guide §3.4, §4): service status, about, password policy, advance settings
//! and the authentication profiles a client may use.
//!
//! Answers are written back (for the sandbox) with the names the guide's examples print, and read
//! with the table's names as aliases: `user_auth_retrie_limit` / `user_auth_retries_limit`,
//! `upper_lower_letters` / `upper_lowe_letters`.

use serde::{Deserialize, Serialize};

use super::json_answer::{opt_bool_lenient, opt_u64_lenient};

pub const STATUS_PATH: &str = "/adss/service/csp";
pub const ABOUT_PATH: &str = "/adss/service/csp/v2/about";
pub const PASSWORD_POLICY_PATH: &str = "/adss/service/csp/v2/users/password/policy";
pub const ADVANCE_SETTINGS_PATH: &str = "/adss/service/csp/v2/advancesettings";
pub const AUTH_PROFILES_PATH: &str = "/adss/service/csp/v2/profiles/auth";

/// The status call's path with its optional query (`?client_id=…&profile_id=…`).
pub fn status_path(client_id: Option<&str>, profile_id: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [("client_id", client_id), ("profile_id", profile_id)] {
        if let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) {
            query.append_pair(name, value);
        }
    }
    let query = query.finish();
    if query.is_empty() {
        STATUS_PATH.to_owned()
    } else {
        format!("{STATUS_PATH}?{query}")
    }
}

/// `GET /adss/service/csp`: `{"message": "Success", "message_description": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_description: Option<String>,
}

impl ServiceStatus {
    pub fn is_running(&self) -> bool {
        self.message.trim().eq_ignore_ascii_case("success")
    }
}

/// `GET /v2/about`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_number: Option<String>,
}

/// `POST /v2/users/password/policy` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicyRequest {
    pub profile_id: String,
}

/// The password policy; the example prints numbers and flags as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    #[serde(default, deserialize_with = "opt_u64_lenient")]
    pub min_pass_length: Option<u64>,
    #[serde(default, deserialize_with = "opt_u64_lenient")]
    pub max_pass_length: Option<u64>,
    #[serde(
        default,
        alias = "upper_lowe_letters",
        deserialize_with = "opt_bool_lenient"
    )]
    pub upper_lower_letters: Option<bool>,
    #[serde(
        default,
        alias = "Digits_and_special_char",
        deserialize_with = "opt_bool_lenient"
    )]
    pub digits_and_special_char: Option<bool>,
}

/// The special characters the guide lists for `digits_and_special_char`.
pub const POLICY_SPECIAL_CHARACTERS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

impl PasswordPolicy {
    /// The rules `password` breaks, as sentences to show before sending (avoids 60032–60034).
    pub fn broken_rules(&self, password: &str) -> Vec<String> {
        let mut broken = Vec::new();
        let length = password.chars().count() as u64;
        if let Some(min) = self.min_pass_length.filter(|min| length < *min) {
            broken.push(format!("The password must have at least {min} characters."));
        }
        if let Some(max) = self.max_pass_length.filter(|max| length > *max) {
            broken.push(format!("The password must have at most {max} characters."));
        }
        if self.upper_lower_letters == Some(true)
            && !(password.chars().any(char::is_uppercase)
                && password.chars().any(char::is_lowercase))
        {
            broken.push("The password must contain both capital and small letters.".to_owned());
        }
        if self.digits_and_special_char == Some(true)
            && !(password.chars().any(|c| c.is_ascii_digit())
                && password
                    .chars()
                    .any(|c| POLICY_SPECIAL_CHARACTERS.contains(c)))
        {
            broken.push(
                "The password must contain at least one digit and one special character such as # or @."
                    .to_owned(),
            );
        }
        broken
    }
}

/// `GET /v2/advancesettings` (OTP and lock-out settings). Times are in seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvanceSettings {
    #[serde(default, deserialize_with = "opt_u64_lenient")]
    pub otp_expiry_time: Option<u64>,
    #[serde(default, deserialize_with = "opt_u64_lenient")]
    pub otp_length: Option<u64>,
    #[serde(
        default,
        rename = "user_auth_retrie_limit",
        alias = "user_auth_retries_limit",
        deserialize_with = "opt_u64_lenient"
    )]
    pub user_auth_retries_limit: Option<u64>,
    #[serde(default, deserialize_with = "opt_u64_lenient")]
    pub user_block_period: Option<u64>,
}

/// `GET /v2/profiles/auth`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticationProfiles {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_authentication_profile: Option<AuthenticationProfile>,
    #[serde(default)]
    pub allowed_authentication_profile: Vec<AuthenticationProfile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticationProfile {
    pub profile_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_name: Option<String>,
    /// `AZURE_ACTIVE_DIRECTORY`, `ACTIVE_DIRECTORY`, `PASSWORD` (the example pads some with a
    /// space: use [`AuthenticationProfile::auth_type`]).
    #[serde(rename = "auth_type", default)]
    pub auth_type_raw: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_info: Option<AuthInfo>,
}

impl AuthenticationProfile {
    pub fn auth_type(&self) -> &str {
        self.auth_type_raw.trim()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::json_answer::read_json_answer;

    #[test]
    fn status_example() {
        let status: ServiceStatus = read_json_answer(
            "status",
            200,
            br#"{ "message": "Success", "message_description": "ADSS CSP Service is running" }"#,
        )
        .unwrap();
        assert!(status.is_running());
        assert_eq!(
            status_path(Some("abc"), Some("xyz")),
            "/adss/service/csp?client_id=abc&profile_id=xyz"
        );
        assert_eq!(status_path(None, Some(" ")), "/adss/service/csp");
        assert_eq!(
            status_path(Some("a b&c"), None),
            "/adss/service/csp?client_id=a+b%26c"
        );
    }

    #[test]
    fn about_example() {
        let about: About =
            serde_json::from_str(r#"{ "version": "Version", "build_number": "Build Number" }"#)
                .unwrap();
        assert_eq!(about.version, "Version");
        assert_eq!(about.build_number.as_deref(), Some("Build Number"));
    }

    #[test]
    fn password_policy_example_and_typo() {
        let request = serde_json::to_string(&PasswordPolicyRequest {
            profile_id: "ADSS CSP Profile".into(),
        })
        .unwrap();
        assert_eq!(request, r#"{"profile_id":"ADSS CSP Profile"}"#);
        let example: PasswordPolicy = serde_json::from_str(
            r#"{ "min_pass_length": "8", "max_pass_length": "255",
                 "upper_lower_letters": "true", "digits_and_special_char": "false" }"#,
        )
        .unwrap();
        let expected = PasswordPolicy {
            min_pass_length: Some(8),
            max_pass_length: Some(255),
            upper_lower_letters: Some(true),
            digits_and_special_char: Some(false),
        };
        assert_eq!(example, expected);
        // The table's spellings.
        let typo: PasswordPolicy = serde_json::from_str(
            r#"{"min_pass_length":8,"upper_lowe_letters":true,"Digits_and_special_char":true}"#,
        )
        .unwrap();
        assert_eq!(typo.upper_lower_letters, Some(true));
        assert_eq!(typo.digits_and_special_char, Some(true));
    }

    #[test]
    fn password_rules() {
        let policy = PasswordPolicy {
            min_pass_length: Some(8),
            max_pass_length: Some(12),
            upper_lower_letters: Some(true),
            digits_and_special_char: Some(true),
        };
        assert!(policy.broken_rules("Kendra@2024").is_empty());
        assert_eq!(policy.broken_rules("abc").len(), 3);
        assert_eq!(policy.broken_rules("kendra@2024kendra").len(), 2);
        assert!(PasswordPolicy::default().broken_rules("").is_empty());
    }

    #[test]
    fn advance_settings_example_with_typo() {
        // The guide's example ends with a trailing comma, which JSON forbids; removed here.
        let settings: AdvanceSettings = serde_json::from_str(
            r#"{ "otp_expiry_time": 100, "otp_length": 6, "user_auth_retrie_limit": 5,
                 "user_block_period": 100 }"#,
        )
        .unwrap();
        assert_eq!(settings.user_auth_retries_limit, Some(5));
        assert_eq!(settings.otp_length, Some(6));
        let table_name: AdvanceSettings =
            serde_json::from_str(r#"{"user_auth_retries_limit": "3"}"#).unwrap();
        assert_eq!(table_name.user_auth_retries_limit, Some(3));
        let written = serde_json::to_value(&settings).unwrap();
        assert_eq!(written["user_auth_retrie_limit"], 5);
    }

    #[test]
    fn authentication_profiles_example() {
        // The guide's example lacks commas between members and has trailing commas; fixed here.
        let profiles: AuthenticationProfiles = serde_json::from_str(
            r#"{ "default_authentication_profile": { "profile_id": "adss:authentication:profile:001",
                   "profile_name": "Azure AD", "auth_type": "AZURE_ACTIVE_DIRECTORY",
                   "auth_info": { "app_id": "osdcnosdcn49309nn", "auth_url": "https://graph.microsoft.com" } },
                 "allowed_authentication_profile": [
                   { "profile_id": "adss:authentication:profile:001", "profile_name": "Azure AD",
                     "auth_type": "AZURE_ACTIVE_DIRECTORY",
                     "auth_info": { "app_id": "osdcnosdcn49309nn", "auth_url": "https://graph.microsoft.com" } },
                   { "profile_id": "adss:authentication:profile:002",
                     "profile_name": "Microsoft Active Directory", "auth_type": "ACTIVE_DIRECTORY " },
                   { "profile_id": "adss:authentication:profile:003", "profile_name": "Web RA",
                     "auth_type": "PASSWORD " } ] }"#,
        )
        .unwrap();
        let default = profiles.default_authentication_profile.unwrap();
        assert_eq!(default.auth_type(), "AZURE_ACTIVE_DIRECTORY");
        assert_eq!(
            default.auth_info.and_then(|info| info.app_id).as_deref(),
            Some("osdcnosdcn49309nn")
        );
        let types: Vec<&str> = profiles
            .allowed_authentication_profile
            .iter()
            .map(AuthenticationProfile::auth_type)
            .collect();
        assert_eq!(
            types,
            ["AZURE_ACTIVE_DIRECTORY", "ACTIVE_DIRECTORY", "PASSWORD"]
        );
    }
}
