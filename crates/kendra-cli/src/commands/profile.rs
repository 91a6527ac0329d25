//! `kendra profile set|show|list|delete|import-sandbox`: integration profiles of the data folder.
//! Settings are options; secrets come from stdin as `name=value` lines, or a prompt without echo
//! when stdin is a terminal. Nothing here ever prints a secret: `show` prints masks.

use std::io::{IsTerminal, Read};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use kendra_journal::{Actor, Journal};
use kendra_profiles::{
    BskProfileSettings, CspGrant, CspProfileSettings, DciProfileSettings,
    HeaderSecretsProfileSettings, IspProfileSettings, Peer, PeerSettings, ProfileSettings,
    ProfileView, Profiles, SecretInput,
};
use kendra_profiles::{CipherScheme, EpochUnit, IspVariant};
use kendra_secrets::{KeyringStore, SecretString};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::io_text::write_stdout;

/// The journal and keyring of one data folder; other commands build their clients from it.
pub struct ProfileContext {
    journal: Journal,
    store: KeyringStore,
    citizen_key: Option<kendra_journal::CitizenKey>,
    data_dir: std::path::PathBuf,
}

impl ProfileContext {
    /// The journal with the citizen key from the keyring when the keyring answers (citizen data
    /// and exchange bodies are sealed with it; without it none are kept), and citizen data older
    /// than the retention setting purged.
    pub fn open(data: &DataDir) -> Result<Self> {
        let store = KeyringStore::new(data.keyring_app_id()?);
        let mut journal = Journal::open(data.path())?;
        let citizen_key = kendra_profiles::citizen_key(&store).ok();
        if let Some(key) = &citizen_key {
            journal = journal.with_citizen_key(key);
            journal.purge_expired(&Actor::Cli)?;
        }
        Ok(Self {
            journal,
            store,
            citizen_key,
            data_dir: data.path().to_owned(),
        })
    }

    /// A second handle on the same journal, with the same citizen key (for the delivery worker).
    pub fn reopen_journal(&self) -> Result<Journal> {
        let journal = Journal::open(&self.data_dir)?;
        Ok(match &self.citizen_key {
            Some(key) => journal.with_citizen_key(key),
            None => journal,
        })
    }

    pub fn profiles(&self) -> Profiles<'_> {
        Profiles::new(&self.journal, &self.store, Actor::Cli)
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Create or change a profile: settings as options, secrets as `name=value` lines on stdin.
    Set(Box<SetArgs>),
    /// A profile's settings, and each secret as its mask or "missing" (never the secret).
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Every profile of the data folder.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Delete a profile and its secrets from the keyring.
    Delete { name: String },
    /// Create `sandbox-<peer>` profiles for every peer of a running sandbox.
    ImportSandbox {
        /// The sandbox's base URL (what `kendra sandbox` prints).
        url: String,
    },
}

#[derive(Debug, Args)]
pub struct SetArgs {
    name: String,
    #[arg(long, value_enum)]
    peer: PeerArg,
    /// Every peer: scheme, host and port.
    #[arg(long)]
    base_url: Option<String>,
    /// bsk: the full API-2 URL.
    #[arg(long)]
    api2_url: Option<String>,
    /// bsk: v4 (passcode + JWT; needs passcode, jwt_secret) or v5 (form; needs key, iv).
    #[arg(long, value_enum)]
    transport: Option<TransportArg>,
    /// bsk: send userid and ticketNo as JSON strings.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    ids_as_text: Option<bool>,
    /// bsk: where an API lives, as `api1|api3|api4|api5a|api5b|api6=PATH-OR-URL` (repeatable;
    /// the others keep their current or default path).
    #[arg(long = "api-path", value_name = "API=PATH")]
    api_paths: Vec<String>,
    /// isp: the department id.
    #[arg(long)]
    dept_id: Option<String>,
    /// isp: how action_taken_time is written.
    #[arg(long, value_enum)]
    action_time_format: Option<TimeFormatArg>,
    /// isp, header-secrets with --cipher isp: the PBKDF2 interop variant (default canonical).
    #[arg(long, value_enum)]
    variant: Option<VariantArg>,
    /// header-secrets, dci, csp: the client id.
    #[arg(long)]
    client_id: Option<String>,
    /// header-secrets: bsk (raw key, iv) or isp (derived from secret).
    #[arg(long, value_enum)]
    cipher: Option<CipherArg>,
    /// header-secrets: the epoch's unit (default seconds).
    #[arg(long, value_enum)]
    epoch_unit: Option<EpochArg>,
    /// dci: the sender id.
    #[arg(long)]
    sender_id: Option<String>,
    /// dci: the signing key id (`sender|key|ed25519`).
    #[arg(long)]
    key_id: Option<String>,
    /// dci: the registry's signing key id (`registry_id|key|ed25519`).
    #[arg(long)]
    registry_key_id: Option<String>,
    /// dci: the registry's ed25519 public key (base64), that every answer is verified with.
    #[arg(long)]
    registry_public_key: Option<String>,
    /// csp: the signing user.
    #[arg(long)]
    username: Option<String>,
    /// csp: the signing profile id.
    #[arg(long)]
    profile_id: Option<String>,
    /// csp: the OAuth grant (client-credentials needs client_secret; password also password).
    #[arg(long, value_enum)]
    grant: Option<GrantArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PeerArg {
    Bsk,
    Isp,
    HeaderSecrets,
    Dci,
    Csp,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TransportArg {
    V4,
    V5,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TimeFormatArg {
    AsPrinted,
    Spaced,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum VariantArg {
    Canonical,
    Salt17,
    AsciiIv,
    PhpSample,
}

impl From<VariantArg> for IspVariant {
    fn from(v: VariantArg) -> Self {
        match v {
            VariantArg::Canonical => IspVariant::Canonical,
            VariantArg::Salt17 => IspVariant::Salt17,
            VariantArg::AsciiIv => IspVariant::AsciiIv,
            VariantArg::PhpSample => IspVariant::PhpSample,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CipherArg {
    Bsk,
    Isp,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EpochArg {
    Seconds,
    Milliseconds,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GrantArg {
    ClientCredentials,
    Password,
}

impl From<PeerArg> for Peer {
    fn from(p: PeerArg) -> Self {
        match p {
            PeerArg::Bsk => Peer::Bsk,
            PeerArg::Isp => Peer::Isp,
            PeerArg::HeaderSecrets => Peer::HeaderSecrets,
            PeerArg::Dci => Peer::Dci,
            PeerArg::Csp => Peer::Csp,
        }
    }
}

pub fn run(command: ProfileCommand, data: &DataDir) -> Result<()> {
    let context = ProfileContext::open(data)?;
    let profiles = context.profiles();
    match command {
        ProfileCommand::Set(args) => {
            let peer = Peer::from(args.peer);
            let existing = match profiles.settings(&args.name) {
                Ok(s) if s.peer.peer() == peer => Some(s),
                Ok(_) | Err(kendra_profiles::Error::NotFound { .. }) => None,
                Err(e) => return Err(e.into()),
            };
            let settings = merged_settings(&args, peer, existing)?;
            let secrets = read_secrets(&args.name, &settings)?;
            let view = profiles.set(&args.name, &settings, &secrets)?;
            write_stdout(render_view(&view).as_bytes())?;
            if !view.is_complete() {
                eprintln!(
                    "kendra: profile \"{}\" still needs {}: give them as name=value lines on stdin",
                    view.name,
                    view.missing().join(", ")
                );
            }
            Ok(())
        }
        ProfileCommand::Show { name, json } => {
            let view = profiles.show(&name)?;
            if json {
                write_json(serde_json::to_value(&view))
            } else {
                write_stdout(render_view(&view).as_bytes())
            }
        }
        ProfileCommand::List { json } => {
            let views = profiles.list()?;
            if json {
                return write_json(serde_json::to_value(&views));
            }
            let mut out = String::new();
            for v in &views {
                let missing = v.missing();
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    v.name,
                    v.peer,
                    if v.sandbox { "sandbox" } else { "-" },
                    v.settings["base_url"].as_str().unwrap_or("-"),
                    if missing.is_empty() {
                        "secrets complete".to_owned()
                    } else {
                        format!("missing {}", missing.join(", "))
                    }
                ));
            }
            write_stdout(out.as_bytes())
        }
        ProfileCommand::Delete { name } => {
            let removed = profiles.delete(&name)?;
            write_stdout(
                format!("deleted profile \"{name}\" and {removed} secret(s) from the keyring\n")
                    .as_bytes(),
            )
        }
        ProfileCommand::ImportSandbox { url } => {
            let info = fetch_sandbox_info(&url)?;
            let views = profiles.import_sandbox(&info)?;
            let mut out = String::new();
            for v in &views {
                out.push_str(&format!(
                    "{}\t{}\t{}\n",
                    v.name,
                    v.peer,
                    v.settings["base_url"].as_str().unwrap_or("-")
                ));
            }
            write_stdout(out.as_bytes())
        }
    }
}

fn write_json(value: serde_json::Result<Value>) -> Result<()> {
    let text = value
        .and_then(|v| serde_json::to_string_pretty(&v))
        .map_err(|e| CliError::WriteStdout {
            detail: e.to_string(),
        })?;
    write_stdout(format!("{text}\n").as_bytes())
}

fn render_view(view: &ProfileView) -> String {
    let mut out = format!(
        "profile   {}\npeer      {}{}\nsettings\n",
        view.name,
        view.peer,
        if view.sandbox {
            "  (SANDBOX: not production)"
        } else {
            ""
        }
    );
    if let Value::Object(map) = &view.settings {
        for (key, value) in map {
            if key == "sandbox" {
                continue;
            }
            let shown = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push_str(&format!("  {key:<20} {shown}\n"));
        }
    }
    out.push_str("secrets\n");
    for s in &view.secrets {
        out.push_str(&format!(
            "  {:<30} {}{}\n",
            s.name,
            s.shown(),
            if s.required { "" } else { "  (optional)" }
        ));
    }
    out
}

/// The options given, over the profile's current settings (same peer) or the defaults.
fn merged_settings(
    args: &SetArgs,
    peer: Peer,
    existing: Option<ProfileSettings>,
) -> Result<ProfileSettings> {
    let sandbox = existing.as_ref().is_some_and(|s| s.sandbox);
    let current = existing.map(|s| s.peer);
    let wrong = |option: &'static str| CliError::BadOption {
        option,
        problem: format!("not a setting of a {peer} profile"),
    };
    let needed = |option: &'static str| CliError::BadOption {
        option,
        problem: format!("a new {peer} profile needs it"),
    };
    let given: [(&'static str, bool, &[Peer]); 16] = [
        ("--api2-url", args.api2_url.is_some(), &[Peer::Bsk]),
        ("--transport", args.transport.is_some(), &[Peer::Bsk]),
        ("--ids-as-text", args.ids_as_text.is_some(), &[Peer::Bsk]),
        ("--api-path", !args.api_paths.is_empty(), &[Peer::Bsk]),
        ("--dept-id", args.dept_id.is_some(), &[Peer::Isp]),
        (
            "--action-time-format",
            args.action_time_format.is_some(),
            &[Peer::Isp],
        ),
        (
            "--variant",
            args.variant.is_some(),
            &[Peer::Isp, Peer::HeaderSecrets],
        ),
        (
            "--client-id",
            args.client_id.is_some(),
            &[Peer::HeaderSecrets, Peer::Dci, Peer::Csp],
        ),
        ("--cipher", args.cipher.is_some(), &[Peer::HeaderSecrets]),
        (
            "--epoch-unit",
            args.epoch_unit.is_some(),
            &[Peer::HeaderSecrets],
        ),
        ("--sender-id", args.sender_id.is_some(), &[Peer::Dci]),
        ("--key-id", args.key_id.is_some(), &[Peer::Dci]),
        ("--username", args.username.is_some(), &[Peer::Csp]),
        ("--profile-id", args.profile_id.is_some(), &[Peer::Csp]),
        ("--grant", args.grant.is_some(), &[Peer::Csp]),
        ("--base-url", args.base_url.is_some(), &Peer::ALL),
    ];
    if let Some((option, _, _)) = given
        .iter()
        .find(|(_, is_given, peers)| *is_given && !peers.contains(&peer))
    {
        return Err(wrong(option));
    }
    let pick = |option: &'static str, given: &Option<String>, current: Option<&String>| {
        given
            .clone()
            .or_else(|| current.cloned())
            .ok_or_else(|| needed(option))
    };
    let settings = match peer {
        Peer::Bsk => {
            let cur = match &current {
                Some(PeerSettings::Bsk(s)) => Some(s),
                _ => None,
            };
            PeerSettings::Bsk(BskProfileSettings {
                base_url: pick("--base-url", &args.base_url, cur.map(|c| &c.base_url))?,
                api2_url: args
                    .api2_url
                    .clone()
                    .or_else(|| cur.and_then(|c| c.api2_url.clone())),
                transport: match (args.transport, cur) {
                    (Some(TransportArg::V4), _) => kendra_profiles::BskTransport::V4Jwt,
                    (Some(TransportArg::V5), _) => kendra_profiles::BskTransport::V5Form,
                    (None, Some(c)) => c.transport,
                    (None, None) => return Err(needed("--transport")),
                },
                ids_as_text: args
                    .ids_as_text
                    .or(cur.map(|c| c.ids_as_text))
                    .unwrap_or(false),
                api_paths: api_paths(
                    &args.api_paths,
                    cur.map(|c| c.api_paths.clone()).unwrap_or_default(),
                )?,
            })
        }
        Peer::Isp => {
            let cur = match &current {
                Some(PeerSettings::Isp(s)) => Some(s),
                _ => None,
            };
            PeerSettings::Isp(IspProfileSettings {
                base_url: pick("--base-url", &args.base_url, cur.map(|c| &c.base_url))?,
                dept_id: pick("--dept-id", &args.dept_id, cur.map(|c| &c.dept_id))?,
                action_time_format: match (args.action_time_format, cur) {
                    (Some(TimeFormatArg::AsPrinted), _) => {
                        kendra_profiles::ActionTimeFormat::AsPrinted
                    }
                    (Some(TimeFormatArg::Spaced), _) => kendra_profiles::ActionTimeFormat::Spaced,
                    (None, Some(c)) => c.action_time_format,
                    (None, None) => kendra_profiles::ActionTimeFormat::default(),
                },
                cipher_variant: args
                    .variant
                    .map(IspVariant::from)
                    .or(cur.map(|c| c.cipher_variant))
                    .unwrap_or_default(),
            })
        }
        Peer::HeaderSecrets => {
            let cur = match &current {
                Some(PeerSettings::HeaderSecrets(s)) => Some(s),
                _ => None,
            };
            let cur_variant = cur.and_then(|c| match c.cipher {
                CipherScheme::Isp { variant } => Some(variant),
                CipherScheme::Bsk => None,
            });
            let cipher = match (args.cipher, cur) {
                (Some(CipherArg::Bsk), _) => CipherScheme::Bsk,
                (Some(CipherArg::Isp), _) => CipherScheme::Isp {
                    variant: args
                        .variant
                        .map(IspVariant::from)
                        .or(cur_variant)
                        .unwrap_or_default(),
                },
                (None, Some(c)) => match c.cipher {
                    CipherScheme::Isp { variant } => CipherScheme::Isp {
                        variant: args.variant.map(IspVariant::from).unwrap_or(variant),
                    },
                    CipherScheme::Bsk => CipherScheme::Bsk,
                },
                (None, None) => return Err(needed("--cipher")),
            };
            if args.variant.is_some() && cipher == CipherScheme::Bsk {
                return Err(CliError::BadOption {
                    option: "--variant",
                    problem: "only an isp cipher has variants".into(),
                });
            }
            PeerSettings::HeaderSecrets(HeaderSecretsProfileSettings {
                base_url: pick("--base-url", &args.base_url, cur.map(|c| &c.base_url))?,
                client_id: pick("--client-id", &args.client_id, cur.map(|c| &c.client_id))?,
                cipher,
                epoch_unit: match (args.epoch_unit, cur) {
                    (Some(EpochArg::Seconds), _) => EpochUnit::Seconds,
                    (Some(EpochArg::Milliseconds), _) => EpochUnit::Milliseconds,
                    (None, Some(c)) => c.epoch_unit,
                    (None, None) => EpochUnit::default(),
                },
            })
        }
        Peer::Dci => {
            let cur = match &current {
                Some(PeerSettings::Dci(s)) => Some(s),
                _ => None,
            };
            PeerSettings::Dci(DciProfileSettings {
                base_url: pick("--base-url", &args.base_url, cur.map(|c| &c.base_url))?,
                client_id: pick("--client-id", &args.client_id, cur.map(|c| &c.client_id))?,
                sender_id: pick("--sender-id", &args.sender_id, cur.map(|c| &c.sender_id))?,
                key_id: pick("--key-id", &args.key_id, cur.map(|c| &c.key_id))?,
                registry_key_id: args
                    .registry_key_id
                    .clone()
                    .or_else(|| cur.and_then(|c| c.registry_key_id.clone())),
                registry_public_key: args
                    .registry_public_key
                    .clone()
                    .or_else(|| cur.and_then(|c| c.registry_public_key.clone())),
            })
        }
        Peer::Csp => {
            let cur = match &current {
                Some(PeerSettings::Csp(s)) => Some(s),
                _ => None,
            };
            PeerSettings::Csp(CspProfileSettings {
                base_url: pick("--base-url", &args.base_url, cur.map(|c| &c.base_url))?,
                client_id: pick("--client-id", &args.client_id, cur.map(|c| &c.client_id))?,
                username: args
                    .username
                    .clone()
                    .or_else(|| cur.and_then(|c| c.username.clone())),
                profile_id: args
                    .profile_id
                    .clone()
                    .or_else(|| cur.and_then(|c| c.profile_id.clone())),
                grant: match (args.grant, cur) {
                    (Some(GrantArg::ClientCredentials), _) => CspGrant::ClientCredentials,
                    (Some(GrantArg::Password), _) => CspGrant::Password,
                    (None, Some(c)) => c.grant,
                    (None, None) => CspGrant::ClientCredentials,
                },
            })
        }
    };
    Ok(ProfileSettings {
        peer: settings,
        sandbox,
    })
}

const SECRETS_LIMIT: u64 = 1024 * 1024;

/// Secrets from stdin (`name=value` lines; blank lines and `#` comments skipped), or asked for
/// one by one without echo when stdin is a terminal (Enter keeps the stored one).
fn read_secrets(profile: &str, settings: &ProfileSettings) -> Result<SecretInput> {
    let peer = settings.peer.peer();
    let mut input = SecretInput::new();
    if std::io::stdin().is_terminal() {
        for &name in settings.peer.secrets().required() {
            let prompt = format!("{name} for profile \"{profile}\" (Enter keeps it as it is): ");
            let value = Zeroizing::new(rpassword::prompt_password(prompt).map_err(|e| {
                CliError::ReadStdin {
                    input: "a secret",
                    detail: e.to_string(),
                }
            })?);
            if !value.is_empty() {
                input.add(name, SecretString::from(value.to_string()));
            }
        }
        return Ok(input);
    }
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .take(SECRETS_LIMIT)
        .read_to_string(&mut text)
        .map_err(|e| CliError::ReadStdin {
            input: "secrets",
            detail: e.to_string(),
        })?;
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        // The line itself is never echoed: it may be a secret pasted without its name.
        let Some((name, value)) = line.split_once('=') else {
            return Err(CliError::SecretLine {
                line: i + 1,
                problem: "expected name=value (for example password=…)".into(),
            });
        };
        let name = SecretInput::name_for(peer, name).map_err(|e| CliError::SecretLine {
            line: i + 1,
            problem: e.to_string(),
        })?;
        if value.is_empty() {
            return Err(CliError::SecretLine {
                line: i + 1,
                problem: format!("{name} is empty"),
            });
        }
        input.add(name, SecretString::from(value.to_owned()));
    }
    Ok(input)
}

fn fetch_sandbox_info(url: &str) -> Result<Value> {
    let base = url.trim_end_matches('/').to_owned();
    let info_url = format!("{base}/_sandbox/info");
    let unreachable = |detail: String| CliError::SandboxUnreachable {
        url: base.clone(),
        detail,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| unreachable(e.to_string()))?;
    runtime.block_on(async {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| unreachable(e.to_string()))?;
        let response = http
            .get(&info_url)
            .send()
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(CliError::SandboxRefused {
                message: format!("GET {info_url} answered HTTP {}", status.as_u16()),
            });
        }
        response
            .json::<Value>()
            .await
            .map_err(|e| CliError::SandboxRefused {
                message: format!("GET {info_url} did not answer JSON: {e}"),
            })
    })
}

/// Applies `--api-path api3=/x/status` options over the current paths.
fn api_paths(
    given: &[String],
    mut paths: kendra_client::BskApiPaths,
) -> Result<kendra_client::BskApiPaths> {
    for item in given {
        let bad = |problem: String| CliError::BadOption {
            option: "--api-path",
            problem,
        };
        let (api, path) = item.split_once('=').ok_or_else(|| {
            bad(format!(
                "{item:?} must look like api3=/department/api-3/status"
            ))
        })?;
        let path = path.trim();
        if !(path.starts_with('/') || path.starts_with("http://") || path.starts_with("https://")) {
            return Err(bad(format!(
                "the {api} path {path:?} must start with / or be a full http(s):// URL"
            )));
        }
        let slot = match api.trim().to_ascii_lowercase().as_str() {
            "api1" | "api-1" => &mut paths.api1,
            "api3" | "api-3" => &mut paths.api3,
            "api4" | "api-4" => &mut paths.api4,
            "api5a" | "api-5a" => &mut paths.api5a,
            "api5b" | "api-5b" => &mut paths.api5b,
            "api6" | "api-6" => &mut paths.api6,
            other => {
                return Err(bad(format!(
                    "{other:?} is not one of api1, api3, api4, api5a, api5b, api6 (API-2's URL is --api2-url)"
                )))
            }
        };
        *slot = path.to_owned();
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn api_paths_change_only_the_apis_given_and_name_bad_ones() {
        let paths = api_paths(
            &[
                "api3=/dept/status".into(),
                "API-5A=https://otp.example/5a".into(),
            ],
            kendra_client::BskApiPaths::default(),
        )
        .unwrap();
        assert_eq!(paths.api3, "/dept/status");
        assert_eq!(paths.api5a, "https://otp.example/5a");
        assert_eq!(paths.api1, kendra_client::BskApiPaths::default().api1);
        let err = api_paths(&["api2=/x".into()], Default::default()).unwrap_err();
        assert!(err.to_string().contains("--api2-url"), "{err}");
        let err = api_paths(&["api3=status".into()], Default::default()).unwrap_err();
        assert!(err.to_string().contains("must start with /"), "{err}");
    }
}
