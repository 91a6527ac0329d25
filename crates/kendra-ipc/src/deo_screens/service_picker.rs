//! `deo_services`: the Counter's service picker — section 14.4's 57 departments and the 77
//! services, searched by code (`AMD003`, `amd/003`) or words (`birth`, `caste certificate`).

use kendra_workflows::bsk_counter::service_catalogue;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One service a counter can start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceOption {
    /// `AMD/003`.
    pub service_code: String,
    pub service_name: String,
    /// `AMD`.
    pub dept_code: String,
    pub department: String,
}

impl From<service_catalogue::Service> for ServiceOption {
    fn from(s: service_catalogue::Service) -> Self {
        Self {
            service_code: s.service_code,
            service_name: s.service_name.to_owned(),
            dept_code: s.dept_code.to_owned(),
            department: s.department.to_owned(),
        }
    }
}

/// The services matching `query` (all 77 for an empty one), department by department.
pub fn deo_services(query: &str) -> Vec<ServiceOption> {
    service_catalogue::search(query)
        .into_iter()
        .map(ServiceOption::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_by_code_or_words() {
        assert_eq!(deo_services("").len(), 77);
        let hits = deo_services("amd003");
        assert_eq!(hits[0].service_code, "AMD/003");
        assert_eq!(hits[0].service_name, "Seed Certificate");
        assert_eq!(deo_services("birth")[0].service_code, "HFW/002");
        assert!(deo_services("no such service at all").is_empty());
    }
}
