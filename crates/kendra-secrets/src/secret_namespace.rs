//! Keyring entries are namespaced by application identifier and profile: the entry's service is
//! `"<app id>/<profile>"` and its user is the secret's name. Development builds use their own app
//! id, so they never read or overwrite a release build's secrets.

use std::fmt;

use crate::error::{Error, Result};

const MAX_PROFILE_CHARS: usize = 128;

/// The application identifier secrets are filed under (`in.kendra.desk`, `in.kendra.desk.dev`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AppId(String);

impl AppId {
    /// A reverse-DNS style identifier: ASCII letters, digits, `.`, `-`, `_`; no `/`, which
    /// separates it from the profile in the entry's service.
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        let problem = if id.is_empty() {
            Some("it is empty")
        } else if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            Some("use only ASCII letters, digits, '.', '-' and '_'")
        } else {
            None
        };
        match problem {
            Some(problem) => Err(Error::InvalidName {
                what: "application identifier",
                value: id,
                problem,
            }),
            None => Ok(AppId(id)),
        }
    }

    /// `base` for release builds, `base.dev` for debug builds, so the two never share entries.
    pub fn for_this_build(base: &str) -> Result<Self> {
        if cfg!(debug_assertions) {
            AppId::new(format!("{base}.dev"))
        } else {
            AppId::new(base)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The keyring service for one profile's secrets.
    pub(crate) fn service_for(&self, profile: &str) -> Result<String> {
        check_profile_name(profile)?;
        Ok(format!("{}/{profile}", self.0))
    }
}

impl fmt::Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A profile name the keyring can file secrets under: not empty, no control characters, at most
/// 128 characters. Any script is fine (`বাংলা-প্রোফাইল`).
pub fn check_profile_name(profile: &str) -> Result<()> {
    let problem = if profile.trim().is_empty() {
        Some("it is empty")
    } else if profile.trim() != profile {
        Some("it starts or ends with a space")
    } else if profile.chars().any(char::is_control) {
        Some("it contains a control character")
    } else if profile.chars().count() > MAX_PROFILE_CHARS {
        Some("it is longer than 128 characters")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::InvalidName {
            what: "profile name",
            value: profile.escape_debug().to_string(),
            problem,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_joins_app_id_and_profile() {
        let app = AppId::new("in.kendra.desk").unwrap();
        assert_eq!(
            app.service_for("bsk-live").unwrap(),
            "in.kendra.desk/bsk-live"
        );
        assert_eq!(
            app.service_for("বাংলা প্রোফাইল").unwrap(),
            "in.kendra.desk/বাংলা প্রোফাইল"
        );
    }

    #[test]
    fn app_ids_cannot_contain_the_separator() {
        // Otherwise "a/b" + "c" and "a" + "b/c" would share an entry.
        assert!(matches!(
            AppId::new("in.kendra/desk"),
            Err(Error::InvalidName { .. })
        ));
        assert!(AppId::new("").is_err());
        assert!(AppId::new("in kendra").is_err());
    }

    #[test]
    fn this_build_gets_its_own_app_id() {
        let app = AppId::for_this_build("in.kendra.desk").unwrap();
        if cfg!(debug_assertions) {
            assert_eq!(app.as_str(), "in.kendra.desk.dev");
        } else {
            assert_eq!(app.as_str(), "in.kendra.desk");
        }
    }

    #[test]
    fn bad_profile_names_are_refused() {
        for bad in ["", "  ", " x", "x ", "a\nb", &"p".repeat(129)] {
            assert!(
                matches!(check_profile_name(bad), Err(Error::InvalidName { .. })),
                "{bad:?}"
            );
        }
        assert!(check_profile_name(&"प".repeat(128)).is_ok());
    }
}
