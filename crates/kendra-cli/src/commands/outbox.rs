//! `kendra outbox …`: what must reach a peer, and the admin's levers over it.

use std::sync::Arc;

use clap::{Args, Subcommand, ValueEnum};
use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::retry_policy::RetryPolicy;
use kendra_journal::outbox::{FailureClass, OutboxItem, OutboxState};
use kendra_journal::{Actor, Journal, Peer};

use crate::commands::dates::{ist_day_start_ms, ist_time};
use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::io_text::write_stdout;

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List deliveries, oldest first, with filters.
    List(ListArgs),
    /// Deliver everything due now, in order per request, with a progress bar; exits when nothing
    /// more is due (what waits for a retry or a human is summarised).
    Drain(DrainArgs),
    /// Resend now: the given ids, or --all-failed.
    Resend(ResendArgs),
    /// Print the default retry policy (JSON), a starting point for `drain --policy`.
    Policy,
    /// Replace an undelivered item's payload (the original is kept and audited) and make it due now.
    Edit(EditArgs),
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
pub struct DrainArgs {
    /// Deliveries in flight at once (different requests only: each request stays in order).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// The retry policy per failure class, as JSON (see `kendra outbox policy` for the default).
    #[arg(long, value_name = "FILE")]
    policy: Option<std::path::PathBuf>,
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
pub struct EditArgs {
    id: i64,
    /// The corrected payload: a JSON object with the manual's field names (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    json: std::path::PathBuf,
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

pub fn run(data: &DataDir, command: OutboxCommand) -> Result<()> {
    if let OutboxCommand::Drain(args) = command {
        return drain(
            data,
            args.concurrency,
            retry_policy(args.policy.as_deref())?,
        );
    }
    if let OutboxCommand::Policy = command {
        let text = serde_json::to_string_pretty(&RetryPolicy::default()).unwrap_or_default();
        return write_stdout(format!("{text}\n").as_bytes());
    }
    let journal = Journal::open(data.path())?;
    match command {
        OutboxCommand::Drain(_) | OutboxCommand::Policy => Ok(()),
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
        OutboxCommand::Edit(args) => {
            let text = if args.json.as_os_str() == "-" {
                crate::io_text::read_stdin_text("payload JSON")?
            } else {
                std::fs::read_to_string(&args.json).map_err(|e| CliError::BadOption {
                    option: "--json",
                    problem: format!("{} cannot be read: {e}", args.json.display()),
                })?
            };
            let payload: serde_json::Value = match serde_json::from_str(&text) {
                Ok(v @ serde_json::Value::Object(_)) => v,
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
            };
            journal.edit_payload(&Actor::Cli, args.id, &payload)?;
            write_stdout(
                format!("outbox item {} edited (original kept) and due now; run `kendra outbox drain`\n", args.id).as_bytes(),
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

/// Builds a client for every complete ISP and BSK profile, then drains.
fn retry_policy(file: Option<&std::path::Path>) -> Result<RetryPolicy> {
    let Some(file) = file else {
        return Ok(RetryPolicy::default());
    };
    let text = std::fs::read_to_string(file).map_err(|e| CliError::BadOption {
        option: "--policy",
        problem: format!("{} cannot be read: {e}", file.display()),
    })?;
    serde_json::from_str(&text).map_err(|e| CliError::BadOption {
        option: "--policy",
        problem: format!(
            "{} is not a retry policy: {e} (start from `kendra outbox policy`)",
            file.display()
        ),
    })
}

fn drain(data: &DataDir, concurrency: usize, policy: RetryPolicy) -> Result<()> {
    let context = ProfileContext::open(data)?;
    let profiles = context.profiles();
    let mut clients = kendra_outbox::PeerClients::new();
    for view in profiles.list()? {
        let built = match view.peer {
            "isp" => profiles
                .isp_client(&view.name)
                .map(|c| clients.insert_isp(view.name.clone(), c)),
            "bsk" => profiles
                .bsk_client(&view.name)
                .map(|c| clients.insert_bsk(view.name.clone(), c)),
            _ => Ok(()),
        };
        if let Err(e) = built {
            eprintln!("kendra: profile {} cannot deliver now: {e}", view.name);
        }
    }
    let journal = Arc::new(context.reopen_journal()?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::SandboxUnreachable {
            url: "local runtime".into(),
            detail: e.to_string(),
        })?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} delivered  {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = |tick: kendra_outbox::DrainTick| {
        bar.set_length(tick.pending_at_start as u64);
        bar.set_position(tick.delivered as u64);
        bar.set_message(format!(
            "{} attempts, {} in flight",
            tick.attempts, tick.in_flight
        ));
    };
    let summary = runtime.block_on(kendra_outbox::drain(
        Arc::clone(&journal),
        Arc::new(clients),
        policy,
        concurrency.max(1),
        progress,
    ))?;
    bar.finish_and_clear();
    let mut report = format!(
        "delivered {}, {} attempt(s), {} waiting to retry, {} held for a person",
        summary.delivered, summary.attempts, summary.retry_scheduled, summary.held
    );
    if !summary.recovered.is_empty() {
        report.push_str(&format!(
            ", {} recovered from an interrupted run",
            summary.recovered.len()
        ));
    }
    if let Some(due) = summary.next_due_ms {
        report.push_str(&format!("; next retry due {} IST", ist_time(due)));
    }
    write_stdout(format!("{report}\n").as_bytes())
}
