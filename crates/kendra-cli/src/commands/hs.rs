//! `kendra hs status|call`: a gateway behind the header-secrets layer, through a header-secrets
//! profile. Every exchange is journaled; the answer is printed decrypted.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use kendra_client::HeaderSecretsClient;
use kendra_journal::Actor;
use kendra_workflows::header_secrets_gateway::{GatewayAnswer, HeaderSecretsGateway, StatusLookup};
use kendra_workflows::Error as WorkflowError;
use serde_json::Value;

use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::io_text::read_stdin_text;
use crate::json_output::{fail, print};

/// A request body larger than this is not a request a person wrote.
const BODY_LIMIT: u64 = 8 * 1024 * 1024;

#[derive(Debug, Subcommand)]
pub enum HsCommand {
    /// An application's status at the gateway (/hs/v1/application/status), decrypted.
    Status {
        /// A header-secrets profile, e.g. sandbox-header-secrets.
        #[arg(long)]
        profile: String,
        /// The application number, e.g. HS2024UP000103.
        #[arg(value_name = "APPLICATION_NO")]
        application_no: String,
        #[arg(long)]
        json: bool,
    },
    /// Send any JSON to a path under the layer and print the decrypted answer.
    Call {
        #[arg(long)]
        profile: String,
        /// The path on the gateway, e.g. /hs/v1/echo.
        #[arg(long)]
        path: String,
        /// The request JSON (before encryption), from a file, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        body: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(data: &DataDir, command: HsCommand) -> Result<()> {
    match command {
        HsCommand::Status {
            profile,
            application_no,
            json,
        } => match status(data, &profile, &application_no) {
            Ok(found) => print(json, &found, status_text),
            Err(e) => fail(json, e),
        },
        HsCommand::Call {
            profile,
            path,
            body,
            json,
        } => match read_body(&body).and_then(|request| call(data, &profile, &path, &request)) {
            Ok(answer) => print(json, &answer, answer_text),
            Err(e) => fail(json, e),
        },
    }
}

fn status(data: &DataDir, profile: &str, application_no: &str) -> Result<StatusLookup> {
    let context = ProfileContext::open(data)?;
    let client = gateway_client(&context, profile)?;
    let gateway = HeaderSecretsGateway::new(context.journal(), Actor::Cli, profile, &client);
    Ok(runtime()?.block_on(gateway.application_status(application_no))?)
}

fn call(data: &DataDir, profile: &str, path: &str, request: &Value) -> Result<GatewayAnswer> {
    let context = ProfileContext::open(data)?;
    let client = gateway_client(&context, profile)?;
    let gateway = HeaderSecretsGateway::new(context.journal(), Actor::Cli, profile, &client);
    Ok(runtime()?.block_on(gateway.call(path, request))?)
}

/// Through the workflow's error, so `--json` says `profile` rather than `cli`.
fn gateway_client(context: &ProfileContext, profile: &str) -> Result<HeaderSecretsClient> {
    context
        .profiles()
        .header_secrets_client(profile)
        .map_err(|e| WorkflowError::from(e).into())
}

/// The request JSON from `--body FILE` or standard input (`-`).
fn read_body(path: &Path) -> Result<Value> {
    let text = if path == Path::new("-") {
        read_stdin_text("the request body")?
    } else {
        let bad = |problem: String| -> CliError {
            WorkflowError::File {
                path: path.display().to_string(),
                problem,
            }
            .into()
        };
        let file = std::fs::File::open(path).map_err(|e| bad(format!("cannot be read ({e})")))?;
        let mut bytes = Vec::new();
        file.take(BODY_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("cannot be read ({e})")))?;
        if bytes.len() as u64 > BODY_LIMIT {
            return Err(bad(format!(
                "is larger than {} MiB",
                BODY_LIMIT / (1024 * 1024)
            )));
        }
        String::from_utf8(bytes).map_err(|e| {
            bad(format!(
                "is not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to() + 1
            ))
        })?
    };
    serde_json::from_str(&text).map_err(|e| {
        WorkflowError::input(
            "--body",
            format!(
                "the request body is not JSON (line {}, column {}: {e})",
                e.line(),
                e.column()
            ),
        )
        .into()
    })
}

fn status_text(found: &StatusLookup) -> String {
    let s = &found.status;
    let mut lines = vec![format!("application_no   {}", s.application_no)];
    let optional = [
        ("applicant_name ", &s.applicant_name),
        ("name (Hindi)   ", &s.applicant_name_hindi),
        ("service        ", &s.service_name),
        ("district       ", &s.district),
    ];
    for (label, value) in optional {
        if let Some(value) = value {
            lines.push(format!("{label}  {value}"));
        }
    }
    lines.push(format!(
        "status           {} {}",
        s.status_code,
        s.status.as_deref().unwrap_or_default()
    ));
    for (label, value) in [
        ("status_date    ", &s.status_date),
        ("remarks        ", &s.remarks),
    ] {
        if let Some(value) = value {
            lines.push(format!("{label}  {value}"));
        }
    }
    lines.join("\n")
}

fn answer_text(answer: &GatewayAnswer) -> String {
    serde_json::to_string_pretty(&answer.answer).unwrap_or_else(|_| answer.answer.to_string())
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::BadOption {
            option: "runtime",
            problem: e.to_string(),
        })
}
