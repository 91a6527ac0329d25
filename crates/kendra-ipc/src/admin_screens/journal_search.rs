//! The Journal screen's commands: search applications by any identifier, open one (its status
//! history, its exchanges with the peer, its outbox items), and export a date range as JSON, CSV
//! or BSK API-7's answer.

use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::OutboxState;
use kendra_journal::search::{SearchHit, SearchQuery};
use kendra_journal::Peer;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::outbox::OutboxRow;
use super::{count, given, parse_id, AdminExchange, ExportFile};
use crate::error::Error;
use crate::ist_time;
use crate::{Desk, IpcError};

/// The search form; every field optional (blank means any), all given ones must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalQuery {
    #[ts(optional)]
    pub ticket_no: Option<String>,
    /// BSK `appNo` or ISP `application_id`.
    #[ts(optional)]
    pub application_no: Option<String>,
    #[ts(optional)]
    pub request_id: Option<String>,
    /// The citizen's mobile, any formatting (matched through a blind index).
    #[ts(optional)]
    pub mobile: Option<String>,
    /// The current status code (S104, …).
    #[ts(optional)]
    pub status: Option<String>,
    /// `bsk` or `isp`.
    #[ts(optional)]
    pub peer: Option<String>,
    /// Created on or after this IST day (`YYYY-MM-DD`).
    #[ts(optional)]
    pub from_date: Option<String>,
    /// Created on or before this IST day (`YYYY-MM-DD`).
    #[ts(optional)]
    pub to_date: Option<String>,
    /// At most this many (default 100).
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// One application found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalHit {
    /// The journal's application row.
    pub application_ref: String,
    pub peer: String,
    pub profile: Option<String>,
    pub user_id: Option<String>,
    pub ticket_no: Option<String>,
    pub app_no: Option<String>,
    pub request_id: Option<String>,
    pub application_id: Option<String>,
    pub service_code: Option<String>,
    pub current_status: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<SearchHit> for JournalHit {
    fn from(h: SearchHit) -> Self {
        JournalHit {
            application_ref: h.application_ref.to_string(),
            peer: h.peer,
            profile: h.profile,
            user_id: h.user_id,
            ticket_no: h.ticket_no,
            app_no: h.app_no,
            request_id: h.request_id,
            application_id: h.application_id,
            service_code: h.service_code,
            current_status: h.current_status,
            created_at: ist_time::iso(h.created_ms),
            updated_at: ist_time::iso(h.updated_ms),
        }
    }
}

fn search_query(q: JournalQuery) -> Result<SearchQuery, Error> {
    Ok(SearchQuery {
        from_ms: ist_time::optional_day("from date", q.from_date.as_deref(), 0)?,
        to_ms: ist_time::optional_day("to date", q.to_date.as_deref(), 1)?,
        ticket_no: given(q.ticket_no),
        application_no: given(q.application_no),
        request_id: given(q.request_id),
        mobile: given(q.mobile),
        status: given(q.status),
        peer: given(q.peer).map(|p| p.parse::<Peer>()).transpose()?,
        limit: q.limit.unwrap_or(100),
    })
}

pub fn journal_search(desk: &Desk, query: JournalQuery) -> Result<Vec<JournalHit>, IpcError> {
    let hits = desk
        .journal()
        .search(&search_query(query)?)
        .map_err(Error::from)?;
    Ok(hits.into_iter().map(JournalHit::from).collect())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalStatusEntry {
    pub status_code: String,
    pub status_text: Option<String>,
    pub remarks: Option<String>,
    /// When the department acted (as the status says), if known.
    pub action_taken_at: Option<String>,
    /// When Kendra recorded it.
    pub recorded_at: String,
    pub actor: String,
}

/// Answer of `journal_application`: one application's whole story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalApplication {
    pub hit: JournalHit,
    /// Oldest first.
    pub history: Vec<JournalStatusEntry>,
    /// Exchanges with the peer about it (its outbox deliveries, and calls naming its ids), oldest
    /// first.
    pub exchanges: Vec<AdminExchange>,
    /// Its outbox items (statuses or pushes to deliver), oldest first.
    pub outbox: Vec<OutboxRow>,
}

/// How many exchanges are read when looking for the ones about an application.
const EXCHANGE_SCAN: u32 = 5_000;

/// Opens one application found by `journal_search` (the hit is sent back as it came).
pub fn journal_application(desk: &Desk, hit: JournalHit) -> Result<JournalApplication, IpcError> {
    let reference = parse_id("application", &hit.application_ref)?;
    let journal = desk.journal();
    let history = journal
        .status_history(reference)
        .map_err(Error::from)?
        .into_iter()
        .map(|s| JournalStatusEntry {
            status_code: s.status_code,
            status_text: s.status_text,
            remarks: s.remarks,
            action_taken_at: s.action_taken_ms.map(ist_time::iso),
            recorded_at: ist_time::iso(s.recorded_ms),
            actor: s.actor,
        })
        .collect();
    let peer: Option<Peer> = hit.peer.parse().ok();
    // Its outbox items: ISP statuses are keyed by request_id, BSK pushes by ticket.
    let mut outbox = Vec::new();
    let mut attempt_exchange_ids = Vec::new();
    for key in [hit.request_id.as_ref(), hit.ticket_no.as_ref()]
        .into_iter()
        .flatten()
    {
        let items = journal
            .list_outbox(&OutboxFilter {
                peer,
                ordering_key: Some(key.clone()),
                ..OutboxFilter::default()
            })
            .map_err(Error::from)?;
        for item in &items {
            for a in journal.outbox_attempts(item.id).map_err(Error::from)? {
                attempt_exchange_ids.extend(a.exchange_id);
            }
            outbox.push(OutboxRow::from(item));
        }
    }
    // Its exchanges: those its outbox attempts name, and any other whose bodies carry one of its
    // identifiers (bodies are sealed at rest, so they are matched here, after opening).
    let ids: Vec<&String> = [
        hit.request_id.as_ref(),
        hit.ticket_no.as_ref(),
        hit.app_no.as_ref(),
        hit.application_id.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| s.len() >= 4)
    .collect();
    let created_ms = ist_time_ms(&hit.created_at);
    let mut exchanges: Vec<AdminExchange> = journal
        .exchanges(
            peer,
            created_ms.saturating_sub(3_600_000),
            i64::MAX,
            EXCHANGE_SCAN,
        )
        .map_err(Error::from)?
        .into_iter()
        .filter(|e| {
            attempt_exchange_ids.contains(&e.id)
                || [&e.record.request_body, &e.record.response_body]
                    .into_iter()
                    .flatten()
                    .any(|body| ids.iter().any(|id| body.contains(id.as_str())))
        })
        .map(AdminExchange::from)
        .collect();
    exchanges.sort_by(|a, b| a.started_at.cmp(&b.started_at));
    Ok(JournalApplication {
        hit,
        history,
        exchanges,
        outbox,
    })
}

/// The milliseconds of an ISO time this module wrote (`YYYY-MM-DDTHH:MM:SS.mmm+05:30`); 0 when
/// unreadable, which only widens the exchange search.
fn ist_time_ms(iso: &str) -> i64 {
    let Some(day) = iso.get(..10) else { return 0 };
    let Ok(start) = ist_time::day_start_ms("created", day, 0) else {
        return 0;
    };
    let part =
        |r: std::ops::Range<usize>| iso.get(r).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    start + part(11..13) * 3_600_000 + part(14..16) * 60_000 + part(17..19) * 1000 + part(20..23)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum JournalExportFormat {
    /// Every application created in the range, as a JSON array.
    Json,
    /// The same as CSV, one application a row.
    Csv,
    /// BSK API-7's answer: the range's API-2 pushes (draft and final), ids and amounts exact.
    Api7,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalExportRequest {
    /// First IST day (`YYYY-MM-DD`).
    pub from_date: String,
    /// Last IST day, included.
    pub to_date: String,
    pub format: JournalExportFormat,
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn hits_csv(hits: &[SearchHit]) -> String {
    let mut out = String::from(
        "application_ref,peer,profile,user_id,ticket_no,app_no,request_id,application_id,service_code,current_status,created_at,updated_at\r\n",
    );
    for h in hits {
        let o = |v: &Option<String>| csv_field(v.as_deref().unwrap_or(""));
        let row = [
            h.application_ref.to_string(),
            csv_field(&h.peer),
            o(&h.profile),
            o(&h.user_id),
            o(&h.ticket_no),
            o(&h.app_no),
            o(&h.request_id),
            o(&h.application_id),
            o(&h.service_code),
            o(&h.current_status),
            ist_time::iso(h.created_ms),
            ist_time::iso(h.updated_ms),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// API-7: the BSK API-2 pushes queued in the range (cancelled ones left out), each as its wire
/// JSON with `statusCode` 200, exactly as `kendra journal export --api7` prints them.
fn api7(desk: &Desk, from_ms: i64, to_ms: i64) -> Result<(String, u32), Error> {
    let filter = OutboxFilter {
        peer: Some(Peer::Bsk),
        from_ms: Some(from_ms),
        to_ms: Some(to_ms),
        ..OutboxFilter::default()
    };
    let mut rows = Vec::new();
    for item in desk.journal().list_outbox(&filter)? {
        if item.endpoint_kind != kendra_outbox::BSK_API2_PUSH
            || item.state == OutboxState::Cancelled
        {
            continue;
        }
        let push: kendra_client::Api2Submission = serde_json::from_value(item.payload.clone())
            .map_err(|e| Error::InvalidInput {
                field: "API-7 export",
                reason: format!("outbox item {} is not an API-2 submission: {e}", item.id),
            })?;
        let wire = push.wire_json(false, false);
        let row = match wire.strip_suffix('}') {
            Some(open) if !wire.contains("\"statusCode\"") => {
                format!("{open},\"statusCode\":200}}")
            }
            _ => wire,
        };
        rows.push(row);
    }
    let n = count(rows.len());
    Ok((format!("[{}]\n", rows.join(",")), n))
}

pub fn journal_export(desk: &Desk, request: JournalExportRequest) -> Result<ExportFile, IpcError> {
    let from_ms = ist_time::day_start_ms("from date", &request.from_date, 0)?;
    let to_ms = ist_time::day_start_ms("to date", &request.to_date, 1)?;
    if to_ms <= from_ms {
        return Err(Error::InvalidInput {
            field: "to date",
            reason: "it is before the from date".into(),
        }
        .into());
    }
    let range = format!("{}_{}", request.from_date.trim(), request.to_date.trim());
    if request.format == JournalExportFormat::Api7 {
        let (text, records) = api7(desk, from_ms, to_ms)?;
        return Ok(ExportFile {
            file_name: format!("kendra-api7-{range}.json"),
            mime_type: "application/json".into(),
            text,
            records,
        });
    }
    let hits = desk
        .journal()
        .search(&SearchQuery {
            from_ms: Some(from_ms),
            to_ms: Some(to_ms),
            limit: u32::MAX,
            ..SearchQuery::default()
        })
        .map_err(Error::from)?;
    let records = count(hits.len());
    Ok(match request.format {
        JournalExportFormat::Csv => ExportFile {
            file_name: format!("kendra-journal-{range}.csv"),
            mime_type: "text/csv".into(),
            text: hits_csv(&hits),
            records,
        },
        _ => {
            let rows: Vec<JournalHit> = hits.into_iter().map(JournalHit::from).collect();
            ExportFile {
                file_name: format!("kendra-journal-{range}.json"),
                mime_type: "application/json".into(),
                text: serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into()),
                records,
            }
        }
    })
}
