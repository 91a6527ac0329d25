//! The registry's HTTP handlers: token, sync and async search, subscribe, unsubscribe, txn
//! status, on-notify, and the sandbox's sender onboarding and callback log.
// Handlers answer with a ready `Response` on every early exit: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use kendra_wire::dci::{DciErrorCode, DciPublicKey, KeyId};
use kendra_wire::field_names::{Field, TolerantObject};
use serde_json::{json, Value};

use super::answer_envelopes::{
    ack, ack_error, callback_header, http_error, json_answer, request_header, signed, timestamp,
};
use super::answer_forgery;
use super::callback_delivery::{self, callback_url};
use super::message_security::{check, Incoming};
use super::registry_search::{answer_item, compile, entity_of, rejected_item, Rejection};
use super::{access_token, Subscription, TxnRecord, JWT_SECRET};
use crate::inbox::lock;
use crate::shared::Shared;

const UNSUBSCRIBE_TIMESTAMP: Field = Field::new("timestamp", &["timesstamp"]);
const SUBSCRIPTION_CODES: Field = Field::new("subscription_codes", &["sunscription_codes"]);
const CLIENT_ID: Field = Field::new("client_id", &["clientId"]);
const CLIENT_SECRET: Field = Field::new("client_secret", &["clientSecret"]);
const GRANT_TYPE: Field = Field::new("grant_type", &["grantType"]);

// ---------------------------------------------------------------------------------------------
// Token

/// `POST /registry/oauth2/client/token`: the client-credentials grant (RFC 6749 §4.4), form or
/// JSON body; answers `{access_token, token_type, expires_in}` or an RFC 6749 error.
pub async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let fields: Value = if is_json {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    format!("the body is not JSON: {e}"),
                )
            }
        }
    } else {
        Value::Object(
            form_urlencoded::parse(&body)
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect(),
        )
    };
    let Ok(mut form) = TolerantObject::new("the token request", &fields) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be a JSON object or a form".into(),
        );
    };
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
    let grant = text(form.get(GRANT_TYPE));
    let client_id = text(form.get(CLIENT_ID));
    let secret = text(form.get(CLIENT_SECRET));
    if grant != "client_credentials" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("grant_type is \"{grant}\": this registry issues tokens for grant_type=client_credentials"),
        );
    }
    if client_id.is_empty() || secret.is_empty() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_id and client_secret are both required".into(),
        );
    }
    let known = lock(&shared.dci).clients.get(&client_id).cloned();
    if known.as_deref() != Some(secret.as_str()) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client_id or client_secret is wrong (GET /_sandbox/info shows dci.client_id and dci.client_secret)".into(),
        );
    }
    match access_token::issue(&client_id, JWT_SECRET, shared.clock.now()) {
        Ok(token) => Json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": access_token::LIFETIME_SECS,
            "scope": "registry",
        }))
        .into_response(),
        Err(e) => oauth_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            e.to_string(),
        ),
    }
}

fn oauth_error(status: StatusCode, error: &str, description: String) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// Shared checks

/// A header-level refusal of a sync call: signed callback header with `rjct` and the reason.
fn header_rejection(
    action: &str,
    code: &str,
    text: String,
    inc: &Incoming,
    now: DateTime<Utc>,
) -> Response {
    json_answer(
        signed(
            callback_header(action, "rjct", Some((code, &text)), 0, &inc.sender_id, now),
            None,
            now,
        ),
        true,
    )
}

fn action_problem(inc: &Incoming, expected: &str) -> Option<String> {
    let action = inc.header_text("action");
    (action != expected)
        .then(|| format!("header.action is \"{action}\", but this endpoint takes \"{expected}\""))
}

fn transaction_id(inc: &Incoming) -> Result<String, Response> {
    match inc.message.get("transaction_id") {
        Some(Value::String(t)) if t.chars().count() <= 99 => Ok(t.clone()),
        Some(Value::String(_)) => Err(http_error(
            DciErrorCode::RequestBad,
            "message.transaction_id is longer than 99 characters".into(),
        )),
        _ => Err(http_error(
            DciErrorCode::RequestBad,
            "message.transaction_id is missing or not text".into(),
        )),
    }
}

/// Where this sender's callbacks go: `header.sender_uri`, else the URI registered for it.
/// What every asynchronous endpoint checks first: token and signature, the header's action, and a
/// callback address; an answer to send back when any of them is wrong.
fn accept_async(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    body: &Bytes,
    action: &str,
) -> Result<(Incoming, DateTime<Utc>, String), Response> {
    let inc = check(shared, headers, body)?;
    let now = shared.clock.now();
    if let Some(problem) = action_problem(&inc, action) {
        return Err(ack_error(DciErrorCode::RequestBad, problem, now));
    }
    match callback_base(shared, &inc) {
        Ok(base) => Ok((inc, now, base)),
        Err(problem) => Err(ack_error(DciErrorCode::SenderUriInvalid, problem, now)),
    }
}

fn callback_base(shared: &Shared, inc: &Incoming) -> Result<String, String> {
    let uri = inc.header_text("sender_uri");
    let uri = if uri.is_empty() {
        lock(&shared.dci)
            .callbacks
            .get(&inc.sender_id)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "header.sender_uri is empty and no callback URI is registered for sender \"{}\": send sender_uri or register one at POST /_sandbox/dci/senders",
                    inc.sender_id
                )
            })?
    } else {
        uri
    };
    callback_delivery::check_uri(&uri)?;
    Ok(uri)
}

fn correlation_id(shared: &Shared, prefix: &str) -> String {
    let n = lock(&shared.dci).next_number();
    format!("{prefix}-{n:06}")
}

// ---------------------------------------------------------------------------------------------
// Search

/// The `SearchResponse` message for a verified search request; records the transaction.
fn run_search(
    shared: &Shared,
    inc: &Incoming,
    now: DateTime<Utc>,
) -> Result<(Value, bool), Response> {
    let transaction_id = transaction_id(inc)?;
    let Some(items) = inc.message.get("search_request").and_then(Value::as_array) else {
        return Err(http_error(
            DciErrorCode::RequestBad,
            "message.search_request is missing or not a list".into(),
        ));
    };
    let now_text = timestamp(now);
    let today = now.date_naive();
    let correlation = correlation_id(shared, "SR-CORR");
    let mut seen = HashSet::new();
    let answers: Vec<Value> = {
        let state = lock(&shared.dci);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let reference = item.get("reference_id").and_then(Value::as_str).unwrap_or("");
                if !reference.is_empty() && !seen.insert(reference.to_owned()) {
                    return rejected_item(reference, &now_text, &Rejection {
                        code: "rjct.reference_id.duplicate",
                        message: format!("search_request[{i}].reference_id \"{reference}\" appears twice in this message"),
                    });
                }
                answer_item(&state.registry, item, i, today, &now_text)
            })
            .collect()
    };
    let any_rejected = answers.iter().any(|a| a["status"] == "rjct");
    lock(&shared.dci).transactions.push(TxnRecord {
        sender_id: inc.sender_id.clone(),
        txn_type: "search",
        transaction_id: transaction_id.clone(),
        correlation_id: correlation.clone(),
        items: answers.clone(),
    });
    Ok((
        json!({
            "transaction_id": transaction_id,
            "correlation_id": correlation,
            "search_response": answers,
        }),
        any_rejected,
    ))
}

/// `POST /registry/sync/search`: the signed `on-search` answer in the HTTP response.
pub async fn sync_search(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let inc = match check(&shared, &headers, &body) {
        Ok(inc) => inc,
        Err(response) => return response,
    };
    let now = shared.clock.now();
    if let Some(problem) = action_problem(&inc, "search") {
        return header_rejection("on-search", "rjct.action.invalid", problem, &inc, now);
    }
    match run_search(&shared, &inc, now) {
        Ok((message, any_rejected)) => {
            let total = message["search_response"].as_array().map_or(0, Vec::len);
            let header = callback_header("on-search", "succ", None, total, &inc.sender_id, now);
            let body = answer_forgery::apply(&shared, signed(header, Some(message), now), now);
            json_answer(body, any_rejected)
        }
        Err(response) => response,
    }
}

/// `POST /registry/search`: ACK now, `on-search` to the sender's callback in the background.
pub async fn async_search(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (inc, now, base) = match accept_async(&shared, &headers, &body, "search") {
        Ok(accepted) => accepted,
        Err(response) => return response,
    };
    let (message, _) = match run_search(&shared, &inc, now) {
        Ok(answer) => answer,
        Err(response) => return response,
    };
    let correlation = message["correlation_id"].as_str().unwrap_or("").to_owned();
    let total = message["search_response"].as_array().map_or(0, Vec::len);
    let header = callback_header("on-search", "succ", None, total, &inc.sender_id, now);
    let callback = signed(header, Some(message), now);
    callback_delivery::spawn(
        &shared,
        "on-search",
        callback_url(&base, "on-search"),
        &inc.sender_id,
        callback,
    );
    Json(ack("ACK", &correlation, None, now)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Subscribe / unsubscribe

const REG_EVENT_TYPES: &[&str] = &["REGISTER", "PAYMENT", "DEREGISTER", "NewHouseHoldMember"];

/// `POST /registry/subscribe`: ACK, then `on-subscribe` with the subscription codes.
pub async fn subscribe(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (inc, now, base) = match accept_async(&shared, &headers, &body, "subscribe") {
        Ok(accepted) => accepted,
        Err(response) => return response,
    };
    let transaction_id = match transaction_id(&inc) {
        Ok(t) => t,
        Err(response) => return response,
    };
    let Some(items) = inc
        .message
        .get("subscribe_request")
        .and_then(Value::as_array)
    else {
        return http_error(
            DciErrorCode::RequestBad,
            "message.subscribe_request is missing or not a list".into(),
        );
    };
    let now_text = timestamp(now);
    let correlation = correlation_id(&shared, "SR-CORR");
    let mut answers = Vec::new();
    let mut txn_items = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let reference = item
            .get("reference_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let outcome = subscribe_one(&shared, &inc, &base, item, i);
        let answer = match outcome {
            Ok(subscription) => {
                let criteria = item
                    .get("subscribe_criteria")
                    .cloned()
                    .unwrap_or(Value::Null);
                let record_type = criteria
                    .get("notify_record_type")
                    .and_then(Value::as_str)
                    .unwrap_or("spdci-extensions-dci:Person")
                    .to_owned();
                txn_items.push(json!({
                    "reference_id": reference, "timestamp": now_text, "status": "succ",
                    "status_reason_message": format!("subscription {} is active", subscription.code),
                }));
                json!({
                    "reference_id": reference,
                    "timestamp": now_text,
                    "status": "succ",
                    "subscriptions": [{
                        "version": "1.0.0",
                        "code": subscription.code,
                        "subscription_code": subscription.code,
                        "status": "subscribe",
                        "timestamp": now_text,
                        "reg_type": "ns:org:RegistryType:Social",
                        "reg_event_type": subscription.reg_event_type,
                        "notify_record_type": record_type,
                        "subscribe_criteria": criteria,
                    }],
                })
            }
            Err(r) => {
                txn_items.push(json!({
                    "reference_id": reference, "timestamp": now_text, "status": "rjct",
                    "status_reason_message": r.message,
                }));
                json!({
                    "reference_id": reference,
                    "timestamp": now_text,
                    "status": "rjct",
                    "status_reason_code": r.code,
                    "status_reason_message": r.message.chars().take(999).collect::<String>(),
                })
            }
        };
        answers.push(answer);
    }
    lock(&shared.dci).transactions.push(TxnRecord {
        sender_id: inc.sender_id.clone(),
        txn_type: "subscribe",
        transaction_id: transaction_id.clone(),
        correlation_id: correlation.clone(),
        items: txn_items,
    });
    let message = json!({
        "transaction_id": transaction_id,
        "correlation_id": correlation,
        "subscribe_response": answers,
    });
    let header = request_header("on-subscribe", answers.len(), &inc.sender_id, now);
    let callback = signed(header, Some(message), now);
    callback_delivery::spawn(
        &shared,
        "on-subscribe",
        callback_url(&base, "on-subscribe"),
        &inc.sender_id,
        callback,
    );
    Json(ack("ACK", &correlation, None, now)).into_response()
}

fn subscribe_one(
    shared: &Shared,
    inc: &Incoming,
    base: &str,
    item: &Value,
    index: usize,
) -> Result<Subscription, Rejection> {
    let field = format!("subscribe_request[{index}]");
    let invalid = |code: &'static str, message: String| Rejection { code, message };
    if !matches!(item.get("reference_id"), Some(Value::String(_))) {
        return Err(invalid(
            "rjct.reference_id.invalid",
            format!("{field}.reference_id is missing or not text"),
        ));
    }
    match item.get("timestamp").and_then(Value::as_str) {
        Some(t) if chrono::DateTime::parse_from_rfc3339(t).is_ok() => {}
        _ => {
            return Err(invalid(
                "rjct.timestamp.invalid",
                format!("{field}.timestamp is missing or not an ISO 8601 date-time"),
            ))
        }
    }
    let Some(criteria) = item.get("subscribe_criteria").filter(|c| c.is_object()) else {
        return Err(invalid(
            "rjct.notify_details.invalid",
            format!("{field}.subscribe_criteria is missing"),
        ));
    };
    let field = format!("{field}.subscribe_criteria");
    let event = criteria
        .get("reg_event_type")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !REG_EVENT_TYPES.contains(&event) {
        return Err(invalid(
            "rjct.notify_types.invalid",
            format!(
                "{field}.reg_event_type \"{event}\" is not one of {}",
                REG_EVENT_TYPES.join(", ")
            ),
        ));
    }
    let details = |r: Rejection| Rejection {
        code: "rjct.notify_details.invalid",
        message: r.message,
    };
    let entity = entity_of(criteria, &field).map_err(details)?;
    let filter = compile(
        criteria.get("filter_type"),
        criteria.get("filter"),
        entity,
        &field,
    )
    .map_err(|r| Rejection {
        code: "rjct.notify_details.invalid",
        message: r
            .message
            .replace("query_type", "filter_type")
            .replace(".query", ".filter"),
    })?;
    let mut state = lock(&shared.dci);
    let duplicate = state.subscriptions.iter().find(|s| {
        s.active
            && s.sender_id == inc.sender_id
            && s.reg_event_type == event
            && s.criteria.get("filter") == criteria.get("filter")
    });
    if let Some(existing) = duplicate {
        return Err(invalid(
            "rjct.event.already_subscribed",
            format!(
                "sender \"{}\" already has subscription {} for {event} with this filter",
                inc.sender_id, existing.code
            ),
        ));
    }
    let n = state.next_number();
    let subscription = Subscription {
        code: format!("SUB-{n:06}"),
        sender_id: inc.sender_id.clone(),
        callback_uri: base.to_owned(),
        reg_event_type: event.to_owned(),
        entity,
        filter,
        criteria: criteria.clone(),
        active: true,
    };
    state.subscriptions.push(subscription.clone());
    Ok(subscription)
}

/// `POST /registry/unsubscribe`: ACK, then `on-unsubscribe`. All codes or none: one unknown,
/// foreign or already cancelled code rejects the request.
pub async fn unsubscribe(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (inc, now, base) = match accept_async(&shared, &headers, &body, "unsubscribe") {
        Ok(accepted) => accepted,
        Err(response) => return response,
    };
    let transaction_id = match transaction_id(&inc) {
        Ok(t) => t,
        Err(response) => return response,
    };
    let Ok(mut message) = TolerantObject::new("the unsubscribe message", &inc.message) else {
        return http_error(DciErrorCode::RequestBad, "message is not an object".into());
    };
    let codes: Vec<String> = match message.get(SUBSCRIPTION_CODES) {
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|c| c.as_str().unwrap_or("").to_owned())
            .collect(),
        _ => {
            return http_error(
                DciErrorCode::RequestBad,
                "message.subscription_codes is missing or empty".into(),
            )
        }
    };
    let now_text = timestamp(now);
    let stamp_ok = message
        .get(UNSUBSCRIBE_TIMESTAMP)
        .and_then(Value::as_str)
        .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok());
    let correlation = correlation_id(&shared, "SR-CORR");
    let (status, reason, statuses) = {
        let mut state = lock(&shared.dci);
        let mut reason: Option<(&str, String)> = (!stamp_ok).then(|| {
            (
                "rjct.timestamp.invalid",
                "message.timestamp is missing or not an ISO 8601 date-time".to_owned(),
            )
        });
        for code in &codes {
            if reason.is_some() {
                break;
            }
            match state.subscriptions.iter().find(|s| &s.code == code) {
                None => {
                    reason = Some((
                        "rjct.subscription_code.invalid",
                        format!("there is no subscription {code}"),
                    ))
                }
                Some(s) if s.sender_id != inc.sender_id => {
                    reason = Some((
                        "rjct.requester.invalid",
                        format!("subscription {code} belongs to another sender"),
                    ))
                }
                Some(s) if !s.active => {
                    reason = Some((
                        "rjct.event.already_unsubscribed",
                        format!("subscription {code} is already unsubscribed"),
                    ))
                }
                Some(_) => {}
            }
        }
        if reason.is_none() {
            for s in state
                .subscriptions
                .iter_mut()
                .filter(|s| codes.contains(&s.code))
            {
                s.active = false;
            }
        }
        let statuses: Vec<Value> = codes
            .iter()
            .filter_map(|code| state.subscriptions.iter().find(|s| &s.code == code && s.sender_id == inc.sender_id))
            .map(|s| json!({ "code": s.code, "status": if s.active { "subscribe" } else { "unsubscribe" } }))
            .collect();
        (
            if reason.is_some() { "rjct" } else { "succ" },
            reason,
            statuses,
        )
    };
    let mut answer = json!({
        "transaction_id": transaction_id,
        "correlation_id": correlation,
        // The yaml requires `timestamp` but names the property `timesatmp`: send both.
        "timestamp": now_text,
        "timesatmp": now_text,
        "status": status,
        "subscription_status": statuses,
    });
    if let Some((code, text)) = reason {
        answer["status_reason_code"] = json!(code);
        answer["status_reason_message"] = json!(text);
    }
    let header = request_header("on-unsubscribe", codes.len(), &inc.sender_id, now);
    let callback = signed(header, Some(answer), now);
    callback_delivery::spawn(
        &shared,
        "on-unsubscribe",
        callback_url(&base, "on-unsubscribe"),
        &inc.sender_id,
        callback,
    );
    Json(ack("ACK", &correlation, None, now)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Txn status

fn run_txn_status(shared: &Shared, inc: &Incoming, now: DateTime<Utc>) -> Result<Value, Response> {
    let transaction_id = transaction_id(inc)?;
    let Some(request) = inc
        .message
        .get("txnstatus_request")
        .filter(|r| r.is_object())
    else {
        return Err(http_error(
            DciErrorCode::RequestBad,
            "message.txnstatus_request is missing or not an object".into(),
        ));
    };
    let now_text = timestamp(now);
    let reference = request
        .get("reference_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let txn_type = request
        .get("txn_type")
        .and_then(Value::as_str)
        .unwrap_or("");
    let attribute_type = request
        .get("attribute_type")
        .and_then(Value::as_str)
        .unwrap_or("");
    let value = request
        .get("attribute_value")
        .cloned()
        .unwrap_or(Value::Null);
    let wanted_type = match txn_type {
        "search" => Some("search"),
        "subscibe" | "subscribe" => Some("subscribe"),
        _ => None,
    };
    let out_type = if wanted_type == Some("subscribe") {
        "subscibe"
    } else {
        "search"
    };
    let not_found = |message: String| {
        json!({
            "transaction_id": transaction_id,
            "correlation_id": correlation_id(shared, "SR-CORR"),
            "txnstatus_response": {
                "txn_type": out_type,
                "txn_status": {
                    "transaction_id": value.as_str().unwrap_or(""),
                    "correlation_id": "",
                    "search_response": [rejected_item(&reference, &now_text, &Rejection { code: "rjct.reference_id.invalid", message })],
                },
            },
        })
    };
    let Some(wanted_type) = wanted_type else {
        return Ok(not_found(format!("txnstatus_request.txn_type \"{txn_type}\" is not search or subscibe (receipts are not kept by this registry)")));
    };
    let found = {
        let state = lock(&shared.dci);
        let mut mine = state
            .transactions
            .iter()
            .filter(|t| t.sender_id == inc.sender_id && t.txn_type == wanted_type);
        match (attribute_type, &value) {
            ("transaction_id", Value::String(v)) => mine.rfind(|t| &t.transaction_id == v).map(|t| (t.clone(), None)),
            ("correlation_id", Value::String(v)) => mine.rfind(|t| &t.correlation_id == v).map(|t| (t.clone(), None)),
            ("reference_id_list", Value::Array(refs)) => {
                let refs: Vec<&str> = refs.iter().filter_map(Value::as_str).collect();
                mine.rfind(|t| t.items.iter().any(|i| refs.contains(&i["reference_id"].as_str().unwrap_or("\u{0}"))))
                    .map(|t| (t.clone(), Some(refs.iter().map(|r| (*r).to_owned()).collect::<Vec<_>>())))
            }
            _ => {
                return Ok(not_found(format!(
                    "txnstatus_request.attribute_type \"{attribute_type}\" with attribute_value {value} is not a transaction_id or correlation_id text or a reference_id_list"
                )))
            }
        }
    };
    let Some((txn, refs)) = found else {
        return Ok(not_found(format!(
            "no {wanted_type} transaction of sender \"{}\" has {attribute_type} {value}",
            inc.sender_id
        )));
    };
    let items: Vec<Value> = txn
        .items
        .iter()
        .filter(|i| {
            refs.as_ref()
                .is_none_or(|r| r.iter().any(|r| i["reference_id"] == *r))
        })
        .cloned()
        .collect();
    Ok(json!({
        "transaction_id": transaction_id,
        "correlation_id": correlation_id(shared, "SR-CORR"),
        "txnstatus_response": {
            "txn_type": out_type,
            "txn_status": {
                "transaction_id": txn.transaction_id,
                "correlation_id": txn.correlation_id,
                "search_response": items,
            },
        },
    }))
}

/// `POST /registry/sync/txn/status`: the signed `txn-on-status` answer in the HTTP response.
pub async fn sync_txn_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let inc = match check(&shared, &headers, &body) {
        Ok(inc) => inc,
        Err(response) => return response,
    };
    let now = shared.clock.now();
    if let Some(problem) = action_problem(&inc, "txn-status") {
        return header_rejection("txn-on-status", "rjct.action.invalid", problem, &inc, now);
    }
    match run_txn_status(&shared, &inc, now) {
        Ok(message) => {
            let failed = message.pointer("/txnstatus_response/txn_status/search_response/0/status")
                == Some(&json!("rjct"));
            let header = callback_header("txn-on-status", "succ", None, 1, &inc.sender_id, now);
            let body = answer_forgery::apply(&shared, signed(header, Some(message), now), now);
            json_answer(body, failed)
        }
        Err(response) => response,
    }
}

/// `POST /registry/txn/status`: ACK, then `txn-on-status` to the sender's callback.
pub async fn async_txn_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (inc, now, base) = match accept_async(&shared, &headers, &body, "txn-status") {
        Ok(accepted) => accepted,
        Err(response) => return response,
    };
    let message = match run_txn_status(&shared, &inc, now) {
        Ok(m) => m,
        Err(response) => return response,
    };
    let correlation = message["correlation_id"].as_str().unwrap_or("").to_owned();
    let header = callback_header("txn-on-status", "succ", None, 1, &inc.sender_id, now);
    let callback = signed(header, Some(message), now);
    callback_delivery::spawn(
        &shared,
        "txn-on-status",
        callback_url(&base, "txn/on-status"),
        &inc.sender_id,
        callback,
    );
    Json(ack("ACK", &correlation, None, now)).into_response()
}

/// `POST /registry/on-notify`: a subscriber's receipt for a notification. Verified and
/// acknowledged with NACK (valid, nothing further will come back).
pub async fn on_notify(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let inc = match check(&shared, &headers, &body) {
        Ok(inc) => inc,
        Err(response) => return response,
    };
    let now = shared.clock.now();
    if inc.message.get("receipt_information").is_none() {
        return ack_error(
            DciErrorCode::RequestBad,
            "message.receipt_information is missing".into(),
            now,
        );
    }
    let correlation = correlation_id(&shared, "SR-CORR");
    Json(ack("NACK", &correlation, None, now)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Sandbox onboarding and callback log

/// `POST /_sandbox/dci/senders` `{sender_id, unique_key_id, public_key, callback_uri?,
/// client_secret?}`: registers a sender's public key (and optionally a default callback URI and
/// token credentials), as DCI onboarding would.
pub async fn register_sender(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let bad = |m: String| (StatusCode::BAD_REQUEST, Json(json!({ "error": m }))).into_response();
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return bad(
            "the body must be JSON: {\"sender_id\", \"unique_key_id\", \"public_key\"}".into(),
        );
    };
    let text = |name: &str| v.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
    let (sender_id, key_name, public) =
        (text("sender_id"), text("unique_key_id"), text("public_key"));
    let key_id = match KeyId::new(sender_id.clone(), key_name) {
        Ok(k) => k,
        Err(e) => return bad(format!("sender_id / unique_key_id: {e}")),
    };
    let key = match DciPublicKey::from_base64(&public) {
        Ok(k) => k,
        Err(e) => return bad(format!("public_key: {e}")),
    };
    let callback = text("callback_uri");
    if !callback.is_empty() {
        if let Err(e) = callback_delivery::check_uri(&callback) {
            return bad(format!("callback_uri: {e}"));
        }
    }
    let secret = text("client_secret");
    let mut state = lock(&shared.dci);
    state.sender_keys.insert(key_id.to_string(), key);
    if !callback.is_empty() {
        state.callbacks.insert(sender_id.clone(), callback.clone());
    }
    if !secret.is_empty() {
        state.clients.insert(sender_id.clone(), secret);
    }
    (
        StatusCode::CREATED,
        Json(json!({
            "key_id": key_id.to_string(),
            "callback_uri": state.callbacks.get(&sender_id),
            "token_client": state.clients.contains_key(&sender_id),
        })),
    )
        .into_response()
}

/// `GET /_sandbox/dci/callbacks`: every callback the registry sent and how it went.
pub async fn list_callbacks(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let state = lock(&shared.dci);
    Json(json!({
        "deliveries": state.deliveries,
        "subscriptions": state.subscriptions.iter().map(|s| json!({
            "code": s.code, "sender_id": s.sender_id, "reg_event_type": s.reg_event_type,
            "callback_uri": s.callback_uri, "active": s.active,
        })).collect::<Vec<_>>(),
    }))
}
