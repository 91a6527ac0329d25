//! The control surface under `/_sandbox/`: info (every credential a client needs), stats, inbox,
//! faults, clock and reset. JSON, for tests, scripts and the app's sandbox panel. Never faulted.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::faults::FaultSpec;
use crate::peers;
use crate::shared::Shared;

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sandbox/info", get(info))
        .route("/_sandbox/stats", get(stats))
        .route("/_sandbox/inbox", get(inbox))
        .route(
            "/_sandbox/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route("/_sandbox/faults/{id}", delete(remove_fault))
        .route("/_sandbox/clock", get(clock).post(advance_clock))
        .route("/_sandbox/reset", post(reset))
}

/// The info document, also used in-process by the app and `kendra profile import-sandbox`.
pub fn info_document(shared: &Shared) -> Value {
    json!({
        "sandbox": true,
        "production": false,
        "base_url": shared.base_url,
        "bsk": peers::bsk::info(shared),
        "isp": peers::isp::info(shared),
        "header_secrets": peers::header_secrets::info(shared),
        "dci": peers::dci::info(shared),
        "csp": peers::csp::info(shared),
        "control": {
            "info": "GET /_sandbox/info",
            "stats": "GET /_sandbox/stats",
            "inbox": "GET /_sandbox/inbox?peer=&to=",
            "faults": "GET|POST|DELETE /_sandbox/faults, DELETE /_sandbox/faults/{id}",
            "clock": "GET|POST /_sandbox/clock {\"advance_secs\": N}",
            "reset": "POST /_sandbox/reset",
        },
    })
}

async fn info(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(info_document(&shared))
}

async fn stats(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(shared.stats.snapshot())
}

#[derive(Deserialize)]
struct InboxQuery {
    peer: Option<String>,
    to: Option<String>,
}

async fn inbox(State(shared): State<Arc<Shared>>, Query(q): Query<InboxQuery>) -> Json<Value> {
    let messages = shared.inbox.list(q.peer.as_deref(), q.to.as_deref());
    Json(json!({ "messages": messages }))
}

async fn list_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({ "faults": shared.faults.list() }))
}

/// Accepts one fault object or a list of them.
async fn add_faults(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    let specs: Vec<FaultSpec> = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) => match items.into_iter().map(serde_json::from_value).collect() {
            Ok(specs) => specs,
            Err(e) => return bad_request(format!("a fault in the list is not valid: {e}")),
        },
        Ok(value) => match serde_json::from_value(value) {
            Ok(spec) => vec![spec],
            Err(e) => return bad_request(format!("the fault is not valid: {e}")),
        },
        Err(e) => return bad_request(format!("the body is not JSON: {e}")),
    };
    if let Some(problem) = specs.iter().find_map(|s| s.validate().err()) {
        return bad_request(problem);
    }
    let added: Vec<_> = specs.into_iter().map(|s| shared.faults.add(s)).collect();
    (StatusCode::CREATED, Json(json!({ "added": added }))).into_response()
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    shared.faults.clear();
    Json(json!({ "faults": [] }))
}

async fn remove_fault(State(shared): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    if shared.faults.remove(id) {
        Json(json!({ "removed": id })).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("there is no fault with id {id}") })),
        )
            .into_response()
    }
}

async fn clock(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(
        json!({ "now": shared.clock.now().to_rfc3339(), "offset_secs": shared.clock.offset_secs() }),
    )
}

#[derive(Deserialize)]
struct Advance {
    advance_secs: i64,
}

async fn advance_clock(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Advance>(&body) {
        Ok(a) => {
            shared.clock.advance(a.advance_secs);
            clock(State(shared)).await.into_response()
        }
        Err(e) => bad_request(format!("expected {{\"advance_secs\": N}}: {e}")),
    }
}

async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    match shared.reset() {
        Ok(()) => Json(json!({ "reset": true })).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "error": e.to_string() })),
        )
            .into_response(),
    }
}

fn bad_request(problem: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": problem }))).into_response()
}
