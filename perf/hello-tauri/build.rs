//! Same build script shape as Kendra Desk's: one command, allowed by name.
const COMMANDS: &[&str] = &["first_screen_shown"];

fn main() {
    println!("cargo:rerun-if-changed=dist");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        eprintln!("hello-tauri build script failed: {err:#}");
        std::process::exit(1);
    }
}
