//! The in-process sandbox with its profiles imported into a fresh journal (citizen key set) and
//! an in-memory secret store: what every workflow test starts from.

use kendra_journal::{Actor, CitizenKey, Journal};
use kendra_profiles::Profiles;
use kendra_sandbox::{RunningSandbox, SandboxConfig};
use kendra_secrets::MemoryStore;
use serde_json::Value;

pub struct SandboxDesk {
    pub sandbox: RunningSandbox,
    /// `/_sandbox/info`: every credential and seeded record.
    #[allow(dead_code)]
    pub info: Value,
    pub journal: Journal,
    pub store: MemoryStore,
    pub dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl SandboxDesk {
    pub async fn start() -> Self {
        let sandbox = RunningSandbox::start(SandboxConfig::default())
            .await
            .unwrap();
        let info = kendra_sandbox::control::info_document(sandbox.shared());
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path())
            .unwrap()
            .with_citizen_key(&CitizenKey::from_bytes([3; 32]));
        let store = MemoryStore::new();
        Profiles::new(&journal, &store, Actor::Cli)
            .import_sandbox(&info)
            .unwrap();
        Self {
            sandbox,
            info,
            journal,
            store,
            dir,
            http: reqwest::Client::new(),
        }
    }

    pub fn profiles(&self) -> Profiles<'_> {
        Profiles::new(&self.journal, &self.store, Actor::Cli)
    }

    pub fn base(&self) -> String {
        self.sandbox.base_url().to_owned()
    }

    /// POSTs to the sandbox's control surface and returns its JSON answer.
    pub async fn control(&self, path: &str, body: Value) -> Value {
        let answer = self
            .http
            .post(format!("{}{path}", self.base()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{path}: {}", answer.status());
        answer.json().await.unwrap()
    }
}
