//! The journal against real SQLite files in temporary folders.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod citizen_data;
mod journal_file;
mod outbox_admin;
mod outbox_delivery;
mod search;

use std::path::Path;

use kendra_journal::outbox::NewOutboxItem;
use kendra_journal::{Actor, CitizenKey, Clock, Journal, Peer};

pub fn open(dir: &Path) -> Journal {
    Journal::open_with_clock(dir, Clock::manual(1_700_000_000_000))
        .unwrap()
        .with_citizen_key(&CitizenKey::from_bytes([42; 32]))
}

pub fn isp_item(request_id: &str, code: &str) -> NewOutboxItem {
    NewOutboxItem {
        peer: Peer::Isp,
        profile: "sandbox-isp".into(),
        endpoint_kind: kendra_journal::isp_order_rules::endpoint_for(code).into(),
        ordering_key: request_id.into(),
        status_code: Some(code.into()),
        payload: serde_json::json!({ "request_id": request_id, "status_code": code }),
    }
}

/// Queues `code` for `request_id` the way callers do: status recorded and queued together.
pub fn queue_status(j: &Journal, request_id: &str, code: &str) -> kendra_journal::Result<i64> {
    j.write(&Actor::Cli, |tx| {
        let id = tx.enqueue(&isp_item(request_id, code))?;
        tx.record_isp_status(&kendra_journal::applications::IspStatusUpdate {
            request_id,
            status_code: code,
            ..Default::default()
        })?;
        Ok(id)
    })
}
