//! The loopback listener the registry calls back: `on-search`, `on-subscribe`, `on-unsubscribe`,
//! `notify`, `txn/on-status` under `http://127.0.0.1:<port>/registry`. Every body is verified
//! with the registry's key before anything else: a verified one is acknowledged (`ACK`), one
//! that fails is refused with HTTP 401 `err.signature.invalid` and handed on only as a failure.
//! Bodies are read within a size limit and a time limit.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, SecondsFormat, Utc};
use kendra_client::dci_client::{DciClient, SignedAnswer};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, Result};

/// The callbacks' base path: the registry appends `on-search`, `notify`, ….
pub const CALLBACK_BASE_PATH: &str = "/registry";
/// A callback body larger than this is refused (the registry's pages are far smaller).
pub const MAX_CALLBACK_BYTES: usize = 4 * 1024 * 1024;
/// How long a callback body may take to arrive.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// One callback as it arrived and how it was answered.
#[derive(Debug)]
pub struct ReceivedCallback {
    /// The callback's name: the path after `/registry/` (`on-search`, `notify`, `txn/on-status`).
    pub endpoint: String,
    pub received_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// The body as received, secrets removed (for the journal).
    pub body: String,
    /// What the listener answered.
    pub answered_status: u16,
    pub answer: String,
    /// The verified envelope, or why it was refused. Never the content of a refused one.
    pub verdict: std::result::Result<SignedAnswer, kendra_client::Error>,
}

struct ListenerState {
    client: Arc<DciClient>,
    sender: mpsc::UnboundedSender<ReceivedCallback>,
}

/// A running listener; dropped or [`CallbackListener::close`]d, it stops.
pub struct CallbackListener {
    address: SocketAddr,
    receiver: mpsc::UnboundedReceiver<ReceivedCallback>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Callbacks taken from the channel (and journaled) that no one has claimed yet.
    pub(crate) unclaimed: Vec<ReceivedCallback>,
}

impl CallbackListener {
    /// Listens on 127.0.0.1:`port` (0: any free port) and verifies callbacks with `client`.
    pub async fn start(client: Arc<DciClient>, port: u16) -> Result<Self> {
        let wanted = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = tokio::net::TcpListener::bind(wanted)
            .await
            .map_err(|e| Error::input(
                "--callback-port",
                format!("port {port} on 127.0.0.1 cannot be listened on for the registry's callbacks ({e}): choose another port, or 0 for any free one"),
            ))?;
        let address = listener.local_addr().map_err(|e| {
            Error::input(
                "--callback-port",
                format!("the callback listener has no address: {e}"),
            )
        })?;
        let (sender, receiver) = mpsc::unbounded_channel();
        let state = Arc::new(ListenerState { client, sender });
        let app = axum::Router::new().fallback(receive).with_state(state);
        let (shutdown, stop) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.await;
                })
                .await;
        });
        Ok(Self {
            address,
            receiver,
            shutdown: Some(shutdown),
            task: Some(task),
            unclaimed: Vec::new(),
        })
    }

    /// The `sender_uri` to give the registry: `http://127.0.0.1:<port>/registry`.
    pub fn base_uri(&self) -> String {
        format!("http://{}{CALLBACK_BASE_PATH}", self.address)
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The next callback, waiting until `deadline` at most.
    pub(crate) async fn next(
        &mut self,
        deadline: tokio::time::Instant,
    ) -> Option<ReceivedCallback> {
        tokio::time::timeout_at(deadline, self.receiver.recv())
            .await
            .ok()
            .flatten()
    }

    /// Every callback that arrived and was not taken from the channel yet, without waiting.
    pub(crate) fn drain(&mut self) -> Vec<ReceivedCallback> {
        let mut all = Vec::new();
        while let Ok(callback) = self.receiver.try_recv() {
            all.push(callback);
        }
        all
    }

    /// Stops listening; returns what arrived and was not taken from the channel yet.
    pub(crate) async fn stop(&mut self) -> Vec<ReceivedCallback> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), task).await;
        }
        self.drain()
    }
}

impl Drop for CallbackListener {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn receive(State(state): State<Arc<ListenerState>>, request: Request) -> Response {
    let received_at = Utc::now();
    let path = request.uri().path().to_owned();
    let endpoint = path
        .strip_prefix(CALLBACK_BASE_PATH)
        .unwrap_or(&path)
        .trim_start_matches('/')
        .to_owned();
    let body: Body = request.into_body();
    let read = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, MAX_CALLBACK_BYTES));
    let (text, verdict) = match read.await {
        Err(_) => (
            String::new(),
            Err(refusal(
                &endpoint,
                "the body did not arrive within 10 seconds",
            )),
        ),
        Ok(Err(e)) => (
            String::new(),
            Err(refusal(
                &endpoint,
                &format!(
                    "the body could not be read (larger than {MAX_CALLBACK_BYTES} bytes?): {e}"
                ),
            )),
        ),
        Ok(Ok(bytes)) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let verdict = if is_callback(&endpoint) {
                state.client.verify_callback(&endpoint, &text)
            } else {
                Err(refusal(
                    &endpoint,
                    "it is not one of the DCI callbacks (on-search, on-subscribe, on-unsubscribe, notify, txn/on-status)",
                ))
            };
            (text, verdict)
        }
    };
    let now = Utc::now();
    let (status, answer) = match &verdict {
        Ok(answer) => {
            let correlation = answer
                .message
                .as_ref()
                .and_then(|m| m.get("correlation_id"))
                .and_then(Value::as_str)
                .unwrap_or("");
            (
                StatusCode::OK,
                json!({"message": {
                    "ack_status": "ACK",
                    "timestamp": now.to_rfc3339_opts(SecondsFormat::Millis, true),
                    "correlation_id": correlation,
                }}),
            )
        }
        Err(e) => (
            if is_callback(&endpoint) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::NOT_FOUND
            },
            json!({"errors": [{
                "code": if is_callback(&endpoint) { "err.signature.invalid" } else { "err.request.bad" },
                "message": e.to_string().chars().take(999).collect::<String>(),
            }]}),
        ),
    };
    let callback = ReceivedCallback {
        endpoint,
        received_at,
        finished_at: now,
        body: state.client.redact(&text),
        answered_status: status.as_u16(),
        answer: answer.to_string(),
        verdict,
    };
    // The receiver may be gone (the workflow ended): the answer still goes back.
    let _ = state.sender.send(callback);
    (status, Json(answer)).into_response()
}

fn is_callback(endpoint: &str) -> bool {
    matches!(
        endpoint,
        "on-search" | "on-subscribe" | "on-unsubscribe" | "notify" | "txn/on-status"
    )
}

fn refusal(endpoint: &str, problem: &str) -> kendra_client::Error {
    kendra_client::Error::BadResponse {
        peer: kendra_client::Peer::Dci,
        endpoint: endpoint.to_owned(),
        problem: problem.to_owned(),
        detail: String::new(),
    }
}
