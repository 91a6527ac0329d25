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
    // Each peer's own sandbox controls (`/_sandbox/isp/apply`, …) fail the way that peer does.
    let owned_by =
        |peer_path: &str, control: &str| path.starts_with(peer_path) || path.starts_with(control);
    if owned_by("/ispws/", "/_sandbox/isp/") {
        isp::failed_answer(path, now)
    } else if owned_by("/hs/", "/_sandbox/header_secrets/") {
        header_secrets::failed_answer(path, now)
    } else if owned_by("/registry/", "/_sandbox/dci/") {
        dci::failed_answer(path, now)
    } else if owned_by("/adss/", "/_sandbox/csp/") {
        csp::failed_answer(path, now)
    } else {
        bsk::failed_answer(path, now)
    }
}
