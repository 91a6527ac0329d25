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
    // admin (Outbox, Journal)
    // tester (Explorer)
    // signing (Signing, Settings' profiles and sandbox panels)
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
