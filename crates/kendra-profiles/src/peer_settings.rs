//! The typed, non-secret settings of each peer's profile, and their JSON form in the journal.
//!
//! The journal keeps the peer in its own column and these settings as a JSON object; the
//! `sandbox` flag sits beside the peer's fields so every reader sees it.

use kendra_client::BskApiPaths;
use kendra_client::{ActionTimeFormat, BskTransport, IspVariant};
use kendra_secrets::{BskTransportKind, CspGrantKind, HeaderSecretsKeying, Peer, ProfileSecrets};
use kendra_wire::cipher_profile::CipherScheme;
use kendra_wire::header_secrets::EpochUnit;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// BSK: API-2 pushes (to `api2_url`) and the counter's calls (API-1, 3, 4, 5A/5B, 6 at
/// `base_url` plus the sandbox's paths, see `kendra_client::BskApiPaths`), in the v4 (JWT) or v5
/// (form) transport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BskProfileSettings {
    /// Scheme, host and port of the BSK side the department talks to.
    pub base_url: String,
    /// The full API-2 URL (the spec leaves URLs to the department); needed to push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api2_url: Option<String>,
    pub transport: BskTransport,
    /// Send `userid` and `ticketNo` as JSON strings instead of numbers.
    #[serde(default)]
    pub ids_as_text: bool,
    /// Where APIs 1, 3, 4, 5A, 5B and 6 live: paths under `base_url` or full URLs (the spec
    /// leaves them to the department; the sandbox's paths unless set).
    #[serde(default, skip_serializing_if = "BskApiPaths::is_default")]
    pub api_paths: BskApiPaths,
}

/// UP Integrated Service Portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IspProfileSettings {
    pub base_url: String,
    pub dept_id: String,
    #[serde(default)]
    pub action_time_format: ActionTimeFormat,
    /// Canonical unless a tester diagnoses a department's interop variant.
    #[serde(default)]
    pub cipher_variant: IspVariant,
}

/// The header-secrets layer over some peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderSecretsProfileSettings {
    pub base_url: String,
    pub client_id: String,
    /// BSK-style raw key/IV or ISP-style derived key.
    pub cipher: CipherScheme,
    #[serde(default)]
    pub epoch_unit: EpochUnit,
}

/// DCI Social Registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DciProfileSettings {
    pub base_url: String,
    pub client_id: String,
    pub sender_id: String,
    /// `sender|unique_key_id|algorithm`, as the signature header names the key.
    pub key_id: String,
    /// The registry's signing key id (`registry_id|key|ed25519`); its sender is the
    /// `receiver_id`. Every answer must be signed under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_key_id: Option<String>,
    /// The registry's ed25519 public key, base64 (public: not a secret). Without it no answer
    /// can be verified, so none is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_public_key: Option<String>,
}

/// Which OAuth grant a CSP profile signs in with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CspGrant {
    ClientCredentials,
    Password,
}

/// Ascertia ADSS CSP remote signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CspProfileSettings {
    pub base_url: String,
    pub client_id: String,
    /// The signing user (password grant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The CSP signing profile id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
    pub grant: CspGrant,
}

/// One peer's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerSettings {
    Bsk(BskProfileSettings),
    Isp(IspProfileSettings),
    HeaderSecrets(HeaderSecretsProfileSettings),
    Dci(DciProfileSettings),
    Csp(CspProfileSettings),
}

/// A profile's settings: the peer's, and whether it points at the built-in sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSettings {
    pub peer: PeerSettings,
    /// A sandbox profile is never production: the UI and CLI say so.
    pub sandbox: bool,
}

impl PeerSettings {
    pub fn peer(&self) -> Peer {
        match self {
            PeerSettings::Bsk(_) => Peer::Bsk,
            PeerSettings::Isp(_) => Peer::Isp,
            PeerSettings::HeaderSecrets(_) => Peer::HeaderSecrets,
            PeerSettings::Dci(_) => Peer::Dci,
            PeerSettings::Csp(_) => Peer::Csp,
        }
    }

    pub fn base_url(&self) -> &str {
        match self {
            PeerSettings::Bsk(s) => &s.base_url,
            PeerSettings::Isp(s) => &s.base_url,
            PeerSettings::HeaderSecrets(s) => &s.base_url,
            PeerSettings::Dci(s) => &s.base_url,
            PeerSettings::Csp(s) => &s.base_url,
        }
    }

    /// Which secrets these settings need (a v4 BSK profile needs other ones than a v5 one).
    pub fn secrets(&self) -> ProfileSecrets {
        match self {
            PeerSettings::Bsk(s) => ProfileSecrets::Bsk {
                transport: match s.transport {
                    BskTransport::V4Jwt => BskTransportKind::V4Jwt,
                    BskTransport::V5Form => BskTransportKind::V5Hybrid,
                },
            },
            PeerSettings::Isp(_) => ProfileSecrets::Isp,
            PeerSettings::HeaderSecrets(s) => ProfileSecrets::HeaderSecrets {
                keying: match s.cipher {
                    CipherScheme::Bsk => HeaderSecretsKeying::RawKeyIv,
                    CipherScheme::Isp { .. } => HeaderSecretsKeying::SharedSecret,
                },
            },
            PeerSettings::Dci(_) => ProfileSecrets::Dci,
            PeerSettings::Csp(s) => ProfileSecrets::Csp {
                grant: match s.grant {
                    CspGrant::ClientCredentials => CspGrantKind::ClientCredentials,
                    CspGrant::Password => CspGrantKind::Password,
                },
            },
        }
    }

    /// Refuses empty fields and URLs that are not http(s), naming the profile and the setting.
    pub fn validate(&self, profile: &str) -> Result<()> {
        let invalid = |setting: &'static str, problem: &str| Error::InvalidSetting {
            profile: profile.to_owned(),
            setting,
            problem: problem.to_owned(),
        };
        let url = |setting: &'static str, value: &str| -> Result<()> {
            let rest = value
                .strip_prefix("http://")
                .or_else(|| value.strip_prefix("https://"));
            match rest {
                Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(()),
                _ => Err(invalid(
                    setting,
                    "give a URL starting with http:// or https:// and a host",
                )),
            }
        };
        let text = |setting: &'static str, value: &str| -> Result<()> {
            if value.trim().is_empty() {
                Err(invalid(setting, "it is empty"))
            } else {
                Ok(())
            }
        };
        url("base_url", self.base_url())?;
        match self {
            PeerSettings::Bsk(s) => {
                if let Some(api2) = &s.api2_url {
                    url("api2_url", api2)?;
                }
            }
            PeerSettings::Isp(s) => text("dept_id", &s.dept_id)?,
            PeerSettings::HeaderSecrets(s) => text("client_id", &s.client_id)?,
            PeerSettings::Dci(s) => {
                text("client_id", &s.client_id)?;
                text("sender_id", &s.sender_id)?;
                text("key_id", &s.key_id)?;
                for (setting, value) in [
                    ("registry_key_id", &s.registry_key_id),
                    ("registry_public_key", &s.registry_public_key),
                ] {
                    if let Some(value) = value {
                        text(setting, value)?;
                    }
                }
            }
            PeerSettings::Csp(s) => {
                text("client_id", &s.client_id)?;
                if let Some(profile_id) = &s.profile_id {
                    text("profile_id", profile_id)?;
                }
                match (&s.username, s.grant) {
                    (Some(user), _) => text("username", user)?,
                    (None, CspGrant::Password) => {
                        return Err(invalid("username", "the password grant needs a username"))
                    }
                    (None, CspGrant::ClientCredentials) => {}
                }
            }
        }
        Ok(())
    }
}

impl ProfileSettings {
    pub fn new(peer: PeerSettings) -> Self {
        Self {
            peer,
            sandbox: false,
        }
    }

    /// The settings JSON object the journal stores (never a secret: none of these fields is one).
    pub fn to_json(&self) -> Result<Value> {
        let value = match &self.peer {
            PeerSettings::Bsk(s) => serde_json::to_value(s),
            PeerSettings::Isp(s) => serde_json::to_value(s),
            PeerSettings::HeaderSecrets(s) => serde_json::to_value(s),
            PeerSettings::Dci(s) => serde_json::to_value(s),
            PeerSettings::Csp(s) => serde_json::to_value(s),
        };
        let mut value = value.map_err(|e| Error::SettingsUnreadable {
            profile: String::new(),
            problem: e.to_string(),
        })?;
        if let Value::Object(map) = &mut value {
            map.insert("sandbox".to_owned(), Value::Bool(self.sandbox));
        }
        Ok(value)
    }

    /// Reads the journal's settings JSON of profile `profile` for `peer`.
    pub fn from_json(profile: &str, peer: Peer, json: &Value) -> Result<Self> {
        fn typed<T: DeserializeOwned>(profile: &str, json: &Value) -> Result<T> {
            serde_json::from_value(json.clone()).map_err(|e| Error::SettingsUnreadable {
                profile: profile.to_owned(),
                problem: e.to_string(),
            })
        }
        let settings = match peer {
            Peer::Bsk => PeerSettings::Bsk(typed(profile, json)?),
            Peer::Isp => PeerSettings::Isp(typed(profile, json)?),
            Peer::HeaderSecrets => PeerSettings::HeaderSecrets(typed(profile, json)?),
            Peer::Dci => PeerSettings::Dci(typed(profile, json)?),
            Peer::Csp => PeerSettings::Csp(typed(profile, json)?),
        };
        Ok(Self {
            peer: settings,
            sandbox: json
                .get("sandbox")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kendra_secrets::SecretName;
    use serde_json::json;

    fn isp() -> PeerSettings {
        PeerSettings::Isp(IspProfileSettings {
            base_url: "http://164.100.181.20:8080".into(),
            dept_id: "UPREV0417".into(),
            action_time_format: ActionTimeFormat::Spaced,
            cipher_variant: IspVariant::AsciiIv,
        })
    }

    #[test]
    fn settings_round_trip_through_the_journal_json() {
        let all = [
            PeerSettings::Bsk(BskProfileSettings {
                base_url: "https://bsk.example".into(),
                api2_url: Some("https://bsk.example/api2".into()),
                transport: BskTransport::V4Jwt,
                ids_as_text: true,
                api_paths: Default::default(),
            }),
            isp(),
            PeerSettings::HeaderSecrets(HeaderSecretsProfileSettings {
                base_url: "http://127.0.0.1:1".into(),
                client_id: "c".into(),
                cipher: CipherScheme::Isp {
                    variant: IspVariant::Canonical,
                },
                epoch_unit: EpochUnit::Milliseconds,
            }),
            PeerSettings::Dci(DciProfileSettings {
                base_url: "http://127.0.0.1:1".into(),
                client_id: "sp".into(),
                sender_id: "sp".into(),
                key_id: "sp|k1|ed25519".into(),
                registry_key_id: Some("social|r1|ed25519".into()),
                registry_public_key: Some("GX9rI+FshTLGq8g4+s1ep4m+DHaykgM0A5v6iz02jWE=".into()),
            }),
            PeerSettings::Csp(CspProfileSettings {
                base_url: "http://127.0.0.1:1".into(),
                client_id: "c".into(),
                username: Some("amit".into()),
                profile_id: None,
                grant: CspGrant::Password,
            }),
        ];
        for (i, peer) in all.into_iter().enumerate() {
            let settings = ProfileSettings {
                peer,
                sandbox: i % 2 == 0,
            };
            let json = settings.to_json().unwrap();
            assert_eq!(json["sandbox"], json!(i % 2 == 0));
            let back = ProfileSettings::from_json("p", settings.peer.peer(), &json).unwrap();
            assert_eq!(back, settings);
            settings.peer.validate("p").unwrap();
        }
    }

    #[test]
    fn the_stored_json_reads_as_documented() {
        let json = ProfileSettings::new(isp()).to_json().unwrap();
        assert_eq!(
            json,
            json!({
                "base_url": "http://164.100.181.20:8080",
                "dept_id": "UPREV0417",
                "action_time_format": "spaced",
                "cipher_variant": "ascii-iv",
                "sandbox": false
            })
        );
    }

    #[test]
    fn unreadable_settings_name_the_profile() {
        let err =
            ProfileSettings::from_json("isp-live", Peer::Isp, &json!({"base_url": 3})).unwrap_err();
        assert!(matches!(&err, Error::SettingsUnreadable { profile, .. } if profile == "isp-live"));
        assert!(err.to_string().contains("isp-live"));
    }

    #[test]
    fn validation_names_the_setting() {
        let bad = PeerSettings::Isp(IspProfileSettings {
            base_url: "ftp://x".into(),
            dept_id: "D".into(),
            action_time_format: ActionTimeFormat::AsPrinted,
            cipher_variant: IspVariant::Canonical,
        });
        let err = bad.validate("p").unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidSetting {
                setting: "base_url",
                ..
            }
        ));
        let csp = PeerSettings::Csp(CspProfileSettings {
            base_url: "http://h".into(),
            client_id: "c".into(),
            username: None,
            profile_id: None,
            grant: CspGrant::Password,
        });
        assert!(matches!(
            csp.validate("p"),
            Err(Error::InvalidSetting {
                setting: "username",
                ..
            })
        ));
    }

    #[test]
    fn settings_decide_the_required_secrets() {
        let v5 = PeerSettings::Bsk(BskProfileSettings {
            base_url: "http://h".into(),
            api2_url: None,
            transport: BskTransport::V5Form,
            ids_as_text: false,
            api_paths: Default::default(),
        });
        assert_eq!(
            v5.secrets().required(),
            &[SecretName::BskKey, SecretName::BskIv]
        );
        assert_eq!(
            isp().secrets().required(),
            &[SecretName::IspPassword, SecretName::IspSecretKey]
        );
    }
}
