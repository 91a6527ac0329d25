//! [`Desk`]: what every screen's command works on — the journal (citizen key set, retention
//! applied), the secret store, and the operator. The app opens one when its data folder is ready;
//! tests open one on a temporary folder with an in-memory store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kendra_journal::{Actor, Journal};
use kendra_profiles::Profiles;
use kendra_secrets::SecretStore;

use crate::error::Result;

pub struct Desk {
    journal: Journal,
    store: Arc<dyn SecretStore>,
    data_dir: PathBuf,
    citizen_key: kendra_journal::CitizenKey,
}

impl Desk {
    /// Opens the journal in `data_dir` with the citizen key kept in `store` (made on first use)
    /// and purges citizen data older than the retention setting.
    pub fn open(data_dir: &Path, store: Arc<dyn SecretStore>) -> Result<Self> {
        let citizen_key = kendra_profiles::citizen_key(store.as_ref())?;
        let journal = Journal::open(data_dir)?.with_citizen_key(&citizen_key);
        journal.purge_expired(&Actor::Worker)?;
        Ok(Self {
            journal,
            store,
            data_dir: data_dir.to_owned(),
            citizen_key,
        })
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn store(&self) -> &dyn SecretStore {
        self.store.as_ref()
    }

    /// The operator as the audit log names them: the name set in Settings, else "operator".
    pub fn actor(&self) -> Actor {
        match self.journal.operator_name() {
            Ok(Some(name)) => Actor::Operator(name),
            _ => Actor::Operator("operator".to_owned()),
        }
    }

    pub fn profiles(&self) -> Profiles<'_> {
        Profiles::new(&self.journal, self.store.as_ref(), self.actor())
    }

    /// A second handle on the same journal (the outbox worker runs on its own).
    pub fn reopen_journal(&self) -> Result<Journal> {
        Ok(Journal::open(&self.data_dir)?.with_citizen_key(&self.citizen_key))
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}
