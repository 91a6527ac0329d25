//! Annexure A: the status code table, which endpoint each code goes to, and the order in which
//! the portal accepts codes for one request_id.

use kendra_wire::isp::annexure_a::{check_order, OrderViolation};
/// Annexure A's status code table.
pub use kendra_wire::isp::annexure_a::{StatusEndpoint, STATUS_CODES};

/// The portal's refusal text for `code` sent to `endpoint` after `history`.
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
    let rule = match check_order(history, code) {
        Ok(()) => return Ok(()),
        Err(OrderViolation::AfterClosing { closing }) => format!(
            "Annexure A rule 2: after S110/S112 no other status code is accepted (this request already has {closing})"
        ),
        Err(OrderViolation::RepeatedS104) => {
            "Annexure A rule 1: S104 is accepted only once for a request_id, and it was already received".to_owned()
        }
        Err(OrderViolation::ClosingWithoutS104) => {
            "Annexure A rule 1: S104 must be sent before S110/S112, and no S104 was received for this request_id".to_owned()
        }
        Err(OrderViolation::AfterObjection) => {
            "Annexure A rule 3: after S109 (objection raised) only S114 (form resubmitted) is accepted".to_owned()
        }
        Err(OrderViolation::AfterFeePending) => {
            "Annexure A rule 4: after S102 (fee pending) only S103 (fee paid) is accepted".to_owned()
        }
    };
    Err(format!("status_code {code} refused: {rule}"))
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
