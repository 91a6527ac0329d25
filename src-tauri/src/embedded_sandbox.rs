//! The built-in sandbox: started on a thread of its own when the app opens, on a free loopback
//! port, so every screen works before any real credential exists. It starts in the background
//! because seeding (keys, certificates) must not delay the first screen.
//!
//! The desk (journal, secret store, profiles) is opened once, with the sandbox's first start, and
//! then lives on its own: stopping the sandbox from Settings leaves the journal and the real
//! profiles working; starting it again (on a new port) re-imports the Sandbox profiles so their
//! base URLs follow.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use kendra_ipc::{Desk, ErrorCode, IpcError, ProfilesSaved, SandboxStatus};
use kendra_sandbox::{BackgroundSandbox, SandboxConfig};
use kendra_secrets::SecretStore;

enum Slot {
    Starting,
    Running(BackgroundSandbox),
    /// Stopped from Settings; where it last ran.
    Stopped(String),
    Failed(String),
}

struct State {
    slot: Slot,
    /// `None` until the first start has opened it; then kept for the app's lifetime.
    desk: Option<Result<Arc<Desk>, String>>,
    saved: ProfilesSaved,
}

/// Where the app keeps its journal and under which keyring namespace (the CLI's default folder
/// uses the same, so `kendra profile list` shows what the app saved).
#[derive(Clone)]
pub struct AppData {
    pub dir: PathBuf,
    pub identifier: String,
}

/// Managed Tauri state holding the sandbox for the app's lifetime.
#[derive(Clone)]
pub struct EmbeddedSandbox {
    state: Arc<Mutex<State>>,
    app_data: Option<AppData>,
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
            state: Arc::new(Mutex::new(State {
                slot: Slot::Starting,
                desk: None,
                saved: ProfilesSaved::NotSaved {
                    reason: "the sandbox is still starting".to_owned(),
                },
            })),
            app_data,
            first_screen: Arc::new((Mutex::new(false), Condvar::new())),
        };
        sandbox.spawn_start(true);
        sandbox
    }

    /// Starts the sandbox on a thread (after the first screen, the first time), then opens the
    /// desk (first time) or re-imports the Sandbox profiles into it (later times).
    fn spawn_start(&self, first: bool) {
        let this = self.clone();
        let spawned = std::thread::Builder::new()
            .name("sandbox-start".into())
            .spawn(move || {
                if first {
                    let (shown, signal) = &*this.first_screen;
                    let guard = shown.lock().unwrap_or_else(PoisonError::into_inner);
                    drop(
                        signal
                            .wait_timeout_while(guard, FIRST_SCREEN_WAIT, |shown| !*shown)
                            .unwrap_or_else(PoisonError::into_inner),
                    );
                }
                let data_dir = this.app_data.as_ref().map(|a| a.dir.join("sandbox"));
                let started = BackgroundSandbox::start(SandboxConfig { port: 0, data_dir });
                let running = match started {
                    Ok(running) => running,
                    Err(e) => {
                        lock(&this.state).slot = Slot::Failed(e.to_string());
                        return;
                    }
                };
                let desk = lock(&this.state).desk.clone();
                match desk {
                    None => {
                        let (saved, desk) = open_desk(this.app_data.as_ref(), &running);
                        let mut state = lock(&this.state);
                        state.saved = saved;
                        state.desk = Some(desk);
                        state.slot = Slot::Running(running);
                    }
                    Some(Ok(desk)) => {
                        // Again on a new port: the Sandbox profiles follow it.
                        let imported = import(&desk, &running, "Kendra Desk (sandbox started)");
                        let mut state = lock(&this.state);
                        if let Err(reason) = imported {
                            state.saved = ProfilesSaved::NotSaved { reason };
                        }
                        state.slot = Slot::Running(running);
                    }
                    Some(Err(_)) => lock(&this.state).slot = Slot::Running(running),
                }
            });
        if let Err(e) = spawned {
            lock(&self.state).slot = Slot::Failed(format!("could not start its thread: {e}"));
        }
    }

    /// The UI has painted its first screen: the sandbox may start seeding now.
    pub fn first_screen_shown(&self) {
        let (shown, signal) = &*self.first_screen;
        *shown.lock().unwrap_or_else(PoisonError::into_inner) = true;
        signal.notify_all();
    }

    pub fn status(&self) -> SandboxStatus {
        let state = lock(&self.state);
        match &state.slot {
            Slot::Starting => SandboxStatus::Starting,
            Slot::Running(s) => SandboxStatus::Running {
                base_url: s.base_url().to_owned(),
                saved: state.saved.clone(),
            },
            Slot::Stopped(base_url) => SandboxStatus::Stopped {
                base_url: base_url.clone(),
                saved: state.saved.clone(),
            },
            Slot::Failed(reason) => SandboxStatus::Failed {
                reason: reason.clone(),
            },
        }
    }

    /// Stops the running sandbox (blocks until its server has shut down). The desk stays.
    pub fn stop(&self) -> Result<SandboxStatus, IpcError> {
        let running = {
            let mut state = lock(&self.state);
            match &state.slot {
                Slot::Running(s) => {
                    let base_url = s.base_url().to_owned();
                    match std::mem::replace(&mut state.slot, Slot::Stopped(base_url)) {
                        Slot::Running(s) => Some(s),
                        _ => None,
                    }
                }
                Slot::Stopped(_) => None,
                Slot::Starting => return Err(busy()),
                Slot::Failed(reason) => {
                    return Err(IpcError::new(
                        ErrorCode::PeerUnreachable,
                        "The built-in sandbox is not running, so there is nothing to stop.",
                    )
                    .with_text(reason.clone()))
                }
            }
        };
        if let Some(running) = running {
            running.stop();
        }
        Ok(self.status())
    }

    /// Starts a stopped (or failed) sandbox again, in the background, on a new port.
    pub fn restart(&self) -> Result<SandboxStatus, IpcError> {
        {
            let mut state = lock(&self.state);
            match &state.slot {
                Slot::Running(_) => return Ok(self.status_of(&state)),
                Slot::Starting => return Err(busy()),
                Slot::Stopped(_) | Slot::Failed(_) => state.slot = Slot::Starting,
            }
        }
        self.spawn_start(false);
        Ok(self.status())
    }

    fn status_of(&self, state: &State) -> SandboxStatus {
        match &state.slot {
            Slot::Running(s) => SandboxStatus::Running {
                base_url: s.base_url().to_owned(),
                saved: state.saved.clone(),
            },
            _ => SandboxStatus::Starting,
        }
    }

    /// The running sandbox's state (its inbox, faults and clock), for Settings' sandbox panel.
    pub fn sandbox_shared(&self) -> Option<Arc<kendra_sandbox::Shared>> {
        match &lock(&self.state).slot {
            Slot::Running(s) => Some(Arc::clone(s.shared())),
            Slot::Starting | Slot::Stopped(_) | Slot::Failed(_) => None,
        }
    }

    /// The desk every screen works on, once the journal is open (whether or not the sandbox
    /// runs).
    pub fn desk(&self) -> Result<Arc<Desk>, IpcError> {
        let state = lock(&self.state);
        match (&state.desk, &state.slot) {
            (Some(Ok(desk)), _) => Ok(Arc::clone(desk)),
            (Some(Err(reason)), _) | (None, Slot::Failed(reason)) => Err(IpcError::new(
                ErrorCode::Internal,
                "Kendra Desk could not open its journal; the screens cannot work this run.",
            )
            .with_text(reason.clone())),
            (None, _) => Err(IpcError::new(
                ErrorCode::Internal,
                "Kendra Desk is still starting its sandbox; try again in a moment.",
            )),
        }
    }
}

fn busy() -> IpcError {
    IpcError::new(
        ErrorCode::InvalidInput,
        "The built-in sandbox is starting; wait until it runs, then try again.",
    )
}

/// Imports the running sandbox's profiles (one per peer) into the desk.
fn import(desk: &Desk, sandbox: &BackgroundSandbox, actor: &str) -> Result<(), String> {
    let info = kendra_sandbox::control::info_document(sandbox.shared());
    let actor = kendra_journal::Actor::Operator(actor.into());
    kendra_profiles::Profiles::new(desk.journal(), desk.store(), actor)
        .import_sandbox(&info)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Opens the desk (journal in the app-data folder, secrets in the OS keyring) and imports the
/// running sandbox's profiles into it. A machine without a keyring still gets a working app: the
/// secrets then live in memory for this run only (and the journal in a temporary folder if there
/// is no app-data folder), and the UI says why.
fn open_desk(
    app_data: Option<&AppData>,
    sandbox: &BackgroundSandbox,
) -> (ProfilesSaved, Result<Arc<Desk>, String>) {
    let import = |desk: &Desk| import(desk, sandbox, "Kendra Desk (first run)");
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

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}
