//! A ready [`CspClient`] from a CSP profile: settings from the journal, the client secret and
//! (password grant) the officer's password from the store, read at the moment of building.

use kendra_client::csp_client::{CspClient, CspLogin, CspSecrets, CspSettings};
use kendra_secrets::{Peer, SecretName};

use crate::error::{Error, Result};
use crate::peer_settings::{CspGrant, PeerSettings};
use crate::profile_service::Profiles;

impl Profiles<'_> {
    /// A [`CspClient`] for CSP profile `name`, signing in with the profile's grant.
    pub fn csp_client(&self, name: &str) -> Result<CspClient> {
        let settings = self.settings(name)?;
        let PeerSettings::Csp(csp) = &settings.peer else {
            return Err(Error::WrongPeer {
                profile: name.to_owned(),
                expected: Peer::Csp,
                actual: settings.peer.peer(),
            });
        };
        let mut secrets = self.required_secrets(name, &settings)?;
        let mut take = |wanted: SecretName| {
            secrets
                .iter()
                .position(|(n, _)| *n == wanted)
                .map(|i| secrets.swap_remove(i).1)
        };
        let client_secret =
            take(SecretName::CspClientSecret).ok_or_else(|| Error::SecretsMissing {
                profile: name.to_owned(),
                missing: vec![SecretName::CspClientSecret],
            })?;
        let login = match csp.grant {
            CspGrant::Password => CspLogin::Password,
            CspGrant::ClientCredentials => CspLogin::ClientCredentials,
        };
        let password = match take(SecretName::CspPassword) {
            Some(password) => Some(password),
            // A client-credentials profile may still hold a password (for `login --as-user`).
            None => self.optional_secret(name, SecretName::CspPassword)?,
        };
        let mut client_settings =
            CspSettings::new(csp.base_url.clone(), csp.client_id.clone(), login);
        client_settings.username = csp.username.clone();
        client_settings.profile_id = csp.profile_id.clone();
        CspClient::new(
            client_settings,
            CspSecrets {
                client_secret,
                password,
            },
        )
        .map_err(|source| Error::Client {
            profile: name.to_owned(),
            source,
        })
    }

    /// The same profile signing in with the other grant: client credentials for a password
    /// profile (administration), or the password grant for a client-credentials profile that
    /// holds a username and password.
    pub fn csp_client_with_login(&self, name: &str, login: CspLogin) -> Result<CspClient> {
        let client = self.csp_client(name)?;
        if client.settings().login == login {
            return Ok(client);
        }
        let settings = self.settings(name)?;
        let PeerSettings::Csp(csp) = &settings.peer else {
            return Err(Error::WrongPeer {
                profile: name.to_owned(),
                expected: Peer::Csp,
                actual: settings.peer.peer(),
            });
        };
        let client_secret = self
            .optional_secret(name, SecretName::CspClientSecret)?
            .ok_or_else(|| Error::SecretsMissing {
                profile: name.to_owned(),
                missing: vec![SecretName::CspClientSecret],
            })?;
        let password = self.optional_secret(name, SecretName::CspPassword)?;
        if login == CspLogin::Password && (password.is_none() || csp.username.is_none()) {
            return Err(Error::SecretsMissing {
                profile: name.to_owned(),
                missing: vec![SecretName::CspPassword],
            });
        }
        let mut client_settings =
            CspSettings::new(csp.base_url.clone(), csp.client_id.clone(), login);
        client_settings.username = csp.username.clone();
        client_settings.profile_id = csp.profile_id.clone();
        CspClient::new(
            client_settings,
            CspSecrets {
                client_secret,
                password,
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
    use super::*;
    use crate::test_fixture::{sandbox, Fixture};

    #[tokio::test]
    async fn the_imported_sandbox_profile_signs_in_with_either_grant() {
        let (_sandbox, info) = sandbox().await;
        let f = Fixture::new();
        let profiles = f.profiles();
        profiles.import_sandbox(&info).unwrap();
        let client = profiles.csp_client("sandbox-csp").unwrap();
        assert_eq!(client.settings().login, CspLogin::Password);
        assert_eq!(client.settings().username.as_deref(), Some("amit.verma"));
        let attempt = client.login().await;
        assert!(attempt.result.is_ok(), "{:?}", attempt.result);

        let admin = profiles
            .csp_client_with_login("sandbox-csp", CspLogin::ClientCredentials)
            .unwrap();
        let attempt = admin.login().await;
        assert!(attempt.result.is_ok(), "{:?}", attempt.result);
        assert!(matches!(
            profiles.csp_client("sandbox-isp"),
            Err(Error::WrongPeer { .. })
        ));
    }
}
