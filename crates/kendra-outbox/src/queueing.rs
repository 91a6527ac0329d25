//! The only way callers add deliveries. Each function checks what can be checked locally, then in
//! ONE journal transaction records the change (status history, ticket) and queues the delivery,
//! so a status is never recorded without its delivery nor queued without its record.

use kendra_client::{Api2Submission, IspStatusDelivery};
use kendra_journal::applications::{IspStatusUpdate, NewBskTicket};
use kendra_journal::outbox::bulk_import::parse_action_time;
use kendra_journal::outbox::NewOutboxItem;
use kendra_journal::{Actor, Journal, Peer};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::isp_payload;

/// The endpoint kind of a BSK API-2 push in the outbox.
pub const BSK_API2_PUSH: &str = "api2-push";

/// Queues an ISP status for delivery through `profile` and records it in the request's status
/// history. Refused, with the field or the Annexure A rule named, when the manual's field rules
/// or the order rules (against the statuses already queued or delivered) say no.
pub fn queue_isp_status(
    journal: &Journal,
    actor: &Actor,
    profile: &str,
    delivery: &IspStatusDelivery,
) -> Result<i64> {
    if profile.trim().is_empty() {
        return Err(Error::MissingProfile { peer: "ISP" });
    }
    delivery.validate().map_err(Error::Invalid)?;
    let payload = isp_payload::to_payload(delivery).map_err(|source| Error::Payload {
        what: format!("{} payload", delivery.endpoint()),
        source,
    })?;
    let text = |field: &str| payload.get(field).and_then(Value::as_str);
    let non_empty = |field: &str| text(field).filter(|v| !v.trim().is_empty());
    let item = NewOutboxItem {
        peer: Peer::Isp,
        profile: profile.to_owned(),
        endpoint_kind: delivery.endpoint().to_owned(),
        ordering_key: delivery.request_id().to_owned(),
        status_code: Some(delivery.status_code().to_owned()),
        payload: payload.clone(),
    };
    let update = IspStatusUpdate {
        request_id: delivery.request_id(),
        status_code: delivery.status_code(),
        application_id: non_empty("application_id"),
        applicant_id: non_empty("applicant_id"),
        service_code: non_empty("service_code"),
        profile: Some(profile),
        remarks: non_empty("remarks"),
        action_taken_ms: text("action_taken_time").and_then(parse_action_time),
    };
    Ok(journal.write(actor, |tx| {
        // Queue first: it checks Annexure A before anything is written.
        let id = tx.enqueue(&item)?;
        tx.record_isp_status(&update)?;
        Ok(id)
    })?)
}

/// Queues a BSK API-2 push for delivery through `profile`, recording the ticket (if new), its
/// appNo and the submission status in the same transaction. The ordering key is the ticket
/// number: pushes for one ticket go out in queue order.
pub fn queue_bsk_push(
    journal: &Journal,
    actor: &Actor,
    profile: &str,
    push: &Api2Submission,
) -> Result<i64> {
    if profile.trim().is_empty() {
        return Err(Error::MissingProfile { peer: "BSK" });
    }
    push.validate().map_err(Error::Invalid)?;
    let payload = serde_json::to_value(push).map_err(|source| Error::Payload {
        what: "API-2 payload".into(),
        source,
    })?;
    let status = push.application_status.to_string();
    let item = NewOutboxItem {
        peer: Peer::Bsk,
        profile: profile.to_owned(),
        endpoint_kind: BSK_API2_PUSH.to_owned(),
        ordering_key: push.ticket_no.clone(),
        status_code: Some(status.clone()),
        payload,
    };
    Ok(journal.write(actor, |tx| {
        let ticket = NewBskTicket {
            user_id: &push.userid,
            ticket_no: &push.ticket_no,
            service_code: Some(&push.service_code),
            profile: Some(profile),
            citizen: None,
        };
        // A known ticket is refused before anything is written: carry on with it.
        match tx.record_bsk_ticket(&ticket) {
            Ok(_) | Err(kendra_journal::Error::Duplicate { .. }) => {}
            Err(e) => return Err(e),
        }
        tx.set_bsk_app_no(&push.userid, &push.ticket_no, &push.app_no)?;
        tx.record_bsk_status(&push.userid, &push.ticket_no, &status, Some(push.message()))?;
        tx.enqueue(&item)
    })?)
}
