//! The shell's own commands: versions, the profiles in use, the first-screen signal.

use kendra_ipc::{ActiveProfiles, AppInfo, IpcError};
use tauri::{AppHandle, Runtime};

use crate::embedded_sandbox::EmbeddedSandbox;
use crate::tauri_host::TauriHost;

/// App, core and runtime versions for the status line.
#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>) -> Result<AppInfo, IpcError> {
    kendra_ipc::app_info(&TauriHost::new(&app))
}

/// The profiles in use: on first run, one "Sandbox" profile per peer on the built-in sandbox.
#[tauri::command]
pub fn active_profiles<R: Runtime>(app: AppHandle<R>) -> Result<ActiveProfiles, IpcError> {
    kendra_ipc::active_profiles(&TauriHost::new(&app))
}

/// The UI has painted its first screen: the sandbox starts seeding, and with
/// `KENDRA_MEASURE_STARTUP=1` the wall-clock time is printed for scripts/measure-app.sh.
#[tauri::command]
pub fn first_screen_shown(sandbox: tauri::State<'_, EmbeddedSandbox>) {
    sandbox.first_screen_shown();
    if std::env::var_os("KENDRA_MEASURE_STARTUP").is_some() {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        println!("first-screen-ms {ms}");
    }
}
