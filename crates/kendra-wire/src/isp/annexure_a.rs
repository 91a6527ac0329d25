//! UP ISP Annexure A: the status codes, which endpoint takes which code, and the order rules per
//! request_id. One implementation for the portal's sandbox and for Kendra's outbox; each words
//! the refusal in its own voice from the [`OrderViolation`].

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

pub fn is_known_code(code: &str) -> bool {
    STATUS_CODES.iter().any(|(c, _)| *c == code)
}

/// The three status endpoints.
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

    /// S104 to the acknowledgement, S112 to delivered, every other code to status.
    pub fn for_code(code: &str) -> Self {
        match code {
            "S104" => StatusEndpoint::Acknowledgement,
            "S112" => StatusEndpoint::Delivered,
            _ => StatusEndpoint::ServiceStatus,
        }
    }
}

/// Which order rule a status would break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderViolation {
    /// Rule 2: the request is closed by this code (S110 or S112).
    AfterClosing { closing: String },
    /// Rule 1: S104 is sent exactly once.
    RepeatedS104,
    /// Rule 1: S110/S112 need an S104 before them.
    ClosingWithoutS104,
    /// Rule 3: after S109 only S114.
    AfterObjection,
    /// Rule 4: after S102 only S103.
    AfterFeePending,
}

impl OrderViolation {
    pub fn rule_number(&self) -> u8 {
        match self {
            OrderViolation::RepeatedS104 | OrderViolation::ClosingWithoutS104 => 1,
            OrderViolation::AfterClosing { .. } => 2,
            OrderViolation::AfterObjection => 3,
            OrderViolation::AfterFeePending => 4,
        }
    }
}

/// Whether `code` may follow `history` (the codes already sent or queued, oldest first).
pub fn check_order(history: &[String], code: &str) -> Result<(), OrderViolation> {
    let has = |c: &str| history.iter().any(|h| h == c);
    if let Some(closing) = history.iter().find(|h| *h == "S110" || *h == "S112") {
        return Err(OrderViolation::AfterClosing {
            closing: closing.clone(),
        });
    }
    if code == "S104" && has("S104") {
        return Err(OrderViolation::RepeatedS104);
    }
    if (code == "S110" || code == "S112") && !has("S104") {
        return Err(OrderViolation::ClosingWithoutS104);
    }
    match history.last().map(String::as_str) {
        Some("S109") if code != "S114" => Err(OrderViolation::AfterObjection),
        Some("S102") if code != "S103" => Err(OrderViolation::AfterFeePending),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn the_four_rules() {
        assert_eq!(check_order(&h(&[]), "S104"), Ok(()));
        assert_eq!(
            check_order(&h(&["S104"]), "S104"),
            Err(OrderViolation::RepeatedS104)
        );
        assert_eq!(
            check_order(&h(&[]), "S112"),
            Err(OrderViolation::ClosingWithoutS104)
        );
        assert_eq!(
            check_order(&h(&["S104", "S110"]), "S105"),
            Err(OrderViolation::AfterClosing {
                closing: "S110".into()
            })
        );
        assert_eq!(
            check_order(&h(&["S104", "S109"]), "S105"),
            Err(OrderViolation::AfterObjection)
        );
        assert_eq!(check_order(&h(&["S104", "S109"]), "S114"), Ok(()));
        assert_eq!(
            check_order(&h(&["S102"]), "S105"),
            Err(OrderViolation::AfterFeePending)
        );
        assert_eq!(check_order(&h(&["S102"]), "S103"), Ok(()));
        assert_eq!(OrderViolation::AfterFeePending.rule_number(), 4);
    }

    #[test]
    fn routing_and_codes() {
        assert_eq!(
            StatusEndpoint::for_code("S104"),
            StatusEndpoint::Acknowledgement
        );
        assert_eq!(
            StatusEndpoint::for_code("S112").path_name(),
            "returnDeliveredServiceStatus"
        );
        assert_eq!(
            StatusEndpoint::for_code("S105"),
            StatusEndpoint::ServiceStatus
        );
        assert!(is_known_code("S120") && !is_known_code("S121"));
    }
}
