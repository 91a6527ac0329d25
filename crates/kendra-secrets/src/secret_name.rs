//! The closed set of secrets Kendra keeps, and which ones each peer's profile needs.
//!
//! A secret's keyring entry is named by [`SecretName::as_str`] (`"bsk.key"`, `"isp.secret_key"`),
//! so an entry found in a keyring app says what it is.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The five peers Kendra talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Peer {
    Bsk,
    Isp,
    HeaderSecrets,
    Dci,
    Csp,
}

impl Peer {
    pub const ALL: [Peer; 5] = [
        Peer::Bsk,
        Peer::Isp,
        Peer::HeaderSecrets,
        Peer::Dci,
        Peer::Csp,
    ];

    /// The name used on the command line (`--peer bsk|isp|header-secrets|dci|csp`).
    pub fn as_str(self) -> &'static str {
        match self {
            Peer::Bsk => "bsk",
            Peer::Isp => "isp",
            Peer::HeaderSecrets => "header-secrets",
            Peer::Dci => "dci",
            Peer::Csp => "csp",
        }
    }

    /// Every secret a profile for this peer may hold, whatever its settings.
    pub fn secret_names(self) -> &'static [SecretName] {
        use SecretName::*;
        match self {
            Peer::Bsk => &[BskKey, BskIv, BskPasscode, BskJwtSecret],
            Peer::Isp => &[IspPassword, IspSecretKey],
            Peer::HeaderSecrets => &[
                HeaderSecretsPassKey,
                HeaderSecretsClientSecret,
                HeaderSecretsKey,
                HeaderSecretsIv,
                HeaderSecretsSecret,
            ],
            Peer::Dci => &[DciPrivateKey, DciClientSecret],
            Peer::Csp => &[CspClientSecret, CspPassword],
        }
    }
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Peer {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Peer::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| Error::InvalidName {
                what: "peer",
                value: s.to_owned(),
                problem: "use bsk, isp, header-secrets, dci or csp",
            })
    }
}

/// One kind of secret. Closed on purpose: a typo in a secret name is a compile error, not an
/// entry nobody reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecretName {
    /// BSK section 15 AES-256 key (32 ASCII bytes).
    BskKey,
    /// BSK section 15 AES IV (16 ASCII bytes).
    BskIv,
    /// BSK v4 passcode sent beside the token.
    BskPasscode,
    /// BSK v4 HS256 JWT secret.
    BskJwtSecret,
    /// ISP `/authenticate` password.
    IspPassword,
    /// ISP shared secret the AES key is derived from (PBKDF2).
    IspSecretKey,
    /// Header-secrets `pass_key` header.
    HeaderSecretsPassKey,
    /// Header-secrets `client_secret` inside the encrypted header.
    HeaderSecretsClientSecret,
    /// Header-secrets raw AES key (BSK-style cipher profile).
    HeaderSecretsKey,
    /// Header-secrets raw AES IV (BSK-style cipher profile).
    HeaderSecretsIv,
    /// Header-secrets shared secret (ISP-style cipher profile).
    HeaderSecretsSecret,
    /// DCI ed25519 signing key.
    DciPrivateKey,
    /// DCI OAuth client secret.
    DciClientSecret,
    /// ADSS CSP OAuth client secret.
    CspClientSecret,
    /// ADSS CSP user password (password grant).
    CspPassword,
    /// The journal's AES-256-GCM key for citizen data at rest.
    JournalCitizenDataKey,
}

impl SecretName {
    pub const ALL: [SecretName; 16] = [
        SecretName::BskKey,
        SecretName::BskIv,
        SecretName::BskPasscode,
        SecretName::BskJwtSecret,
        SecretName::IspPassword,
        SecretName::IspSecretKey,
        SecretName::HeaderSecretsPassKey,
        SecretName::HeaderSecretsClientSecret,
        SecretName::HeaderSecretsKey,
        SecretName::HeaderSecretsIv,
        SecretName::HeaderSecretsSecret,
        SecretName::DciPrivateKey,
        SecretName::DciClientSecret,
        SecretName::CspClientSecret,
        SecretName::CspPassword,
        SecretName::JournalCitizenDataKey,
    ];

    /// The keyring entry's user name: `<owner>.<field>`.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretName::BskKey => "bsk.key",
            SecretName::BskIv => "bsk.iv",
            SecretName::BskPasscode => "bsk.passcode",
            SecretName::BskJwtSecret => "bsk.jwt_secret",
            SecretName::IspPassword => "isp.password",
            SecretName::IspSecretKey => "isp.secret_key",
            SecretName::HeaderSecretsPassKey => "header-secrets.pass_key",
            SecretName::HeaderSecretsClientSecret => "header-secrets.client_secret",
            SecretName::HeaderSecretsKey => "header-secrets.key",
            SecretName::HeaderSecretsIv => "header-secrets.iv",
            SecretName::HeaderSecretsSecret => "header-secrets.secret",
            SecretName::DciPrivateKey => "dci.private_key",
            SecretName::DciClientSecret => "dci.client_secret",
            SecretName::CspClientSecret => "csp.client_secret",
            SecretName::CspPassword => "csp.password",
            SecretName::JournalCitizenDataKey => "journal.citizen_data_key",
        }
    }

    /// The field name the peer's documents (and `/_sandbox/info`) use: `key`, `pass_key`, …
    pub fn field(self) -> &'static str {
        let full = self.as_str();
        full.split_once('.').map_or(full, |(_, field)| field)
    }

    /// The peer whose profiles hold this secret; `None` for the journal's own key.
    pub fn peer(self) -> Option<Peer> {
        Peer::ALL
            .into_iter()
            .find(|p| p.secret_names().contains(&self))
    }

    /// The peer's secret called `field` (`"key"`, `"client_secret"`), as `/_sandbox/info` names it.
    pub fn for_peer_field(peer: Peer, field: &str) -> Option<SecretName> {
        peer.secret_names()
            .iter()
            .copied()
            .find(|s| s.field() == field)
    }

    /// What a DEO reads in messages.
    fn label(self) -> &'static str {
        match self {
            SecretName::BskKey => "BSK AES key (key)",
            SecretName::BskIv => "BSK AES IV (iv)",
            SecretName::BskPasscode => "BSK passcode",
            SecretName::BskJwtSecret => "BSK JWT secret (jwt_secret)",
            SecretName::IspPassword => "ISP password",
            SecretName::IspSecretKey => "ISP secret key (secret_key)",
            SecretName::HeaderSecretsPassKey => "header-secrets pass_key",
            SecretName::HeaderSecretsClientSecret => "header-secrets client_secret",
            SecretName::HeaderSecretsKey => "header-secrets AES key (key)",
            SecretName::HeaderSecretsIv => "header-secrets AES IV (iv)",
            SecretName::HeaderSecretsSecret => "header-secrets shared secret (secret)",
            SecretName::DciPrivateKey => "DCI signing key (private_key)",
            SecretName::DciClientSecret => "DCI client_secret",
            SecretName::CspClientSecret => "CSP client_secret",
            SecretName::CspPassword => "CSP password",
            SecretName::JournalCitizenDataKey => "journal citizen-data key",
        }
    }
}

impl fmt::Display for SecretName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for SecretName {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        SecretName::ALL
            .into_iter()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| Error::InvalidName {
                what: "secret name",
                value: s.to_owned(),
                problem: "not one of Kendra's secrets (for example bsk.key or isp.secret_key)",
            })
    }
}

/// How a BSK profile secures its messages (specs errata: v4 JWT or v5 hybrid form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BskTransportKind {
    /// `{"passcode", "token"}` with an HS256 JWT.
    V4Jwt,
    /// `agId=BSK&encData=<AES-256-CBC>`.
    V5Hybrid,
}

/// The header-secrets layer's cipher profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderSecretsKeying {
    /// BSK-style raw key and IV.
    RawKeyIv,
    /// ISP-style key derived from a shared secret.
    SharedSecret,
}

/// Which OAuth grant a CSP profile signs in with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CspGrantKind {
    ClientCredentials,
    Password,
}

/// The non-secret settings of a profile that decide which secrets it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileSecrets {
    Bsk { transport: BskTransportKind },
    Isp,
    HeaderSecrets { keying: HeaderSecretsKeying },
    Dci,
    Csp { grant: CspGrantKind },
}

impl ProfileSecrets {
    pub fn peer(self) -> Peer {
        match self {
            ProfileSecrets::Bsk { .. } => Peer::Bsk,
            ProfileSecrets::Isp => Peer::Isp,
            ProfileSecrets::HeaderSecrets { .. } => Peer::HeaderSecrets,
            ProfileSecrets::Dci => Peer::Dci,
            ProfileSecrets::Csp { .. } => Peer::Csp,
        }
    }

    /// The secrets this profile cannot work without.
    pub fn required(self) -> &'static [SecretName] {
        use SecretName::*;
        match self {
            ProfileSecrets::Bsk {
                transport: BskTransportKind::V4Jwt,
            } => &[BskPasscode, BskJwtSecret],
            ProfileSecrets::Bsk {
                transport: BskTransportKind::V5Hybrid,
            } => &[BskKey, BskIv],
            ProfileSecrets::Isp => &[IspPassword, IspSecretKey],
            ProfileSecrets::HeaderSecrets {
                keying: HeaderSecretsKeying::RawKeyIv,
            } => &[
                HeaderSecretsPassKey,
                HeaderSecretsClientSecret,
                HeaderSecretsKey,
                HeaderSecretsIv,
            ],
            ProfileSecrets::HeaderSecrets {
                keying: HeaderSecretsKeying::SharedSecret,
            } => &[
                HeaderSecretsPassKey,
                HeaderSecretsClientSecret,
                HeaderSecretsSecret,
            ],
            ProfileSecrets::Dci => &[DciPrivateKey, DciClientSecret],
            ProfileSecrets::Csp {
                grant: CspGrantKind::ClientCredentials,
            } => &[CspClientSecret],
            ProfileSecrets::Csp {
                grant: CspGrantKind::Password,
            } => &[CspClientSecret, CspPassword],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_round_trip() {
        let names: HashSet<&str> = SecretName::ALL.iter().map(|n| n.as_str()).collect();
        assert_eq!(names.len(), SecretName::ALL.len());
        for name in SecretName::ALL {
            assert_eq!(name.as_str().parse::<SecretName>().unwrap(), name);
        }
        assert!(matches!(
            "bsk.password".parse::<SecretName>(),
            Err(Error::InvalidName { .. })
        ));
    }

    #[test]
    fn every_secret_but_the_journal_key_belongs_to_exactly_one_peer() {
        for name in SecretName::ALL {
            let owners = Peer::ALL
                .iter()
                .filter(|p| p.secret_names().contains(&name))
                .count();
            let expected = usize::from(name != SecretName::JournalCitizenDataKey);
            assert_eq!(owners, expected, "{name:?}");
            if let Some(peer) = name.peer() {
                assert!(name.as_str().starts_with(&format!("{}.", peer.as_str())));
            }
        }
        assert_eq!(SecretName::JournalCitizenDataKey.peer(), None);
    }

    #[test]
    fn fields_match_the_peer_documents() {
        assert_eq!(
            SecretName::for_peer_field(Peer::HeaderSecrets, "pass_key"),
            Some(SecretName::HeaderSecretsPassKey)
        );
        assert_eq!(
            SecretName::for_peer_field(Peer::Bsk, "jwt_secret"),
            Some(SecretName::BskJwtSecret)
        );
        assert_eq!(
            SecretName::for_peer_field(Peer::Dci, "private_key"),
            Some(SecretName::DciPrivateKey)
        );
        assert_eq!(SecretName::for_peer_field(Peer::Isp, "key"), None);
    }

    #[test]
    fn profiles_need_the_secrets_their_settings_use() {
        use SecretName::*;
        let bsk_v4 = ProfileSecrets::Bsk {
            transport: BskTransportKind::V4Jwt,
        };
        assert_eq!(bsk_v4.required(), &[BskPasscode, BskJwtSecret]);
        let bsk_v5 = ProfileSecrets::Bsk {
            transport: BskTransportKind::V5Hybrid,
        };
        assert_eq!(bsk_v5.required(), &[BskKey, BskIv]);
        let hs_raw = ProfileSecrets::HeaderSecrets {
            keying: HeaderSecretsKeying::RawKeyIv,
        };
        assert!(hs_raw.required().contains(&HeaderSecretsIv));
        assert!(!hs_raw.required().contains(&HeaderSecretsSecret));
        let hs_derived = ProfileSecrets::HeaderSecrets {
            keying: HeaderSecretsKeying::SharedSecret,
        };
        assert!(hs_derived.required().contains(&HeaderSecretsSecret));
        assert!(!hs_derived.required().contains(&HeaderSecretsKey));
        let csp = ProfileSecrets::Csp {
            grant: CspGrantKind::Password,
        };
        assert_eq!(csp.required(), &[CspClientSecret, CspPassword]);
        for shape in [
            bsk_v4,
            bsk_v5,
            ProfileSecrets::Isp,
            hs_raw,
            hs_derived,
            ProfileSecrets::Dci,
            csp,
        ] {
            for name in shape.required() {
                assert_eq!(name.peer(), Some(shape.peer()), "{shape:?} {name:?}");
            }
        }
    }

    #[test]
    fn peers_parse_from_the_command_line_names() {
        for peer in Peer::ALL {
            assert_eq!(peer.as_str().parse::<Peer>().unwrap(), peer);
        }
        assert!("ftp".parse::<Peer>().is_err());
    }
}
