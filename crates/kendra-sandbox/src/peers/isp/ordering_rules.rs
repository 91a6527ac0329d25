//! Annexure A: the status code table, which endpoint each code goes to, and the order in which
//! the portal accepts codes for one request_id.

/// Annexure A's status code table.
pub const STATUS_CODES: &[(&str, &str)] = &[
    ("S101", "Application Saved As Draft"),
    ("S102", "Fee Pending"),
    ("S103", "Fee Paid"),
    ("S104", "Application Submitted"),
    ("S105", "Forwarded"),
    ("S106", "Pending For Approval"),
    ("S107", "Pending for verification"),
    ("S108", "Pending for clarification"),
    ("S109", "Objection Raised"),
    ("S110", "Rejected"),
    ("S111", "Application Accepted"),
    ("S112", "Service Delivered"),
    ("S113", "Certificate Issued"),
    ("S114", "Form Resubmitted"),
    ("S115", "Approved"),
    ("S116", "Partially closed (Open for Feedback)"),
    ("S117", "Fit for Approval"),
    ("S118", "Submit to officer"),
    ("S119", "Prior Certificate Issue PriorSanction"),
    ("S120", "Secondary CertificateIssue"),
];

/// The three status-pushing endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusEndpoint {
    Acknowledgement,
    ServiceStatus,
    Delivered,
}

impl StatusEndpoint {
    pub fn path_name(self) -> &'static str {
        match self {
            StatusEndpoint::Acknowledgement => "returnApplicationAcknowledgement",
            StatusEndpoint::ServiceStatus => "returnServiceStatus",
            StatusEndpoint::Delivered => "returnDeliveredServiceStatus",
        }
    }

    /// Where `code` must be sent.
    pub fn for_code(code: &str) -> Self {
        match code {
            "S104" => StatusEndpoint::Acknowledgement,
            "S112" => StatusEndpoint::Delivered,
            _ => StatusEndpoint::ServiceStatus,
        }
    }
}

/// Whether `code`, arriving at `endpoint`, may follow the codes already accepted (`history`,
/// oldest first). The error names the rule broken.
pub fn check(endpoint: StatusEndpoint, history: &[String], code: &str) -> Result<(), String> {
    let right = StatusEndpoint::for_code(code);
    if right != endpoint {
        let rule = match (endpoint, right) {
            (StatusEndpoint::Acknowledgement, _) => {
                "returnApplicationAcknowledgement accepts only status code S104".to_owned()
            }
            (StatusEndpoint::Delivered, _) => {
                "returnDeliveredServiceStatus accepts only status code S112".to_owned()
            }
            (StatusEndpoint::ServiceStatus, r) => format!(
                "status code {code} must be sent to {}, not returnServiceStatus",
                r.path_name()
            ),
        };
        return Err(format!("status_code {code} refused: {rule}"));
    }
    let has = |c: &str| history.iter().any(|h| h == c);
    if let Some(closing) = history.iter().find(|h| *h == "S110" || *h == "S112") {
        return Err(format!(
            "status_code {code} refused: Annexure A rule 2: after S110/S112 no other status code is accepted (this request already has {closing})"
        ));
    }
    if code == "S104" && has("S104") {
        return Err(
            "status_code S104 refused: Annexure A rule 1: S104 is accepted only once for a request_id, and it was already received".to_owned(),
        );
    }
    if (code == "S110" || code == "S112") && !has("S104") {
        return Err(format!(
            "status_code {code} refused: Annexure A rule 1: S104 must be sent before S110/S112, and no S104 was received for this request_id"
        ));
    }
    match history.last().map(String::as_str) {
        Some("S109") if code != "S114" => Err(format!(
            "status_code {code} refused: Annexure A rule 3: after S109 (objection raised) only S114 (form resubmitted) is accepted"
        )),
        Some("S102") if code != "S103" => Err(format!(
            "status_code {code} refused: Annexure A rule 4: after S102 (fee pending) only S103 (fee paid) is accepted"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::StatusEndpoint::*;
    use super::*;

    fn h(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn a_legal_life_is_accepted() {
        let mut history = Vec::new();
        for code in [
            "S101", "S102", "S103", "S104", "S105", "S109", "S114", "S107", "S115", "S112",
        ] {
            check(StatusEndpoint::for_code(code), &history, code).unwrap();
            history.push(code.to_owned());
        }
    }

    #[test]
    fn each_rule_is_named() {
        let e = check(ServiceStatus, &h(&["S104", "S112"]), "S105").unwrap_err();
        assert!(
            e.contains("rule 2") && e.contains("already has S112"),
            "{e}"
        );
        let e = check(Acknowledgement, &h(&["S104"]), "S104").unwrap_err();
        assert!(e.contains("rule 1: S104 is accepted only once"), "{e}");
        let e = check(ServiceStatus, &h(&["S105"]), "S110").unwrap_err();
        assert!(
            e.contains("rule 1: S104 must be sent before S110/S112"),
            "{e}"
        );
        let e = check(Delivered, &[], "S112").unwrap_err();
        assert!(e.contains("S104 must be sent before"), "{e}");
        let e = check(ServiceStatus, &h(&["S104", "S109"]), "S105").unwrap_err();
        assert!(e.contains("rule 3"), "{e}");
        let e = check(ServiceStatus, &h(&["S102"]), "S105").unwrap_err();
        assert!(e.contains("rule 4"), "{e}");
        let e = check(ServiceStatus, &[], "S104").unwrap_err();
        assert!(
            e.contains("must be sent to returnApplicationAcknowledgement"),
            "{e}"
        );
        let e = check(ServiceStatus, &h(&["S104"]), "S112").unwrap_err();
        assert!(
            e.contains("must be sent to returnDeliveredServiceStatus"),
            "{e}"
        );
        let e = check(Acknowledgement, &[], "S105").unwrap_err();
        assert!(e.contains("accepts only status code S104"), "{e}");
        let e = check(Delivered, &h(&["S104"]), "S113").unwrap_err();
        assert!(e.contains("accepts only status code S112"), "{e}");
    }
}
