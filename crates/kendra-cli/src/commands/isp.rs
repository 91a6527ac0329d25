//! `kendra isp validate|details|redirect-link`: the department side of a citizen's visit from the
//! portal (sent and journaled at once). `kendra isp ack|status|delivered|import`: queue statuses
//! in the outbox; nothing is sent then: `kendra outbox drain` delivers, in order, with retries.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use kendra_client::IspStatusDelivery;
use kendra_journal::outbox::bulk_import::ImportFormat;
use kendra_journal::Actor;
use serde_json::{Map, Value};

use kendra_workflows::isp_department::{
    redirect_link, ApplicantDetails, IspDepartment, RedirectOutcome,
};

use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::io_text::write_stdout;
use crate::json_output::{fail, print};

#[derive(Debug, Subcommand)]
pub enum IspCommand {
    /// Validate the `sessionkey` the portal handed over with a citizen (7-A): prints request_id,
    /// applicant_id and service_code, and records the request in the journal.
    Validate {
        #[arg(long)]
        profile: String,
        /// The `sessionkey` from the landing page's address.
        #[arg(long)]
        session_key: String,
        #[arg(long)]
        json: bool,
    },
    /// The applicant's common details (7-B), decrypted, codes explained where the manual does.
    Details {
        #[arg(long)]
        profile: String,
        #[arg(long)]
        request_id: String,
        #[arg(long)]
        json: bool,
    },
    /// The link that sends the citizen back to the portal (section 9), URL-encoded.
    RedirectLink {
        /// The ISP profile whose portal address to use (or give --portal).
        #[arg(long, required_unless_present = "portal")]
        profile: Option<String>,
        /// The portal's address, e.g. http://164.100.181.91 (default: the profile's).
        #[arg(long)]
        portal: Option<String>,
        #[arg(long)]
        session_key: String,
        /// The request failed (FAILED) instead of SUCCESS.
        #[arg(long)]
        failed: bool,
        /// The message the portal shows the citizen.
        #[arg(long)]
        message: String,
        #[arg(long)]
        json: bool,
    },
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
        IspCommand::Validate {
            profile,
            session_key,
            json,
        } => {
            let outcome = context
                .profiles()
                .isp_client(&profile)
                .map_err(CliError::from)
                .and_then(|client| {
                    let department =
                        IspDepartment::new(context.journal(), Actor::Cli, &profile, &client);
                    Ok(runtime()?.block_on(department.validate(&session_key))?)
                });
            match outcome {
                Ok(v) => print(json, &v, |v| {
                    format!(
                        "request_id     {}\napplicant_id   {}\nservice_code   {}\n{}",
                        v.request_id,
                        v.applicant_id,
                        v.service_code,
                        if v.newly_recorded {
                            "recorded in the journal"
                        } else {
                            "already in the journal"
                        }
                    )
                }),
                Err(e) => fail(json, e),
            }
        }
        IspCommand::Details {
            profile,
            request_id,
            json,
        } => {
            let outcome = context
                .profiles()
                .isp_client(&profile)
                .map_err(CliError::from)
                .and_then(|client| {
                    let department =
                        IspDepartment::new(context.journal(), Actor::Cli, &profile, &client);
                    Ok(runtime()?.block_on(department.details(&request_id))?)
                });
            match outcome {
                Ok(d) => print(json, &d, details_text),
                Err(e) => fail(json, e),
            }
        }
        IspCommand::RedirectLink {
            profile,
            portal,
            session_key,
            failed,
            message,
            json,
        } => {
            let portal = match (portal, profile) {
                (Some(portal), _) => portal,
                (None, Some(profile)) => match context.profiles().settings(&profile)?.peer {
                    kendra_profiles::PeerSettings::Isp(isp) => isp.base_url,
                    _ => {
                        return Err(CliError::BadOption {
                            option: "--profile",
                            problem: format!("{profile} is not an ISP profile"),
                        })
                    }
                },
                (None, None) => unreachable_portal()?,
            };
            let outcome = if failed {
                RedirectOutcome::Failed
            } else {
                RedirectOutcome::Success
            };
            match redirect_link(&portal, &session_key, outcome, &message) {
                Ok(link) => print(json, &serde_json::json!({ "link": link }), |_| link.clone()),
                Err(e) => fail(json, e.into()),
            }
        }
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

/// A small runtime for one workflow call.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::BadOption {
            option: "runtime",
            problem: e.to_string(),
        })
}

fn unreachable_portal() -> Result<String> {
    Err(CliError::BadOption {
        option: "--portal",
        problem: "give the portal's address or an ISP --profile".into(),
    })
}

fn details_text(d: &ApplicantDetails) -> String {
    let mut out = String::new();
    let line = |label: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|v| format!("{label:<15}{v}\n"))
            .unwrap_or_default()
    };
    out.push_str(&line("request_id", &Some(d.request_id.clone())));
    out.push_str(&line("applicant_id", &d.applicant_id));
    out.push_str(&line("service", &d.service_name_eng));
    out.push_str(&line("service_code", &d.service_code));
    out.push_str(&line("name", &d.name_eng));
    out.push_str(&line("नाम", &d.name_hindi));
    out.push('\n');
    for f in &d.fields {
        match &f.meaning {
            Some(m) => out.push_str(&format!("{:<40} {} ({m})\n", f.name, f.value)),
            None => out.push_str(&format!("{:<40} {}\n", f.name, f.value)),
        }
    }
    for v in &d.spelling_variants {
        out.push_str(&format!("note: the portal spelled {v}\n"));
    }
    out
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
