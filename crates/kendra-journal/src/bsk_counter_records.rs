//! What the BSK counter workflow needs beyond [`crate::applications`]: finding a ticket or an
//! application again, attaching the department's application number, and the API-3 stage
//! timeline as status history (each stage once, at the department's time).

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

use crate::applications::TicketRef;
use crate::error::Result;
use crate::journal::{Journal, JournalTx};

/// One BSK ticket and its application, as the journal holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BskTicketRow {
    pub ticket_id: i64,
    pub application_ref: i64,
    pub user_id: String,
    pub ticket_no: String,
    pub service_code: Option<String>,
    pub profile: Option<String>,
    pub app_no: Option<String>,
    pub current_status: Option<String>,
    pub has_citizen: bool,
}

/// One OTP attempt (the OTP itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtpAttemptRow {
    pub id: i64,
    pub ticket_ref: Option<i64>,
    pub otp_id: Option<String>,
    pub purpose: String,
    pub outcome: String,
    pub attempted_ms: i64,
    pub exchange_id: Option<i64>,
}

const TICKET_COLUMNS: &str =
    "t.id, a.id, t.user_id, t.ticket_no, COALESCE(a.service_code, t.service_code),
     t.profile, a.app_no, a.current_status, a.citizen_id IS NOT NULL";

fn ticket_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BskTicketRow> {
    Ok(BskTicketRow {
        ticket_id: r.get(0)?,
        application_ref: r.get(1)?,
        user_id: r.get(2)?,
        ticket_no: r.get(3)?,
        service_code: r.get(4)?,
        profile: r.get(5)?,
        app_no: r.get(6)?,
        current_status: r.get(7)?,
        has_citizen: r.get(8)?,
    })
}

impl JournalTx<'_> {
    /// The ticket `(user_id, ticket_no)` and its application, if the journal has it.
    pub fn find_bsk_ticket(&mut self, user_id: &str, ticket_no: &str) -> Result<Option<TicketRef>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT t.id, a.id FROM bsk_tickets t JOIN applications a ON a.ticket_id = t.id
                 WHERE t.user_id = ?1 AND t.ticket_no = ?2",
            )?
            .query_row([user_id, ticket_no], |r| {
                Ok(TicketRef {
                    ticket_id: r.get(0)?,
                    application_ref: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// The newest BSK application with the department's number `app_no`.
    pub fn find_bsk_application(&mut self, app_no: &str) -> Result<Option<TicketRef>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT ticket_id, id FROM applications
                 WHERE app_no = ?1 AND peer = 'bsk' AND ticket_id IS NOT NULL
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([app_no], |r| {
                Ok(TicketRef {
                    ticket_id: r.get(0)?,
                    application_ref: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Attaches the department's application number to a BSK application that has none yet.
    pub fn attach_bsk_app_no(&mut self, application_ref: i64, app_no: &str) -> Result<bool> {
        let changed = self
            .tx
            .prepare_cached(
                "UPDATE applications SET app_no = ?1, updated_ms = ?2
                 WHERE id = ?3 AND peer = 'bsk' AND app_no IS NULL",
            )?
            .execute(rusqlite::params![app_no, self.now_ms, application_ref])?;
        if changed > 0 {
            self.audit(
                "bsk.app_no.recorded",
                &format!("application:{application_ref}"),
                Some(&json!({ "appNo": app_no })),
            )?;
        }
        Ok(changed > 0)
    }

    /// Appends one API-3 stage to the application's history unless it is already there (same
    /// text at the same time); true when it was new. `current_status` follows the newest stage.
    pub fn record_bsk_stage(
        &mut self,
        application_ref: i64,
        stage: &str,
        action_taken_ms: Option<i64>,
        remarks: Option<&str>,
    ) -> Result<bool> {
        let known: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM status_history
                 WHERE application_ref = ?1 AND status_code = ?2 AND action_taken_ms IS ?3",
            )?
            .query_row(
                rusqlite::params![application_ref, stage, action_taken_ms],
                |r| r.get(0),
            )
            .optional()?;
        if known.is_some() {
            return Ok(false);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO status_history (application_ref, status_code, status_text, remarks,
                     action_taken_ms, recorded_ms, actor)
                 VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                application_ref,
                stage,
                remarks,
                action_taken_ms,
                self.now_ms,
                self.actor.as_str()
            ])?;
        self.tx
            .prepare_cached(
                "UPDATE applications SET current_status = ?1, updated_ms = ?2 WHERE id = ?3",
            )?
            .execute(rusqlite::params![stage, self.now_ms, application_ref])?;
        self.audit(
            "bsk.stage.recorded",
            &format!("application:{application_ref}"),
            Some(&json!({ "stage": stage, "action_taken_ms": action_taken_ms })),
        )?;
        Ok(true)
    }
}

impl Journal {
    /// The ticket `(user_id, ticket_no)` with its application.
    pub fn bsk_ticket(&self, user_id: &str, ticket_no: &str) -> Result<Option<BskTicketRow>> {
        self.read(|c| {
            Ok(c.prepare_cached(&format!(
                "SELECT {TICKET_COLUMNS} FROM bsk_tickets t JOIN applications a ON a.ticket_id = t.id
                 WHERE t.user_id = ?1 AND t.ticket_no = ?2"
            ))?
            .query_row([user_id, ticket_no], ticket_row)
            .optional()?)
        })
    }

    /// The newest BSK application with the department's number `app_no`, with its ticket.
    pub fn bsk_application(&self, app_no: &str) -> Result<Option<BskTicketRow>> {
        self.read(|c| {
            Ok(c.prepare_cached(&format!(
                "SELECT {TICKET_COLUMNS} FROM applications a JOIN bsk_tickets t ON a.ticket_id = t.id
                 WHERE a.app_no = ?1 AND a.peer = 'bsk' ORDER BY a.id DESC LIMIT 1"
            ))?
            .query_row([app_no], ticket_row)
            .optional()?)
        })
    }

    /// Every attempt for `otp_id`, oldest first.
    pub fn otp_attempts(&self, otp_id: &str) -> Result<Vec<OtpAttemptRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, ticket_ref, otp_id, purpose, outcome, attempted_ms, exchange_id
                 FROM otp_attempts WHERE otp_id = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([otp_id], |r| {
                Ok(OtpAttemptRow {
                    id: r.get(0)?,
                    ticket_ref: r.get(1)?,
                    otp_id: r.get(2)?,
                    purpose: r.get(3)?,
                    outcome: r.get(4)?,
                    attempted_ms: r.get(5)?,
                    exchange_id: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
