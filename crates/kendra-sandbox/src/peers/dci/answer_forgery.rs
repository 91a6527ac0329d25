//! A test switch: the registry's next signed answers (sync answers and callbacks) go out with a
//! signature that must not verify, so clients can prove they reject them.
//! `POST /_sandbox/dci/answer-signature {"mode": "wrong_key"|"tampered"|"unsigned"|"valid",
//! "times": N?}`; `GET` shows the current mode. `/_sandbox/reset` turns it off.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use kendra_wire::dci::{DciSigner, DciSigningKey, KeyId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{seed_key, REGISTRY_ID, REGISTRY_KEY_ID, SIGNATURE_LIFETIME_SECS};
use crate::inbox::lock;
use crate::shared::Shared;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Forgery {
    /// Signed under the registry's key id, with another key.
    WrongKey,
    /// Signed correctly, then the message changed.
    Tampered,
    /// No `signature` member at all.
    Unsigned,
}

/// The switch as set: which forgery, for how many more answers (`None`: all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ForgerySwitch {
    pub mode: Forgery,
    pub remaining: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct SwitchRequest {
    mode: String,
    #[serde(default)]
    times: Option<u32>,
}

/// `POST /_sandbox/dci/answer-signature`.
pub async fn set_switch(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let bad = |m: String| (StatusCode::BAD_REQUEST, Json(json!({ "error": m }))).into_response();
    let request: SwitchRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return bad(format!(
                "the body must be {{\"mode\": \"wrong_key\"|\"tampered\"|\"unsigned\"|\"valid\", \"times\"?: N}}: {e}"
            ))
        }
    };
    let mode = match request.mode.as_str() {
        "valid" => None,
        "wrong_key" => Some(Forgery::WrongKey),
        "tampered" => Some(Forgery::Tampered),
        "unsigned" => Some(Forgery::Unsigned),
        other => {
            return bad(format!(
                "mode \"{other}\" is not one of wrong_key, tampered, unsigned, valid"
            ))
        }
    };
    if request.times == Some(0) {
        return bad("times must be at least 1 (leave it out for every answer)".into());
    }
    let switch = mode.map(|mode| ForgerySwitch {
        mode,
        remaining: request.times,
    });
    lock(&shared.dci).forgery = switch;
    Json(json!({ "answer_signature": describe(switch) })).into_response()
}

/// `GET /_sandbox/dci/answer-signature`.
pub async fn get_switch(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let switch = lock(&shared.dci).forgery;
    Json(json!({ "answer_signature": describe(switch) }))
}

fn describe(switch: Option<ForgerySwitch>) -> Value {
    match switch {
        None => json!({ "mode": "valid" }),
        Some(s) => json!({ "mode": s.mode, "remaining": s.remaining }),
    }
}

/// The forgery to apply to the answer about to go out, counting it down.
fn take(shared: &Shared) -> Option<Forgery> {
    let mut state = lock(&shared.dci);
    let switch = state.forgery?;
    state.forgery = match switch.remaining {
        Some(1) => None,
        Some(n) => Some(ForgerySwitch {
            remaining: Some(n - 1),
            ..switch
        }),
        None => Some(switch),
    };
    Some(switch.mode)
}

/// `body` (a signed envelope) as the switch says it should go out.
pub fn apply(shared: &Shared, mut body: Value, now: DateTime<Utc>) -> Value {
    let Some(forgery) = take(shared) else {
        return body;
    };
    match forgery {
        Forgery::Unsigned => {
            if let Value::Object(members) = &mut body {
                members.remove("signature");
            }
        }
        Forgery::Tampered => {
            if let Some(Value::Object(message)) = body.get_mut("message") {
                message.insert("tampered_by_sandbox".into(), json!(true));
            }
        }
        Forgery::WrongKey => {
            let impostor: DciSigningKey = seed_key("impostor of registry social");
            if let Ok(key_id) = KeyId::new(REGISTRY_ID, REGISTRY_KEY_ID) {
                let created = now.timestamp();
                let signer = DciSigner::new(impostor, key_id);
                let _ = signer.sign_envelope(&mut body, created, created + SIGNATURE_LIFETIME_SECS);
            }
        }
    }
    body
}
