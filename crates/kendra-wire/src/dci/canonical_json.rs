//! Canonical JSON for DCI signing: RFC 8785 (JCS), plus a strict parser.
//!
//! The canonical form of a JSON value is its UTF-8 text with:
//! - no whitespace between tokens;
//! - object members sorted by name, comparing the names as UTF-16 code units (RFC 8785 §3.2.3);
//! - strings with only `"` `\` and U+0000–U+001F escaped: `\b \t \n \f \r` in short form, the rest as
//!   `\u00xx` (lowercase hex); every other character (including `/`, non-ASCII, U+007F) written as is;
//! - numbers as ECMAScript writes a double (RFC 8785 §3.2.2.3): `4.50` → `4.5`, `1e30` → `1e+30`,
//!   `0.000001` → `0.000001`, `1e-7` → `1e-7`, `-0` → `0`, `100.0` → `100`;
//! - one documented departure from JCS: integers that fit in 64 bits are written exactly in decimal
//!   (JCS would round those above 2^53 to a double). Below 2^53 the two agree; DCI ids are strings, so
//!   senders should never need larger integers.
//!
//! [`parse_strict`] rejects an object that names the same member twice with different values:
//! parsers disagree on which copy wins, and a signature must cover one meaning only. Identical
//! repeats are accepted because the official examples contain them (`"condition": "and"` twice).

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::{Error, Result};

/// The canonical text of `value` (see the module documentation).
pub fn to_canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

/// Parses JSON text like `serde_json::from_str`, but refuses duplicate member names whose values
/// differ. `input` names the text in errors ("DCI request body", …).
pub fn parse_strict(input: &str, text: &str) -> Result<Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let StrictValue(value) =
        StrictValue::deserialize(&mut deserializer).map_err(|err| Error::json(input, &err))?;
    deserializer.end().map_err(|err| Error::json(input, &err))?;
    Ok(value)
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => write_number(out, number),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| utf16_order(a, b));
            out.push('{');
            for (index, (name, member)) in sorted.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                write_value(out, member);
            }
            out.push('}');
        }
    }
}

fn utf16_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(out: &mut String, number: &Number) {
    if let Some(unsigned) = number.as_u64() {
        out.push_str(&unsigned.to_string());
    } else if let Some(signed) = number.as_i64() {
        out.push_str(&signed.to_string());
    } else if let Some(double) = number.as_f64() {
        out.push_str(&ecmascript_number(double));
    } else {
        // Unreachable without serde_json's `arbitrary_precision`, which this crate does not use.
        out.push_str(&number.to_string());
    }
}

/// ECMAScript `Number.prototype.toString` for a finite double (ECMA-262 §6.1.6.1.20).
fn ecmascript_number(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        // JSON cannot carry NaN or infinities; -0 is written as 0.
        return "0".to_owned();
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, e.g. "1.2345e-7", "1e21".
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    if digits.is_empty() {
        return "0".to_owned();
    }
    let k = digits.len() as i64;
    let n = exponent + 1; // value = 0.digits × 10^n
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.push_str(&"0".repeat((n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (int_part, frac_part) = digits.split_at(n as usize);
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac_part);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-n) as usize));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

/// A `Value` whose objects never silently drop a differing duplicate member.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = StrictValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<StrictValue, E> {
        Number::from_f64(v)
            .map(|n| StrictValue(Value::Number(n)))
            .ok_or_else(|| E::custom("a number is not finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::String(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::String(v)))
    }
    fn visit_unit<E>(self) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::Null))
    }
    fn visit_none<E>(self) -> Result<StrictValue, E> {
        Ok(StrictValue(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<StrictValue, D::Error> {
        StrictValue::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrictValue, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(StrictValue(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrictValue, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            let StrictValue(member) = map.next_value()?;
            match members.get(&name) {
                Some(earlier) if *earlier != member => {
                    return Err(de::Error::custom(format!(
                        "the field \"{name}\" appears twice in one object with different values"
                    )));
                }
                Some(_) => {}
                None => {
                    members.insert(name, member);
                }
            }
        }
        Ok(StrictValue(Value::Object(members)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn number(text: &str) -> String {
        to_canonical_json(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn numbers_follow_rfc8785() {
        // Vectors from RFC 8785 appendix B and §3.2.2.3.
        let cases = [
            ("0", "0"),
            ("-0.0", "0"),
            ("4.50", "4.5"),
            ("2e-3", "0.002"),
            ("0.000001", "0.000001"),
            ("1e-7", "1e-7"),
            ("1e21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("1e30", "1e+30"),
            ("333333333.33333329", "333333333.3333333"),
            ("5e-324", "5e-324"),
            ("-1.7976931348623157e308", "-1.7976931348623157e+308"),
            ("9007199254740992.0", "9007199254740992"),
            ("100.0", "100"),
            ("-12.5", "-12.5"),
            ("18446744073709551615", "18446744073709551615"),
            ("-9223372036854775808", "-9223372036854775808"),
        ];
        for (input, expected) in cases {
            assert_eq!(number(input), expected, "input {input}");
        }
    }

    #[test]
    fn keys_sorted_no_whitespace_minimal_escapes() {
        let value = json!({"b": [1, {"z": null, "a": true}], "a": "x\"\\\n\u{1}/é\u{7f}", "": 0});
        assert_eq!(
            to_canonical_json(&value),
            "{\"\":0,\"a\":\"x\\\"\\\\\\n\\u0001/é\u{7f}\",\"b\":[1,{\"a\":true,\"z\":null}]}"
        );
    }

    #[test]
    fn keys_sort_by_utf16_code_units() {
        // U+1F600 is the surrogate pair D83D DE00 in UTF-16, so it sorts before U+FF61 there,
        // though after it in UTF-8 byte order (which a naive BTreeMap sort would use).
        let value = json!({"\u{FF61}": 2, "\u{1F600}": 1});
        assert_eq!(
            to_canonical_json(&value),
            "{\"\u{1F600}\":1,\"\u{FF61}\":2}"
        );
    }

    #[test]
    fn strict_parse_rejects_conflicting_duplicates_only() {
        let same = parse_strict("body", r#"{"c":"and","c":"and"}"#).unwrap();
        assert_eq!(same, json!({"c": "and"}));
        let err = parse_strict("body", r#"{"c":"and","c":"or"}"#).unwrap_err();
        assert!(matches!(err, Error::InvalidJson { .. }));
        assert!(err.to_string().contains("\"c\" appears twice"), "{err}");
        assert!(parse_strict("body", "{} x").is_err());
        assert!(parse_strict("body", "{").is_err());
    }
}
