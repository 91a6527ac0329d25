//! The DCI `signature` member: producing and reading the spec's signature string, and signing and
//! verifying a message's `header` + `message` with ed25519.
//!
//! The spec prints the string but not the bytes that are signed; [`signing_content`] defines them
//! (see `docs/dci-signing.md` and the [`crate::dci`] module documentation).

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::canonical_json::{parse_strict, to_canonical_json};
use super::signing_keys::{DciPublicKey, DciSigningKey};
use crate::{base64_text, Error, Result};

/// The only signature algorithm DCI names.
pub const ALGORITHM: &str = "ed25519";
/// The `headers` parameter: which lines the signing content holds, in order.
pub const SIGNED_HEADERS: &str = "(created) (expires) digest";
/// The namespace the yaml's `MsgSignature` example uses (the sample files say `dci`; both parse).
pub const DEFAULT_NAMESPACE: &str = "g2p";
/// How far the sender's clock may be off from ours, in seconds, in either direction.
pub const CLOCK_SKEW_SECS: i64 = 60;

/// `kidId`: `{sender_id}|{unique_key_id}|{algorithm}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyId {
    pub sender_id: String,
    pub unique_key_id: String,
    pub algorithm: String,
}

impl KeyId {
    /// An ed25519 key id for `sender_id`'s key `unique_key_id`.
    pub fn new(sender_id: impl Into<String>, unique_key_id: impl Into<String>) -> Result<Self> {
        let key_id = KeyId {
            sender_id: sender_id.into(),
            unique_key_id: unique_key_id.into(),
            algorithm: ALGORITHM.to_owned(),
        };
        for (field, part) in [
            ("sender_id", &key_id.sender_id),
            ("unique_key_id", &key_id.unique_key_id),
        ] {
            if part.is_empty() || part.contains(['|', '"']) || part.chars().any(char::is_control) {
                return Err(Error::InvalidField {
                    input: "the signing key id".to_owned(),
                    field: field.to_owned(),
                    problem: "must be non-empty and contain no '|', '\"' or control characters"
                        .to_owned(),
                });
            }
        }
        Ok(key_id)
    }

    /// Reads `sender|key|algorithm`; errors are the plain reason text.
    fn parse(text: &str) -> std::result::Result<Self, String> {
        let parts: Vec<&str> = text.split('|').collect();
        match parts.as_slice() {
            [sender_id, unique_key_id, algorithm]
                if !sender_id.is_empty() && !unique_key_id.is_empty() && !algorithm.is_empty() =>
            {
                Ok(KeyId {
                    sender_id: (*sender_id).to_owned(),
                    unique_key_id: (*unique_key_id).to_owned(),
                    algorithm: (*algorithm).to_owned(),
                })
            }
            _ => Err(format!(
                "the key id \"{text}\" is not of the form sender_id|unique_key_id|algorithm"
            )),
        }
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}|{}|{}",
            self.sender_id, self.unique_key_id, self.algorithm
        )
    }
}

/// The parsed signature string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureParams {
    /// `namespace`; optional on input, always written.
    pub namespace: Option<String>,
    pub key_id: KeyId,
    pub algorithm: String,
    /// Unix seconds.
    pub created: i64,
    /// Unix seconds, after `created`.
    pub expires: i64,
    pub headers: String,
    /// The raw 64-byte ed25519 signature.
    pub signature: [u8; 64],
}

impl SignatureParams {
    /// Reads the spec's signature string:
    /// `Signature: namespace="g2p", kidId="{sender_id}|{unique_key_id}|{algorithm}", algorithm="ed25519",
    /// created="…", expires="…", headers="(created) (expires) digest", signature="<base64>"`.
    ///
    /// Tolerated: the `Signature:` prefix missing or written `Signature ` (Beckn style), extra spaces,
    /// `keyId` for `kidId`, parameters in any order, unknown parameters (ignored). Errors are
    /// [`Error::SignatureInvalid`] with the reason.
    pub fn parse(text: &str) -> Result<Self> {
        parse_params(text).map_err(|reason| Error::SignatureInvalid { reason })
    }
}

impl fmt::Display for SignatureParams {
    /// The spec's signature string, parameters in the spec's order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Signature: namespace=\"{}\", kidId=\"{}\", algorithm=\"{}\", created=\"{}\", expires=\"{}\", headers=\"{}\", signature=\"{}\"",
            self.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE),
            self.key_id,
            self.algorithm,
            self.created,
            self.expires,
            self.headers,
            base64_text::encode(&self.signature)
        )
    }
}

fn parse_params(text: &str) -> std::result::Result<SignatureParams, String> {
    let mut rest = text.trim();
    for prefix in ["Signature:", "Signature "] {
        if rest.len() >= prefix.len()
            && rest.is_char_boundary(prefix.len())
            && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            rest = &rest[prefix.len()..];
            break;
        }
    }
    let mut params: HashMap<&str, &str> = HashMap::new();
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            break;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if name_len == 0 {
            let found: String = rest.chars().take(1).collect();
            return Err(format!(
                "the signature text has {found:?} where a parameter name (like created=\"…\") should start"
            ));
        }
        let name = &rest[..name_len];
        rest = rest[name_len..].trim_start();
        rest = rest
            .strip_prefix('=')
            .ok_or_else(|| format!("the parameter {name} has no '=' after its name"))?
            .trim_start();
        rest = rest
            .strip_prefix('"')
            .ok_or_else(|| format!("the value of {name} does not start with a double quote"))?;
        let end = rest
            .find('"')
            .ok_or_else(|| format!("the value of {name} has no closing double quote"))?;
        let value = &rest[..end];
        rest = &rest[end + 1..];
        let canonical_name = if name == "keyId" { "kidId" } else { name };
        if params.insert(canonical_name, value).is_some() {
            return Err(format!("the parameter {name} appears twice"));
        }
    }
    let get = |name: &str| {
        params.get(name).copied().ok_or_else(|| {
            let shown = if name == "kidId" {
                "kidId (or keyId)"
            } else {
                name
            };
            format!("the signature text has no {shown} parameter")
        })
    };
    let algorithm = get("algorithm")?;
    if !algorithm.eq_ignore_ascii_case(ALGORITHM) {
        return Err(format!(
            "the algorithm is \"{algorithm}\", but only \"{ALGORITHM}\" is accepted"
        ));
    }
    let key_id = KeyId::parse(get("kidId")?)?;
    if !key_id.algorithm.eq_ignore_ascii_case(algorithm) {
        return Err(format!(
            "the key id names algorithm \"{}\", but the algorithm parameter says \"{algorithm}\"",
            key_id.algorithm
        ));
    }
    let headers = get("headers")?;
    if headers.split_whitespace().collect::<Vec<_>>().join(" ") != SIGNED_HEADERS {
        return Err(format!(
            "headers is \"{headers}\", but DCI signatures cover \"{SIGNED_HEADERS}\""
        ));
    }
    let created = unix_seconds("created", get("created")?)?;
    let expires = unix_seconds("expires", get("expires")?)?;
    if expires <= created {
        return Err(format!(
            "expires ({expires}) is not after created ({created})"
        ));
    }
    let signature_text = get("signature")?;
    let bytes = base64_text::decode("the signature value", signature_text)
        .map_err(|err| err.to_string())?;
    let signature: [u8; 64] = bytes.as_slice().try_into().map_err(|_| {
        format!(
            "the signature value is {} bytes, but an ed25519 signature is 64 bytes",
            bytes.len()
        )
    })?;
    Ok(SignatureParams {
        namespace: params.get("namespace").map(|ns| (*ns).to_owned()),
        key_id,
        algorithm: algorithm.to_owned(),
        created,
        expires,
        headers: SIGNED_HEADERS.to_owned(),
        signature,
    })
}

fn unix_seconds(name: &str, text: &str) -> std::result::Result<i64, String> {
    if text.is_empty() || text.len() > 15 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{name} is \"{text}\", not a time in whole Unix seconds"
        ));
    }
    text.parse()
        .map_err(|_| format!("{name} is \"{text}\", not a time in whole Unix seconds"))
}

/// `SHA-256=<base64>` of the canonical JSON of `{"header": header, "message": message}`
/// (the `message` member left out when `message` is `None`).
pub fn body_digest(header: &Value, message: Option<&Value>) -> String {
    let mut body = Map::new();
    body.insert("header".to_owned(), header.clone());
    if let Some(message) = message {
        body.insert("message".to_owned(), message.clone());
    }
    let canonical = to_canonical_json(&Value::Object(body));
    format!(
        "SHA-256={}",
        base64_text::encode(&Sha256::digest(canonical.as_bytes()))
    )
}

/// The exact bytes an ed25519 signature covers (UTF-8, `\n` between lines, no final newline):
///
/// ```text
/// (created): 1606970629
/// (expires): 1607030629
/// digest: SHA-256=<base64 of SHA-256 over the canonical JSON of {"header":…,"message":…}>
/// ```
pub fn signing_content(
    header: &Value,
    message: Option<&Value>,
    created: i64,
    expires: i64,
) -> String {
    format!(
        "(created): {created}\n(expires): {expires}\ndigest: {}",
        body_digest(header, message)
    )
}

/// Signs messages as one sender with one key.
#[derive(Debug, Clone)]
pub struct DciSigner {
    key: DciSigningKey,
    key_id: KeyId,
    namespace: String,
}

impl DciSigner {
    /// `key_id` says which registered key the receiver should verify with.
    pub fn new(key: DciSigningKey, key_id: KeyId) -> Self {
        DciSigner {
            key,
            key_id,
            namespace: DEFAULT_NAMESPACE.to_owned(),
        }
    }

    /// Writes `namespace` instead of [`DEFAULT_NAMESPACE`] (the sample files use `dci`).
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    /// The signature string for `header` + `message`, valid from `created` until `expires`
    /// (Unix seconds).
    pub fn sign(
        &self,
        header: &Value,
        message: Option<&Value>,
        created: i64,
        expires: i64,
    ) -> Result<String> {
        if created < 0 || expires <= created {
            return Err(Error::InvalidField {
                input: "the signature validity".to_owned(),
                field: "expires".to_owned(),
                problem: format!(
                    "must be after created, and created not negative (created {created}, expires {expires})"
                ),
            });
        }
        if self.namespace.contains('"') || self.namespace.chars().any(char::is_control) {
            return Err(Error::InvalidField {
                input: "the signature".to_owned(),
                field: "namespace".to_owned(),
                problem: "must not contain '\"' or control characters".to_owned(),
            });
        }
        let content = signing_content(header, message, created, expires);
        let params = SignatureParams {
            namespace: Some(self.namespace.clone()),
            key_id: self.key_id.clone(),
            algorithm: ALGORITHM.to_owned(),
            created,
            expires,
            headers: SIGNED_HEADERS.to_owned(),
            signature: self.key.sign(content.as_bytes()),
        };
        Ok(params.to_string())
    }

    /// Signs a whole `{"header", "message"}` envelope in place, setting its `signature` member.
    pub fn sign_envelope(&self, envelope: &mut Value, created: i64, expires: i64) -> Result<()> {
        let (header, message) = envelope_parts(envelope)?;
        let signature = self.sign(header, message, created, expires)?;
        if let Value::Object(members) = envelope {
            members.insert("signature".to_owned(), Value::String(signature));
        }
        Ok(())
    }
}

/// Where a verifier finds senders' registered public keys.
pub trait SenderKeys {
    /// The public key registered under `key_id`, or `None` when there is none.
    fn public_key(&self, key_id: &KeyId) -> Option<DciPublicKey>;
}

impl<F> SenderKeys for F
where
    F: Fn(&KeyId) -> Option<DciPublicKey>,
{
    fn public_key(&self, key_id: &KeyId) -> Option<DciPublicKey> {
        self(key_id)
    }
}

/// Keys by their full `kidId` text (`sender|key|ed25519`).
impl SenderKeys for HashMap<String, DciPublicKey> {
    fn public_key(&self, key_id: &KeyId) -> Option<DciPublicKey> {
        self.get(&key_id.to_string()).copied()
    }
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    pub key_id: KeyId,
    pub created: i64,
    pub expires: i64,
}

/// Verifies the `signature` of a parsed envelope at time `now` (Unix seconds).
///
/// Checks, in order: a signature is present ([`Error::SignatureMissing`]); it is well-formed; its key
/// is registered ([`Error::UnknownSigningKey`]); the key's sender is the header's `sender_id` (when
/// the header has one); `created` is not more than [`CLOCK_SKEW_SECS`] ahead of `now` and `expires`
/// not more than that behind it; the ed25519 signature matches the signing content computed from
/// the `header` and `message` received. Failures after the first two are
/// [`Error::SignatureInvalid`] with a plain reason.
pub fn verify_envelope(
    envelope: &Value,
    keys: &impl SenderKeys,
    now: i64,
) -> Result<VerifiedSignature> {
    let (header, message) = envelope_parts(envelope)?;
    let signature = match envelope.get("signature") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.as_str()),
        Some(_) => {
            return Err(Error::SignatureInvalid {
                reason: "the signature member is not text".to_owned(),
            })
        }
    };
    verify(signature, header, message, keys, now)
}

/// Parses request or callback body text strictly (see [`parse_strict`]) and verifies it; returns
/// the parsed body with the verification result. Prefer this to verifying a re-serialized message.
pub fn verify_envelope_json(
    text: &str,
    keys: &impl SenderKeys,
    now: i64,
) -> Result<(Value, VerifiedSignature)> {
    let envelope = parse_strict("the DCI message", text)?;
    let verified = verify_envelope(&envelope, keys, now)?;
    Ok((envelope, verified))
}

/// Verifies `signature` over `header` + `message`; see [`verify_envelope`] for the checks.
pub fn verify(
    signature: Option<&str>,
    header: &Value,
    message: Option<&Value>,
    keys: &impl SenderKeys,
    now: i64,
) -> Result<VerifiedSignature> {
    let signature = match signature {
        Some(text) if !text.trim().is_empty() => text,
        _ => return Err(Error::SignatureMissing),
    };
    let params = SignatureParams::parse(signature)?;
    let public_key = keys
        .public_key(&params.key_id)
        .ok_or_else(|| Error::UnknownSigningKey {
            key_id: params.key_id.to_string(),
        })?;
    let invalid = |reason: String| Error::SignatureInvalid { reason };
    if let Some(sender_id) = header.get("sender_id").and_then(Value::as_str) {
        if sender_id != params.key_id.sender_id {
            return Err(invalid(format!(
                "it was made with a key of sender \"{}\", but the header says sender_id \"{sender_id}\"",
                params.key_id.sender_id
            )));
        }
    }
    if params.created > now.saturating_add(CLOCK_SKEW_SECS) {
        return Err(invalid(format!(
            "it was created {} seconds in the future (created {}, now {now}): is the sender's clock right?",
            params.created - now,
            params.created
        )));
    }
    if now > params.expires.saturating_add(CLOCK_SKEW_SECS) {
        return Err(invalid(format!(
            "it expired {} seconds ago (expires {}, now {now}): sign the message again",
            now - params.expires,
            params.expires
        )));
    }
    let content = signing_content(header, message, params.created, params.expires);
    if !public_key.verify_strict(content.as_bytes(), &params.signature) {
        return Err(invalid(
            "it does not match the header and message: they were changed after signing, or signed with a different key".to_owned(),
        ));
    }
    Ok(VerifiedSignature {
        key_id: params.key_id,
        created: params.created,
        expires: params.expires,
    })
}

fn envelope_parts(envelope: &Value) -> Result<(&Value, Option<&Value>)> {
    let members = envelope.as_object().ok_or_else(|| Error::InvalidField {
        input: "the DCI message".to_owned(),
        field: "(body)".to_owned(),
        problem: "is not a JSON object with signature, header and message".to_owned(),
    })?;
    let header = members.get("header").ok_or_else(|| Error::MissingField {
        input: "the DCI message".to_owned(),
        field: "header".to_owned(),
    })?;
    Ok((header, members.get("message")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000;

    fn signer() -> DciSigner {
        DciSigner::new(
            DciSigningKey::from_seed([42; 32]),
            KeyId::new("sp-system", "key-1").unwrap(),
        )
    }

    fn keys() -> HashMap<String, DciPublicKey> {
        let mut keys = HashMap::new();
        keys.insert(
            "sp-system|key-1|ed25519".to_owned(),
            DciSigningKey::from_seed([42; 32]).public_key(),
        );
        keys
    }

    fn signed_body() -> Value {
        let mut body = json!({
            "header": {"message_id": "m1", "action": "search", "sender_id": "sp-system", "total_count": 1},
            "message": {"transaction_id": "t1", "search_request": [{"poverty_score": 4.5}]}
        });
        signer().sign_envelope(&mut body, NOW, NOW + 600).unwrap();
        body
    }

    fn reason(err: Error) -> String {
        match err {
            Error::SignatureInvalid { reason } => reason,
            other => panic!("expected SignatureInvalid, got {other:?}"),
        }
    }

    #[test]
    fn sign_then_verify() {
        let body = signed_body();
        let verified = verify_envelope(&body, &keys(), NOW + 5).unwrap();
        assert_eq!(verified.key_id.to_string(), "sp-system|key-1|ed25519");
        assert_eq!((verified.created, verified.expires), (NOW, NOW + 600));
        // Member order and whitespace do not matter: the canonical form is signed.
        let text = serde_json::to_string_pretty(&body).unwrap();
        verify_envelope_json(&text, &keys(), NOW).unwrap();
    }

    #[test]
    fn signature_string_has_the_spec_format() {
        let body = signed_body();
        let text = body["signature"].as_str().unwrap();
        let prefix = format!(
            "Signature: namespace=\"g2p\", kidId=\"sp-system|key-1|ed25519\", algorithm=\"ed25519\", created=\"{NOW}\", expires=\"{}\", headers=\"(created) (expires) digest\", signature=\"",
            NOW + 600
        );
        assert!(text.starts_with(&prefix), "{text}");
        assert!(text.ends_with("==\""));
        let params = SignatureParams::parse(text).unwrap();
        assert_eq!(params.to_string(), text);
    }

    #[test]
    fn signing_content_is_exactly_specified() {
        let header = json!({"b": 1, "a": "x"});
        let content = signing_content(&header, None, 1, 2);
        let digest = base64_text::encode(&Sha256::digest(br#"{"header":{"a":"x","b":1}}"#));
        assert_eq!(
            content,
            format!("(created): 1\n(expires): 2\ndigest: SHA-256={digest}")
        );
    }

    /// The worked example of `docs/dci-signing.md`, computed independently with Python's
    /// `json.dumps(sort_keys=True, separators=(",", ":"))`, `hashlib` and `cryptography`.
    #[test]
    fn independent_test_vector() {
        let header = json!({"version": "1.0.0", "message_id": "0c96614c-7255-4774-b109-cd53ee851769",
            "message_ts": "2023-07-19T12:15:04.555Z", "action": "search", "sender_id": "sp-system",
            "receiver_id": "social", "total_count": 1, "is_msg_encrypted": false});
        let message = json!({"transaction_id": "T-1", "search_request": [{"reference_id": "R-1",
            "timestamp": "2023-07-19T12:15:04Z", "search_criteria": {"query_type": "idtype-value",
            "query": {"type": "UIN", "value": "847951632"}, "pagination": {"page_size": 10, "page_number": 1}}}]});
        let content = signing_content(&header, Some(&message), 1_700_000_000, 1_700_000_300);
        assert_eq!(
            content,
            "(created): 1700000000\n(expires): 1700000300\ndigest: SHA-256=ccD/xM26BUE/v6fl8urwHSaGZDK0ggJLoOuBOo/5zrk="
        );
        let key =
            DciSigningKey::from_base64("KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=").unwrap();
        assert_eq!(
            key.public_key().to_base64(),
            "GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE="
        );
        let signer = DciSigner::new(key, KeyId::new("sp-system", "key-1").unwrap());
        let signature = signer
            .sign(&header, Some(&message), 1_700_000_000, 1_700_000_300)
            .unwrap();
        assert_eq!(
            signature,
            "Signature: namespace=\"g2p\", kidId=\"sp-system|key-1|ed25519\", algorithm=\"ed25519\", created=\"1700000000\", expires=\"1700000300\", headers=\"(created) (expires) digest\", signature=\"gcbsr2p7sltu6TdB2Fm7zxLx+P/JTPHTeiJPq26DegqCkv6CwvpPAU84yfj7amw3e1z4WVdOMBZZYK+kTnwbBQ==\""
        );
    }

    #[test]
    fn tampered_header_is_rejected() {
        let mut body = signed_body();
        body["header"]["message_id"] = json!("m2");
        let err = verify_envelope(&body, &keys(), NOW).unwrap_err();
        assert!(reason(err).contains("changed after signing"));
    }

    #[test]
    fn tampered_message_is_rejected() {
        let mut body = signed_body();
        body["message"]["search_request"][0]["poverty_score"] = json!(4.6);
        assert!(verify_envelope(&body, &keys(), NOW).is_err());
        let mut body = signed_body();
        body.as_object_mut().unwrap().remove("message");
        assert!(matches!(
            verify_envelope(&body, &keys(), NOW),
            Err(Error::SignatureInvalid { .. })
        ));
    }

    #[test]
    fn wrong_key_is_rejected() {
        let mut keys = keys();
        keys.insert(
            "sp-system|key-1|ed25519".to_owned(),
            DciSigningKey::from_seed([43; 32]).public_key(),
        );
        assert!(matches!(
            verify_envelope(&signed_body(), &keys, NOW),
            Err(Error::SignatureInvalid { .. })
        ));
    }

    #[test]
    fn unknown_key_and_sender_mismatch() {
        let none = |_: &KeyId| None;
        match verify_envelope(&signed_body(), &none, NOW) {
            Err(Error::UnknownSigningKey { key_id }) => {
                assert_eq!(key_id, "sp-system|key-1|ed25519")
            }
            other => panic!("{other:?}"),
        }
        let mut body = signed_body();
        body["header"]["sender_id"] = json!("someone-else");
        assert!(reason(verify_envelope(&body, &keys(), NOW).unwrap_err())
            .contains("header says sender_id \"someone-else\""));
    }

    #[test]
    fn expired_and_future_signatures_are_rejected_beyond_the_skew() {
        let body = signed_body();
        let expires = NOW + 600;
        verify_envelope(&body, &keys(), expires + CLOCK_SKEW_SECS).unwrap();
        let err = verify_envelope(&body, &keys(), expires + CLOCK_SKEW_SECS + 1).unwrap_err();
        assert!(reason(err).contains("expired"));
        verify_envelope(&body, &keys(), NOW - CLOCK_SKEW_SECS).unwrap();
        let err = verify_envelope(&body, &keys(), NOW - CLOCK_SKEW_SECS - 1).unwrap_err();
        assert!(reason(err).contains("in the future"));
    }

    #[test]
    fn missing_signature() {
        let mut body = signed_body();
        body.as_object_mut().unwrap().remove("signature");
        assert!(matches!(
            verify_envelope(&body, &keys(), NOW),
            Err(Error::SignatureMissing)
        ));
        for empty in [json!(null), json!(""), json!("  ")] {
            body["signature"] = empty;
            assert!(matches!(
                verify_envelope(&body, &keys(), NOW),
                Err(Error::SignatureMissing)
            ));
        }
        body["signature"] = json!(7);
        assert!(matches!(
            verify_envelope(&body, &keys(), NOW),
            Err(Error::SignatureInvalid { .. })
        ));
    }

    #[test]
    fn malformed_signature_strings_are_explained() {
        let good = signed_body()["signature"].as_str().unwrap().to_owned();
        let sig = good
            .rsplit_once("signature=\"")
            .unwrap()
            .1
            .trim_end_matches('"');
        let cases = [
            (
                good.replace(", created=", ", kreated="),
                "no created parameter",
            ),
            (
                good.replace("algorithm=\"ed25519\"", "algorithm=\"rsa\""),
                "only \"ed25519\"",
            ),
            (
                good.replace("(created) (expires) digest", "digest"),
                "DCI signatures cover",
            ),
            (
                good.replace("sp-system|key-1|ed25519", "sp-system"),
                "sender_id|unique_key_id|algorithm",
            ),
            (
                good.replace(&format!("created=\"{NOW}\""), "created=\"soon\""),
                "whole Unix seconds",
            ),
            (
                good.replace(
                    &format!("created=\"{NOW}\""),
                    &format!("created=\"{}\"", NOW + 600),
                ),
                "not after created",
            ),
            (good.replace(sig, "AAAA"), "64 bytes"),
            (good.replace(sig, "not base64!"), "not valid base64"),
            (
                good.trim_end_matches('"').to_owned(),
                "no closing double quote",
            ),
            (format!("{good}, algorithm=\"ed25519\""), "appears twice"),
            (good.replace("created=\"", "created \""), "no '='"),
            ("Signature: ; x".to_owned(), "parameter name"),
        ];
        for (text, needle) in cases {
            let err = SignatureParams::parse(&text).unwrap_err();
            assert!(
                reason(err).contains(needle),
                "{text} should mention {needle}"
            );
        }
        // The official examples carry a placeholder, not a signature.
        let placeholder = "Signature:  namespace=\"dci\", kidId=\"{sender_id}|{unique_key_id}|{algorithm}\", algorithm=\"ed25519\", created=\"1606970629\", expires=\"1607030629\", headers=\"(created) (expires) digest\", signature=\"Base64(signing content)";
        assert!(SignatureParams::parse(placeholder).is_err());
    }

    #[test]
    fn tolerated_variants_parse() {
        let good = signed_body()["signature"].as_str().unwrap().to_owned();
        let variants = [
            good.replace("kidId=", "keyId="),
            good.replace("Signature: ", "Signature  "),
            good.replace("Signature: ", ""),
            good.replace(", ", " ,  "),
            good.replace("namespace=\"g2p\", ", ""),
            format!("{good}, extra=\"ignored\""),
        ];
        for text in variants {
            let params = SignatureParams::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(params.key_id.unique_key_id, "key-1");
        }
        let mut body = signed_body();
        body["signature"] = json!(good.replace("kidId=", "keyId="));
        verify_envelope(&body, &keys(), NOW).unwrap();
    }

    #[test]
    fn signer_refuses_bad_validity_and_key_ids() {
        let header = json!({});
        assert!(signer().sign(&header, None, NOW, NOW).is_err());
        assert!(KeyId::new("a|b", "k").is_err());
        assert!(KeyId::new("", "k").is_err());
    }
}
