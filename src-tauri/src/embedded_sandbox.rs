//! The built-in sandbox: started on a thread of its own when the app opens, on a free loopback
//! port, so every screen works before any real credential exists. It starts in the background
//! because seeding (keys, certificates) must not delay the first screen.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use kendra_ipc::{ProfilesSaved, SandboxStatus};
use kendra_sandbox::{BackgroundSandbox, SandboxConfig};

enum Slot {
    Starting,
    Running(BackgroundSandbox, ProfilesSaved),
    Failed(String),
}

/// Where the app keeps its journal and under which keyring namespace (the CLI's default folder
/// uses the same, so `kendra profile list` shows what the app saved).
pub struct AppData {
    pub dir: PathBuf,
    pub identifier: String,
}

/// Managed Tauri state holding the sandbox for the app's lifetime.
#[derive(Clone)]
pub struct EmbeddedSandbox {
    slot: Arc<Mutex<Slot>>,
}

impl EmbeddedSandbox {
    /// Starts the sandbox in the background, then saves one Sandbox profile per peer (settings
    /// in the journal, keys in the OS keyring). Without an app-data folder nothing is kept.
    pub fn start(app_data: Option<AppData>) -> Self {
        let sandbox = Self {
            slot: Arc::new(Mutex::new(Slot::Starting)),
        };
        let slot = Arc::clone(&sandbox.slot);
        let spawned = std::thread::Builder::new()
            .name("sandbox-start".into())
            .spawn(move || {
                let data_dir = app_data.as_ref().map(|a| a.dir.join("sandbox"));
                let started = BackgroundSandbox::start(SandboxConfig { port: 0, data_dir });
                *lock(&slot) = match started {
                    Ok(running) => {
                        let saved = save_profiles(app_data.as_ref(), &running);
                        Slot::Running(running, saved)
                    }
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
            Slot::Running(s, saved) => SandboxStatus::Running {
                base_url: s.base_url().to_owned(),
                saved: saved.clone(),
            },
            Slot::Failed(reason) => SandboxStatus::Failed {
                reason: reason.clone(),
            },
        }
    }
}

/// Imports the running sandbox's profiles into the journal and the keyring. A machine without a
/// keyring still gets a working app: the profiles then live for this run only, and the UI says why.
fn save_profiles(app_data: Option<&AppData>, sandbox: &BackgroundSandbox) -> ProfilesSaved {
    let Some(app_data) = app_data else {
        return ProfilesSaved::NotSaved {
            reason: "the app has no data folder on this system".into(),
        };
    };
    let saved = (|| -> Result<(), String> {
        let journal = kendra_journal::Journal::open(&app_data.dir).map_err(|e| e.to_string())?;
        let app_id = kendra_secrets::AppId::for_this_build(&app_data.identifier)
            .map_err(|e| e.to_string())?;
        let store = kendra_secrets::KeyringStore::new(app_id);
        let info = kendra_sandbox::control::info_document(sandbox.shared());
        let actor = kendra_journal::Actor::Operator("Kendra Desk (first run)".into());
        kendra_profiles::Profiles::new(&journal, &store, actor)
            .import_sandbox(&info)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })();
    match saved {
        Ok(()) => ProfilesSaved::Saved {
            journal: app_data.dir.join("journal.sqlite3").display().to_string(),
        },
        Err(reason) => ProfilesSaved::NotSaved { reason },
    }
}

fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
