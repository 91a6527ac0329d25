//! `kendra outbox …`: what must reach a peer, and the admin's levers over it.

use std::path::Path;

use clap::{Args, Subcommand, ValueEnum};
use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::{FailureClass, OutboxItem, OutboxState};
use kendra_journal::{Actor, Journal, Peer};

use crate::commands::dates::{ist_day_start_ms, ist_time};
use crate::error::{CliError, Result};
use crate::io_text::write_stdout;

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List deliveries, oldest first, with filters.
    List(ListArgs),
    /// Resend now: the given ids, or --all-failed.
    Resend(ResendArgs),
    /// Cancel one delivery, with a reason kept in the audit trail.
    Cancel(CancelArgs),
    /// Export deliveries as CSV or JSON.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only these states (repeatable): queued, in_flight, delivered, retry_wait, held, cancelled.
    #[arg(long = "state")]
    states: Vec<String>,
    /// Only this failure class: network, timeout, http_4xx, http_5xx, peer_failed, token_expired, local_validation.
    #[arg(long)]
    class: Option<String>,
    /// Only this peer: bsk or isp.
    #[arg(long)]
    peer: Option<String>,
    #[arg(long)]
    profile: Option<String>,
    /// ISP request_id or BSK ticket.
    #[arg(long)]
    request: Option<String>,
    /// Created on or after this day (YYYY-MM-DD, IST).
    #[arg(long)]
    from: Option<String>,
    /// Created before the end of this day (YYYY-MM-DD, IST).
    #[arg(long)]
    to: Option<String>,
    /// At most this many (0: all).
    #[arg(long, default_value_t = 0)]
    limit: u32,
}

impl FilterArgs {
    fn filter(&self) -> Result<OutboxFilter> {
        let states = self
            .states
            .iter()
            .map(|s| s.parse::<OutboxState>())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(OutboxFilter {
            states,
            failure_class: self
                .class
                .as_deref()
                .map(str::parse::<FailureClass>)
                .transpose()?,
            peer: self.peer.as_deref().map(str::parse::<Peer>).transpose()?,
            profile: self.profile.clone(),
            from_ms: self
                .from
                .as_deref()
                .map(|d| ist_day_start_ms("--from", d, 0))
                .transpose()?,
            to_ms: self
                .to
                .as_deref()
                .map(|d| ist_day_start_ms("--to", d, 1))
                .transpose()?,
            ordering_key: self.request.clone(),
            limit: self.limit,
        })
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ResendArgs {
    /// Outbox ids.
    ids: Vec<i64>,
    /// Every failed or held delivery.
    #[arg(long, conflicts_with = "ids")]
    all_failed: bool,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    id: i64,
    /// Why (kept in the audit trail).
    #[arg(long)]
    reason: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    filter: FilterArgs,
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
}

pub fn run(data_dir: &Path, command: OutboxCommand) -> Result<()> {
    let journal = Journal::open(data_dir)?;
    match command {
        OutboxCommand::List(args) => {
            let items = journal.list_outbox(&args.filter.filter()?)?;
            if args.json {
                let text = serde_json::to_string_pretty(&items).unwrap_or_default();
                write_stdout(format!("{text}\n").as_bytes())
            } else {
                write_stdout(table(&items).as_bytes())
            }
        }
        OutboxCommand::Resend(args) => {
            let n = if args.all_failed {
                journal.resend_all_failed(&Actor::Cli)?
            } else if args.ids.is_empty() {
                return Err(CliError::BadOption {
                    option: "kendra outbox resend",
                    problem: "give outbox ids, or --all-failed".into(),
                });
            } else {
                journal.resend_now(&Actor::Cli, &args.ids)?
            };
            write_stdout(
                format!("{n} delivery(ies) due now; run `kendra outbox drain` to send them\n")
                    .as_bytes(),
            )
        }
        OutboxCommand::Cancel(args) => {
            journal.cancel(&Actor::Cli, args.id, &args.reason)?;
            write_stdout(format!("outbox item {} cancelled\n", args.id).as_bytes())
        }
        OutboxCommand::Export(args) => {
            let filter = args.filter.filter()?;
            match args.format {
                ExportFormat::Json => {
                    write_stdout(format!("{}\n", journal.export_outbox_json(&filter)?).as_bytes())
                }
                ExportFormat::Csv => {
                    let mut out = Vec::new();
                    journal.export_outbox_csv(&filter, &mut out)?;
                    write_stdout(&out)
                }
            }
        }
    }
}

fn table(items: &[OutboxItem]) -> String {
    let mut out = format!(
        "{:>6}  {:<4}  {:<16}  {:<22}  {:<5}  {:<10}  {:>3}  {:<19}  {}\n",
        "id",
        "peer",
        "profile",
        "request/ticket",
        "code",
        "state",
        "try",
        "due (IST)",
        "last failure"
    );
    for i in items {
        let failure = match (&i.last_failure_class, &i.last_failure_detail) {
            (Some(c), Some(d)) => format!("{c}: {d}"),
            (Some(c), None) => c.to_string(),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{:>6}  {:<4}  {:<16}  {:<22}  {:<5}  {:<10}  {:>3}  {:<19}  {}\n",
            i.id,
            i.peer.as_str(),
            i.profile,
            i.ordering_key,
            i.status_code.as_deref().unwrap_or("-"),
            i.state.as_str(),
            i.attempts,
            ist_time(i.due_ms),
            failure
        ));
    }
    if items.is_empty() {
        out.push_str("(nothing matches)\n");
    }
    out
}
