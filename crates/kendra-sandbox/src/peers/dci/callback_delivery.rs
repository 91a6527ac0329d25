//! Delivering the registry's callbacks (on-search, on-subscribe, on-unsubscribe, notify,
//! txn/on-status) to the sender, in a background task, and recording each outcome for
//! `GET /_sandbox/dci/callbacks`. Plain HTTP/1.1 over loopback: the sandbox has no HTTP client
//! dependency and callbacks go to listeners on this machine.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use tokio::net::TcpStream;

use super::{access_token, answer_envelopes::timestamp, JWT_SECRET, REGISTRY_ID};
use crate::inbox::lock;
use crate::shared::Shared;

const ATTEMPTS: u32 = 3;
const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub id: u64,
    pub action: String,
    pub url: String,
    pub receiver_id: String,
    pub transaction_id: String,
    pub correlation_id: String,
    /// `pending`, `delivered` or `failed`.
    pub status: &'static str,
    pub attempts: u32,
    pub http_status: Option<u16>,
    pub error: Option<String>,
    pub queued_at: String,
    pub finished_at: Option<String>,
}

/// The callback's URL: `base` with the yaml's path for `suffix` (`on-search`, `notify`,
/// `txn/on-status`, …). A base that already ends in one of those paths has it replaced.
pub fn callback_url(base: &str, suffix: &str) -> String {
    let trimmed = base.trim_end_matches('/');
    for known in [
        "txn/on-status",
        "on-search",
        "on-subscribe",
        "on-unsubscribe",
        "notify",
    ] {
        if let Some(stem) = trimmed.strip_suffix(known) {
            if stem.ends_with('/') {
                return format!("{stem}{suffix}");
            }
        }
    }
    format!("{trimmed}/{suffix}")
}

/// Why `uri` cannot receive callbacks, if it cannot.
pub fn check_uri(uri: &str) -> Result<(), String> {
    match split_url(uri) {
        Some(_) => Ok(()),
        None => Err(format!(
            "sender_uri \"{uri}\" is not an http://host:port/path URL the sandbox can call back (plain HTTP only)"
        )),
    }
}

/// (host:port, path)
fn split_url(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if authority.is_empty() || authority.contains(['@', ' ']) {
        return None;
    }
    let authority = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    Some((authority, path.to_owned()))
}

/// Records the delivery and sends it in the background; returns its id.
pub fn spawn(
    shared: &Arc<Shared>,
    action: &str,
    url: String,
    receiver_id: &str,
    body: Value,
) -> u64 {
    let now = shared.clock.now();
    let body = super::answer_forgery::apply(shared, body, now);
    let pick = |name: &str| {
        body.pointer(&format!("/message/{name}"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let id = {
        let mut state = lock(&shared.dci);
        let id = state.deliveries.len() as u64 + 1;
        state.deliveries.push(Delivery {
            id,
            action: action.to_owned(),
            url: url.clone(),
            receiver_id: receiver_id.to_owned(),
            transaction_id: pick("transaction_id"),
            correlation_id: pick("correlation_id"),
            status: "pending",
            attempts: 0,
            http_status: None,
            error: None,
            queued_at: timestamp(now),
            finished_at: None,
        });
        id
    };
    let shared = Arc::clone(shared);
    tokio::spawn(async move {
        let text = body.to_string();
        for attempt in 1..=ATTEMPTS {
            let token = access_token::issue(REGISTRY_ID, JWT_SECRET, shared.clock.now())
                .unwrap_or_default();
            let result = post(&url, &text, &token).await;
            let done = matches!(result, Ok(status) if (200..300).contains(&status));
            {
                let mut state = lock(&shared.dci);
                if let Some(d) = state.deliveries.iter_mut().find(|d| d.id == id) {
                    d.attempts = attempt;
                    match &result {
                        Ok(status) => {
                            d.http_status = Some(*status);
                            d.error =
                                (!done).then(|| format!("the receiver answered HTTP {status}"));
                        }
                        Err(e) => d.error = Some(e.clone()),
                    }
                    if done || attempt == ATTEMPTS {
                        d.status = if done { "delivered" } else { "failed" };
                        d.finished_at = Some(timestamp(shared.clock.now()));
                    }
                }
            }
            if done || attempt == ATTEMPTS {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250 * u64::from(attempt))).await;
        }
    });
    id
}

/// POSTs JSON and returns the HTTP status.
async fn post(url: &str, body: &str, token: &str) -> Result<u16, String> {
    let (authority, path) =
        split_url(url).ok_or_else(|| format!("{url} is not a plain http:// URL"))?;
    let exchange = async {
        let stream = TcpStream::connect(&authority)
            .await
            .map_err(|e| format!("could not connect to {authority}: {e}"))?;
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        // Without tokio's io-util feature: wait for readiness, then try_write / try_read.
        let mut sent = 0;
        let bytes = request.as_bytes();
        while sent < bytes.len() {
            stream
                .writable()
                .await
                .map_err(|e| format!("sending to {authority} failed: {e}"))?;
            match stream.try_write(&bytes[sent..]) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(format!("sending to {authority} failed: {e}")),
            }
        }
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        // The status line is all we need.
        while !head.windows(2).any(|w| w == b"\r\n") {
            stream
                .readable()
                .await
                .map_err(|e| format!("reading the answer from {authority} failed: {e}"))?;
            let n = match stream.try_read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) => return Err(format!("reading the answer from {authority} failed: {e}")),
            };
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let line = String::from_utf8_lossy(&head);
        line.split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| format!("{authority} did not answer with an HTTP status line"))
    };
    tokio::time::timeout(TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{url} did not answer within {} seconds", TIMEOUT.as_secs()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_urls_follow_the_yaml_paths() {
        assert_eq!(
            callback_url("http://127.0.0.1:9/registry", "on-search"),
            "http://127.0.0.1:9/registry/on-search"
        );
        assert_eq!(
            callback_url("http://127.0.0.1:9/registry/on-search", "notify"),
            "http://127.0.0.1:9/registry/notify"
        );
        assert_eq!(
            callback_url("http://h:1/cb/on-subscribe", "txn/on-status"),
            "http://h:1/cb/txn/on-status"
        );
        assert!(check_uri("https://x").is_err());
        assert!(check_uri("").is_err());
        assert_eq!(split_url("http://h/x"), Some(("h:80".into(), "/x".into())));
    }
}
