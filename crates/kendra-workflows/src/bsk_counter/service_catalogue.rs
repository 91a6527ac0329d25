//! The department and service codes a DEO picks a service from: section 14.4's 57 department
//! codes (Notification 908-CS/(61)/2022) and the 77 services the integration knows, coded
//! `DEP/NNN` as the API examples write them (`AMD/003`). Searchable by code or by name, for the
//! CLI's `kendra bsk services` and the app's picker. The sandbox serves the same catalogue
//! (a test keeps the two equal).

use serde::Serialize;

pub use kendra_wire::bsk::service_codes::{DEPARTMENTS, SERVICE_NAMES};

/// One service a counter can initiate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// `AMD/003`.
    pub service_code: String,
    pub service_name: &'static str,
    pub dept_code: &'static str,
    pub department: &'static str,
}

/// Every service, department by department, in sequence order.
pub fn services() -> Vec<Service> {
    SERVICE_NAMES
        .iter()
        .flat_map(|(dept, names)| {
            let department = department_name(dept).unwrap_or_default();
            names.iter().enumerate().map(move |(i, name)| Service {
                service_code: format!("{dept}/{:03}", i + 1),
                service_name: name,
                dept_code: dept,
                department,
            })
        })
        .collect()
}

/// The department's name for a code (any case).
pub fn department_name(code: &str) -> Option<&'static str> {
    DEPARTMENTS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
        .map(|(_, name)| *name)
}

/// `AMD/003`, `AMD003`, `amd-003` name the same service.
pub fn find_service(code: &str) -> Option<Service> {
    let compact = compact(code);
    if compact.is_empty() {
        return None;
    }
    services()
        .into_iter()
        .find(|s| compact_code(&s.service_code) == compact)
}

/// Services whose code, name, department code or department name contains every word of
/// `query` (case-insensitive); all of them for an empty query.
pub fn search(query: &str) -> Vec<Service> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let query_code = compact(query);
    services()
        .into_iter()
        .filter(|s| {
            if !query_code.is_empty() && compact_code(&s.service_code).starts_with(&query_code) {
                return true;
            }
            let haystack = format!(
                "{} {} {} {}",
                s.service_code, s.service_name, s.dept_code, s.department
            )
            .to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect()
}

fn compact(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

fn compact_code(code: &str) -> String {
    code.replace('/', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_seven_departments_seventy_seven_services() {
        assert_eq!(DEPARTMENTS.len(), 57);
        assert_eq!(services().len(), 77);
        for (code, _) in DEPARTMENTS {
            assert!(services().iter().any(|s| s.dept_code == code), "{code}");
        }
    }

    #[test]
    fn found_by_code_in_any_form_or_by_name() {
        assert_eq!(
            find_service("amd003").map(|s| s.service_name),
            Some("Seed Certificate")
        );
        assert_eq!(
            find_service("HFW/002").map(|s| s.department),
            Some("Health & Family Welfare Department")
        );
        assert!(find_service("XYZ/001").is_none());
        assert!(find_service("").is_none());
        let hits = search("birth");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].service_code, "HFW/002");
        assert_eq!(search("WCD").len(), 3);
        assert_eq!(search("caste certificate")[0].service_code, "BCW/001");
        assert_eq!(search("").len(), 77);
    }
}
