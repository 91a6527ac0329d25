//! Fault injection, per endpoint: added latency, a connection reset, HTTP 400/500, the peer's own
//! `FAILED` answer, a malformed body, or a slow drip; for every call, the next N calls, or a
//! fraction of calls. Configured through `POST /_sandbox/faults`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::inbox::lock;
use crate::shared::Shared;
use crate::stats::Outcome;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Wait this long before answering.
    Latency { ms: u64 },
    /// Drop the connection mid-answer.
    Reset,
    #[serde(rename = "http_400")]
    Http400,
    #[serde(rename = "http_500")]
    Http500,
    /// The peer's own failure answer (ISP `statusMessage: FAILED`, BSK `statusCode: 400`, …).
    Failed,
    /// A truncated, unparseable body with a success status.
    Malformed,
    /// The real answer, a few bytes at a time.
    SlowDrip {
        #[serde(default = "default_chunk")]
        bytes_per_chunk: usize,
        #[serde(default = "default_interval")]
        interval_ms: u64,
    },
}

fn default_chunk() -> usize {
    16
}
fn default_interval() -> u64 {
    200
}

/// A fault as configured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FaultSpec {
    /// An exact path (`/ispws/isp/v1/returnServiceStatus`), a prefix ending in `*` (`/ispws/*`),
    /// or `*` for every peer endpoint.
    pub endpoint: String,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Only the next N matching calls (absent: every call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Only this fraction of matching calls, 0.0–1.0 (absent: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction: Option<f64>,
}

impl FaultSpec {
    pub fn validate(&self) -> Result<(), String> {
        if self.endpoint.trim().is_empty() {
            return Err("endpoint is empty: give a path such as /ispws/* or * for all".into());
        }
        if !self.endpoint.starts_with('/') && self.endpoint != "*" {
            return Err(format!(
                "endpoint {:?} must start with / (or be *)",
                self.endpoint
            ));
        }
        if let Some(f) = self.fraction {
            if !(0.0..=1.0).contains(&f) {
                return Err(format!("fraction {f} must be between 0 and 1"));
            }
        }
        if self.times == Some(0) {
            return Err("times must be at least 1 (leave it out for every call)".into());
        }
        if let FaultKind::SlowDrip {
            bytes_per_chunk: 0, ..
        } = self.kind
        {
            return Err("bytes_per_chunk must be at least 1".into());
        }
        Ok(())
    }

    fn matches(&self, path: &str) -> bool {
        match self.endpoint.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == self.endpoint,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FaultRule {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// Calls this rule has hit so far.
    pub hits: u64,
}

#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<(u64, Vec<FaultRule>)>,
}

impl Faults {
    pub fn add(&self, spec: FaultSpec) -> FaultRule {
        let mut rules = lock(&self.rules);
        rules.0 += 1;
        let rule = FaultRule {
            id: rules.0,
            spec,
            hits: 0,
        };
        rules.1.push(rule.clone());
        rule
    }

    pub fn list(&self) -> Vec<FaultRule> {
        lock(&self.rules).1.clone()
    }

    pub fn remove(&self, id: u64) -> bool {
        let mut rules = lock(&self.rules);
        let before = rules.1.len();
        rules.1.retain(|r| r.id != id);
        rules.1.len() != before
    }

    pub fn clear(&self) {
        lock(&self.rules).1.clear();
    }

    /// The faults that fire for this call; counts down `times` and drops spent rules.
    fn fire(&self, path: &str) -> Vec<FaultKind> {
        let mut rules = lock(&self.rules);
        let mut fired = Vec::new();
        for rule in rules.1.iter_mut().filter(|r| r.spec.matches(path)) {
            if let Some(f) = rule.spec.fraction {
                if rand::random::<f64>() >= f {
                    continue;
                }
            }
            rule.hits += 1;
            if let Some(t) = rule.spec.times.as_mut() {
                *t -= 1;
            }
            fired.push(rule.spec.kind.clone());
        }
        rules.1.retain(|r| r.spec.times != Some(0));
        fired
    }
}

const MAX_BODY: usize = 64 * 1024 * 1024;

/// The middleware in front of every peer endpoint: applies faults and records stats.
pub async fn apply(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let fired = shared.faults.fire(&path);

    let latency: u64 = fired
        .iter()
        .map(|k| match k {
            FaultKind::Latency { ms } => *ms,
            _ => 0,
        })
        .sum();
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }

    let has = |want: fn(&FaultKind) -> bool| fired.iter().any(want);
    let (response, outcome) = if has(|k| matches!(k, FaultKind::Reset)) {
        (reset_response(), "fault_reset")
    } else if has(|k| matches!(k, FaultKind::Http500)) {
        (
            injected_status(StatusCode::INTERNAL_SERVER_ERROR),
            "fault_http_500",
        )
    } else if has(|k| matches!(k, FaultKind::Http400)) {
        (injected_status(StatusCode::BAD_REQUEST), "fault_http_400")
    } else if has(|k| matches!(k, FaultKind::Failed)) {
        let now = shared.clock.now();
        (crate::peers::failed_answer(&path, now), "fault_failed")
    } else {
        let response = next.run(request).await;
        let outcome = response
            .extensions()
            .get::<Outcome>()
            .map(|o| o.0.to_owned())
            .unwrap_or_else(|| format!("http_{}", response.status().as_u16()));
        shared.stats.record_request(&path, &outcome);
        return post_faults(response, &fired).await;
    };
    shared.stats.record_request(&path, outcome);
    post_faults(response, &fired).await
}

async fn post_faults(response: Response, fired: &[FaultKind]) -> Response {
    let malformed = fired.iter().any(|k| matches!(k, FaultKind::Malformed));
    let drip = fired.iter().find_map(|k| match k {
        FaultKind::SlowDrip {
            bytes_per_chunk,
            interval_ms,
        } => Some((*bytes_per_chunk, *interval_ms)),
        _ => None,
    });
    if !malformed && drip.is_none() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let mut bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default()
        .to_vec();
    if malformed {
        bytes.truncate(bytes.len() / 2);
        bytes.extend_from_slice(b"\x00<!-- sandbox: malformed body -->");
        parts.status = StatusCode::OK;
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = match drip {
        Some((chunk, interval)) => {
            let chunks: Vec<Bytes> = bytes
                .chunks(chunk.max(1))
                .map(Bytes::copy_from_slice)
                .collect();
            let stream =
                futures_util::stream::unfold(chunks.into_iter(), move |mut it| async move {
                    let next = it.next()?;
                    tokio::time::sleep(Duration::from_millis(interval)).await;
                    Some((Ok::<_, std::io::Error>(next), it))
                });
            Body::from_stream(stream)
        }
        None => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

fn injected_status(status: StatusCode) -> Response {
    let body = serde_json::json!({
        "error": format!("sandbox fault: HTTP {} injected", status.as_u16()),
    });
    (status, axum::Json(body)).into_response()
}

/// Headers, then the connection drops: the client sees a reset mid-answer.
fn reset_response() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "sandbox fault: connection reset",
        ))
    });
    Response::new(Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn specs_parse_and_validate() {
        let s = spec(r#"{"endpoint":"/ispws/*","kind":"latency","ms":250,"times":2}"#);
        assert_eq!(s.kind, FaultKind::Latency { ms: 250 });
        assert!(s.validate().is_ok());
        assert!(spec(r#"{"endpoint":"ispws","kind":"reset"}"#)
            .validate()
            .is_err());
        assert!(spec(r#"{"endpoint":"*","kind":"failed","fraction":1.5}"#)
            .validate()
            .is_err());
        let drip = spec(r#"{"endpoint":"*","kind":"slow_drip"}"#);
        assert_eq!(
            drip.kind,
            FaultKind::SlowDrip {
                bytes_per_chunk: 16,
                interval_ms: 200
            }
        );
    }

    #[test]
    fn next_n_calls_then_gone() {
        let faults = Faults::default();
        faults.add(spec(
            r#"{"endpoint":"/ispws/*","kind":"http_500","times":2}"#,
        ));
        assert_eq!(faults.fire("/bsk/api1").len(), 0);
        assert_eq!(faults.fire("/ispws/authenticate").len(), 1);
        assert_eq!(faults.fire("/ispws/isp/v1/x").len(), 1);
        assert_eq!(faults.fire("/ispws/isp/v1/x").len(), 0);
        assert!(faults.list().is_empty());
    }

    #[test]
    fn fractions_sample() {
        let faults = Faults::default();
        faults.add(spec(r#"{"endpoint":"*","kind":"failed","fraction":0.5}"#));
        let hits = (0..400).filter(|_| !faults.fire("/x").is_empty()).count();
        assert!((120..280).contains(&hits), "{hits}");
        faults.add(spec(r#"{"endpoint":"/y","kind":"failed","fraction":0.0}"#));
        assert!((0..50).all(|_| faults.fire("/y").len() <= 1));
    }
}
