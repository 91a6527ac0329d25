//! Settings: retention, operator name, language.

use kendra_ipc::settings_screen::{DeskSettings, DeskSettingsChange};
use kendra_ipc::IpcError;
use tauri::State;

use crate::embedded_sandbox::EmbeddedSandbox;

#[tauri::command]
pub fn settings_get(app: State<'_, EmbeddedSandbox>) -> Result<DeskSettings, IpcError> {
    kendra_ipc::settings_screen::settings_get(&*app.desk()?)
}

#[tauri::command]
pub fn settings_set(
    app: State<'_, EmbeddedSandbox>,
    change: DeskSettingsChange,
) -> Result<DeskSettings, IpcError> {
    kendra_ipc::settings_screen::settings_set(&*app.desk()?, change)
}
