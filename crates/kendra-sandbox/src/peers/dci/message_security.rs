//! The checks in front of every registry call, in order: bearer token
//! (`err.request.unauthorized`), the body's signature against the registered sender keys
//! (`err.signature.missing` / `err.signature.invalid` / `err.sender_id.invalid`), then the
//! envelope's shape (`err.request.bad`, `err.receiver_id.invalid`, `err.encryption.invalid`).
// Handlers answer with a ready `Response` on every early exit: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use kendra_wire::dci::{dci_error_code, verify_envelope_json, DciErrorCode};
use serde_json::Value;

use super::answer_envelopes::http_error;
use super::{access_token, JWT_SECRET, REGISTRY_ID};
use crate::inbox::lock;
use crate::shared::Shared;

/// A request that passed every check.
pub struct Incoming {
    pub header: Value,
    pub message: Value,
    pub sender_id: String,
}

impl Incoming {
    pub fn header_text(&self, name: &str) -> String {
        self.header
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    }
}

pub fn check(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Incoming, Response> {
    let now = shared.clock.now();
    access_token::check(headers, JWT_SECRET, now)
        .map_err(|problem| http_error(DciErrorCode::RequestUnauthorized, problem))?;
    let text = std::str::from_utf8(body).map_err(|_| {
        http_error(
            DciErrorCode::RequestBad,
            "the body is not UTF-8 text: send the JSON message as UTF-8".into(),
        )
    })?;
    let keys = lock(&shared.dci).sender_keys.clone();
    let (envelope, verified) = verify_envelope_json(text, &keys, now.timestamp())
        .map_err(|e| http_error(dci_error_code(&e), e.to_string()))?;
    let header = envelope.get("header").cloned().unwrap_or(Value::Null);
    if !header.is_object() {
        return Err(http_error(
            DciErrorCode::RequestBad,
            "header must be a JSON object (the yaml's MsgHeader)".into(),
        ));
    }
    if let Some(receiver) = header.get("receiver_id").and_then(Value::as_str) {
        if !receiver.is_empty() && receiver != REGISTRY_ID {
            return Err(http_error(
                DciErrorCode::ReceiverIdInvalid,
                format!(
                    "header.receiver_id is \"{receiver}\", but this registry is \"{REGISTRY_ID}\""
                ),
            ));
        }
    }
    let message = envelope.get("message").cloned().unwrap_or(Value::Null);
    let encrypted = header.get("is_msg_encrypted").and_then(Value::as_bool) == Some(true)
        || message.get("ciphertext").is_some();
    if encrypted {
        return Err(http_error(
            DciErrorCode::EncryptionInvalid,
            "the sandbox registry takes unencrypted messages only: send is_msg_encrypted false and a plain message".into(),
        ));
    }
    if !message.is_object() {
        return Err(http_error(
            DciErrorCode::RequestBad,
            "message is missing or not a JSON object".into(),
        ));
    }
    Ok(Incoming {
        header,
        message,
        sender_id: verified.key_id.sender_id,
    })
}
