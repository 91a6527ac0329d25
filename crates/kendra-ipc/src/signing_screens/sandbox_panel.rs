//! Settings' sandbox panel: the built-in sandbox's address, its inbox (the OTPs and e-mails the
//! simulated peers "sent"), and its faults (add, list, remove, clear).
//!
//! This crate does not depend on the sandbox: the app hands over what the sandbox's control
//! surface serializes (`/_sandbox/inbox`'s messages, `/_sandbox/faults`' rules) and gets a
//! fault spec back as JSON to add, so the typed views here follow that documented JSON.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use crate::ist_time;
use crate::{ErrorCode, IpcError, SandboxStatus};

/// One message in the sandbox's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InboxMessageView {
    pub id: String,
    /// `bsk`, `isp`, `header_secrets`, `dci` or `csp`.
    pub peer: String,
    /// `sms` or `email`.
    pub channel: String,
    /// Mobile number or e-mail address, exactly as sent.
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The one-time password in the message, when it carries one (the sandbox's, not real).
    pub otp: Option<String>,
    /// ISO 8601, IST.
    pub sent_at: String,
}

/// The kinds of fault the sandbox can inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FaultKindChoice {
    Latency,
    Reset,
    #[serde(rename = "http_400")]
    Http400,
    #[serde(rename = "http_500")]
    Http500,
    Failed,
    Malformed,
    SlowDrip,
}

/// One fault rule in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FaultView {
    pub id: String,
    /// An exact path, a prefix ending in `*`, or `*` for every peer endpoint.
    pub endpoint: String,
    /// `latency`, `reset`, `http_400`, `http_500`, `failed`, `malformed`, `slow_drip`.
    pub kind: String,
    pub latency_ms: Option<u32>,
    /// The calls it still applies to (`null`: every call).
    pub times: Option<u32>,
    pub fraction: Option<f64>,
    /// Calls it has hit so far.
    pub hits: String,
}

/// Request of `settings_sandbox_fault_add`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FaultAdd {
    pub endpoint: String,
    pub kind: FaultKindChoice,
    /// For `latency`: milliseconds to wait.
    pub latency_ms: Option<u32>,
    /// Only the next N matching calls.
    pub times: Option<u32>,
    /// Only this fraction (0–1) of matching calls.
    pub fraction: Option<f64>,
}

/// Answer of `settings_sandbox`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SandboxPanel {
    /// `running`, `starting`, `stopped` (from this panel) or `failed`.
    pub state: String,
    /// `null` while the sandbox is not running.
    pub base_url: Option<String>,
    /// Newest first.
    pub inbox: Vec<InboxMessageView>,
    pub faults: Vec<FaultView>,
}

fn not_running() -> IpcError {
    IpcError::new(
        ErrorCode::PeerUnreachable,
        "The built-in sandbox is not running, so it has no inbox or faults to show.",
    )
}

fn unreadable(what: &str, e: &serde_json::Error) -> IpcError {
    IpcError::new(
        ErrorCode::Internal,
        format!("The sandbox's {what} could not be read."),
    )
    .with_text(e.to_string())
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn small(v: &Value, key: &str) -> Option<u32> {
    v.get(key)
        .and_then(Value::as_u64)
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// The inbox's messages (as the sandbox serializes them), newest first.
pub fn inbox_view<M: Serialize>(messages: &[M]) -> Result<Vec<InboxMessageView>, IpcError> {
    let value = serde_json::to_value(messages).map_err(|e| unreadable("inbox", &e))?;
    let mut views: Vec<InboxMessageView> = value
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|m| InboxMessageView {
            id: text(m, "id"),
            peer: text(m, "peer"),
            channel: text(m, "channel"),
            to: text(m, "to"),
            subject: text(m, "subject"),
            body: text(m, "body"),
            otp: m.get("otp").and_then(Value::as_str).map(str::to_owned),
            sent_at: ist_time::iso_from_rfc3339(&text(m, "sent_at")),
        })
        .collect();
    views.reverse();
    Ok(views)
}

/// The fault rules (as the sandbox serializes them).
pub fn faults_view<F: Serialize>(rules: &[F]) -> Result<Vec<FaultView>, IpcError> {
    let value = serde_json::to_value(rules).map_err(|e| unreadable("fault list", &e))?;
    Ok(value
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|r| FaultView {
            id: text(r, "id"),
            endpoint: text(r, "endpoint"),
            kind: text(r, "kind"),
            latency_ms: small(r, "ms"),
            times: small(r, "times"),
            fraction: r.get("fraction").and_then(Value::as_f64),
            hits: text(r, "hits"),
        })
        .collect())
}

/// The sandbox panel from the sandbox's state, or "not running".
pub fn sandbox_panel<M: Serialize, F: Serialize>(
    running: Option<(&str, &[M], &[F])>,
) -> Result<SandboxPanel, IpcError> {
    let Some((base_url, inbox, faults)) = running else {
        return Ok(SandboxPanel {
            state: "stopped".to_owned(),
            base_url: None,
            inbox: Vec::new(),
            faults: Vec::new(),
        });
    };
    Ok(SandboxPanel {
        state: "running".to_owned(),
        base_url: Some(base_url.to_owned()),
        inbox: inbox_view(inbox)?,
        faults: faults_view(faults)?,
    })
}

/// The panel's `state` for the host's view of the sandbox.
pub fn state_name(status: &SandboxStatus) -> &'static str {
    match status {
        SandboxStatus::Starting => "starting",
        SandboxStatus::Running { .. } => "running",
        SandboxStatus::Stopped { .. } => "stopped",
        SandboxStatus::Failed { .. } => "failed",
    }
}

/// The sandbox's own fault spec for `add` (its `POST /_sandbox/faults` body), checked for what
/// the form can get wrong; the sandbox's `validate` runs on it too (`fault_refused`).
pub fn fault_spec<S: DeserializeOwned>(add: &FaultAdd) -> Result<S, IpcError> {
    let endpoint = add.endpoint.trim();
    let refuse = |problem: String| IpcError::from(kendra_workflows::Error::input("fault", problem));
    if endpoint.is_empty() {
        return Err(refuse(
            "the endpoint is empty: give a path such as /ispws/* or * for every endpoint".into(),
        ));
    }
    let mut spec = json!({ "endpoint": endpoint, "kind": add.kind });
    if add.kind == FaultKindChoice::Latency {
        let ms = add
            .latency_ms
            .ok_or_else(|| refuse("a latency fault needs the milliseconds to wait".into()))?;
        spec["ms"] = json!(ms);
    }
    if let Some(times) = add.times {
        spec["times"] = json!(times);
    }
    if let Some(fraction) = add.fraction {
        spec["fraction"] = json!(fraction);
    }
    serde_json::from_value(spec).map_err(|e| refuse(format!("the fault is not valid: {e}")))
}

/// The sandbox's own refusal of a fault spec, as the UI's error.
pub fn fault_refused(problem: String) -> IpcError {
    IpcError::from(kendra_workflows::Error::input("fault", problem))
}

/// Not running, as the UI's error (for add/remove/clear).
pub fn sandbox_not_running() -> IpcError {
    not_running()
}
