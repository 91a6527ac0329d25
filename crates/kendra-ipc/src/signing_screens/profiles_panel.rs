//! Settings' profiles panel: every integration profile per peer, a form to create or edit one
//! (non-secret settings as fields; secrets entered once, stored in the OS keyring and shown
//! afterwards only as masks such as `••••3f9a`), and delete.
//!
//! The form's fields are declared here, per peer, so the UI draws them without knowing the
//! peers' settings. An edit merges the form into the stored settings, so settings the form does
//! not show (BSK `api_paths`…) are kept.

use kendra_profiles::{Peer, ProfileSettings, ProfileView, SecretInput, SecretState};
use kendra_secrets::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::error::Error;
use crate::ist_time;
use crate::{Desk, IpcError, PeerId};

/// How a setting is entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SettingKind {
    Text,
    /// An http(s) URL.
    Url,
    /// One of `options`.
    Choice {
        options: Vec<String>,
    },
    /// `true` or `false`.
    Flag,
}

/// One non-secret setting of a peer's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingField {
    /// The settings key (`base_url`), also the UI's string id suffix.
    pub key: String,
    #[serde(flatten)]
    pub kind: SettingKind,
    pub required: bool,
    /// What a new profile starts with (`""` for nothing).
    pub default: String,
}

/// One secret a peer's profile may hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretField {
    /// The field name (`client_secret`), as `profiles_save` takes it.
    pub field: String,
    /// The keyring entry's name (`csp.client_secret`).
    pub name: String,
}

/// The form of one peer's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeerForm {
    pub peer: PeerId,
    pub settings: Vec<SettingField>,
    pub secrets: Vec<SecretField>,
}

/// A setting's value as the form shows it (text; `true`/`false` for flags).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingValue {
    pub key: String,
    pub value: String,
}

/// A stored secret as the UI sees it: a mask, or missing. Never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretRow {
    pub field: String,
    pub name: String,
    pub required: bool,
    /// `••••3f9a`, or `null` when not stored.
    pub mask: Option<String>,
}

/// One profile in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProfileRow {
    pub name: String,
    pub peer: PeerId,
    /// Points at the built-in sandbox: never production.
    pub sandbox: bool,
    pub base_url: String,
    pub settings: Vec<SettingValue>,
    pub secrets: Vec<SecretRow>,
    /// Every required secret is stored.
    pub complete: bool,
    /// ISO 8601, IST.
    pub updated_at: String,
}

/// Answer of `settings_profiles`: the profiles, and the form of each peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProfilesPanel {
    pub profiles: Vec<ProfileRow>,
    pub forms: Vec<PeerForm>,
}

/// A secret typed into the form: sent once, stored in the keyring, never sent back.
#[derive(Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretEntry {
    pub field: String,
    pub value: String,
}

impl std::fmt::Debug for SecretEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretEntry")
            .field("field", &self.field)
            .field("value", &"••••")
            .finish()
    }
}

/// Request of `settings_profile_save`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProfileSave {
    pub name: String,
    pub peer: PeerId,
    pub settings: Vec<SettingValue>,
    /// Only the secrets typed now; the others stay as stored. Empty values are ignored.
    pub secrets: Vec<SecretEntry>,
}

const CIPHER_CHOICES: [&str; 5] = [
    "bsk",
    "isp:canonical",
    "isp:salt17",
    "isp:ascii-iv",
    "isp:php-sample",
];

fn field(key: &str, kind: SettingKind, required: bool, default: &str) -> SettingField {
    SettingField {
        key: key.to_owned(),
        kind,
        required,
        default: default.to_owned(),
    }
}

fn choice(options: &[&str]) -> SettingKind {
    SettingKind::Choice {
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    }
}

fn core_peer(peer: PeerId) -> Peer {
    match peer {
        PeerId::Bsk => Peer::Bsk,
        PeerId::Isp => Peer::Isp,
        PeerId::HeaderSecrets => Peer::HeaderSecrets,
        PeerId::Dci => Peer::Dci,
        PeerId::Csp => Peer::Csp,
    }
}

fn ui_peer(peer: Peer) -> PeerId {
    match peer {
        Peer::Bsk => PeerId::Bsk,
        Peer::Isp => PeerId::Isp,
        Peer::HeaderSecrets => PeerId::HeaderSecrets,
        Peer::Dci => PeerId::Dci,
        Peer::Csp => PeerId::Csp,
    }
}

/// The form of `peer`'s profile.
pub fn peer_form(peer: PeerId) -> PeerForm {
    use SettingKind::{Flag, Text, Url};
    let settings = match peer {
        PeerId::Bsk => vec![
            field("base_url", Url, true, "https://"),
            field("api2_url", Url, false, ""),
            field("transport", choice(&["v5_form", "v4_jwt"]), true, "v5_form"),
            field("ids_as_text", Flag, false, "false"),
        ],
        PeerId::Isp => vec![
            field("base_url", Url, true, "https://"),
            field("dept_id", Text, true, ""),
            field(
                "action_time_format",
                choice(&["as_printed", "spaced"]),
                true,
                "as_printed",
            ),
            field(
                "cipher_variant",
                choice(&["canonical", "salt17", "ascii-iv", "php-sample"]),
                true,
                "canonical",
            ),
        ],
        PeerId::HeaderSecrets => vec![
            field("base_url", Url, true, "https://"),
            field("client_id", Text, true, ""),
            field("cipher", choice(&CIPHER_CHOICES), true, "bsk"),
            field(
                "epoch_unit",
                choice(&["seconds", "milliseconds"]),
                true,
                "seconds",
            ),
        ],
        PeerId::Dci => vec![
            field("base_url", Url, true, "https://"),
            field("client_id", Text, true, ""),
            field("sender_id", Text, true, ""),
            field("key_id", Text, true, ""),
            field("registry_key_id", Text, false, ""),
            field("registry_public_key", Text, false, ""),
        ],
        PeerId::Csp => vec![
            field("base_url", Url, true, "https://"),
            field("client_id", Text, true, ""),
            field(
                "grant",
                choice(&["password", "client_credentials"]),
                true,
                "password",
            ),
            field("username", Text, false, ""),
            field("profile_id", Text, false, ""),
        ],
    };
    let secrets = core_peer(peer)
        .secret_names()
        .iter()
        .map(|n| SecretField {
            field: n.field().to_owned(),
            name: n.as_str().to_owned(),
        })
        .collect();
    PeerForm {
        peer,
        settings,
        secrets,
    }
}

/// The form's text of one stored setting.
fn shown_value(key: &str, value: Option<&Value>) -> String {
    match (key, value) {
        ("cipher", Some(Value::Object(o))) => {
            match (
                o.get("scheme").and_then(Value::as_str),
                o.get("variant").and_then(Value::as_str),
            ) {
                (Some("isp"), Some(variant)) => format!("isp:{variant}"),
                (Some(scheme), _) => scheme.to_owned(),
                _ => String::new(),
            }
        }
        (_, Some(Value::String(s))) => s.clone(),
        (_, Some(Value::Bool(b))) => b.to_string(),
        (_, Some(Value::Number(n))) => n.to_string(),
        _ => String::new(),
    }
}

fn row(view: ProfileView) -> Option<ProfileRow> {
    let peer = ui_peer(view.peer()?);
    let form = peer_form(peer);
    let settings = form
        .settings
        .iter()
        .map(|f| SettingValue {
            key: f.key.clone(),
            value: shown_value(&f.key, view.settings.get(&f.key)),
        })
        .collect();
    let complete = view.is_complete();
    let secrets = view
        .secrets
        .iter()
        .map(|s| SecretRow {
            field: s.field.to_owned(),
            name: s.name.to_owned(),
            required: s.required,
            mask: match &s.state {
                SecretState::Set { mask } => Some(mask.clone()),
                SecretState::Missing => None,
            },
        })
        .collect();
    Some(ProfileRow {
        base_url: shown_value("base_url", view.settings.get("base_url")),
        name: view.name,
        peer,
        sandbox: view.sandbox,
        settings,
        secrets,
        complete,
        updated_at: ist_time::iso(view.updated_ms),
    })
}

/// Handler of `settings_profiles`.
pub fn settings_profiles(desk: &Desk) -> Result<ProfilesPanel, IpcError> {
    let profiles = desk
        .profiles()
        .list()
        .map_err(Error::from)?
        .into_iter()
        .filter_map(row)
        .collect();
    Ok(ProfilesPanel {
        profiles,
        forms: PeerId::ALL.iter().map(|p| peer_form(*p)).collect(),
    })
}

fn invalid(field: &str, problem: String) -> IpcError {
    IpcError::from(kendra_workflows::Error::input(field, problem))
}

/// The settings JSON for `save`: the stored settings (if any) with the form's fields over them.
fn merged_settings(stored: Option<Value>, save: &ProfileSave) -> Result<Value, IpcError> {
    let form = peer_form(save.peer);
    let mut map = match stored {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for given in &save.settings {
        let Some(spec) = form.settings.iter().find(|f| f.key == given.key) else {
            return Err(invalid(
                &format!("setting \"{}\"", given.key),
                format!("a {} profile has no such setting", core_peer(save.peer)),
            ));
        };
        let text = given.value.trim();
        if text.is_empty() {
            if spec.required {
                return Err(invalid(
                    &format!("setting \"{}\"", given.key),
                    "it is empty".to_owned(),
                ));
            }
            map.remove(&spec.key);
            continue;
        }
        let value = match &spec.kind {
            SettingKind::Flag => Value::Bool(text == "true"),
            SettingKind::Choice { options } if !options.iter().any(|o| o == text) => {
                return Err(invalid(
                    &format!("setting \"{}\"", given.key),
                    format!("\"{text}\" is not one of {}", options.join(", ")),
                ))
            }
            SettingKind::Choice { .. } if spec.key == "cipher" => match text.split_once(':') {
                Some((scheme, variant)) => {
                    serde_json::json!({ "scheme": scheme, "variant": variant })
                }
                None => serde_json::json!({ "scheme": text }),
            },
            _ => Value::String(text.to_owned()),
        };
        map.insert(spec.key.clone(), value);
    }
    Ok(Value::Object(map))
}

/// Handler of `settings_profile_save`: creates or changes a profile; the secrets typed go to the
/// keyring. Answers the profile as stored, secrets masked.
pub fn settings_profile_save(desk: &Desk, save: ProfileSave) -> Result<ProfileRow, IpcError> {
    let name = save.name.trim().to_owned();
    let peer = core_peer(save.peer);
    let profiles = desk.profiles();
    let stored = match profiles.show(&name) {
        Ok(view) => {
            if view.peer() != Some(peer) {
                return Err(invalid(
                    &format!("profile \"{name}\""),
                    format!(
                        "it is a {} profile; delete it first to make it a {peer} profile",
                        view.peer
                    ),
                ));
            }
            Some(view.settings)
        }
        Err(kendra_profiles::Error::NotFound { .. }) => None,
        Err(e) => return Err(Error::from(e).into()),
    };
    let json = merged_settings(stored, &save)?;
    let settings = ProfileSettings::from_json(&name, peer, &json).map_err(Error::from)?;
    let mut secrets = SecretInput::new();
    for entry in &save.secrets {
        if entry.value.is_empty() {
            continue;
        }
        let secret = SecretInput::name_for(peer, &entry.field).map_err(Error::from)?;
        secrets.add(secret, SecretString::from(entry.value.clone()));
    }
    let view = profiles
        .set(&name, &settings, &secrets)
        .map_err(Error::from)?;
    row(view).ok_or_else(|| invalid("profile", "its peer is unknown".to_owned()))
}

/// Handler of `settings_profile_delete`: the profile and its keyring entries; answers how many
/// secrets were removed.
pub fn settings_profile_delete(desk: &Desk, name: &str) -> Result<u32, IpcError> {
    let removed = desk.profiles().delete(name.trim()).map_err(Error::from)?;
    Ok(u32::try_from(removed).unwrap_or(u32::MAX))
}
