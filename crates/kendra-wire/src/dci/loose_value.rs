//! [`Loose<T>`]: a field the yaml types as `T`, kept verbatim when a peer sends something else.
//!
//! The official examples send `""` where the yaml asks for objects (`meta`, `consent`), `"1"` where
//! it asks for integers (`total_count`) and `null` for strings (`timestamp`). Rejecting those would
//! reject the spec's own samples; coercing them would change the bytes a signature covers. So every
//! scalar field is `Loose<T>`: typed when it fits, raw JSON otherwise, and re-serialized unchanged.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Loose<T> {
    /// The value has the type the yaml gives it.
    Valid(T),
    /// Anything else the peer sent (`null`, `""` for an object, a number as text, …), verbatim.
    Other(Value),
}

impl<T> Loose<T> {
    /// The typed value, or `None` when the peer sent something off-spec.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Loose::Valid(value) => Some(value),
            Loose::Other(_) => None,
        }
    }

    pub fn is_valid(&self) -> bool {
        matches!(self, Loose::Valid(_))
    }
}

impl Loose<String> {
    /// The text when the peer sent a JSON string.
    pub fn as_str(&self) -> Option<&str> {
        self.valid().map(String::as_str)
    }
}

impl<T> From<T> for Loose<T> {
    fn from(value: T) -> Self {
        Loose::Valid(value)
    }
}

impl From<&str> for Loose<String> {
    fn from(value: &str) -> Self {
        Loose::Valid(value.to_owned())
    }
}

/// Reads `Option<Loose<T>>` from an optional field.
pub trait LooseField<T> {
    /// The typed value when the field is present and has the yaml's type.
    fn valid(&self) -> Option<&T>;
}

impl<T> LooseField<T> for Option<Loose<T>> {
    fn valid(&self) -> Option<&T> {
        self.as_ref().and_then(Loose::valid)
    }
}

/// `deserialize_with` for optional fields: a present `null` becomes `Some(Loose::Other(null))`
/// instead of `None`, so it is written back rather than dropped. Use with `#[serde(default)]`.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// `deserialize_with` for a required field of any JSON: without it a missing `Value` field would
/// silently read as `null` and be written back as one.
pub(crate) fn required_value<'de, D>(deserializer: D) -> Result<Value, D::Error>
where
    D: Deserializer<'de>,
{
    Value::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize)]
    struct Probe {
        #[serde(
            default,
            deserialize_with = "present",
            skip_serializing_if = "Option::is_none"
        )]
        count: Option<Loose<u64>>,
    }

    #[test]
    fn typed_off_type_null_and_absent_all_round_trip() {
        for original in [
            json!({"count": 3}),
            json!({"count": "3"}),
            json!({"count": null}),
            json!({}),
        ] {
            let probe: Probe = serde_json::from_value(original.clone()).unwrap();
            assert_eq!(serde_json::to_value(&probe).unwrap(), original);
        }
        let probe: Probe = serde_json::from_value(json!({"count": 3})).unwrap();
        assert_eq!(probe.count.valid(), Some(&3));
        let probe: Probe = serde_json::from_value(json!({"count": ""})).unwrap();
        assert_eq!(probe.count, Some(Loose::Other(json!(""))));
    }
}
