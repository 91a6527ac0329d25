//! [`Profiles::import_sandbox`]: one profile per peer from a running sandbox's `/_sandbox/info`,
//! every secret it lists put in the store, each profile marked `sandbox: true`.

use kendra_client::{ActionTimeFormat, BskTransport, IspVariant};
use kendra_secrets::Peer;
use kendra_wire::cipher_profile::CipherScheme;
use kendra_wire::header_secrets::EpochUnit;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::peer_settings::{
    BskProfileSettings, CspGrant, CspProfileSettings, DciProfileSettings,
    HeaderSecretsProfileSettings, IspProfileSettings, PeerSettings, ProfileSettings,
};
use crate::profile_service::{Profiles, SecretInput};
use crate::profile_view::ProfileView;

/// Sandbox profiles are named `sandbox-<peer>` (`sandbox-bsk`, `sandbox-header-secrets`, …).
pub const SANDBOX_PROFILE_PREFIX: &str = "sandbox-";

/// The header-secrets client the sandbox profile uses: the raw key/IV one, whose epoch is in
/// seconds (both defaults of the layer). The sandbox's other client (`isp_style`) can be set up
/// by hand with `kendra profile set`.
const HEADER_SECRETS_CLIENT: &str = "bsk_style";

impl Profiles<'_> {
    /// Creates or replaces `sandbox-bsk`, `sandbox-isp`, `sandbox-header-secrets`, `sandbox-dci`
    /// and `sandbox-csp` from `info` (the JSON of `GET /_sandbox/info`). Refuses anything that
    /// does not say `"sandbox": true`, so a production peer is never imported as a sandbox.
    pub fn import_sandbox(&self, info: &Value) -> Result<Vec<ProfileView>> {
        if info.get("sandbox").and_then(Value::as_bool) != Some(true) {
            return Err(Error::NotSandboxInfo {
                problem: "it does not say \"sandbox\": true".into(),
            });
        }
        let plans = [
            bsk_plan(info)?,
            isp_plan(info)?,
            header_secrets_plan(info)?,
            dci_plan(info)?,
            csp_plan(info)?,
        ];
        let mut views = Vec::with_capacity(plans.len());
        for (settings, secrets) in plans {
            let name = format!("{SANDBOX_PROFILE_PREFIX}{}", settings.peer.peer().as_str());
            if let Some(existing) = self.journal().profile(&name)? {
                // A hand-made profile of another peer under this name would block the import.
                if existing.peer.as_str() != settings.peer.peer().as_str() {
                    self.delete(&name)?;
                }
            }
            views.push(self.set(&name, &settings, &secrets)?);
        }
        Ok(views)
    }
}

type Plan = (ProfileSettings, SecretInput);

fn sandbox(peer: PeerSettings) -> ProfileSettings {
    ProfileSettings {
        peer,
        sandbox: true,
    }
}

fn text(info: &Value, pointer: &str) -> Result<String> {
    info.pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::NotSandboxInfo {
            problem: format!("it has no text at {pointer}"),
        })
}

/// Every secret of `peer` found under `section`, by the field names the info document uses.
fn secrets_at(info: &Value, peer: Peer, section: &str) -> Result<SecretInput> {
    let object = info
        .pointer(section)
        .and_then(Value::as_object)
        .ok_or_else(|| Error::NotSandboxInfo {
            problem: format!("it has no object at {section}"),
        })?;
    let mut secrets = SecretInput::new();
    for &name in peer.secret_names() {
        if let Some(value) = object.get(name.field()).and_then(Value::as_str) {
            if !value.is_empty() {
                secrets = secrets.with(name, value);
            }
        }
    }
    Ok(secrets)
}

fn bsk_plan(info: &Value) -> Result<Plan> {
    let base_url = text(info, "/bsk/base_url")?;
    let api2_url = text(info, "/bsk/paths/api_2/url")?;
    let settings = PeerSettings::Bsk(BskProfileSettings {
        base_url,
        api2_url: Some(api2_url),
        transport: BskTransport::V5Form,
        ids_as_text: false,
        api_paths: Default::default(),
    });
    Ok((sandbox(settings), secrets_at(info, Peer::Bsk, "/bsk")?))
}

fn isp_plan(info: &Value) -> Result<Plan> {
    let variant = match info.pointer("/isp/cipher/variant").and_then(Value::as_str) {
        Some(name) => IspVariant::ALL
            .into_iter()
            .find(|v| v.name() == name)
            .ok_or_else(|| Error::NotSandboxInfo {
                problem: format!("its ISP cipher variant {name:?} is unknown"),
            })?,
        None => IspVariant::Canonical,
    };
    let settings = PeerSettings::Isp(IspProfileSettings {
        base_url: text(info, "/isp/base_url")?,
        dept_id: text(info, "/isp/dept_id")?,
        action_time_format: ActionTimeFormat::AsPrinted,
        cipher_variant: variant,
    });
    Ok((sandbox(settings), secrets_at(info, Peer::Isp, "/isp")?))
}

fn header_secrets_plan(info: &Value) -> Result<Plan> {
    let client = format!("/header_secrets/clients/{HEADER_SECRETS_CLIENT}");
    let cipher = info
        .pointer(&format!("{client}/cipher_profile"))
        .cloned()
        .map(serde_json::from_value::<CipherScheme>)
        .transpose()
        .map_err(|e| Error::NotSandboxInfo {
            problem: format!("its header-secrets cipher profile is not one Kendra knows: {e}"),
        })?
        .unwrap_or(CipherScheme::Bsk);
    let epoch_unit = info
        .pointer(&format!("{client}/epoch_unit"))
        .cloned()
        .map(serde_json::from_value::<EpochUnit>)
        .transpose()
        .map_err(|e| Error::NotSandboxInfo {
            problem: format!("its header-secrets epoch unit is not one Kendra knows: {e}"),
        })?
        .unwrap_or_default();
    let settings = PeerSettings::HeaderSecrets(HeaderSecretsProfileSettings {
        base_url: text(info, "/header_secrets/base_url")?,
        client_id: text(info, &format!("{client}/client_id"))?,
        cipher,
        epoch_unit,
    });
    Ok((
        sandbox(settings),
        secrets_at(info, Peer::HeaderSecrets, &client)?,
    ))
}

fn dci_plan(info: &Value) -> Result<Plan> {
    let settings = PeerSettings::Dci(DciProfileSettings {
        base_url: text(info, "/dci/base_url")?,
        client_id: text(info, "/dci/client_id")?,
        sender_id: text(info, "/dci/sender_id")?,
        key_id: text(info, "/dci/key_id")?,
        registry_key_id: Some(text(info, "/dci/registry_key_id")?),
        registry_public_key: Some(text(info, "/dci/registry_public_key")?),
    });
    Ok((sandbox(settings), secrets_at(info, Peer::Dci, "/dci")?))
}

fn csp_plan(info: &Value) -> Result<Plan> {
    let settings = PeerSettings::Csp(CspProfileSettings {
        base_url: text(info, "/csp/base_url")?,
        client_id: text(info, "/csp/client_id")?,
        username: Some(text(info, "/csp/username")?),
        profile_id: Some(text(info, "/csp/profile_id")?),
        grant: CspGrant::Password,
    });
    Ok((sandbox(settings), secrets_at(info, Peer::Csp, "/csp")?))
}

/// Every secret value an info document holds for the profiles above (for leak scans in tests).
#[cfg(test)]
pub(crate) fn imported_secret_values(info: &Value) -> Vec<(kendra_secrets::SecretName, String)> {
    let mut out = Vec::new();
    for (peer, section) in [
        (Peer::Bsk, "/bsk".to_owned()),
        (Peer::Isp, "/isp".to_owned()),
        (
            Peer::HeaderSecrets,
            format!("/header_secrets/clients/{HEADER_SECRETS_CLIENT}"),
        ),
        (Peer::Dci, "/dci".to_owned()),
        (Peer::Csp, "/csp".to_owned()),
    ] {
        for &name in peer.secret_names() {
            if let Some(v) = info.pointer(&format!("{section}/{}", name.field())) {
                if let Some(s) = v.as_str() {
                    out.push((name, s.to_owned()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixture::{contains, sandbox, Fixture};
    use kendra_secrets::{ExposeSecret, SecretStore};
    use serde_json::json;

    const NAMES: [&str; 5] = [
        "sandbox-bsk",
        "sandbox-isp",
        "sandbox-header-secrets",
        "sandbox-dci",
        "sandbox-csp",
    ];

    #[tokio::test]
    async fn import_creates_one_complete_sandbox_profile_per_peer() {
        let (_sandbox, info) = sandbox().await;
        let f = Fixture::new();
        let profiles = f.profiles();
        let views = profiles.import_sandbox(&info).unwrap();
        let names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, NAMES);
        for view in &views {
            assert!(view.sandbox, "{}", view.name);
            assert_eq!(view.settings["sandbox"], json!(true));
            assert!(
                view.is_complete(),
                "{} misses {:?}",
                view.name,
                view.missing()
            );
            assert_eq!(view.settings["base_url"], info["base_url"], "{}", view.name);
        }
        assert_eq!(
            profiles.settings("sandbox-bsk").unwrap().peer,
            PeerSettings::Bsk(BskProfileSettings {
                base_url: info["base_url"].as_str().unwrap().to_owned(),
                api2_url: Some(format!(
                    "{}/bsk/portal/api-2/submission",
                    info["base_url"].as_str().unwrap()
                )),
                transport: BskTransport::V5Form,
                ids_as_text: false,
                api_paths: Default::default(),
            })
        );

        // Every secret the info lists is in the store, and nowhere in the journal or the views.
        let secrets = imported_secret_values(&info);
        assert_eq!(secrets.len(), 4 + 2 + 4 + 2 + 2, "{secrets:?}");
        let shown = serde_json::to_string(&profiles.list().unwrap()).unwrap();
        let journal = f.journal_bytes();
        for (name, value) in &secrets {
            let profile = format!("sandbox-{}", name.peer().unwrap().as_str());
            assert_eq!(
                f.store.get(&profile, *name).unwrap().expose_secret(),
                value,
                "{name:?}"
            );
            assert!(!shown.contains(value.as_str()), "{name:?} shown");
            assert!(!contains(&journal, value), "{name:?} in the journal");
        }
        assert_eq!(f.store.len(), secrets.len());

        // Importing again replaces, it does not duplicate.
        profiles.import_sandbox(&info).unwrap();
        assert_eq!(profiles.list().unwrap().len(), 5);
        assert_eq!(f.store.len(), secrets.len());
    }

    #[test]
    fn only_a_sandbox_is_imported_as_a_sandbox() {
        let f = Fixture::new();
        let profiles = f.profiles();
        for info in [
            json!({"sandbox": false, "production": true}),
            json!({"bsk": {}}),
            json!([1, 2]),
        ] {
            assert!(matches!(
                profiles.import_sandbox(&info),
                Err(Error::NotSandboxInfo { .. })
            ));
        }
        let err = profiles
            .import_sandbox(&json!({"sandbox": true, "bsk": {"base_url": "http://h"}}))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "this is not a Kendra sandbox's /_sandbox/info: it has no text at /bsk/paths/api_2/url"
        );
        assert!(profiles.list().unwrap().is_empty());
        assert!(f.store.is_empty());
    }
}
