//! `kendra bsk initiate|status|otp-request|otp-verify|download|deo|services`: the DEO at a BSK
//! counter, over the core's counter workflow (kendra-workflows). This file only parses options,
//! reads the OTP or access code without echo, and prints; `--json` documents are in docs/cli.md.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use kendra_client::SecretString;
use kendra_journal::Actor;
use kendra_workflows::bsk_counter::{
    service_catalogue, BskCounter, DocumentOutcome, DownloadInput, InitiateInput, OtpRequestInput,
    OtpVerifyInput, SaveTarget, StatusInput,
};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::json_output::{fail, print};

/// Where `kendra bsk deo` reads the department's access code from when it is not prompted.
const ACCESS_CODE_ENV: &str = "KENDRA_BSK_ACCESS_CODE";

#[derive(Debug, Subcommand)]
pub enum BskCommand {
    /// Start a citizen's service (API-1): a new ticket, journaled with the citizen's details.
    Initiate(InitiateArgs),
    /// An application's stage timeline (API-3), newest last, times in IST.
    Status(StatusArgs),
    /// Ask the department to send the citizen an OTP for a document (API-5A).
    OtpRequest(OtpRequestArgs),
    /// Check the OTP the citizen received (API-5B); a right one saves the document.
    OtpVerify(OtpVerifyArgs),
    /// Save a document that needs no OTP (API-4).
    Download(DownloadArgs),
    /// Who a DEO is (API-6), asked of the BSK portal with the department's access code.
    Deo(DeoArgs),
    /// The department services a ticket can be for, searchable by code or name.
    Services(ServicesArgs),
}

#[derive(Debug, Args)]
pub struct ProfileArg {
    /// The BSK profile (`kendra profile set … --peer bsk`, or `sandbox-bsk`).
    #[arg(long)]
    profile: String,
    /// Print one JSON document (see docs/cli.md) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct InitiateArgs {
    #[command(flatten)]
    common: ProfileArg,
    /// The DEO's 10-digit mobile number (BSK userId).
    #[arg(long)]
    user_id: String,
    /// The service code (`AMD/003`); see `kendra bsk services`.
    #[arg(long)]
    service: String,
    /// The citizen's name.
    #[arg(long)]
    name: String,
    /// The citizen's 10-digit mobile number.
    #[arg(long)]
    mobile: String,
    #[arg(long)]
    email: Option<String>,
    /// male, female, transgender or other.
    #[arg(long)]
    gender: Option<String>,
    /// Whole years, 1 to 120.
    #[arg(long)]
    age: Option<String>,
    /// The ticket number (14 or 17 digits); default: now, in IST, with milliseconds.
    #[arg(long)]
    ticket: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    common: ProfileArg,
    #[arg(long)]
    user_id: String,
    /// The department's application number.
    #[arg(long)]
    application_no: String,
    /// The service code; taken from the journal when it knows the application.
    #[arg(long)]
    service: Option<String>,
    /// The ticket of this search; default: the application's journaled ticket, else a new one.
    #[arg(long)]
    ticket: Option<String>,
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Save the document as this file.
    #[arg(long, value_name = "FILE", conflicts_with = "out_dir")]
    out: Option<PathBuf>,
    /// Save it in this folder, named after the document number (default: the current folder).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

impl SaveArgs {
    fn target(&self) -> SaveTarget {
        match (&self.out, &self.out_dir) {
            (Some(file), _) => SaveTarget::File(file.clone()),
            (None, Some(dir)) => SaveTarget::Folder(dir.clone()),
            (None, None) => SaveTarget::Folder(PathBuf::from(".")),
        }
    }
}

#[derive(Debug, Args)]
pub struct OtpRequestArgs {
    #[command(flatten)]
    common: ProfileArg,
    /// The certificate number (or the application number).
    #[arg(long)]
    document_no: String,
    /// The OTP id to use; default: a new one.
    #[arg(long)]
    otp_id: Option<String>,
    /// With --ticket: the journaled ticket this OTP is for.
    #[arg(long, requires = "ticket")]
    user_id: Option<String>,
    #[arg(long, requires = "user_id")]
    ticket: Option<String>,
}

#[derive(Debug, Args)]
pub struct OtpVerifyArgs {
    #[command(flatten)]
    common: ProfileArg,
    /// The OTP id `otp-request` printed.
    #[arg(long)]
    otp_id: String,
    /// The OTP the citizen received; prompted (without echo) when absent, or read as one line
    /// from standard input when that is not a terminal.
    #[arg(long)]
    otp: Option<String>,
    /// Names the saved file (default: the service code).
    #[arg(long)]
    document_no: Option<String>,
    #[command(flatten)]
    save: SaveArgs,
}

#[derive(Debug, Args)]
pub struct DownloadArgs {
    #[command(flatten)]
    common: ProfileArg,
    #[arg(long)]
    user_id: String,
    /// The certificate number (or the application number).
    #[arg(long)]
    document_no: String,
    /// The service code; taken from the journal when it knows the application.
    #[arg(long)]
    service: Option<String>,
    #[arg(long)]
    ticket: Option<String>,
    #[command(flatten)]
    save: SaveArgs,
}

#[derive(Debug, Args)]
pub struct DeoArgs {
    #[command(flatten)]
    common: ProfileArg,
    /// The DEO's 10-digit mobile number.
    #[arg(long)]
    user_id: String,
    /// The department's 3-letter code (`AMD`).
    #[arg(long)]
    dept_code: String,
}

#[derive(Debug, Args)]
pub struct ServicesArgs {
    /// Words or a code to look for (`birth`, `AMD`, `HFW/002`); all services when absent.
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    json: bool,
}

impl BskCommand {
    fn json(&self) -> bool {
        match self {
            BskCommand::Initiate(a) => a.common.json,
            BskCommand::Status(a) => a.common.json,
            BskCommand::OtpRequest(a) => a.common.json,
            BskCommand::OtpVerify(a) => a.common.json,
            BskCommand::Download(a) => a.common.json,
            BskCommand::Deo(a) => a.common.json,
            BskCommand::Services(a) => a.json,
        }
    }
}

pub fn run(command: BskCommand, data: Option<&Path>) -> Result<()> {
    let json = command.json();
    match dispatch(command, data) {
        Ok(()) => Ok(()),
        Err(e) => fail(json, e),
    }
}

fn dispatch(command: BskCommand, data: Option<&Path>) -> Result<()> {
    if let BskCommand::Services(args) = &command {
        return services(args);
    }
    let data = DataDir::resolve(data)?;
    let context = ProfileContext::open(&data)?;
    match command {
        BskCommand::Initiate(a) => {
            let input = InitiateInput {
                user_id: a.user_id,
                ticket_no: a.ticket,
                service_code: a.service,
                name: a.name,
                mobile: a.mobile,
                email: a.email,
                gender: a.gender,
                age: a.age,
            };
            let counter = counter(&context, &a.common.profile)?;
            let outcome = block_on(counter.initiate(&input))?;
            print(a.common.json, &outcome, |o| {
                format!(
                    "ticket {} of user {} initiated for {} ({}), {}\nthe department says: {}{}",
                    o.ticket_no,
                    o.user_id,
                    o.service_name,
                    o.service_code,
                    o.department,
                    o.message,
                    o.app_sub_time
                        .as_ref()
                        .map(|t| format!(" (at {t})"))
                        .unwrap_or_default()
                )
            })
        }
        BskCommand::Status(a) => {
            let input = StatusInput {
                user_id: a.user_id,
                ticket_no: a.ticket,
                service_code: a.service,
                application_no: a.application_no,
            };
            let counter = counter(&context, &a.common.profile)?;
            let outcome = block_on(counter.status(&input))?;
            print(a.common.json, &outcome, |o| {
                let mut text = format!(
                    "application {} — {} ({})\n",
                    o.application_no,
                    o.service_name.as_deref().unwrap_or("service"),
                    o.service_code
                );
                for stage in &o.stages {
                    text.push_str(&format!(
                        "  {:<25}  {}\n",
                        stage.at.as_deref().unwrap_or(&stage.response_time),
                        stage.message
                    ));
                }
                if o.stages.is_empty() {
                    text.push_str("  (the department gave no stages yet)\n");
                }
                text
            })
        }
        BskCommand::OtpRequest(a) => {
            let input = OtpRequestInput {
                document_no: a.document_no,
                user_id: a.user_id,
                ticket_no: a.ticket,
                otp_id: a.otp_id,
            };
            let counter = counter(&context, &a.common.profile)?;
            let outcome = block_on(counter.request_otp(&input))?;
            print(a.common.json, &outcome, |o| {
                format!(
                    "OTP id {}: {}\nnext: kendra bsk otp-verify --profile {} --otp-id {}",
                    o.otp_id,
                    o.message
                        .as_deref()
                        .unwrap_or("the OTP was sent to the citizen"),
                    o.profile,
                    o.otp_id
                )
            })
        }
        BskCommand::OtpVerify(a) => {
            let otp = match a.otp {
                Some(otp) => SecretString::from(otp),
                None => read_secret("the OTP the citizen received: ", "the OTP")?,
            };
            let input = OtpVerifyInput {
                otp_id: a.otp_id,
                otp,
                document_no: a.document_no,
                save: a.save.target(),
            };
            let counter = counter(&context, &a.common.profile)?;
            let outcome = block_on(counter.verify_otp(&input))?;
            print(a.common.json, &outcome, document_text)
        }
        BskCommand::Download(a) => {
            let input = DownloadInput {
                user_id: a.user_id,
                ticket_no: a.ticket,
                service_code: a.service,
                document_no: a.document_no,
                save: a.save.target(),
            };
            let counter = counter(&context, &a.common.profile)?;
            let outcome = block_on(counter.download(&input))?;
            print(a.common.json, &outcome, document_text)
        }
        BskCommand::Deo(a) => {
            let code = match std::env::var(ACCESS_CODE_ENV) {
                Ok(code) if !code.trim().is_empty() => SecretString::from(code),
                _ => read_secret(
                    &format!("the {} access code: ", a.dept_code.trim().to_uppercase()),
                    "the access code",
                )?,
            };
            let counter = counter(&context, &a.common.profile)?;
            let outcome = block_on(counter.deo(&a.user_id, &a.dept_code, &code))?;
            print(a.common.json, &outcome, |o| {
                format!(
                    "{} ({}): {} DEO at {} ({}), {} GP, {} block, {}, {}",
                    o.user_name.as_deref().unwrap_or("(no name)"),
                    o.user_id,
                    o.status,
                    o.bsk_name.as_deref().unwrap_or("-"),
                    o.bsk_code.as_deref().unwrap_or("-"),
                    o.gp.as_deref().unwrap_or("-"),
                    o.block.as_deref().unwrap_or("-"),
                    o.sub_division.as_deref().unwrap_or("-"),
                    o.district.as_deref().unwrap_or("-"),
                )
            })
        }
        BskCommand::Services(args) => services(&args),
    }
}

fn counter<'a>(context: &'a ProfileContext, profile: &str) -> Result<BskCounter<'a>> {
    let client = context
        .profiles()
        .bsk_counter_client(profile)
        .map_err(kendra_workflows::Error::Profiles)?;
    Ok(BskCounter::new(
        context.journal(),
        Actor::Cli,
        profile,
        client,
    ))
}

fn block_on<T>(
    future: impl std::future::Future<Output = kendra_workflows::Result<T>>,
) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::BadOption {
            option: "bsk",
            problem: format!("the async runtime cannot start: {e}"),
        })?;
    Ok(runtime.block_on(future)?)
}

/// A secret from the terminal without echo, or one line of standard input.
fn read_secret(prompt: &str, input: &'static str) -> Result<SecretString> {
    let text = if std::io::stdin().is_terminal() {
        Zeroizing::new(
            rpassword::prompt_password(prompt).map_err(|e| CliError::ReadStdin {
                input,
                detail: e.to_string(),
            })?,
        )
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::ReadStdin {
                input,
                detail: e.to_string(),
            })?;
        line
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(CliError::BadOption {
            option: "bsk",
            problem: format!("{input} is empty"),
        });
    }
    Ok(SecretString::from(trimmed.to_owned()))
}

fn document_text(o: &DocumentOutcome) -> String {
    format!(
        "saved {} ({}, {} bytes, sha256 {})\nreleased by {} as {}; {}",
        o.file.path,
        o.file.media_type,
        o.file.bytes,
        o.file.sha256,
        o.released_by,
        o.delivered_as,
        o.service_name.as_deref().unwrap_or("document")
    )
}

#[derive(Serialize)]
struct ServiceList {
    query: Option<String>,
    services: Vec<service_catalogue::Service>,
}

fn services(args: &ServicesArgs) -> Result<()> {
    let list = ServiceList {
        query: args.search.clone(),
        services: service_catalogue::search(args.search.as_deref().unwrap_or("")),
    };
    print(args.json, &list, |l| {
        let mut text = String::new();
        for s in &l.services {
            text.push_str(&format!(
                "{:<8}  {}  ({})\n",
                s.service_code, s.service_name, s.department
            ));
        }
        if l.services.is_empty() {
            text.push_str("no service matches; try fewer words or a department code\n");
        }
        text
    })
}
