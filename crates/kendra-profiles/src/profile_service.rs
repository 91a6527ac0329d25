//! [`Profiles`]: set, show, list and delete integration profiles. Settings go to the journal
//! (audited, attributed to an [`Actor`]); secrets go to the [`SecretStore`] and come back only as
//! masks.

use std::fmt;

use kendra_journal::{Actor, Journal};
use kendra_secrets::{check_profile_name, Peer, SecretName, SecretStore, SecretString};
use serde_json::json;

use crate::error::{Error, Result};
use crate::peer_settings::ProfileSettings;
use crate::profile_view::{ProfileView, SecretView};

/// Secrets handed to [`Profiles::set`], each named. Values stay [`SecretString`]s (redacted in
/// `Debug`, zeroed on drop).
#[derive(Default)]
pub struct SecretInput {
    entries: Vec<(SecretName, SecretString)>,
}

impl SecretInput {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: SecretName, value: SecretString) {
        self.entries.push((name, value));
    }

    pub fn with(mut self, name: SecretName, value: impl Into<String>) -> Self {
        self.add(name, SecretString::from(value.into()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn names(&self) -> Vec<SecretName> {
        self.entries.iter().map(|(n, _)| *n).collect()
    }

    /// The secret of `peer` called `given`: its document field (`secret_key`) or its full
    /// keyring name (`isp.secret_key`).
    pub fn name_for(peer: Peer, given: &str) -> Result<SecretName> {
        let given = given.trim();
        peer.secret_names()
            .iter()
            .copied()
            .find(|n| n.field() == given || n.as_str() == given)
            .ok_or_else(|| Error::UnknownSecret {
                peer,
                // Only the part before '=' is ever passed here; keep it short in messages anyway.
                given: given.chars().take(40).collect(),
            })
    }
}

impl fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretInput")
            .field("names", &self.names())
            .finish()
    }
}

/// The profiles of one data directory.
pub struct Profiles<'a> {
    journal: &'a Journal,
    store: &'a dyn SecretStore,
    actor: Actor,
}

impl<'a> Profiles<'a> {
    /// Changes are attributed to `actor` in the journal's audit log.
    pub fn new(journal: &'a Journal, store: &'a dyn SecretStore, actor: Actor) -> Self {
        Self {
            journal,
            store,
            actor,
        }
    }

    pub fn journal(&self) -> &Journal {
        self.journal
    }

    pub fn store(&self) -> &dyn SecretStore {
        self.store
    }

    /// Creates or replaces the settings of profile `name` and stores the secrets given (others
    /// stay as they were). A profile keeps its peer: changing it needs a delete first, so no
    /// secret of the old peer lingers.
    pub fn set(
        &self,
        name: &str,
        settings: &ProfileSettings,
        secrets: &SecretInput,
    ) -> Result<ProfileView> {
        check_profile_name(name)?;
        let peer = settings.peer.peer();
        settings.peer.validate(name)?;
        if let Some(existing) = self.journal.profile(name)? {
            let existing = journal_peer_to_secrets(existing.peer);
            if existing != peer {
                return Err(Error::PeerChanged {
                    profile: name.to_owned(),
                    existing,
                    requested: peer,
                });
            }
        }
        let mut seen = Vec::new();
        for (secret, _) in &secrets.entries {
            if secret.peer() != Some(peer) {
                return Err(Error::UnknownSecret {
                    peer,
                    given: secret.as_str().to_owned(),
                });
            }
            if seen.contains(secret) {
                return Err(Error::SecretGivenTwice {
                    profile: name.to_owned(),
                    secret: *secret,
                });
            }
            seen.push(*secret);
        }
        let settings_json = settings.to_json()?;
        // Secrets first: a profile row whose secrets failed to save would look complete.
        for (secret, value) in &secrets.entries {
            self.store.set(name, *secret, value)?;
        }
        let secret_names: Vec<&str> = secrets.entries.iter().map(|(n, _)| n.as_str()).collect();
        self.journal.write(&self.actor, |tx| {
            tx.upsert_profile(name, secrets_peer_to_journal(peer), &settings_json)?;
            if !secret_names.is_empty() {
                // Which secrets changed, never their values.
                tx.audit(
                    "profile.secrets_set",
                    &format!("profile:{name}"),
                    Some(&json!({ "secrets": secret_names })),
                )?;
            }
            Ok(())
        })?;
        self.show(name)
    }

    /// The typed settings of profile `name`.
    pub fn settings(&self, name: &str) -> Result<ProfileSettings> {
        let profile = self.journal.profile(name)?.ok_or_else(|| Error::NotFound {
            profile: name.to_owned(),
        })?;
        ProfileSettings::from_json(
            name,
            journal_peer_to_secrets(profile.peer),
            &profile.settings,
        )
    }

    /// Settings and every required secret as its mask or "missing"; never a secret.
    pub fn show(&self, name: &str) -> Result<ProfileView> {
        let profile = self.journal.profile(name)?.ok_or_else(|| Error::NotFound {
            profile: name.to_owned(),
        })?;
        self.view(profile)
    }

    /// Every profile, by name.
    pub fn list(&self) -> Result<Vec<ProfileView>> {
        self.journal
            .profiles()?
            .into_iter()
            .map(|p| self.view(p))
            .collect()
    }

    /// Deletes the profile and every keyring entry filed under its name; returns how many
    /// secrets were removed. Orphaned secrets of a name with no profile are removed too.
    pub fn delete(&self, name: &str) -> Result<usize> {
        check_profile_name(name)?;
        let deleted_row = match self
            .journal
            .write(&self.actor, |tx| tx.delete_profile(name))
        {
            Ok(()) => true,
            Err(kendra_journal::Error::NotFound { .. }) => false,
            Err(e) => return Err(e.into()),
        };
        let secrets = self.store.delete_profile(name)?;
        if !deleted_row && secrets == 0 {
            return Err(Error::NotFound {
                profile: name.to_owned(),
            });
        }
        Ok(secrets)
    }

    /// The secrets `name` needs, read now; [`Error::SecretsMissing`] lists every absent one.
    pub(crate) fn required_secrets(
        &self,
        name: &str,
        settings: &ProfileSettings,
    ) -> Result<Vec<(SecretName, SecretString)>> {
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for &secret in settings.peer.secrets().required() {
            match self.store.get(name, secret) {
                Ok(value) => found.push((secret, value)),
                Err(kendra_secrets::Error::SecretMissing { .. }) => missing.push(secret),
                Err(e) => return Err(e.into()),
            }
        }
        if !missing.is_empty() {
            return Err(Error::SecretsMissing {
                profile: name.to_owned(),
                missing,
            });
        }
        Ok(found)
    }

    /// An optional secret: `None` when not stored.
    pub(crate) fn optional_secret(
        &self,
        name: &str,
        secret: SecretName,
    ) -> Result<Option<SecretString>> {
        match self.store.get(name, secret) {
            Ok(value) => Ok(Some(value)),
            Err(kendra_secrets::Error::SecretMissing { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn view(&self, profile: kendra_journal::profiles::Profile) -> Result<ProfileView> {
        let peer = journal_peer_to_secrets(profile.peer);
        let settings = ProfileSettings::from_json(&profile.name, peer, &profile.settings)?;
        let required = settings.peer.secrets().required();
        let mut secrets = Vec::new();
        for &secret in peer.secret_names() {
            let is_required = required.contains(&secret);
            let mask = self.store.masked(&profile.name, secret)?;
            if is_required || mask.is_some() {
                secrets.push(SecretView::new(secret, is_required, mask));
            }
        }
        Ok(ProfileView::new(
            profile.name,
            &settings,
            profile.settings,
            secrets,
            profile.updated_ms,
        ))
    }
}

pub(crate) fn journal_peer_to_secrets(peer: kendra_journal::Peer) -> Peer {
    match peer {
        kendra_journal::Peer::Bsk => Peer::Bsk,
        kendra_journal::Peer::Isp => Peer::Isp,
        kendra_journal::Peer::HeaderSecrets => Peer::HeaderSecrets,
        kendra_journal::Peer::Dci => Peer::Dci,
        kendra_journal::Peer::Csp => Peer::Csp,
    }
}

pub(crate) fn secrets_peer_to_journal(peer: Peer) -> kendra_journal::Peer {
    match peer {
        Peer::Bsk => kendra_journal::Peer::Bsk,
        Peer::Isp => kendra_journal::Peer::Isp,
        Peer::HeaderSecrets => kendra_journal::Peer::HeaderSecrets,
        Peer::Dci => kendra_journal::Peer::Dci,
        Peer::Csp => kendra_journal::Peer::Csp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peer_settings::{CspGrant, CspProfileSettings, IspProfileSettings, PeerSettings};
    use crate::profile_view::SecretState;
    use crate::test_fixture::{contains, Fixture};
    use kendra_client::{ActionTimeFormat, IspVariant};
    use kendra_secrets::{mask, ExposeSecret, MASK_PREFIX};

    const PASSWORD: &str = "Rev@Lko#2024-unit";
    const SECRET_KEY: &str = "UPISP-unit-9c2e41b8d6057f3a";

    fn isp_settings() -> ProfileSettings {
        ProfileSettings::new(PeerSettings::Isp(IspProfileSettings {
            base_url: "http://127.0.0.1:9".into(),
            dept_id: "UPREV0417".into(),
            action_time_format: ActionTimeFormat::AsPrinted,
            cipher_variant: IspVariant::Canonical,
        }))
    }

    #[test]
    fn set_stores_settings_in_the_journal_and_secrets_in_the_store_only() {
        let f = Fixture::new();
        let profiles = f.profiles();
        let view = profiles
            .set(
                "isp-live",
                &isp_settings(),
                &SecretInput::new()
                    .with(SecretName::IspPassword, PASSWORD)
                    .with(SecretName::IspSecretKey, SECRET_KEY),
            )
            .unwrap();
        assert_eq!(view.peer, "isp");
        assert!(!view.sandbox);
        assert!(view.is_complete());
        assert_eq!(
            f.store
                .get("isp-live", SecretName::IspPassword)
                .unwrap()
                .expose_secret(),
            PASSWORD
        );
        assert_eq!(
            profiles.settings("isp-live").unwrap(),
            isp_settings(),
            "typed settings come back as set"
        );
        let bytes = f.journal_bytes();
        assert!(contains(&bytes, "UPREV0417"), "settings are in the journal");
        for secret in [PASSWORD, SECRET_KEY] {
            assert!(!contains(&bytes, secret), "a secret reached the journal");
        }
        assert!(contains(&bytes, "profile.secrets_set") && contains(&bytes, "isp.password"));
    }

    #[test]
    fn show_gives_masks_or_missing_never_a_secret() {
        let f = Fixture::new();
        let profiles = f.profiles();
        profiles
            .set(
                "isp-half",
                &isp_settings(),
                &SecretInput::new().with(SecretName::IspPassword, PASSWORD),
            )
            .unwrap();
        let view = profiles.show("isp-half").unwrap();
        assert_eq!(view.secrets.len(), 2);
        let password = &view.secrets[0];
        assert_eq!(password.name, "isp.password");
        assert_eq!(
            password.state,
            SecretState::Set {
                mask: mask(&SecretString::from(PASSWORD.to_owned()))
            }
        );
        assert!(password.shown().starts_with(MASK_PREFIX));
        assert_eq!(view.secrets[1].state, SecretState::Missing);
        assert_eq!(view.secrets[1].shown(), "missing");
        assert_eq!(view.missing(), vec!["isp.secret_key"]);
        let printed = format!("{view:?} {}", serde_json::to_string(&view).unwrap());
        assert!(!printed.contains(PASSWORD), "{printed}");
        assert!(printed.contains("\"state\":\"missing\""), "{printed}");
    }

    #[test]
    fn a_later_set_keeps_the_secrets_not_given() {
        let f = Fixture::new();
        let profiles = f.profiles();
        let both = SecretInput::new()
            .with(SecretName::IspPassword, PASSWORD)
            .with(SecretName::IspSecretKey, SECRET_KEY);
        profiles.set("p", &isp_settings(), &both).unwrap();
        let mut moved = isp_settings();
        if let PeerSettings::Isp(isp) = &mut moved.peer {
            isp.base_url = "http://10.0.0.1:8080".into();
        }
        let view = profiles
            .set(
                "p",
                &moved,
                &SecretInput::new().with(SecretName::IspPassword, "new-password"),
            )
            .unwrap();
        assert!(view.is_complete());
        assert_eq!(view.settings["base_url"], "http://10.0.0.1:8080");
        assert_eq!(
            f.store
                .get("p", SecretName::IspSecretKey)
                .unwrap()
                .expose_secret(),
            SECRET_KEY
        );
    }

    #[test]
    fn list_and_delete() {
        let f = Fixture::new();
        let profiles = f.profiles();
        assert!(profiles.list().unwrap().is_empty());
        let csp = ProfileSettings::new(PeerSettings::Csp(CspProfileSettings {
            base_url: "http://127.0.0.1:9".into(),
            client_id: "c".into(),
            username: None,
            profile_id: None,
            grant: CspGrant::ClientCredentials,
        }));
        profiles
            .set(
                "b-csp",
                &csp,
                &SecretInput::new().with(SecretName::CspClientSecret, "cs"),
            )
            .unwrap();
        profiles
            .set(
                "a-isp",
                &isp_settings(),
                &SecretInput::new().with(SecretName::IspPassword, PASSWORD),
            )
            .unwrap();
        let names: Vec<String> = profiles
            .list()
            .unwrap()
            .into_iter()
            .map(|v| v.name)
            .collect();
        assert_eq!(names, ["a-isp", "b-csp"]);

        assert_eq!(profiles.delete("a-isp").unwrap(), 1);
        assert!(!f.store.exists("a-isp", SecretName::IspPassword).unwrap());
        assert!(matches!(
            profiles.show("a-isp"),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            profiles.delete("a-isp"),
            Err(Error::NotFound { profile }) if profile == "a-isp"
        ));
        assert_eq!(profiles.list().unwrap().len(), 1);
        assert_eq!(f.store.len(), 1);
    }

    #[test]
    fn refusals_name_the_profile_and_what_is_wrong() {
        let f = Fixture::new();
        let profiles = f.profiles();
        let wrong_peer = profiles
            .set(
                "p",
                &isp_settings(),
                &SecretInput::new().with(SecretName::BskKey, "k"),
            )
            .unwrap_err();
        assert!(matches!(
            wrong_peer,
            Error::UnknownSecret {
                peer: Peer::Isp,
                ..
            }
        ));
        let twice = profiles
            .set(
                "p",
                &isp_settings(),
                &SecretInput::new()
                    .with(SecretName::IspPassword, "a")
                    .with(SecretName::IspPassword, "b"),
            )
            .unwrap_err();
        assert!(matches!(twice, Error::SecretGivenTwice { .. }));
        assert!(f.store.is_empty(), "nothing stored after a refusal");
        assert!(profiles.list().unwrap().is_empty());

        profiles
            .set("p", &isp_settings(), &SecretInput::new())
            .unwrap();
        let csp = ProfileSettings::new(PeerSettings::Csp(CspProfileSettings {
            base_url: "http://h".into(),
            client_id: "c".into(),
            username: None,
            profile_id: None,
            grant: CspGrant::ClientCredentials,
        }));
        let changed = profiles.set("p", &csp, &SecretInput::new()).unwrap_err();
        assert!(matches!(
            changed,
            Error::PeerChanged {
                existing: Peer::Isp,
                requested: Peer::Csp,
                ..
            }
        ));
        assert!(
            changed.to_string().contains("kendra profile delete p"),
            "{changed}"
        );

        let missing = profiles.isp_client("p").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "profile \"p\" has no ISP password or ISP secret key (secret_key): set them with `kendra profile set p`"
        );
        assert!(matches!(
            profiles.bsk_client("p"),
            Err(Error::WrongPeer {
                expected: Peer::Bsk,
                actual: Peer::Isp,
                ..
            })
        ));
        assert!(matches!(
            profiles.isp_client("nobody"),
            Err(Error::NotFound { .. })
        ));
    }

    #[test]
    fn a_locked_store_is_reported_as_such() {
        let f = Fixture::new();
        let profiles = f.profiles();
        profiles
            .set("p", &isp_settings(), &SecretInput::new())
            .unwrap();
        f.store.set_locked(true);
        assert!(matches!(
            profiles.show("p"),
            Err(Error::Secrets(kendra_secrets::Error::KeyringLocked { .. }))
        ));
    }

    #[test]
    fn secret_names_parse_by_field_or_full_name() {
        assert_eq!(
            SecretInput::name_for(Peer::HeaderSecrets, "pass_key").unwrap(),
            SecretName::HeaderSecretsPassKey
        );
        assert_eq!(
            SecretInput::name_for(Peer::Bsk, "bsk.jwt_secret").unwrap(),
            SecretName::BskJwtSecret
        );
        assert!(matches!(
            SecretInput::name_for(Peer::Isp, "key"),
            Err(Error::UnknownSecret { .. })
        ));
        let input = SecretInput::new().with(SecretName::BskKey, "TOPSECRET");
        assert!(!format!("{input:?}").contains("TOPSECRET"));
    }
}
