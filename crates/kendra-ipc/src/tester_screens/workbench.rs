//! The crypto workbench: encrypt and decrypt with either AES scheme (BSK raw key/IV, ISP derived
//! in any variant), derive an ISP key, make header-secrets headers, sign/verify/decode an HS256
//! JWT, sign/verify a DCI envelope, and "which variant is this?". Every operation is kendra-wire's
//! own. Keys come with the call (typed in the webview, forgotten after it) or from a profile read
//! here in Rust; nothing is kept.

use std::collections::HashMap;

use kendra_client::{Clock, ExposeSecret, SystemClock};
use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::cipher_profile::KeyMaterial;
use kendra_wire::dci::signature::{verify_envelope_json, DciSigner, KeyId};
use kendra_wire::dci::signing_keys::{DciPublicKey, DciSigningKey};
use kendra_wire::header_secrets::{EpochUnit, HeaderSecretsClient};
use kendra_wire::isp::{identify_variant, IspVariant};
use kendra_wire::jwt_hs256::{self, Hs256Secret};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::Error;
use crate::{Desk, IpcError};

/// Where an AES key comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "source", rename_all = "snake_case")]
#[ts(export)]
pub enum KeySource {
    /// BSK section 15: 32 key bytes and 16 IV bytes, as typed (ASCII).
    BskRaw { key: String, iv: String },
    /// ISP Annexure B: PBKDF2 from the shared secret, in `variant` (`canonical`, `salt17`, …).
    IspSecret { secret: String, variant: String },
    /// A profile's key (BSK raw, ISP derived — in `variant` when given — or header-secrets).
    Profile {
        profile: String,
        #[ts(optional)]
        variant: Option<String>,
    },
}

/// Where a text secret (ISP shared secret, JWT secret) comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "source", rename_all = "snake_case")]
#[ts(export)]
pub enum SecretSource {
    Typed { value: String },
    Profile { profile: String },
}

/// Request of `workbench_run`: one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "op", rename_all = "snake_case")]
#[ts(export)]
pub enum WorkbenchRequest {
    Encrypt {
        key: KeySource,
        plaintext: String,
    },
    Decrypt {
        key: KeySource,
        ciphertext: String,
    },
    /// The ISP key and IV a typed secret derives to (never from a profile: no stored secret is
    /// shown).
    Derive {
        secret: String,
        variant: String,
    },
    /// The `pass_key` and `header_secrets` headers and the `RequestData` body for a payload.
    HeaderSecrets {
        client_id: String,
        client_secret: String,
        pass_key: String,
        key: KeySource,
        /// `seconds` or `milliseconds`.
        epoch_unit: String,
        payload: String,
    },
    JwtSign {
        claims: String,
        secret: SecretSource,
    },
    JwtVerify {
        token: String,
        secret: SecretSource,
    },
    JwtDecode {
        token: String,
    },
    /// Signs a `{header, message}` envelope: with a typed base64 ed25519 key and key id
    /// (`sender|key`), or a DCI profile's own key.
    DciSign {
        envelope: String,
        #[ts(optional)]
        private_key: Option<String>,
        #[ts(optional)]
        key_id: Option<String>,
        #[ts(optional)]
        profile: Option<String>,
    },
    /// Verifies an envelope's signature: with a typed base64 public key (and optional key id), or
    /// a DCI profile's registry key.
    DciVerify {
        envelope: String,
        #[ts(optional)]
        public_key: Option<String>,
        #[ts(optional)]
        key_id: Option<String>,
        #[ts(optional)]
        profile: Option<String>,
    },
    /// "Which variant is this?": tries the ciphertext with every ISP interop variant.
    Identify {
        secret: SecretSource,
        ciphertext: String,
    },
}

/// One labelled result value; `label` is an id the UI translates (`key_hex`, `valid`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkbenchFact {
    pub label: String,
    pub value: String,
}

/// One variant tried by "which variant is this?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VariantTried {
    /// `canonical`, `salt17`, `ascii-iv`, `php-sample`.
    pub variant: String,
    pub description: String,
    pub decrypts: bool,
    /// The plaintext parses as JSON (a chance padding match almost never does).
    pub is_json: bool,
    pub plaintext: Option<String>,
}

/// Answer of `workbench_run`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkbenchResult {
    /// The main output (ciphertext, plaintext, token, signed envelope, claims).
    pub output: String,
    pub facts: Vec<WorkbenchFact>,
    /// For `identify`: every variant, in the order tried.
    pub variants: Vec<VariantTried>,
    /// For `identify`: the variant that decrypts to JSON, when exactly one does.
    pub identified: Option<String>,
}

fn fact(label: &str, value: impl Into<String>) -> WorkbenchFact {
    WorkbenchFact {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn invalid(field: &'static str, reason: impl Into<String>) -> IpcError {
    Error::InvalidInput {
        field,
        reason: reason.into(),
    }
    .into()
}

fn wire(e: kendra_wire::Error) -> IpcError {
    let text = e.to_string();
    IpcError::from(Error::Wire(e)).with_text(text)
}

fn profile_err(e: kendra_profiles::Error) -> IpcError {
    Error::Profiles(e).into()
}

fn variant(text: &str) -> Result<IspVariant, IpcError> {
    IspVariant::parse(text).map_err(wire)
}

fn aes_key(desk: &Desk, source: &KeySource) -> Result<std::sync::Arc<AesCbcKey>, IpcError> {
    match source {
        KeySource::BskRaw { key, iv } => KeyMaterial::BskRaw {
            key_name: "the key",
            key: key.as_bytes(),
            iv_name: "the IV",
            iv: iv.as_bytes(),
        }
        .key()
        .map_err(wire),
        KeySource::IspSecret { secret, variant: v } => KeyMaterial::IspSecret {
            secret: secret.as_bytes(),
            variant: variant(v)?,
        }
        .key()
        .map_err(wire),
        KeySource::Profile {
            profile,
            variant: v,
        } => {
            let v = v
                .as_deref()
                .filter(|v| !v.is_empty())
                .map(variant)
                .transpose()?;
            desk.profiles().cipher_key(profile, v).map_err(profile_err)
        }
    }
}

fn secret_text(
    desk: &Desk,
    source: &SecretSource,
    from_profile: impl Fn(
        &kendra_profiles::Profiles<'_>,
        &str,
    ) -> kendra_profiles::Result<kendra_client::SecretString>,
) -> Result<kendra_client::SecretString, IpcError> {
    match source {
        SecretSource::Typed { value } => Ok(kendra_client::SecretString::from(value.clone())),
        SecretSource::Profile { profile } => {
            from_profile(&desk.profiles(), profile).map_err(profile_err)
        }
    }
}

fn now_secs() -> i64 {
    SystemClock.now().timestamp()
}

fn parse_json(field: &'static str, text: &str) -> Result<Value, IpcError> {
    serde_json::from_str(text).map_err(|e| {
        invalid(
            field,
            format!("line {}, column {}: {e}", e.line(), e.column()),
        )
    })
}

fn key_id(text: &str) -> Result<KeyId, IpcError> {
    let mut parts = text.split('|');
    let sender = parts.next().unwrap_or_default();
    let key = parts.next().unwrap_or_default();
    KeyId::new(sender, key).map_err(wire)
}

/// Handler of `workbench_run`.
pub fn workbench_run(desk: &Desk, request: WorkbenchRequest) -> Result<WorkbenchResult, IpcError> {
    let mut out = WorkbenchResult::default();
    match request {
        WorkbenchRequest::Encrypt { key, plaintext } => {
            out.output = aes_key(desk, &key)?.encrypt_text(&plaintext);
        }
        WorkbenchRequest::Decrypt { key, ciphertext } => {
            out.output = aes_key(desk, &key)?
                .decrypt_text("the ciphertext", ciphertext.trim())
                .map_err(wire)?;
        }
        WorkbenchRequest::Derive { secret, variant: v } => {
            let v = variant(&v)?;
            let derived = kendra_wire::isp::derive_key(secret.as_bytes(), v).map_err(wire)?;
            let (key, iv) = derived.expose_key_and_iv();
            out.output = hex(key);
            out.facts = vec![
                fact("key_hex", hex(key)),
                fact("iv_hex", hex(iv)),
                fact("salt", String::from_utf8_lossy(v.salt())),
                fact(
                    "iterations",
                    kendra_wire::isp::isp_cipher::PBKDF2_ITERATIONS.to_string(),
                ),
                fact("variant", v.description()),
            ];
        }
        WorkbenchRequest::HeaderSecrets {
            client_id,
            client_secret,
            pass_key,
            key,
            epoch_unit,
            payload,
        } => {
            let unit = match epoch_unit.as_str() {
                "milliseconds" | "ms" => EpochUnit::Milliseconds,
                _ => EpochUnit::Seconds,
            };
            let client = HeaderSecretsClient::new(
                &client_id,
                &client_secret,
                &pass_key,
                aes_key(desk, &key)?,
                unit,
            )
            .map_err(wire)?;
            for (name, value) in client.headers(SystemClock.now()) {
                out.facts.push(fact(name, value));
            }
            if !payload.trim().is_empty() {
                out.output = client.seal_body(&payload);
            }
        }
        WorkbenchRequest::JwtSign { claims, secret } => {
            let claims = match parse_json("claims", &claims)? {
                Value::Object(map) => map,
                _ => return Err(invalid("claims", "the claims must be a JSON object")),
            };
            let secret = secret_text(desk, &secret, |p, n| p.bsk_jwt_secret(n))?;
            let secret = Hs256Secret::new("the JWT secret", secret.expose_secret().as_bytes())
                .map_err(wire)?;
            out.output = jwt_hs256::sign(&claims, &secret).map_err(wire)?;
        }
        WorkbenchRequest::JwtVerify { token, secret } => {
            let secret = secret_text(desk, &secret, |p, n| p.bsk_jwt_secret(n))?;
            let secret = Hs256Secret::new("the JWT secret", secret.expose_secret().as_bytes())
                .map_err(wire)?;
            let claims = jwt_hs256::verify(token.trim(), &secret).map_err(wire)?;
            out.output = serde_json::to_string_pretty(&claims).unwrap_or_default();
            out.facts.push(fact("valid", "true"));
        }
        WorkbenchRequest::JwtDecode { token } => {
            let decoded = jwt_hs256::decode_unverified(&token).map_err(wire)?;
            out.output = serde_json::to_string_pretty(&decoded.claims).unwrap_or_default();
            out.facts.push(fact("header", decoded.header.to_string()));
            if let Ok(Some(exp)) = jwt_hs256::expiry_unverified(&token) {
                out.facts
                    .push(fact("expires", crate::ist_time::iso(exp * 1000)));
            }
        }
        WorkbenchRequest::DciSign {
            envelope,
            private_key,
            key_id: kid,
            profile,
        } => {
            let mut value = parse_json("envelope", &envelope)?;
            let (key, kid) = match (profile.filter(|p| !p.is_empty()), private_key) {
                (Some(profile), _) => desk
                    .profiles()
                    .dci_signing_key(&profile)
                    .map_err(profile_err)?,
                (None, Some(private)) => (
                    DciSigningKey::from_base64(private.trim()).map_err(wire)?,
                    key_id(kid.as_deref().unwrap_or_default())?,
                ),
                (None, None) => return Err(invalid("private key", "give a key or a profile")),
            };
            let created = now_secs();
            let signer = DciSigner::new(key, kid.clone());
            signer
                .sign_envelope(&mut value, created, created + 300)
                .map_err(wire)?;
            out.output = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.facts.push(fact("key_id", kid.to_string()));
            out.facts
                .push(fact("created", crate::ist_time::iso(created * 1000)));
            out.facts.push(fact(
                "expires",
                crate::ist_time::iso((created + 300) * 1000),
            ));
        }
        WorkbenchRequest::DciVerify {
            envelope,
            public_key,
            key_id: kid,
            profile,
        } => {
            let (public, kid): (DciPublicKey, Option<KeyId>) =
                match (profile.filter(|p| !p.is_empty()), public_key) {
                    (Some(profile), _) => {
                        let (k, id) = desk
                            .profiles()
                            .dci_registry_key(&profile)
                            .map_err(profile_err)?;
                        (k, Some(id))
                    }
                    (None, Some(public)) => (
                        DciPublicKey::from_base64(public.trim()).map_err(wire)?,
                        kid.filter(|k| !k.trim().is_empty())
                            .map(|k| key_id(&k))
                            .transpose()?,
                    ),
                    (None, None) => return Err(invalid("public key", "give a key or a profile")),
                };
            let verified = match kid {
                Some(kid) => {
                    let keys: HashMap<String, DciPublicKey> =
                        HashMap::from([(kid.to_string(), public)]);
                    verify_envelope_json(&envelope, &keys, now_secs())
                }
                None => verify_envelope_json(&envelope, &|_: &KeyId| Some(public), now_secs()),
            }
            .map_err(wire)?;
            out.output = "valid".to_owned();
            out.facts.push(fact("valid", "true"));
            out.facts
                .push(fact("key_id", verified.1.key_id.to_string()));
            out.facts.push(fact(
                "created",
                crate::ist_time::iso(verified.1.created * 1000),
            ));
            out.facts.push(fact(
                "expires",
                crate::ist_time::iso(verified.1.expires * 1000),
            ));
        }
        WorkbenchRequest::Identify { secret, ciphertext } => {
            let secret = secret_text(desk, &secret, |p, n| p.isp_shared_secret(n))?;
            let found = identify_variant(secret.expose_secret().as_bytes(), ciphertext.trim())
                .map_err(wire)?;
            for v in IspVariant::ALL {
                let hit = found.iter().find(|m| m.variant == v);
                out.variants.push(VariantTried {
                    variant: v.name().to_owned(),
                    description: v.description().to_owned(),
                    decrypts: hit.is_some(),
                    is_json: hit.is_some_and(|m| m.is_json),
                    plaintext: hit.map(|m| m.plaintext.clone()),
                });
            }
            let json_hits: Vec<_> = found.iter().filter(|m| m.is_json).collect();
            if let [only] = json_hits.as_slice() {
                out.identified = Some(only.variant.name().to_owned());
                out.output = only.plaintext.clone();
            }
        }
    }
    Ok(out)
}
