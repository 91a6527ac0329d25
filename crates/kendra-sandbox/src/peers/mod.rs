//! The five simulated peers. Each module owns its routes, seeded state, `/_sandbox/info` entry and
//! its own way of saying `FAILED`.

use std::path::Path;
use std::sync::Arc;

use axum::response::Response;
use axum::Router;
use chrono::{DateTime, Utc};

use crate::shared::Shared;

pub mod bsk;
pub mod csp;
pub mod dci;
pub mod header_secrets;
pub mod isp;

/// What seeding may depend on.
pub struct SeedContext<'a> {
    pub base_url: &'a str,
    pub data_dir: Option<&'a Path>,
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .merge(bsk::router())
        .merge(isp::router())
        .merge(header_secrets::router())
        .merge(dci::router())
        .merge(csp::router())
}

/// The answer the peer that owns `path` gives when it fails (the `failed` fault).
pub fn failed_answer(path: &str, now: DateTime<Utc>) -> Response {
    if path.starts_with("/ispws/") {
        isp::failed_answer(path, now)
    } else if path.starts_with("/hs/") {
        header_secrets::failed_answer(path, now)
    } else if path.starts_with("/registry/") {
        dci::failed_answer(path, now)
    } else if path.starts_with("/adss/") {
        csp::failed_answer(path, now)
    } else {
        bsk::failed_answer(path, now)
    }
}
