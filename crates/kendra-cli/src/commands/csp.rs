//! `kendra csp …`: the signing officer's ADSS CSP workflow (log in, certificates, sign hashes or
//! files with a progress display while approval is pending) and the CSP administration (users
//! and their certificates). Every command takes `--profile` and `--json`; the work is
//! kendra-workflows' `csp_signing`, this file only parses, asks for secrets and prints.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use kendra_client::csp_client::CspLogin;
use kendra_journal::Actor;
use kendra_wire::csp::user_messages::{RegisterUserRequest, UpdateUserRequest, UserStatus};
use kendra_workflows::csp_signing::pdf_signature::{
    PdfSignProgress, PdfSignReport, PdfSignRequest,
};
use kendra_workflows::csp_signing::sign_job::{DEFAULT_POLL_INTERVAL, DEFAULT_TIME_LIMIT};
use kendra_workflows::csp_signing::{
    ist, CertificateView, CspSigning, DocumentDigest, NewCertificate, SignJob, SignProgress,
    SignReport,
};
use secrecy::SecretString;
use serde::Serialize;
use serde_json::json;

use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::json_output::{fail, print};

#[derive(Debug, Subcommand)]
pub enum CspCommand {
    /// Check the service and the profile's credentials: sign in and show who is signed in.
    Login(Common),
    /// The service's status (no sign-in needed).
    Status(Common),
    /// The service's version.
    About(Common),
    /// The password policy of the profile's CSP service profile (or --profile-id).
    Policy(PolicyArgs),
    /// OTP and lock-out settings.
    Settings(Common),
    /// The signed-in officer's certificates.
    Certs(Common),
    /// Sign SHA-256 hashes (--hash) or files (hashed here) with a certificate; waits for
    /// approval with a progress display and verifies every signature before reporting success.
    Sign(SignArgs),
    /// Sign a PDF (PAdES, ETSI.CAdES.detached): IN is never changed, the signed copy is written to
    /// OUT as an incremental update; --visible stamps the signer, time and application number.
    SignPdf(SignPdfArgs),
    /// The signing requests this data folder's journal holds, newest first.
    History(HistoryArgs),
    /// User administration (signs in as the business application: client credentials).
    #[command(subcommand)]
    Users(UsersCommand),
    /// Certificate administration for any user (client credentials).
    #[command(subcommand)]
    UserCerts(UserCertsCommand),
}

#[derive(Debug, Args)]
pub struct Common {
    /// The CSP profile (`kendra profile list`).
    #[arg(long)]
    profile: String,
    /// One JSON document on stdout (docs/cli.md).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(flatten)]
    common: Common,
    /// The CSP service profile whose policy to show (default: the signing profile's).
    #[arg(long)]
    profile_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    #[command(flatten)]
    common: Common,
    /// The certificate alias to sign with (`kendra csp certs`).
    #[arg(long = "cert", value_name = "ALIAS")]
    cert: String,
    /// A SHA-256 hash to sign, 64 hex digits (repeatable).
    #[arg(long = "hash", value_name = "HEX")]
    hashes: Vec<String>,
    /// Files to sign: each is hashed here with SHA-256, only the hash is sent.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Seconds to wait for approval before giving up.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIME_LIMIT.as_secs())]
    timeout: u64,
    /// How often to ask while approval is pending, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_POLL_INTERVAL.as_millis() as u64)]
    poll_ms: u64,
    /// Shown on the approving device.
    #[arg(long)]
    description: Option<String>,
    /// Ask for the certificate's password (certificates with auth_pass): prompted without echo
    /// on a terminal, else the first line of stdin.
    #[arg(long)]
    cert_password: bool,
    /// Also write each signature (raw PKCS#1 bytes) to DIR/<document name>.sig.
    #[arg(long, value_name = "DIR")]
    sig_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SignPdfArgs {
    #[command(flatten)]
    common: Common,
    /// The certificate alias to sign with (`kendra csp certs`).
    #[arg(long = "cert", value_name = "ALIAS")]
    cert: String,
    /// The PDF to sign (only read).
    #[arg(value_name = "IN")]
    input: PathBuf,
    /// Where to write the signed PDF.
    #[arg(value_name = "OUT")]
    output: PathBuf,
    /// Draw a stamp (signer, time in IST, application number) on the last page.
    #[arg(long)]
    visible: bool,
    /// The application number for the stamp and the approving device.
    #[arg(long = "application-no", value_name = "N")]
    application_no: Option<String>,
    /// The reason recorded in the signature (and on the stamp).
    #[arg(long, value_name = "R")]
    reason: Option<String>,
    /// Replace OUT if it exists.
    #[arg(long)]
    force: bool,
    /// Seconds to wait for approval before giving up.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIME_LIMIT.as_secs())]
    timeout: u64,
    /// How often to ask while approval is pending, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_POLL_INTERVAL.as_millis() as u64)]
    poll_ms: u64,
    /// Ask for the certificate's password (certificates with auth_pass): prompted without echo
    /// on a terminal, else the first line of stdin.
    #[arg(long)]
    cert_password: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this profile's requests.
    #[arg(long)]
    profile: Option<String>,
    /// At most this many (0: all).
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// A page of users.
    List {
        #[command(flatten)]
        common: Common,
        /// Start at this user (0-based).
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        size: u64,
    },
    /// One user.
    Show {
        #[command(flatten)]
        common: Common,
        user_id: String,
    },
    /// How many users there are.
    Count(Common),
    /// Register a user (the password, if any, from a prompt or stdin with --password).
    Add {
        #[command(flatten)]
        common: Common,
        user_id: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// Give the new user a password (prompted, or the first line of stdin).
        #[arg(long)]
        password: bool,
        /// The CSP service profile to register under (default: the signing profile's).
        #[arg(long)]
        profile_id: Option<String>,
    },
    /// Change a user's name or status.
    Update {
        #[command(flatten)]
        common: Common,
        user_id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
    },
    /// Delete a user.
    Delete {
        #[command(flatten)]
        common: Common,
        user_id: String,
    },
    /// Start a password reset: the service e-mails the user an OTP.
    ResetPassword {
        #[command(flatten)]
        common: Common,
        user_id: String,
    },
    /// Finish a password reset with the e-mailed OTP (new password prompted, or stdin).
    ConfirmReset {
        #[command(flatten)]
        common: Common,
        user_id: String,
        #[arg(long)]
        otp: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Active,
    Inactive,
    Blocked,
}

#[derive(Debug, Subcommand)]
pub enum UserCertsCommand {
    /// A user's certificates.
    List {
        #[command(flatten)]
        common: Common,
        user_id: String,
    },
    /// Add a certificate (PEM or DER file) to a user.
    Add {
        #[command(flatten)]
        common: Common,
        user_id: String,
        #[arg(long)]
        alias: String,
        #[arg(long = "cert", value_name = "FILE")]
        certificate: PathBuf,
        /// The issuing chain (PEM or DER).
        #[arg(long, value_name = "FILE")]
        chain: Option<PathBuf>,
        /// Signing with it asks for the certificate's password.
        #[arg(long)]
        auth_pass: bool,
        #[arg(long)]
        sam_user_id: Option<String>,
    },
    /// Remove a certificate from a user.
    Delete {
        #[command(flatten)]
        common: Common,
        user_id: String,
        alias: String,
    },
}

pub fn run(command: CspCommand, data: Option<&Path>) -> Result<()> {
    let json = match &command {
        CspCommand::Login(c)
        | CspCommand::Status(c)
        | CspCommand::About(c)
        | CspCommand::Settings(c)
        | CspCommand::Certs(c) => c.json,
        CspCommand::Policy(a) => a.common.json,
        CspCommand::Sign(a) => a.common.json,
        CspCommand::SignPdf(a) => a.common.json,
        CspCommand::History(a) => a.json,
        CspCommand::Users(u) => u.common().json,
        CspCommand::UserCerts(u) => u.common().json,
    };
    match execute(command, data) {
        Ok(()) => Ok(()),
        Err(error) => fail(json, error),
    }
}

impl UsersCommand {
    fn common(&self) -> &Common {
        match self {
            UsersCommand::List { common, .. }
            | UsersCommand::Show { common, .. }
            | UsersCommand::Add { common, .. }
            | UsersCommand::Update { common, .. }
            | UsersCommand::Delete { common, .. }
            | UsersCommand::ResetPassword { common, .. }
            | UsersCommand::ConfirmReset { common, .. } => common,
            UsersCommand::Count(common) => common,
        }
    }
}

impl UserCertsCommand {
    fn common(&self) -> &Common {
        match self {
            UserCertsCommand::List { common, .. }
            | UserCertsCommand::Add { common, .. }
            | UserCertsCommand::Delete { common, .. } => common,
        }
    }
}

fn execute(command: CspCommand, data: Option<&Path>) -> Result<()> {
    let data = DataDir::resolve(data)?;
    let context = ProfileContext::open(&data)?;
    if let CspCommand::History(args) = &command {
        return history(&context, args);
    }
    // Secrets typed by the officer are read before the runtime starts.
    let cert_password = match &command {
        CspCommand::Sign(a) if a.cert_password => Some(ask_secret("Certificate password: ")?),
        CspCommand::SignPdf(a) if a.cert_password => Some(ask_secret("Certificate password: ")?),
        _ => None,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::BadOption {
            option: "kendra csp",
            problem: format!("the async runtime could not start: {e}"),
        })?;
    runtime.block_on(dispatch(&context, command, cert_password))
}

fn session<'a>(
    context: &'a ProfileContext,
    common: &Common,
    login: Option<CspLogin>,
) -> Result<CspSigning<'a>> {
    let profiles = context.profiles();
    let client = match login {
        None => profiles.csp_client(&common.profile)?,
        Some(login) => profiles.csp_client_with_login(&common.profile, login)?,
    };
    Ok(CspSigning::new(
        context.journal(),
        Actor::Cli,
        common.profile.clone(),
        client,
    ))
}

/// Administration signs in as the business application.
const ADMIN: Option<CspLogin> = Some(CspLogin::ClientCredentials);

async fn dispatch(
    context: &ProfileContext,
    command: CspCommand,
    cert_password: Option<SecretString>,
) -> Result<()> {
    match command {
        CspCommand::History(_) => Ok(()),
        CspCommand::Login(c) => {
            let report = session(context, &c, None)?.login().await?;
            print(c.json, &report, |r| {
                let mut text = format!(
                    "signed in to {} ({}) with profile {} ({})\n",
                    r.base_url,
                    if r.link_encrypted {
                        "TLS"
                    } else {
                        "plain HTTP, not encrypted"
                    },
                    r.profile,
                    r.login
                );
                if let Some(user) = &r.user {
                    text.push_str(&format!(
                        "officer: {} ({}), {}, status {}\n",
                        user.user_name.as_deref().unwrap_or("-"),
                        user.user_id,
                        user.email.as_deref().unwrap_or("no e-mail"),
                        user.status
                            .as_ref()
                            .map(status_text)
                            .unwrap_or_else(|| "-".into())
                    ));
                }
                if let Some(n) = r.certificates {
                    text.push_str(&format!("certificates: {n} (`kendra csp certs`)\n"));
                }
                text.push_str(&format!(
                    "service: {}{}\nsession expires {}{}",
                    r.service_message,
                    r.service_description
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    r.expires_at.as_deref().unwrap_or("(no expiry given)"),
                    if r.renewable {
                        ", renewed automatically"
                    } else {
                        ""
                    }
                ));
                text
            })
        }
        CspCommand::Status(c) => {
            let status = session(context, &c, None)?.service_status().await?;
            let doc = json!({
                "running": status.is_running(),
                "message": status.message,
                "message_description": status.message_description,
            });
            print(c.json, &doc, |_| {
                format!(
                    "{}{}",
                    status.message,
                    status
                        .message_description
                        .as_deref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                )
            })
        }
        CspCommand::About(c) => {
            let about = session(context, &c, None)?.about().await?;
            print(c.json, &about, |a| {
                format!(
                    "ADSS CSP version {}{}",
                    a.version,
                    a.build_number
                        .as_deref()
                        .map(|b| format!(", build {b}"))
                        .unwrap_or_default()
                )
            })
        }
        CspCommand::Policy(a) => {
            let policy = session(context, &a.common, None)?
                .password_policy(a.profile_id.as_deref())
                .await?;
            print(a.common.json, &policy, |p| {
                let flag = |f: Option<bool>| match f {
                    Some(true) => "required",
                    Some(false) => "not required",
                    None => "not said",
                };
                format!(
                    "length {}–{} characters; capital and small letters: {}; a digit and a special character: {}",
                    p.min_pass_length.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
                    p.max_pass_length.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
                    flag(p.upper_lower_letters),
                    flag(p.digits_and_special_char)
                )
            })
        }
        CspCommand::Settings(c) => {
            let settings = session(context, &c, None)?.advance_settings().await?;
            let doc = json!({
                "otp_expiry_time": settings.otp_expiry_time,
                "otp_length": settings.otp_length,
                "user_auth_retries_limit": settings.user_auth_retries_limit,
                "user_block_period": settings.user_block_period,
            });
            print(c.json, &doc, |_| {
                let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
                format!(
                    "OTP: {} digits, valid {} s; {} wrong passwords block a user for {} s",
                    n(settings.otp_length),
                    n(settings.otp_expiry_time),
                    n(settings.user_auth_retries_limit),
                    n(settings.user_block_period)
                )
            })
        }
        CspCommand::Certs(c) => {
            let certificates = session(context, &c, None)?.certificates().await?;
            let doc = json!({ "profile": c.profile, "certificates": certificates });
            print(c.json, &doc, |_| certificate_table(&certificates))
        }
        CspCommand::Sign(a) => sign(context, a, cert_password).await,
        CspCommand::SignPdf(a) => sign_pdf(context, a, cert_password).await,
        CspCommand::Users(command) => users(context, command).await,
        CspCommand::UserCerts(command) => user_certs(context, command).await,
    }
}

async fn sign(
    context: &ProfileContext,
    args: SignArgs,
    cert_password: Option<SecretString>,
) -> Result<()> {
    let mut documents = Vec::new();
    for (index, hash) in args.hashes.iter().enumerate() {
        documents.push(DocumentDigest::from_hex(
            format!("hash-{}", index + 1),
            hash,
        )?);
    }
    for file in &args.files {
        documents.push(DocumentDigest::from_file(file)?);
    }
    if documents.is_empty() {
        return Err(CliError::BadOption {
            option: "kendra csp sign",
            problem: "give hashes with --hash HEX or files to sign".into(),
        });
    }
    if args.timeout == 0 {
        return Err(CliError::BadOption {
            option: "--timeout",
            problem: "it must be at least 1 second".into(),
        });
    }
    let mut job = SignJob::new(args.cert.clone(), documents);
    job.time_limit = Duration::from_secs(args.timeout);
    job.poll_interval = Duration::from_millis(args.poll_ms.max(100));
    job.description = args.description.clone();
    job.cert_password = cert_password;
    let signing = session(context, &args.common, None)?;
    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(120));
    let mut progress = |step: &SignProgress| match step {
        SignProgress::Preparing { cert_alias } => {
            bar.set_message(format!("checking certificate {cert_alias}…"))
        }
        SignProgress::Requested { documents } => {
            bar.set_message(format!("sending {documents} hash(es) for signing…"))
        }
        SignProgress::Pending {
            request_id,
            elapsed,
            time_limit,
            ..
        } => bar.set_message(format!(
            "request {request_id}: waiting for approval on your device, {} s of {} s",
            elapsed.as_secs(),
            time_limit.as_secs()
        )),
        SignProgress::Verifying { signatures } => {
            bar.set_message(format!("verifying {signatures} signature(s)…"))
        }
    };
    let result = signing.sign(&job, &mut progress).await;
    bar.finish_and_clear();
    let report = result?;
    if let Some(dir) = &args.sig_dir {
        write_signatures(dir, &report)?;
    }
    print(args.common.json, &report, sign_text)
}

async fn sign_pdf(
    context: &ProfileContext,
    args: SignPdfArgs,
    cert_password: Option<SecretString>,
) -> Result<()> {
    if args.timeout == 0 {
        return Err(CliError::BadOption {
            option: "--timeout",
            problem: "it must be at least 1 second".into(),
        });
    }
    let mut request = PdfSignRequest::new(&args.input, &args.output, args.cert.clone());
    request.cert_password = cert_password;
    request.visible = args.visible;
    request.application_no = args.application_no.clone();
    request.reason = args.reason.clone();
    request.force = args.force;
    request.time_limit = Duration::from_secs(args.timeout);
    request.poll_interval = Duration::from_millis(args.poll_ms.max(100));
    let signing = session(context, &args.common, None)?;
    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(120));
    let mut progress = |step: &PdfSignProgress| match step {
        PdfSignProgress::Read { pages, bytes } => {
            bar.set_message(format!("read the PDF: {pages} page(s), {bytes} bytes"))
        }
        PdfSignProgress::Signing(SignProgress::Preparing { cert_alias }) => {
            bar.set_message(format!("checking certificate {cert_alias}…"))
        }
        PdfSignProgress::Signing(SignProgress::Requested { .. }) => {
            bar.set_message("sending the signature's hash for signing…")
        }
        PdfSignProgress::Signing(SignProgress::Pending {
            request_id,
            elapsed,
            time_limit,
            ..
        }) => bar.set_message(format!(
            "request {request_id}: waiting for approval on your device, {} s of {} s",
            elapsed.as_secs(),
            time_limit.as_secs()
        )),
        PdfSignProgress::Signing(SignProgress::Verifying { .. }) => {
            bar.set_message("verifying the signature…")
        }
        PdfSignProgress::Writing { path } => bar.set_message(format!("writing {path}…")),
    };
    let result = signing.sign_pdf(&request, &mut progress).await;
    bar.finish_and_clear();
    let report = result?;
    print(args.common.json, &report, sign_pdf_text)
}

fn sign_pdf_text(report: &PdfSignReport) -> String {
    format!(
        "signed {} → {}\nsigner {} (certificate {}), {} at {}, request {}, after {:.1} s\nfield {} on page {}{}; PAdES {}, {} bytes added",
        report.input,
        report.output,
        report.signer,
        report.cert_alias,
        if report.visible { "stamped" } else { "invisible" },
        report.signed_at,
        report.request_id.as_deref().unwrap_or("-"),
        report.waited_ms as f64 / 1000.0,
        report.field_name,
        report.page,
        report
            .application_no
            .as_deref()
            .map(|n| format!(", application {n}"))
            .unwrap_or_default(),
        report.sub_filter,
        report.output_bytes.saturating_sub(report.input_bytes),
    )
}

fn sign_text(report: &SignReport) -> String {
    let mut text = format!(
        "signed and verified with {} ({}), request {}, after {:.1} s\n",
        report.cert_alias,
        report.certificate.subject.as_deref().unwrap_or("?"),
        report.request_id.as_deref().unwrap_or("-"),
        report.waited_ms as f64 / 1000.0
    );
    for doc in &report.documents {
        text.push_str(&format!(
            "{}  sha256 {}  signature {}\n",
            doc.name, doc.sha256, doc.signature_base64
        ));
    }
    text
}

fn write_signatures(dir: &Path, report: &SignReport) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| CliError::BadOption {
        option: "--sig-dir",
        problem: format!("{} cannot be created: {e}", dir.display()),
    })?;
    for doc in &report.documents {
        let name: String = doc
            .name
            .chars()
            .map(|c| if c == '/' || c == '\\' { '_' } else { c })
            .collect();
        let path = dir.join(format!("{name}.sig"));
        std::fs::write(&path, &doc.signature).map_err(|e| CliError::BadOption {
            option: "--sig-dir",
            problem: format!("{} cannot be written: {e}", path.display()),
        })?;
    }
    Ok(())
}

fn history(context: &ProfileContext, args: &HistoryArgs) -> Result<()> {
    let rows = context
        .journal()
        .signing_requests(args.profile.as_deref(), args.limit)?;
    let at = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(ist)
            .unwrap_or_else(|| ms.to_string())
    };
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id.to_string(),
                "profile": r.profile,
                "document": r.document,
                "hash_algo": r.hash_algo,
                "sha256": r.hash_hex,
                "state": r.state,
                "request_id": r.peer_ref,
                "detail": r.detail,
                "created_at": at(r.created_ms),
                "updated_at": at(r.updated_ms),
            })
        })
        .collect();
    let doc = json!({ "signing_requests": items });
    print(args.json, &doc, |_| {
        let mut text = format!(
            "{:>5}  {:<25}  {:<11}  {:<12}  {:<24}  {}\n",
            "id", "updated (IST)", "state", "request", "profile", "document"
        );
        for r in &rows {
            text.push_str(&format!(
                "{:>5}  {:<25}  {:<11}  {:<12}  {:<24}  {}\n",
                r.id,
                at(r.updated_ms),
                r.state,
                r.peer_ref.as_deref().unwrap_or("-"),
                r.profile.as_deref().unwrap_or("-"),
                r.document
            ));
        }
        if rows.is_empty() {
            text.push_str("(no signing requests yet)\n");
        }
        text
    })
}

#[derive(Serialize)]
struct Done<'a> {
    user_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cert_alias: Option<&'a str>,
    action: &'static str,
}

async fn users(context: &ProfileContext, command: UsersCommand) -> Result<()> {
    let json = command.common().json;
    let admin = session(context, command.common(), ADMIN)?;
    let done = |user_id: &str, action: &'static str| {
        print(
            json,
            &Done {
                user_id,
                cert_alias: None,
                action,
            },
            |d| format!("user {}: {}", d.user_id, d.action),
        )
    };
    match &command {
        UsersCommand::List { start, size, .. } => {
            let page = admin.users(*start, *size).await?;
            let doc =
                json!({ "start": start, "size": size, "total": page.total, "users": page.users });
            print(json, &doc, |_| {
                let mut text = format!(
                    "{:<20}  {:<24}  {:<28}  {:<8}  {}\n",
                    "user_id", "name", "e-mail", "status", "profile"
                );
                for u in &page.users {
                    text.push_str(&format!(
                        "{:<20}  {:<24}  {:<28}  {:<8}  {}\n",
                        u.user_id,
                        u.user_name.as_deref().unwrap_or("-"),
                        u.email.as_deref().unwrap_or("-"),
                        u.status
                            .as_ref()
                            .map(status_text)
                            .unwrap_or_else(|| "-".into()),
                        u.profile_id.as_deref().unwrap_or("-")
                    ));
                }
                if let Some(total) = page.total {
                    text.push_str(&format!(
                        "{} of {total} user(s) from {start}\n",
                        page.users.len()
                    ));
                }
                text
            })
        }
        UsersCommand::Show { user_id, .. } => {
            let user = admin.user(user_id).await?;
            print(json, &user, |u| {
                format!(
                    "{} ({}), {}, status {}, profile {}",
                    u.user_name.as_deref().unwrap_or("-"),
                    u.user_id,
                    u.email.as_deref().unwrap_or("no e-mail"),
                    u.status
                        .as_ref()
                        .map(status_text)
                        .unwrap_or_else(|| "-".into()),
                    u.profile_id.as_deref().unwrap_or("-")
                )
            })
        }
        UsersCommand::Count(_) => {
            let count = admin.user_count().await?;
            print(json, &json!({ "user_count": count }), |_| {
                format!(
                    "{} user(s)",
                    count.map(|n| n.to_string()).unwrap_or_else(|| "?".into())
                )
            })
        }
        UsersCommand::Add {
            user_id,
            email,
            name,
            password,
            profile_id,
            ..
        } => {
            let user_password = if *password {
                Some(ask_secret("New user's password: ")?)
            } else {
                None
            };
            let request = RegisterUserRequest {
                user_id: user_id.clone(),
                user_name: name.clone(),
                user_password,
                email: email.clone(),
                profile_id: profile_id.clone(),
            };
            admin.register_user(&request).await?;
            done(user_id, "registered")
        }
        UsersCommand::Update {
            user_id,
            name,
            status,
            ..
        } => {
            let change = UpdateUserRequest {
                user_name: name.clone(),
                status: status.map(|s| match s {
                    StatusArg::Active => UserStatus::Active,
                    StatusArg::Inactive => UserStatus::Inactive,
                    StatusArg::Blocked => UserStatus::Blocked,
                }),
            };
            admin.update_user(user_id, &change).await?;
            done(user_id, "updated")
        }
        UsersCommand::Delete { user_id, .. } => {
            admin.delete_user(user_id).await?;
            done(user_id, "deleted")
        }
        UsersCommand::ResetPassword { user_id, .. } => {
            admin.reset_password(user_id).await?;
            done(user_id, "reset_otp_sent")
        }
        UsersCommand::ConfirmReset { user_id, otp, .. } => {
            let new_password = ask_secret("New password: ")?;
            let otp = SecretString::from(otp.clone());
            admin
                .confirm_reset_password(user_id, &new_password, &otp)
                .await?;
            done(user_id, "password_reset")
        }
    }
}

async fn user_certs(context: &ProfileContext, command: UserCertsCommand) -> Result<()> {
    let json = command.common().json;
    let admin = session(context, command.common(), ADMIN)?;
    match &command {
        UserCertsCommand::List { user_id, .. } => {
            let certificates = admin.user_certificates(user_id).await?;
            let doc = json!({ "user_id": user_id, "certificates": certificates });
            print(json, &doc, |_| certificate_table(&certificates))
        }
        UserCertsCommand::Add {
            user_id,
            alias,
            certificate,
            chain,
            auth_pass,
            sam_user_id,
            ..
        } => {
            let read = |option: &'static str, path: &Path| {
                std::fs::read(path).map_err(|e| CliError::BadOption {
                    option,
                    problem: format!("{} cannot be read: {e}", path.display()),
                })
            };
            let certificate_der = read("--cert", certificate)?;
            let chain_der = match chain {
                Some(path) => Some(
                    kendra_workflows::csp_signing::signing_certificate::certificate_der_from_file_bytes(
                        "--chain",
                        &read("--chain", path)?,
                    )?,
                ),
                None => None,
            };
            admin
                .add_user_certificate(
                    user_id,
                    NewCertificate {
                        cert_alias: alias.clone(),
                        sam_user_id: sam_user_id.clone(),
                        auth_pass: *auth_pass,
                        certificate_der,
                        chain_der,
                    },
                )
                .await?;
            print(
                json,
                &Done {
                    user_id,
                    cert_alias: Some(alias),
                    action: "added",
                },
                |d| format!("certificate {alias} added to user {}", d.user_id),
            )
        }
        UserCertsCommand::Delete { user_id, alias, .. } => {
            admin.delete_user_certificate(user_id, alias).await?;
            print(
                json,
                &Done {
                    user_id,
                    cert_alias: Some(alias),
                    action: "deleted",
                },
                |d| format!("certificate {alias} removed from user {}", d.user_id),
            )
        }
    }
}

fn certificate_table(certificates: &[CertificateView]) -> String {
    let mut text = String::new();
    for c in certificates {
        text.push_str(&format!(
            "{}\n  subject  {}\n  issuer   {}\n  valid    {} to {}{}\n  key      {}{}\n  sha256   {}\n",
            c.cert_alias,
            c.subject.as_deref().unwrap_or("?"),
            c.issuer.as_deref().unwrap_or("?"),
            c.not_before.as_deref().unwrap_or("?"),
            c.not_after.as_deref().unwrap_or("?"),
            if c.valid_now { "" } else { " (NOT valid now)" },
            c.key.as_deref().unwrap_or("?"),
            if c.auth_pass { ", asks for its password" } else { "" },
            c.sha256_fingerprint
        ));
        if let Some(problem) = &c.problem {
            text.push_str(&format!("  cannot sign: {problem}\n"));
        }
    }
    if certificates.is_empty() {
        text.push_str("(no certificates)\n");
    }
    text
}

fn status_text(status: &UserStatus) -> String {
    match status {
        UserStatus::Active => "ACTIVE".into(),
        UserStatus::Inactive => "INACTIVE".into(),
        UserStatus::Blocked => "BLOCKED".into(),
        UserStatus::Other(other) => other.clone(),
    }
}

/// A secret typed without echo on a terminal, else the first line of stdin.
fn ask_secret(prompt: &str) -> Result<SecretString> {
    let text = if std::io::stdin().is_terminal() {
        zeroize::Zeroizing::new(rpassword::prompt_password(prompt).map_err(|e| {
            CliError::ReadStdin {
                input: "the password",
                detail: e.to_string(),
            }
        })?)
    } else {
        let text = zeroize::Zeroizing::new(crate::io_text::read_stdin_text("the password")?);
        zeroize::Zeroizing::new(text.lines().next().unwrap_or_default().to_owned())
    };
    if text.is_empty() {
        return Err(CliError::BadOption {
            option: "password",
            problem: "it is empty".into(),
        });
    }
    Ok(SecretString::from(text.as_str()))
}
