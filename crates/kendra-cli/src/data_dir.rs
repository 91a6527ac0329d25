//! Where `kendra` keeps its journal: `--data DIR`, or the folder the desktop app uses
//! (`$XDG_DATA_HOME/<identifier>`, else `~/.local/share/<identifier>` on Linux; Tauri's
//! app-data folder elsewhere), and which keyring namespace goes with it.

use std::path::{Path, PathBuf};

use kendra_secrets::AppId;
use sha2::{Digest, Sha256};

use crate::error::{CliError, Result};

/// The app identifier in `tauri.conf.json` (a test keeps the two equal).
pub const APP_IDENTIFIER: &str = "in.gov.wb.kendradesk";

/// A resolved data directory, created if needed.
#[derive(Debug, Clone)]
pub struct DataDir {
    path: PathBuf,
    is_default: bool,
}

impl DataDir {
    /// `--data DIR` when given, else the app's own folder.
    pub fn resolve(option: Option<&Path>) -> Result<Self> {
        let default = default_data_dir();
        let (path, is_default) = match option {
            Some(dir) => {
                let path = canonical(dir)?;
                let same = default
                    .as_deref()
                    .and_then(|d| std::fs::canonicalize(d).ok())
                    .is_some_and(|d| d == path);
                (path, same)
            }
            None => {
                let dir = default.ok_or(CliError::NoDataDir)?;
                (canonical(&dir)?, true)
            }
        };
        Ok(Self { path, is_default })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The keyring namespace of this data directory's profiles. The app's own folder uses the
    /// app id (`AppId::for_this_build`), as the desktop app does; any other `--data` folder gets
    /// `<app id>.data-<8 hex of its path's SHA-256>`, so two folders never share (or delete)
    /// each other's secrets for profiles of the same name.
    pub fn keyring_app_id(&self) -> Result<AppId> {
        let base = AppId::for_this_build(APP_IDENTIFIER)?;
        if self.is_default {
            return Ok(base);
        }
        let digest = Sha256::digest(self.path.to_string_lossy().as_bytes());
        let tag: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        Ok(AppId::new(format!("{base}.data-{tag}"))?)
    }
}

fn canonical(dir: &Path) -> Result<PathBuf> {
    let fail = |e: std::io::Error| CliError::DataDir {
        path: dir.display().to_string(),
        detail: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    std::fs::canonicalize(dir).map_err(fail)
}

/// The desktop app's data folder (Tauri's `app_data_dir`): the platform's data folder plus the
/// app identifier.
pub fn default_data_dir() -> Option<PathBuf> {
    platform_data_home().map(|home| home.join(APP_IDENTIFIER))
}

#[cfg(target_os = "linux")]
fn platform_data_home() -> Option<PathBuf> {
    match std::env::var_os("XDG_DATA_HOME").map(PathBuf::from) {
        // The XDG spec: a relative value is invalid and ignored.
        Some(dir) if dir.is_absolute() => Some(dir),
        _ => home().map(|h| h.join(".local").join("share")),
    }
}

#[cfg(target_os = "macos")]
fn platform_data_home() -> Option<PathBuf> {
    home().map(|h| h.join("Library").join("Application Support"))
}

#[cfg(windows)]
fn platform_data_home() -> Option<PathBuf> {
    std::env::var_os("APPDATA").map(PathBuf::from)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn platform_data_home() -> Option<PathBuf> {
    home().map(|h| h.join(".local").join("share"))
}

#[cfg(not(windows))]
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|h| h.is_absolute())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_identifier_is_the_desktop_apps() {
        let conf = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tauri.conf.json"
        ))
        .unwrap();
        let conf: serde_json::Value = serde_json::from_str(&conf).unwrap();
        assert_eq!(conf["identifier"], APP_IDENTIFIER);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_default_is_under_the_platform_data_folder() {
        let dir = default_data_dir().unwrap();
        assert!(dir.ends_with(APP_IDENTIFIER), "{}", dir.display());
        assert!(dir.is_absolute());
    }

    #[test]
    fn other_folders_get_their_own_keyring_namespace() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let id_a = DataDir::resolve(Some(a.path()))
            .unwrap()
            .keyring_app_id()
            .unwrap();
        let id_b = DataDir::resolve(Some(b.path()))
            .unwrap()
            .keyring_app_id()
            .unwrap();
        let base = AppId::for_this_build(APP_IDENTIFIER).unwrap();
        assert_ne!(id_a, id_b);
        assert!(id_a.as_str().starts_with(&format!("{base}.data-")));
        // The same folder, spelled differently, is the same namespace.
        let again = DataDir::resolve(Some(&a.path().join(".")))
            .unwrap()
            .keyring_app_id()
            .unwrap();
        assert_eq!(id_a, again);
    }
}
