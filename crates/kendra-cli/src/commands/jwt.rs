//! `kendra jwt sign|verify|decode`: HS256 tokens as BSK's v4 transport uses them.

use clap::Subcommand;
use kendra_wire::jwt_hs256::{self, Hs256Secret};
use serde_json::Value;

use crate::error::Result;
use crate::io_text::{env_secret, read_stdin_text, write_stdout};

#[derive(Debug, Subcommand)]
pub enum JwtCommand {
    /// Sign the JSON claims on stdin with HS256 (secret from KENDRA_JWT_SECRET or --profile); token on stdout.
    Sign(SecretArgs),
    /// Verify the token on stdin (secret from KENDRA_JWT_SECRET or --profile); claims on stdout when valid.
    Verify(SecretArgs),
    /// Show the token's header and claims without verifying it.
    Decode,
}

const SECRET_HINT: &str = "export the HS256 secret shared with the peer";

#[derive(Debug, clap::Args)]
pub struct SecretArgs {
    /// A BSK profile whose jwt_secret (in the OS keyring) to use instead of KENDRA_JWT_SECRET.
    #[arg(long)]
    profile: Option<String>,
}

pub fn run(command: JwtCommand, data: Option<&std::path::Path>) -> Result<()> {
    match command {
        JwtCommand::Sign(args) => {
            let text = read_stdin_text("claims")?;
            let claims = match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => {
                    return Err(kendra_wire::Error::InvalidField {
                        input: "claims on standard input".into(),
                        field: "(whole body)".into(),
                        problem: "must be a JSON object like {\"userId\": \"9054233544\"}".into(),
                    }
                    .into())
                }
                Err(e) => {
                    return Err(kendra_wire::Error::InvalidJson {
                        input: "claims on standard input".into(),
                        detail: e.to_string(),
                    }
                    .into())
                }
            };
            let token = jwt_hs256::sign(&claims, &secret(&args, data)?)?;
            write_stdout(format!("{token}\n").as_bytes())
        }
        JwtCommand::Verify(args) => {
            let token = read_stdin_text("token")?;
            let claims = jwt_hs256::verify(&token, &secret(&args, data)?)?;
            write_stdout(format!("{}\n", pretty(&Value::Object(claims))).as_bytes())
        }
        JwtCommand::Decode => {
            let token = read_stdin_text("token")?;
            let decoded = jwt_hs256::decode_unverified(&token)?;
            let shown = serde_json::json!({ "header": decoded.header, "claims": decoded.claims });
            write_stdout(format!("{}\n", pretty(&shown)).as_bytes())
        }
    }
}

fn secret(args: &SecretArgs, data: Option<&std::path::Path>) -> Result<Hs256Secret> {
    if let Some(profile) = &args.profile {
        let data = crate::data_dir::DataDir::resolve(data)?;
        let context = crate::commands::profile::ProfileContext::open(&data)?;
        let secret = context.profiles().bsk_jwt_secret(profile)?;
        let input = format!("profile {profile}'s jwt_secret");
        return Ok(Hs256Secret::new(
            &input,
            secrecy::ExposeSecret::expose_secret(&secret).as_bytes(),
        )?);
    }
    let secret = env_secret("KENDRA_JWT_SECRET", SECRET_HINT)?;
    Ok(Hs256Secret::new("KENDRA_JWT_SECRET", secret.as_bytes())?)
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
