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
            // admin (Outbox, Journal)
            // tester (Explorer)
            // signing (Signing, Settings' profiles and sandbox panels)
        ])
        .run(context);
    if let Err(err) = result {
        eprintln!("Kendra Desk could not start: {err}");
        eprintln!("On Linux this usually means no display is available (set DISPLAY, or run under Xvfb) or WebKitGTK 4.1 is missing.");
        std::process::exit(1);
    }
}
