//! `kendra`: the command-line face of Kendra Desk. It parses arguments, calls the core and
//! prints; every failure is one plain line on stderr and a non-zero exit, never a panic.

mod commands;
mod data_dir;
mod error;
mod io_text;
mod json_output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
    bsk::BskCommand, crypto::CryptoCommand, csp::CspCommand, dci::DciCommand, hs::HsCommand,
    isp::IspCommand, journal::JournalCommand, jwt::JwtCommand, outbox::OutboxCommand,
    profile::ProfileCommand, sandbox::SandboxArgs,
};

#[derive(Debug, Parser)]
#[command(
    name = "kendra",
    version,
    about = "Kendra Desk from the command line: secure, send and inspect messages for BSK, UP ISP, header-secrets, DCI and ADSS CSP peers"
)]
struct Cli {
    /// The data folder (journal; its profiles' secrets stay in the OS keyring). Default: the
    /// desktop app's, e.g. ~/.local/share/in.gov.wb.kendradesk. Give it before the command.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// AES-256-CBC as BSK (raw key and IV) and UP ISP (PBKDF2-derived key) use it.
    #[command(subcommand)]
    Crypto(CryptoCommand),
    /// HS256 JSON Web Tokens.
    #[command(subcommand)]
    Jwt(JwtCommand),
    /// DEO at a BSK counter: initiate a service, its status, the OTP gate, documents, DEO lookup.
    #[command(subcommand)]
    Bsk(BskCommand),
    /// DCI Social Registry: signed search, subscriptions, txn status; envelope sign/verify.
    #[command(subcommand)]
    Dci(DciCommand),
    /// ADSS CSP remote signing: log in, certificates, sign hashes or files, users.
    #[command(subcommand)]
    Csp(CspCommand),
    /// Serve the five simulated peers on 127.0.0.1 (or steer a running sandbox's faults).
    Sandbox(SandboxArgs),
    /// Integration profiles: settings in the journal, secrets in the OS keyring.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// UP ISP department side: session key, applicant details, redirect link; queue statuses.
    #[command(subcommand)]
    Isp(IspCommand),
    /// Everything that must reach a peer: list, drain, resend, cancel, export.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Search the journal and export a date range.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Header-secrets gateways: an application's status, or any call under the layer.
    #[command(subcommand)]
    Hs(HsCommand),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = err.print();
                return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // One line: clap's first line, without its own "error: " prefix.
            let text = err.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ");
            eprintln!("kendra: {first} (see kendra --help)");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Crypto(c) => commands::crypto::run(c, cli.data.as_deref()),
        Command::Jwt(c) => commands::jwt::run(c, cli.data.as_deref()),
        Command::Sandbox(a) => commands::sandbox::run(a),
        Command::Dci(c) => commands::dci::run(c, cli.data.as_deref()),
        Command::Bsk(c) => commands::bsk::run(c, cli.data.as_deref()),
        Command::Csp(c) => commands::csp::run(c, cli.data.as_deref()),
        Command::Profile(c) => data_dir::DataDir::resolve(cli.data.as_deref())
            .and_then(|data| commands::profile::run(c, &data)),
        Command::Outbox(c) => data_dir::DataDir::resolve(cli.data.as_deref())
            .and_then(|data| commands::outbox::run(&data, c)),
        Command::Isp(c) => data_dir::DataDir::resolve(cli.data.as_deref())
            .and_then(|data| commands::isp::run(&data, c)),
        Command::Journal(c) => data_dir::DataDir::resolve(cli.data.as_deref())
            .and_then(|data| commands::journal::run(&data, c)),
        Command::Hs(c) => data_dir::DataDir::resolve(cli.data.as_deref())
            .and_then(|data| commands::hs::run(&data, c)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kendra: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
