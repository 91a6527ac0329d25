//! OAuth 2.0 access tokens from the CSP's `/adss/service/csp/authenticate` (guide §3.1), and the
//! form for revoking a refresh token (`/adss/service/csp/tokens`, §3.3).
//!
//! The guide sends `grant_type`, `client_id`, `client_secret` and, for the password grant,
//! `username` and `password`; the refresh grant sends `refresh_token` instead and needs no user
//! name or password. The guide names no `scope`, so none is sent. `authentication_profile_id`
//! is an HTTP header, not a form field.

use chrono::{DateTime, TimeDelta, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use zeroize::Zeroizing;

use super::error_body::{self, CspErrorBody};
use crate::{Error, Result};

/// Path of the token endpoint below the server's base address.
pub const AUTHENTICATE_PATH: &str = "/adss/service/csp/authenticate";
/// Path of the revoke-tokens endpoint.
pub const REVOKE_TOKENS_PATH: &str = "/adss/service/csp/tokens";
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
pub const JSON_ACCEPT: &str = "application/json";
/// Renew this long before the token expires, so a signing started now does not fail midway.
pub const DEFAULT_REFRESH_MARGIN: TimeDelta = TimeDelta::seconds(60);

/// Which OAuth 2.0 grant to ask for.
#[derive(Debug, Clone)]
pub enum Grant {
    /// A signing officer's own user ID and password.
    Password {
        username: String,
        password: SecretString,
    },
    /// The business application itself, with no user.
    ClientCredentials,
    /// A new access token (and refresh token) from an earlier refresh token.
    RefreshToken { refresh_token: SecretString },
}

impl Grant {
    /// The `grant_type` value the guide uses.
    pub fn grant_type(&self) -> &'static str {
        match self {
            Grant::Password { .. } => "password",
            Grant::ClientCredentials => "client_credentials",
            Grant::RefreshToken { .. } => "refresh_token",
        }
    }
}

/// A request to `/authenticate`. Every grant carries the client's ID and secret.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub client_id: String,
    pub client_secret: SecretString,
    pub grant: Grant,
    /// Sent as the `authentication_profile_id` header when set.
    pub authentication_profile_id: Option<String>,
    /// Sent as `Accept-Language` when set (the guide's examples use `en-US`).
    pub accept_language: Option<String>,
}

impl TokenRequest {
    pub fn password(
        client_id: impl Into<String>,
        client_secret: SecretString,
        username: impl Into<String>,
        password: SecretString,
    ) -> Self {
        Self::new(
            client_id,
            client_secret,
            Grant::Password {
                username: username.into(),
                password,
            },
        )
    }

    pub fn client_credentials(client_id: impl Into<String>, client_secret: SecretString) -> Self {
        Self::new(client_id, client_secret, Grant::ClientCredentials)
    }

    pub fn refresh_token(
        client_id: impl Into<String>,
        client_secret: SecretString,
        refresh_token: SecretString,
    ) -> Self {
        Self::new(
            client_id,
            client_secret,
            Grant::RefreshToken { refresh_token },
        )
    }

    fn new(client_id: impl Into<String>, client_secret: SecretString, grant: Grant) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret,
            grant,
            authentication_profile_id: None,
            accept_language: None,
        }
    }

    pub fn with_authentication_profile(mut self, profile_id: impl Into<String>) -> Self {
        self.authentication_profile_id = Some(profile_id.into());
        self
    }

    pub fn with_accept_language(mut self, language: impl Into<String>) -> Self {
        self.accept_language = Some(language.into());
        self
    }

    /// Checks that every field the grant needs is filled in and encodes the form.
    pub fn build(&self) -> Result<FormRequest> {
        let client_id = required("client ID (client_id)", &self.client_id)?;
        let client_secret = required(
            "client secret (client_secret)",
            self.client_secret.expose_secret(),
        )?;
        let mut fields: Vec<(&str, &str)> = vec![
            ("grant_type", self.grant.grant_type()),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ];
        match &self.grant {
            Grant::Password { username, password } => {
                fields.push(("username", required("user ID (username)", username)?));
                fields.push(("password", required("password", password.expose_secret())?));
            }
            Grant::ClientCredentials => {}
            Grant::RefreshToken { refresh_token } => fields.push((
                "refresh_token",
                required(
                    "saved session's refresh token (refresh_token)",
                    refresh_token.expose_secret(),
                )?,
            )),
        }
        let mut headers = vec![("Accept", JSON_ACCEPT.to_owned())];
        if let Some(profile) = &self.authentication_profile_id {
            let profile = required(
                "authentication profile ID (authentication_profile_id)",
                profile,
            )?;
            headers.push(("authentication_profile_id", profile.to_owned()));
        }
        if let Some(language) = &self.accept_language {
            headers.push(("Accept-Language", language.trim().to_owned()));
        }
        Ok(FormRequest {
            path: AUTHENTICATE_PATH,
            content_type: FORM_CONTENT_TYPE,
            headers,
            body: encode_form(&fields),
        })
    }
}

/// The form that revokes a refresh token (§3.3): `refresh_token=…&token_type=refresh_token`.
/// The call itself needs `Authorization: Bearer` with a client-credentials access token.
pub fn revoke_refresh_token_form(refresh_token: &SecretString) -> Result<FormRequest> {
    let token = required(
        "refresh token to revoke (refresh_token)",
        refresh_token.expose_secret(),
    )?;
    Ok(FormRequest {
        path: REVOKE_TOKENS_PATH,
        content_type: FORM_CONTENT_TYPE,
        headers: vec![("Accept", JSON_ACCEPT.to_owned())],
        body: encode_form(&[("refresh_token", token), ("token_type", "refresh_token")]),
    })
}

/// An encoded form ready for the HTTP layer. The body holds secrets, so `Debug` hides it.
#[derive(Debug, Clone)]
pub struct FormRequest {
    pub path: &'static str,
    pub content_type: &'static str,
    /// Non-secret headers besides `Content-Type` (the bearer header is the caller's).
    pub headers: Vec<(&'static str, String)>,
    pub body: SecretString,
}

fn required<'a>(input: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::EmptyInput {
            input: format!("the {input}"),
        });
    }
    Ok(value)
}

/// Encodes into a zeroed-on-drop buffer sized so it never reallocates (a reallocation would leave
/// an unzeroed copy of the secrets behind); percent-encoding at most triples a byte.
fn encode_form(fields: &[(&str, &str)]) -> SecretString {
    let capacity = fields
        .iter()
        .map(|(name, value)| 3 * (name.len() + value.len()) + 2)
        .sum();
    let mut buffer = Zeroizing::new(String::with_capacity(capacity));
    {
        let mut form = form_urlencoded::Serializer::new(&mut *buffer);
        for (name, value) in fields {
            form.append_pair(name, value);
        }
        form.finish();
    }
    SecretString::from(buffer.as_str())
}

/// A successful `/authenticate` answer, with the time it was received.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub access_token: SecretString,
    /// Always `Bearer` per the guide (any capitalisation accepted).
    pub token_type: String,
    /// Lifetime the server granted; `None` if it sent no `expires_in`.
    pub expires_in: Option<TimeDelta>,
    pub refresh_token: Option<SecretString>,
    /// Not in the guide; kept if an OAuth 2.0 server sends it.
    pub scope: Option<String>,
    pub issued_at: DateTime<Utc>,
}

impl AccessToken {
    /// When the token stops working; `None` when the server gave no lifetime.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.issued_at.checked_add_signed(self.expires_in?)
    }

    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at().is_some_and(|at| now >= at)
    }

    /// True once `now` is within `margin` of expiry. The margin is capped at half the lifetime so
    /// a short-lived token is not refreshed again the moment it arrives. Without a lifetime only
    /// a refusal (401 / 60045) tells Kendra to renew, so this answers false.
    pub fn should_refresh(&self, now: DateTime<Utc>, margin: TimeDelta) -> bool {
        let (Some(lifetime), Some(expires_at)) = (self.expires_in, self.expires_at()) else {
            return false;
        };
        let margin = margin.max(TimeDelta::zero()).min(lifetime / 2);
        expires_at
            .checked_sub_signed(margin)
            .is_none_or(|refresh_at| now >= refresh_at)
    }

    /// The `Authorization` header value, `Bearer <token>`.
    pub fn authorization_header(&self) -> SecretString {
        let token = self.access_token.expose_secret();
        let mut value = Zeroizing::new(String::with_capacity(7 + token.len()));
        value.push_str("Bearer ");
        value.push_str(token);
        SecretString::from(value.as_str())
    }
}

const TOKEN_INPUT: &str = "the signing service's sign-in answer";

/// Reads a `/authenticate` answer: 2xx bodies are parsed, anything else becomes the refusal.
pub fn read_token_response(
    status: u16,
    body: &[u8],
    received_at: DateTime<Utc>,
) -> Result<AccessToken> {
    if !(200..300).contains(&status) {
        return Err(error_body::refusal_from_http(status, body));
    }
    parse_token_response(body, received_at)
}

/// Parses a token answer body. A body carrying `error` is a refusal even under HTTP 200.
pub fn parse_token_response(body: &[u8], received_at: DateTime<Utc>) -> Result<AccessToken> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyInput {
            input: TOKEN_INPUT.to_owned(),
        });
    }
    // Parsed as a Value so the token strings can be moved, not copied, into secrets.
    let value: Value =
        serde_json::from_slice(body).map_err(|err| Error::json(TOKEN_INPUT, &err))?;
    let Value::Object(mut object) = value else {
        return Err(invalid("(whole body)", "is not a JSON object"));
    };
    if let Some(refused) = CspErrorBody::from_object(&object) {
        return Err(error_body::refusal("HTTP 200 OK", &refused));
    }
    let access_token = match object.remove("access_token") {
        Some(Value::String(token)) if !token.trim().is_empty() => secret(token),
        Some(Value::String(_)) => return Err(invalid("access_token", "is empty")),
        None | Some(Value::Null) => {
            return Err(Error::MissingField {
                input: TOKEN_INPUT.to_owned(),
                field: "access_token".to_owned(),
            })
        }
        Some(_) => return Err(invalid("access_token", "is not text")),
    };
    let token_type = match object.get("token_type") {
        Some(Value::String(kind)) if kind.trim().eq_ignore_ascii_case("bearer") => {
            kind.trim().to_owned()
        }
        // The guide says it is always bearer; a missing type is taken at its word.
        None | Some(Value::Null) => "Bearer".to_owned(),
        Some(other) => {
            return Err(invalid(
                "token_type",
                &format!("is {other}, but Kendra can only use \"Bearer\" tokens"),
            ))
        }
    };
    let expires_in = match object.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(value) => Some(lifetime(value)?),
    };
    let refresh_token = match object.remove("refresh_token") {
        Some(Value::String(token)) if !token.trim().is_empty() => Some(secret(token)),
        Some(Value::String(_)) | Some(Value::Null) | None => None,
        Some(_) => return Err(invalid("refresh_token", "is not text")),
    };
    let scope = match object.get("scope") {
        Some(Value::String(scope)) => Some(scope.clone()),
        _ => None,
    };
    Ok(AccessToken {
        access_token,
        token_type,
        expires_in,
        refresh_token,
        scope,
        issued_at: received_at,
    })
}

/// `expires_in` in seconds, as a number or numeric text ("3600").
fn lifetime(value: &Value) -> Result<TimeDelta> {
    let seconds = match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse::<i64>().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        invalid(
            "expires_in",
            &format!("is {value}, not a whole number of seconds"),
        )
    })?;
    if seconds < 0 {
        return Err(invalid(
            "expires_in",
            &format!("is negative ({seconds} seconds)"),
        ));
    }
    TimeDelta::try_seconds(seconds).ok_or_else(|| {
        invalid(
            "expires_in",
            &format!("is {seconds} seconds, far too long to be real"),
        )
    })
}

fn secret(mut text: String) -> SecretString {
    let secret = SecretString::from(text.trim());
    zeroize::Zeroize::zeroize(&mut text);
    secret
}

fn invalid(field: &str, problem: &str) -> Error {
    Error::InvalidField {
        input: TOKEN_INPUT.to_owned(),
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn s(text: &str) -> SecretString {
        SecretString::from(text)
    }

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + secs, 0).unwrap()
    }

    fn pairs(form: &FormRequest) -> Vec<(String, String)> {
        form_urlencoded::parse(form.body.expose_secret().as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn password_grant_matches_the_guide_example() {
        let form = TokenRequest::password(
            "samples_test_client",
            s("jr67gj0h76gr83nf8734nj59g4he895jh87nr"),
            "admin@ascertia.com",
            s("Password@12"),
        )
        .with_authentication_profile("adss:authentication:profile:001")
        .with_accept_language("en-US")
        .build()
        .unwrap();
        assert_eq!(form.path, "/adss/service/csp/authenticate");
        assert_eq!(form.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            form.body.expose_secret(),
            "grant_type=password&client_id=samples_test_client\
             &client_secret=jr67gj0h76gr83nf8734nj59g4he895jh87nr\
             &username=admin%40ascertia.com&password=Password%4012"
        );
        assert_eq!(
            form.headers,
            vec![
                ("Accept", "application/json".to_owned()),
                (
                    "authentication_profile_id",
                    "adss:authentication:profile:001".to_owned()
                ),
                ("Accept-Language", "en-US".to_owned()),
            ]
        );
    }

    #[test]
    fn client_credentials_grant_sends_no_user() {
        let form = TokenRequest::client_credentials("app", s("sec ret&=+"))
            .build()
            .unwrap();
        assert_eq!(
            pairs(&form),
            vec![
                ("grant_type".into(), "client_credentials".into()),
                ("client_id".into(), "app".into()),
                ("client_secret".into(), "sec ret&=+".into()),
            ]
        );
        assert_eq!(
            form.headers,
            vec![("Accept", "application/json".to_owned())]
        );
    }

    #[test]
    fn refresh_grant_sends_refresh_token_and_no_user() {
        let form = TokenRequest::refresh_token("app", s("secret"), s("tGzv3JOkF0XG5Qx2TIKWIA"))
            .build()
            .unwrap();
        assert_eq!(
            form.body.expose_secret(),
            "grant_type=refresh_token&client_id=app&client_secret=secret\
             &refresh_token=tGzv3JOkF0XG5Qx2TIKWIA"
        );
    }

    #[test]
    fn unicode_values_round_trip() {
        let form = TokenRequest::password("app", s("x"), "अधिकारी@up.gov.in", s("पासवर्ड €"))
            .build()
            .unwrap();
        let fields = pairs(&form);
        assert_eq!(fields[3].1, "अधिकारी@up.gov.in");
        assert_eq!(fields[4].1, "पासवर्ड €");
    }

    #[test]
    fn missing_fields_are_named() {
        let cases = [
            (
                TokenRequest::client_credentials(" ", s("x")),
                "the client ID (client_id)",
            ),
            (
                TokenRequest::client_credentials("a", s("")),
                "the client secret (client_secret)",
            ),
            (
                TokenRequest::password("a", s("x"), "", s("p")),
                "the user ID (username)",
            ),
            (
                TokenRequest::password("a", s("x"), "u", s("")),
                "the password",
            ),
            (
                TokenRequest::refresh_token("a", s("x"), s(" ")),
                "the saved session's refresh token (refresh_token)",
            ),
            (
                TokenRequest::client_credentials("a", s("x")).with_authentication_profile(""),
                "the authentication profile ID (authentication_profile_id)",
            ),
        ];
        for (request, expected) in cases {
            match request.build() {
                Err(Error::EmptyInput { input }) => assert_eq!(input, expected),
                other => panic!("{expected}: {other:?}"),
            }
        }
    }

    #[test]
    fn debug_never_shows_secrets() {
        let request = TokenRequest::password("app", s("CLIENTSECRET"), "u", s("USERPASSWORD"));
        let form = request.build().unwrap();
        let token = parse_token_response(
            br#"{"access_token":"ACCESSTOKEN","refresh_token":"REFRESHTOKEN","expires_in":1}"#,
            at(0),
        )
        .unwrap();
        let shown = format!(
            "{request:?} {form:?} {token:?} {:?}",
            token.authorization_header()
        );
        for secret in [
            "CLIENTSECRET",
            "USERPASSWORD",
            "ACCESSTOKEN",
            "REFRESHTOKEN",
        ] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }

    #[test]
    fn revoke_form_matches_the_guide() {
        let form = revoke_refresh_token_form(&s("jr67gj0h76gr83nf8734nj59g4he895jh87nr")).unwrap();
        assert_eq!(form.path, "/adss/service/csp/tokens");
        assert_eq!(
            form.body.expose_secret(),
            "refresh_token=jr67gj0h76gr83nf8734nj59g4he895jh87nr&token_type=refresh_token"
        );
        assert!(matches!(
            revoke_refresh_token_form(&s("")),
            Err(Error::EmptyInput { .. })
        ));
    }

    #[test]
    fn guide_example_response_parses() {
        let body = br#"{ "access_token":"2YotnFZFEjr1zCsicMWpAA", "token_type":"Bearer",
            "expires_in":3600, "refresh_token":"tGzv3JOkF0XG5Qx2TIKWIA" }"#;
        let token = read_token_response(200, body, at(0)).unwrap();
        assert_eq!(token.access_token.expose_secret(), "2YotnFZFEjr1zCsicMWpAA");
        assert_eq!(token.token_type, "Bearer");
        assert_eq!(token.expires_in, Some(TimeDelta::seconds(3600)));
        assert_eq!(
            token
                .refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            Some("tGzv3JOkF0XG5Qx2TIKWIA".to_owned())
        );
        assert_eq!(token.scope, None);
        assert_eq!(token.expires_at(), Some(at(3600)));
        assert_eq!(
            token.authorization_header().expose_secret(),
            "Bearer 2YotnFZFEjr1zCsicMWpAA"
        );
    }

    #[test]
    fn tolerant_fields() {
        let token = parse_token_response(
            br#"{"access_token":"a","token_type":"bearer","expires_in":"120","scope":"sign"}"#,
            at(0),
        )
        .unwrap();
        assert_eq!(token.expires_in, Some(TimeDelta::seconds(120)));
        assert_eq!(token.scope.as_deref(), Some("sign"));
        assert!(token.refresh_token.is_none());
        let token = parse_token_response(br#"{"access_token":"a"}"#, at(0)).unwrap();
        assert_eq!(token.token_type, "Bearer");
        assert_eq!(token.expires_at(), None);
        assert!(!token.should_refresh(at(1_000_000), DEFAULT_REFRESH_MARGIN));
    }

    #[test]
    fn refresh_timing() {
        let token =
            parse_token_response(br#"{"access_token":"a","expires_in":3600}"#, at(0)).unwrap();
        assert!(!token.should_refresh(at(3539), DEFAULT_REFRESH_MARGIN));
        assert!(token.should_refresh(at(3540), DEFAULT_REFRESH_MARGIN));
        assert!(!token.is_expired(at(3599)));
        assert!(token.is_expired(at(3600)));
        // A 30-second token with a 60-second margin refreshes at half-life, not at once.
        let short =
            parse_token_response(br#"{"access_token":"a","expires_in":30}"#, at(0)).unwrap();
        assert!(!short.should_refresh(at(14), DEFAULT_REFRESH_MARGIN));
        assert!(short.should_refresh(at(15), DEFAULT_REFRESH_MARGIN));
        // A negative margin is treated as none.
        assert!(!short.should_refresh(at(29), TimeDelta::seconds(-100)));
        assert!(short.should_refresh(at(30), TimeDelta::seconds(-100)));
    }

    #[test]
    fn bad_token_bodies() {
        let cases: [(&[u8], &str); 9] = [
            (b"", "empty_input"),
            (b"not json", "invalid_json"),
            (b"[]", "invalid_field"),
            (br#"{"token_type":"Bearer"}"#, "missing_field"),
            (br#"{"access_token":""}"#, "invalid_field"),
            (br#"{"access_token":5}"#, "invalid_field"),
            (
                br#"{"access_token":"a","token_type":"mac"}"#,
                "invalid_field",
            ),
            (br#"{"access_token":"a","expires_in":-5}"#, "invalid_field"),
            (
                br#"{"access_token":"a","expires_in":"soon"}"#,
                "invalid_field",
            ),
        ];
        for (body, code) in cases {
            let err = parse_token_response(body, at(0)).unwrap_err();
            assert_eq!(err.code(), code, "{}", String::from_utf8_lossy(body));
        }
        let huge = parse_token_response(
            br#"{"access_token":"a","expires_in":9223372036854775807}"#,
            at(0),
        );
        assert!(matches!(huge, Err(Error::InvalidField { .. })));
    }

    #[test]
    fn refusals_under_any_status() {
        let body = br#"{ "error": "60008", "error_description": "Detailed error message" }"#;
        for status in [200, 401] {
            match read_token_response(status, body, at(0)) {
                Err(Error::PeerRefused {
                    message, detail, ..
                }) => {
                    assert!(message.starts_with("The user ID or password is wrong."));
                    assert!(detail.contains("error 60008"), "{detail}");
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(
            read_token_response(503, b"", at(0)),
            Err(Error::PeerRefused { .. })
        ));
    }
}
