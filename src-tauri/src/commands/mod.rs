//! One Tauri command per `kendra-ipc` handler, one file per screen area. Each command is listed in
//! `build.rs` (`COMMANDS`) so it gets its own `allow-…` permission, in
//! `capabilities/main-window.json` for the main window, and in `main.rs`'s `generate_handler!`.
//! Commands only adapt Tauri's arguments (state, request) and call the handler.

pub mod admin;
pub mod deo;
pub mod settings;
pub mod shell;
pub mod signing;
pub mod tester;
