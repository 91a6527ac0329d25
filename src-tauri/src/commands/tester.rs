//! Explorer (tester): the API explorer, its history and saved requests, and the crypto workbench.
//! Each command adapts Tauri's arguments and calls its `kendra_ipc::tester_screens` handler.

use kendra_ipc::tester_screens::{
    self as tester, CurlCommand, ExchangePart, ExplorerCatalog, ExplorerResult, ExplorerSend,
    HistoryEntry, HistoryQuery, SaveRequest, TextLines, WorkbenchRequest, WorkbenchResult,
};
use kendra_ipc::IpcError;
use tauri::State;

use crate::embedded_sandbox::EmbeddedSandbox;

#[tauri::command]
pub fn explorer_catalog(app: State<'_, EmbeddedSandbox>) -> Result<ExplorerCatalog, IpcError> {
    tester::explorer_catalog(&*app.desk()?)
}

/// Async: it waits for the peer without blocking the window.
#[tauri::command]
pub async fn explorer_send(
    app: State<'_, EmbeddedSandbox>,
    request: ExplorerSend,
) -> Result<ExplorerResult, IpcError> {
    let desk = app.desk()?;
    tester::explorer_send(&desk, request).await
}

#[tauri::command]
pub fn explorer_text(
    send_id: String,
    exchange: u32,
    part: ExchangePart,
    first: u32,
    count: u32,
) -> Result<TextLines, IpcError> {
    tester::explorer_text(&send_id, exchange, part, first, count)
}

#[tauri::command]
pub fn explorer_curl(send_id: String, exchange: u32) -> Result<CurlCommand, IpcError> {
    tester::explorer_curl(&send_id, exchange)
}

#[tauri::command]
pub fn explorer_history(
    app: State<'_, EmbeddedSandbox>,
    query: HistoryQuery,
) -> Result<Vec<HistoryEntry>, IpcError> {
    tester::explorer_history(&*app.desk()?, query)
}

#[tauri::command]
pub fn explorer_save(
    app: State<'_, EmbeddedSandbox>,
    request: SaveRequest,
) -> Result<HistoryEntry, IpcError> {
    tester::explorer_save(&*app.desk()?, request)
}

#[tauri::command]
pub fn explorer_delete_saved(app: State<'_, EmbeddedSandbox>, id: String) -> Result<(), IpcError> {
    tester::explorer_delete_saved(&*app.desk()?, &id)
}

/// Async so a slow derivation never holds the window; the keys typed for it are dropped with it.
#[tauri::command]
pub async fn workbench_run(
    app: State<'_, EmbeddedSandbox>,
    request: WorkbenchRequest,
) -> Result<WorkbenchResult, IpcError> {
    let desk = app.desk()?;
    tester::workbench_run(&desk, request)
}
