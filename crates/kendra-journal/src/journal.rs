//! Opening the journal file and the one way to change it: [`Journal::write`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::actor::Actor;
use crate::citizen_cipher::{CitizenCipher, CitizenKey};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::migrator;

pub const JOURNAL_FILE_NAME: &str = "journal.sqlite3";

/// One journal file. `Send + Sync`: share it as `Arc<Journal>`; calls are short and blocking, so
/// async callers run them on `spawn_blocking`.
#[derive(Debug)]
pub struct Journal {
    conn: Mutex<Connection>,
    path: PathBuf,
    cipher: Option<CitizenCipher>,
    clock: Clock,
}

impl Journal {
    /// Opens (creating if needed) `journal.sqlite3` in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Self> {
        Self::open_with_clock(data_dir, Clock::system())
    }

    pub fn open_with_clock(data_dir: &Path, clock: Clock) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(JOURNAL_FILE_NAME);
        let open_err = |source| Error::Open {
            path: path.clone(),
            source,
        };
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // Deleted citizen data must not linger in free pages.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(64);
        migrator::migrate(&mut conn, &path, clock.now_ms())?;
        Ok(Journal {
            conn: Mutex::new(conn),
            path,
            cipher: None,
            clock,
        })
    }

    /// Enables citizen data (encryption, decryption, search by mobile) with the keyring's key.
    pub fn with_citizen_key(mut self, key: &CitizenKey) -> Self {
        self.cipher = Some(CitizenCipher::new(key));
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The schema version of the file (the newest applied migration).
    pub fn schema_version(&self) -> Result<i64> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )?)
        })
    }

    /// Runs `change` in one immediate transaction attributed to `actor`: committed if it returns
    /// `Ok`, rolled back otherwise. Audit rows and outbox items written inside commit with it.
    pub fn write<T>(
        &self,
        actor: &Actor,
        change: impl FnOnce(&mut JournalTx<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut jtx = JournalTx {
            tx,
            actor,
            now_ms: self.clock.now_ms(),
            cipher: self.cipher.as_ref(),
        };
        let out = change(&mut jtx)?;
        jtx.tx.commit()?;
        Ok(out)
    }

    pub(crate) fn read<T>(&self, query: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.lock();
        query(&conn)
    }

    pub(crate) fn cipher(&self) -> Result<&CitizenCipher> {
        self.cipher.as_ref().ok_or(Error::CitizenKeyMissing)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back; the connection is usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Copies everything in the WAL into the main file (for tests and before backups).
    pub fn checkpoint(&self) -> Result<()> {
        self.read(|c| {
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
    }
}

/// An open write transaction. Every typed change on it also writes its audit row.
pub struct JournalTx<'a> {
    pub(crate) tx: rusqlite::Transaction<'a>,
    pub(crate) actor: &'a Actor,
    pub(crate) now_ms: i64,
    pub(crate) cipher: Option<&'a CitizenCipher>,
}

impl JournalTx<'_> {
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// The transaction's time (UTC unix ms), the same for every row it writes.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// Writes an audit row: `action` (e.g. `outbox.cancel`), `subject` (e.g. `outbox:42`).
    pub fn audit(
        &mut self,
        action: &str,
        subject: &str,
        detail: Option<&serde_json::Value>,
    ) -> Result<()> {
        let detail = detail.map(serde_json::Value::to_string);
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (at_ms, actor, action, subject, detail_json)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(rusqlite::params![
                self.now_ms,
                self.actor.as_str(),
                action,
                subject,
                detail
            ])?;
        Ok(())
    }

    pub(crate) fn cipher(&self) -> Result<&CitizenCipher> {
        self.cipher.ok_or(Error::CitizenKeyMissing)
    }
}
