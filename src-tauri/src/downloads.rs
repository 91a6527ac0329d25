//! Where files the UI offers for download (exports, certificates, signatures) are saved: the
//! user's Downloads folder, under the name the UI gave, never over an existing file. Without a
//! handler WebKitGTK would save silently into the app's working folder.

use std::path::{Path, PathBuf};

use tauri::webview::DownloadEvent;
use tauri::{Runtime, Webview};

/// The download handler for the main window.
pub fn handler<R: Runtime>(
    downloads: PathBuf,
) -> impl Fn(Webview<R>, DownloadEvent<'_>) -> bool + Send + Sync + 'static {
    move |_webview, event| {
        if let DownloadEvent::Requested { destination, .. } = event {
            let name = destination
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "kendra-download".to_owned());
            if std::fs::create_dir_all(&downloads).is_err() {
                return false;
            }
            *destination = free_path(&downloads, &name);
        }
        true
    }
}

/// `dir/name`, or `dir/stem (2).ext`, `(3)`… when taken.
fn free_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    (2..10_000)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_taken_name_gets_a_number_before_its_extension() {
        let dir = std::env::temp_dir().join(format!("kendra-dl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(free_path(&dir, "a.json"), dir.join("a.json"));
        std::fs::write(dir.join("a.json"), "x").unwrap();
        assert_eq!(free_path(&dir, "a.json"), dir.join("a (2).json"));
        std::fs::write(dir.join("a (2).json"), "x").unwrap();
        assert_eq!(free_path(&dir, "a.json"), dir.join("a (3).json"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
