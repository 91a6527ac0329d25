//! The caller-built registry of ready clients: profile name → [`IspClient`] / [`BskClient`].
//! Built from profiles and the keyring by the caller; `Debug` shows no secret (the clients'
//! own `Debug` masks theirs).

use std::collections::BTreeMap;
use std::sync::Arc;

use kendra_client::{BskClient, IspClient};

#[derive(Debug, Clone, Default)]
pub struct PeerClients {
    isp: BTreeMap<String, Arc<IspClient>>,
    bsk: BTreeMap<String, Arc<BskClient>>,
}

impl PeerClients {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_isp(
        mut self,
        profile: impl Into<String>,
        client: impl Into<Arc<IspClient>>,
    ) -> Self {
        self.insert_isp(profile, client);
        self
    }

    pub fn with_bsk(
        mut self,
        profile: impl Into<String>,
        client: impl Into<Arc<BskClient>>,
    ) -> Self {
        self.insert_bsk(profile, client);
        self
    }

    pub fn insert_isp(&mut self, profile: impl Into<String>, client: impl Into<Arc<IspClient>>) {
        self.isp.insert(profile.into(), client.into());
    }

    pub fn insert_bsk(&mut self, profile: impl Into<String>, client: impl Into<Arc<BskClient>>) {
        self.bsk.insert(profile.into(), client.into());
    }

    pub fn isp(&self, profile: &str) -> Option<&Arc<IspClient>> {
        self.isp.get(profile)
    }

    pub fn bsk(&self, profile: &str) -> Option<&Arc<BskClient>> {
        self.bsk.get(profile)
    }

    pub fn isp_profiles(&self) -> impl Iterator<Item = &str> {
        self.isp.keys().map(String::as_str)
    }

    pub fn bsk_profiles(&self) -> impl Iterator<Item = &str> {
        self.bsk.keys().map(String::as_str)
    }
}
