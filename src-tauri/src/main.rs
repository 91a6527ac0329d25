//! Kendra Desk: the Tauri v2 shell. It registers one Tauri command per handler in `kendra-ipc`
//! and nothing else; all logic lives in the core crates.
//!
//! Security settings live in `../tauri.conf.json`: a strict per-directive CSP, `withGlobalTauri:
//! false`, and one capability (`capabilities/main-window.json`) that allows each app command by
//! name. `freezePrototype` is off on purpose: Preact re-renders by copying vnodes with `for…in`
//! assignment, including their `constructor: undefined` key, and assigning `constructor` on a
//! plain object throws once `Object.prototype` is frozen (the "override mistake"), so every state
//! update after the first render would silently fail.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod downloads;
mod embedded_sandbox;
mod tauri_host;

use tauri::Manager;

fn main() {
    let context = tauri::generate_context!("../tauri.conf.json");
    let result = tauri::Builder::default()
        .setup(|app| {
            let app_data = app
                .path()
                .app_data_dir()
                .ok()
                .map(|dir| embedded_sandbox::AppData {
                    dir,
                    identifier: app.config().identifier.clone(),
                });
            app.manage(embedded_sandbox::EmbeddedSandbox::start(app_data));
            // The main window is made here (tauri.conf.json says "create": false) so that its
            // downloads go to the Downloads folder.
            let downloads = app
                .path()
                .download_dir()
                .or_else(|_| app.path().home_dir().map(|h| h.join("Downloads")))?;
            if let Some(config) = app.config().app.windows.first() {
                tauri::WebviewWindowBuilder::from_config(app, config)?
                    .on_download(downloads::handler(downloads))
                    .build()?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            // shell
            commands::shell::app_info,
            commands::shell::active_profiles,
            commands::shell::first_screen_shown,
            // settings
            commands::settings::settings_get,
            commands::settings::settings_set,
            // deo (Counter, Status, Documents)
            commands::deo::deo_profiles,
            commands::deo::deo_services,
            commands::deo::deo_check_citizen,
            commands::deo::deo_initiate,
            commands::deo::deo_today,
            commands::deo::deo_status,
            commands::deo::deo_otp_request,
            commands::deo::deo_otp_verify,
            commands::deo::deo_document_download,
            commands::deo::deo_document_preview,
            commands::deo::deo_document_save_copy,
            commands::deo::deo_document_open,
            // admin (Outbox, Journal)
            commands::admin::outbox_overview,
            commands::admin::outbox_item,
            commands::admin::outbox_resend,
            commands::admin::outbox_resend_all_failed,
            commands::admin::outbox_drain,
            commands::admin::outbox_drain_stop,
            commands::admin::outbox_edit,
            commands::admin::outbox_cancel,
            commands::admin::outbox_export,
            commands::admin::outbox_import,
            commands::admin::outbox_audit,
            commands::admin::outbox_isp_validate,
            commands::admin::journal_search,
            commands::admin::journal_application,
            commands::admin::journal_export,
            // tester (Explorer)
            commands::tester::explorer_catalog,
            commands::tester::explorer_send,
            commands::tester::explorer_text,
            commands::tester::explorer_curl,
            commands::tester::explorer_history,
            commands::tester::explorer_save,
            commands::tester::explorer_delete_saved,
            commands::tester::workbench_run,
            // signing (Signing, Settings' profiles and sandbox panels)
            commands::signing::signing_login,
            commands::signing::signing_hash_file,
            commands::signing::signing_sign,
            commands::signing::signing_cancel,
            commands::signing::signing_save,
            commands::signing::signing_history,
            commands::signing::settings_profiles,
            commands::signing::settings_profile_save,
            commands::signing::settings_profile_delete,
            commands::signing::settings_sandbox,
            commands::signing::settings_sandbox_fault_add,
            commands::signing::settings_sandbox_fault_remove,
            commands::signing::settings_sandbox_faults_clear,
            commands::signing::settings_sandbox_stop,
            commands::signing::settings_sandbox_start,
            commands::signing::signing_sign_pdf,
        ])
        .run(context);
    if let Err(err) = result {
        eprintln!("Kendra Desk could not start: {err}");
        eprintln!("On Linux this usually means no display is available (set DISPLAY, or run under Xvfb) or WebKitGTK 4.1 is missing.");
        std::process::exit(1);
    }
}
