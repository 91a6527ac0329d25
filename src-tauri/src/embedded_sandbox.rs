//! The built-in sandbox: started on a thread of its own when the app opens, on a free loopback
//! port, so every screen works before any real credential exists. It starts in the background
//! because seeding (keys, certificates) must not delay the first screen.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use kendra_ipc::{Desk, ErrorCode, IpcError, ProfilesSaved, SandboxStatus};
use kendra_sandbox::{BackgroundSandbox, SandboxConfig};
use kendra_secrets::SecretStore;

enum Slot {
    Starting,
    Running(BackgroundSandbox, ProfilesSaved, Result<Arc<Desk>, String>),
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
    /// Set when the UI has painted its first screen: seeding (RSA keys, certificates) waits for
    /// it, so on a 2-core counter PC it never competes with WebKit for the first paint.
    first_screen: Arc<(Mutex<bool>, Condvar)>,
}

/// The longest the sandbox waits for the first screen before it starts anyway.
const FIRST_SCREEN_WAIT: Duration = Duration::from_secs(3);

impl EmbeddedSandbox {
    /// Starts the sandbox in the background, then saves one Sandbox profile per peer (settings
    /// in the journal, keys in the OS keyring). Without an app-data folder nothing is kept.
    pub fn start(app_data: Option<AppData>) -> Self {
        let sandbox = Self {
            slot: Arc::new(Mutex::new(Slot::Starting)),
            first_screen: Arc::new((Mutex::new(false), Condvar::new())),
        };
        let slot = Arc::clone(&sandbox.slot);
        let first_screen = Arc::clone(&sandbox.first_screen);
        let spawned = std::thread::Builder::new()
            .name("sandbox-start".into())
            .spawn(move || {
                let (shown, signal) = &*first_screen;
                let guard = shown.lock().unwrap_or_else(PoisonError::into_inner);
                drop(
                    signal
                        .wait_timeout_while(guard, FIRST_SCREEN_WAIT, |shown| !*shown)
                        .unwrap_or_else(PoisonError::into_inner),
                );
                let data_dir = app_data.as_ref().map(|a| a.dir.join("sandbox"));
                let started = BackgroundSandbox::start(SandboxConfig { port: 0, data_dir });
                *lock(&slot) = match started {
                    Ok(running) => {
                        let (saved, desk) = open_desk(app_data.as_ref(), &running);
                        Slot::Running(running, saved, desk)
                    }
                    Err(e) => Slot::Failed(e.to_string()),
                };
            });
        if let Err(e) = spawned {
            *lock(&sandbox.slot) = Slot::Failed(format!("could not start its thread: {e}"));
        }
        sandbox
    }

    /// The UI has painted its first screen: the sandbox may start seeding now.
    pub fn first_screen_shown(&self) {
        let (shown, signal) = &*self.first_screen;
        *shown.lock().unwrap_or_else(PoisonError::into_inner) = true;
        signal.notify_all();
    }

    pub fn status(&self) -> SandboxStatus {
        match &*lock(&self.slot) {
            Slot::Starting => SandboxStatus::Starting,
            Slot::Running(s, saved, _) => SandboxStatus::Running {
                base_url: s.base_url().to_owned(),
                saved: saved.clone(),
            },
            Slot::Failed(reason) => SandboxStatus::Failed {
                reason: reason.clone(),
            },
        }
    }

    /// The running sandbox's state (its inbox, faults and clock), for Settings' sandbox panel.
    pub fn sandbox_shared(&self) -> Option<Arc<kendra_sandbox::Shared>> {
        match &*lock(&self.slot) {
            Slot::Running(s, _, _) => Some(Arc::clone(s.shared())),
            Slot::Starting | Slot::Failed(_) => None,
        }
    }

    /// The desk every screen works on, once the sandbox and the journal are ready.
    pub fn desk(&self) -> Result<Arc<Desk>, IpcError> {
        match &*lock(&self.slot) {
            Slot::Running(_, _, Ok(desk)) => Ok(Arc::clone(desk)),
            Slot::Running(_, _, Err(reason)) | Slot::Failed(reason) => Err(IpcError::new(
                ErrorCode::Internal,
                "Kendra Desk could not open its journal; the screens cannot work this run.",
            )
            .with_text(reason.clone())),
            Slot::Starting => Err(IpcError::new(
                ErrorCode::Internal,
                "Kendra Desk is still starting its sandbox; try again in a moment.",
            )),
        }
    }
}

/// Opens the desk (journal in the app-data folder, secrets in the OS keyring) and imports the
/// running sandbox's profiles into it. A machine without a keyring still gets a working app: the
/// secrets then live in memory for this run only (and the journal in a temporary folder if there
/// is no app-data folder), and the UI says why.
fn open_desk(
    app_data: Option<&AppData>,
    sandbox: &BackgroundSandbox,
) -> (ProfilesSaved, Result<Arc<Desk>, String>) {
    let info = kendra_sandbox::control::info_document(sandbox.shared());
    let import = |desk: &Desk| -> Result<(), String> {
        let actor = kendra_journal::Actor::Operator("Kendra Desk (first run)".into());
        kendra_profiles::Profiles::new(desk.journal(), desk.store(), actor)
            .import_sandbox(&info)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let saved = app_data.ok_or_else(|| "the app has no data folder on this system".to_owned());
    let saved = saved.and_then(|app_data| {
        let app_id = kendra_secrets::AppId::for_this_build(&app_data.identifier)
            .map_err(|e| e.to_string())?;
        let store: Arc<dyn SecretStore> = Arc::new(kendra_secrets::KeyringStore::new(app_id));
        let desk = Desk::open(&app_data.dir, store).map_err(|e| e.to_string())?;
        import(&desk)?;
        Ok((app_data, desk))
    });
    match saved {
        Ok((app_data, desk)) => (
            ProfilesSaved::Saved {
                journal: app_data.dir.join("journal.sqlite3").display().to_string(),
            },
            Ok(Arc::new(desk)),
        ),
        Err(reason) => {
            // This run only: secrets in memory, the journal in the app-data folder's "unsaved"
            // subfolder (or a temporary one), so nothing half-saved mixes with the real journal.
            let dir = app_data.map_or_else(
                || std::env::temp_dir().join(format!("kendra-desk-{}", std::process::id())),
                |a| a.dir.join("unsaved"),
            );
            let store: Arc<dyn SecretStore> = Arc::new(kendra_secrets::MemoryStore::new());
            let desk = Desk::open(&dir, store)
                .map_err(|e| e.to_string())
                .and_then(|desk| import(&desk).map(|()| Arc::new(desk)));
            (ProfilesSaved::NotSaved { reason }, desk)
        }
    }
}

fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
