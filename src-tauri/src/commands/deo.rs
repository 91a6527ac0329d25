//! Counter, Status and Documents: one thin command per `kendra_ipc::deo_screens` handler. The
//! calls to the department are async, so a slow network never blocks the window.

use kendra_ipc::deo_screens::{
    self as deo, CitizenForm, DeoProfiles, DocumentDownloadRequest, DocumentPreview, DocumentView,
    FieldError, InitiateRequest, OtpRequest, OtpSent, OtpVerifyAnswer, OtpVerifyRequest, SavedCopy,
    ServiceOption, StatusAnswer, StatusQuery, TicketView, TodayTicket,
};
use kendra_ipc::IpcError;
use tauri::{Manager, State};

use crate::embedded_sandbox::EmbeddedSandbox;

#[tauri::command]
pub fn deo_profiles(app: State<'_, EmbeddedSandbox>) -> Result<DeoProfiles, IpcError> {
    deo::deo_profiles(&*app.desk()?)
}

#[tauri::command]
pub fn deo_services(query: String) -> Vec<ServiceOption> {
    deo::deo_services(&query)
}

#[tauri::command]
pub fn deo_check_citizen(form: CitizenForm) -> Vec<FieldError> {
    deo::deo_check_citizen(&form)
}

#[tauri::command]
pub async fn deo_initiate(
    app: State<'_, EmbeddedSandbox>,
    request: InitiateRequest,
) -> Result<TicketView, IpcError> {
    let desk = app.desk()?;
    deo::deo_initiate(&desk, request).await
}

#[tauri::command]
pub fn deo_today(app: State<'_, EmbeddedSandbox>) -> Result<Vec<TodayTicket>, IpcError> {
    deo::deo_today(&*app.desk()?)
}

#[tauri::command]
pub async fn deo_status(
    app: State<'_, EmbeddedSandbox>,
    query: StatusQuery,
) -> Result<StatusAnswer, IpcError> {
    let desk = app.desk()?;
    deo::deo_status(&desk, query).await
}

#[tauri::command]
pub async fn deo_otp_request(
    app: State<'_, EmbeddedSandbox>,
    request: OtpRequest,
) -> Result<OtpSent, IpcError> {
    let desk = app.desk()?;
    deo::deo_otp_request(&desk, request).await
}

#[tauri::command]
pub async fn deo_otp_verify(
    app: State<'_, EmbeddedSandbox>,
    request: OtpVerifyRequest,
) -> Result<OtpVerifyAnswer, IpcError> {
    let desk = app.desk()?;
    deo::deo_otp_verify(&desk, request).await
}

#[tauri::command]
pub async fn deo_document_download(
    app: State<'_, EmbeddedSandbox>,
    request: DocumentDownloadRequest,
) -> Result<DocumentView, IpcError> {
    let desk = app.desk()?;
    deo::deo_document_download(&desk, request).await
}

#[tauri::command]
pub fn deo_document_preview(
    app: State<'_, EmbeddedSandbox>,
    file_name: String,
) -> Result<DocumentPreview, IpcError> {
    deo::deo_document_preview(&*app.desk()?, &file_name)
}

/// Saves a copy in the user's Downloads folder (their home folder if there is none).
#[tauri::command]
pub fn deo_document_save_copy(
    handle: tauri::AppHandle,
    app: State<'_, EmbeddedSandbox>,
    file_name: String,
) -> Result<SavedCopy, IpcError> {
    let paths = handle.path();
    let folder = paths
        .download_dir()
        .ok()
        .filter(|d| d.is_dir())
        .or_else(|| paths.home_dir().ok())
        .ok_or_else(|| {
            IpcError::new(
                kendra_ipc::ErrorCode::NotFound,
                "This computer has no Downloads or home folder to save the copy in.",
            )
        })?;
    deo::deo_document_save_copy(&*app.desk()?, &file_name, &folder)
}

#[tauri::command]
pub fn deo_document_open(
    app: State<'_, EmbeddedSandbox>,
    file_name: String,
) -> Result<(), IpcError> {
    deo::deo_document_open(&*app.desk()?, &file_name)
}
