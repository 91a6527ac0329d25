//! The Explorer's history: every exchange the journal holds (the Explorer's own sends and every
//! workflow's), searchable, each with its request for replay; and the requests a tester saved
//! by name, kept in the data folder sealed with the journal's citizen key (a request may quote a
//! citizen's details), never in plain text.

use std::path::PathBuf;
use std::sync::Mutex;

use kendra_journal::citizen_cipher::CitizenCipher;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::api_catalog;
use crate::error::Error;
use crate::ist_time;
use crate::{Desk, IpcError, PeerId};

const SAVED_FILE: &str = "explorer-requests.sealed";
const SAVED_FIELD: &str = "explorer.saved_requests";
/// How far back the history looks in the journal.
const HISTORY_DAYS: i64 = 90;

/// Request of `explorer_history`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryQuery {
    /// Words to find in the endpoint, profile, outcome or bodies (case-insensitive); empty: all.
    pub text: String,
    #[ts(optional)]
    pub peer: Option<PeerId>,
    /// At most this many entries, newest first (100 when 0).
    pub limit: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HistoryKind {
    /// An exchange in the journal.
    Exchange,
    /// A request the tester saved by name.
    Saved,
}

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    pub kind: HistoryKind,
    /// The journal's exchange id, or the saved request's id.
    pub id: String,
    pub peer: Option<PeerId>,
    pub profile: Option<String>,
    /// The Explorer API it replays with, when the Explorer knows it.
    pub api: Option<String>,
    pub endpoint: String,
    /// The saved request's name.
    pub name: Option<String>,
    /// IST, ISO 8601.
    pub when: String,
    /// `SUCCESSFUL`, `FAILED`, `timeout`, …; `saved` for a saved request.
    pub outcome: String,
    pub http_status: Option<u16>,
    pub duration_ms: Option<u32>,
    /// The request as recorded (secrets masked), ready to replay.
    pub request: Option<String>,
}

/// Request of `explorer_save`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SaveRequest {
    /// Replaces this saved request when given.
    #[ts(optional)]
    pub id: Option<String>,
    pub name: String,
    pub profile: String,
    pub api: String,
    pub json: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SavedRequest {
    id: String,
    name: String,
    profile: String,
    api: String,
    json: String,
    saved_ms: i64,
}

static SAVED_LOCK: Mutex<()> = Mutex::new(());

fn peer_id(peer: kendra_journal::Peer) -> PeerId {
    match peer {
        kendra_journal::Peer::Bsk => PeerId::Bsk,
        kendra_journal::Peer::Isp => PeerId::Isp,
        kendra_journal::Peer::HeaderSecrets => PeerId::HeaderSecrets,
        kendra_journal::Peer::Dci => PeerId::Dci,
        kendra_journal::Peer::Csp => PeerId::Csp,
    }
}

fn api_id(peer: PeerId, endpoint: &str) -> Option<String> {
    api_catalog::catalog()
        .into_iter()
        .find(|a| a.peer == peer && a.name == endpoint)
        .map(|a| a.id)
}

fn saved_path(desk: &Desk) -> PathBuf {
    desk.data_dir().join(SAVED_FILE)
}

fn cipher(desk: &Desk) -> Result<CitizenCipher, IpcError> {
    let key = kendra_profiles::citizen_key(desk.store()).map_err(Error::from)?;
    Ok(CitizenCipher::new(&key))
}

fn file_error(action: &str, e: &std::io::Error) -> IpcError {
    IpcError::new(
        crate::ErrorCode::Internal,
        "Kendra Desk could not read or write its saved Explorer requests.",
    )
    .with_text(format!("{action}: {e}"))
}

fn load_saved(desk: &Desk) -> Result<Vec<SavedRequest>, IpcError> {
    let bytes = match std::fs::read(saved_path(desk)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(file_error("reading", &e)),
    };
    let text = cipher(desk)?
        .decrypt(SAVED_FIELD, &bytes)
        .map_err(Error::from)?;
    serde_json::from_str(&text).map_err(|e| {
        IpcError::new(
            crate::ErrorCode::Internal,
            "The saved Explorer requests could not be read.",
        )
        .with_text(e.to_string())
    })
}

fn store_saved(desk: &Desk, saved: &[SavedRequest]) -> Result<(), IpcError> {
    let text = serde_json::to_string(saved).map_err(|e| {
        IpcError::new(
            crate::ErrorCode::Internal,
            "The request could not be saved.",
        )
        .with_text(e.to_string())
    })?;
    let sealed = cipher(desk)?
        .encrypt(SAVED_FIELD, &text)
        .map_err(Error::from)?;
    let path = saved_path(desk);
    let temp = path.with_extension("sealed.tmp");
    std::fs::write(&temp, sealed).map_err(|e| file_error("writing", &e))?;
    std::fs::rename(&temp, &path).map_err(|e| file_error("replacing", &e))
}

fn saved_entry(s: &SavedRequest) -> HistoryEntry {
    HistoryEntry {
        kind: HistoryKind::Saved,
        id: s.id.clone(),
        peer: api_catalog::find(&s.api).map(|a| a.peer),
        profile: Some(s.profile.clone()),
        api: Some(s.api.clone()),
        endpoint: api_catalog::find(&s.api).map_or_else(|| s.api.clone(), |a| a.name),
        name: Some(s.name.clone()),
        when: ist_time::iso(s.saved_ms),
        outcome: "saved".to_owned(),
        http_status: None,
        duration_ms: None,
        request: Some(s.json.clone()),
    }
}

fn matches(entry: &HistoryEntry, words: &[String]) -> bool {
    let haystack = [
        Some(entry.endpoint.as_str()),
        entry.profile.as_deref(),
        entry.name.as_deref(),
        Some(entry.outcome.as_str()),
        entry.request.as_deref(),
        Some(entry.id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n")
    .to_lowercase();
    words.iter().all(|w| haystack.contains(w.as_str()))
}

/// Handler of `explorer_history`: saved requests first, then exchanges, newest first.
pub fn explorer_history(desk: &Desk, query: HistoryQuery) -> Result<Vec<HistoryEntry>, IpcError> {
    let limit = if query.limit == 0 { 100 } else { query.limit } as usize;
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let keep =
        |e: &HistoryEntry| query.peer.is_none_or(|p| e.peer == Some(p)) && matches(e, &words);
    let mut out: Vec<HistoryEntry> = {
        let _lock = SAVED_LOCK
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut saved = load_saved(desk)?;
        saved.sort_by_key(|s| std::cmp::Reverse(s.saved_ms));
        saved.iter().map(saved_entry).filter(|e| keep(e)).collect()
    };
    let now = desk.journal().now_ms();
    let journal_peer = query.peer.map(|p| match p {
        PeerId::Bsk => kendra_journal::Peer::Bsk,
        PeerId::Isp => kendra_journal::Peer::Isp,
        PeerId::HeaderSecrets => kendra_journal::Peer::HeaderSecrets,
        PeerId::Dci => kendra_journal::Peer::Dci,
        PeerId::Csp => kendra_journal::Peer::Csp,
    });
    let exchanges = desk
        .journal()
        .exchanges(
            journal_peer,
            now - HISTORY_DAYS * 86_400_000,
            now + 86_400_000,
            50_000,
        )
        .map_err(Error::from)?;
    for stored in exchanges.iter().rev() {
        if out.len() >= limit {
            break;
        }
        let record = &stored.record;
        let peer = peer_id(record.peer);
        let entry = HistoryEntry {
            kind: HistoryKind::Exchange,
            id: stored.id.to_string(),
            peer: Some(peer),
            profile: record.profile.clone(),
            api: api_id(peer, &record.endpoint),
            endpoint: record.endpoint.clone(),
            name: None,
            when: ist_time::iso(record.started_ms),
            outcome: record.outcome.clone(),
            http_status: record.http_status,
            duration_ms: stored.duration_ms.and_then(|d| u32::try_from(d).ok()),
            request: record.request_body.clone(),
        };
        if keep(&entry) {
            out.push(entry);
        }
    }
    out.truncate(limit);
    Ok(out)
}

/// Handler of `explorer_save`: saves (or replaces) a named request.
pub fn explorer_save(desk: &Desk, request: SaveRequest) -> Result<HistoryEntry, IpcError> {
    let name = request.name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput {
            field: "name",
            reason: "a saved request needs a name".into(),
        }
        .into());
    }
    if api_catalog::find(&request.api).is_none() {
        return Err(Error::InvalidInput {
            field: "api",
            reason: format!("{:?} is not an API the Explorer knows", request.api),
        }
        .into());
    }
    let _lock = SAVED_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut saved = load_saved(desk)?;
    let now = desk.journal().now_ms();
    let id = request
        .id
        .clone()
        .unwrap_or_else(|| format!("saved-{now}-{}", saved.len() + 1));
    saved.retain(|s| s.id != id);
    let entry = SavedRequest {
        id,
        name: name.to_owned(),
        profile: request.profile,
        api: request.api,
        json: request.json,
        saved_ms: now,
    };
    let view = saved_entry(&entry);
    saved.push(entry);
    store_saved(desk, &saved)?;
    Ok(view)
}

/// Handler of `explorer_delete_saved`.
pub fn explorer_delete_saved(desk: &Desk, id: &str) -> Result<(), IpcError> {
    let _lock = SAVED_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut saved = load_saved(desk)?;
    let before = saved.len();
    saved.retain(|s| s.id != id);
    if saved.len() == before {
        return Err(IpcError::new(
            crate::ErrorCode::NotFound,
            "That saved request is not there any more.",
        )
        .with_text(format!("saved request {id:?}")));
    }
    store_saved(desk, &saved)
}
