//! Settings the operator chooses, kept in the journal (never a secret): how long citizen data is
//! kept, the operator's name for the audit log, the UI language.

use serde_json::{json, Value};

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::journal::Journal;
use crate::retention::{PurgeReport, DEFAULT_RETENTION_DAYS};

/// Longer than a year is keeping data, not following up.
pub const MAX_RETENTION_DAYS: u32 = 365;

const RETENTION_DAYS: &str = "retention_days";
const OPERATOR_NAME: &str = "operator_name";
const LANGUAGE: &str = "language";
pub const LANGUAGES: [&str; 3] = ["en", "bn", "hi"];

impl Journal {
    fn setting(&self, key: &str) -> Result<Option<Value>> {
        self.read(|c| {
            let text: Option<String> = c
                .prepare_cached("SELECT value_json FROM app_settings WHERE key = ?1")?
                .query_row([key], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    other => Err(other),
                })?;
            Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
        })
    }

    fn set_setting(&self, actor: &Actor, key: &str, value: Value) -> Result<()> {
        self.write(actor, |tx| {
            let before: Option<String> = tx
                .tx
                .prepare_cached("SELECT value_json FROM app_settings WHERE key = ?1")?
                .query_row([key], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    other => Err(other),
                })?;
            tx.tx
                .prepare_cached(
                    "INSERT INTO app_settings (key, value_json, updated_ms) VALUES (?1, ?2, ?3)
                     ON CONFLICT (key) DO UPDATE SET value_json = ?2, updated_ms = ?3",
                )?
                .execute(rusqlite::params![key, value.to_string(), tx.now_ms])?;
            tx.audit(
                "setting.changed",
                &format!("setting:{key}"),
                Some(&json!({ "from": before.and_then(|b| serde_json::from_str::<Value>(&b).ok()), "to": value })),
            )?;
            Ok(())
        })
    }

    /// Days citizen data is kept (default 30).
    pub fn retention_days(&self) -> Result<u32> {
        Ok(self
            .setting(RETENTION_DAYS)?
            .and_then(|v| v.as_u64())
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(DEFAULT_RETENTION_DAYS))
    }

    pub fn set_retention_days(&self, actor: &Actor, days: u32) -> Result<()> {
        if !(1..=MAX_RETENTION_DAYS).contains(&days) {
            return Err(Error::InvalidField {
                field: "retention days".into(),
                problem: format!("must be from 1 to {MAX_RETENTION_DAYS}, not {days}"),
            });
        }
        self.set_setting(actor, RETENTION_DAYS, json!(days))
    }

    /// Purges citizen data older than the retention setting.
    pub fn purge_expired(&self, actor: &Actor) -> Result<PurgeReport> {
        let days = self.retention_days()?;
        self.purge_citizen_data(actor, days)
    }

    /// The operator's name as the audit log records it, when one was set.
    pub fn operator_name(&self) -> Result<Option<String>> {
        Ok(self
            .setting(OPERATOR_NAME)?
            .and_then(|v| v.as_str().map(str::to_owned)))
    }

    pub fn set_operator_name(&self, actor: &Actor, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
            return Err(Error::InvalidField {
                field: "operator name".into(),
                problem: "must be 1 to 80 characters of plain text".into(),
            });
        }
        self.set_setting(actor, OPERATOR_NAME, json!(name))
    }

    /// The UI language (`en`, `bn`, `hi`); English until chosen.
    pub fn language(&self) -> Result<String> {
        Ok(self
            .setting(LANGUAGE)?
            .and_then(|v| v.as_str().map(str::to_owned))
            .filter(|l| LANGUAGES.contains(&l.as_str()))
            .unwrap_or_else(|| "en".to_owned()))
    }

    pub fn set_language(&self, actor: &Actor, language: &str) -> Result<()> {
        if !LANGUAGES.contains(&language) {
            return Err(Error::InvalidField {
                field: "language".into(),
                problem: format!("must be one of en, bn, hi, not {language:?}"),
            });
        }
        self.set_setting(actor, LANGUAGE, json!(language))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal() -> (tempfile::TempDir, Journal) {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        (dir, journal)
    }

    #[test]
    fn retention_defaults_to_30_days_and_persists_a_change() {
        let (dir, journal) = journal();
        assert_eq!(journal.retention_days().unwrap(), 30);
        journal.set_retention_days(&Actor::Cli, 7).unwrap();
        drop(journal);
        let reopened = Journal::open(dir.path()).unwrap();
        assert_eq!(reopened.retention_days().unwrap(), 7);
        let audit = reopened
            .audit_log(Some("setting:retention_days"), 10)
            .unwrap();
        assert_eq!(audit.len(), 1);
    }

    #[test]
    fn out_of_range_settings_are_refused_by_name() {
        let (_dir, journal) = journal();
        let err = journal.set_retention_days(&Actor::Cli, 0).unwrap_err();
        assert!(err.to_string().contains("retention days"), "{err}");
        assert!(journal.set_retention_days(&Actor::Cli, 366).is_err());
        assert!(journal.set_language(&Actor::Cli, "fr").is_err());
        assert!(journal.set_operator_name(&Actor::Cli, "  ").is_err());
        journal.set_language(&Actor::Cli, "bn").unwrap();
        assert_eq!(journal.language().unwrap(), "bn");
        journal
            .set_operator_name(&Actor::Cli, " Rina Das ")
            .unwrap();
        assert_eq!(
            journal.operator_name().unwrap().as_deref(),
            Some("Rina Das")
        );
    }
}
