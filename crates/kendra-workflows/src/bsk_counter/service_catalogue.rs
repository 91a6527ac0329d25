//! The department and service codes a DEO picks a service from: section 14.4's 57 department
//! codes (Notification 908-CS/(61)/2022) and the 77 services the integration knows, coded
//! `DEP/NNN` as the API examples write them (`AMD/003`). Searchable by code or by name, for the
//! CLI's `kendra bsk services` and the app's picker. The sandbox serves the same catalogue
//! (a test keeps the two equal).

use serde::Serialize;

/// Section 14.4's departments: code and name.
pub const DEPARTMENTS: [(&str, &str); 57] = [
    ("AMD", "Agricultural Marketing Department"),
    ("AGD", "Agriculture Department"),
    ("ARD", "Animal Resources Development Department"),
    ("BCW", "Backward Classes Welfare Department"),
    ("CMO", "Chief Minister's Office"),
    ("CSO", "Chief Secretary Office"),
    ("COA", "Consumer Affairs Department"),
    ("COD", "Co-Operation Department"),
    ("CAD", "Correctional Administration Department"),
    ("DMC", "Disaster Management and Civil Defence Department"),
    ("ENV", "Environment Department"),
    ("FIN", "Finance Department"),
    ("FES", "Fire & Emergency Services Department"),
    ("FIS", "Fisheries Department"),
    ("FSD", "Food & Supplies Department"),
    ("FPH", "Food Processing Ind. and Horticulture Department"),
    ("FOR", "Forests Department"),
    ("GSD", "Governor Secretariat Department"),
    ("HFW", "Health & Family Welfare Department"),
    ("HED", "Higher Education Department"),
    ("HHA", "Home and Hill Affairs Department"),
    ("HOU", "Housing Department"),
    ("ICE", "Industry Commerce and Enterprises Department"),
    ("ICA", "Information & Cultural Affairs Department"),
    ("ITE", "Information Technology & Electronics Department"),
    ("IWD", "Irrigation & Waterways Department"),
    ("JUD", "Judicial Department"),
    ("LAB", "Labour Department"),
    (
        "LND",
        "Land & Land Reforms and Refugee Relief & Rehabilitation Department",
    ),
    ("LAW", "Law Department"),
    ("LAS", "Legislative Assembly Secretariat Department"),
    ("MEL", "Mass Education Extn. & Library Services Department"),
    (
        "MSM",
        "Micro, Small & Medium Enterprises and Textiles Department",
    ),
    ("MAM", "Minority Affairs & Madrasah Education Department"),
    ("NCE", "Non-Conventional Energy Sources Department"),
    ("NBD", "North Bengal Development Department"),
    ("PRD", "Panchayats & Rural Development Department"),
    ("PAD", "Parliamentary Affairs Department"),
    ("PUA", "Paschimanchal Unnayan Affairs Department"),
    ("PAR", "Personnel & Administrative Reforms Department"),
    (
        "PSP",
        "Planning, Statistics and Programme Monitoring Department",
    ),
    ("POD", "Power Department"),
    (
        "PEI",
        "Public Enterprises and Industrial Reconstruction Department",
    ),
    ("PHE", "Public Health Engineering Department"),
    ("PWD", "Public Works Department"),
    ("SED", "School Education Department"),
    ("STB", "Science & Technology and Bio-Technology Department"),
    ("SHE", "Self-Help Group & Self-Employment Department"),
    ("SAD", "Sunderban Affairs Department"),
    (
        "TET",
        "Technical Education, Training & Skill Development Department",
    ),
    ("TOU", "Tourism Department"),
    ("TRA", "Transport Department"),
    ("TDD", "Tribal Development Department"),
    ("UDM", "Urban Development and Municipal Affairs Department"),
    (
        "WRI",
        "Water Resources Investigation & Development Department",
    ),
    (
        "WCD",
        "Women & Child Development and Social Welfare Department",
    ),
    ("YSS", "Youth Services and Sports Department"),
];

/// Per department, its services in sequence order (001, 002, …): code `DEP/NNN`, the API
/// examples' form of section 14.4's department code + 3-digit sequence number.
pub const SERVICE_NAMES: [(&str, &[&str]); 57] = [
    (
        "AMD",
        &[
            "Trade Licence for Regulated Market",
            "Renewal of Market Licence",
            "Seed Certificate",
        ],
    ),
    ("AGD", &["Krishak Bandhu Enrolment", "Soil Health Card"]),
    (
        "ARD",
        &["Livestock Insurance Claim", "Veterinary Health Certificate"],
    ),
    (
        "BCW",
        &["Caste Certificate (SC/ST/OBC)", "Sikshashree Scholarship"],
    ),
    ("CMO", &["Grievance Registration (CM's Grievance Cell)"]),
    ("CSO", &["Public Grievance Acknowledgement"]),
    ("COA", &["Consumer Complaint Registration"]),
    ("COD", &["Co-operative Society Registration"]),
    ("CAD", &["Correctional Home Visitor Pass"]),
    ("DMC", &["Disaster Relief Assistance"]),
    ("ENV", &["Consent to Establish"]),
    ("FIN", &["Professional Tax Enrolment Certificate"]),
    ("FES", &["Fire Safety Certificate"]),
    (
        "FIS",
        &["Fishermen Identity Card", "Matsyajibi Bandhu Registration"],
    ),
    (
        "FSD",
        &["Digital Ration Card (New)", "Ration Card Correction"],
    ),
    ("FPH", &["Horticulture Subsidy Application"]),
    ("FOR", &["Tree Felling Permission"]),
    ("GSD", &["Raj Bhavan Visit Permission"]),
    (
        "HFW",
        &[
            "Swasthya Sathi Enrolment",
            "Birth Certificate",
            "Death Certificate",
        ],
    ),
    ("HED", &["Swami Vivekananda Merit-cum-Means Scholarship"]),
    ("HHA", &["Police Clearance Certificate"]),
    ("HOU", &["Banglar Bari Housing Assistance"]),
    ("ICE", &["Industrial Land Allotment"]),
    ("ICA", &["Lok Prasar Prakalpa Artist Registration"]),
    ("ITE", &["IT/ITeS Unit Registration"]),
    ("IWD", &["Irrigation Water Supply Permission"]),
    ("JUD", &["Certified Copy of Court Order"]),
    (
        "LAB",
        &[
            "Bina Mulye Samajik Suraksha Yojana Registration",
            "Shop and Establishment Registration",
        ],
    ),
    (
        "LND",
        &[
            "Mutation of Land Record",
            "Conversion of Land Use",
            "Record of Rights (Khatian) Copy",
        ],
    ),
    ("LAW", &["Notary Registration"]),
    ("LAS", &["Assembly Gallery Visitor Pass"]),
    ("MEL", &["Public Library Membership"]),
    ("MSM", &["Artisan Identity Card"]),
    ("MAM", &["Aikyashree Scholarship"]),
    ("NCE", &["Rooftop Solar Subsidy"]),
    ("NBD", &["North Bengal Development Scheme Application"]),
    (
        "PRD",
        &[
            "MGNREGA Job Card",
            "Residential Certificate (Gram Panchayat)",
        ],
    ),
    ("PAD", &["MLA Local Area Development Proposal"]),
    ("PUA", &["Paschimanchal Development Scheme Application"]),
    ("PAR", &["Public Service Grievance Redressal"]),
    ("PSP", &["Statistical Data Request"]),
    (
        "POD",
        &["New Electricity Connection", "Hasir Alo Connection"],
    ),
    ("PEI", &["Employee Dues Claim (Closed PSU)"]),
    ("PHE", &["Household Tap Water Connection"]),
    ("PWD", &["Road Cutting Permission"]),
    (
        "SED",
        &["Kanyashree Prakalpa (K1/K2)", "Taruner Swapna Tablet Grant"],
    ),
    ("STB", &["Research Project Grant Application"]),
    ("SHE", &["Self-Help Group Registration"]),
    ("SAD", &["Sundarban Development Scheme Application"]),
    (
        "TET",
        &["ITI Admission", "Utkarsha Bangla Skill Training Enrolment"],
    ),
    ("TOU", &["Homestay Registration"]),
    (
        "TRA",
        &["Learner's Driving Licence", "Gatidhara Vehicle Subsidy"],
    ),
    ("TDD", &["Jai Johar Pension"]),
    (
        "UDM",
        &["Building Plan Sanction", "Municipal Trade Licence"],
    ),
    ("WRI", &["Groundwater Extraction Permit"]),
    (
        "WCD",
        &["Lakshmir Bhandar", "Rupashree Prakalpa", "Widow Pension"],
    ),
    ("YSS", &["Sports Coaching Camp Registration"]),
];

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
