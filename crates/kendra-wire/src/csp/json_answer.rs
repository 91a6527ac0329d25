//! Reading any CSP JSON answer, building JSON bodies that hold secrets, and the lenient field
//! readers the guide's examples need (numbers and booleans printed as text: `"min_pass_length":
//! "8"`, `"auth_pass": "TRUE"`).

use secrecy::SecretString;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use zeroize::Zeroizing;

use super::error_body::{self, CspErrorBody};
use crate::{Error, Result};

/// Reads a CSP answer: non-2xx (or a 2xx carrying `error`) becomes the refusal, otherwise the body
/// is parsed as `T`; `input` names the answer in errors ("the certificate list").
pub fn read_json_answer<T: DeserializeOwned>(input: &str, status: u16, body: &[u8]) -> Result<T> {
    if !(200..300).contains(&status) {
        return Err(error_body::refusal_from_http(status, body));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyInput {
            input: input.to_owned(),
        });
    }
    let value: Value = serde_json::from_slice(body).map_err(|err| Error::json(input, &err))?;
    if let Some(refused) = value.as_object().and_then(CspErrorBody::from_object) {
        return Err(error_body::refusal(&format!("HTTP {status}"), &refused));
    }
    serde_json::from_value(value).map_err(|err| Error::json(input, &err))
}

/// Serializes a request that contains secrets into a zeroed-on-drop buffer of exactly the right
/// size (measured first), so no unzeroed copy is left by a reallocation.
pub(crate) fn secret_json_body<T: Serialize>(input: &str, request: &T) -> Result<SecretString> {
    let mut counter = ByteCounter(0);
    serde_json::to_writer(&mut counter, request).map_err(|err| Error::json(input, &err))?;
    let mut buffer = Zeroizing::new(Vec::with_capacity(counter.0));
    serde_json::to_writer(&mut *buffer, request).map_err(|err| Error::json(input, &err))?;
    let text = std::str::from_utf8(&buffer).map_err(|err| Error::NotUtf8 {
        input: input.to_owned(),
        position: err.valid_up_to() + 1,
    })?;
    Ok(SecretString::from(text))
}

struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A whole number given as a JSON number or as text ("99").
pub(crate) fn opt_u64_lenient<'de, D: Deserializer<'de>>(de: D) -> Result<Option<u64>, D::Error> {
    match Option::<Value>::deserialize(de)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => number
            .as_u64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("{number} is not a whole number ≥ 0"))),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("\"{text}\" is not a whole number ≥ 0"))),
        Some(other) => Err(D::Error::custom(format!("{other} is not a whole number"))),
    }
}

/// A yes/no given as a JSON boolean or as text ("true", "TRUE", "false").
pub(crate) fn opt_bool_lenient<'de, D: Deserializer<'de>>(de: D) -> Result<Option<bool>, D::Error> {
    match Option::<Value>::deserialize(de)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(flag)),
        Some(Value::String(text)) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Ok(Some(true)),
            "false" | "no" | "0" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(D::Error::custom(format!(
                "\"{text}\" is neither true nor false"
            ))),
        },
        Some(other) => Err(D::Error::custom(format!(
            "{other} is neither true nor false"
        ))),
    }
}

/// `auth_pass` as the guide prints it: required, "TRUE"/"FALSE" (booleans accepted too).
pub(crate) fn bool_lenient<'de, D: Deserializer<'de>>(de: D) -> Result<bool, D::Error> {
    opt_bool_lenient(de)?.ok_or_else(|| D::Error::custom("a true/false value is required"))
}

/// Writes a flag the way the guide's examples do: "TRUE" / "FALSE".
pub(crate) fn bool_as_upper_text<S: Serializer>(flag: &bool, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(if *flag { "TRUE" } else { "FALSE" })
}

/// Text that some servers send as a number (ids): kept as text, never through a float.
pub(crate) fn opt_text_lenient<'de, D: Deserializer<'de>>(
    de: D,
) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(de)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim().to_owned())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(D::Error::custom(format!("{other} is not text"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[derive(Debug, Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_u64_lenient")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "opt_bool_lenient")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_text_lenient")]
        t: Option<String>,
    }

    #[test]
    fn lenient_fields() {
        let probe: Probe = serde_json::from_str(r#"{"n":"8","b":"TRUE","t":1613630666}"#).unwrap();
        assert_eq!(
            (probe.n, probe.b, probe.t.as_deref()),
            (Some(8), Some(true), Some("1613630666"))
        );
        let probe: Probe = serde_json::from_str(r#"{"n":255,"b":false}"#).unwrap();
        assert_eq!((probe.n, probe.b, probe.t), (Some(255), Some(false), None));
        assert!(serde_json::from_str::<Probe>(r#"{"n":"eight"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"n":-1}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"b":"maybe"}"#).is_err());
    }

    #[test]
    fn answers_and_refusals() {
        let ok: Probe = read_json_answer("probe", 200, br#"{"n":1}"#).unwrap();
        assert_eq!(ok.n, Some(1));
        let refused = read_json_answer::<Probe>("probe", 200, br#"{"error":"60045"}"#);
        assert!(matches!(refused, Err(Error::PeerRefused { .. })));
        let refused = read_json_answer::<Probe>("probe", 404, b"");
        assert!(matches!(refused, Err(Error::PeerRefused { .. })));
        assert!(matches!(
            read_json_answer::<Probe>("probe", 200, b" "),
            Err(Error::EmptyInput { .. })
        ));
        match read_json_answer::<Probe>("the probe", 200, br#"{"n":"x"}"#) {
            Err(Error::InvalidJson { input, .. }) => assert_eq!(input, "the probe"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn secret_body_is_exact() {
        let body = secret_json_body("x", &serde_json::json!({"a": "é\"", "b": [1, 2]})).unwrap();
        assert_eq!(body.expose_secret(), r#"{"a":"é\"","b":[1,2]}"#);
    }
}
