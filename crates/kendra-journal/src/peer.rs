//! The five peers Kendra talks to, as stored in the journal.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Peer {
    Bsk,
    Isp,
    HeaderSecrets,
    Dci,
    Csp,
}

impl Peer {
    pub fn as_str(self) -> &'static str {
        match self {
            Peer::Bsk => "bsk",
            Peer::Isp => "isp",
            Peer::HeaderSecrets => "header-secrets",
            Peer::Dci => "dci",
            Peer::Csp => "csp",
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
        Ok(match s {
            "bsk" => Peer::Bsk,
            "isp" => Peer::Isp,
            "header-secrets" => Peer::HeaderSecrets,
            "dci" => Peer::Dci,
            "csp" => Peer::Csp,
            other => {
                return Err(Error::InvalidField {
                    field: "peer".into(),
                    problem: format!("{other:?} is not one of bsk, isp, header-secrets, dci, csp"),
                })
            }
        })
    }
}

/// Digits-only identifiers (ticket numbers, user ids) are kept as strings, never numbers.
pub(crate) fn require_digits(field: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::NotDigits {
            field,
            value: value.to_owned(),
        });
    }
    Ok(())
}
