//! A temp journal and a [`MemoryStore`] for the unit tests, and a real sandbox's info.

use kendra_journal::{Actor, Journal};
use kendra_sandbox::{RunningSandbox, SandboxConfig};
use kendra_secrets::MemoryStore;
use serde_json::Value;

use crate::profile_service::Profiles;

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub journal: Journal,
    pub store: MemoryStore,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        Self {
            _dir: dir,
            journal,
            store: MemoryStore::new(),
        }
    }

    pub fn profiles(&self) -> Profiles<'_> {
        Profiles::new(&self.journal, &self.store, Actor::Operator("tester".into()))
    }

    /// The journal file, its WAL and shared memory, as bytes (for leak scans).
    pub fn journal_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Before and after a checkpoint: the WAL holds recent pages until then.
        for checkpoint in [false, true] {
            if checkpoint {
                self.journal.checkpoint().unwrap();
            }
            for suffix in ["", "-wal", "-shm"] {
                let path = format!("{}{suffix}", self.journal.path().display());
                if let Ok(b) = std::fs::read(path) {
                    bytes.extend(b);
                }
            }
        }
        bytes
    }
}

/// A running sandbox and its `/_sandbox/info` document.
pub async fn sandbox() -> (RunningSandbox, Value) {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let info = kendra_sandbox::control::info_document(sandbox.shared());
    (sandbox, info)
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
