//! The Settings screen's own settings: retention of citizen data, the operator's name for the
//! audit log, and the UI language, kept in the journal (never a secret).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::{Desk, IpcError};

/// Answer of `settings_get` and `settings_set`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeskSettings {
    /// Days citizen data (names, mobiles, addresses…) is kept; 30 unless changed.
    pub retention_days: u32,
    /// Shown in the audit log for every change made in the app; `null` until set.
    pub operator_name: Option<String>,
    /// `en`, `bn` or `hi`.
    pub language: String,
}

/// Request of `settings_set`: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeskSettingsChange {
    #[ts(optional)]
    pub retention_days: Option<u32>,
    #[ts(optional)]
    pub operator_name: Option<String>,
    #[ts(optional)]
    pub language: Option<String>,
}

pub fn settings_get(desk: &Desk) -> Result<DeskSettings, IpcError> {
    let journal = desk.journal();
    Ok(DeskSettings {
        retention_days: journal.retention_days().map_err(Error::from)?,
        operator_name: journal.operator_name().map_err(Error::from)?,
        language: journal.language().map_err(Error::from)?,
    })
}

pub fn settings_set(desk: &Desk, change: DeskSettingsChange) -> Result<DeskSettings, IpcError> {
    let journal = desk.journal();
    let actor = desk.actor();
    if let Some(name) = &change.operator_name {
        journal
            .set_operator_name(&actor, name)
            .map_err(Error::from)?;
    }
    // The new name signs the other changes made with it.
    let actor = desk.actor();
    if let Some(days) = change.retention_days {
        journal
            .set_retention_days(&actor, days)
            .map_err(Error::from)?;
    }
    if let Some(language) = &change.language {
        journal
            .set_language(&actor, language)
            .map_err(Error::from)?;
    }
    settings_get(desk)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

    use super::*;
    use crate::ErrorCode;

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(kendra_secrets::MemoryStore::new());
        let desk = Desk::open(dir.path(), store).unwrap();
        (dir, desk)
    }

    #[test]
    fn defaults_then_changes_are_kept_and_audited_under_the_operator() {
        let (_dir, desk) = desk();
        let s = settings_get(&desk).unwrap();
        assert_eq!((s.retention_days, s.language.as_str()), (30, "en"));
        assert_eq!(s.operator_name, None);
        let s = settings_set(
            &desk,
            DeskSettingsChange {
                retention_days: Some(14),
                operator_name: Some("Rina Das".into()),
                language: Some("bn".into()),
            },
        )
        .unwrap();
        assert_eq!(s.retention_days, 14);
        assert_eq!(s.language, "bn");
        let audit = desk
            .journal()
            .audit_log(Some("setting:retention_days"), 5)
            .unwrap();
        assert_eq!(audit[0].actor, "Rina Das");
    }

    #[test]
    fn a_bad_value_is_invalid_input_naming_the_setting() {
        let (_dir, desk) = desk();
        let err = settings_set(
            &desk,
            DeskSettingsChange {
                retention_days: Some(0),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains("retention days"), "{err}");
    }
}
