//! The Signing screen, and Settings' profiles and sandbox panels: thin commands over
//! `kendra_ipc::signing_screens`.

use std::path::PathBuf;
use std::sync::LazyLock;

use kendra_ipc::signing_screens::profiles_panel::{ProfileRow, ProfileSave, ProfilesPanel};
use kendra_ipc::signing_screens::sandbox_panel::{self, FaultAdd, SandboxPanel};
use kendra_ipc::signing_screens::{
    PdfSignAnswer, PdfSigningProgress, PdfSigningRequest, SavedSignatures, SigningDocument,
    SigningHistoryRow, SigningLogin, SigningProgress, SigningRequest, SigningResult,
    SigningSessions,
};
use kendra_ipc::{ErrorCode, IpcError};
use kendra_sandbox::faults::FaultSpec;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::embedded_sandbox::EmbeddedSandbox;

/// Signings waiting for approval (to cancel them) and the last reports (to save them).
static SESSIONS: LazyLock<SigningSessions> = LazyLock::new(SigningSessions::new);

#[tauri::command]
pub async fn signing_login(
    app: State<'_, EmbeddedSandbox>,
    profile: String,
) -> Result<SigningLogin, IpcError> {
    let desk = app.desk()?;
    kendra_ipc::signing_screens::signing_login(&desk, &profile).await
}

#[tauri::command]
pub fn signing_hash_file(name: String, bytes: String) -> Result<SigningDocument, IpcError> {
    kendra_ipc::signing_screens::signing_hash_file(&name, &bytes)
}

#[tauri::command]
pub async fn signing_sign(
    app: State<'_, EmbeddedSandbox>,
    request: SigningRequest,
    progress: Channel<SigningProgress>,
) -> Result<SigningResult, IpcError> {
    let desk = app.desk()?;
    kendra_ipc::signing_screens::signing_sign(&desk, &SESSIONS, request, |step| {
        // A closed channel (the screen was left) must not stop the signing.
        let _ = progress.send(step);
    })
    .await
}

#[tauri::command]
pub fn signing_cancel(job: String) -> bool {
    kendra_ipc::signing_screens::signing_cancel(&SESSIONS, &job)
}

/// The folder signatures and signed PDFs are saved in: `Kendra Desk/` in the user's Downloads
/// folder, or in the app's data folder when there is none.
fn save_folder(handle: &AppHandle) -> Result<PathBuf, IpcError> {
    let paths = handle.path();
    paths
        .download_dir()
        .or_else(|_| paths.app_data_dir())
        .map(|dir| dir.join("Kendra Desk"))
        .map_err(|e| {
            IpcError::new(
                ErrorCode::Internal,
                "Kendra Desk found no folder to save the signatures in.",
            )
            .with_text(e.to_string())
        })
}

/// Saves into the user's Downloads folder (`Kendra Desk/signatures-<request id>/`), or the app's
/// data folder when there is none.
#[tauri::command]
pub fn signing_save(handle: AppHandle, job: String) -> Result<SavedSignatures, IpcError> {
    kendra_ipc::signing_screens::signing_save(&SESSIONS, &job, &save_folder(&handle)?)
}

/// Signs a PDF and saves the signed copy beside the saved signatures (`Kendra Desk/`).
#[tauri::command]
pub async fn signing_sign_pdf(
    handle: AppHandle,
    app: State<'_, EmbeddedSandbox>,
    request: PdfSigningRequest,
    progress: Channel<PdfSigningProgress>,
) -> Result<PdfSignAnswer, IpcError> {
    let desk = app.desk()?;
    let folder = save_folder(&handle)?;
    kendra_ipc::signing_screens::signing_sign_pdf(&desk, &SESSIONS, request, &folder, |step| {
        let _ = progress.send(step);
    })
    .await
}

#[tauri::command]
pub fn signing_history(
    app: State<'_, EmbeddedSandbox>,
    profile: Option<String>,
) -> Result<Vec<SigningHistoryRow>, IpcError> {
    kendra_ipc::signing_screens::signing_history(&*app.desk()?, profile.as_deref(), 20)
}

#[tauri::command]
pub fn settings_profiles(app: State<'_, EmbeddedSandbox>) -> Result<ProfilesPanel, IpcError> {
    kendra_ipc::signing_screens::settings_profiles(&*app.desk()?)
}

#[tauri::command]
pub fn settings_profile_save(
    app: State<'_, EmbeddedSandbox>,
    save: ProfileSave,
) -> Result<ProfileRow, IpcError> {
    kendra_ipc::signing_screens::settings_profile_save(&*app.desk()?, save)
}

#[tauri::command]
pub fn settings_profile_delete(
    app: State<'_, EmbeddedSandbox>,
    name: String,
) -> Result<u32, IpcError> {
    kendra_ipc::signing_screens::settings_profile_delete(&*app.desk()?, &name)
}

#[tauri::command]
pub fn settings_sandbox(app: State<'_, EmbeddedSandbox>) -> Result<SandboxPanel, IpcError> {
    panel(&app)
}

fn panel(app: &EmbeddedSandbox) -> Result<SandboxPanel, IpcError> {
    let mut panel = match app.sandbox_shared() {
        Some(shared) => {
            let inbox = shared.inbox.list(None, None);
            let faults = shared.faults.list();
            sandbox_panel::sandbox_panel(Some((shared.base_url.as_str(), &inbox[..], &faults[..])))
        }
        None => sandbox_panel::sandbox_panel::<(), ()>(None),
    }?;
    panel.state = sandbox_panel::state_name(&app.status()).to_owned();
    Ok(panel)
}

/// Stops the built-in sandbox (its server shuts down; the journal and every profile stay).
#[tauri::command]
pub async fn settings_sandbox_stop(
    app: State<'_, EmbeddedSandbox>,
) -> Result<SandboxPanel, IpcError> {
    let sandbox: EmbeddedSandbox = (*app).clone();
    tauri::async_runtime::spawn_blocking(move || {
        sandbox.stop()?;
        panel(&sandbox)
    })
    .await
    .map_err(|e| {
        IpcError::new(ErrorCode::Internal, "The sandbox could not be stopped.")
            .with_text(e.to_string())
    })?
}

/// Starts the built-in sandbox again on a new port (in the background: the panel says
/// `starting` until it runs); the Sandbox profiles follow its new address.
#[tauri::command]
pub fn settings_sandbox_start(app: State<'_, EmbeddedSandbox>) -> Result<SandboxPanel, IpcError> {
    app.restart()?;
    panel(&app)
}

#[tauri::command]
pub fn settings_sandbox_fault_add(
    app: State<'_, EmbeddedSandbox>,
    fault: FaultAdd,
) -> Result<SandboxPanel, IpcError> {
    let shared = app
        .sandbox_shared()
        .ok_or_else(sandbox_panel::sandbox_not_running)?;
    let spec: FaultSpec = sandbox_panel::fault_spec(&fault)?;
    spec.validate().map_err(sandbox_panel::fault_refused)?;
    shared.faults.add(spec);
    settings_sandbox(app)
}

#[tauri::command]
pub fn settings_sandbox_fault_remove(
    app: State<'_, EmbeddedSandbox>,
    id: String,
) -> Result<SandboxPanel, IpcError> {
    let shared = app
        .sandbox_shared()
        .ok_or_else(sandbox_panel::sandbox_not_running)?;
    if let Ok(id) = id.trim().parse::<u64>() {
        shared.faults.remove(id);
    }
    settings_sandbox(app)
}

#[tauri::command]
pub fn settings_sandbox_faults_clear(
    app: State<'_, EmbeddedSandbox>,
) -> Result<SandboxPanel, IpcError> {
    let shared = app
        .sandbox_shared()
        .ok_or_else(sandbox_panel::sandbox_not_running)?;
    shared.faults.clear();
    settings_sandbox(app)
}
