//! One Tauri command per `kendra-ipc` handler. Each is listed in `build.rs` (`COMMANDS`) so it gets
//! its own `allow-…` permission, and in `capabilities/main-window.json` for the main window.
//! Commands only adapt Tauri's arguments to a `Host` and call the handler.

use kendra_ipc::{ActiveProfiles, AppInfo, IpcError};
use tauri::{AppHandle, Runtime};

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
