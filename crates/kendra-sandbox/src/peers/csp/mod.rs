//! Simulated Ascertia ADSS CSP (Developers Guide 7.0.2) under `/adss/service/csp/…`: OAuth 2.0
//! `authenticate` (password, client_credentials, refresh_token), the general services, user and
//! certificate services, and hash signing with `PENDING` polling. Every user has a real RSA-2048
//! key and a certificate issued by the sandbox CA; signatures are PKCS#1 v1.5 over the submitted
//! SHA-256 hash. Errors are the guide's `{error, error_description}` with its codes.
//!
//! `POST /_sandbox/csp/signing-mode` decides how sign requests end (auto, approve after N
//! seconds, decline, time out), for everyone or one user.

mod access_token;
mod certificate_endpoints;
pub mod error_answer;
mod request_body;
pub mod seed_data;
mod service_endpoints;
mod signing_endpoints;
pub mod signing_keys;
mod user_endpoints;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use super::SeedContext;
use crate::shared::Shared;
use error_answer::CspError;
use signing_endpoints::{SignRecord, SigningMode};
use signing_keys::UserSubject;

pub const BASE: &str = "/adss/service/csp";
pub const AUTHENTICATE: &str = "/adss/service/csp/authenticate";
pub const REVOKE_TOKENS: &str = "/adss/service/csp/tokens";
pub const STATUS: &str = "/adss/service/csp";
pub const ABOUT: &str = "/adss/service/csp/v2/about";
pub const AUTH_PROFILES: &str = "/adss/service/csp/v2/profiles/auth";
pub const PASSWORD_POLICY: &str = "/adss/service/csp/v2/users/password/policy";
pub const ADVANCE_SETTINGS: &str = "/adss/service/csp/v2/advancesettings";
pub const REGISTER_USER: &str = "/adss/service/csp/v2/users/register";
pub const USER: &str = "/adss/service/csp/v2/users/{user_id}";
pub const USER_COUNT: &str = "/adss/service/csp/v2/users/count";
pub const USERS_PAGE: &str = "/adss/service/csp/v2/users/{start_pointer}/{fetch_size}";
pub const CHANGE_PASSWORD: &str = "/adss/service/csp/v2/users/password/change";
pub const RESET_PASSWORD_NOAUTH: &str = "/adss/service/csp/v2/users/password/reset/noauth";
pub const RESET_PASSWORD: &str = "/adss/service/csp/v2/users/password/reset";
pub const CONFIRM_RESET_PASSWORD: &str = "/adss/service/csp/v2/users/password/reset/confirm";
pub const LIST_CERTIFICATES: &str = "/adss/service/csp/v2/users/certs";
pub const USER_CERTIFICATES: &str = "/adss/service/csp/v2/users/certs/{user_id}";
pub const USER_CERTIFICATE: &str = "/adss/service/csp/v2/users/certs/{user_id}/{cert_alias}";
pub const UPDATE_CERTIFICATES: &str = "/adss/service/csp/v2/users/certs/update";
pub const SIGN_REQUEST: &str = "/adss/service/csp/v2/sign/request";
pub const SIGN_STATUS: &str = "/adss/service/csp/v2/sign/status";
/// Sandbox-only: how sign requests end.
pub const SIGNING_MODE: &str = "/_sandbox/csp/signing-mode";

/// What an access or refresh token stands for.
#[derive(Debug, Clone)]
pub(crate) struct TokenGrant {
    pub client_id: String,
    /// `None` for client_credentials tokens (the business application itself).
    pub user_id: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// Where a certificate entry's certificate comes from.
#[derive(Debug, Clone)]
pub(crate) enum CertSource {
    /// Issued by the sandbox CA for this user: made on demand, signable.
    SandboxIssued,
    /// Issued by the sandbox CA for this user over the same key, but for encryption only (no
    /// digitalSignature/nonRepudiation): clients must refuse to sign documents with it.
    SandboxIssuedEncryption,
    /// Sent by a client. Signable only when it is the sandbox's certificate for this user.
    Uploaded {
        certificate_b64: String,
        chain_b64: Option<String>,
        sandbox_key: bool,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct CertRecord {
    pub cert_alias: String,
    pub sam_user_id: Option<String>,
    pub auth_pass: bool,
    pub source: CertSource,
}

#[derive(Debug, Clone)]
pub(crate) struct UserRecord {
    pub user_id: String,
    pub user_name: Option<String>,
    pub email: String,
    /// `None` until set (register without a password, then reset).
    pub password: Option<String>,
    /// `ACTIVE`, `INACTIVE` or `BLOCKED`.
    pub status: String,
    pub profile_id: String,
    /// Fixed when the user is registered, like a real CA's certificate.
    pub subject: UserSubject,
    pub certificates: Vec<CertRecord>,
    pub failed_logins: u32,
    /// Set when wrong passwords blocked the user; the block lifts at this time.
    pub blocked_until: Option<DateTime<Utc>>,
    pub signing_mode: Option<SigningMode>,
}

/// A pending password reset (§5.9/5.10).
#[derive(Debug, Clone)]
pub(crate) struct ResetOtp {
    pub otp: String,
    pub expires_at: DateTime<Utc>,
    pub attempts_left: u32,
}

pub struct CspState {
    pub(crate) users: Vec<UserRecord>,
    pub(crate) access_tokens: HashMap<String, TokenGrant>,
    pub(crate) refresh_tokens: HashMap<String, TokenGrant>,
    pub(crate) reset_otps: HashMap<String, ResetOtp>,
    pub(crate) sign_requests: HashMap<String, SignRecord>,
    pub(crate) default_mode: SigningMode,
    /// OTPs come from a seeded generator: the same sequence after every reset.
    pub(crate) otp_rng: StdRng,
    pub(crate) sign_seq: u64,
    pub(crate) data_dir: Option<PathBuf>,
}

impl CspState {
    pub fn seeded(ctx: &SeedContext) -> crate::Result<Self> {
        let users = seed_data::USERS
            .iter()
            .map(|seed| UserRecord {
                user_id: seed.user_id.to_owned(),
                user_name: Some(seed.user_name.to_owned()),
                email: seed.email.to_owned(),
                password: Some(seed.password.to_owned()),
                status: seed.status.to_owned(),
                profile_id: seed_data::PROFILE_ID.to_owned(),
                subject: UserSubject {
                    common_name: seed.user_name.to_owned(),
                    unit: Some(seed.unit.to_owned()),
                    organisation: seed.organisation.to_owned(),
                    locality: Some(seed.district.to_owned()),
                    state: Some(seed.state.to_owned()),
                },
                certificates: std::iter::once(CertRecord {
                    cert_alias: signing_keys::certificate_alias(seed.user_id),
                    sam_user_id: Some(seed.email.to_owned()),
                    auth_pass: false,
                    source: CertSource::SandboxIssued,
                })
                .chain(
                    (seed.user_id == seed_data::ENCRYPTION_CERT_USER).then(|| CertRecord {
                        cert_alias: signing_keys::encryption_certificate_alias(seed.user_id),
                        sam_user_id: Some(seed.email.to_owned()),
                        auth_pass: false,
                        source: CertSource::SandboxIssuedEncryption,
                    }),
                )
                .collect(),
                failed_logins: 0,
                blocked_until: None,
                signing_mode: None,
            })
            .collect();
        Ok(Self {
            users,
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            reset_otps: HashMap::new(),
            sign_requests: HashMap::new(),
            default_mode: SigningMode::DEFAULT,
            otp_rng: StdRng::seed_from_u64(0x00AD_5500_0702),
            sign_seq: 0,
            data_dir: ctx.data_dir.map(std::path::Path::to_path_buf),
        })
    }

    pub(crate) fn user(&self, user_id: &str) -> Option<&UserRecord> {
        self.users.iter().find(|u| u.user_id == user_id)
    }

    pub(crate) fn user_mut(&mut self, user_id: &str) -> Option<&mut UserRecord> {
        self.users.iter_mut().find(|u| u.user_id == user_id)
    }
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(AUTHENTICATE, post(access_token::authenticate))
        .route(REVOKE_TOKENS, post(access_token::revoke_tokens))
        .route(STATUS, get(service_endpoints::status))
        .route(ABOUT, get(service_endpoints::about))
        .route(AUTH_PROFILES, get(service_endpoints::auth_profiles))
        .route(PASSWORD_POLICY, post(service_endpoints::password_policy))
        .route(ADVANCE_SETTINGS, get(service_endpoints::advance_settings))
        .route(REGISTER_USER, post(user_endpoints::register))
        .route(USER_COUNT, get(user_endpoints::count))
        .route(
            USER,
            get(user_endpoints::get_user)
                .put(user_endpoints::update_user)
                .delete(user_endpoints::delete_user),
        )
        .route(USERS_PAGE, get(user_endpoints::users_page))
        .route(CHANGE_PASSWORD, post(user_endpoints::change_password))
        .route(
            RESET_PASSWORD_NOAUTH,
            post(user_endpoints::reset_password_noauth),
        )
        .route(RESET_PASSWORD, post(user_endpoints::reset_password))
        .route(
            CONFIRM_RESET_PASSWORD,
            post(user_endpoints::confirm_reset_password),
        )
        .route(LIST_CERTIFICATES, get(certificate_endpoints::list_own))
        .route(
            USER_CERTIFICATES,
            get(certificate_endpoints::get_for_user)
                .post(certificate_endpoints::add)
                .put(certificate_endpoints::update_one),
        )
        .route(
            USER_CERTIFICATE,
            axum::routing::delete(certificate_endpoints::delete_one),
        )
        .route(
            UPDATE_CERTIFICATES,
            post(certificate_endpoints::replace_all),
        )
        .route(SIGN_REQUEST, post(signing_endpoints::sign_request))
        .route(SIGN_STATUS, post(signing_endpoints::sign_status))
        .route(
            SIGNING_MODE,
            get(signing_endpoints::get_signing_mode).post(signing_endpoints::set_signing_mode),
        )
}

pub fn info(shared: &Shared) -> Value {
    let (users, default_mode, data_dir) = {
        let state = crate::inbox::lock(&shared.csp);
        let users: Vec<Value> = state
            .users
            .iter()
            .map(|u| {
                let seed = seed_data::USERS.iter().find(|s| s.user_id == u.user_id);
                json!({
                    "user_id": u.user_id,
                    "user_name": u.user_name,
                    "email": u.email,
                    "password": seed.map(|s| s.password),
                    "status": u.status,
                    "profile_id": u.profile_id,
                    "cert_aliases": u.certificates.iter().map(|c| c.cert_alias.clone()).collect::<Vec<_>>(),
                    "signing_mode": u.signing_mode.map(SigningMode::to_json),
                })
            })
            .collect();
        (users, state.default_mode.to_json(), state.data_dir.clone())
    };
    let ca_certificate_pem = match signing_keys::authority(data_dir.as_deref()) {
        Ok(ca) => Value::String(ca.certificate_pem.clone()),
        Err(e) => Value::String(format!("(the sandbox CA could not be made: {e})")),
    };
    let main = seed_data::MAIN_USER;
    json!({
        "base_url": shared.base_url,
        "client_id": seed_data::CLIENT_ID,
        "client_secret": seed_data::CLIENT_SECRET,
        "username": main.user_id,
        "password": main.password,
        "profile_id": seed_data::PROFILE_ID,
        "authentication_profile_id": seed_data::AUTH_PROFILE_ID,
        "cert_alias": signing_keys::certificate_alias(main.user_id),
        "hash_algo": kendra_wire::csp::signing_messages::SHA256_OID,
        "ca_certificate_pem": ca_certificate_pem,
        "ca_subject": signing_keys::CA_SUBJECT,
        // A certificate without the signing key usage, for "not a signing certificate" tests.
        "encryption_only_certificate": {
            "user_id": seed_data::ENCRYPTION_CERT_USER,
            "cert_alias": signing_keys::encryption_certificate_alias(seed_data::ENCRYPTION_CERT_USER),
        },
        "users": users,
        "signing_mode": default_mode,
        "token_lifetime_secs": seed_data::ACCESS_TOKEN_SECS,
        "refresh_token_lifetime_secs": seed_data::REFRESH_TOKEN_SECS,
        "otp_expiry_secs": seed_data::OTP_EXPIRY_SECS,
        "otp_attempts": seed_data::OTP_ATTEMPTS,
        "paths": {
            "authenticate": AUTHENTICATE,
            "revoke_tokens": REVOKE_TOKENS,
            "status": STATUS,
            "about": ABOUT,
            "auth_profiles": AUTH_PROFILES,
            "password_policy": PASSWORD_POLICY,
            "advance_settings": ADVANCE_SETTINGS,
            "register_user": REGISTER_USER,
            "user": USER,
            "user_count": USER_COUNT,
            "users_page": USERS_PAGE,
            "change_password": CHANGE_PASSWORD,
            "reset_password_noauth": RESET_PASSWORD_NOAUTH,
            "reset_password": RESET_PASSWORD,
            "confirm_reset_password": CONFIRM_RESET_PASSWORD,
            "list_certificates": LIST_CERTIFICATES,
            "user_certificates": USER_CERTIFICATES,
            "user_certificate": USER_CERTIFICATE,
            "update_certificates": UPDATE_CERTIFICATES,
            "sign_request": SIGN_REQUEST,
            "sign_status": SIGN_STATUS,
            "signing_mode": SIGNING_MODE,
        },
    })
}

/// The `failed` fault: the guide's error body. The status service answers that the service is
/// stopped (60002, with its example's `error__escription`); `authenticate` that the client store
/// failed (86012); everything else an internal error (60001).
pub fn failed_answer(path: &str, _now: DateTime<Utc>) -> Response {
    let detail = "sandbox fault: FAILED injected";
    let error = if path == STATUS || path == "/adss/service/csp/" {
        CspError::internal(detail).with_code(60002).with_typo_key()
    } else if path == AUTHENTICATE {
        CspError::internal(detail).with_code(86012)
    } else {
        CspError::internal(detail)
    };
    error.into_response()
}
