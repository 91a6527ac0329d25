//! `kendra journal search|export`: find applications by any identifier, export a date range.

use clap::{Args, Subcommand};
use kendra_journal::search::{SearchHit, SearchQuery};
use kendra_journal::{Journal, Peer};

use crate::commands::dates::{ist_day_start_ms, ist_time};
use crate::data_dir::DataDir;
use crate::error::Result;
use crate::io_text::write_stdout;

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Find applications by ticket, application number, request_id, status, peer or dates.
    Search(SearchArgs),
    /// Every application created in a date range, as JSON.
    Export(ExportArgs),
    /// Erase citizen data (names, mobiles, e-mail, Aadhaar reference, addresses, birth dates)
    /// older than the retention; ids, statuses and times stay.
    Purge(PurgeArgs),
    /// Show the retention (days citizen data is kept; 30 unless changed), or set it. Every
    /// workflow command purges what is older when it opens the journal.
    Retention {
        /// The new retention in days (1 to 365).
        days: Option<u32>,
    },
    /// The exchanges with peers recorded in a date range: endpoint, timing, HTTP status, outcome,
    /// and the bodies (secrets removed; opened with the citizen key from the keyring).
    Exchanges(ExchangesArgs),
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Keep citizen data for this many days instead of the retention setting.
    #[arg(long)]
    days: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ExchangesArgs {
    /// bsk, isp, dci or csp.
    #[arg(long)]
    peer: Option<String>,
    /// From this day (YYYY-MM-DD, IST).
    #[arg(long)]
    from: Option<String>,
    /// To the end of this day (YYYY-MM-DD, IST).
    #[arg(long)]
    to: Option<String>,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    /// Leave the bodies out.
    #[arg(long)]
    no_bodies: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[arg(long)]
    ticket: Option<String>,
    /// BSK appNo or ISP application_id.
    #[arg(long)]
    application: Option<String>,
    #[arg(long)]
    request_id: Option<String>,
    /// The citizen's mobile number (matched through a blind index; needs the keyring).
    #[arg(long)]
    mobile: Option<String>,
    /// Current status code (S104, …).
    #[arg(long)]
    status: Option<String>,
    /// bsk or isp.
    #[arg(long)]
    peer: Option<String>,
    /// From this day (YYYY-MM-DD, IST).
    #[arg(long)]
    from: Option<String>,
    /// To the end of this day (YYYY-MM-DD, IST).
    #[arg(long)]
    to: Option<String>,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// First day (YYYY-MM-DD, IST).
    #[arg(long)]
    from: String,
    /// Last day, included (YYYY-MM-DD, IST).
    #[arg(long)]
    to: String,
    /// BSK API-7's answer instead: the JSON array of draft and final submissions (API-2 pushes)
    /// queued in the range, ids and amounts exactly as written.
    #[arg(long)]
    api7: bool,
}

pub fn run(data: &DataDir, command: JournalCommand) -> Result<()> {
    let needs_citizen_key = matches!(&command, JournalCommand::Search(a) if a.mobile.is_some())
        || matches!(&command, JournalCommand::Exchanges(a) if !a.no_bodies);
    let mut journal = Journal::open(data.path())?;
    if needs_citizen_key {
        let store = kendra_secrets::KeyringStore::new(data.keyring_app_id()?);
        journal = journal.with_citizen_key(&kendra_profiles::citizen_key(&store)?);
    }
    match command {
        JournalCommand::Search(a) => {
            let hits = journal.search(&SearchQuery {
                ticket_no: a.ticket,
                application_no: a.application,
                request_id: a.request_id,
                mobile: a.mobile,
                status: a.status,
                peer: a.peer.as_deref().map(str::parse::<Peer>).transpose()?,
                from_ms: a
                    .from
                    .as_deref()
                    .map(|d| ist_day_start_ms("--from", d, 0))
                    .transpose()?,
                to_ms: a
                    .to
                    .as_deref()
                    .map(|d| ist_day_start_ms("--to", d, 1))
                    .transpose()?,
                limit: a.limit,
            })?;
            if a.json {
                write_stdout(
                    format!(
                        "{}\n",
                        serde_json::to_string_pretty(&hits).unwrap_or_default()
                    )
                    .as_bytes(),
                )
            } else {
                write_stdout(table(&hits).as_bytes())
            }
        }
        JournalCommand::Retention { days } => {
            if let Some(days) = days {
                journal.set_retention_days(&kendra_journal::Actor::Cli, days)?;
            }
            let days = journal.retention_days()?;
            write_stdout(format!("citizen data is kept {days} days\n").as_bytes())
        }
        JournalCommand::Exchanges(a) => {
            let peer = a.peer.as_deref().map(str::parse::<Peer>).transpose()?;
            let from_ms = a
                .from
                .as_deref()
                .map(|d| ist_day_start_ms("--from", d, 0))
                .transpose()?
                .unwrap_or(0);
            let to_ms =
                a.to.as_deref()
                    .map(|d| ist_day_start_ms("--to", d, 1))
                    .transpose()?
                    .unwrap_or(i64::MAX);
            let mut rows = journal.exchanges(peer, from_ms, to_ms, a.limit)?;
            if a.no_bodies {
                for row in &mut rows {
                    row.record.request_body = None;
                    row.record.response_body = None;
                }
            }
            if a.json {
                let text = serde_json::to_string_pretty(&rows).unwrap_or_default();
                write_stdout(format!("{text}\n").as_bytes())
            } else {
                write_stdout(exchange_table(&rows).as_bytes())
            }
        }
        JournalCommand::Purge(a) => {
            let days = match a.days {
                Some(days) => days,
                None => journal.retention_days()?,
            };
            let report = journal.purge_citizen_data(&kendra_journal::Actor::Cli, days)?;
            write_stdout(
                format!(
                    "citizen data older than {} days erased: {} record(s), {} exchange bod(ies); ids, statuses and times kept\n",
                    days, report.citizen_records, report.exchange_bodies
                )
                .as_bytes(),
            )
        }
        JournalCommand::Export(a) if a.api7 => {
            let filter = kendra_journal::outbox::admin::OutboxFilter {
                peer: Some(Peer::Bsk),
                from_ms: Some(ist_day_start_ms("--from", &a.from, 0)?),
                to_ms: Some(ist_day_start_ms("--to", &a.to, 1)?),
                ..Default::default()
            };
            let mut rows = Vec::new();
            for item in journal.list_outbox(&filter)? {
                if item.endpoint_kind != kendra_outbox::BSK_API2_PUSH
                    || item.state == kendra_journal::outbox::OutboxState::Cancelled
                {
                    continue;
                }
                let push: kendra_client::Api2Submission =
                    serde_json::from_value(item.payload.clone()).map_err(|e| {
                        crate::error::CliError::BadOption {
                            option: "--api7",
                            problem: format!(
                                "outbox item {} is not an API-2 submission: {e}",
                                item.id
                            ),
                        }
                    })?;
                let wire = push.wire_json(false, false);
                // API-7 rows are API-2 pushes plus the status code of a good answer.
                let row = match wire.strip_suffix('}') {
                    Some(open) if !wire.contains("\"statusCode\"") => {
                        format!("{open},\"statusCode\":200}}")
                    }
                    _ => wire,
                };
                rows.push(row);
            }
            write_stdout(format!("[{}]\n", rows.join(",")).as_bytes())
        }
        JournalCommand::Export(a) => {
            let hits = journal.search(&SearchQuery {
                from_ms: Some(ist_day_start_ms("--from", &a.from, 0)?),
                to_ms: Some(ist_day_start_ms("--to", &a.to, 1)?),
                limit: u32::MAX,
                ..SearchQuery::default()
            })?;
            write_stdout(
                format!(
                    "{}\n",
                    serde_json::to_string_pretty(&hits).unwrap_or_default()
                )
                .as_bytes(),
            )
        }
    }
}

fn table(hits: &[SearchHit]) -> String {
    let mut out = format!(
        "{:<4}  {:<16}  {:<20}  {:<22}  {:<20}  {:<6}  {}\n",
        "peer", "profile", "ticket", "application", "request_id", "status", "updated (IST)"
    );
    for h in hits {
        out.push_str(&format!(
            "{:<4}  {:<16}  {:<20}  {:<22}  {:<20}  {:<6}  {}\n",
            h.peer,
            h.profile.as_deref().unwrap_or("-"),
            h.ticket_no.as_deref().unwrap_or("-"),
            h.app_no
                .as_deref()
                .or(h.application_id.as_deref())
                .unwrap_or("-"),
            h.request_id.as_deref().unwrap_or("-"),
            h.current_status.as_deref().unwrap_or("-"),
            ist_time(h.updated_ms)
        ));
    }
    if hits.is_empty() {
        out.push_str("(nothing found)\n");
    }
    out
}

fn exchange_table(rows: &[kendra_journal::exchanges::StoredExchange]) -> String {
    if rows.is_empty() {
        return "no exchanges in that range\n".to_owned();
    }
    let mut out = format!(
        "{:<25} {:<5} {:<9} {:<34} {:>6} {:>5}  {}\n",
        "started (IST)", "peer", "direction", "endpoint", "ms", "http", "outcome"
    );
    for row in rows {
        let r = &row.record;
        out.push_str(&format!(
            "{:<25} {:<5} {:<9} {:<34} {:>6} {:>5}  {}\n",
            ist_time(r.started_ms),
            r.peer.as_str(),
            r.direction.as_str(),
            r.endpoint,
            row.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
            r.http_status.map(|s| s.to_string()).unwrap_or_default(),
            r.outcome
        ));
    }
    out
}
