//! The one migrator: timestamped, additive `.sql` files from `migrations/`, embedded at build
//! time, each applied in its own transaction and recorded in `schema_migrations`.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// (version, name, sql), oldest first. A new migration is a new file plus one line here.
pub(crate) const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        20261123100000,
        "journal_core",
        include_str!("../migrations/20261123100000_journal_core.sql"),
    ),
    (
        20261123100100,
        "outbox",
        include_str!("../migrations/20261123100100_outbox.sql"),
    ),
    (
        20261123120000,
        "sealed_bodies_and_settings",
        include_str!("../migrations/20261123120000_sealed_bodies_and_settings.sql"),
    ),
];

pub(crate) fn latest_known() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the file up to the newest schema this binary knows; refuses a newer file.
pub(crate) fn migrate(conn: &mut Connection, path: &Path, now_ms: i64) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_ms INTEGER NOT NULL
         )",
    )?;
    let found: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    let known = latest_known();
    if found > known {
        return Err(Error::SchemaTooNew {
            path: path.to_owned(),
            found,
            known,
        });
    }
    for &(version, name, sql) in MIGRATIONS {
        let wrap = |source| Error::Migration {
            version,
            name: name.to_owned(),
            source,
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(wrap)?;
        let applied: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
                [version],
                |r| r.get(0),
            )
            .map_err(wrap)?;
        if applied {
            continue;
        }
        tx.execute_batch(sql).map_err(wrap)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, now_ms],
        )
        .map_err(wrap)?;
        tx.commit().map_err(wrap)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_file_is_embedded_in_order() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<String> = MIGRATIONS
            .iter()
            .map(|(v, n, _)| format!("{v}_{n}.sql"))
            .collect();
        assert_eq!(files, embedded);
    }
}
