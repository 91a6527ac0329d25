//! Checking what the DEO typed before anything is sent: each problem names the field and says
//! what is wrong in words a counter clerk can act on.

use crate::error::{Error, Result};

/// A 10-digit Indian mobile number starting with 6–9; spaces, dashes, `+91` and a leading 0
/// are accepted and removed.
pub fn mobile(field: &str, text: &str) -> Result<String> {
    let digits = undecorated_mobile(text);
    let digits = digits.as_str();
    if digits.is_empty() {
        return Err(Error::input(
            field,
            "is empty: give a 10-digit mobile number",
        ));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::input(
            field,
            format!("{text:?} is not a mobile number: use digits only"),
        ));
    }
    if digits.len() != 10 {
        return Err(Error::input(
            field,
            format!(
                "{text:?} has {} digits; a mobile number has 10",
                digits.len()
            ),
        ));
    }
    if !matches!(digits.as_bytes()[0], b'6'..=b'9') {
        return Err(Error::input(
            field,
            format!("{text:?} does not start with 6, 7, 8 or 9, so it is not a mobile number"),
        ));
    }
    Ok(digits.to_owned())
}

/// The citizen's name: not empty, at most 100 characters, no control characters.
pub fn name(text: &str) -> Result<String> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::input("name", "is empty: give the citizen's name"));
    }
    if name.chars().count() > 100 {
        return Err(Error::input(
            "name",
            "is longer than 100 characters: shorten it",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::input("name", "contains control characters"));
    }
    Ok(name)
}

/// Age in whole years, 1 to 120.
pub fn age(text: &str) -> Result<u8> {
    let text = text.trim();
    match text.parse::<u16>() {
        Ok(age @ 1..=120) => Ok(u8::try_from(age).unwrap_or(120)),
        Ok(age) => Err(Error::input(
            "age",
            format!("{age} is not an age: give whole years from 1 to 120"),
        )),
        Err(_) => Err(Error::input(
            "age",
            format!("{text:?} is not a number of years: give whole years from 1 to 120"),
        )),
    }
}

/// `male`, `female`, `transgender` or `other` (also `m`, `f`, `t`, `o`), as the department
/// expects them: lower case, spelled out.
pub fn gender(text: &str) -> Result<String> {
    let value = match text.trim().to_ascii_lowercase().as_str() {
        "male" | "m" => "male",
        "female" | "f" => "female",
        "transgender" | "t" => "transgender",
        "other" | "o" => "other",
        _ => {
            return Err(Error::input(
                "gender",
                format!(
                    "{:?} is not one of male, female, transgender, other",
                    text.trim()
                ),
            ))
        }
    };
    Ok(value.to_owned())
}

/// A plain e-mail address: one `@`, a dot in the domain, no spaces.
pub fn email(text: &str) -> Result<String> {
    let text = text.trim();
    let bad =
        |why: &str| Error::input("email", format!("{text:?} is not an e-mail address: {why}"));
    if text.chars().any(char::is_whitespace) {
        return Err(bad("it contains a space"));
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(bad("it has no @"));
    };
    if local.is_empty() || domain.contains('@') {
        return Err(bad("it needs exactly one @ with a name before it"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return Err(bad("the part after @ must be a domain such as gmail.com"));
    }
    if text.len() > 254 {
        return Err(bad("it is longer than 254 characters"));
    }
    Ok(text.to_owned())
}

/// A BSK `userId`: the DEO's 10-digit mobile number.
pub fn user_id(text: &str) -> Result<String> {
    mobile("user_id", text).map_err(|e| match e {
        Error::Input { problem, .. } => Error::input(
            "user_id",
            format!("{problem} (the DEO's user id is their 10-digit mobile number)"),
        ),
        other => other,
    })
}

/// A ticket number: `YYYYMMDDHHmmSS` (14 digits) or with milliseconds (17).
pub fn ticket_no(text: &str) -> Result<String> {
    let text = text.trim();
    if !text.bytes().all(|b| b.is_ascii_digit()) || !matches!(text.len(), 14 | 17) {
        return Err(Error::input(
            "ticket_no",
            format!("{text:?} must be 14 digits (YYYYMMDDHHmmSS) or 17 with milliseconds"),
        ));
    }
    if chrono::NaiveDateTime::parse_from_str(&text[..14], "%Y%m%d%H%M%S").is_err() {
        return Err(Error::input(
            "ticket_no",
            format!("{text:?} is not a date and time (YYYYMMDDHHmmSS)"),
        ));
    }
    Ok(text.to_owned())
}

/// A required free-text number (application, document): trimmed, not empty, ≤ 100 characters.
pub fn reference(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::input(field, "is empty"));
    }
    if text.chars().count() > 100 || text.chars().any(char::is_control) {
        return Err(Error::input(
            field,
            "must be at most 100 printable characters",
        ));
    }
    Ok(text.to_owned())
}

/// A mobile number without the decoration people type: spaces, dashes, brackets, `+91`, `91`
/// before 10 digits, a leading 0.
pub fn undecorated_mobile(text: &str) -> String {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let stripped = digits
        .strip_prefix("+91")
        .or_else(|| {
            (digits.len() == 12)
                .then(|| digits.strip_prefix("91"))
                .flatten()
        })
        .or_else(|| {
            (digits.len() == 11)
                .then(|| digits.strip_prefix('0'))
                .flatten()
        })
        .unwrap_or(&digits);
    stripped.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(r: Result<impl std::fmt::Debug>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn mobiles() {
        assert_eq!(mobile("mobile", "+91 93507-78824").unwrap(), "9350778824");
        assert_eq!(mobile("mobile", "09350778824").unwrap(), "9350778824");
        assert!(problem(mobile("mobile", "93507")).starts_with("mobile: \"93507\" has 5 digits"));
        assert!(problem(mobile("mobile", "5350778824")).contains("does not start with 6"));
        assert!(problem(mobile("mobile", "93507x8824")).contains("digits only"));
        assert!(problem(user_id("123")).starts_with("user_id:"));
    }

    #[test]
    fn age_gender_email() {
        assert_eq!(age(" 48 ").unwrap(), 48);
        assert!(problem(age("0")).starts_with("age: 0 is not an age"));
        assert!(problem(age("forty")).contains("not a number of years"));
        assert_eq!(gender("F").unwrap(), "female");
        assert!(problem(gender("x")).starts_with("gender:"));
        assert_eq!(email("a.b@cmail.com").unwrap(), "a.b@cmail.com");
        for bad in ["ab", "a@b", "a@@b.com", "@b.com", "a b@c.com", "a@.com"] {
            assert!(problem(email(bad)).starts_with("email:"), "{bad}");
        }
    }

    #[test]
    fn tickets_and_names() {
        assert!(ticket_no("20221202153322882").is_ok());
        assert!(ticket_no("20220811130723").is_ok());
        assert!(problem(ticket_no("2022")).contains("14 digits"));
        assert!(problem(ticket_no("20221302153322")).contains("not a date"));
        assert_eq!(name("  Arindam   Ray ").unwrap(), "Arindam Ray");
        assert!(problem(name(" ")).starts_with("name: is empty"));
    }
}
