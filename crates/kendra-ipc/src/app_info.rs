//! `app_info`: who and what is running — shown in the UI's status line and in bug reports.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Host, IpcError, CORE_VERSION};

/// How the running binary was compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BuildProfile {
    Debug,
    Release,
}

impl BuildProfile {
    /// The profile of the code calling this function.
    pub fn current() -> Self {
        if cfg!(debug_assertions) {
            Self::Debug
        } else {
            Self::Release
        }
    }
}

/// Answer of the `app_info` command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppInfo {
    /// Product name, e.g. "Kendra Desk".
    pub app_name: String,
    /// Version of the desktop application.
    pub app_version: String,
    /// Version of the Kendra core crates the application was built with.
    pub core_version: String,
    /// Version of the Tauri runtime.
    pub tauri_version: String,
    /// Reverse-DNS application identifier.
    pub identifier: String,
    /// Debug or release build.
    pub build_profile: BuildProfile,
    /// Operating system the app runs on (`linux`, `windows`, `macos`).
    pub os: String,
}

/// Handler of the `app_info` command.
pub fn app_info(host: &impl Host) -> Result<AppInfo, IpcError> {
    Ok(AppInfo {
        app_name: host.app_name(),
        app_version: host.app_version(),
        core_version: CORE_VERSION.to_owned(),
        tauri_version: host.tauri_version(),
        identifier: host.identifier(),
        build_profile: BuildProfile::current(),
        os: std::env::consts::OS.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_host::TestHost;

    #[test]
    fn app_info_reports_host_and_core_versions() {
        let info = app_info(&TestHost::default()).unwrap();
        assert_eq!(info.app_name, "Kendra Desk");
        assert_eq!(info.app_version, "9.8.7");
        assert_eq!(info.tauri_version, "2.0.0-test");
        assert_eq!(info.identifier, "in.gov.wb.kendradesk.test");
        assert_eq!(info.core_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(info.os, std::env::consts::OS);
    }

    #[test]
    fn app_info_serializes_with_snake_case_fields_and_string_values() {
        let json = serde_json::to_value(app_info(&TestHost::default()).unwrap()).unwrap();
        let obj = json.as_object().unwrap();
        for key in [
            "app_name",
            "app_version",
            "core_version",
            "tauri_version",
            "identifier",
            "build_profile",
            "os",
        ] {
            assert!(
                obj.get(key).is_some_and(|v| v.is_string()),
                "{key} missing or not a string"
            );
        }
        let profile = obj["build_profile"].as_str().unwrap();
        assert!(profile == "debug" || profile == "release");
    }

    #[test]
    fn typescript_binding_names_every_field() {
        let decl = AppInfo::decl(&ts_rs::Config::default());
        for field in [
            "app_version: string",
            "core_version: string",
            "build_profile: BuildProfile",
        ] {
            assert!(decl.contains(field), "{field} not in {decl}");
        }
        let profile = BuildProfile::decl(&ts_rs::Config::default());
        assert!(profile.contains(r#""debug" | "release""#), "{profile}");
    }
}
