//! Numeric identifiers (BSK `userId`, `ticketNo`) kept as their digits.
//!
//! A 17-digit ticket number (`20221202153322882`) is beyond JavaScript's safe integers, so inside
//! Kendra and towards the UI it is always a string; on the wire it is written the way the peer
//! expects (a JSON number by default, a string when the profile says so) without losing a digit.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Error, Result};

/// How an identifier is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdStyle {
    #[default]
    Number,
    String,
}

/// Digits only, 1 to 20 of them (every u64; longer ids would not survive a JSON number).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DigitId(String);

const MAX_DIGITS: usize = 20;

impl DigitId {
    /// `input` names the field in errors ("ticketNo").
    pub fn parse(input: &str, text: &str) -> Result<Self> {
        let text = text.trim();
        let problem = if text.is_empty() {
            Some("is empty".to_owned())
        } else if let Some((i, c)) = text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            Some(format!(
                "must contain digits only, found {c:?} at position {}",
                i + 1
            ))
        } else if text.len() > MAX_DIGITS {
            Some(format!(
                "has {} digits; at most {MAX_DIGITS} are supported",
                text.len()
            ))
        } else {
            None
        };
        match problem {
            Some(problem) => Err(Error::InvalidField {
                input: "identifier".into(),
                field: input.to_owned(),
                problem,
            }),
            None => Ok(Self(text.to_owned())),
        }
    }

    /// Accepts a JSON integer or a string of digits; refuses fractions and exponents, which would
    /// mean a peer already pushed the number through a float.
    pub fn from_json(input: &str, value: &Value) -> Result<Self> {
        match value {
            Value::String(s) => Self::parse(input, s),
            Value::Number(n) if n.is_u64() => Self::parse(input, &n.to_string()),
            Value::Number(n) => Err(Error::InvalidField {
                input: "identifier".into(),
                field: input.to_owned(),
                problem: format!(
                    "is {n}, which is not a whole positive number: digits may have been lost"
                ),
            }),
            other => Err(Error::InvalidField {
                input: "identifier".into(),
                field: input.to_owned(),
                problem: format!(
                    "must be a number or a string of digits, not {}",
                    json_kind(other)
                ),
            }),
        }
    }

    pub fn to_json(&self, style: IdStyle) -> Value {
        match (style, self.0.parse::<u64>()) {
            (IdStyle::Number, Ok(n)) => Value::from(n),
            _ => Value::String(self.0.clone()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DigitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DigitId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        DigitId::from_json("identifier", &value).map_err(serde::de::Error::custom)
    }
}

pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn seventeen_digits_survive_json_number_round_trip() {
        let text = r#"{"ticketNo":20221202153322882}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        let id = DigitId::from_json("ticketNo", &v["ticketNo"]).unwrap();
        assert_eq!(id.as_str(), "20221202153322882");
        let back = serde_json::json!({"ticketNo": id.to_json(IdStyle::Number)});
        assert_eq!(serde_json::to_string(&back).unwrap(), text);
        assert_eq!(
            id.to_json(IdStyle::String),
            Value::String("20221202153322882".into())
        );
        // towards the UI it is a string
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"20221202153322882\"");
    }

    #[test]
    fn floats_and_junk_are_refused() {
        let v: Value = serde_json::from_str("2.0221202153322882e16").unwrap();
        assert!(DigitId::from_json("ticketNo", &v).is_err());
        assert!(DigitId::from_json("ticketNo", &Value::from(-5)).is_err());
        assert!(DigitId::parse("userId", "98-765")
            .unwrap_err()
            .to_string()
            .contains("position 3"));
        assert!(DigitId::parse("userId", "").is_err());
        assert!(DigitId::parse("userId", "123456789012345678901").is_err());
    }

    proptest! {
        #[test]
        fn any_u64_round_trips(n in any::<u64>()) {
            let id = DigitId::from_json("x", &Value::from(n)).unwrap();
            prop_assert_eq!(id.to_json(IdStyle::Number), Value::from(n));
            let parsed: DigitId = serde_json::from_str(&serde_json::to_string(&id).unwrap()).unwrap();
            prop_assert_eq!(parsed, id);
        }
    }
}
