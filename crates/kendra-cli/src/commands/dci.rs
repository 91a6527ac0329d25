//! `kendra dci search|subscribe|unsubscribe|listen|status`: the DCI Social Registry workflows
//! (every request signed, every answer verified, every exchange journaled), and
//! `kendra dci sign|verify`: the envelope signature (docs/dci-signing.md) on its own, so a tester
//! can talk to a registry with curl.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use kendra_journal::Actor;
use kendra_wire::dci::{verify_envelope_json, DciPublicKey, DciSigner, DciSigningKey, KeyId};
use kendra_workflows::dci_registry::{
    parse_expression, parse_identifier, parse_predicate, parse_sort, CallbackListener, DciRegistry,
    Notification, SearchOutcome, SearchQuery, SearchSpec, SubscribeOutcome, SubscribeSpec, TxnKey,
    TxnStatusOutcome, TxnType, UnsubscribeOutcome,
};
use serde::Serialize;
use serde_json::{json, Value};

use crate::commands::profile::ProfileContext;
use crate::data_dir::DataDir;
use crate::error::{CliError, Result};
use crate::io_text::{env_secret, read_stdin_text, write_stdout};
use crate::json_output::{fail, print};

#[derive(Debug, Subcommand)]
pub enum DciCommand {
    /// Search the registry: by identifier, expression or predicates; sorted, paged; sync or async.
    Search(SearchArgs),
    /// Subscribe to registry events; prints the subscription code (and notifications with --listen).
    Subscribe(SubscribeArgs),
    /// Cancel subscriptions by code.
    Unsubscribe(UnsubscribeArgs),
    /// Receive notifications on a callback port (the one given to `subscribe --callback-port`).
    Listen(ListenArgs),
    /// What the registry holds for one of this sender's transactions.
    Status(StatusArgs),
    /// Sign the envelope on stdin ({"header": …, "message": …}); the signed envelope on stdout.
    /// The key: --profile's, or --sender-id/--key-id with the private key (base64) in
    /// KENDRA_DCI_KEY.
    Sign(SignArgs),
    /// Verify the signed envelope on stdin: against --profile's registry key, or the public key
    /// (base64) in KENDRA_DCI_PUBLIC_KEY.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// An identifier as TYPE:VALUE (UIN, BRN, MOBILE, RATION_CARD, HOUSEHOLD_ID).
    #[arg(long, value_name = "TYPE:VALUE", conflicts_with_all = ["expression", "predicate"])]
    id: Option<String>,
    /// The yaml's NoSql-style expression as JSON: {"collection", "query": {"$and": [...]}}.
    #[arg(long, value_name = "JSON", conflicts_with = "predicate")]
    expression: Option<String>,
    /// "ATTRIBUTE OPERATOR VALUE" (eq lt gt le ge in); repeat for more, all must hold.
    #[arg(long, value_name = "PREDICATE")]
    predicate: Vec<String>,
    /// Member (default), Household or Family.
    #[arg(long, value_name = "ENTITY")]
    entity: Option<String>,
}

#[derive(Debug, Args)]
pub struct CallbackArgs {
    /// The loopback port the registry's callbacks come to (0: any free port).
    #[arg(long, default_value_t = 0)]
    callback_port: u16,
    /// How long to wait for the callback, in seconds.
    #[arg(long, default_value_t = 30)]
    wait: u64,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[arg(long)]
    profile: String,
    #[command(flatten)]
    query: QueryArgs,
    /// FIELD[:asc|desc]; repeat for more keys.
    #[arg(long, value_name = "FIELD[:asc|desc]")]
    sort: Vec<String>,
    /// The page number, from 1.
    #[arg(long)]
    page: Option<u32>,
    /// Records per page, 1–100.
    #[arg(long)]
    page_size: Option<u32>,
    /// Ask the asynchronous endpoint and wait for the on-search callback.
    #[arg(long = "async")]
    asynchronous: bool,
    #[command(flatten)]
    callback: CallbackArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SubscribeArgs {
    #[arg(long)]
    profile: String,
    /// REGISTER, PAYMENT, DEREGISTER or NewHouseHoldMember.
    #[arg(long, value_name = "EVENT")]
    event: String,
    /// Which persons (or households) to hear about.
    #[command(flatten)]
    query: QueryArgs,
    #[command(flatten)]
    callback: CallbackArgs,
    /// Keep listening this many seconds for notifications after subscribing.
    #[arg(long, default_value_t = 0, value_name = "SECS")]
    listen: u64,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct UnsubscribeArgs {
    #[arg(long)]
    profile: String,
    /// The subscription codes (SUB-000001 …).
    #[arg(required = true, value_name = "CODE")]
    codes: Vec<String>,
    #[command(flatten)]
    callback: CallbackArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    #[arg(long)]
    profile: String,
    /// The port the subscription was made with (`subscribe --callback-port`).
    #[arg(long)]
    callback_port: u16,
    /// Listen this many seconds.
    #[arg(long = "for", default_value_t = 60, value_name = "SECS")]
    duration: u64,
    /// Stop after this many notifications.
    #[arg(long)]
    count: Option<usize>,
    #[arg(long)]
    json: bool,
}

/// Named as the yaml's `attribute_type` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
#[allow(clippy::enum_variant_names)]
enum ByArg {
    TransactionId,
    CorrelationId,
    ReferenceId,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TxnTypeArg {
    Search,
    Subscribe,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long)]
    profile: String,
    /// The transaction id (or, with --by, a correlation id or reference ids).
    #[arg(value_name = "TXN_ID", required = true)]
    ids: Vec<String>,
    #[arg(long, value_enum, default_value = "transaction-id")]
    by: ByArg,
    #[arg(long = "type", value_enum, default_value = "search")]
    txn_type: TxnTypeArg,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Sign with this DCI profile's key (instead of --sender-id/--key-id and KENDRA_DCI_KEY).
    #[arg(long, conflicts_with_all = ["sender_id", "key_id"])]
    profile: Option<String>,
    /// The sender id of the signing key (the header's sender_id).
    #[arg(long, required_unless_present = "profile")]
    sender_id: Option<String>,
    /// The sender's unique key id.
    #[arg(long, required_unless_present = "profile")]
    key_id: Option<String>,
    /// How long the signature stays valid, in seconds.
    #[arg(long, default_value_t = 300)]
    expires_in: i64,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Verify with this DCI profile's registry key (instead of KENDRA_DCI_PUBLIC_KEY).
    #[arg(long)]
    profile: Option<String>,
}

pub fn run(command: DciCommand, data: Option<&Path>) -> Result<()> {
    let work = match command {
        DciCommand::Sign(args) => return sign(args, data),
        DciCommand::Verify(args) => return verify(args, data),
        DciCommand::Search(args) => Work::Search(args),
        DciCommand::Subscribe(args) => Work::Subscribe(args),
        DciCommand::Unsubscribe(args) => Work::Unsubscribe(args),
        DciCommand::Listen(args) => Work::Listen(args),
        DciCommand::Status(args) => Work::Status(args),
    };
    let json = work.json();
    match run_workflow(work, data) {
        Ok(printed) => print(json, &printed.document, |_| printed.human.clone()),
        Err(e) => fail(json, e),
    }
}

/// The workflow commands: each needs the profile's registry and a runtime.
enum Work {
    Search(SearchArgs),
    Subscribe(SubscribeArgs),
    Unsubscribe(UnsubscribeArgs),
    Listen(ListenArgs),
    Status(StatusArgs),
}

impl Work {
    fn json(&self) -> bool {
        match self {
            Work::Search(a) => a.json,
            Work::Subscribe(a) => a.json,
            Work::Unsubscribe(a) => a.json,
            Work::Listen(a) => a.json,
            Work::Status(a) => a.json,
        }
    }

    fn profile(&self) -> &str {
        match self {
            Work::Search(a) => &a.profile,
            Work::Subscribe(a) => &a.profile,
            Work::Unsubscribe(a) => &a.profile,
            Work::Listen(a) => &a.profile,
            Work::Status(a) => &a.profile,
        }
    }
}

/// What a workflow command prints: the `--json` document and the human text.
struct Printed {
    document: Value,
    human: String,
}

fn run_workflow(work: Work, data: Option<&Path>) -> std::result::Result<Printed, CliError> {
    let data = DataDir::resolve(data)?;
    let context = ProfileContext::open(&data)?;
    let profile = work.profile().to_owned();
    let client = context
        .profiles()
        .dci_client(&profile)
        .map_err(kendra_workflows::Error::from)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::BadOption {
            option: "runtime",
            problem: format!("the network runtime could not start: {e}"),
        })?;
    let dci = DciRegistry::new(context.journal(), Actor::Cli, profile, Arc::new(client));
    runtime.block_on(async {
        match work {
            Work::Search(args) => search(&dci, args).await,
            Work::Subscribe(args) => subscribe(&dci, args).await,
            Work::Unsubscribe(args) => unsubscribe(&dci, args).await,
            Work::Listen(args) => listen(&dci, args).await,
            Work::Status(args) => status(&dci, args).await,
        }
    })
}

fn to_document<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn query_of(args: &QueryArgs) -> std::result::Result<SearchQuery, CliError> {
    let query = match (&args.id, &args.expression, args.predicate.is_empty()) {
        (Some(id), _, _) => parse_identifier(id)?,
        (None, Some(expression), _) => parse_expression(expression)?,
        (None, None, false) => SearchQuery::Predicates {
            predicates: args
                .predicate
                .iter()
                .map(|p| parse_predicate(p))
                .collect::<kendra_workflows::Result<_>>()?,
        },
        (None, None, true) => {
            return Err(CliError::BadOption {
                option: "--id, --expression or --predicate",
                problem: "say what to look for with one of them".into(),
            })
        }
    };
    Ok(query)
}

/// Runs `work` with a listener, then closes it (journaling callbacks nobody waited for) whatever
/// the outcome.
async fn with_listener<'d, T, F, Fut>(
    dci: &'d DciRegistry<'d>,
    port: u16,
    work: F,
) -> std::result::Result<T, CliError>
where
    F: FnOnce(&'d DciRegistry<'d>, CallbackListener) -> Fut,
    Fut: std::future::Future<Output = (CallbackListener, kendra_workflows::Result<T>)>,
{
    let listener = dci.listen(port).await?;
    let (listener, result) = work(dci, listener).await;
    let closed = dci.close(listener).await;
    let value = result?;
    closed?;
    Ok(value)
}

async fn search(dci: &DciRegistry<'_>, args: SearchArgs) -> std::result::Result<Printed, CliError> {
    let mut spec = SearchSpec::new(query_of(&args.query)?);
    spec.sort = args
        .sort
        .iter()
        .map(|s| parse_sort(s))
        .collect::<kendra_workflows::Result<_>>()?;
    spec.page_number = args.page;
    spec.page_size = args.page_size;
    spec.response_entity = args.query.entity.clone();
    let outcome = if args.asynchronous {
        let wait = Duration::from_secs(args.callback.wait);
        with_listener(
            dci,
            args.callback.callback_port,
            |dci, mut listener| async move {
                let result = dci.search_async(&spec, &mut listener, wait).await;
                (listener, result)
            },
        )
        .await?
    } else {
        dci.search(&spec).await?
    };
    Ok(Printed {
        document: to_document(&outcome),
        human: search_text(&outcome),
    })
}

fn search_text(outcome: &SearchOutcome) -> String {
    let mut text = match &outcome.page {
        Some(p) => format!(
            "{} record(s), page {} of size {} ({} in all); transaction {}\n",
            outcome.records.len(),
            p.page_number,
            p.page_size,
            p.total_count,
            outcome.transaction_id
        ),
        None => format!(
            "{} record(s); transaction {}\n",
            outcome.records.len(),
            outcome.transaction_id
        ),
    };
    for record in &outcome.records {
        text.push_str(&format!("- {}\n", record_line(record)));
    }
    text.push_str(&format!(
        "answer signed by {} (verified)\n",
        outcome.signed_by
    ));
    text
}

/// One record in a line: id, name, place.
fn record_line(record: &Value) -> String {
    let field = |pointer: &str| {
        record
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let id = record
        .get("identifier")
        .and_then(Value::as_array)
        .and_then(|ids| ids.first())
        .map(|i| {
            format!(
                "{} {}",
                i["identifier_type"].as_str().unwrap_or(""),
                i["identifier_value"].as_str().unwrap_or("")
            )
        })
        .or_else(|| {
            record
                .get("household_identifier")
                .and_then(Value::as_str)
                .map(|h| format!("household {h}"))
        })
        .unwrap_or_default();
    let name = [field("/name/given_name"), field("/name/surname")]
        .join(" ")
        .trim()
        .to_owned();
    let name = if name.is_empty() {
        field("/name")
    } else {
        name
    };
    format!("{id}  {name}").trim().to_owned()
}

async fn subscribe(
    dci: &DciRegistry<'_>,
    args: SubscribeArgs,
) -> std::result::Result<Printed, CliError> {
    let spec = SubscribeSpec {
        reg_event_type: args.event.clone(),
        filter: query_of(&args.query)?,
        response_entity: args.query.entity.clone(),
    };
    let wait = Duration::from_secs(args.callback.wait);
    let listen_for = Duration::from_secs(args.listen);
    let (outcome, notifications, rejected) = with_listener(
        dci,
        args.callback.callback_port,
        |dci, mut listener| async move {
            let outcome = match dci.subscribe(&spec, &mut listener, wait).await {
                Ok(outcome) => outcome,
                Err(e) => return (listener, Err(e)),
            };
            let (notifications, rejected) =
                collect_notifications(dci, &mut listener, listen_for, None).await;
            (listener, Ok((outcome, notifications, rejected)))
        },
    )
    .await?;
    let mut document = to_document(&outcome);
    document["notifications"] = to_document(&notifications);
    document["rejected_notifications"] = to_document(&rejected);
    Ok(Printed {
        document,
        human: subscribe_text(&outcome, &notifications, &rejected),
    })
}

/// Notifications for up to `duration` (or `count` of them); refused ones as their error text.
async fn collect_notifications(
    dci: &DciRegistry<'_>,
    listener: &mut CallbackListener,
    duration: Duration,
    count: Option<usize>,
) -> (Vec<Notification>, Vec<String>) {
    let deadline = tokio::time::Instant::now() + duration;
    let mut notifications = Vec::new();
    let mut rejected = Vec::new();
    while count.is_none_or(|c| notifications.len() < c) {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            break;
        }
        match dci.next_notification(listener, left).await {
            Ok(Some(n)) => notifications.push(n),
            Ok(None) => break,
            Err(e) => rejected.push(e.to_string()),
        }
    }
    (notifications, rejected)
}

fn subscribe_text(
    outcome: &SubscribeOutcome,
    notifications: &[Notification],
    rejected: &[String],
) -> String {
    let mut text = String::new();
    for s in &outcome.subscriptions {
        text.push_str(&format!(
            "subscribed: {} ({}, {})\n",
            s.code, s.reg_event_type, s.status
        ));
    }
    text.push_str(&format!(
        "notifications go to {}; transaction {}\n",
        outcome.callback_uri, outcome.transaction_id
    ));
    text.push_str(&notifications_text(notifications, rejected));
    text
}

fn notifications_text(notifications: &[Notification], rejected: &[String]) -> String {
    let mut text = String::new();
    for n in notifications {
        for event in &n.events {
            text.push_str(&format!(
                "{} {}: {}\n",
                n.received_at,
                event.reg_event_type.as_deref().unwrap_or("event"),
                event
                    .records
                    .iter()
                    .map(record_line)
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
    for r in rejected {
        text.push_str(&format!("refused: {r}\n"));
    }
    text
}

async fn unsubscribe(
    dci: &DciRegistry<'_>,
    args: UnsubscribeArgs,
) -> std::result::Result<Printed, CliError> {
    let wait = Duration::from_secs(args.callback.wait);
    let codes = args.codes.clone();
    let outcome: UnsubscribeOutcome = with_listener(
        dci,
        args.callback.callback_port,
        |dci, mut listener| async move {
            let result = dci.unsubscribe(&codes, &mut listener, wait).await;
            (listener, result)
        },
    )
    .await?;
    let human = outcome
        .subscriptions
        .iter()
        .map(|s| format!("{}: {}", s.code, s.status))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Printed {
        document: to_document(&outcome),
        human,
    })
}

async fn listen(dci: &DciRegistry<'_>, args: ListenArgs) -> std::result::Result<Printed, CliError> {
    let duration = Duration::from_secs(args.duration);
    let count = args.count;
    let (notifications, rejected) =
        with_listener(dci, args.callback_port, |dci, mut listener| async move {
            let got = collect_notifications(dci, &mut listener, duration, count).await;
            (listener, Ok(got))
        })
        .await?;
    let human = if notifications.is_empty() && rejected.is_empty() {
        "no notification arrived".to_owned()
    } else {
        notifications_text(&notifications, &rejected)
    };
    Ok(Printed {
        document: json!({"notifications": notifications, "rejected_notifications": rejected}),
        human,
    })
}

async fn status(dci: &DciRegistry<'_>, args: StatusArgs) -> std::result::Result<Printed, CliError> {
    let single = || match args.ids.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(CliError::BadOption {
            option: "TXN_ID",
            problem: "give one id (several only with --by reference-id)".into(),
        }),
    };
    let key = match args.by {
        ByArg::TransactionId => TxnKey::TransactionId(single()?),
        ByArg::CorrelationId => TxnKey::CorrelationId(single()?),
        ByArg::ReferenceId => TxnKey::ReferenceIds(args.ids.clone()),
    };
    let txn_type = match args.txn_type {
        TxnTypeArg::Search => TxnType::Search,
        TxnTypeArg::Subscribe => TxnType::Subscribe,
    };
    let outcome: TxnStatusOutcome = dci.txn_status(txn_type, &key).await?;
    let mut human = format!(
        "transaction {} ({} item(s))\n",
        outcome.transaction_id,
        outcome.items.len()
    );
    for item in &outcome.items {
        human.push_str(&format!(
            "- {} {}{}: {} record(s)\n",
            item.reference_id,
            item.status,
            item.status_reason_message
                .as_deref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default(),
            item.records.len()
        ));
    }
    Ok(Printed {
        document: to_document(&outcome),
        human,
    })
}

fn sign(args: SignArgs, data: Option<&Path>) -> Result<()> {
    let text = read_stdin_text("envelope")?;
    let mut envelope: Value =
        serde_json::from_str(&text).map_err(|e| kendra_wire::Error::InvalidJson {
            input: "the envelope on standard input".into(),
            detail: e.to_string(),
        })?;
    let signer = match (&args.profile, args.sender_id, args.key_id) {
        (Some(profile), _, _) => {
            let context = ProfileContext::open(&DataDir::resolve(data)?)?;
            let (key, key_id) = context.profiles().dci_signing_key(profile)?;
            DciSigner::new(key, key_id)
        }
        (None, Some(sender_id), Some(key_id)) => {
            let key = DciSigningKey::from_base64(&env_secret("KENDRA_DCI_KEY", KEY_HINT)?)?;
            DciSigner::new(key, KeyId::new(sender_id, key_id)?)
        }
        _ => {
            return Err(CliError::BadOption {
                option: "--sender-id and --key-id",
                problem: "give both, or --profile".into(),
            })
        }
    };
    let created = chrono::Utc::now().timestamp();
    signer.sign_envelope(
        &mut envelope,
        created,
        created.saturating_add(args.expires_in.max(1)),
    )?;
    write_stdout(format!("{envelope}\n").as_bytes())
}

fn verify(args: VerifyArgs, data: Option<&Path>) -> Result<()> {
    let text = read_stdin_text("envelope")?;
    let (public, only): (DciPublicKey, Option<KeyId>) = match &args.profile {
        Some(profile) => {
            let context = ProfileContext::open(&DataDir::resolve(data)?)?;
            let (key, kid) = context.profiles().dci_registry_key(profile)?;
            (key, Some(kid))
        }
        None => (
            DciPublicKey::from_base64(&env_secret("KENDRA_DCI_PUBLIC_KEY", PUBLIC_HINT)?)?,
            None,
        ),
    };
    // With a profile only the registry's own key id is accepted.
    let keys = |kid: &KeyId| only.as_ref().is_none_or(|o| o == kid).then_some(public);
    let (_, verified) = verify_envelope_json(&text, &keys, chrono::Utc::now().timestamp())?;
    let report = json!({
        "valid": true,
        "key_id": verified.key_id.to_string(),
        "created": verified.created,
        "expires": verified.expires,
    });
    write_stdout(
        format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        )
        .as_bytes(),
    )
}

const KEY_HINT: &str = "export the sender's ed25519 private key (base64), or use --profile";
const PUBLIC_HINT: &str = "export the sender's ed25519 public key (base64), or use --profile";
