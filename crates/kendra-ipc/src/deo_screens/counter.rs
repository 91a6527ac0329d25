//! The Counter: which BSK profile the counter works on, starting a citizen's service (API-1),
//! and today's tickets at a glance.

use kendra_journal::search::SearchQuery;
use kendra_journal::Peer;
use kendra_workflows::bsk_counter::InitiateInput;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::citizen_check::CitizenForm;
use super::service_picker::ServiceOption;
use crate::error::Error;
use crate::ist_time::{day_start_of as ist_day_start, iso as iso_ist};
use crate::{Desk, IpcError};

/// A BSK profile the counter can use (never its secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeoProfile {
    pub name: String,
    /// Points at the built-in sandbox: not production.
    pub sandbox: bool,
    pub base_url: String,
}

/// Answer of `deo_profiles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeoProfiles {
    pub profiles: Vec<DeoProfile>,
    /// The one to use unless the DEO picks another: the first production profile, else the
    /// sandbox's; `null` when there is no BSK profile at all.
    pub default_profile: Option<String>,
}

/// Request of `deo_initiate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InitiateRequest {
    pub profile: String,
    pub form: CitizenForm,
}

/// The ticket the citizen takes home (answer of `deo_initiate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TicketView {
    pub profile: String,
    /// The DEO's user id, exactly as sent.
    pub user_id: String,
    /// 17 digits (`YYYYMMDDHHmmSSmmm`, IST), exactly as sent.
    pub ticket_no: String,
    pub service: ServiceOption,
    /// The department's words (`Initiated`).
    pub message: String,
    /// 1: initiated.
    pub application_status: i32,
    /// When the department took it (ISO 8601, IST).
    pub submitted_at: Option<String>,
}

/// One of today's tickets at this counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayTicket {
    pub user_id: String,
    pub ticket_no: String,
    pub service_code: Option<String>,
    pub service_name: Option<String>,
    /// The department's application number, once it gave one.
    pub application_no: Option<String>,
    pub current_status: Option<String>,
    /// The citizen's name while the journal keeps it (purged after the retention).
    pub citizen_name: Option<String>,
    /// ISO 8601, IST.
    pub created_at: String,
}

/// The BSK profiles, production ones first.
pub fn deo_profiles(desk: &Desk) -> Result<DeoProfiles, IpcError> {
    let views = desk.profiles().list().map_err(Error::from)?;
    let mut profiles: Vec<DeoProfile> = views
        .into_iter()
        .filter(|v| v.peer == "bsk")
        .map(|v| DeoProfile {
            base_url: v
                .settings
                .get("base_url")
                .and_then(|u| u.as_str())
                .unwrap_or_default()
                .to_owned(),
            name: v.name,
            sandbox: v.sandbox,
        })
        .collect();
    profiles.sort_by(|a, b| a.sandbox.cmp(&b.sandbox).then(a.name.cmp(&b.name)));
    Ok(DeoProfiles {
        default_profile: profiles.first().map(|p| p.name.clone()),
        profiles,
    })
}

/// API-1: the core checks the form, journals the ticket (citizen encrypted) and initiates.
pub async fn deo_initiate(desk: &Desk, request: InitiateRequest) -> Result<TicketView, IpcError> {
    let counter = super::counter(desk, &request.profile)?;
    let form = request.form;
    let optional = |s: String| (!s.trim().is_empty()).then_some(s);
    let outcome = counter
        .initiate(&InitiateInput {
            user_id: form.user_id,
            ticket_no: None,
            service_code: form.service_code,
            name: form.name,
            mobile: form.mobile,
            email: optional(form.email),
            gender: optional(form.gender),
            age: optional(form.age),
        })
        .await?;
    let service =
        kendra_workflows::bsk_counter::service_catalogue::find_service(&outcome.service_code)
            .map_or_else(
                || ServiceOption {
                    service_code: outcome.service_code.clone(),
                    service_name: outcome.service_name.clone(),
                    dept_code: outcome
                        .service_code
                        .split('/')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    department: outcome.department.clone(),
                },
                ServiceOption::from,
            );
    Ok(TicketView {
        profile: outcome.profile,
        user_id: outcome.user_id,
        ticket_no: outcome.ticket_no,
        service,
        message: outcome.message,
        application_status: i32::try_from(outcome.application_status).unwrap_or(1),
        submitted_at: outcome.app_sub_time,
    })
}

/// The BSK tickets journaled since midnight IST, newest first (at most 50).
pub fn deo_today(desk: &Desk) -> Result<Vec<TodayTicket>, IpcError> {
    let journal = desk.journal();
    let hits = journal
        .search(&SearchQuery {
            peer: Some(Peer::Bsk),
            from_ms: Some(ist_day_start(journal.now_ms())),
            limit: 50,
            ..SearchQuery::default()
        })
        .map_err(Error::from)?;
    hits.into_iter()
        .filter_map(|hit| {
            let ticket_no = hit.ticket_no.clone()?;
            Some((ticket_no, hit))
        })
        .map(|(ticket_no, hit)| {
            let application_ref = hit.application_ref;
            let user_id = hit.user_id.clone();
            // A purged or undecryptable record shows no name rather than failing the list.
            let citizen_name = journal
                .citizen_of(application_ref)
                .ok()
                .flatten()
                .and_then(|c| c.name);
            let service = hit
                .service_code
                .as_deref()
                .and_then(kendra_workflows::bsk_counter::service_catalogue::find_service);
            Ok(TodayTicket {
                user_id: user_id.unwrap_or_default(),
                ticket_no,
                service_name: service.map(|s| s.service_name.to_owned()),
                service_code: hit.service_code,
                application_no: hit.app_no,
                current_status: hit.current_status,
                citizen_name,
                created_at: iso_ist(hit.created_ms),
            })
        })
        .collect()
}
