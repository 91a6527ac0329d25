//! OAuth 2.0 tokens (guide §3.1, §3.3): `authenticate` issues an access token that expires by
//! the sandbox clock and a refresh token that works once; every other call checks
//! `Authorization: Bearer`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use rand::distributions::Alphanumeric;
use rand::Rng;
use serde_json::json;

use super::error_answer::{CspError, CspResult};
use super::request_body::{bearer_token, form, form_value, respond};
use super::seed_data::{
    ACCESS_TOKEN_SECS, AUTH_PROFILE_ID, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN_SECS,
    USER_AUTH_RETRIES_LIMIT, USER_BLOCK_PERIOD_SECS,
};
use super::{CspState, TokenGrant, UserRecord};
use crate::inbox::lock;
use crate::shared::Shared;

pub async fn authenticate(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(authenticate_form(&shared, &headers, &body))
}

fn authenticate_form(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> CspResult {
    let now = shared.clock.now();
    let form = form(headers, body, "the authenticate request")?;
    let grant_type = form_value(&form, "grant_type").ok_or_else(|| {
        CspError::bad_request(
            60054,
            "grant_type is missing: send password, client_credentials or refresh_token",
        )
    })?;
    let client_id = form_value(&form, "client_id")
        .ok_or_else(|| CspError::bad_request(60010, "client_id is missing"))?;
    let client_secret = form_value(&form, "client_secret")
        .ok_or_else(|| CspError::bad_request(60007, "client_secret is missing"))?;
    check_client(client_id, client_secret)?;
    if let Some(profile) = headers
        .get("authentication_profile_id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        if profile != AUTH_PROFILE_ID {
            return Err(CspError::unauthorized(
                60053,
                format!(
                    "authentication profile \"{profile}\" is not allowed to client \"{client_id}\" (allowed: {AUTH_PROFILE_ID})"
                ),
            ));
        }
    }
    let mut state = lock(&shared.csp);
    match grant_type {
        "password" => {
            let username = form_value(&form, "username")
                .ok_or_else(|| CspError::bad_request(60011, "username is missing"))?;
            let password = form_value(&form, "password")
                .ok_or_else(|| CspError::bad_request(60012, "password is missing"))?;
            sign_in_user(&mut state, username, password, now)?;
            Ok(issue(&mut state, client_id, Some(username.to_owned()), now))
        }
        "client_credentials" => Ok(issue(&mut state, client_id, None, now)),
        "refresh_token" => {
            let presented = form_value(&form, "refresh_token")
                .ok_or_else(|| CspError::bad_request(60047, "refresh_token is missing"))?;
            // Removed whatever happens next: a refresh token works once.
            let grant = state.refresh_tokens.remove(presented).ok_or_else(|| {
                CspError::unauthorized(
                    60045,
                    "the refresh token is unknown, revoked or already used (each works once): authenticate with your password again",
                )
            })?;
            if now >= grant.expires_at {
                return Err(CspError::unauthorized(
                    60045,
                    format!("the refresh token expired at {}", grant.expires_at.to_rfc3339()),
                ));
            }
            if grant.client_id != client_id {
                return Err(CspError::unauthorized(
                    60045,
                    "the refresh token was issued to another client",
                ));
            }
            if let Some(user_id) = &grant.user_id {
                let user = state.user(user_id).ok_or_else(|| {
                    CspError::unauthorized(60006, format!("user \"{user_id}\" no longer exists"))
                })?;
                check_user_usable(user, now)?;
            }
            Ok(issue(&mut state, client_id, grant.user_id, now))
        }
        "active_directory" => Err(CspError::bad_request(
            60044,
            "the sandbox's authentication profile uses passwords: use grant_type password, client_credentials or refresh_token",
        )),
        other => Err(CspError::bad_request(
            60054,
            format!("grant_type \"{other}\" is not supported: use password, client_credentials or refresh_token"),
        )),
    }
}

fn check_client(client_id: &str, client_secret: &str) -> CspResult<()> {
    if client_id != CLIENT_ID {
        return Err(CspError::unauthorized(
            86011,
            format!("client \"{client_id}\" is not registered (GET /_sandbox/info lists the sandbox's client)"),
        ));
    }
    if client_secret != CLIENT_SECRET {
        return Err(CspError::unauthorized(
            86024,
            format!("the client secret for \"{client_id}\" is wrong"),
        ));
    }
    Ok(())
}

/// Checks the password; wrong passwords count towards the lock-out of §4.4.
fn sign_in_user(
    state: &mut CspState,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
) -> CspResult<()> {
    let user = state.user_mut(username).ok_or_else(|| {
        CspError::unauthorized(60008, format!("there is no registered user \"{username}\""))
    })?;
    lift_expired_block(user, now);
    check_user_usable(user, now)?;
    if user.password.as_deref() != Some(password) {
        user.failed_logins += 1;
        if user.failed_logins >= USER_AUTH_RETRIES_LIMIT {
            user.status = "BLOCKED".to_owned();
            user.blocked_until = Some(now + Duration::seconds(USER_BLOCK_PERIOD_SECS as i64));
            return Err(CspError::unauthorized(
                60008,
                format!(
                    "wrong password for \"{username}\"; that was attempt {USER_AUTH_RETRIES_LIMIT} of {USER_AUTH_RETRIES_LIMIT}, so the user is now blocked for {USER_BLOCK_PERIOD_SECS} seconds"
                ),
            ));
        }
        let left = USER_AUTH_RETRIES_LIMIT - user.failed_logins;
        return Err(CspError::unauthorized(
            60008,
            match user.password {
                None => format!("user \"{username}\" has no password yet: reset it first ({left} attempts left)"),
                Some(_) => format!("wrong password for \"{username}\" ({left} attempts left before the user is blocked)"),
            },
        ));
    }
    user.failed_logins = 0;
    Ok(())
}

/// A lock-out from wrong passwords ends after the block period.
pub(crate) fn lift_expired_block(user: &mut UserRecord, now: DateTime<Utc>) {
    if user.status == "BLOCKED" && user.blocked_until.is_some_and(|until| now >= until) {
        user.status = "ACTIVE".to_owned();
        user.blocked_until = None;
        user.failed_logins = 0;
    }
}

pub(crate) fn check_user_usable(user: &UserRecord, now: DateTime<Utc>) -> CspResult<()> {
    match user.status.as_str() {
        "ACTIVE" => Ok(()),
        "BLOCKED" => Err(CspError::unauthorized(
            60029,
            match user.blocked_until.filter(|until| *until > now) {
                Some(until) => format!(
                    "user \"{}\" is blocked after too many wrong passwords until {}",
                    user.user_id,
                    until.to_rfc3339()
                ),
                None => format!("user \"{}\" is blocked by the administrator", user.user_id),
            },
        )),
        _ => Err(CspError::unauthorized(
            60009,
            format!("user \"{}\" is {}", user.user_id, user.status),
        )),
    }
}

fn issue(
    state: &mut CspState,
    client_id: &str,
    user_id: Option<String>,
    now: DateTime<Utc>,
) -> Response {
    state.access_tokens.retain(|_, g| g.expires_at > now);
    state.refresh_tokens.retain(|_, g| g.expires_at > now);
    let access = random_token();
    let refresh = random_token();
    state.access_tokens.insert(
        access.clone(),
        TokenGrant {
            client_id: client_id.to_owned(),
            user_id: user_id.clone(),
            expires_at: now + Duration::seconds(ACCESS_TOKEN_SECS),
        },
    );
    state.refresh_tokens.insert(
        refresh.clone(),
        TokenGrant {
            client_id: client_id.to_owned(),
            user_id,
            expires_at: now + Duration::seconds(REFRESH_TOKEN_SECS),
        },
    );
    axum::Json(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_SECS,
        "refresh_token": refresh,
    }))
    .into_response()
}

fn random_token() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
}

/// Any valid access token (client or user).
pub(crate) fn authorize(
    state: &CspState,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> CspResult<TokenGrant> {
    let token = bearer_token(headers)?;
    let grant = state.access_tokens.get(&token).ok_or_else(|| {
        CspError::unauthorized(
            60045,
            "the access token is unknown or was revoked: authenticate again",
        )
    })?;
    if now >= grant.expires_at {
        return Err(CspError::unauthorized(
            60045,
            format!(
                "the access token expired at {} (tokens live {ACCESS_TOKEN_SECS} seconds): use the refresh token or authenticate again",
                grant.expires_at.to_rfc3339()
            ),
        ));
    }
    Ok(grant.clone())
}

/// A token from the password grant, for the calls that act as a user ("Exposed for: Virtual
/// CSP"); the user must still exist and be active. Answers the user ID.
pub(crate) fn authorize_user(
    state: &CspState,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> CspResult<String> {
    let grant = authorize(state, headers, now)?;
    let user_id = grant.user_id.ok_or_else(|| {
        CspError::unauthorized(
            60044,
            "this call acts as a signed-in user: get the access token with grant_type=password, not client_credentials",
        )
    })?;
    let user = state.user(&user_id).ok_or_else(|| {
        CspError::unauthorized(60006, format!("user \"{user_id}\" no longer exists"))
    })?;
    check_user_usable(user, now)?;
    Ok(user_id)
}

/// `POST /tokens` (§3.3): revokes a refresh token. Unknown tokens are accepted silently, as
/// RFC 7009 asks.
pub async fn revoke_tokens(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, now)?;
        let form = form(&headers, &body, "the revoke-tokens request")?;
        let token = form_value(&form, "refresh_token")
            .ok_or_else(|| CspError::bad_request(60047, "refresh_token is missing"))?;
        match form_value(&form, "token_type") {
            Some("refresh_token") => {}
            Some(other) => {
                return Err(CspError::malformed(format!(
                    "token_type \"{other}\" cannot be revoked: only refresh_token"
                )))
            }
            None => return Err(CspError::malformed("token_type is missing (refresh_token)")),
        }
        state.refresh_tokens.remove(token);
        Ok(StatusCode::OK.into_response())
    })())
}
