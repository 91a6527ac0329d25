//! `kendra dci sign|verify`: the DCI envelope signature (docs/dci-signing.md) from the command
//! line, so a tester can talk to a registry with curl.

use clap::{Args, Subcommand};
use kendra_wire::dci::{verify_envelope_json, DciPublicKey, DciSigner, DciSigningKey, KeyId};
use serde_json::{json, Value};

use crate::error::Result;
use crate::io_text::{env_secret, read_stdin_text, write_stdout};

#[derive(Debug, Subcommand)]
pub enum DciCommand {
    /// Sign the envelope on stdin ({"header": …, "message": …}); the signed envelope on stdout.
    /// Private key (base64) from KENDRA_DCI_KEY.
    Sign(SignArgs),
    /// Verify the signed envelope on stdin against the public key (base64) in KENDRA_DCI_PUBLIC_KEY.
    Verify,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The sender id of the signing key (the header's sender_id).
    #[arg(long)]
    sender_id: String,
    /// The sender's unique key id.
    #[arg(long)]
    key_id: String,
    /// How long the signature stays valid, in seconds.
    #[arg(long, default_value_t = 300)]
    expires_in: i64,
}

pub fn run(command: DciCommand, _data: Option<&std::path::Path>) -> Result<()> {
    match command {
        DciCommand::Sign(args) => {
            let text = read_stdin_text("envelope")?;
            let mut envelope: Value =
                serde_json::from_str(&text).map_err(|e| kendra_wire::Error::InvalidJson {
                    input: "the envelope on standard input".into(),
                    detail: e.to_string(),
                })?;
            let key = DciSigningKey::from_base64(&env_secret("KENDRA_DCI_KEY", KEY_HINT)?)?;
            let signer = DciSigner::new(key, KeyId::new(args.sender_id, args.key_id)?);
            let created = chrono::Utc::now().timestamp();
            signer.sign_envelope(
                &mut envelope,
                created,
                created.saturating_add(args.expires_in.max(1)),
            )?;
            write_stdout(format!("{envelope}\n").as_bytes())
        }
        DciCommand::Verify => {
            let text = read_stdin_text("envelope")?;
            let public =
                DciPublicKey::from_base64(&env_secret("KENDRA_DCI_PUBLIC_KEY", PUBLIC_HINT)?)?;
            let keys = |_: &KeyId| Some(public);
            let (_, verified) = verify_envelope_json(&text, &keys, chrono::Utc::now().timestamp())?;
            let report = json!({
                "valid": true,
                "key_id": verified.key_id.to_string(),
                "created": verified.created,
                "expires": verified.expires,
            });
            write_stdout(
                format!(
                    "{}\n",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                )
                .as_bytes(),
            )
        }
    }
}

const KEY_HINT: &str = "export the sender's ed25519 private key (base64)";
const PUBLIC_HINT: &str = "export the sender's ed25519 public key (base64)";
