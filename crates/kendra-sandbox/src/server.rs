//! Starting and stopping the sandbox: in a tokio runtime ([`RunningSandbox`]) or on a thread of
//! its own ([`BackgroundSandbox`], for the desktop app and blocking callers).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::shared::Shared;
use crate::{control, faults, peers, Error, Result};

#[derive(Debug, Clone, Default)]
pub struct SandboxConfig {
    /// 0 picks a free port.
    pub port: u16,
    /// Where the sandbox keeps what must survive a restart (CSP keys and certificates).
    pub data_dir: Option<PathBuf>,
}

pub fn app(shared: Arc<Shared>) -> Router {
    // The fallback sits inside the fault layer so faults and stats cover unknown paths too.
    let peers =
        peers::router()
            .fallback(no_such_endpoint)
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&shared),
                faults::apply,
            ));
    peers.merge(control::router()).with_state(shared)
}

async fn no_such_endpoint(
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> (axum::http::StatusCode, axum::Json<serde_json::Value>) {
    (
        axum::http::StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({
            "error": format!("the sandbox has no endpoint {method} {}; GET /_sandbox/info lists them", uri.path()),
        })),
    )
}

pub struct RunningSandbox {
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningSandbox {
    /// Binds 127.0.0.1 and serves until [`Self::stop`].
    pub async fn start(config: SandboxConfig) -> Result<Self> {
        if let Some(dir) = &config.data_dir {
            std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
                path: dir.clone(),
                source,
            })?;
        }
        let addr = SocketAddr::from(([127, 0, 0, 1], config.port));
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind {
                addr: addr.to_string(),
                source,
            })?;
        let local = listener.local_addr().map_err(|source| Error::Bind {
            addr: addr.to_string(),
            source,
        })?;
        let base_url = format!("http://{local}");
        let shared = Arc::new(Shared::new(base_url, config.data_dir)?);
        let (tx, rx) = oneshot::channel::<()>();
        let router = app(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        });
        Ok(Self {
            shared,
            shutdown: Some(tx),
            task,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// Serves until the process is interrupted (Ctrl-C) or the server fails.
    pub async fn serve_until_ctrl_c(mut self) -> Result<()> {
        tokio::select! {
            result = &mut self.task => flatten(result),
            _ = tokio::signal::ctrl_c() => { self.stop().await; Ok(()) }
        }
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

fn flatten(result: std::result::Result<std::io::Result<()>, tokio::task::JoinError>) -> Result<()> {
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Error::Runtime {
            detail: e.to_string(),
        }),
        Err(e) => Err(Error::Runtime {
            detail: e.to_string(),
        }),
    }
}

/// The sandbox on a thread with its own runtime.
pub struct BackgroundSandbox {
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl BackgroundSandbox {
    pub fn start(config: SandboxConfig) -> Result<Self> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(String, Arc<Shared>)>>();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("kendra-sandbox".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(Error::Runtime {
                            detail: e.to_string(),
                        }));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match RunningSandbox::start(config).await {
                        Ok(sandbox) => {
                            let _ = ready_tx.send(Ok((
                                sandbox.base_url().to_owned(),
                                Arc::clone(sandbox.shared()),
                            )));
                            let _ = stop_rx.await;
                            sandbox.stop().await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
            })
            .map_err(|e| Error::Runtime {
                detail: e.to_string(),
            })?;
        let (base_url, shared) = ready_rx.recv().map_err(|e| Error::Runtime {
            detail: format!("the sandbox thread ended before it was ready: {e}"),
        })??;
        Ok(Self {
            base_url,
            shared,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for BackgroundSandbox {
    fn drop(&mut self) {
        self.shutdown();
    }
}
