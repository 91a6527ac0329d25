//! A [`Host`] with fixed answers, for handler tests.

use crate::Host;

pub(crate) struct TestHost;

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
}
