//! [`Host`]: the narrow view of the running application that command handlers get.
//!
//! The Tauri shell implements it over its `AppHandle`; tests implement it with fixed values. A
//! handler asks the host only for what it cannot compute itself, so everything else stays testable.

/// What a command handler may ask of the application that runs it.
pub trait Host {
    /// Product name shown in the title bar and header, e.g. "Kendra Desk".
    fn app_name(&self) -> String;
    /// Version of the desktop application package (from `tauri.conf.json`).
    fn app_version(&self) -> String;
    /// Version of the Tauri runtime the shell was built against.
    fn tauri_version(&self) -> String;
    /// Reverse-DNS application identifier; keyring entries and data folders are namespaced by it.
    fn identifier(&self) -> String;
    /// The built-in sandbox the app started on this run.
    fn sandbox_status(&self) -> crate::active_profiles::SandboxStatus;
}
