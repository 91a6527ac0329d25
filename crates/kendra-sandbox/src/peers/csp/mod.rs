//! Simulated csp peer (in progress).

use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::SeedContext;
use crate::shared::Shared;

#[derive(Debug, Default)]
pub struct CspState {}

impl CspState {
    pub fn seeded(_ctx: &SeedContext) -> crate::Result<Self> {
        Ok(Self::default())
    }
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
}

pub fn info(shared: &Shared) -> Value {
    json!({ "base_url": shared.base_url })
}

pub fn failed_answer(_path: &str, _now: DateTime<Utc>) -> Response {
    (
        axum::http::StatusCode::BAD_REQUEST,
        axum::Json(json!({ "error": "sandbox fault: FAILED injected" })),
    )
        .into_response()
}
