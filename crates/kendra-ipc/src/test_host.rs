//! A [`Host`] with fixed answers, for handler tests.

use crate::active_profiles::SandboxStatus;
use crate::Host;

pub(crate) struct TestHost {
    sandbox: SandboxStatus,
}

impl Default for TestHost {
    fn default() -> Self {
        Self::with_sandbox(SandboxStatus::Starting)
    }
}

impl TestHost {
    pub(crate) fn with_sandbox(sandbox: SandboxStatus) -> Self {
        Self { sandbox }
    }
}

impl Host for TestHost {
    fn app_name(&self) -> String {
        "Kendra Desk".to_owned()
    }
    fn app_version(&self) -> String {
        "9.8.7".to_owned()
    }
    fn tauri_version(&self) -> String {
        "2.0.0-test".to_owned()
    }
    fn identifier(&self) -> String {
        "in.gov.wb.kendradesk.test".to_owned()
    }
    fn sandbox_status(&self) -> SandboxStatus {
        self.sandbox.clone()
    }
}
