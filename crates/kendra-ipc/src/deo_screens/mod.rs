//! The DEO's screens — Counter, Status and Documents — over the BSK counter workflow
//! (`kendra_workflows::bsk_counter`), the journal and the BSK profiles.
//!
//! | screen | commands | module |
//! |---|---|---|
//! | Counter | `deo_profiles`, `deo_services`, `deo_check_citizen`, `deo_initiate`, `deo_today` | [`service_picker`], [`citizen_check`], [`counter`] |
//! | Status | `deo_status` | [`status_search`] |
//! | Documents | `deo_otp_request`, `deo_otp_verify`, `deo_document_download`, `deo_document_preview`, `deo_document_save_copy`, `deo_document_open` | [`documents`] |
//!
//! Ids (user ids, ticket, application, document and OTP ids) are strings; times are ISO 8601 in
//! IST. The OTP goes from the UI to the core once and never comes back.

pub mod citizen_check;
pub mod counter;
pub mod documents;
pub mod service_picker;
pub mod status_search;

pub use citizen_check::{deo_check_citizen, CitizenField, CitizenForm, FieldError, FieldProblem};
pub use counter::{
    deo_initiate, deo_profiles, deo_today, DeoProfile, DeoProfiles, InitiateRequest, TicketView,
    TodayTicket,
};
pub use documents::{
    deo_document_download, deo_document_open, deo_document_preview, deo_document_save_copy,
    deo_otp_request, deo_otp_verify, DocumentDownloadRequest, DocumentKind, DocumentPreview,
    DocumentView, OtpRefusal, OtpRequest, OtpSent, OtpVerifyAnswer, OtpVerifyRequest, SavedCopy,
};
pub use service_picker::{deo_services, ServiceOption};
pub use status_search::{deo_status, StageView, StatusAnswer, StatusQuery};

use kendra_workflows::bsk_counter::BskCounter;

use crate::{Desk, IpcError};

/// The counter workflow over the BSK profile `profile` (its secrets read from the store now).
fn counter<'d>(desk: &'d Desk, profile: &str) -> Result<BskCounter<'d>, IpcError> {
    let client = desk
        .profiles()
        .bsk_counter_client(profile)
        .map_err(crate::Error::from)?;
    Ok(BskCounter::new(
        desk.journal(),
        desk.actor(),
        profile,
        client,
    ))
}

#[cfg(test)]
mod tests;
