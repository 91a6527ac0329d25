//! The one error type of the profiles layer.
//!
//! Every message names the profile and what is wrong or missing, as a sentence an admin can act
//! on. No variant carries a secret value: secrets are named ([`SecretName`]), never shown.

use kendra_secrets::{Peer, SecretName};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("there is no profile \"{profile}\": create it with `kendra profile set {profile} --peer …` or `kendra profile import-sandbox URL`")]
    NotFound { profile: String },

    #[error(
        "profile \"{profile}\" is a {actual} profile, but a {expected} profile is needed here"
    )]
    WrongPeer {
        profile: String,
        expected: Peer,
        actual: Peer,
    },

    #[error("profile \"{profile}\" is a {existing} profile: delete it first (`kendra profile delete {profile}`) to make it a {requested} profile")]
    PeerChanged {
        profile: String,
        existing: Peer,
        requested: Peer,
    },

    #[error("profile \"{profile}\" has no {}: set {} with `kendra profile set {profile}`", names(.missing), if .missing.len() == 1 { "it" } else { "them" })]
    SecretsMissing {
        profile: String,
        missing: Vec<SecretName>,
    },

    #[error("a {peer} profile has no secret called \"{given}\": use {}", fields(*.peer))]
    UnknownSecret { peer: Peer, given: String },

    #[error("{secret} was given twice for profile \"{profile}\"")]
    SecretGivenTwice { profile: String, secret: SecretName },

    #[error("profile \"{profile}\" has no {setting}: set it with `kendra profile set {profile} --{}`", .setting.replace('_', "-"))]
    MissingSetting {
        profile: String,
        setting: &'static str,
    },

    #[error("the {setting} of profile \"{profile}\" cannot be used: {problem}")]
    InvalidSetting {
        profile: String,
        setting: &'static str,
        problem: String,
    },

    #[error("the settings of profile \"{profile}\" in the journal cannot be read (set the profile again): {problem}")]
    SettingsUnreadable { profile: String, problem: String },

    #[error("profile \"{profile}\" is a {peer} profile, which has no AES key: use a BSK, ISP or header-secrets profile")]
    NoCipherKey { profile: String, peer: Peer },

    #[error("this is not a Kendra sandbox's /_sandbox/info: {problem}")]
    NotSandboxInfo { problem: String },

    #[error("profile \"{profile}\": {source}")]
    Client {
        profile: String,
        #[source]
        source: kendra_client::Error,
    },

    #[error("profile \"{profile}\": {source}")]
    Cipher {
        profile: String,
        #[source]
        source: kendra_wire::Error,
    },

    #[error(transparent)]
    Secrets(#[from] kendra_secrets::Error),

    #[error("the journal's citizen-data key in the keyring is damaged; citizen details cannot be read (restore the keyring entry journal.citizen_data_key)")]
    CitizenKeyDamaged,

    #[error(transparent)]
    Journal(#[from] kendra_journal::Error),
}

fn names(missing: &[SecretName]) -> String {
    let labels: Vec<String> = missing.iter().map(ToString::to_string).collect();
    match labels.as_slice() {
        [] => "secret".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn fields(peer: Peer) -> String {
    let list: Vec<&str> = peer.secret_names().iter().map(|s| s.field()).collect();
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_secrets_are_listed_by_name() {
        let err = Error::SecretsMissing {
            profile: "isp-live".into(),
            missing: vec![SecretName::IspPassword, SecretName::IspSecretKey],
        };
        assert_eq!(
            err.to_string(),
            "profile \"isp-live\" has no ISP password or ISP secret key (secret_key): set them with `kendra profile set isp-live`"
        );
        let err = Error::UnknownSecret {
            peer: Peer::Bsk,
            given: "password".into(),
        };
        assert_eq!(
            err.to_string(),
            "a bsk profile has no secret called \"password\": use key, iv, passcode, jwt_secret"
        );
        let err = Error::MissingSetting {
            profile: "b".into(),
            setting: "api2_url",
        };
        assert!(err.to_string().ends_with("--api2-url`"), "{err}");
    }
}
