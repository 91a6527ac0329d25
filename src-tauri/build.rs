//! Build script: reads the Tauri config from the repository root, restricts the app's commands to
//! explicit permissions, and makes cargo rebuild the app when the built UI or the icons change.

/// Every command the shell registers. Each gets generated `allow-<name>`/`deny-<name>` permissions
/// and is callable only from windows whose capability file (`capabilities/*.json`) allows it.
const COMMANDS: &[&str] = &[
    // shell
    "app_info",
    "active_profiles",
    "first_screen_shown",
    // settings
    "settings_get",
    "settings_set",
    // deo (Counter, Status, Documents)
    "deo_profiles",
    "deo_services",
    "deo_check_citizen",
    "deo_initiate",
    "deo_today",
    "deo_status",
    "deo_otp_request",
    "deo_otp_verify",
    "deo_document_download",
    "deo_document_preview",
    "deo_document_save_copy",
    "deo_document_open",
    // admin (Outbox, Journal)
    "outbox_overview",
    "outbox_item",
    "outbox_resend",
    "outbox_resend_all_failed",
    "outbox_drain",
    "outbox_drain_stop",
    "outbox_edit",
    "outbox_cancel",
    "outbox_export",
    "outbox_import",
    "outbox_audit",
    "outbox_isp_validate",
    "journal_search",
    "journal_application",
    "journal_export",
    // tester (Explorer)
    "explorer_catalog",
    "explorer_send",
    "explorer_text",
    "explorer_curl",
    "explorer_history",
    "explorer_save",
    "explorer_delete_saved",
    "workbench_run",
    // signing (Signing, Settings' profiles and sandbox panels)
    "signing_login",
    "signing_hash_file",
    "signing_sign",
    "signing_cancel",
    "signing_save",
    "signing_history",
    "settings_profiles",
    "settings_profile_save",
    "settings_profile_delete",
    "settings_sandbox",
    "settings_sandbox_fault_add",
    "settings_sandbox_fault_remove",
    "settings_sandbox_faults_clear",
    "settings_sandbox_stop",
    "settings_sandbox_start",
    "signing_sign_pdf",
];

fn main() {
    // `generate_context!` embeds ui/dist and the icons at macro expansion time; re-running this build
    // script when they change makes cargo recompile the crate and so re-embed them.
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=../icons");

    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        eprintln!("kendra-desk build script failed: {err:#}");
        std::process::exit(1);
    }
}
