//! One delivery run from the Outbox screen: everything due goes out (each request/ticket in
//! order), with a progress report after every attempt and a stop button. Stopping drops the run:
//! what was in flight stays marked so, and the next run makes it due again flagged "possibly
//! delivered" (the journal's crash recovery), so nothing is lost or sent twice unknowingly.
//!
//! Also here: taking in an application a citizen brings from the UP portal (ISP 7-A, the session
//! key validated), the start of every ISP status the outbox then delivers.

use std::future::Future;
use std::path::PathBuf;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, Waker};

use kendra_journal::outbox::retry_policy::RetryPolicy;
use kendra_outbox::{DrainTick, PeerClients};
use kendra_workflows::isp_department::IspDepartment;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::count;
use crate::error::Error;
use crate::ist_time;
use crate::{Desk, ErrorCode, IpcError};

/// Deliveries in flight at once (different requests only; each request stays in order).
const CONCURRENCY: usize = 8;

/// Sent through the progress channel after every recorded attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxDrainTick {
    /// Items not yet delivered or cancelled when the run started (some may not be due).
    pub pending_at_start: u32,
    pub attempts: u32,
    pub delivered: u32,
    pub in_flight: u32,
}

impl From<DrainTick> for OutboxDrainTick {
    fn from(t: DrainTick) -> Self {
        OutboxDrainTick {
            pending_at_start: count(t.pending_at_start),
            attempts: count(t.attempts),
            delivered: count(t.delivered),
            in_flight: count(t.in_flight),
        }
    }
}

/// Answer of `outbox_drain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxDrainSummary {
    pub attempts: u32,
    pub delivered: u32,
    /// Failed and waiting for their next automatic try.
    pub retry_scheduled: u32,
    /// Failed in a way that needs a person (fix and resend, or cancel).
    pub held: u32,
    /// Left in flight by an interrupted run, made due again.
    pub recovered: u32,
    /// When the next waiting item falls due.
    pub next_due_at: Option<String>,
    /// True when the user stopped the run (the figures are then those before the stop).
    pub stopped: bool,
    /// Profiles that cannot deliver now, with why (their items fail as `local_validation`).
    pub unusable_profiles: Vec<String>,
}

/// A run's stop button: set once, wakes the run.
#[derive(Default)]
struct StopSignal {
    stopped: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl StopSignal {
    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        let waker = self
            .waker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(w) = waker {
            w.wake();
        }
    }

    fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }
}

/// Runs `work` until it ends (`Some`) or `stop` is pressed (`None`, and `work` is dropped).
async fn until_stopped<F: Future>(work: F, stop: &StopSignal) -> Option<F::Output> {
    let mut work = pin!(work);
    std::future::poll_fn(|cx| {
        if stop.is_stopped() {
            return Poll::Ready(None);
        }
        *stop.waker.lock().unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        if stop.is_stopped() {
            return Poll::Ready(None);
        }
        work.as_mut().poll(cx).map(Some)
    })
    .await
}

/// The runs going on, one per journal at most (two runs would claim each other's items).
static RUNS: Mutex<Vec<(PathBuf, Arc<StopSignal>)>> = Mutex::new(Vec::new());

fn runs() -> std::sync::MutexGuard<'static, Vec<(PathBuf, Arc<StopSignal>)>> {
    RUNS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Takes the journal's run slot for as long as it lives.
struct RunSlot {
    dir: PathBuf,
    stop: Arc<StopSignal>,
}

impl RunSlot {
    fn take(dir: &std::path::Path) -> Option<Self> {
        let mut runs = runs();
        if runs.iter().any(|(d, _)| d == dir) {
            return None;
        }
        let stop = Arc::new(StopSignal::default());
        runs.push((dir.to_owned(), Arc::clone(&stop)));
        Some(RunSlot {
            dir: dir.to_owned(),
            stop,
        })
    }
}

impl Drop for RunSlot {
    fn drop(&mut self) {
        runs().retain(|(d, s)| !(d == &self.dir && Arc::ptr_eq(s, &self.stop)));
    }
}

/// A client for every ISP and BSK profile that is complete; why the others cannot deliver.
fn peer_clients(desk: &Desk) -> Result<(PeerClients, Vec<String>), Error> {
    let profiles = desk.profiles();
    let mut clients = PeerClients::new();
    let mut unusable = Vec::new();
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
            unusable.push(format!("{}: {e}", view.name));
        }
    }
    Ok((clients, unusable))
}

/// Delivers everything due now, reporting after every attempt; ends when nothing more is due
/// (what waits for a retry or a person is counted) or when `outbox_drain_stop` is called.
pub async fn outbox_drain(
    desk: &Desk,
    mut progress: impl FnMut(OutboxDrainTick) + Send,
) -> Result<OutboxDrainSummary, IpcError> {
    let Some(slot) = RunSlot::take(desk.data_dir()) else {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "A delivery run is already going on; wait for it to end or stop it.",
        )
        .with_text("outbox_drain: one run per journal at a time"));
    };
    let (clients, unusable_profiles) = peer_clients(desk)?;
    let journal = Arc::new(desk.reopen_journal()?);
    let last: Mutex<Option<OutboxDrainTick>> = Mutex::new(None);
    let run = kendra_outbox::drain(
        Arc::clone(&journal),
        Arc::new(clients),
        RetryPolicy::default(),
        CONCURRENCY,
        |tick: DrainTick| {
            let tick = OutboxDrainTick::from(tick);
            *last.lock().unwrap_or_else(PoisonError::into_inner) = Some(tick);
            progress(tick);
        },
    );
    match until_stopped(run, &slot.stop).await {
        Some(summary) => {
            let s = summary.map_err(Error::from)?;
            Ok(OutboxDrainSummary {
                attempts: count(s.attempts),
                delivered: count(s.delivered),
                retry_scheduled: count(s.retry_scheduled),
                held: count(s.held),
                recovered: count(s.recovered.len()),
                next_due_at: s.next_due_ms.map(ist_time::iso),
                stopped: false,
                unusable_profiles,
            })
        }
        None => {
            let next = journal.next_due_ms().map_err(Error::from)?;
            let so_far = last
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .unwrap_or(OutboxDrainTick {
                    pending_at_start: 0,
                    attempts: 0,
                    delivered: 0,
                    in_flight: 0,
                });
            Ok(OutboxDrainSummary {
                attempts: so_far.attempts,
                delivered: so_far.delivered,
                retry_scheduled: 0,
                held: 0,
                recovered: 0,
                next_due_at: next.map(ist_time::iso),
                stopped: true,
                unusable_profiles,
            })
        }
    }
}

/// Stops the delivery run on this desk's journal; false if none was going on.
pub fn outbox_drain_stop(desk: &Desk) -> bool {
    let runs = runs();
    let mut stopped = false;
    for (dir, stop) in runs.iter() {
        if dir == desk.data_dir() {
            stop.stop();
            stopped = true;
        }
    }
    stopped
}

/// Answer of `outbox_isp_validate`: the request the portal sent the citizen with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxIspIntake {
    pub profile: String,
    pub request_id: String,
    pub applicant_id: String,
    pub service_code: String,
    /// False when the journal already had this request (the citizen came back).
    pub newly_recorded: bool,
}

/// ISP 7-A: validates the session key a citizen arrived with and records the request, whose
/// statuses the department then reports through the outbox.
pub async fn outbox_isp_validate(
    desk: &Desk,
    profile: String,
    session_key: String,
) -> Result<OutboxIspIntake, IpcError> {
    let profile = profile.trim().to_owned();
    let key = session_key.trim();
    if key.is_empty() {
        return Err(Error::InvalidInput {
            field: "session key",
            reason: "it is empty".into(),
        }
        .into());
    }
    let client = desk.profiles().isp_client(&profile).map_err(Error::from)?;
    let department = IspDepartment::new(desk.journal(), desk.actor(), &profile, &client);
    let v = department.validate(key).await?;
    Ok(OutboxIspIntake {
        profile,
        request_id: v.request_id,
        applicant_id: v.applicant_id,
        service_code: v.service_code,
        newly_recorded: v.newly_recorded,
    })
}

#[cfg(test)]
pub(crate) mod tests_support {
    //! The run slot and the stop, for the handler tests.
    use super::*;

    pub(crate) struct Slot(RunSlot);

    pub(crate) fn take(dir: &std::path::Path) -> Option<Slot> {
        RunSlot::take(dir).map(Slot)
    }

    pub(crate) async fn run<F: Future>(work: F, slot: &Slot) -> Option<F::Output> {
        until_stopped(work, &slot.0.stop).await
    }
}
