//! `deo_status`: where a citizen's application stands, found by ticket number or application
//! number.
//!
//! A ticket the journal knows is looked up by its application number (API-3) once the
//! department gave one; before that the journal's own stages are shown. Anything else is taken
//! as an application number; when the journal does not know it, the DEO is asked for its
//! service (API-3 needs the service code).

use kendra_journal::search::SearchQuery;
use kendra_journal::Peer;
use kendra_workflows::bsk_counter::{citizen_fields, service_catalogue, StatusInput};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::ist_time::iso as iso_ist;
use crate::{Desk, IpcError};

/// Request of `deo_status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusQuery {
    pub profile: String,
    /// The DEO's user id: used when the journal does not know whose ticket it is.
    pub user_id: String,
    /// A ticket number (14 or 17 digits) or an application number, as the citizen gave it.
    pub number: String,
    /// The service, when the DEO was asked for it.
    pub service_code: Option<String>,
}

/// One stage of an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StageView {
    /// ISO 8601, IST; `null` when the department's time is not a date.
    pub at: Option<String>,
    /// The department's words.
    pub message: String,
}

/// Answer of `deo_status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "found", rename_all = "snake_case")]
#[ts(export)]
pub enum StatusAnswer {
    /// The department's timeline (API-3), oldest first, newest last.
    Timeline {
        user_id: String,
        ticket_no: String,
        application_no: String,
        service_code: String,
        service_name: Option<String>,
        latest: Option<String>,
        stages: Vec<StageView>,
        /// Stages the journal did not have before this search.
        new_stages: u32,
    },
    /// A ticket the department has not numbered yet: the journal's stages so far.
    NotNumberedYet {
        user_id: String,
        ticket_no: String,
        service_code: Option<String>,
        service_name: Option<String>,
        stages: Vec<StageView>,
    },
    /// An application number the journal does not know: which service is it?
    NeedsService { application_no: String },
}

fn service_name(code: Option<&str>) -> Option<String> {
    code.and_then(service_catalogue::find_service)
        .map(|s| s.service_name.to_owned())
}

/// Looks the number up (journal first, then the department).
pub async fn deo_status(desk: &Desk, query: StatusQuery) -> Result<StatusAnswer, IpcError> {
    let number = citizen_fields::reference("number", &query.number)?;
    let journal = desk.journal();

    // A ticket number the journal knows?
    if citizen_fields::ticket_no(&number).is_ok() {
        let hit = journal
            .search(&SearchQuery {
                ticket_no: Some(number.clone()),
                peer: Some(Peer::Bsk),
                limit: 1,
                ..SearchQuery::default()
            })
            .map_err(Error::from)?
            .into_iter()
            .next();
        if let Some(hit) = hit {
            let user_id = hit.user_id.clone().unwrap_or_else(|| query.user_id.clone());
            let Some(app_no) = hit.app_no.clone() else {
                let stages = journal
                    .status_history(hit.application_ref)
                    .map_err(Error::from)?
                    .into_iter()
                    .map(|s| StageView {
                        at: Some(iso_ist(s.action_taken_ms.unwrap_or(s.recorded_ms))),
                        message: s.status_text.unwrap_or(s.status_code),
                    })
                    .collect();
                return Ok(StatusAnswer::NotNumberedYet {
                    user_id,
                    ticket_no: number,
                    service_name: service_name(hit.service_code.as_deref()),
                    service_code: hit.service_code,
                    stages,
                });
            };
            return timeline(desk, &query.profile, user_id, Some(number), None, app_no).await;
        }
    }

    // An application number.
    let known = journal.bsk_application(&number).map_err(Error::from)?;
    let given_service = query
        .service_code
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    match known {
        Some(row) => {
            timeline(
                desk,
                &query.profile,
                row.user_id,
                Some(row.ticket_no),
                given_service.or(row.service_code),
                number,
            )
            .await
        }
        None if given_service.is_none() => Ok(StatusAnswer::NeedsService {
            application_no: number,
        }),
        None => {
            timeline(
                desk,
                &query.profile,
                query.user_id,
                None,
                given_service,
                number,
            )
            .await
        }
    }
}

async fn timeline(
    desk: &Desk,
    profile: &str,
    user_id: String,
    ticket_no: Option<String>,
    service_code: Option<String>,
    application_no: String,
) -> Result<StatusAnswer, IpcError> {
    let counter = super::counter(desk, profile)?;
    let out = counter
        .status(&StatusInput {
            user_id,
            ticket_no,
            service_code,
            application_no,
        })
        .await?;
    Ok(StatusAnswer::Timeline {
        service_name: out
            .service_name
            .or_else(|| service_name(Some(&out.service_code))),
        user_id: out.user_id,
        ticket_no: out.ticket_no,
        application_no: out.application_no,
        service_code: out.service_code,
        latest: out.latest,
        stages: out
            .stages
            .into_iter()
            .map(|s| StageView {
                at: s.at,
                message: s.message,
            })
            .collect(),
        new_stages: u32::try_from(out.new_stages).unwrap_or(u32::MAX),
    })
}
