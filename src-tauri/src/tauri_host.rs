//! [`TauriHost`]: `kendra_ipc::Host` answered from the running Tauri app.

use kendra_ipc::{Host, SandboxStatus};
use tauri::{AppHandle, Manager, Runtime};

use crate::embedded_sandbox::EmbeddedSandbox;

pub struct TauriHost<'a, R: Runtime> {
    app: &'a AppHandle<R>,
}

impl<'a, R: Runtime> TauriHost<'a, R> {
    pub fn new(app: &'a AppHandle<R>) -> Self {
        Self { app }
    }
}

impl<R: Runtime> Host for TauriHost<'_, R> {
    fn app_name(&self) -> String {
        self.app.package_info().name.clone()
    }

    fn app_version(&self) -> String {
        self.app.package_info().version.to_string()
    }

    fn tauri_version(&self) -> String {
        tauri::VERSION.to_owned()
    }

    fn identifier(&self) -> String {
        self.app.config().identifier.clone()
    }

    fn sandbox_status(&self) -> SandboxStatus {
        match self.app.try_state::<EmbeddedSandbox>() {
            Some(sandbox) => sandbox.status(),
            None => SandboxStatus::Starting,
        }
    }
}
