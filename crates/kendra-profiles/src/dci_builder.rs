//! [`Profiles::dci_client`]: a DCI Social Registry client from a profile, and the signing key
//! `kendra dci sign|verify --profile` use. Secrets are read from the store just in time.

use kendra_client::dci_client::{DciClient, DciSecrets, DciSettings};
use kendra_secrets::{Peer, SecretName, SecretString};
use kendra_wire::dci::{DciPublicKey, DciSigningKey, KeyId};

use crate::error::{Error, Result};
use crate::peer_settings::{DciProfileSettings, PeerSettings};
use crate::profile_service::Profiles;

impl Profiles<'_> {
    /// A [`DciClient`] for DCI profile `name`: signs with the profile's private key, takes its
    /// token with the client secret, and verifies answers with the registry's public key.
    pub fn dci_client(&self, name: &str) -> Result<DciClient> {
        let dci = self.dci_settings(name)?;
        let registry_key_id = registry_setting(name, "registry_key_id", &dci.registry_key_id)?;
        let registry_public_key =
            registry_setting(name, "registry_public_key", &dci.registry_public_key)?;
        let secrets = DciSecrets {
            client_secret: self.dci_secret(name, SecretName::DciClientSecret)?,
            private_key: self.dci_secret(name, SecretName::DciPrivateKey)?,
        };
        let settings = DciSettings::new(
            dci.base_url.clone(),
            dci.client_id.clone(),
            dci.key_id.clone(),
            registry_key_id,
            registry_public_key,
        );
        DciClient::new(settings, secrets).map_err(|source| Error::Client {
            profile: name.to_owned(),
            source,
        })
    }

    /// The profile's signing key and key id (`kendra dci sign --profile`).
    pub fn dci_signing_key(&self, name: &str) -> Result<(DciSigningKey, KeyId)> {
        let dci = self.dci_settings(name)?;
        let key_id = key_id(name, "key_id", &dci.key_id)?;
        let secret = self.dci_secret(name, SecretName::DciPrivateKey)?;
        let key = DciSigningKey::from_base64(kendra_secrets::ExposeSecret::expose_secret(&secret))
            .map_err(|source| Error::Cipher {
                profile: name.to_owned(),
                source,
            })?;
        Ok((key, key_id))
    }

    /// The registry's public key and key id (`kendra dci verify --profile`).
    pub fn dci_registry_key(&self, name: &str) -> Result<(DciPublicKey, KeyId)> {
        let dci = self.dci_settings(name)?;
        let kid = registry_setting(name, "registry_key_id", &dci.registry_key_id)?;
        let public = registry_setting(name, "registry_public_key", &dci.registry_public_key)?;
        let key = DciPublicKey::from_base64(&public).map_err(|e| Error::InvalidSetting {
            profile: name.to_owned(),
            setting: "registry_public_key",
            problem: e.to_string(),
        })?;
        Ok((key, key_id(name, "registry_key_id", &kid)?))
    }

    fn dci_settings(&self, name: &str) -> Result<DciProfileSettings> {
        let settings = self.settings_for(name, Peer::Dci)?;
        match settings.peer {
            PeerSettings::Dci(dci) => Ok(dci),
            other => Err(Error::WrongPeer {
                profile: name.to_owned(),
                expected: Peer::Dci,
                actual: other.peer(),
            }),
        }
    }

    fn dci_secret(&self, name: &str, secret: SecretName) -> Result<SecretString> {
        self.optional_secret(name, secret)?
            .ok_or_else(|| Error::SecretsMissing {
                profile: name.to_owned(),
                missing: vec![secret],
            })
    }
}

fn registry_setting(
    profile: &str,
    setting: &'static str,
    value: &Option<String>,
) -> Result<String> {
    value
        .clone()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| Error::MissingSetting {
            profile: profile.to_owned(),
            setting,
        })
}

/// `sender|key|ed25519` as a [`KeyId`].
fn key_id(profile: &str, setting: &'static str, text: &str) -> Result<KeyId> {
    let invalid = |problem: String| Error::InvalidSetting {
        profile: profile.to_owned(),
        setting,
        problem,
    };
    match text.split('|').collect::<Vec<_>>().as_slice() {
        [sender, key, "ed25519"] => KeyId::new(*sender, *key).map_err(|e| invalid(e.to_string())),
        _ => Err(invalid(format!(
            "\"{text}\" is not of the form sender_id|unique_key_id|ed25519"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixture::{sandbox, Fixture};
    use crate::ProfileSettings;
    use crate::SecretInput;

    #[tokio::test]
    async fn the_dci_client_of_an_imported_profile_gets_a_token() {
        let (_sandbox, info) = sandbox().await;
        let f = Fixture::new();
        let profiles = f.profiles();
        profiles.import_sandbox(&info).unwrap();
        let client = profiles.dci_client("sandbox-dci").unwrap();
        assert_eq!(client.sender_id(), "sp-system");
        assert_eq!(client.registry_id(), "social");
        let attempt = client.authenticate().await;
        assert!(attempt.result.is_ok(), "{:?}", attempt.result);
        let (key, kid) = profiles.dci_signing_key("sandbox-dci").unwrap();
        assert_eq!(kid.to_string(), "sp-system|sandbox-key-1|ed25519");
        assert_eq!(
            key.public_key().to_base64(),
            info["dci"]["public_key"].as_str().unwrap()
        );
        let (public, kid) = profiles.dci_registry_key("sandbox-dci").unwrap();
        assert_eq!(kid.to_string(), "social|registry-key-1|ed25519");
        assert_eq!(
            public.to_base64(),
            info["dci"]["registry_public_key"].as_str().unwrap()
        );
        assert!(matches!(
            profiles.dci_client("sandbox-isp"),
            Err(Error::WrongPeer { .. })
        ));
    }

    #[test]
    fn a_profile_without_the_registry_key_cannot_verify_so_it_has_no_client() {
        let f = Fixture::new();
        let profiles = f.profiles();
        let settings = ProfileSettings::new(PeerSettings::Dci(DciProfileSettings {
            base_url: "http://127.0.0.1:9".into(),
            client_id: "sp".into(),
            sender_id: "sp".into(),
            key_id: "sp|k1|ed25519".into(),
            registry_key_id: None,
            registry_public_key: None,
        }));
        let secrets = SecretInput::new()
            .with(SecretName::DciClientSecret, "client-secret-1")
            .with(
                SecretName::DciPrivateKey,
                "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=",
            );
        profiles.set("dci-live", &settings, &secrets).unwrap();
        let err = profiles.dci_client("dci-live").unwrap_err();
        assert!(
            matches!(
                err,
                Error::MissingSetting {
                    setting: "registry_key_id",
                    ..
                }
            ),
            "{err}"
        );
        assert!(profiles.dci_signing_key("dci-live").is_ok());
    }
}
