//! Annexure A (UP ISP): the status codes, which endpoint each goes to, and the order rules checked
//! before a status is queued: S104 exactly once and before S110/S112; nothing after S110/S112;
//! after S109 only S114; after S102 only S103.

use crate::error::{Error, Result};

/// Annexure A's codes, S101 to S120.
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

/// The ISP endpoint a code is sent to (the outbox item's endpoint kind).
pub fn endpoint_for(code: &str) -> &'static str {
    match code {
        "S104" => "returnApplicationAcknowledgement",
        "S112" => "returnDeliveredServiceStatus",
        _ => "returnServiceStatus",
    }
}

/// Whether `code` may follow `history` (codes already recorded or queued, oldest first).
pub fn check(request_id: &str, history: &[String], code: &str) -> Result<()> {
    if !is_known_code(code) {
        return Err(Error::UnknownStatusCode {
            code: code.to_owned(),
        });
    }
    let refuse = |rule: String| {
        Err(Error::OrderRule {
            request_id: request_id.to_owned(),
            code: code.to_owned(),
            rule,
        })
    };
    let has = |c: &str| history.iter().any(|h| h == c);
    if let Some(closing) = history.iter().find(|h| *h == "S110" || *h == "S112") {
        return refuse(format!(
            "Annexure A rule 2: nothing may follow S110/S112, and this request already has {closing}"
        ));
    }
    if code == "S104" && has("S104") {
        return refuse(
            "Annexure A rule 1: S104 is sent exactly once, and it is already recorded".into(),
        );
    }
    if (code == "S110" || code == "S112") && !has("S104") {
        return refuse(format!(
            "Annexure A rule 1: S104 must come before {code}, and this request has no S104"
        ));
    }
    match history.last().map(String::as_str) {
        Some("S109") if code != "S114" => {
            refuse("Annexure A rule 3: after S109 (objection raised) only S114 (form resubmitted) may follow".into())
        }
        Some("S102") if code != "S103" => {
            refuse("Annexure A rule 4: after S102 (fee pending) only S103 (fee paid) may follow".into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| (*c).to_owned()).collect()
    }

    fn rule_of(history: &[&str], code: &str) -> String {
        match check("20240101000001", &h(history), code) {
            Err(Error::OrderRule { rule, .. }) => rule,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_legal_sequence_passes() {
        let seq = [
            "S101", "S102", "S103", "S104", "S105", "S109", "S114", "S107", "S115", "S112",
        ];
        for i in 0..seq.len() {
            check("1", &h(&seq[..i]), seq[i]).unwrap();
        }
    }

    #[test]
    fn each_rule_is_named() {
        assert!(rule_of(&["S104"], "S104").contains("rule 1"));
        assert!(rule_of(&["S101"], "S112").contains("S104 must come before S112"));
        assert!(rule_of(&["S104", "S110"], "S105").contains("rule 2"));
        assert!(rule_of(&["S104", "S112"], "S113").contains("rule 2"));
        assert!(rule_of(&["S104", "S109"], "S105").contains("rule 3"));
        assert!(rule_of(&["S102"], "S104").contains("rule 4"));
        assert!(matches!(
            check("1", &[], "S999"),
            Err(Error::UnknownStatusCode { .. })
        ));
    }
}
