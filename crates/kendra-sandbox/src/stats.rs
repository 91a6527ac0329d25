//! Counters for `GET /_sandbox/stats`: requests per endpoint and outcome, ISP statuses accepted
//! per request_id in order, and BSK API-2 pushes accepted per ticket.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;

use crate::inbox::lock;

/// A handler's verdict on its own answer, put in the response's extensions so the stats can tell
/// an HTTP 200 `FAILED` from a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome(pub &'static str);

#[derive(Debug, Default, Serialize)]
struct StatsData {
    /// endpoint → outcome → count
    requests: BTreeMap<String, BTreeMap<String, u64>>,
    /// ISP request_id → status codes accepted, in order
    isp_statuses: BTreeMap<String, Vec<String>>,
    /// BSK ticket → API-2 pushes accepted, in order
    bsk_pushes: BTreeMap<String, Vec<Value>>,
}

#[derive(Debug, Default)]
pub struct Stats {
    data: Mutex<StatsData>,
}

impl Stats {
    pub fn record_request(&self, endpoint: &str, outcome: &str) {
        let mut data = lock(&self.data);
        *data
            .requests
            .entry(endpoint.to_owned())
            .or_default()
            .entry(outcome.to_owned())
            .or_default() += 1;
    }

    pub fn isp_status_accepted(&self, request_id: &str, status_code: &str) {
        lock(&self.data)
            .isp_statuses
            .entry(request_id.to_owned())
            .or_default()
            .push(status_code.to_owned());
    }

    pub fn bsk_push_accepted(&self, ticket: &str, push: Value) {
        lock(&self.data)
            .bsk_pushes
            .entry(ticket.to_owned())
            .or_default()
            .push(push);
    }

    pub fn isp_statuses(&self, request_id: &str) -> Vec<String> {
        lock(&self.data)
            .isp_statuses
            .get(request_id)
            .cloned()
            .unwrap_or_default()
    }

    pub fn snapshot(&self) -> Value {
        serde_json::to_value(&*lock(&self.data)).unwrap_or(Value::Null)
    }

    pub fn clear(&self) {
        *lock(&self.data) = StatsData::default();
    }
}
