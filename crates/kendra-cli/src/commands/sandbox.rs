//! `kendra sandbox`: serve the five simulated peers on loopback, and steer a running sandbox's
//! faults from the command line.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use kendra_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::{json, Value};

use crate::error::{CliError, Result};
use crate::io_text::write_stdout;

pub const DEFAULT_PORT: u16 = 8787;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SandboxArgs {
    #[command(subcommand)]
    command: Option<SandboxCommand>,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Folder for what must survive a restart (the CSP's keys and certificates).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum SandboxCommand {
    /// Inject, list or clear faults in a running sandbox.
    Fault(FaultArgs),
}

#[derive(Debug, Args)]
struct FaultArgs {
    /// The running sandbox (default: $KENDRA_SANDBOX_URL, else http://127.0.0.1:8787).
    #[arg(
        long,
        env = "KENDRA_SANDBOX_URL",
        default_value = "http://127.0.0.1:8787"
    )]
    url: String,
    /// What to do (add needs --endpoint and --kind).
    #[arg(value_enum, default_value_t = FaultAction::Add)]
    action: FaultAction,
    /// Path it applies to: exact, a prefix ending in * (/ispws/*), or * for all.
    #[arg(long)]
    endpoint: Option<String>,
    #[arg(long, value_enum)]
    kind: Option<FaultKindArg>,
    /// latency: milliseconds added; slow-drip: milliseconds between chunks.
    #[arg(long)]
    ms: Option<u64>,
    /// slow-drip: bytes per chunk.
    #[arg(long)]
    bytes: Option<usize>,
    /// Only the next N calls.
    #[arg(long)]
    times: Option<u32>,
    /// Only this fraction of calls (0.0–1.0).
    #[arg(long)]
    fraction: Option<f64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FaultAction {
    Add,
    List,
    Clear,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FaultKindArg {
    Latency,
    Reset,
    #[value(name = "http-400")]
    Http400,
    #[value(name = "http-500")]
    Http500,
    Failed,
    Malformed,
    SlowDrip,
}

pub fn run(args: SandboxArgs) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::SandboxUnreachable {
            url: "local runtime".into(),
            detail: e.to_string(),
        })?;
    match args.command {
        None => runtime.block_on(serve(args.port, args.data)),
        Some(SandboxCommand::Fault(f)) => runtime.block_on(fault(f)),
    }
}

async fn serve(port: u16, data_dir: Option<PathBuf>) -> Result<()> {
    let sandbox = RunningSandbox::start(SandboxConfig { port, data_dir }).await?;
    // The base URL alone on the first line, for scripts; the rest is for people.
    write_stdout(format!("{}\n", sandbox.base_url()).as_bytes())?;
    eprintln!(
        "Kendra sandbox (NOT production) serving BSK, UP ISP, header-secrets, DCI and ADSS CSP.\n\
         Credentials and paths: {0}/_sandbox/info   Inbox: {0}/_sandbox/inbox   Stop: Ctrl-C",
        sandbox.base_url()
    );
    sandbox.serve_until_ctrl_c().await?;
    Ok(())
}

async fn fault(args: FaultArgs) -> Result<()> {
    let base = args.url.trim_end_matches('/').to_owned();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| CliError::SandboxUnreachable {
            url: base.clone(),
            detail: e.to_string(),
        })?;
    let url = format!("{base}/_sandbox/faults");
    let request = match args.action {
        FaultAction::List => http.get(&url),
        FaultAction::Clear => http.delete(&url),
        FaultAction::Add => http.post(&url).json(&fault_spec(&args)?),
    };
    let response = request
        .send()
        .await
        .map_err(|e| CliError::SandboxUnreachable {
            url: base.clone(),
            detail: e.to_string(),
        })?;
    let status = response.status();
    let body: Value = response
        .json()
        .await
        .map_err(|e| CliError::SandboxUnreachable {
            url: base.clone(),
            detail: format!("unreadable answer: {e}"),
        })?;
    if !status.is_success() {
        let message = body["error"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| body.to_string());
        return Err(CliError::SandboxRefused { message });
    }
    write_stdout(
        format!(
            "{}\n",
            serde_json::to_string_pretty(&body).unwrap_or_default()
        )
        .as_bytes(),
    )
}

fn fault_spec(args: &FaultArgs) -> Result<Value> {
    let endpoint = args.endpoint.clone().ok_or(CliError::BadOption {
        option: "--endpoint",
        problem: "is required to add a fault (a path, a prefix ending in *, or *)".into(),
    })?;
    let kind = args.kind.ok_or(CliError::BadOption {
        option: "--kind",
        problem: "is required to add a fault".into(),
    })?;
    let mut spec = match kind {
        FaultKindArg::Latency => {
            json!({ "kind": "latency", "ms": args.ms.ok_or(CliError::BadOption {
            option: "--ms",
            problem: "is required for a latency fault".into(),
        })? })
        }
        FaultKindArg::Reset => json!({ "kind": "reset" }),
        FaultKindArg::Http400 => json!({ "kind": "http_400" }),
        FaultKindArg::Http500 => json!({ "kind": "http_500" }),
        FaultKindArg::Failed => json!({ "kind": "failed" }),
        FaultKindArg::Malformed => json!({ "kind": "malformed" }),
        FaultKindArg::SlowDrip => {
            let mut s = json!({ "kind": "slow_drip" });
            if let Some(ms) = args.ms {
                s["interval_ms"] = json!(ms);
            }
            if let Some(bytes) = args.bytes {
                s["bytes_per_chunk"] = json!(bytes);
            }
            s
        }
    };
    spec["endpoint"] = json!(endpoint);
    if let Some(times) = args.times {
        spec["times"] = json!(times);
    }
    if let Some(fraction) = args.fraction {
        spec["fraction"] = json!(fraction);
    }
    Ok(spec)
}
