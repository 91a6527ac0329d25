//! The ADSS CSP client (Developers Guide 7.0.2): OAuth 2.0 sign-in with the password or the
//! client-credentials grant, renewed by the refresh-token grant before expiry and once after a
//! 401; the general, user, certificate and signing services. Every call answers an [`Attempt`]
//! whose exchanges have passwords, tokens and client secrets masked.
//!
//! A refusal with one of the guide's codes becomes [`Error::PeerFailed`] carrying the officer's
//! sentence for that code; [`refusal_of`] recovers the code, the HTTP status and the peer's own
//! text from the exchanges, and each failed exchange's outcome holds them too.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use kendra_wire::csp::certificate_messages::{
    self, CertificateList, UpdateUserCertificatesRequest, UserCertificate,
};
use kendra_wire::csp::error_codes;
use kendra_wire::csp::oauth_token::{self, AccessToken, Grant, TokenRequest};
use kendra_wire::csp::service_messages::{
    self, About, AdvanceSettings, AuthenticationProfiles, PasswordPolicy, PasswordPolicyRequest,
    ServiceStatus,
};
use kendra_wire::csp::signing_messages::{self, SignRequest, SignResponse, SignStatusRequest};
use kendra_wire::csp::user_messages::{
    self, RegisterUserRequest, UpdateUserRequest, User, UserCount, UserList,
};
use kendra_wire::csp::CspErrorBody;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::exchange::{Attempt, Exchange, ExchangeOutcome};
use crate::failure_class::FailureClass;
use crate::http_core::{HttpCore, HttpReply, HttpSettings, OutgoingCall};
use crate::peer::Peer;
use crate::secret_redaction::{Redactor, MASK};
use crate::session_token::{SessionToken, TokenSlot};

/// The guide's names for the calls, as exchanges record them.
pub mod endpoints {
    pub const AUTHENTICATE: &str = "authenticate";
    pub const REVOKE_TOKENS: &str = "revoke tokens";
    pub const STATUS: &str = "service status";
    pub const ABOUT: &str = "about";
    pub const AUTH_PROFILES: &str = "authentication profiles";
    pub const PASSWORD_POLICY: &str = "password policy";
    pub const ADVANCE_SETTINGS: &str = "advance settings";
    pub const REGISTER_USER: &str = "register user";
    pub const GET_USER: &str = "get user";
    pub const UPDATE_USER: &str = "update user";
    pub const DELETE_USER: &str = "delete user";
    pub const USER_COUNT: &str = "user count";
    pub const GET_USERS: &str = "get users";
    pub const CHANGE_PASSWORD: &str = "change password";
    pub const RESET_PASSWORD: &str = "reset password";
    pub const CONFIRM_RESET_PASSWORD: &str = "confirm reset password";
    pub const RESET_PASSWORD_NOAUTH: &str = "reset password without authentication";
    pub const LIST_CERTIFICATES: &str = "list user certificates";
    pub const GET_USER_CERTIFICATES: &str = "get user certificates";
    pub const ADD_USER_CERTIFICATES: &str = "add user certificates";
    pub const UPDATE_USER_CERTIFICATE: &str = "update user certificate";
    pub const REPLACE_USER_CERTIFICATES: &str = "update user certificates";
    pub const DELETE_USER_CERTIFICATE: &str = "delete user certificate";
    pub const SIGN_REQUEST: &str = "sign request";
    pub const SIGN_STATUS: &str = "sign status";
}

use endpoints as ep;

const CHANGE_PASSWORD_PATH: &str = "/adss/service/csp/v2/users/password/change";
const RESET_PASSWORD_PATH: &str = "/adss/service/csp/v2/users/password/reset";
const CONFIRM_RESET_PASSWORD_PATH: &str = "/adss/service/csp/v2/users/password/reset/confirm";
const RESET_PASSWORD_NOAUTH_PATH: &str = "/adss/service/csp/v2/users/password/reset/noauth";

/// JSON request fields that hold a secret and are masked in exchanges (the redactor's general
/// list does not know the CSP's names for them).
const SECRET_BODY_FIELDS: &[&str] = &[
    "cert_password",
    "user_password",
    "old_password",
    "new_password",
    "otp",
];

/// How a CSP profile signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CspLogin {
    /// A signing officer's user ID and password: needed to list one's certificates and sign.
    Password,
    /// The business application itself: enough for status, user and certificate administration.
    ClientCredentials,
}

impl CspLogin {
    pub fn as_str(self) -> &'static str {
        match self {
            CspLogin::Password => "password",
            CspLogin::ClientCredentials => "client_credentials",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CspSettings {
    /// Scheme, host and port; the guide's `/adss/service/csp/…` paths are appended.
    pub base_url: String,
    pub client_id: String,
    pub login: CspLogin,
    /// The signing officer's user ID (password grant).
    pub username: Option<String>,
    /// The CSP service profile sent as `profile_id` where the guide allows one.
    pub profile_id: Option<String>,
    /// Sent as the `authentication_profile_id` header on sign-in when set.
    pub authentication_profile_id: Option<String>,
    pub http: HttpSettings,
    /// Renew the access token this long before it expires (capped at half its lifetime).
    pub refresh_margin: Duration,
}

impl CspSettings {
    pub fn new(base_url: impl Into<String>, client_id: impl Into<String>, login: CspLogin) -> Self {
        Self {
            base_url: base_url.into(),
            client_id: client_id.into(),
            login,
            username: None,
            profile_id: None,
            authentication_profile_id: None,
            http: HttpSettings::default(),
            refresh_margin: Duration::from_secs(60),
        }
    }
}

/// The profile's secrets, from the keyring.
#[derive(Debug, Clone)]
pub struct CspSecrets {
    pub client_secret: SecretString,
    /// The officer's password (password grant only).
    pub password: Option<SecretString>,
}

/// What a sign-in gave: shown by `kendra csp login`, never a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CspSessionInfo {
    pub login: CspLogin,
    /// The signed-in officer (password grant).
    pub user_id: Option<String>,
    pub issued_at: DateTime<Utc>,
    /// `None` when the service gave no lifetime.
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether a refresh token came with it (renewal without the password).
    pub renewable: bool,
}

/// A refusal in the guide's terms, recovered from an exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CspRefusal {
    pub http_status: u16,
    /// The guide's code (`60008`) or an OAuth 2.0 error name (`invalid_grant`).
    pub code: String,
    /// The officer's sentence for the code.
    pub message: String,
    /// HTTP status, code, the guide's text and the peer's description.
    pub detail: String,
}

/// A page of Get Users, with the total the `x-total-records` header gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub users: Vec<User>,
    pub total: Option<u64>,
}

#[derive(Debug)]
pub struct CspClient {
    settings: CspSettings,
    client_secret: SecretString,
    password: Option<SecretString>,
    http: HttpCore,
    redactor: Redactor,
    clock: Arc<dyn Clock>,
    session: TokenSlot<AccessToken>,
}

/// One service call, ready to be sent (twice, when the first answer is a 401).
struct ServiceCall {
    endpoint: &'static str,
    method: reqwest::Method,
    path: String,
    body: Option<JsonBody>,
    /// Status needs no token.
    authorized: bool,
}

#[derive(Clone)]
struct JsonBody {
    bytes: Zeroizing<Vec<u8>>,
    recorded: String,
}

impl CspClient {
    pub fn new(settings: CspSettings, secrets: CspSecrets) -> Result<Self> {
        let http = HttpCore::new(settings.http.clone())?;
        http.check_url("CSP base URL", &settings.base_url)?;
        if settings.client_id.trim().is_empty() {
            return Err(Error::InvalidSetting {
                setting: "CSP client_id",
                problem: "it is empty".into(),
            });
        }
        if secrets.client_secret.expose_secret().trim().is_empty() {
            return Err(Error::InvalidSetting {
                setting: "CSP client secret",
                problem: "it is empty".into(),
            });
        }
        if settings.login == CspLogin::Password {
            if settings
                .username
                .as_deref()
                .is_none_or(|u| u.trim().is_empty())
            {
                return Err(Error::InvalidSetting {
                    setting: "CSP username",
                    problem: "the password sign-in needs the officer's user ID".into(),
                });
            }
            if secrets
                .password
                .as_ref()
                .is_none_or(|p| p.expose_secret().is_empty())
            {
                return Err(Error::InvalidSetting {
                    setting: "CSP password",
                    problem: "the password sign-in needs the officer's password".into(),
                });
            }
        }
        let redactor = Redactor::new();
        redactor.add(&secrets.client_secret);
        if let Some(password) = &secrets.password {
            redactor.add(password);
        }
        Ok(Self {
            settings,
            client_secret: secrets.client_secret,
            password: secrets.password,
            http,
            redactor,
            clock: Arc::new(SystemClock),
            session: TokenSlot::default(),
        })
    }

    /// Reads the time for token renewal from `clock` (tests move it).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn settings(&self) -> &CspSettings {
        &self.settings
    }

    /// Whether the link to the service is TLS (the sandbox is plain HTTP on loopback).
    pub fn link_is_encrypted(&self) -> bool {
        self.settings.base_url.starts_with("https://")
    }

    /// The current session, if signed in.
    pub async fn session(&self) -> Option<CspSessionInfo> {
        self.session.lock().await.as_ref().map(|t| self.info(t))
    }

    /// Signs in now with the profile's grant, replacing any session.
    pub async fn login(&self) -> Attempt<CspSessionInfo> {
        let mut exchanges = Vec::new();
        let mut session = self.session.lock().await;
        *session = None;
        let result = match self.primary_grant() {
            Ok(grant) => self.sign_in(grant, &mut exchanges).await,
            Err(e) => Err(e),
        };
        let result = result.map(|token| {
            let info = self.info(&token);
            *session = Some(token);
            info
        });
        Attempt { result, exchanges }
    }

    /// Revokes the session's refresh token (§3.3) and forgets the session.
    pub async fn logout(&self) -> Attempt<()> {
        let refresh = {
            let session = self.session.lock().await;
            session.as_ref().and_then(|t| t.refresh_token.clone())
        };
        let Some(refresh) = refresh else {
            *self.session.lock().await = None;
            return Attempt {
                result: Ok(()),
                exchanges: Vec::new(),
            };
        };
        let form = match oauth_token::revoke_refresh_token_form(&refresh) {
            Ok(form) => form,
            Err(e) => return Attempt::failed(local("the sign-out request", &e), Vec::new()),
        };
        let body = JsonBody {
            bytes: Zeroizing::new(form.body.expose_secret().as_bytes().to_vec()),
            recorded: form_text(&[("refresh_token", MASK), ("token_type", "refresh_token")]),
        };
        let call = ServiceCall {
            endpoint: ep::REVOKE_TOKENS,
            method: reqwest::Method::POST,
            path: form.path.to_owned(),
            body: Some(body),
            authorized: true,
        };
        let attempt = self.form_call(call, empty_answer).await;
        *self.session.lock().await = None;
        attempt
    }

    /// §4.1, no token: whether the service (and this client and profile) are known.
    pub async fn status(&self) -> Attempt<ServiceStatus> {
        let path = service_messages::status_path(
            Some(&self.settings.client_id),
            self.settings.profile_id.as_deref(),
        );
        self.call(get(ep::STATUS, path).unauthorized(), json_answer)
            .await
    }

    pub async fn about(&self) -> Attempt<About> {
        self.call(
            get(ep::ABOUT, service_messages::ABOUT_PATH.to_owned()),
            json_answer,
        )
        .await
    }

    /// The password policy of `profile_id`, else the profile's CSP service profile.
    pub async fn password_policy(&self, profile_id: Option<&str>) -> Attempt<PasswordPolicy> {
        let Some(profile_id) = profile_id
            .or(self.settings.profile_id.as_deref())
            .map(str::trim)
            .filter(|p| !p.is_empty())
        else {
            return Attempt::failed(
                Error::LocalValidation {
                    what: "the CSP service profile (profile_id)".into(),
                    problem: "the password policy belongs to a profile: set profile_id in the signing profile or give one".into(),
                },
                Vec::new(),
            );
        };
        let request = PasswordPolicyRequest {
            profile_id: profile_id.to_owned(),
        };
        self.json_call(
            ep::PASSWORD_POLICY,
            reqwest::Method::POST,
            service_messages::PASSWORD_POLICY_PATH.to_owned(),
            &request,
            json_answer,
        )
        .await
    }

    pub async fn advance_settings(&self) -> Attempt<AdvanceSettings> {
        self.call(
            get(
                ep::ADVANCE_SETTINGS,
                service_messages::ADVANCE_SETTINGS_PATH.to_owned(),
            ),
            json_answer,
        )
        .await
    }

    pub async fn authentication_profiles(&self) -> Attempt<AuthenticationProfiles> {
        self.call(
            get(
                ep::AUTH_PROFILES,
                service_messages::AUTH_PROFILES_PATH.to_owned(),
            ),
            json_answer,
        )
        .await
    }

    /// The signed-in officer's own certificates (password grant).
    pub async fn certificates(&self) -> Attempt<CertificateList> {
        self.call(
            get(
                ep::LIST_CERTIFICATES,
                certificate_messages::LIST_CERTIFICATES_PATH.to_owned(),
            ),
            json_answer,
        )
        .await
    }

    /// Any user's certificates (administration).
    pub async fn user_certificates(&self, user_id: &str) -> Attempt<CertificateList> {
        if let Err(e) = non_empty("the user ID", user_id) {
            return Attempt::failed(e, Vec::new());
        }
        self.call(
            get(
                ep::GET_USER_CERTIFICATES,
                certificate_messages::user_certificates_path(user_id),
            ),
            json_answer,
        )
        .await
    }

    pub async fn add_user_certificates(
        &self,
        user_id: &str,
        certificates: &CertificateList,
    ) -> Attempt<()> {
        if let Err(e) = non_empty("the user ID", user_id) {
            return Attempt::failed(e, Vec::new());
        }
        self.json_call(
            ep::ADD_USER_CERTIFICATES,
            reqwest::Method::POST,
            certificate_messages::user_certificates_path(user_id),
            certificates,
            empty_answer,
        )
        .await
    }

    /// Replaces the entry with the same alias.
    pub async fn update_user_certificate(
        &self,
        user_id: &str,
        certificate: &UserCertificate,
    ) -> Attempt<()> {
        if let Err(e) = non_empty("the user ID", user_id) {
            return Attempt::failed(e, Vec::new());
        }
        self.json_call(
            ep::UPDATE_USER_CERTIFICATE,
            reqwest::Method::PUT,
            certificate_messages::user_certificates_path(user_id),
            certificate,
            empty_answer,
        )
        .await
    }

    /// Makes the user's whole set of certificates this one.
    pub async fn replace_user_certificates(
        &self,
        request: &UpdateUserCertificatesRequest,
    ) -> Attempt<()> {
        self.json_call(
            ep::REPLACE_USER_CERTIFICATES,
            reqwest::Method::POST,
            certificate_messages::UPDATE_CERTIFICATES_PATH.to_owned(),
            request,
            empty_answer,
        )
        .await
    }

    pub async fn delete_user_certificate(&self, user_id: &str, cert_alias: &str) -> Attempt<()> {
        if let Err(e) = non_empty("the user ID", user_id)
            .and_then(|()| non_empty("the certificate alias", cert_alias))
        {
            return Attempt::failed(e, Vec::new());
        }
        self.call(
            ServiceCall {
                endpoint: ep::DELETE_USER_CERTIFICATE,
                method: reqwest::Method::DELETE,
                path: certificate_messages::user_certificate_path(user_id, cert_alias),
                body: None,
                authorized: true,
            },
            empty_answer,
        )
        .await
    }

    pub async fn register_user(&self, request: &RegisterUserRequest) -> Attempt<()> {
        let mut request = request.clone();
        if request.profile_id.is_none() {
            request.profile_id = self.settings.profile_id.clone();
        }
        if let Some(password) = &request.user_password {
            self.redactor.add(password);
        }
        let body = match request.to_body() {
            Ok(body) => body,
            Err(e) => return Attempt::failed(local("the new user", &e), Vec::new()),
        };
        let body = JsonBody::secret(body.expose_secret());
        self.call(
            ServiceCall {
                endpoint: ep::REGISTER_USER,
                method: reqwest::Method::POST,
                path: user_messages::REGISTER_USER_PATH.to_owned(),
                body: Some(body),
                authorized: true,
            },
            empty_answer,
        )
        .await
    }

    pub async fn user(&self, user_id: &str) -> Attempt<User> {
        match user_messages::user_path(user_id) {
            Ok(path) => self.call(get(ep::GET_USER, path), json_answer).await,
            Err(e) => Attempt::failed(local("the user ID", &e), Vec::new()),
        }
    }

    pub async fn update_user(&self, user_id: &str, change: &UpdateUserRequest) -> Attempt<()> {
        let path = match user_messages::user_path(user_id) {
            Ok(path) => path,
            Err(e) => return Attempt::failed(local("the user ID", &e), Vec::new()),
        };
        self.json_call(
            ep::UPDATE_USER,
            reqwest::Method::PUT,
            path,
            change,
            empty_answer,
        )
        .await
    }

    pub async fn delete_user(&self, user_id: &str) -> Attempt<()> {
        let path = match user_messages::user_path(user_id) {
            Ok(path) => path,
            Err(e) => return Attempt::failed(local("the user ID", &e), Vec::new()),
        };
        self.call(
            ServiceCall {
                endpoint: ep::DELETE_USER,
                method: reqwest::Method::DELETE,
                path,
                body: None,
                authorized: true,
            },
            empty_answer,
        )
        .await
    }

    pub async fn user_count(&self) -> Attempt<UserCount> {
        self.call(
            get(ep::USER_COUNT, user_messages::USER_COUNT_PATH.to_owned()),
            json_answer,
        )
        .await
    }

    /// A page of users from `start` (0-based), at most `size`.
    pub async fn users(&self, start: u64, size: u64) -> Attempt<UsersPage> {
        let path = match user_messages::users_page_path(start, size) {
            Ok(path) => path,
            Err(e) => return Attempt::failed(local("the page of users", &e), Vec::new()),
        };
        let attempt: Attempt<UserList> = self.call(get(ep::GET_USERS, path), json_answer).await;
        let total = attempt.exchanges.last().and_then(|exchange| {
            exchange
                .response_headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("x-total-records"))
                .and_then(|(_, value)| value.trim().parse().ok())
        });
        Attempt {
            result: attempt.result.map(|list| UsersPage {
                users: list.users,
                total,
            }),
            exchanges: attempt.exchanges,
        }
    }

    /// The signed-in officer changes their own password (password grant).
    pub async fn change_password(
        &self,
        old_password: &SecretString,
        new_password: &SecretString,
    ) -> Attempt<()> {
        self.redactor.add(old_password);
        self.redactor.add(new_password);
        #[derive(Serialize)]
        struct Change<'a> {
            old_password: &'a str,
            new_password: &'a str,
        }
        let body = Change {
            old_password: old_password.expose_secret(),
            new_password: new_password.expose_secret(),
        };
        self.json_call(
            ep::CHANGE_PASSWORD,
            reqwest::Method::POST,
            CHANGE_PASSWORD_PATH.to_owned(),
            &body,
            empty_answer,
        )
        .await
    }

    /// Starts a password reset: the service e-mails the user an OTP.
    pub async fn reset_password(&self, user_id: &str) -> Attempt<()> {
        if let Err(e) = non_empty("the user ID", user_id) {
            return Attempt::failed(e, Vec::new());
        }
        self.json_call(
            ep::RESET_PASSWORD,
            reqwest::Method::POST,
            RESET_PASSWORD_PATH.to_owned(),
            &serde_json::json!({ "user_id": user_id.trim() }),
            empty_answer,
        )
        .await
    }

    /// Finishes a password reset with the e-mailed OTP.
    pub async fn confirm_reset_password(
        &self,
        user_id: &str,
        new_password: &SecretString,
        otp: &SecretString,
    ) -> Attempt<()> {
        self.redactor.add(new_password);
        #[derive(Serialize)]
        struct Confirm<'a> {
            user_id: &'a str,
            new_password: &'a str,
            otp: &'a str,
        }
        let body = Confirm {
            user_id: user_id.trim(),
            new_password: new_password.expose_secret(),
            otp: otp.expose_secret().trim(),
        };
        self.json_call(
            ep::CONFIRM_RESET_PASSWORD,
            reqwest::Method::POST,
            CONFIRM_RESET_PASSWORD_PATH.to_owned(),
            &body,
            empty_answer,
        )
        .await
    }

    /// Sets a user's password without an OTP (business application).
    pub async fn reset_password_noauth(
        &self,
        user_id: &str,
        new_password: &SecretString,
    ) -> Attempt<()> {
        self.redactor.add(new_password);
        #[derive(Serialize)]
        struct Reset<'a> {
            user_id: &'a str,
            user_password: &'a str,
        }
        let body = Reset {
            user_id: user_id.trim(),
            user_password: new_password.expose_secret(),
        };
        self.json_call(
            ep::RESET_PASSWORD_NOAUTH,
            reqwest::Method::POST,
            RESET_PASSWORD_NOAUTH_PATH.to_owned(),
            &body,
            empty_answer,
        )
        .await
    }

    /// §7.1: asks for signatures over the request's hashes. `profile_id` defaults to the
    /// profile's; the answer is `SUCCESS` with signatures or `PENDING` with a request ID.
    pub async fn sign(&self, request: &SignRequest) -> Attempt<SignResponse> {
        let mut request = request.clone();
        if request.profile_id.is_none() {
            request.profile_id = self.settings.profile_id.clone();
        }
        if let Some(password) = &request.cert_password {
            self.redactor.add(password);
        }
        let body = match request.to_body() {
            Ok(body) => body,
            Err(e) => return Attempt::failed(local("the signing request", &e), Vec::new()),
        };
        let call = ServiceCall {
            endpoint: ep::SIGN_REQUEST,
            method: reqwest::Method::POST,
            path: signing_messages::SIGN_REQUEST_PATH.to_owned(),
            body: Some(JsonBody::secret(body.expose_secret())),
            authorized: true,
        };
        self.call(call, json_answer).await
    }

    /// §7.2: the status of a sign request.
    pub async fn sign_status(&self, request_id: &str) -> Attempt<SignResponse> {
        if let Err(e) = non_empty("the sign request ID", request_id) {
            return Attempt::failed(e, Vec::new());
        }
        let request = SignStatusRequest {
            profile_id: self.settings.profile_id.clone(),
            request_id: request_id.trim().to_owned(),
        };
        self.json_call(
            ep::SIGN_STATUS,
            reqwest::Method::POST,
            signing_messages::SIGN_STATUS_PATH.to_owned(),
            &request,
            json_answer,
        )
        .await
    }

    async fn json_call<B: Serialize, T>(
        &self,
        endpoint: &'static str,
        method: reqwest::Method,
        path: String,
        body: &B,
        read: fn(&'static str, &HttpReply) -> Result<T>,
    ) -> Attempt<T> {
        let body = match JsonBody::of(body) {
            Ok(body) => body,
            Err(problem) => {
                return Attempt::failed(
                    Error::LocalValidation {
                        what: format!("the {endpoint} request"),
                        problem,
                    },
                    Vec::new(),
                )
            }
        };
        self.call(
            ServiceCall {
                endpoint,
                method,
                path,
                body: Some(body),
                authorized: true,
            },
            read,
        )
        .await
    }

    /// A form-encoded service call (revoke tokens).
    async fn form_call<T>(
        &self,
        call: ServiceCall,
        read: fn(&'static str, &HttpReply) -> Result<T>,
    ) -> Attempt<T> {
        self.call_with(call, read, FORM_CONTENT_TYPE).await
    }

    async fn call<T>(
        &self,
        call: ServiceCall,
        read: fn(&'static str, &HttpReply) -> Result<T>,
    ) -> Attempt<T> {
        self.call_with(call, read, JSON_CONTENT_TYPE).await
    }

    /// Sends with a valid token; on a 401 that says the token is no good, renews it (refresh
    /// grant, else a new sign-in) and sends once more.
    async fn call_with<T>(
        &self,
        call: ServiceCall,
        read: fn(&'static str, &HttpReply) -> Result<T>,
        content_type: &'static str,
    ) -> Attempt<T> {
        if !call.authorized {
            let (exchange, result) = self.send(&call, None, read, content_type).await;
            return Attempt {
                result,
                exchanges: vec![exchange],
            };
        }
        let now = self.clock.now();
        let margin = margin(self.settings.refresh_margin);
        let call = &call;
        self.session
            .send(
                |token| !token.is_expired(now) && !token.should_refresh(now, margin),
                |mut session| {
                    Box::pin(async move {
                        let mut made = Vec::new();
                        let token = self.renew(&mut session, &mut made).await;
                        (session, made, token)
                    })
                },
                |token| {
                    Box::pin(async move { self.send(call, Some(&token), read, content_type).await })
                },
            )
            .await
    }

    async fn send<T>(
        &self,
        call: &ServiceCall,
        token: Option<&SecretString>,
        read: fn(&'static str, &HttpReply) -> Result<T>,
        content_type: &'static str,
    ) -> (Exchange, Result<T>) {
        let mut headers = vec![("accept", Zeroizing::new(JSON_CONTENT_TYPE.to_owned()))];
        if call.body.is_some() {
            headers.push(("content-type", Zeroizing::new(content_type.to_owned())));
        }
        if let Some(token) = token {
            headers.push((
                "authorization",
                Zeroizing::new(format!("Bearer {}", token.expose_secret())),
            ));
        }
        let (bytes, recorded) = match &call.body {
            Some(body) => (body.bytes.clone(), body.recorded.clone()),
            None => (Zeroizing::new(Vec::new()), String::new()),
        };
        let outgoing = OutgoingCall {
            peer: Peer::Csp,
            endpoint: call.endpoint.to_owned(),
            method: call.method.clone(),
            url: self.url(&call.path),
            headers,
            body: bytes,
            recorded_body: recorded,
            plaintext: None,
        };
        let (mut exchange, reply) = self.http.execute(outgoing, &self.redactor).await;
        exchange.link_encrypted = self.link_is_encrypted();
        let (result, refusal) = match reply {
            Err(e) => (Err(e), None),
            Ok(reply) => match refusal_in(&reply) {
                Some(refusal) => (Err(refusal_error(call.endpoint, &refusal)), Some(refusal)),
                None => (read(call.endpoint, &reply), None),
            },
        };
        let result = result.map_err(|e| e.scrubbed(|t| self.redactor.sweep(t)));
        conclude(&mut exchange, &result, refusal.as_ref(), &self.redactor);
        (exchange, result)
    }

    /// The refresh grant when there is a refresh token; a new sign-in when there is none or the
    /// service refuses it (each refresh token works once and expires).
    async fn renew(
        &self,
        session: &mut Option<AccessToken>,
        exchanges: &mut Vec<Exchange>,
    ) -> Result<SecretString> {
        let refresh = session.take().and_then(|token| token.refresh_token);
        if let Some(refresh_token) = refresh {
            match self
                .sign_in(Grant::RefreshToken { refresh_token }, exchanges)
                .await
            {
                Ok(token) => {
                    let access = token.access_token.clone();
                    *session = Some(token);
                    return Ok(access);
                }
                Err(e) if matches!(e.class(), FailureClass::Network | FailureClass::Timeout) => {
                    return Err(e)
                }
                Err(_) => {}
            }
        }
        let token = self.sign_in(self.primary_grant()?, exchanges).await?;
        let access = token.access_token.clone();
        *session = Some(token);
        Ok(access)
    }

    fn primary_grant(&self) -> Result<Grant> {
        match self.settings.login {
            CspLogin::ClientCredentials => Ok(Grant::ClientCredentials),
            CspLogin::Password => {
                let username = self
                    .settings
                    .username
                    .clone()
                    .filter(|u| !u.trim().is_empty());
                match (username, &self.password) {
                    (Some(username), Some(password)) => Ok(Grant::Password {
                        username,
                        password: password.clone(),
                    }),
                    _ => Err(Error::InvalidSetting {
                        setting: "CSP username and password",
                        problem: "the password sign-in needs both".into(),
                    }),
                }
            }
        }
    }

    async fn sign_in(&self, grant: Grant, exchanges: &mut Vec<Exchange>) -> Result<AccessToken> {
        let recorded = {
            let mut pairs = vec![
                ("grant_type", grant.grant_type()),
                ("client_id", self.settings.client_id.trim()),
                ("client_secret", MASK),
            ];
            match &grant {
                Grant::Password { username, .. } => {
                    pairs.push(("username", username.trim()));
                    pairs.push(("password", MASK));
                }
                Grant::ClientCredentials => {}
                Grant::RefreshToken { .. } => pairs.push(("refresh_token", MASK)),
            }
            form_text(&pairs)
        };
        let mut request = TokenRequest {
            client_id: self.settings.client_id.clone(),
            client_secret: self.client_secret.clone(),
            grant,
            authentication_profile_id: None,
            accept_language: None,
        };
        if let Some(profile) = &self.settings.authentication_profile_id {
            request = request.with_authentication_profile(profile.clone());
        }
        let form = request
            .build()
            .map_err(|e| local("the sign-in request", &e))?;
        let mut headers: Vec<(&'static str, Zeroizing<String>)> =
            vec![("content-type", Zeroizing::new(form.content_type.to_owned()))];
        for (name, value) in &form.headers {
            headers.push((name, Zeroizing::new(value.clone())));
        }
        let outgoing = OutgoingCall {
            peer: Peer::Csp,
            endpoint: ep::AUTHENTICATE.to_owned(),
            method: reqwest::Method::POST,
            url: self.url(form.path),
            headers,
            body: Zeroizing::new(form.body.expose_secret().as_bytes().to_vec()),
            recorded_body: recorded,
            plaintext: None,
        };
        let (mut exchange, reply) = self.http.execute(outgoing, &self.redactor).await;
        exchange.link_encrypted = self.link_is_encrypted();
        let received_at = self.clock.now();
        let (result, refusal) = match reply {
            Err(e) => (Err(e), None),
            Ok(reply) => match refusal_in(&reply) {
                // A refused sign-in is never "the token expired": the credentials are wrong.
                Some(refusal) => (
                    Err(Error::PeerFailed {
                        peer: Peer::Csp,
                        endpoint: ep::AUTHENTICATE.to_owned(),
                        error: refusal.message.clone(),
                    }),
                    Some(refusal),
                ),
                None => match oauth_token::parse_token_response(&reply.body, received_at) {
                    Ok(token) => {
                        self.redactor.add(&token.access_token);
                        if let Some(refresh) = &token.refresh_token {
                            self.redactor.add(refresh);
                        }
                        (Ok(token), None)
                    }
                    Err(e) => (Err(bad_answer(ep::AUTHENTICATE, &e)), None),
                },
            },
        };
        // The answer was recorded before its tokens were known: sweep it again.
        exchange.response_body = exchange.response_body.map(|b| self.redactor.sweep(&b));
        let result = result.map_err(|e| e.scrubbed(|t| self.redactor.sweep(t)));
        conclude(&mut exchange, &result, refusal.as_ref(), &self.redactor);
        exchanges.push(exchange);
        result
    }

    fn info(&self, token: &AccessToken) -> CspSessionInfo {
        CspSessionInfo {
            login: self.settings.login,
            user_id: match self.settings.login {
                CspLogin::Password => self.settings.username.clone(),
                CspLogin::ClientCredentials => None,
            },
            issued_at: token.issued_at,
            expires_at: token.expires_at(),
            renewable: token.refresh_token.is_some(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_url.trim_end_matches('/'))
    }
}

const JSON_CONTENT_TYPE: &str = "application/json";
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

fn get(endpoint: &'static str, path: String) -> ServiceCall {
    ServiceCall {
        endpoint,
        method: reqwest::Method::GET,
        path,
        body: None,
        authorized: true,
    }
}

impl ServiceCall {
    fn unauthorized(mut self) -> Self {
        self.authorized = false;
        self
    }
}

impl JsonBody {
    /// A JSON body; fields in [`SECRET_BODY_FIELDS`] are masked in the record. Sized before
    /// writing so the zeroed buffer never reallocates (which would leave a copy behind).
    fn of<B: Serialize>(body: &B) -> std::result::Result<Self, String> {
        let mut counter = ByteCounter(0);
        serde_json::to_writer(&mut counter, body).map_err(|e| e.to_string())?;
        let mut bytes = Zeroizing::new(Vec::with_capacity(counter.0));
        serde_json::to_writer(&mut *bytes, body).map_err(|e| e.to_string())?;
        let recorded = masked_json(&String::from_utf8_lossy(&bytes));
        Ok(Self { bytes, recorded })
    }

    fn secret(text: &str) -> Self {
        Self {
            bytes: Zeroizing::new(text.as_bytes().to_vec()),
            recorded: masked_json(text),
        }
    }
}

struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The JSON text with the CSP's secret fields masked (at any depth).
fn masked_json(text: &str) -> String {
    fn mask(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (name, field) in map.iter_mut() {
                    if SECRET_BODY_FIELDS
                        .iter()
                        .any(|s| s.eq_ignore_ascii_case(name))
                    {
                        if !field.is_null() {
                            *field = Value::String(MASK.to_owned());
                        }
                    } else {
                        mask(field);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(mask),
            _ => {}
        }
    }
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => {
            mask(&mut value);
            value.to_string()
        }
        Err(_) => MASK.to_owned(),
    }
}

/// `name=value&…` as a form encodes it, for the exchange record.
fn form_text(pairs: &[(&str, &str)]) -> String {
    fn encode(text: &str, out: &mut String) {
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    out.push(byte as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        encode(name, &mut out);
        out.push('=');
        if *value == MASK {
            out.push_str(MASK);
        } else {
            encode(value, &mut out);
        }
    }
    out
}

fn margin(margin: Duration) -> TimeDelta {
    TimeDelta::from_std(margin).unwrap_or(oauth_token::DEFAULT_REFRESH_MARGIN)
}

/// Whether `code` is one the CSP gives (the guide's numbers, or OAuth 2.0 error names), as
/// opposed to any text a proxy or fault put under `error`.
fn is_csp_code(code: &str) -> bool {
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()))
        || (!code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
}

/// The guide's refusal in an answer: a non-2xx status, or an `error` object under any status.
fn refusal_in(reply: &HttpReply) -> Option<CspRefusal> {
    let success = (200..300).contains(&reply.status);
    let object = serde_json::from_slice::<Value>(&reply.body).ok();
    let body = object
        .as_ref()
        .and_then(Value::as_object)
        .and_then(CspErrorBody::from_object)
        .filter(|body| is_csp_code(&body.code));
    match body {
        Some(body) => {
            let detail = match kendra_wire::csp::error_body::refusal_from_http(
                if success { 200 } else { reply.status },
                &reply.body,
            ) {
                kendra_wire::Error::PeerRefused { detail, .. } => detail,
                other => other.to_string(),
            };
            Some(CspRefusal {
                http_status: reply.status,
                code: body.code.clone(),
                message: body.plain_message(),
                detail: if success {
                    detail.replacen("HTTP 200 OK", &format!("HTTP {}", reply.status), 1)
                } else {
                    detail
                },
            })
        }
        None if success => None,
        // No guide code: a status-only refusal, classified by its HTTP status below.
        None => Some(CspRefusal {
            http_status: reply.status,
            code: String::new(),
            message: String::new(),
            detail: peer_text(&reply.body),
        }),
    }
}

/// The client error for a refusal. A 401 whose code says the token is no good (or that has no
/// code) is [`Error::TokenExpired`], which makes the caller renew the token once.
fn refusal_error(endpoint: &str, refusal: &CspRefusal) -> Error {
    let token_problem = matches!(refusal.code.as_str(), "60045" | "invalid_token" | "");
    if refusal.http_status == 401 && token_problem {
        return Error::TokenExpired {
            peer: Peer::Csp,
            endpoint: endpoint.to_owned(),
            peer_text: if refusal.code.is_empty() {
                refusal.detail.clone()
            } else {
                format!("{} ({})", refusal.message, refusal.detail)
            },
        };
    }
    if !refusal.code.is_empty() {
        return Error::PeerFailed {
            peer: Peer::Csp,
            endpoint: endpoint.to_owned(),
            error: refusal.message.clone(),
        };
    }
    match refusal.http_status {
        400..=499 => Error::HttpClient {
            peer: Peer::Csp,
            endpoint: endpoint.to_owned(),
            status: refusal.http_status,
            peer_text: refusal.detail.clone(),
        },
        500..=599 => Error::HttpServer {
            peer: Peer::Csp,
            endpoint: endpoint.to_owned(),
            status: refusal.http_status,
            peer_text: refusal.detail.clone(),
        },
        other => Error::BadResponse {
            peer: Peer::Csp,
            endpoint: endpoint.to_owned(),
            problem: format!("HTTP {other} where a success was expected"),
            detail: refusal.detail.clone(),
        },
    }
}

/// Records the outcome; a guide-coded refusal keeps the CSP code and the full detail.
fn conclude<T>(
    exchange: &mut Exchange,
    result: &Result<T>,
    refusal: Option<&CspRefusal>,
    redactor: &Redactor,
) {
    match (result, refusal) {
        (Err(error), Some(refusal)) if !refusal.code.is_empty() => {
            exchange.outcome = ExchangeOutcome::Failed {
                class: error.class(),
                code: refusal.code.clone(),
                message: refusal.message.clone(),
                detail: Some(redactor.sweep(&refusal.detail)),
            };
        }
        _ => exchange.conclude(result),
    }
}

/// The CSP refusal behind a failed attempt: the last exchange that was refused with one of the
/// guide's codes, read back from its recorded answer.
pub fn refusal_of(exchanges: &[Exchange]) -> Option<CspRefusal> {
    exchanges.iter().rev().find_map(|exchange| {
        if exchange.peer != Peer::Csp || exchange.succeeded() {
            return None;
        }
        let status = exchange.response_status?;
        let reply = HttpReply {
            status,
            body: exchange.response_body.clone()?.into_bytes(),
        };
        refusal_in(&reply).filter(|refusal| !refusal.code.is_empty())
    })
}

fn json_answer<T: DeserializeOwned>(endpoint: &'static str, reply: &HttpReply) -> Result<T> {
    if reply.body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::BadResponse {
            peer: Peer::Csp,
            endpoint: endpoint.to_owned(),
            problem: "the answer is empty".into(),
            detail: format!("HTTP {}", reply.status),
        });
    }
    serde_json::from_slice(&reply.body).map_err(|e| Error::BadResponse {
        peer: Peer::Csp,
        endpoint: endpoint.to_owned(),
        problem: format!("it is not the answer the guide describes ({e})"),
        detail: peer_text(&reply.body),
    })
}

/// Calls the guide answers with "200 OK" and no body (any body is ignored).
fn empty_answer(_endpoint: &'static str, _reply: &HttpReply) -> Result<()> {
    Ok(())
}

fn bad_answer(endpoint: &str, error: &kendra_wire::Error) -> Error {
    Error::BadResponse {
        peer: Peer::Csp,
        endpoint: endpoint.to_owned(),
        problem: error.to_string(),
        detail: error.detail().unwrap_or_default(),
    }
}

fn local(what: &str, error: &kendra_wire::Error) -> Error {
    Error::LocalValidation {
        what: what.to_owned(),
        problem: error.to_string(),
    }
}

fn non_empty(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::LocalValidation {
            what: what.to_owned(),
            problem: "it is empty".into(),
        });
    }
    Ok(())
}

/// The start of a body as text, for details.
fn peer_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let excerpt: String = text.trim().chars().take(300).collect();
    if excerpt.is_empty() {
        "(empty body)".to_owned()
    } else {
        excerpt
    }
}

/// The officer-facing sentence for a CSP code (re-exported for callers that only have a code).
pub fn plain_message(code: &str) -> String {
    error_codes::plain_message(code)
}

impl SessionToken for AccessToken {
    fn secret(&self) -> &SecretString {
        &self.access_token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_forms_mask_secrets_and_encode_the_rest() {
        assert_eq!(
            form_text(&[
                ("grant_type", "password"),
                ("username", "amit verma@up"),
                ("password", MASK)
            ]),
            "grant_type=password&username=amit+verma%40up&password=••••"
        );
    }

    #[test]
    fn secret_body_fields_are_masked() {
        let text = masked_json(
            r#"{"cert_alias":"a","cert_password":"Kendra@2024","docs":[{"otp":"123456"}]}"#,
        );
        assert!(
            !text.contains("Kendra@2024") && !text.contains("123456"),
            "{text}"
        );
        assert!(text.contains("\"cert_alias\":\"a\""));
        assert_eq!(masked_json("not json"), MASK);
    }

    #[test]
    fn refusals_are_classified() {
        let reply = |status, body: &str| HttpReply {
            status,
            body: body.as_bytes().to_vec(),
        };
        let wrong_password = refusal_in(&reply(
            401,
            r#"{"error":"60008","error_description":"wrong password"}"#,
        ))
        .unwrap();
        assert_eq!(wrong_password.code, "60008");
        assert!(wrong_password.detail.contains("HTTP 401"));
        assert!(matches!(
            refusal_error("sign request", &wrong_password),
            Error::PeerFailed { .. }
        ));
        let expired = refusal_in(&reply(401, r#"{"error":"60045"}"#)).unwrap();
        assert!(matches!(
            refusal_error("about", &expired),
            Error::TokenExpired { .. }
        ));
        let fault = refusal_in(&reply(
            500,
            r#"{"error":"sandbox fault: HTTP 500 injected"}"#,
        ))
        .unwrap();
        assert!(fault.code.is_empty());
        assert!(matches!(
            refusal_error("about", &fault),
            Error::HttpServer { status: 500, .. }
        ));
        let in_ok = refusal_in(&reply(200, r#"{"error":"60001"}"#)).unwrap();
        assert!(in_ok.detail.starts_with("HTTP 200"), "{}", in_ok.detail);
        assert!(refusal_in(&reply(200, r#"{"status":"PENDING"}"#)).is_none());
        assert!(refusal_in(&reply(201, "")).is_none());
    }
}
