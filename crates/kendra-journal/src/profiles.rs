//! Integration profiles: a name, a peer and non-secret settings as JSON. Secrets live in the OS
//! keyring under the profile's name; this table has no column for them.

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::journal::{Journal, JournalTx};
use crate::peer::Peer;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub name: String,
    pub peer: Peer,
    pub settings: serde_json::Value,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl JournalTx<'_> {
    /// Creates or replaces the profile `name`. `settings` must be a JSON object of non-secret
    /// settings only (the caller keeps secrets in the keyring).
    pub fn upsert_profile(
        &mut self,
        name: &str,
        peer: Peer,
        settings: &serde_json::Value,
    ) -> Result<()> {
        if name.trim().is_empty() {
            return Err(Error::MissingField {
                field: "profile name",
            });
        }
        if !settings.is_object() {
            return Err(Error::ProfileSettingsNotObject);
        }
        self.tx.execute(
            "INSERT INTO integration_profiles (name, peer, settings_json, created_ms, updated_ms)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (name) DO UPDATE SET peer = excluded.peer,
                 settings_json = excluded.settings_json, updated_ms = excluded.updated_ms",
            rusqlite::params![name, peer.as_str(), settings.to_string(), self.now_ms],
        )?;
        self.audit(
            "profile.set",
            &format!("profile:{name}"),
            Some(&serde_json::json!({ "peer": peer.as_str(), "settings": settings })),
        )
    }

    pub fn delete_profile(&mut self, name: &str) -> Result<()> {
        let n = self
            .tx
            .execute("DELETE FROM integration_profiles WHERE name = ?1", [name])?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "profile",
                key: name.to_owned(),
            });
        }
        self.audit("profile.delete", &format!("profile:{name}"), None)
    }
}

impl Journal {
    pub fn profile(&self, name: &str) -> Result<Option<Profile>> {
        self.read(|c| {
            c.query_row(
                "SELECT name, peer, settings_json, created_ms, updated_ms
                 FROM integration_profiles WHERE name = ?1",
                [name],
                row_to_raw,
            )
            .optional()?
            .map(RawProfile::into_profile)
            .transpose()
        })
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT name, peer, settings_json, created_ms, updated_ms
                 FROM integration_profiles ORDER BY name",
            )?;
            let rows = st.query_map([], row_to_raw)?;
            rows.map(|r| r.map_err(Error::from).and_then(RawProfile::into_profile))
                .collect()
        })
    }
}

struct RawProfile(String, String, String, i64, i64);

fn row_to_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawProfile> {
    Ok(RawProfile(
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
    ))
}

impl RawProfile {
    fn into_profile(self) -> Result<Profile> {
        Ok(Profile {
            name: self.0,
            peer: self.1.parse()?,
            settings: serde_json::from_str(&self.2).map_err(|e| Error::InvalidField {
                field: "profile settings".into(),
                problem: e.to_string(),
            })?,
            created_ms: self.3,
            updated_ms: self.4,
        })
    }
}
