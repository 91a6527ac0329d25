//! [`Profiles::header_secrets_client`]: a header-secrets gateway client from a profile. Secrets
//! (pass_key, client_secret, the key material) are read from the store just in time.

use kendra_client::{HeaderSecretsClient, HeaderSecretsSecrets, HeaderSecretsSettings};
use kendra_secrets::{Peer, SecretName};

use crate::error::{Error, Result};
use crate::peer_settings::PeerSettings;
use crate::profile_service::Profiles;

impl Profiles<'_> {
    /// A [`HeaderSecretsClient`] for header-secrets profile `name`, in the profile's cipher and
    /// epoch unit.
    pub fn header_secrets_client(&self, name: &str) -> Result<HeaderSecretsClient> {
        let settings = self.settings_for(name, Peer::HeaderSecrets)?;
        let PeerSettings::HeaderSecrets(hs) = &settings.peer else {
            return Err(Error::WrongPeer {
                profile: name.to_owned(),
                expected: Peer::HeaderSecrets,
                actual: settings.peer.peer(),
            });
        };
        // Every absent secret named at once, before anything else is tried.
        let mut secrets = self.required_secrets(name, &settings)?;
        let key = self.cipher_key(name, None)?;
        let mut take = |secret: SecretName| {
            secrets
                .iter()
                .position(|(n, _)| *n == secret)
                .map(|i| secrets.swap_remove(i).1)
                .ok_or_else(|| Error::SecretsMissing {
                    profile: name.to_owned(),
                    missing: vec![secret],
                })
        };
        let pass_key = take(SecretName::HeaderSecretsPassKey)?;
        let client_secret = take(SecretName::HeaderSecretsClientSecret)?;
        // The key's own texts, so the client can sweep them out of anything it records.
        let mut key_material = Vec::new();
        for secret in [
            SecretName::HeaderSecretsKey,
            SecretName::HeaderSecretsIv,
            SecretName::HeaderSecretsSecret,
        ] {
            if let Some(value) = self.optional_secret(name, secret)? {
                key_material.push(value);
            }
        }
        let mut client_settings = HeaderSecretsSettings::new(hs.base_url.clone(), &hs.client_id);
        client_settings.epoch_unit = hs.epoch_unit;
        HeaderSecretsClient::new(
            client_settings,
            HeaderSecretsSecrets {
                pass_key,
                client_secret,
                key,
                key_material,
            },
        )
        .map_err(|source| Error::Client {
            profile: name.to_owned(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::test_fixture::{sandbox, Fixture};
    use crate::Error;
    use kendra_secrets::Peer;

    #[tokio::test]
    async fn the_imported_sandbox_profile_reads_a_status() {
        let (_sandbox, info) = sandbox().await;
        let f = Fixture::new();
        let profiles = f.profiles();
        profiles.import_sandbox(&info).unwrap();
        let client = profiles
            .header_secrets_client("sandbox-header-secrets")
            .unwrap();
        let attempt = client.application_status("HS2024UP000101").await;
        assert_eq!(attempt.result.unwrap().status_code, "S104");
        assert!(matches!(
            profiles.header_secrets_client("sandbox-isp"),
            Err(Error::WrongPeer {
                expected: Peer::HeaderSecrets,
                ..
            })
        ));
        assert!(matches!(
            profiles.header_secrets_client("nobody"),
            Err(Error::NotFound { .. })
        ));
    }
}
