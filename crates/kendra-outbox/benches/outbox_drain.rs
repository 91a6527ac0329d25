//! Outbox drain throughput against the in-process sandbox (goal ≥ 500 deliveries/s).
//!
//! `cargo bench -p kendra-outbox --bench outbox_drain` queues N ISP statuses (default 5,000;
//! `KENDRA_BENCH_DELIVERIES`) over N/10 request_ids, drains them with concurrency 8 and 32, and
//! prints deliveries/s and the ratio to the goal; it exits non-zero below the goal. For scale it
//! also prints the same calls made straight through the client, without the journal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use kendra_client::{
    Acknowledgement, DeliveredStatus, IspClient, IspSecrets, IspSettings, IspStatusDelivery,
    ServiceStatus, SessionKeyValidation, ValidatedRequest,
};
use kendra_journal::outbox::retry_policy::RetryPolicy;
use kendra_journal::{Actor, Journal};
use kendra_outbox::{queue_isp_status, PeerClients};
use secrecy::SecretString;
use serde_json::{json, Value};

const GOAL_PER_SEC: f64 = 500.0;
const CODES: [&str; 10] = [
    "S104", "S105", "S106", "S107", "S108", "S111", "S113", "S115", "S118", "S112",
];

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    let deliveries: usize = std::env::var("KENDRA_BENCH_DELIVERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let requests_per_run = deliveries.div_ceil(CODES.len());
    let sandbox = kendra_sandbox::RunningSandbox::start(kendra_sandbox::SandboxConfig::default())
        .await
        .unwrap();
    let base = sandbox.base_url().to_owned();
    let http = reqwest::Client::new();
    let info: Value = http
        .get(format!("{base}/_sandbox/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = |p: &str| info.pointer(p).and_then(Value::as_str).unwrap().to_owned();
    let client = || {
        IspClient::new(
            IspSettings::new(&base, text("/isp/dept_id")),
            IspSecrets {
                password: SecretString::from(text("/isp/password")),
                secret_key: SecretString::from(text("/isp/secret_key")),
            },
        )
        .unwrap()
    };
    println!(
        "outbox drain: {} statuses over {requests_per_run} request_ids per run, goal {GOAL_PER_SEC}/s",
        requests_per_run * CODES.len()
    );

    let mut worst = f64::INFINITY;
    // The third pass runs SQLite's ANALYZE first: without statistics the journal's claim query
    // sorts every pending item on each claim (see the closing note); with them it walks the due
    // index. It shows what fixing that query gives and does not count towards the goal.
    for (concurrency, analysed) in [(8, false), (32, false), (32, true)] {
        let isp = client();
        let requests = new_requests(&http, &base, &isp, requests_per_run).await;
        let dir = tempfile::tempdir().unwrap();
        let journal = Arc::new(Journal::open(dir.path()).unwrap());
        let started = Instant::now();
        let actor = Actor::Operator("bench".into());
        for code in CODES {
            for r in &requests {
                queue_isp_status(&journal, &actor, "isp", &delivery(r, code)).unwrap();
            }
        }
        let queued = requests.len() * CODES.len();
        let queue_secs = started.elapsed().as_secs_f64();
        if analysed {
            journal.analyze().unwrap();
        }
        let clients = Arc::new(PeerClients::new().with_isp("isp", isp));
        let started = Instant::now();
        let summary = kendra_outbox::drain(
            Arc::clone(&journal),
            clients,
            RetryPolicy::default(),
            concurrency,
            |_| {},
        )
        .await
        .unwrap();
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(summary.delivered, queued, "{summary:?}");
        let rate = summary.delivered as f64 / secs;
        if !analysed {
            worst = worst.min(rate);
        }
        let label = if analysed { " (ANALYZEd)" } else { "" };
        println!(
            "concurrency {concurrency:>2}{label}: {} delivered in {secs:.2} s = {rate:.0} deliveries/s \
             ({:.2}× the goal); queueing {:.0}/s",
            summary.delivered,
            rate / GOAL_PER_SEC,
            queued as f64 / queue_secs
        );
    }
    {
        // The same calls straight through the client, no journal: the sandbox + client ceiling.
        let concurrency = 8;
        let isp = Arc::new(client());
        let more = new_requests(&http, &base, &isp, requests_per_run / 5).await;
        let started = Instant::now();
        let mut sent = 0;
        for code in CODES {
            let mut set = tokio::task::JoinSet::new();
            for chunk in more.chunks(more.len().div_ceil(concurrency)) {
                let isp = Arc::clone(&isp);
                let batch: Vec<_> = chunk.iter().map(|r| delivery(r, code)).collect();
                set.spawn(async move {
                    for d in &batch {
                        isp.deliver_status(d).await.result.unwrap();
                    }
                    batch.len()
                });
            }
            while let Some(n) = set.join_next().await {
                sent += n.unwrap();
            }
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "client alone (no journal), concurrency 8: {sent} in {secs:.2} s = {:.0}/s",
            sent as f64 / secs
        );
    }
    journal_alone(&http, &base, &client(), requests_per_run / 5).await;
    if worst >= GOAL_PER_SEC {
        println!("outbox drain: goal met ({worst:.0}/s at worst)");
        ExitCode::SUCCESS
    } else {
        println!("outbox drain: BELOW the goal ({worst:.0}/s at worst)");
        ExitCode::FAILURE
    }
}

async fn new_requests(
    http: &reqwest::Client,
    base: &str,
    isp: &IspClient,
    n: usize,
) -> Vec<ValidatedRequest> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let applied: Value = http
            .post(format!("{base}/_sandbox/isp/apply"))
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let sessionkey = applied["sessionkey"].as_str().unwrap().to_owned();
        out.push(
            isp.validate_session_key(&SessionKeyValidation { sessionkey })
                .await
                .into_result()
                .unwrap(),
        );
    }
    out
}

fn time(text: &str) -> chrono::NaiveDateTime {
    kendra_client::isp_requests::parse_action_time(text).unwrap()
}

fn delivery(request: &ValidatedRequest, code: &str) -> IspStatusDelivery {
    let application_id = format!("REV/2024/{}", &request.request_id[8..]);
    match code {
        "S104" => IspStatusDelivery::Acknowledgement(Acknowledgement {
            request_id: request.request_id.clone(),
            applicant_id: request.applicant_id.clone(),
            service_code: request.service_code.clone(),
            application_id,
            application_url: String::new(),
            status_code: "S104".into(),
            remarks: String::new(),
            pendency_level: "1".into(),
            pending_with_officer: "NA".into(),
            action_taken_time: time("2024-05-01 10:15:00"),
            selected_district_for_processing_application: "162".into(),
            designated_code: "D101".into(),
            designated_location_code: "1623".into(),
            designated_target_date: chrono::NaiveDate::from_ymd_opt(2024, 5, 15).unwrap(),
            first_appellate_code: "D201".into(),
            first_appellate_location_code: "162".into(),
            first_appellate_days: "25".into(),
            second_appellate_code: "D301".into(),
            second_appellate_location_code: "162".into(),
            second_appellate_days: "25".into(),
            dummy_fields: BTreeMap::new(),
        }),
        "S112" => IspStatusDelivery::Delivered(DeliveredStatus {
            request_id: request.request_id.clone(),
            applicant_id: request.applicant_id.clone(),
            service_code: request.service_code.clone(),
            application_id,
            certificate_url: String::new(),
            certificate_no: "IC/LKO/2024/000917".into(),
            status_code: "S112".into(),
            action_taken_time: time("2024-05-03 16:00:00"),
            dbt_amount: None,
            remarks: String::new(),
            certificate_expiry_date: "999999".into(),
            dummy_fields: BTreeMap::new(),
        }),
        other => IspStatusDelivery::ServiceStatus(ServiceStatus {
            request_id: request.request_id.clone(),
            service_code: request.service_code.clone(),
            applicant_id: request.applicant_id.clone(),
            application_id,
            status_code: other.into(),
            remarks: "forwarded".into(),
            pendency_level: "1".into(),
            pending_with_officer: "Tehsildar".into(),
            action_taken_time: time("2024-05-02 11:20:00"),
            dummy_fields: BTreeMap::new(),
        }),
    }
}

/// The journal's part of each delivery without any HTTP: claim, then record a delivered attempt
/// with its exchange, timed per step.
async fn journal_alone(http: &reqwest::Client, base: &str, isp: &IspClient, n: usize) {
    use kendra_journal::exchanges::{Direction, ExchangeRecord};
    use kendra_journal::outbox::worker::{DeliveryOutcome, DeliveryReport};
    let requests = new_requests(http, base, isp, n).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let actor = Actor::Operator("bench".into());
    for code in CODES {
        for r in &requests {
            queue_isp_status(&journal, &actor, "isp", &delivery(r, code)).unwrap();
        }
    }
    let policy = RetryPolicy::default();
    let (mut claim, mut record, mut count) = (0.0, 0.0, 0usize);
    loop {
        let t = Instant::now();
        let claimed = journal.claim_due(8).unwrap();
        claim += t.elapsed().as_secs_f64();
        if claimed.is_empty() {
            break;
        }
        let t = Instant::now();
        for item in &claimed {
            let report = DeliveryReport {
                outcome: DeliveryOutcome::Delivered,
                exchange: Some(ExchangeRecord {
                    direction: Direction::Outgoing,
                    peer: kendra_journal::Peer::Isp,
                    profile: Some("isp".into()),
                    endpoint: item.endpoint_kind.clone(),
                    started_ms: 0,
                    finished_ms: Some(1),
                    http_status: Some(200),
                    outcome: "SUCCESSFUL".into(),
                    request_body: Some(item.payload.to_string()),
                    response_body: Some("{\"statusMessage\":\"SUCCESSFUL\"}".into()),
                }),
                started_ms: 0,
                finished_ms: 1,
            };
            journal.record_attempt(item, &report, &policy).unwrap();
            count += 1;
        }
        record += t.elapsed().as_secs_f64();
    }
    println!(
        "journal alone ({count} items, claims of 8): claim {:.0} µs per claim call, record {:.0} µs per attempt = {:.0} deliveries/s",
        claim * 1e6 / (count as f64 / 8.0),
        record * 1e6 / count as f64,
        count as f64 / (claim + record)
    );
}
