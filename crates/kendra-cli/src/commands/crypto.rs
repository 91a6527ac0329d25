//! `kendra crypto encrypt|decrypt|identify`: the BSK and ISP ciphers as text filters.

use std::sync::Arc;

use clap::{Args, Subcommand, ValueEnum};
use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::cipher_profile::KeyMaterial;
use kendra_wire::isp::{self, IspVariant};

use crate::error::Result;
use crate::io_text::{env_secret, read_stdin_text, write_stdout};

#[derive(Debug, Subcommand)]
pub enum CryptoCommand {
    /// Encrypt the plaintext on stdin; base64 ciphertext on stdout.
    Encrypt(CipherArgs),
    /// Decrypt the base64 ciphertext on stdin; plaintext on stdout.
    Decrypt(CipherArgs),
    /// Try the ISP ciphertext on stdin against every known interop variant (secret from KENDRA_SECRET).
    Identify,
}

#[derive(Debug, Args)]
pub struct CipherArgs {
    /// bsk: raw key and IV from KENDRA_KEY (32 bytes) and KENDRA_IV (16 bytes);
    /// isp: key derived from the shared secret in KENDRA_SECRET.
    #[arg(long, value_enum)]
    scheme: Scheme,
    /// ISP only: an interop variant, for diagnosing a department's ciphertext (never the default).
    #[arg(long, value_enum, default_value_t = VariantArg::Canonical)]
    variant: VariantArg,
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

pub fn run(command: CryptoCommand) -> Result<()> {
    match command {
        CryptoCommand::Encrypt(args) => {
            let plaintext = read_stdin_text("plaintext")?;
            let key = key_for(&args)?;
            write_stdout(format!("{}\n", key.encrypt_text(&plaintext)).as_bytes())
        }
        CryptoCommand::Decrypt(args) => {
            let ciphertext = read_stdin_text("ciphertext")?;
            let key = key_for(&args)?;
            write_stdout(key.decrypt_text("ciphertext", &ciphertext)?.as_bytes())
        }
        CryptoCommand::Identify => {
            let ciphertext = read_stdin_text("ciphertext")?;
            let secret = env_secret("KENDRA_SECRET", SECRET_HINT)?;
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

fn key_for(args: &CipherArgs) -> Result<Arc<AesCbcKey>> {
    match args.scheme {
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
                variant: args.variant.into(),
            }
            .key()?)
        }
    }
}
