//! What the registry sends: signed callback envelopes (`on-search`, `notify`, `txn-on-status`,
//! …), acknowledgements, the yaml's `HttpErrorResponse`, and the `failed` fault's answer.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, SecondsFormat, Utc};
use kendra_wire::dci::{DciErrorCode, HttpErrorItem, HttpErrorResponse};
use serde_json::{json, Value};

use super::{registry_signer, REGISTRY_ID, SIGNATURE_LIFETIME_SECS};
use crate::stats::Outcome;

pub fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A random message id in UUID v4 form.
pub fn message_id() -> String {
    let b: [u8; 16] = rand::random();
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][usize::from(b[8] & 3)],
        &hex[17..20],
        &hex[20..32]
    )
}

/// The yaml's `MsgCallbackHeader` (on-search, notify, txn-on-status).
pub fn callback_header(
    action: &str,
    status: &str,
    reason: Option<(&str, &str)>,
    total: usize,
    receiver_id: &str,
    now: DateTime<Utc>,
) -> Value {
    let mut header = json!({
        "version": "1.0.0",
        "message_id": message_id(),
        "message_ts": timestamp(now),
        "action": action,
        "status": status,
        "total_count": total,
        "completed_count": total,
        "sender_id": REGISTRY_ID,
        "receiver_id": receiver_id,
        "is_msg_encrypted": false,
    });
    if let Some((code, message)) = reason {
        header["status_reason_code"] = json!(code);
        header["status_reason_message"] = json!(message.chars().take(999).collect::<String>());
    }
    header
}

/// The yaml's `MsgHeader` (on-subscribe and on-unsubscribe use the request header shape).
pub fn request_header(action: &str, total: usize, receiver_id: &str, now: DateTime<Utc>) -> Value {
    json!({
        "version": "1.0.0",
        "message_id": message_id(),
        "message_ts": timestamp(now),
        "action": action,
        "sender_id": REGISTRY_ID,
        "receiver_id": receiver_id,
        "total_count": total,
        "is_msg_encrypted": false,
    })
}

/// `{signature, header, message}`, signed with the registry's key.
pub fn signed(header: Value, message: Option<Value>, now: DateTime<Utc>) -> Value {
    let mut body = json!({ "header": header });
    if let Some(message) = message {
        body["message"] = message;
    }
    let created = now.timestamp();
    // The registry key is a fixed, valid key: signing cannot fail; if it ever did, the body
    // goes out unsigned and the receiver says err.signature.missing.
    if let Ok(signer) = registry_signer() {
        let _ = signer.sign_envelope(&mut body, created, created + SIGNATURE_LIFETIME_SECS);
    }
    // `signature` first, as the yaml prints it.
    let mut ordered = serde_json::Map::new();
    if let Some(s) = body.get("signature") {
        ordered.insert("signature".into(), s.clone());
    }
    if let Value::Object(members) = body {
        for (k, v) in members {
            if k != "signature" {
                ordered.insert(k, v);
            }
        }
    }
    Value::Object(ordered)
}

/// A signed answer; `failed` marks an HTTP-200 rejection for the stats.
pub fn json_answer(body: Value, failed: bool) -> Response {
    let mut response = (StatusCode::OK, Json(body)).into_response();
    if failed {
        response.extensions_mut().insert(Outcome("failed"));
    }
    response
}

/// The yaml's `Response`: `{"message": {"ack_status", "timestamp", "correlation_id", "error"?}}`.
pub fn ack(
    status: &str,
    correlation_id: &str,
    error: Option<(DciErrorCode, String)>,
    now: DateTime<Utc>,
) -> Value {
    let mut message = json!({
        "ack_status": status,
        "timestamp": timestamp(now),
        "correlation_id": correlation_id,
    });
    if let Some((code, text)) = error {
        message["error"] = json!({
            "code": code.as_str(),
            "message": text.chars().take(999).collect::<String>(),
        });
    }
    json!({ "message": message })
}

/// An `ERR` acknowledgement with the code's HTTP status.
pub fn ack_error(code: DciErrorCode, text: String, now: DateTime<Utc>) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(ack("ERR", "", Some((code, text)), now))).into_response()
}

/// The yaml's `HttpErrorResponse`, `{"errors": [{"code", "message"}]}`, with the code's status.
pub fn http_error(code: DciErrorCode, message: String) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = HttpErrorResponse {
        errors: vec![HttpErrorItem {
            code: code.as_str().to_owned(),
            message,
        }],
    };
    (status, Json(body)).into_response()
}

/// The `failed` fault: the registry's own way of refusing, well-formed and signed.
pub fn failed_answer(path: &str, now: DateTime<Utc>) -> Response {
    let reason = "the registry could not process the request right now (sandbox fault: failed); send it again later";
    let ts = timestamp(now);
    let body = match path {
        super::SYNC_SEARCH => signed(
            callback_header("on-search", "rjct", None, 1, "", now),
            Some(json!({
                "transaction_id": "",
                "correlation_id": "",
                "search_response": [{
                    "reference_id": "",
                    "timestamp": ts,
                    "status": "rjct",
                    "status_reason_code": "rjct.search_criteria.invalid",
                    "status_reason_message": reason,
                }],
            })),
            now,
        ),
        super::SYNC_TXN_STATUS => signed(
            callback_header("txn-on-status", "rjct", None, 1, "", now),
            Some(json!({
                "transaction_id": "",
                "correlation_id": "",
                "txnstatus_response": {
                    "txn_type": "search",
                    "txn_status": {
                        "transaction_id": "",
                        "correlation_id": "",
                        "search_response": [{
                            "reference_id": "",
                            "timestamp": ts,
                            "status": "rjct",
                            "status_reason_code": "rjct.reference_id.invalid",
                            "status_reason_message": reason,
                        }],
                    },
                },
            })),
            now,
        ),
        super::TOKEN => {
            let mut response = (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "temporarily_unavailable", "error_description": reason})),
            )
                .into_response();
            response.extensions_mut().insert(Outcome("failed"));
            return response;
        }
        // The async endpoints answer with an acknowledgement: ERR is their refusal.
        _ => ack(
            "ERR",
            "",
            Some((DciErrorCode::ServiceUnavailable, reason.to_owned())),
            now,
        ),
    };
    json_answer(body, true)
}
