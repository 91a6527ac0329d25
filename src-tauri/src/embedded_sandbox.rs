//! The built-in sandbox: started on a thread of its own when the app opens, on a free loopback
//! port, so every screen works before any real credential exists. It starts in the background
//! because seeding (keys, certificates) must not delay the first screen.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use kendra_ipc::SandboxStatus;
use kendra_sandbox::{BackgroundSandbox, SandboxConfig};

enum Slot {
    Starting,
    Running(BackgroundSandbox),
    Failed(String),
}

/// Managed Tauri state holding the sandbox for the app's lifetime.
#[derive(Clone)]
pub struct EmbeddedSandbox {
    slot: Arc<Mutex<Slot>>,
}

impl EmbeddedSandbox {
    /// Starts the sandbox in the background; `data_dir` keeps its keys across runs.
    pub fn start(data_dir: Option<PathBuf>) -> Self {
        let sandbox = Self {
            slot: Arc::new(Mutex::new(Slot::Starting)),
        };
        let slot = Arc::clone(&sandbox.slot);
        let spawned = std::thread::Builder::new()
            .name("sandbox-start".into())
            .spawn(move || {
                let started = BackgroundSandbox::start(SandboxConfig { port: 0, data_dir });
                *lock(&slot) = match started {
                    Ok(running) => Slot::Running(running),
                    Err(e) => Slot::Failed(e.to_string()),
                };
            });
        if let Err(e) = spawned {
            *lock(&sandbox.slot) = Slot::Failed(format!("could not start its thread: {e}"));
        }
        sandbox
    }

    pub fn status(&self) -> SandboxStatus {
        match &*lock(&self.slot) {
            Slot::Starting => SandboxStatus::Starting,
            Slot::Running(s) => SandboxStatus::Running {
                base_url: s.base_url().to_owned(),
            },
            Slot::Failed(reason) => SandboxStatus::Failed {
                reason: reason.clone(),
            },
        }
    }
}

fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
