//! Ready-to-use clients and keys from a profile. Secrets are read from the store at the moment
//! of building and handed straight to the client; nothing here keeps them.

use std::sync::Arc;

use kendra_client::{
    BskClient, BskCounterClient, BskCounterSettings, BskSecrets, BskSettings, IspClient,
    IspSecrets, IspSettings,
};
use kendra_secrets::{ExposeSecret, Peer, SecretName, SecretString};
use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::cipher_profile::{CipherScheme, KeyMaterial};

use crate::error::{Error, Result};
use crate::peer_settings::{PeerSettings, ProfileSettings};
use crate::profile_service::Profiles;

impl Profiles<'_> {
    /// An [`IspClient`] for ISP profile `name`.
    pub fn isp_client(&self, name: &str) -> Result<IspClient> {
        let settings = self.settings(name)?;
        let PeerSettings::Isp(isp) = &settings.peer else {
            return Err(wrong_peer(name, Peer::Isp, &settings));
        };
        let mut secrets = self.required_secrets(name, &settings)?;
        let mut client_settings = IspSettings::new(isp.base_url.clone(), isp.dept_id.clone());
        client_settings.action_time_format = isp.action_time_format;
        client_settings.cipher_variant = isp.cipher_variant;
        let secrets = IspSecrets {
            password: take(&mut secrets, SecretName::IspPassword),
            secret_key: take(&mut secrets, SecretName::IspSecretKey),
        };
        IspClient::new(client_settings, secrets).map_err(|source| Error::Client {
            profile: name.to_owned(),
            source,
        })
    }

    /// A [`BskClient`] (API-2 pushes) for BSK profile `name`, in the profile's transport.
    pub fn bsk_client(&self, name: &str) -> Result<BskClient> {
        let settings = self.settings(name)?;
        let PeerSettings::Bsk(bsk) = &settings.peer else {
            return Err(wrong_peer(name, Peer::Bsk, &settings));
        };
        let api2_url = bsk.api2_url.clone().ok_or_else(|| Error::MissingSetting {
            profile: name.to_owned(),
            setting: "api2_url",
        })?;
        // Required ones must be there; the others are used when present (a v4 profile with a key
        // and IV can still read `{"encData"}` answers).
        self.required_secrets(name, &settings)?;
        let secrets = BskSecrets {
            key: self.optional_secret(name, SecretName::BskKey)?,
            iv: self.optional_secret(name, SecretName::BskIv)?,
            passcode: self.optional_secret(name, SecretName::BskPasscode)?,
            jwt_secret: self.optional_secret(name, SecretName::BskJwtSecret)?,
        };
        let mut client_settings = BskSettings::new(api2_url, bsk.transport);
        client_settings.ids_as_text = bsk.ids_as_text;
        BskClient::new(client_settings, secrets).map_err(|source| Error::Client {
            profile: name.to_owned(),
            source,
        })
    }

    /// A [`BskCounterClient`] (API-1, 3, 4, 5A/5B, 6: the counter's calls) for BSK profile
    /// `name`, in the profile's transport, at the profile's base URL.
    pub fn bsk_counter_client(&self, name: &str) -> Result<BskCounterClient> {
        let settings = self.settings(name)?;
        let PeerSettings::Bsk(bsk) = &settings.peer else {
            return Err(wrong_peer(name, Peer::Bsk, &settings));
        };
        self.required_secrets(name, &settings)?;
        let secrets = BskSecrets {
            key: self.optional_secret(name, SecretName::BskKey)?,
            iv: self.optional_secret(name, SecretName::BskIv)?,
            passcode: self.optional_secret(name, SecretName::BskPasscode)?,
            jwt_secret: self.optional_secret(name, SecretName::BskJwtSecret)?,
        };
        let mut client_settings = BskCounterSettings::new(bsk.base_url.clone(), bsk.transport);
        client_settings.ids_as_text = bsk.ids_as_text;
        client_settings.paths = bsk.api_paths.clone();
        BskCounterClient::new(client_settings, secrets).map_err(|source| Error::Client {
            profile: name.to_owned(),
            source,
        })
    }

    /// The AES-256-CBC key `kendra crypto --profile` uses: a BSK profile's raw key and IV, an
    /// ISP profile's derived key (in its variant, or `variant` when given), a header-secrets
    /// profile's key in its cipher scheme.
    pub fn cipher_key(
        &self,
        name: &str,
        variant: Option<kendra_client::IspVariant>,
    ) -> Result<Arc<AesCbcKey>> {
        let settings = self.settings(name)?;
        let scheme = match &settings.peer {
            PeerSettings::Bsk(_) => CipherScheme::Bsk,
            PeerSettings::Isp(isp) => CipherScheme::Isp {
                variant: isp.cipher_variant,
            },
            PeerSettings::HeaderSecrets(hs) => hs.cipher,
            PeerSettings::Dci(_) | PeerSettings::Csp(_) => {
                return Err(Error::NoCipherKey {
                    profile: name.to_owned(),
                    peer: settings.peer.peer(),
                })
            }
        };
        let (key_name, iv_name, secret_name) = match settings.peer.peer() {
            Peer::HeaderSecrets => (
                SecretName::HeaderSecretsKey,
                SecretName::HeaderSecretsIv,
                SecretName::HeaderSecretsSecret,
            ),
            _ => (
                SecretName::BskKey,
                SecretName::BskIv,
                SecretName::IspSecretKey,
            ),
        };
        let get = |secret: SecretName| -> Result<SecretString> {
            self.optional_secret(name, secret)?
                .ok_or_else(|| Error::SecretsMissing {
                    profile: name.to_owned(),
                    missing: vec![secret],
                })
        };
        let key_label = format!("the {key_name} of profile \"{name}\"");
        let iv_label = format!("the {iv_name} of profile \"{name}\"");
        let result = match scheme {
            CipherScheme::Bsk => {
                let (key, iv) = (get(key_name)?, get(iv_name)?);
                KeyMaterial::BskRaw {
                    key_name: &key_label,
                    key: key.expose_secret().as_bytes(),
                    iv_name: &iv_label,
                    iv: iv.expose_secret().as_bytes(),
                }
                .key()
            }
            CipherScheme::Isp {
                variant: own_variant,
            } => {
                let secret = get(secret_name)?;
                KeyMaterial::IspSecret {
                    secret: secret.expose_secret().as_bytes(),
                    variant: variant.unwrap_or(own_variant),
                }
                .key()
            }
        };
        result.map_err(|source| Error::Cipher {
            profile: name.to_owned(),
            source,
        })
    }

    /// The ISP-style shared secret of an ISP profile, or of a header-secrets profile whose
    /// cipher is ISP-style: what `kendra crypto identify --profile` tries every variant with.
    pub fn isp_shared_secret(&self, name: &str) -> Result<SecretString> {
        let settings = self.settings(name)?;
        let secret = match &settings.peer {
            PeerSettings::Isp(_) => SecretName::IspSecretKey,
            PeerSettings::HeaderSecrets(hs) if matches!(hs.cipher, CipherScheme::Isp { .. }) => {
                SecretName::HeaderSecretsSecret
            }
            _ => {
                return Err(Error::WrongPeer {
                    profile: name.to_owned(),
                    expected: Peer::Isp,
                    actual: settings.peer.peer(),
                })
            }
        };
        self.optional_secret(name, secret)?
            .ok_or_else(|| Error::SecretsMissing {
                profile: name.to_owned(),
                missing: vec![secret],
            })
    }

    /// The HS256 secret of a BSK profile (v4 transport): what `kendra jwt --profile` signs with.
    pub fn bsk_jwt_secret(&self, name: &str) -> Result<SecretString> {
        self.settings_for(name, Peer::Bsk)?;
        self.optional_secret(name, SecretName::BskJwtSecret)?
            .ok_or_else(|| Error::SecretsMissing {
                profile: name.to_owned(),
                missing: vec![SecretName::BskJwtSecret],
            })
    }

    /// The profile's settings when it is for `peer`, [`Error::WrongPeer`] otherwise.
    pub fn settings_for(&self, name: &str, peer: Peer) -> Result<ProfileSettings> {
        let settings = self.settings(name)?;
        if settings.peer.peer() == peer {
            Ok(settings)
        } else {
            Err(wrong_peer(name, peer, &settings))
        }
    }
}

fn wrong_peer(name: &str, expected: Peer, settings: &ProfileSettings) -> Error {
    Error::WrongPeer {
        profile: name.to_owned(),
        expected,
        actual: settings.peer.peer(),
    }
}

/// Moves one secret out of the list `required_secrets` filled (it is always there).
fn take(secrets: &mut Vec<(SecretName, SecretString)>, name: SecretName) -> SecretString {
    match secrets.iter().position(|(n, _)| *n == name) {
        Some(i) => secrets.swap_remove(i).1,
        None => SecretString::from(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixture::{sandbox, Fixture};
    use kendra_client::BskTransport;

    const SAMPLE: &str = r#"{"userid":"8527419636","ticketno":"20221202153322882"}"#;

    fn text(info: &serde_json::Value, pointer: &str) -> String {
        info.pointer(pointer).unwrap().as_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn the_isp_client_of_an_imported_profile_authenticates_against_the_sandbox() {
        let (_sandbox, info) = sandbox().await;
        let f = Fixture::new();
        let profiles = f.profiles();
        profiles.import_sandbox(&info).unwrap();
        let client = profiles.isp_client("sandbox-isp").unwrap();
        assert_eq!(client.settings().dept_id, text(&info, "/isp/dept_id"));
        let attempt = client.authenticate().await;
        assert!(attempt.result.is_ok(), "{:?}", attempt.result);
        assert_eq!(attempt.exchanges.len(), 1);

        let bsk = profiles.bsk_client("sandbox-bsk").unwrap();
        assert_eq!(bsk.settings().transport, BskTransport::V5Form);
        assert!(matches!(
            profiles.isp_client("sandbox-bsk"),
            Err(Error::WrongPeer { .. })
        ));
    }

    #[tokio::test]
    async fn cipher_keys_match_kendra_crypto_with_environment_secrets() {
        let (_sandbox, info) = sandbox().await;
        let f = Fixture::new();
        let profiles = f.profiles();
        profiles.import_sandbox(&info).unwrap();

        // What `kendra crypto --scheme bsk` builds from KENDRA_KEY / KENDRA_IV.
        let (key, iv) = (text(&info, "/bsk/key"), text(&info, "/bsk/iv"));
        let from_env = KeyMaterial::BskRaw {
            key_name: "KENDRA_KEY",
            key: key.as_bytes(),
            iv_name: "KENDRA_IV",
            iv: iv.as_bytes(),
        }
        .key()
        .unwrap();
        let from_profile = profiles.cipher_key("sandbox-bsk", None).unwrap();
        assert_eq!(
            from_profile.encrypt_text(SAMPLE),
            from_env.encrypt_text(SAMPLE)
        );

        // `--scheme isp` from KENDRA_SECRET, canonical and another variant.
        let secret = text(&info, "/isp/secret_key");
        for variant in [None, Some(kendra_client::IspVariant::AsciiIv)] {
            let from_env = KeyMaterial::IspSecret {
                secret: secret.as_bytes(),
                variant: variant.unwrap_or_default(),
            }
            .key()
            .unwrap();
            let from_profile = profiles.cipher_key("sandbox-isp", variant).unwrap();
            assert_eq!(
                from_profile.encrypt_text(SAMPLE),
                from_env.encrypt_text(SAMPLE)
            );
        }

        // The header-secrets profile uses its own raw key and IV.
        let hs = "/header_secrets/clients/bsk_style";
        let (key, iv) = (
            text(&info, &format!("{hs}/key")),
            text(&info, &format!("{hs}/iv")),
        );
        let from_env = KeyMaterial::BskRaw {
            key_name: "k",
            key: key.as_bytes(),
            iv_name: "i",
            iv: iv.as_bytes(),
        }
        .key()
        .unwrap();
        assert_eq!(
            profiles
                .cipher_key("sandbox-header-secrets", None)
                .unwrap()
                .encrypt_text(SAMPLE),
            from_env.encrypt_text(SAMPLE)
        );

        assert!(matches!(
            profiles.cipher_key("sandbox-dci", None),
            Err(Error::NoCipherKey {
                peer: Peer::Dci,
                ..
            })
        ));
    }

    #[test]
    fn an_unusable_key_names_the_profile_not_the_key() {
        let f = Fixture::new();
        let profiles = f.profiles();
        let settings = ProfileSettings::new(PeerSettings::Bsk(crate::BskProfileSettings {
            base_url: "http://h".into(),
            api2_url: None,
            transport: BskTransport::V5Form,
            ids_as_text: false,
            api_paths: Default::default(),
        }));
        profiles
            .set(
                "short",
                &settings,
                &crate::SecretInput::new()
                    .with(SecretName::BskKey, "TOO-SHORT-KEY")
                    .with(SecretName::BskIv, "0123456789abcdef"),
            )
            .unwrap();
        let err = profiles.cipher_key("short", None).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("profile \"short\""), "{text}");
        assert!(!text.contains("TOO-SHORT-KEY"), "{text}");
        assert!(matches!(
            profiles.bsk_client("short"),
            Err(Error::MissingSetting {
                setting: "api2_url",
                ..
            })
        ));
    }
}
