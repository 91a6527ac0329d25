//! Outbox and Journal: one thin command per `kendra_ipc::admin_screens` handler. Delivery runs
//! and the ISP intake call a peer, so they are async (the window never waits on the network);
//! a run reports its progress through a channel and can be stopped.

use kendra_ipc::admin_screens::{
    self as admin, AdminAuditEntry, ExportFile, JournalApplication, JournalExportRequest,
    JournalHit, JournalQuery, OutboxDrainSummary, OutboxDrainTick, OutboxExportFormat,
    OutboxImportRequest, OutboxImportResult, OutboxIspIntake, OutboxItemDetail, OutboxOverview,
    OutboxQuery,
};
use kendra_ipc::IpcError;
use tauri::ipc::Channel;
use tauri::State;

use crate::embedded_sandbox::EmbeddedSandbox;

#[tauri::command]
pub fn outbox_overview(
    app: State<'_, EmbeddedSandbox>,
    query: OutboxQuery,
) -> Result<OutboxOverview, IpcError> {
    admin::outbox_overview(&*app.desk()?, query)
}

#[tauri::command]
pub fn outbox_item(
    app: State<'_, EmbeddedSandbox>,
    id: String,
) -> Result<OutboxItemDetail, IpcError> {
    admin::outbox_item(&*app.desk()?, id)
}

#[tauri::command]
pub fn outbox_resend(app: State<'_, EmbeddedSandbox>, ids: Vec<String>) -> Result<u32, IpcError> {
    admin::outbox_resend(&*app.desk()?, ids)
}

#[tauri::command]
pub fn outbox_resend_all_failed(app: State<'_, EmbeddedSandbox>) -> Result<u32, IpcError> {
    admin::outbox_resend_all_failed(&*app.desk()?)
}

#[tauri::command]
pub async fn outbox_drain(
    app: State<'_, EmbeddedSandbox>,
    progress: Channel<OutboxDrainTick>,
) -> Result<OutboxDrainSummary, IpcError> {
    let desk = app.desk()?;
    admin::outbox_drain(&desk, |tick| {
        // A closed window drops the channel; the run goes on and is recorded all the same.
        let _ = progress.send(tick);
    })
    .await
}

#[tauri::command]
pub fn outbox_drain_stop(app: State<'_, EmbeddedSandbox>) -> Result<bool, IpcError> {
    Ok(admin::outbox_drain_stop(&*app.desk()?))
}

#[tauri::command]
pub fn outbox_edit(
    app: State<'_, EmbeddedSandbox>,
    id: String,
    payload: String,
) -> Result<OutboxItemDetail, IpcError> {
    admin::outbox_edit(&*app.desk()?, id, payload)
}

#[tauri::command]
pub fn outbox_cancel(
    app: State<'_, EmbeddedSandbox>,
    id: String,
    reason: String,
) -> Result<OutboxItemDetail, IpcError> {
    admin::outbox_cancel(&*app.desk()?, id, reason)
}

#[tauri::command]
pub fn outbox_export(
    app: State<'_, EmbeddedSandbox>,
    query: OutboxQuery,
    format: OutboxExportFormat,
) -> Result<ExportFile, IpcError> {
    admin::outbox_export(&*app.desk()?, query, format)
}

#[tauri::command]
pub fn outbox_import(
    app: State<'_, EmbeddedSandbox>,
    request: OutboxImportRequest,
) -> Result<OutboxImportResult, IpcError> {
    admin::outbox_import(&*app.desk()?, request)
}

#[tauri::command]
pub fn outbox_audit(
    app: State<'_, EmbeddedSandbox>,
    limit: Option<u32>,
) -> Result<Vec<AdminAuditEntry>, IpcError> {
    admin::outbox_audit(&*app.desk()?, limit)
}

#[tauri::command]
pub async fn outbox_isp_validate(
    app: State<'_, EmbeddedSandbox>,
    profile: String,
    session_key: String,
) -> Result<OutboxIspIntake, IpcError> {
    let desk = app.desk()?;
    admin::outbox_isp_validate(&desk, profile, session_key).await
}

#[tauri::command]
pub fn journal_search(
    app: State<'_, EmbeddedSandbox>,
    query: JournalQuery,
) -> Result<Vec<JournalHit>, IpcError> {
    admin::journal_search(&*app.desk()?, query)
}

#[tauri::command]
pub fn journal_application(
    app: State<'_, EmbeddedSandbox>,
    hit: JournalHit,
) -> Result<JournalApplication, IpcError> {
    admin::journal_application(&*app.desk()?, hit)
}

#[tauri::command]
pub fn journal_export(
    app: State<'_, EmbeddedSandbox>,
    request: JournalExportRequest,
) -> Result<ExportFile, IpcError> {
    admin::journal_export(&*app.desk()?, request)
}
