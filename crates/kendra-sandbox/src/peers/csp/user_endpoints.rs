//! User services (guide §5): register, get, update, delete, count, list, change password, and
//! password reset with an OTP e-mailed through the sandbox inbox.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use kendra_wire::csp::service_messages::POLICY_SPECIAL_CHARACTERS;
use kendra_wire::csp::user_messages::{User, UserList, UserStatus};
use rand::Rng;

use super::access_token::{authorize, authorize_user, lift_expired_block};
use super::error_answer::{CspError, CspResult};
use super::request_body::{fields, json_object, respond, Fields};
use super::seed_data::{
    MAX_PASS_LENGTH, MIN_PASS_LENGTH, OTP_ATTEMPTS, OTP_EXPIRY_SECS, OTP_LENGTH, PROFILE_ID,
};
use super::signing_keys::{certificate_alias, UserSubject};
use super::{CertRecord, CertSource, ResetOtp, UserRecord};
use crate::inbox::{lock, Channel, NewMessage};
use crate::shared::Shared;

/// The guide's `User` as Get User / Get Users answer it.
fn user_view(user: &UserRecord) -> User {
    User {
        user_id: user.user_id.clone(),
        user_name: user.user_name.clone(),
        email: Some(user.email.clone()),
        status: Some(match user.status.as_str() {
            "ACTIVE" => UserStatus::Active,
            "INACTIVE" => UserStatus::Inactive,
            "BLOCKED" => UserStatus::Blocked,
            other => UserStatus::Other(other.to_owned()),
        }),
        profile_id: Some(user.profile_id.clone()),
    }
}

fn not_registered(user_id: &str) -> CspError {
    CspError::not_found(60006, format!("there is no registered user \"{user_id}\""))
}

/// The policy of §4.3 as `password/policy` announces it.
pub(crate) fn check_password_policy(password: &str, field: &str) -> CspResult<()> {
    let length = password.chars().count();
    if length < MIN_PASS_LENGTH {
        return Err(CspError::bad_request(
            60032,
            format!("{field} has {length} characters; at least {MIN_PASS_LENGTH} are needed"),
        ));
    }
    if length > MAX_PASS_LENGTH {
        return Err(CspError::malformed(format!(
            "{field} has {length} characters; at most {MAX_PASS_LENGTH} are allowed"
        )));
    }
    if !(password.chars().any(char::is_uppercase) && password.chars().any(char::is_lowercase)) {
        return Err(CspError::bad_request(
            60034,
            format!("{field} needs both capital and small letters"),
        ));
    }
    if !(password.chars().any(|c| c.is_ascii_digit())
        && password
            .chars()
            .any(|c| POLICY_SPECIAL_CHARACTERS.contains(c)))
    {
        return Err(CspError::bad_request(
            60033,
            format!("{field} needs at least one digit and one special character such as @ or #"),
        ));
    }
    Ok(())
}

fn check_user_id(user_id: &str) -> CspResult<()> {
    if user_id.chars().count() > 255
        || user_id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/' || c == '\\')
    {
        return Err(CspError::bad_request(
            60039,
            format!("user_id \"{user_id}\" may not hold spaces, slashes or control characters, and at most 255 characters"),
        ));
    }
    Ok(())
}

fn check_email(email: &str) -> CspResult<()> {
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(())
    } else {
        Err(CspError::bad_request(
            60013,
            format!("email \"{email}\" is not an e-mail address"),
        ))
    }
}

pub async fn register(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| -> CspResult {
        let now = shared.clock.now();
        authorize(&lock(&shared.csp), &headers, now)?;
        let what = "the register-user request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        let user_id = request.required(fields::USER_ID, 60011)?;
        check_user_id(&user_id)?;
        let user_name = request.text(fields::USER_NAME)?;
        let password = match request.raw(fields::USER_PASSWORD) {
            None => None,
            Some(_) => Some(request.password(fields::USER_PASSWORD, 60012)?),
        };
        let email = request.required(fields::EMAIL, 60018)?;
        check_email(&email)?;
        let profile_id = request
            .text(fields::PROFILE_ID)?
            .unwrap_or_else(|| PROFILE_ID.to_owned());
        if profile_id != PROFILE_ID {
            return Err(CspError::not_found(
                60019,
                format!("CSP profile \"{profile_id}\" does not exist (the sandbox's is \"{PROFILE_ID}\")"),
            ));
        }
        if let Some(password) = &password {
            check_password_policy(password, "user_password")?;
        }
        let mut state = lock(&shared.csp);
        if state.user(&user_id).is_some() {
            return Err(CspError::bad_request(
                60028,
                format!("user \"{user_id}\" is already registered"),
            ));
        }
        let user = UserRecord {
            subject: UserSubject {
                common_name: user_name.clone().unwrap_or_else(|| user_id.clone()),
                unit: None,
                organisation: "Kendra Sandbox".to_owned(),
                locality: None,
                state: None,
            },
            certificates: vec![CertRecord {
                cert_alias: certificate_alias(&user_id),
                sam_user_id: Some(email.clone()),
                auth_pass: false,
                source: CertSource::SandboxIssued,
            }],
            user_id,
            user_name,
            email,
            password,
            status: "ACTIVE".to_owned(),
            profile_id,
            failed_logins: 0,
            blocked_until: None,
            signing_mode: None,
        };
        state.users.push(user);
        Ok(StatusCode::CREATED.into_response())
    })())
}

pub async fn get_user(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, now)?;
        let user = state
            .user_mut(&user_id)
            .ok_or_else(|| not_registered(&user_id))?;
        lift_expired_block(user, now);
        Ok(axum::Json(user_view(user)).into_response())
    })())
}

pub async fn update_user(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    body: Bytes,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, now)?;
        let what = "the update-user request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        let user_name = request.text(fields::USER_NAME)?;
        let status = request
            .text(fields::STATUS)?
            .map(|s| s.to_ascii_uppercase());
        if let Some(status) = &status {
            if !matches!(status.as_str(), "ACTIVE" | "INACTIVE" | "BLOCKED") {
                return Err(CspError::bad_request(
                    60031,
                    format!("status \"{status}\" is not ACTIVE, INACTIVE or BLOCKED"),
                ));
            }
        }
        if user_name.is_none() && status.is_none() {
            return Err(CspError::malformed(
                "the update-user request changes nothing: send user_name and/or status",
            ));
        }
        let user = state
            .user_mut(&user_id)
            .ok_or_else(|| not_registered(&user_id))?;
        if let Some(name) = user_name {
            user.user_name = Some(name);
        }
        if let Some(status) = status {
            // An administrator's decision replaces any automatic lock-out.
            user.blocked_until = None;
            user.failed_logins = 0;
            user.status = status;
        }
        Ok(StatusCode::OK.into_response())
    })())
}

pub async fn delete_user(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, now)?;
        let before = state.users.len();
        state.users.retain(|u| u.user_id != user_id);
        if state.users.len() == before {
            return Err(not_registered(&user_id));
        }
        // The user's sessions end with the account.
        let mine = |g: &super::TokenGrant| g.user_id.as_deref() == Some(user_id.as_str());
        state.access_tokens.retain(|_, g| !mine(g));
        state.refresh_tokens.retain(|_, g| !mine(g));
        state.reset_otps.remove(&user_id);
        Ok(StatusCode::OK.into_response())
    })())
}

/// The example prints the count as text (`"99"`).
pub async fn count(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    respond((|| {
        let state = lock(&shared.csp);
        authorize(&state, &headers, shared.clock.now())?;
        Ok(
            axum::Json(serde_json::json!({ "user_count": state.users.len().to_string() }))
                .into_response(),
        )
    })())
}

pub async fn users_page(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((start_pointer, fetch_size)): Path<(String, String)>,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, now)?;
        let start: i64 = start_pointer.trim().parse().map_err(|_| {
            CspError::malformed(format!(
                "start_pointer \"{start_pointer}\" is not a whole number"
            ))
        })?;
        if start < 0 {
            return Err(CspError::bad_request(
                60036,
                format!("start_pointer is {start}"),
            ));
        }
        let fetch: i64 = fetch_size.trim().parse().map_err(|_| {
            CspError::malformed(format!("fetch_size \"{fetch_size}\" is not a whole number"))
        })?;
        if fetch <= 0 {
            return Err(CspError::bad_request(
                60035,
                format!("fetch_size is {fetch}"),
            ));
        }
        for user in state.users.iter_mut() {
            lift_expired_block(user, now);
        }
        let total = state.users.len();
        let users = state
            .users
            .iter()
            .skip(usize::try_from(start).unwrap_or(usize::MAX))
            .take(usize::try_from(fetch).unwrap_or(usize::MAX))
            .map(user_view)
            .collect();
        let mut response = axum::Json(UserList { users }).into_response();
        response
            .headers_mut()
            .insert("x-total-records", HeaderValue::from(total));
        Ok(response)
    })())
}

pub async fn change_password(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        let user_id = authorize_user(&state, &headers, now)?;
        let what = "the change-password request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        let old = request.password(fields::OLD_PASSWORD, 60012)?;
        let new = request.password(fields::NEW_PASSWORD, 60014)?;
        let user = state
            .user_mut(&user_id)
            .ok_or_else(|| not_registered(&user_id))?;
        if user.password.as_deref() != Some(old.as_str()) {
            return Err(CspError::unauthorized(
                60008,
                format!("old_password is not the current password of \"{user_id}\""),
            ));
        }
        check_password_policy(&new, "new_password")?;
        user.password = Some(new);
        Ok(StatusCode::OK.into_response())
    })())
}

pub async fn reset_password_noauth(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, now)?;
        let what = "the reset-password (no auth) request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        let user_id = request.required(fields::USER_ID, 60011)?;
        let password = request.password(fields::USER_PASSWORD, 60012)?;
        check_password_policy(&password, "user_password")?;
        let user = state
            .user_mut(&user_id)
            .ok_or_else(|| not_registered(&user_id))?;
        user.password = Some(password);
        user.failed_logins = 0;
        Ok(StatusCode::OK.into_response())
    })())
}

/// Step 1 of §5.9: an OTP goes to the user's e-mail address (the sandbox inbox).
pub async fn reset_password(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let message = {
            let mut state = lock(&shared.csp);
            authorize(&state, &headers, now)?;
            let what = "the reset-password request";
            let value = json_object(&headers, &body, what)?;
            let mut request = Fields::new(what, &value)?;
            let user_id = request.required(fields::USER_ID, 60011)?;
            let (email, name) = {
                let user = state
                    .user(&user_id)
                    .ok_or_else(|| not_registered(&user_id))?;
                (
                    user.email.clone(),
                    user.user_name.clone().unwrap_or_else(|| user_id.clone()),
                )
            };
            let otp: String = (0..OTP_LENGTH)
                .map(|_| char::from(b'0' + state.otp_rng.gen_range(0..10u8)))
                .collect();
            state.reset_otps.insert(
                user_id.clone(),
                ResetOtp {
                    otp: otp.clone(),
                    expires_at: now + Duration::seconds(OTP_EXPIRY_SECS as i64),
                    attempts_left: OTP_ATTEMPTS,
                },
            );
            NewMessage {
                peer: "csp",
                channel: Channel::Email,
                to: email,
                subject: "ADSS CSP: your password reset code".to_owned(),
                body: format!(
                    "Dear {name},\n\nUse the one-time password {otp} to reset the signing password of user \"{user_id}\". It expires in {} minutes. If you did not ask for this, tell your signing-service administrator.\n\nADSS CSP Service",
                    OTP_EXPIRY_SECS / 60
                ),
                otp: Some(otp),
            }
        };
        shared.inbox.deliver(message, now);
        Ok(StatusCode::OK.into_response())
    })())
}

/// Step 2 of §5.9/5.10: the OTP (5 minutes, 3 tries) and the new password.
pub async fn confirm_reset_password(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, now)?;
        let what = "the confirm-reset-password request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        let user_id = request.required(fields::USER_ID, 60011)?;
        let new = request.password(fields::NEW_PASSWORD, 60014)?;
        let otp = request.required(fields::OTP, 60026)?;
        if state.user(&user_id).is_none() {
            return Err(not_registered(&user_id));
        }
        check_password_policy(&new, "new_password")?;
        let pending = state.reset_otps.get_mut(&user_id).ok_or_else(|| {
            CspError::bad_request(
                60016,
                format!(
                    "no password reset is pending for \"{user_id}\": call {} first",
                    super::RESET_PASSWORD
                ),
            )
        })?;
        if now >= pending.expires_at {
            state.reset_otps.remove(&user_id);
            return Err(CspError::bad_request(
                60016,
                format!(
                    "the OTP expired ({} minutes): ask for a new one",
                    OTP_EXPIRY_SECS / 60
                ),
            ));
        }
        if pending.otp != otp {
            pending.attempts_left = pending.attempts_left.saturating_sub(1);
            let left = pending.attempts_left;
            if left == 0 {
                state.reset_otps.remove(&user_id);
                return Err(CspError::bad_request(
                    60016,
                    "the OTP is wrong and that was the last attempt: ask for a new one",
                ));
            }
            return Err(CspError::bad_request(
                60016,
                format!("the OTP is wrong ({left} attempts left)"),
            ));
        }
        state.reset_otps.remove(&user_id);
        let user = state
            .user_mut(&user_id)
            .ok_or_else(|| not_registered(&user_id))?;
        user.password = Some(new);
        user.failed_logins = 0;
        // A reset lifts a lock-out from wrong passwords (not an administrator's block).
        if user.blocked_until.take().is_some() {
            user.status = "ACTIVE".to_owned();
        }
        Ok(StatusCode::OK.into_response())
    })())
}
