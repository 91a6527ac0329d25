//! Everything the sandbox's handlers share: the clock, inbox, stats, faults and each peer's state.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::clock::Clock;
use crate::faults::Faults;
use crate::inbox::{lock, Inbox};
use crate::peers::{self, SeedContext};
use crate::stats::Stats;
use crate::Result;

pub struct Shared {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base_url: String,
    pub data_dir: Option<PathBuf>,
    pub clock: Clock,
    pub inbox: Inbox,
    pub stats: Stats,
    pub faults: Faults,
    pub bsk: Mutex<peers::bsk::BskState>,
    pub isp: Mutex<peers::isp::IspState>,
    pub header_secrets: Mutex<peers::header_secrets::HeaderSecretsState>,
    pub dci: Mutex<peers::dci::DciState>,
    pub csp: Mutex<peers::csp::CspState>,
}

impl Shared {
    pub fn new(base_url: String, data_dir: Option<PathBuf>) -> Result<Self> {
        let ctx = SeedContext {
            base_url: &base_url,
            data_dir: data_dir.as_deref(),
        };
        Ok(Self {
            bsk: Mutex::new(peers::bsk::BskState::seeded(&ctx)?),
            isp: Mutex::new(peers::isp::IspState::seeded(&ctx)?),
            header_secrets: Mutex::new(peers::header_secrets::HeaderSecretsState::seeded(&ctx)?),
            dci: Mutex::new(peers::dci::DciState::seeded(&ctx)?),
            csp: Mutex::new(peers::csp::CspState::seeded(&ctx)?),
            clock: Clock::default(),
            inbox: Inbox::default(),
            stats: Stats::default(),
            faults: Faults::default(),
            base_url,
            data_dir,
        })
    }

    /// Back to the seeded state: data, inbox, stats, faults and clock.
    pub fn reset(&self) -> Result<()> {
        let ctx = SeedContext {
            base_url: &self.base_url,
            data_dir: self.data_dir.as_deref(),
        };
        *lock(&self.bsk) = peers::bsk::BskState::seeded(&ctx)?;
        *lock(&self.isp) = peers::isp::IspState::seeded(&ctx)?;
        *lock(&self.header_secrets) = peers::header_secrets::HeaderSecretsState::seeded(&ctx)?;
        *lock(&self.dci) = peers::dci::DciState::seeded(&ctx)?;
        *lock(&self.csp) = peers::csp::CspState::seeded(&ctx)?;
        self.inbox.clear();
        self.stats.clear();
        self.faults.clear();
        self.clock.reset();
        Ok(())
    }
}
