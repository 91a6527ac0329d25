//! `kendra crypto encrypt|decrypt|identify`: the BSK and ISP ciphers as text filters.

use std::path::Path;
use std::sync::Arc;

use clap::{Args, Subcommand, ValueEnum};
use kendra_secrets::ExposeSecret;
use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::cipher_profile::KeyMaterial;
use kendra_wire::isp::{self, IspVariant};

use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::io_text::{env_secret, read_stdin_text, write_stdout};

#[derive(Debug, Subcommand)]
pub enum CryptoCommand {
    /// Encrypt the plaintext on stdin; base64 ciphertext on stdout.
    Encrypt(CipherArgs),
    /// Decrypt the base64 ciphertext on stdin; plaintext on stdout.
    Decrypt(CipherArgs),
    /// Try the ISP ciphertext on stdin against every known interop variant (secret from
    /// KENDRA_SECRET, or --profile).
    Identify(IdentifyArgs),
}

#[derive(Debug, Args)]
pub struct IdentifyArgs {
    /// Take the shared secret from this ISP (or ISP-style header-secrets) profile instead of
    /// KENDRA_SECRET.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
}

#[derive(Debug, Args)]
pub struct CipherArgs {
    /// bsk: raw key and IV from KENDRA_KEY (32 bytes) and KENDRA_IV (16 bytes);
    /// isp: key derived from the shared secret in KENDRA_SECRET.
    #[arg(long, value_enum, required_unless_present = "profile")]
    scheme: Option<Scheme>,
    /// ISP only: an interop variant, for diagnosing a department's ciphertext (default: canonical,
    /// or the profile's).
    #[arg(long, value_enum)]
    variant: Option<VariantArg>,
    /// Take the key from this profile's keyring entries instead of the environment (a BSK, ISP
    /// or header-secrets profile); KENDRA_KEY, KENDRA_IV and KENDRA_SECRET are then ignored.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Scheme {
    Bsk,
    Isp,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VariantArg {
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

const KEY_HINT: &str = "export the department's 32-character BSK key";
const IV_HINT: &str = "export the department's 16-character BSK IV";
const SECRET_HINT: &str = "export the ISP shared secret the portal gave the department";

pub fn run(command: CryptoCommand, data: Option<&Path>) -> Result<()> {
    match command {
        CryptoCommand::Encrypt(args) => {
            let plaintext = read_stdin_text("plaintext")?;
            let key = key_for(&args, data)?;
            write_stdout(format!("{}\n", key.encrypt_text(&plaintext)).as_bytes())
        }
        CryptoCommand::Decrypt(args) => {
            let ciphertext = read_stdin_text("ciphertext")?;
            let key = key_for(&args, data)?;
            write_stdout(key.decrypt_text("ciphertext", &ciphertext)?.as_bytes())
        }
        CryptoCommand::Identify(args) => {
            let ciphertext = read_stdin_text("ciphertext")?;
            let secret = match &args.profile {
                Some(name) => {
                    note_ignored_env(name, &["KENDRA_SECRET"]);
                    let context = ProfileContext::open(&DataDir::resolve(data)?)?;
                    let secret = context.profiles().isp_shared_secret(name)?;
                    zeroize::Zeroizing::new(secret.expose_secret().to_owned())
                }
                None => env_secret("KENDRA_SECRET", SECRET_HINT)?,
            };
            let matches = isp::identify_variant(secret.as_bytes(), &ciphertext)?;
            let mut report = String::new();
            for m in &matches {
                report.push_str(&format!(
                    "{}\t{}\t{}\n",
                    m.variant.name(),
                    if m.is_json {
                        "decrypts to JSON"
                    } else {
                        "decrypts to text (not JSON)"
                    },
                    m.variant.description()
                ));
            }
            if matches.is_empty() {
                return Err(kendra_wire::Error::BadPadding.into());
            }
            write_stdout(report.as_bytes())
        }
    }
}

fn key_for(args: &CipherArgs, data: Option<&Path>) -> Result<Arc<AesCbcKey>> {
    if let Some(name) = &args.profile {
        return profile_key(args, name, data);
    }
    match args.scheme.unwrap_or(Scheme::Bsk) {
        Scheme::Bsk => {
            let key = env_secret("KENDRA_KEY", KEY_HINT)?;
            let iv = env_secret("KENDRA_IV", IV_HINT)?;
            Ok(KeyMaterial::BskRaw {
                key_name: "KENDRA_KEY",
                key: key.as_bytes(),
                iv_name: "KENDRA_IV",
                iv: iv.as_bytes(),
            }
            .key()?)
        }
        Scheme::Isp => {
            let secret = env_secret("KENDRA_SECRET", SECRET_HINT)?;
            Ok(KeyMaterial::IspSecret {
                secret: secret.as_bytes(),
                variant: args.variant.unwrap_or(VariantArg::Canonical).into(),
            }
            .key()?)
        }
    }
}

/// `--profile NAME`: the profile's key (its scheme must agree with `--scheme` when both are given).
fn profile_key(args: &CipherArgs, name: &str, data: Option<&Path>) -> Result<Arc<AesCbcKey>> {
    note_ignored_env(name, &["KENDRA_KEY", "KENDRA_IV", "KENDRA_SECRET"]);
    let context = ProfileContext::open(&DataDir::resolve(data)?)?;
    let profiles = context.profiles();
    if let Some(scheme) = args.scheme {
        let settings = profiles.settings(name)?;
        let profile_scheme = match &settings.peer {
            kendra_profiles::PeerSettings::Bsk(_) => Some(Scheme::Bsk),
            kendra_profiles::PeerSettings::Isp(_) => Some(Scheme::Isp),
            kendra_profiles::PeerSettings::HeaderSecrets(hs) => Some(match hs.cipher {
                kendra_wire::cipher_profile::CipherScheme::Bsk => Scheme::Bsk,
                kendra_wire::cipher_profile::CipherScheme::Isp { .. } => Scheme::Isp,
            }),
            _ => None,
        };
        if profile_scheme.is_some_and(|p| {
            !matches!(
                (p, scheme),
                (Scheme::Bsk, Scheme::Bsk) | (Scheme::Isp, Scheme::Isp)
            )
        }) {
            return Err(CliError::BadOption {
                option: "--scheme",
                problem: format!("profile \"{name}\" uses the other scheme: leave --scheme out"),
            });
        }
    }
    Ok(profiles.cipher_key(name, args.variant.map(IspVariant::from))?)
}

/// With `--profile`, the key variables are ignored: say so rather than leave it to guesswork.
fn note_ignored_env(profile: &str, names: &[&str]) {
    let set: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| std::env::var_os(n).is_some_and(|v| !v.is_empty()))
        .collect();
    if !set.is_empty() {
        eprintln!(
            "kendra: using the key of profile \"{profile}\"; {} in the environment ignored",
            set.join(", ")
        );
    }
}
