//! `paidAmt`: rupees with up to two decimals (`200.00`), kept exact. The amount is read from the
//! payload's JSON text, never from a parsed float, and written back as `200.00`.

use std::fmt;

/// An amount in paise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rupees(u64);

impl Rupees {
    /// `200`, `200.5`, `200.00` (a JSON number's text, or the same inside a string).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim().trim_matches('"').trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let problem = if text.is_empty() {
            Some("is empty".to_owned())
        } else if text.starts_with('-') {
            Some(format!("is {text}: an amount cannot be negative"))
        } else if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
            || (text.contains('.') && fraction.is_empty())
        {
            Some(format!(
                "is {text}, not an amount in rupees such as 200.00 (digits, at most two decimals, no exponent)"
            ))
        } else if fraction.len() > 2 {
            Some(format!(
                "is {text}: rupees have at most two decimals (paise)"
            ))
        } else if whole.trim_start_matches('0').len() > 13 {
            Some(format!("is {text}, which is too large an amount"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(problem);
        }
        let rupees: u64 = whole
            .parse()
            .map_err(|_| format!("is {text}, not an amount"))?;
        let paise: u64 = format!("{fraction:0<2}")
            .parse()
            .map_err(|_| format!("is {text}, not an amount"))?;
        Ok(Self(rupees * 100 + paise))
    }

    /// An absent `paidAmt`: nothing was paid.
    pub fn default_zero() -> Self {
        Self(0)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

/// `200.00`: valid as a JSON number and as text.
impl fmt::Display for Rupees {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The raw JSON text of a top-level member of `json` whose name matches one of `names`
/// (case-insensitively), with the name as sent. `None` when absent or the text is not an object.
pub fn raw_member<'a>(json: &'a str, names: &[&str]) -> Option<(String, &'a str)> {
    let bytes = json.as_bytes();
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_ws(bytes, at);
        match bytes.get(at)? {
            b'}' => return None,
            b',' => {
                at += 1;
                continue;
            }
            b'"' => {}
            _ => return None,
        }
        let key_end = string_end(bytes, at)?;
        let key: String = serde_json::from_str(&json[at..key_end]).ok()?;
        at = skip_ws(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let start = skip_ws(bytes, at + 1);
        let end = value_end(bytes, start)?;
        if names.iter().any(|n| n.eq_ignore_ascii_case(&key)) {
            return Some((key, json[start..end].trim()));
        }
        at = end;
    }
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// Index just past the string starting at `at` (which is a `"`).
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    while let Some(b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Index just past the JSON value starting at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while let Some(b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = at;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_stay_exact() {
        assert_eq!(Rupees::parse("200.00").unwrap().to_string(), "200.00");
        assert_eq!(Rupees::parse("200").unwrap().to_string(), "200.00");
        assert_eq!(Rupees::parse("1250.5").unwrap().to_string(), "1250.50");
        assert_eq!(Rupees::parse("\"0.07\"").unwrap().to_string(), "0.07");
        assert_eq!(
            Rupees::parse("9999999999999.99").unwrap().to_string(),
            "9999999999999.99"
        );
        for bad in ["", "-5", "2e2", "1.234", "1,000", "abc", "1.", ".5"] {
            assert!(Rupees::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn raw_members_are_found_as_written() {
        let json = r#" {"appNo":"12,3}","nested":{"paidAmt":1},"list":[1,{"a":"]"}], "PaidAmt" : 200.00 ,"x":true}"#;
        assert_eq!(
            raw_member(json, &["paidAmt"]),
            Some(("PaidAmt".to_owned(), "200.00"))
        );
        assert_eq!(raw_member(json, &["x"]).unwrap().1, "true");
        assert_eq!(raw_member(json, &["missing"]), None);
        assert_eq!(raw_member("[1]", &["a"]), None);
        assert_eq!(
            raw_member(r#"{"a":"x\"y"}"#, &["a"]).unwrap().1,
            r#""x\"y""#
        );
    }
}
