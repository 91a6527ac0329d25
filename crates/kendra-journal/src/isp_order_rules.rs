//! Annexure A (UP ISP): the status codes, which endpoint each goes to, and the order rules checked
//! before a status is queued: S104 exactly once and before S110/S112; nothing after S110/S112;
//! after S109 only S114; after S102 only S103.

use crate::error::{Error, Result};

use kendra_wire::isp::annexure_a::{check_order, OrderViolation, StatusEndpoint};
/// Annexure A's codes, S101 to S120.
pub use kendra_wire::isp::annexure_a::{is_known_code, STATUS_CODES};

pub fn endpoint_for(code: &str) -> &'static str {
    StatusEndpoint::for_code(code).path_name()
}

pub fn check(request_id: &str, history: &[String], code: &str) -> Result<()> {
    if !is_known_code(code) {
        return Err(Error::UnknownStatusCode {
            code: code.to_owned(),
        });
    }
    let rule = match check_order(history, code) {
        Ok(()) => return Ok(()),
        Err(OrderViolation::AfterClosing { closing }) => format!(
            "Annexure A rule 2: nothing may follow S110/S112, and this request already has {closing}"
        ),
        Err(OrderViolation::RepeatedS104) => {
            "Annexure A rule 1: S104 is sent exactly once, and it is already recorded".into()
        }
        Err(OrderViolation::ClosingWithoutS104) => format!(
            "Annexure A rule 1: S104 must come before {code}, and this request has no S104"
        ),
        Err(OrderViolation::AfterObjection) => {
            "Annexure A rule 3: after S109 (objection raised) only S114 (form resubmitted) may follow".into()
        }
        Err(OrderViolation::AfterFeePending) => {
            "Annexure A rule 4: after S102 (fee pending) only S103 (fee paid) may follow".into()
        }
    };
    Err(Error::OrderRule {
        request_id: request_id.to_owned(),
        code: code.to_owned(),
        rule,
    })
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
