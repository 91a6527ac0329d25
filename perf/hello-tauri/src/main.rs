//! A hello-world Tauri window: the baseline Kendra Desk's start-up time and memory are compared
//! with (scripts/measure-app.sh). It reports its first screen exactly as Kendra Desk does.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The page calls this once its first frame is painted; prints wall-clock milliseconds.
#[tauri::command]
fn first_screen_shown() {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    println!("first-screen-ms {ms}");
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![first_screen_shown])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("hello-tauri could not start: {err}");
        std::process::exit(1);
    }
}
