//! The Explorer's sends: a JSON request to one API of one profile's peer, through the same
//! client every workflow uses, and everything about the exchanges it took, side by side: the
//! plaintext, the secured envelope, the raw HTTP request, the raw response and the decrypted
//! answer, with timing. Exchanges are journaled like any other (redacted, sealed at rest).
//!
//! An un-redacted copy of the last few sends' HTTP calls stays in this process's memory only
//! (never written anywhere): "copy as curl" needs the real token and pass_key, and an answer of
//! 10 MB and more is paged from here rather than sent to the webview whole.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use kendra_client::http_core::{capture_raw_calls, RawCall};
use kendra_client::secret_redaction::{Redactor, SECRET_FIELDS, SECRET_HEADERS};
use kendra_client::{Exchange, ExchangeOutcome, ExposeSecret, SecretString};
use kendra_profiles::PeerSettings;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::api_catalog::{self, ExplorerApi};
use super::text_pages::{LineText, TextLines, TextPart};
use crate::error::Error;
use crate::ist_time;
use crate::{Desk, IpcError, PeerId};

/// Answers up to this size are read by the Explorer (the clients' own limit is 4 MB).
pub const EXPLORER_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;
/// How many sends keep their texts and raw calls in memory.
const KEPT_SENDS: usize = 8;

/// Request of `explorer_send`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExplorerSend {
    pub profile: String,
    /// An [`ExplorerApi`] id.
    pub api: String,
    /// The request as the tester typed it (JSON).
    pub json: String,
}

/// One header line (secrets masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HeaderLine {
    pub name: String,
    pub value: String,
}

/// Which text of an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExchangePart {
    /// The payload before it was secured.
    Plaintext,
    /// The body as sent: the secured envelope.
    Envelope,
    /// The HTTP request as sent: request line, headers, body.
    RawRequest,
    /// The HTTP answer as received: status line, headers, body.
    RawResponse,
    /// The answer decrypted / verified.
    Answer,
}

impl ExchangePart {
    const ALL: [ExchangePart; 5] = [
        ExchangePart::Plaintext,
        ExchangePart::Envelope,
        ExchangePart::RawRequest,
        ExchangePart::RawResponse,
        ExchangePart::Answer,
    ];
}

/// One HTTP exchange of a send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExchangeView {
    pub endpoint: String,
    pub method: String,
    pub url: String,
    /// False for plain HTTP.
    pub link_encrypted: bool,
    pub request_headers: Vec<HeaderLine>,
    pub response_status: Option<u16>,
    pub response_headers: Vec<HeaderLine>,
    pub plaintext: Option<TextPart>,
    pub envelope: TextPart,
    pub raw_request: TextPart,
    pub raw_response: Option<TextPart>,
    pub answer: Option<TextPart>,
    /// IST, ISO 8601.
    pub started_at: String,
    pub duration_ms: u32,
    pub response_bytes: u32,
    pub succeeded: bool,
    /// The client's reading of a failure (what it refused and why).
    pub failure: Option<String>,
    /// A curl command can be made for this exchange (its raw call is still in memory).
    pub curl_available: bool,
}

/// Answer of `explorer_send`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExplorerResult {
    /// Handle for `explorer_text` and `explorer_curl` (this run only).
    pub send_id: String,
    pub api: String,
    pub profile: String,
    /// The call as a whole succeeded (the peer accepted it).
    pub ok: bool,
    /// Why not, as every screen's errors are.
    pub error: Option<IpcError>,
    pub exchanges: Vec<ExchangeView>,
    /// From the first byte sent to the last byte read, over every exchange.
    pub total_ms: u32,
    /// Journal ids of the exchanges (for the history).
    pub journal_ids: Vec<String>,
}

/// Answer of `explorer_curl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CurlCommand {
    /// The command, with every header, token and the secured body exactly as sent.
    pub command: String,
    /// Always true when a secret header or field went with the call: the UI says so.
    pub contains_secrets: bool,
}

struct KeptExchange {
    raw: Option<RawCall>,
    texts: Vec<(ExchangePart, Arc<LineText>)>,
}

struct KeptSend {
    id: String,
    exchanges: Vec<KeptExchange>,
}

static KEPT: Mutex<VecDeque<KeptSend>> = Mutex::new(VecDeque::new());
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn kept() -> std::sync::MutexGuard<'static, VecDeque<KeptSend>> {
    KEPT.lock().unwrap_or_else(PoisonError::into_inner)
}

fn invalid(field: &'static str, reason: impl Into<String>) -> IpcError {
    Error::InvalidInput {
        field,
        reason: reason.into(),
    }
    .into()
}

/// The request text as JSON, or an error naming the line and column.
pub fn parse_request(json: &str) -> Result<Value, IpcError> {
    serde_json::from_str::<Value>(json).map_err(|e| {
        invalid(
            "request JSON",
            format!("line {}, column {}: {e}", e.line(), e.column()),
        )
    })
}

fn client_error(e: kendra_client::Error) -> IpcError {
    kendra_workflows::Error::Client(e).into()
}

fn profile_error(e: kendra_profiles::Error) -> IpcError {
    Error::Profiles(e).into()
}

/// Handler of `explorer_send`.
pub async fn explorer_send(desk: &Desk, request: ExplorerSend) -> Result<ExplorerResult, IpcError> {
    let api = api_catalog::find(&request.api).ok_or_else(|| {
        invalid(
            "api",
            format!("{:?} is not an API the Explorer knows", request.api),
        )
    })?;
    let value = parse_request(&request.json)?;
    let settings = desk
        .profiles()
        .settings(&request.profile)
        .map_err(profile_error)?;
    let peer_matches = matches!(
        (&settings.peer, api.peer),
        (PeerSettings::Isp(_), PeerId::Isp)
            | (PeerSettings::Bsk(_), PeerId::Bsk)
            | (PeerSettings::Dci(_), PeerId::Dci)
    );
    if !peer_matches {
        return Err(invalid(
            "profile",
            format!(
                "profile {:?} is for {}, and {} is a {:?} API",
                request.profile,
                settings.peer.peer().as_str(),
                api.name,
                api.peer
            ),
        ));
    }
    let (outcome, raw_calls) = match &settings.peer {
        PeerSettings::Isp(_) => {
            let client = desk
                .profiles()
                .isp_client(&request.profile)
                .map_err(profile_error)?;
            let payload = request.json.trim().to_owned();
            capture_raw_calls(Some(EXPLORER_MAX_RESPONSE_BYTES), async {
                if api.name == kendra_client::isp_client::AUTHENTICATE {
                    let attempt = client.authenticate().await;
                    (attempt.result, attempt.exchanges)
                } else {
                    let attempt = client.call(&api.name, payload).await;
                    (attempt.result.map(|_| ()), attempt.exchanges)
                }
            })
            .await
        }
        PeerSettings::Bsk(bsk) => {
            let client = desk
                .profiles()
                .bsk_counter_client(&request.profile)
                .map_err(profile_error)?;
            let endpoint = bsk_endpoint(&api)?;
            let paths = &client.settings().paths;
            let path = {
                use kendra_client::bsk_counter_client::{API1, API3, API4, API5A, API5B, API6};
                match endpoint {
                    API1 => paths.api1.clone(),
                    API3 => paths.api3.clone(),
                    API4 => paths.api4.clone(),
                    API5A => paths.api5a.clone(),
                    API5B => paths.api5b.clone(),
                    API6 => paths.api6.clone(),
                    _ => bsk.api2_url.clone().unwrap_or_else(|| api.path.clone()),
                }
            };
            capture_raw_calls(Some(EXPLORER_MAX_RESPONSE_BYTES), async {
                let attempt = client
                    .call_json(endpoint, &path, value, &["userTypedOtp", "accessCode"])
                    .await;
                (attempt.result.map(|_| ()), attempt.exchanges)
            })
            .await
        }
        PeerSettings::Dci(_) => {
            let client = desk
                .profiles()
                .dci_client(&request.profile)
                .map_err(profile_error)?;
            let call = match api.name.as_str() {
                n if n == kendra_client::dci_client::DciCall::SyncTxnStatus.endpoint() => {
                    kendra_client::dci_client::DciCall::SyncTxnStatus
                }
                _ => kendra_client::dci_client::DciCall::SyncSearch,
            };
            capture_raw_calls(Some(EXPLORER_MAX_RESPONSE_BYTES), async {
                let attempt = client.sync(call, &value, 1).await;
                (attempt.result.map(|_| ()), attempt.exchanges)
            })
            .await
        }
        PeerSettings::HeaderSecrets(_) | PeerSettings::Csp(_) => {
            return Err(invalid(
                "profile",
                "the Explorer sends to BSK, ISP and DCI profiles",
            ))
        }
    };
    let (result, exchanges) = outcome;
    let journal_peer = match api.peer {
        PeerId::Isp => kendra_journal::Peer::Isp,
        PeerId::Bsk => kendra_journal::Peer::Bsk,
        _ => kendra_journal::Peer::Dci,
    };
    let journaled = kendra_workflows::exchange_log::journal_exchanges(
        desk.journal(),
        &desk.actor(),
        journal_peer,
        &request.profile,
        &exchanges,
    );
    let (journal_ids, journal_error) = match journaled {
        Ok(ids) => (ids.iter().map(i64::to_string).collect(), None),
        Err(e) => (Vec::new(), Some(IpcError::from(e))),
    };
    let error = result.err().map(client_error).or(journal_error);
    Ok(remember(
        request,
        api,
        exchanges,
        raw_calls,
        error,
        journal_ids,
    ))
}

fn bsk_endpoint(api: &ExplorerApi) -> Result<&'static str, IpcError> {
    use kendra_client::bsk_counter_client::{API1, API3, API4, API5A, API5B, API6};
    [
        API1,
        API3,
        API4,
        API5A,
        API5B,
        API6,
        kendra_client::bsk_client::API2,
    ]
    .into_iter()
    .find(|n| *n == api.name)
    .ok_or_else(|| invalid("api", format!("{} is not a BSK API", api.name)))
}

/// Pairs each exchange with the raw call it came from (in order, by URL: an exchange recorded
/// without sending, like a request that could not be signed, has none).
fn pair(exchanges: &[Exchange], raw_calls: Vec<RawCall>) -> Vec<Option<RawCall>> {
    let mut raw = raw_calls.into_iter().peekable();
    exchanges
        .iter()
        .map(|ex| {
            if raw
                .peek()
                .is_some_and(|r| r.url == ex.url || ex.url.contains("••••"))
            {
                raw.next()
            } else {
                None
            }
        })
        .collect()
}

/// A redactor for texts recorded beyond the client's own recording limit: every secret the
/// raw call carried (token, pass_key, passwords in the body).
fn redactor_for(raw: &RawCall) -> Redactor {
    let redactor = Redactor::new();
    for (name, value) in &raw.headers {
        if SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            let text = value.expose_secret();
            let secret = text.split_once(' ').map_or(text, |(_, rest)| rest);
            redactor.add(&SecretString::from(secret));
        }
    }
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&raw.body) {
        for (name, value) in map {
            if SECRET_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(&name)) {
                if let Value::String(s) = value {
                    redactor.add(&SecretString::from(s));
                }
            }
        }
    }
    redactor
}

fn headers_view(headers: &[(String, String)]) -> Vec<HeaderLine> {
    headers
        .iter()
        .map(|(name, value)| HeaderLine {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

fn request_target(url: &str) -> (String, String) {
    // "http://host:port/path?q" → ("host:port", "/path?q")
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => (rest[..i].to_owned(), rest[i..].to_owned()),
        None => (rest.to_owned(), "/".to_owned()),
    }
}

fn raw_request_text(ex: &Exchange) -> String {
    let (host, target) = request_target(&ex.url);
    let mut text = format!("{} {target} HTTP/1.1\nhost: {host}\n", ex.method);
    for (name, value) in &ex.request_headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push_str(&format!("content-length: {}\n\n", ex.request_body.len()));
    text.push_str(&ex.request_body);
    text
}

fn raw_response_text(ex: &Exchange, body: &str) -> Option<String> {
    let status = ex.response_status?;
    let mut text = format!("HTTP/1.1 {status}\n");
    for (name, value) in &ex.response_headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push('\n');
    text.push_str(body);
    Some(text)
}

fn remember(
    request: ExplorerSend,
    api: ExplorerApi,
    exchanges: Vec<Exchange>,
    raw_calls: Vec<RawCall>,
    error: Option<IpcError>,
    journal_ids: Vec<String>,
) -> ExplorerResult {
    let paired = pair(&exchanges, raw_calls);
    let mut views = Vec::new();
    let mut kept_exchanges = Vec::new();
    for (ex, raw) in exchanges.iter().zip(paired) {
        // The recorded body is cut at the client's recording limit: beyond it, the raw answer
        // with this call's secrets swept out.
        let response_body = match (&raw, &ex.response_body) {
            (Some(raw), _) if ex.response_body_truncated => {
                redactor_for(raw).json_text(&String::from_utf8_lossy(&raw.response_body))
            }
            (_, Some(body)) => body.clone(),
            (_, None) => String::new(),
        };
        let mut texts = Vec::new();
        let mut add = |part: ExchangePart, text: Option<String>| -> Option<TextPart> {
            let text = Arc::new(LineText::new(text?));
            let view = text.part();
            texts.push((part, text));
            Some(view)
        };
        let plaintext = add(ExchangePart::Plaintext, ex.request_plaintext.clone());
        let envelope = add(ExchangePart::Envelope, Some(ex.request_body.clone()));
        let raw_request = add(ExchangePart::RawRequest, Some(raw_request_text(ex)));
        let raw_response = add(
            ExchangePart::RawResponse,
            raw_response_text(ex, &response_body),
        );
        let answer = add(ExchangePart::Answer, ex.answer_plaintext.clone());
        let failure = match &ex.outcome {
            ExchangeOutcome::Succeeded => None,
            ExchangeOutcome::Failed { message, .. } => Some(message.clone()),
        };
        views.push(ExchangeView {
            endpoint: ex.endpoint.clone(),
            method: ex.method.clone(),
            url: ex.url.clone(),
            link_encrypted: ex.link_encrypted,
            request_headers: headers_view(&ex.request_headers),
            response_status: ex.response_status,
            response_headers: headers_view(&ex.response_headers),
            plaintext,
            envelope: envelope.unwrap_or_else(|| LineText::new(String::new()).part()),
            raw_request: raw_request.unwrap_or_else(|| LineText::new(String::new()).part()),
            raw_response,
            answer,
            started_at: ist_time::iso(ex.started_at.timestamp_millis()),
            duration_ms: u32::try_from(ex.duration_ms).unwrap_or(u32::MAX),
            response_bytes: u32::try_from(ex.response_bytes).unwrap_or(u32::MAX),
            succeeded: ex.succeeded(),
            failure,
            curl_available: raw.is_some(),
        });
        kept_exchanges.push(KeptExchange { raw, texts });
    }
    let total_ms = match (exchanges.first(), exchanges.last()) {
        (Some(first), Some(last)) => (last.finished_at - first.started_at)
            .num_milliseconds()
            .max(0),
        _ => 0,
    };
    let id = format!(
        "send-{}",
        NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    {
        let mut kept = kept();
        kept.push_back(KeptSend {
            id: id.clone(),
            exchanges: kept_exchanges,
        });
        while kept.len() > KEPT_SENDS {
            kept.pop_front();
        }
    }
    ExplorerResult {
        send_id: id,
        api: api.id,
        profile: request.profile,
        ok: error.is_none(),
        error,
        exchanges: views,
        total_ms: u32::try_from(total_ms).unwrap_or(u32::MAX),
        journal_ids,
    }
}

fn gone() -> IpcError {
    Error::InvalidInput {
        field: "send",
        reason: "this send is no longer kept in memory (only the last few are); send it again"
            .into(),
    }
    .into()
}

/// Handler of `explorer_text`: lines `first ..< first + count` of one text of a send.
pub fn explorer_text(
    send_id: &str,
    exchange: u32,
    part: ExchangePart,
    first: u32,
    count: u32,
) -> Result<TextLines, IpcError> {
    let kept = kept();
    let send = kept.iter().find(|s| s.id == send_id).ok_or_else(gone)?;
    let ex = send.exchanges.get(exchange as usize).ok_or_else(gone)?;
    let text = ex
        .texts
        .iter()
        .find(|(p, _)| *p == part)
        .map(|(_, t)| Arc::clone(t))
        .ok_or_else(|| invalid("part", format!("this exchange has no {part:?} text")))?;
    drop(kept);
    Ok(text.lines(first, count))
}

/// Quotes `text` for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Handler of `explorer_curl`: the exchange as a curl command, exactly as sent.
pub fn explorer_curl(send_id: &str, exchange: u32) -> Result<CurlCommand, IpcError> {
    let kept = kept();
    let send = kept.iter().find(|s| s.id == send_id).ok_or_else(gone)?;
    let raw = send
        .exchanges
        .get(exchange as usize)
        .and_then(|e| e.raw.as_ref())
        .ok_or_else(gone)?;
    Ok(curl_for(raw))
}

/// Every header and the body byte for byte; `--data-binary` keeps newlines and `+`.
pub fn curl_for(raw: &RawCall) -> CurlCommand {
    let mut command = format!("curl -sS -X {} {}", raw.method, shell_quote(&raw.url));
    let mut contains_secrets = false;
    for (name, value) in &raw.headers {
        if SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            contains_secrets = true;
        }
        command.push_str(" \\\n  -H ");
        command.push_str(&shell_quote(&format!("{name}: {}", value.expose_secret())));
    }
    if !raw.body.is_empty() {
        let body = String::from_utf8_lossy(&raw.body);
        if let Ok(mut value) = serde_json::from_str::<Value>(&body) {
            contains_secrets |= kendra_client::secret_redaction::mask_fields(&mut value);
        }
        // A BSK v4 body carries the passcode and a signed token; a v5 body the ciphertext only.
        contains_secrets |= body.contains("passcode");
        command.push_str(" \\\n  --data-binary ");
        command.push_str(&shell_quote(&body));
    }
    CurlCommand {
        command,
        contains_secrets,
    }
}

/// The parts a view can ask for (the UI offers them as tabs).
pub fn parts() -> [ExchangePart; 5] {
    ExchangePart::ALL
}
