//! `deo_check_citizen`: the Counter form checked field by field, as the DEO leaves each field.
//!
//! The core's validators (`bsk_counter::citizen_fields`) decide; this module only says *which
//! kind* of problem each one found, so the UI can put a sentence in the DEO's language under the
//! field. The core's own English sentence travels along as `detail`.

use kendra_workflows::bsk_counter::{citizen_fields, service_catalogue};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The Counter's form as typed (optional fields empty when not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CitizenForm {
    /// The DEO's own user id: their 10-digit mobile number.
    pub user_id: String,
    /// `AMD/003` as picked.
    pub service_code: String,
    pub name: String,
    pub mobile: String,
    pub email: String,
    /// `male`, `female`, `transgender`, `other`, or empty.
    pub gender: String,
    pub age: String,
}

/// A field of [`CitizenForm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CitizenField {
    UserId,
    ServiceCode,
    Name,
    Mobile,
    Email,
    Gender,
    Age,
}

/// What is wrong with a field, for the UI to say in the DEO's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum FieldProblem {
    /// Required and empty.
    Empty,
    /// A number with something other than digits in it.
    NotDigits,
    /// A mobile number with `digits` digits instead of 10.
    WrongLength {
        digits: u32,
    },
    /// Ten digits that do not start with 6, 7, 8 or 9.
    NotAMobile,
    /// Longer than the field allows.
    TooLong,
    /// Not whole years from 1 to 120.
    NotAnAge,
    NotAGender,
    NotAnEmail,
    /// No service has this code: pick one from the list.
    UnknownService,
    /// Control characters in a name.
    NotPrintable,
}

/// One problem, under one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub field: CitizenField,
    pub problem: FieldProblem,
    /// The core's sentence (English), for the technical view.
    pub detail: String,
}

/// Every problem in the form, in the form's order (the UI focuses the first).
pub fn deo_check_citizen(form: &CitizenForm) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: CitizenField, problem: FieldProblem, err: kendra_workflows::Error| {
        errors.push(FieldError {
            field,
            problem,
            detail: err.to_string(),
        });
    };
    if let Err(e) = citizen_fields::user_id(&form.user_id) {
        push(CitizenField::UserId, mobile_problem(&form.user_id), e);
    }
    let code = form.service_code.trim();
    if service_catalogue::find_service(code).is_none() {
        let problem = if code.is_empty() {
            FieldProblem::Empty
        } else {
            FieldProblem::UnknownService
        };
        push(
            CitizenField::ServiceCode,
            problem,
            kendra_workflows::Error::input(
                "service_code",
                format!("{code:?} is not a service Kendra knows: pick one from the list"),
            ),
        );
    }
    if let Err(e) = citizen_fields::name(&form.name) {
        let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let problem = if name.is_empty() {
            FieldProblem::Empty
        } else if name.chars().count() > 100 {
            FieldProblem::TooLong
        } else {
            FieldProblem::NotPrintable
        };
        push(CitizenField::Name, problem, e);
    }
    if let Err(e) = citizen_fields::mobile("mobile", &form.mobile) {
        push(CitizenField::Mobile, mobile_problem(&form.mobile), e);
    }
    if !form.email.trim().is_empty() {
        if let Err(e) = citizen_fields::email(&form.email) {
            let problem = if form.email.trim().len() > 254 {
                FieldProblem::TooLong
            } else {
                FieldProblem::NotAnEmail
            };
            push(CitizenField::Email, problem, e);
        }
    }
    if !form.gender.trim().is_empty() {
        if let Err(e) = citizen_fields::gender(&form.gender) {
            push(CitizenField::Gender, FieldProblem::NotAGender, e);
        }
    }
    if !form.age.trim().is_empty() {
        if let Err(e) = citizen_fields::age(&form.age) {
            push(CitizenField::Age, FieldProblem::NotAnAge, e);
        }
    }
    errors
}

/// Why `text` is not a mobile number (called only when the core said it is not one): the
/// same clean-up as the core's (spaces, dashes, `+91`, a leading 0), then the first rule broken.
fn mobile_problem(text: &str) -> FieldProblem {
    let digits = citizen_fields::undecorated_mobile(text);
    if digits.is_empty() {
        FieldProblem::Empty
    } else if !digits.bytes().all(|b| b.is_ascii_digit()) {
        FieldProblem::NotDigits
    } else if digits.len() != 10 {
        FieldProblem::WrongLength {
            digits: u32::try_from(digits.len()).unwrap_or(u32::MAX),
        }
    } else {
        FieldProblem::NotAMobile
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> CitizenForm {
        CitizenForm {
            user_id: "9054233544".into(),
            service_code: "AMD/003".into(),
            name: "Arindam Ray".into(),
            mobile: "+91 93507 78824".into(),
            email: String::new(),
            gender: "M".into(),
            age: "48".into(),
        }
    }

    #[test]
    fn a_good_form_has_no_problems_and_optional_fields_may_be_empty() {
        assert!(deo_check_citizen(&good()).is_empty());
        let form = CitizenForm {
            gender: String::new(),
            age: String::new(),
            ..good()
        };
        assert!(deo_check_citizen(&form).is_empty());
    }

    #[test]
    fn each_problem_is_named_under_its_field_in_form_order() {
        let form = CitizenForm {
            user_id: "12345".into(),
            service_code: "XYZ/001".into(),
            name: "  ".into(),
            mobile: "93507".into(),
            email: "a@b".into(),
            gender: "x".into(),
            age: "0".into(),
        };
        let errors = deo_check_citizen(&form);
        let got: Vec<(CitizenField, FieldProblem)> =
            errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (
                    CitizenField::UserId,
                    FieldProblem::WrongLength { digits: 5 }
                ),
                (CitizenField::ServiceCode, FieldProblem::UnknownService),
                (CitizenField::Name, FieldProblem::Empty),
                (
                    CitizenField::Mobile,
                    FieldProblem::WrongLength { digits: 5 }
                ),
                (CitizenField::Email, FieldProblem::NotAnEmail),
                (CitizenField::Gender, FieldProblem::NotAGender),
                (CitizenField::Age, FieldProblem::NotAnAge),
            ]
        );
        assert!(errors[3].detail.contains("has 5 digits"), "{errors:?}");
    }

    #[test]
    fn mobile_problems_by_kind() {
        let kind = |m: &str| {
            let form = CitizenForm {
                mobile: m.into(),
                ..good()
            };
            deo_check_citizen(&form).first().map(|e| e.problem)
        };
        assert_eq!(kind(""), Some(FieldProblem::Empty));
        assert_eq!(kind("93507x8824"), Some(FieldProblem::NotDigits));
        assert_eq!(kind("5350778824"), Some(FieldProblem::NotAMobile));
        assert_eq!(kind("09350778824"), None);
    }

    #[test]
    fn problems_serialize_as_tagged_kinds() {
        let json =
            serde_json::to_value(FieldProblem::WrongLength { digits: 9 }).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"kind": "wrong_length", "digits": 9})
        );
        let json = serde_json::to_value(CitizenField::UserId).unwrap_or_default();
        assert_eq!(json, "user_id");
    }
}
