//! The DCI envelope, `{"signature", "header", "message"}`, and its two header shapes.

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::canonical_json::parse_strict;
use super::loose_value::{present, Loose, LooseField};
use super::messages::common::RequestStatus;
use super::signature::{verify, DciSigner, SenderKeys, VerifiedSignature};
use crate::{Error, Result};

/// One DCI request or callback body. `H` is [`MsgHeader`] or [`MsgCallbackHeader`]; `M` the payload.
///
/// Members the yaml does not name are kept in `extra`, so parsing and writing back loses nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "H: Serialize, M: Serialize",
    deserialize = "H: DeserializeOwned, M: DeserializeOwned"
))]
pub struct Envelope<H, M> {
    /// The signature string (see [`super::signature::SignatureParams`]); `None` when unsigned.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub signature: Option<Loose<String>>,
    pub header: H,
    /// Absent in some callbacks (the yaml requires only `header` there).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<Payload<M>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A message as sent in the clear, or the yaml's `EncryptedMessage` (told apart by `ciphertext`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Payload<M> {
    Plain(M),
    /// Boxed: it is large next to most payloads.
    Encrypted(Box<EncryptedMessage>),
}

impl<'de, M: DeserializeOwned> Deserialize<'de> for Payload<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        // Decide on one member rather than trying both: the error then names the real problem.
        if value.get("ciphertext").is_some() {
            serde_json::from_value(value)
                .map(|message| Payload::Encrypted(Box::new(message)))
                .map_err(serde::de::Error::custom)
        } else {
            serde_json::from_value(value)
                .map(Payload::Plain)
                .map_err(serde::de::Error::custom)
        }
    }
}

/// The yaml's `EncryptedMessage` (JWE parts, base64url). Kendra does not decrypt it here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncryptedMessage {
    pub header: EncryptionHeader,
    pub ciphertext: Loose<String>,
    pub encrypted_key: Loose<String>,
    pub tag: Loose<String>,
    pub iv: Loose<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncryptionHeader {
    pub alg: Loose<String>,
    pub enc: Loose<String>,
    pub kid: Loose<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `MsgHeader_V1.0.0`: the header of requests (search, subscribe, unsubscribe, txn status) and of
/// on-subscribe / on-unsubscribe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MsgHeader {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<Loose<String>>,
    pub message_id: Loose<String>,
    /// ISO 8601 with time zone.
    pub message_ts: Loose<String>,
    pub action: Loose<String>,
    pub sender_id: Loose<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub sender_uri: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub receiver_id: Option<Loose<String>>,
    /// An integer in the yaml; the official examples send it as text (`"1"`).
    pub total_count: Loose<u64>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_msg_encrypted: Option<Loose<bool>>,
    /// An object in the yaml; the official examples send `""`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Loose<Map<String, Value>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `MsgCallbackHeader_V1.0.0`: the header of on-search, notify, on-notify and txn on-status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MsgCallbackHeader {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<Loose<String>>,
    pub message_id: Loose<String>,
    pub message_ts: Loose<String>,
    pub action: Loose<String>,
    pub status: Loose<RequestStatus>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason_code: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason_message: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<Loose<u64>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub completed_count: Option<Loose<u64>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub sender_id: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub receiver_id: Option<Loose<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_msg_encrypted: Option<Loose<bool>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Loose<Map<String, Value>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Either header, for bodies whose payload does not say which it is (encrypted, or no message):
/// a header with a `status` member is a callback header.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnyHeader {
    Request(MsgHeader),
    Callback(MsgCallbackHeader),
}

impl<'de> Deserialize<'de> for AnyHeader {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if value.get("status").is_some() {
            serde_json::from_value(value)
                .map(AnyHeader::Callback)
                .map_err(serde::de::Error::custom)
        } else {
            serde_json::from_value(value)
                .map(AnyHeader::Request)
                .map_err(serde::de::Error::custom)
        }
    }
}

impl MsgHeader {
    pub fn sender_id(&self) -> Option<&str> {
        self.sender_id.as_str()
    }
    pub fn action(&self) -> Option<&str> {
        self.action.as_str()
    }
    pub fn is_msg_encrypted(&self) -> bool {
        self.is_msg_encrypted.valid().copied().unwrap_or(false)
    }
}

impl MsgCallbackHeader {
    pub fn sender_id(&self) -> Option<&str> {
        self.sender_id.as_ref().and_then(Loose::as_str)
    }
    pub fn action(&self) -> Option<&str> {
        self.action.as_str()
    }
    pub fn is_msg_encrypted(&self) -> bool {
        self.is_msg_encrypted.valid().copied().unwrap_or(false)
    }
}

impl<H, M> Envelope<H, M>
where
    H: Serialize + DeserializeOwned,
    M: Serialize + DeserializeOwned,
{
    /// Parses body text (duplicate members with different values are refused).
    pub fn from_json(text: &str) -> Result<Self> {
        Self::from_value(parse_strict(INPUT, text)?)
    }

    pub fn from_value(value: Value) -> Result<Self> {
        serde_json::from_value(value).map_err(|err| shape_error(INPUT, &err))
    }

    pub fn to_value(&self) -> Result<Value> {
        serde_json::to_value(self).map_err(|err| Error::json(INPUT, &err))
    }

    /// The payload when it was sent in the clear.
    pub fn plain_message(&self) -> Option<&M> {
        match &self.message {
            Some(Payload::Plain(message)) => Some(message),
            _ => None,
        }
    }

    /// Signs `header` + `message` as they serialize now and stores the signature string.
    pub fn sign(&mut self, signer: &DciSigner, created: i64, expires: i64) -> Result<()> {
        let (header, message) = self.signed_parts()?;
        let signature = signer.sign(&header, message.as_ref(), created, expires)?;
        self.signature = Some(Loose::Valid(signature));
        Ok(())
    }

    /// Verifies the signature over this envelope's `header` + `message` at `now` (Unix seconds).
    /// For bytes received from a peer, prefer [`super::signature::verify_envelope_json`], which checks
    /// exactly what was sent.
    pub fn verify(&self, keys: &impl SenderKeys, now: i64) -> Result<VerifiedSignature> {
        let signature = match &self.signature {
            None => None,
            Some(Loose::Valid(text)) => Some(text.as_str()),
            Some(Loose::Other(Value::Null)) => None,
            Some(Loose::Other(_)) => {
                return Err(Error::SignatureInvalid {
                    reason: "the signature member is not text".to_owned(),
                })
            }
        };
        let (header, message) = self.signed_parts()?;
        verify(signature, &header, message.as_ref(), keys, now)
    }

    fn signed_parts(&self) -> Result<(Value, Option<Value>)> {
        let header = serde_json::to_value(&self.header).map_err(|err| Error::json(INPUT, &err))?;
        let message = self
            .message
            .as_ref()
            .map(serde_json::to_value)
            .transpose()
            .map_err(|err| Error::json(INPUT, &err))?;
        Ok((header, message))
    }
}

const INPUT: &str = "the DCI message";

/// A serde error on well-formed JSON of the wrong shape, as our error type.
pub(crate) fn shape_error(input: &str, err: &serde_json::Error) -> Error {
    let text = err.to_string();
    if let Some(rest) = text.strip_prefix("missing field `") {
        if let Some((field, _)) = rest.split_once('`') {
            return Error::MissingField {
                input: input.to_owned(),
                field: field.to_owned(),
            };
        }
    }
    Error::InvalidField {
        input: input.to_owned(),
        field: "(shape)".to_owned(),
        problem: format!("does not have the shape the DCI specification gives it: {text}"),
    }
}
