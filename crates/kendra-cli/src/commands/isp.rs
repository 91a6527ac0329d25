//! `kendra isp ack|status|delivered|import`: queue UP ISP statuses in the outbox. Nothing is sent
//! here: `kendra outbox drain` delivers, in order, with retries.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use kendra_client::IspStatusDelivery;
use kendra_journal::outbox::bulk_import::ImportFormat;
use kendra_journal::Actor;
use serde_json::{Map, Value};

use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::io_text::write_stdout;

#[derive(Debug, Subcommand)]
pub enum IspCommand {
    /// Queue the acknowledgement (S104) of an application.
    Ack(StatusArgs),
    /// Queue a status (any code but S104 and S112).
    Status(StatusArgs),
    /// Queue the service-delivered status (S112).
    Delivered(StatusArgs),
    /// Queue many statuses from a CSV or JSON file: all rows, or none if any row is wrong.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The ISP profile to deliver with.
    #[arg(long)]
    profile: String,
    /// The manual's fields as a JSON object, from a file (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// One field as `name=value` (repeatable; overrides the JSON file), e.g.
    /// `--field request_id=REQ1 --field status_code=S105`.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    fields: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(long)]
    profile: String,
    /// A .csv or .json file of statuses.
    file: PathBuf,
}

pub fn run(data: &DataDir, command: IspCommand) -> Result<()> {
    let context = ProfileContext::open(data)?;
    let journal = Journal(context.journal());
    match command {
        IspCommand::Ack(a) => journal.queue("acknowledgement", &a),
        IspCommand::Status(a) => journal.queue("service_status", &a),
        IspCommand::Delivered(a) => journal.queue("delivered", &a),
        IspCommand::Import(a) => {
            let text = std::fs::read_to_string(&a.file).map_err(|e| CliError::BadOption {
                option: "FILE",
                problem: format!("{} cannot be read: {e}", a.file.display()),
            })?;
            let format = match a
                .file
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("csv") => ImportFormat::Csv,
                Some("json") => ImportFormat::Json,
                _ => {
                    return Err(CliError::BadOption {
                        option: "FILE",
                        problem: format!("{} must end in .csv or .json", a.file.display()),
                    })
                }
            };
            let report =
                context
                    .journal()
                    .import_isp_statuses(&Actor::Cli, &a.profile, format, &text)?;
            write_stdout(format!("{report:?}\n").as_bytes())
        }
    }
}

struct Journal<'a>(&'a kendra_journal::Journal);

impl Journal<'_> {
    fn queue(&self, call: &str, args: &StatusArgs) -> Result<()> {
        let fields = fields(args)?;
        let delivery: IspStatusDelivery =
            serde_json::from_value(serde_json::json!({ "call": call, "payload": fields }))
                .map_err(|e| CliError::BadOption {
                    option: "--json/--field",
                    problem: format!("the status is not complete: {e}"),
                })?;
        let id = kendra_outbox::queue_isp_status(self.0, &Actor::Cli, &args.profile, &delivery)?;
        write_stdout(
            format!(
                "queued {} for request {} as outbox item {id}; `kendra outbox drain` delivers it\n",
                delivery.status_code(),
                delivery.request_id()
            )
            .as_bytes(),
        )
    }
}

fn fields(args: &StatusArgs) -> Result<Map<String, Value>> {
    let mut object = match &args.json {
        None => Map::new(),
        Some(path) => {
            let text = if path.as_os_str() == "-" {
                crate::io_text::read_stdin_text("status JSON")?
            } else {
                std::fs::read_to_string(path).map_err(|e| CliError::BadOption {
                    option: "--json",
                    problem: format!("{} cannot be read: {e}", path.display()),
                })?
            };
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => {
                    return Err(CliError::BadOption {
                        option: "--json",
                        problem: "must hold one JSON object".into(),
                    })
                }
                Err(e) => {
                    return Err(CliError::BadOption {
                        option: "--json",
                        problem: format!("is not JSON: {e}"),
                    })
                }
            }
        }
    };
    for field in &args.fields {
        let (name, value) = field.split_once('=').ok_or(CliError::BadOption {
            option: "--field",
            problem: format!("{field:?} must look like name=value"),
        })?;
        object.insert(name.trim().to_owned(), Value::String(value.to_owned()));
    }
    Ok(object)
}
