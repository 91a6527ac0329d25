//! BSK tickets, ISP and BSK applications, their status history, and the encrypted citizen
//! record attached to them.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

use crate::citizen_cipher::{CitizenCipher, CitizenDetails};
use crate::error::{Error, Result};
use crate::journal::{Journal, JournalTx};
use crate::peer::require_digits;

#[derive(Debug, Clone, Default)]
pub struct NewBskTicket<'a> {
    /// BSK `userId`, digits (kept as a string: 17-digit values exceed a double's precision).
    pub user_id: &'a str,
    /// BSK `ticketNo`, digits (14 or 17).
    pub ticket_no: &'a str,
    pub service_code: Option<&'a str>,
    pub profile: Option<&'a str>,
    pub citizen: Option<&'a CitizenDetails>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TicketRef {
    pub ticket_id: i64,
    /// The application row every ticket gets (its appNo arrives later).
    pub application_ref: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NewIspApplication<'a> {
    pub request_id: &'a str,
    pub application_id: Option<&'a str>,
    pub applicant_id: Option<&'a str>,
    pub service_code: Option<&'a str>,
    pub profile: Option<&'a str>,
    pub citizen: Option<&'a CitizenDetails>,
}

/// One ISP status change for `request_id`; the application row is created if it is new.
#[derive(Debug, Clone, Default)]
pub struct IspStatusUpdate<'a> {
    pub request_id: &'a str,
    pub status_code: &'a str,
    pub application_id: Option<&'a str>,
    pub applicant_id: Option<&'a str>,
    pub service_code: Option<&'a str>,
    pub profile: Option<&'a str>,
    pub remarks: Option<&'a str>,
    pub action_taken_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusEntry {
    pub status_code: String,
    pub status_text: Option<String>,
    pub remarks: Option<String>,
    pub action_taken_ms: Option<i64>,
    pub recorded_ms: i64,
    pub actor: String,
}

impl JournalTx<'_> {
    pub fn record_bsk_ticket(&mut self, new: &NewBskTicket<'_>) -> Result<TicketRef> {
        require_digits("userId", new.user_id)?;
        require_digits("ticketNo", new.ticket_no)?;
        let citizen_id = match new.citizen {
            Some(c) => Some(self.insert_citizen(c)?),
            None => None,
        };
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO bsk_tickets (user_id, ticket_no, service_code, profile, citizen_id, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user_id, ticket_no) DO NOTHING",
            )?
            .execute(rusqlite::params![
                new.user_id,
                new.ticket_no,
                new.service_code,
                new.profile,
                citizen_id,
                self.now_ms
            ])?;
        if inserted == 0 {
            return Err(Error::Duplicate {
                what: "BSK ticket",
                key: format!("{} of user {}", new.ticket_no, new.user_id),
            });
        }
        let ticket_id = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached(
                "INSERT INTO applications (peer, profile, ticket_id, service_code, citizen_id, created_ms, updated_ms)
                 VALUES ('bsk', ?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(rusqlite::params![
                new.profile,
                ticket_id,
                new.service_code,
                citizen_id,
                self.now_ms
            ])?;
        let application_ref = self.tx.last_insert_rowid();
        self.audit(
            "bsk.ticket.recorded",
            &format!("ticket:{}", new.ticket_no),
            Some(&json!({ "userId": new.user_id, "serviceCode": new.service_code })),
        )?;
        Ok(TicketRef {
            ticket_id,
            application_ref,
        })
    }

    /// Records the BSK `appNo` the department returned for a ticket.
    pub fn set_bsk_app_no(&mut self, user_id: &str, ticket_no: &str, app_no: &str) -> Result<i64> {
        let app = self.bsk_application(user_id, ticket_no)?;
        self.tx
            .prepare_cached("UPDATE applications SET app_no = ?1, updated_ms = ?2 WHERE id = ?3")?
            .execute(rusqlite::params![app_no, self.now_ms, app])?;
        self.audit(
            "bsk.app_no.recorded",
            &format!("ticket:{ticket_no}"),
            Some(&json!({ "appNo": app_no })),
        )?;
        Ok(app)
    }

    pub fn record_bsk_status(
        &mut self,
        user_id: &str,
        ticket_no: &str,
        status_code: &str,
        status_text: Option<&str>,
    ) -> Result<i64> {
        let app = self.bsk_application(user_id, ticket_no)?;
        self.append_status(app, status_code, status_text, None, None)?;
        self.audit(
            "bsk.status.recorded",
            &format!("ticket:{ticket_no}"),
            Some(&json!({ "status": status_code, "text": status_text })),
        )?;
        Ok(app)
    }

    pub fn record_isp_application(&mut self, new: &NewIspApplication<'_>) -> Result<i64> {
        require_digits("request_id", new.request_id)?;
        if self.isp_application(new.request_id)?.is_some() {
            return Err(Error::Duplicate {
                what: "ISP request_id",
                key: new.request_id.to_owned(),
            });
        }
        let citizen_id = match new.citizen {
            Some(c) => Some(self.insert_citizen(c)?),
            None => None,
        };
        let app = self.insert_isp_application(
            new.request_id,
            new.application_id,
            new.applicant_id,
            new.service_code,
            new.profile,
            citizen_id,
        )?;
        self.audit(
            "isp.application.recorded",
            &format!("request:{}", new.request_id),
            Some(
                &json!({ "application_id": new.application_id, "service_code": new.service_code }),
            ),
        )?;
        Ok(app)
    }

    /// Records the ISP application `request_id` once (the session-key validation may be repeated
    /// when a citizen comes back): `true` when it was new.
    pub fn ensure_isp_application(&mut self, new: &NewIspApplication<'_>) -> Result<bool> {
        require_digits("request_id", new.request_id)?;
        if self.isp_application(new.request_id)?.is_some() {
            return Ok(false);
        }
        self.record_isp_application(new)?;
        Ok(true)
    }

    /// Keeps the applicant's details (encrypted, purged after the retention) with the ISP
    /// application `request_id`, which must be in the journal; replaces earlier details.
    pub fn attach_isp_citizen(&mut self, request_id: &str, citizen: &CitizenDetails) -> Result<()> {
        require_digits("request_id", request_id)?;
        let Some(app) = self.isp_application(request_id)? else {
            return Err(Error::NotFound {
                what: "ISP request_id",
                key: request_id.to_owned(),
            });
        };
        let citizen_id = self.insert_citizen(citizen)?;
        self.tx
            .prepare_cached(
                "UPDATE applications SET citizen_id = ?1, updated_ms = ?2 WHERE id = ?3",
            )?
            .execute(rusqlite::params![citizen_id, self.now_ms, app])?;
        self.audit(
            "isp.applicant.details",
            &format!("request:{request_id}"),
            None,
        )?;
        Ok(())
    }

    /// Appends an ISP status to the request's history (creating the application if new). Queue
    /// the delivery in the same transaction with [`JournalTx::enqueue`].
    pub fn record_isp_status(&mut self, update: &IspStatusUpdate<'_>) -> Result<i64> {
        require_digits("request_id", update.request_id)?;
        let app = match self.isp_application(update.request_id)? {
            Some(app) => {
                self.tx
                    .prepare_cached(
                        "UPDATE applications SET
                           application_id = COALESCE(?1, application_id),
                           applicant_id = COALESCE(?2, applicant_id),
                           service_code = COALESCE(?3, service_code)
                         WHERE id = ?4",
                    )?
                    .execute(rusqlite::params![
                        update.application_id,
                        update.applicant_id,
                        update.service_code,
                        app
                    ])?;
                app
            }
            None => self.insert_isp_application(
                update.request_id,
                update.application_id,
                update.applicant_id,
                update.service_code,
                update.profile,
                None,
            )?,
        };
        self.append_status(
            app,
            update.status_code,
            None,
            update.remarks,
            update.action_taken_ms,
        )?;
        self.audit(
            "isp.status.recorded",
            &format!("request:{}", update.request_id),
            Some(&json!({ "status_code": update.status_code, "remarks": update.remarks })),
        )?;
        Ok(app)
    }

    fn insert_isp_application(
        &mut self,
        request_id: &str,
        application_id: Option<&str>,
        applicant_id: Option<&str>,
        service_code: Option<&str>,
        profile: Option<&str>,
        citizen_id: Option<i64>,
    ) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO applications (peer, profile, request_id, application_id, applicant_id,
                     service_code, citizen_id, created_ms, updated_ms)
                 VALUES ('isp', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(rusqlite::params![
                profile,
                request_id,
                application_id,
                applicant_id,
                service_code,
                citizen_id,
                self.now_ms
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn append_status(
        &mut self,
        app: i64,
        status_code: &str,
        status_text: Option<&str>,
        remarks: Option<&str>,
        action_taken_ms: Option<i64>,
    ) -> Result<()> {
        if status_code.trim().is_empty() {
            return Err(Error::MissingField {
                field: "status_code",
            });
        }
        self.tx
            .prepare_cached(
                "INSERT INTO status_history (application_ref, status_code, status_text, remarks,
                     action_taken_ms, recorded_ms, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                app,
                status_code,
                status_text,
                remarks,
                action_taken_ms,
                self.now_ms,
                self.actor.as_str()
            ])?;
        self.tx
            .prepare_cached(
                "UPDATE applications SET current_status = ?1, updated_ms = ?2 WHERE id = ?3",
            )?
            .execute(rusqlite::params![status_code, self.now_ms, app])?;
        Ok(())
    }

    pub(crate) fn isp_application(&mut self, request_id: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM applications WHERE request_id = ?1")?
            .query_row([request_id], |r| r.get(0))
            .optional()?)
    }

    fn bsk_application(&mut self, user_id: &str, ticket_no: &str) -> Result<i64> {
        self.tx
            .prepare_cached(
                "SELECT a.id FROM bsk_tickets t JOIN applications a ON a.ticket_id = t.id
                 WHERE t.user_id = ?1 AND t.ticket_no = ?2",
            )?
            .query_row([user_id, ticket_no], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "BSK ticket",
                key: format!("{ticket_no} of user {user_id}"),
            })
    }

    fn insert_citizen(&mut self, c: &CitizenDetails) -> Result<i64> {
        let cipher = self.cipher()?;
        let enc = |field: &'static str, v: &Option<String>| -> Result<Option<Vec<u8>>> {
            v.as_deref().map(|v| cipher.encrypt(field, v)).transpose()
        };
        let row = (
            enc("name", &c.name)?,
            enc("mobile", &c.mobile)?,
            enc("email", &c.email)?,
            enc("aadhaar_ref", &c.aadhaar_ref)?,
            enc("address", &c.address)?,
            enc("date_of_birth", &c.date_of_birth)?,
            c.mobile.as_deref().and_then(|m| cipher.mobile_index(m)),
        );
        self.tx
            .prepare_cached(
                "INSERT INTO citizen_records (name_enc, mobile_enc, email_enc, aadhaar_ref_enc,
                     address_enc, date_of_birth_enc, mobile_index, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                row.0,
                row.1,
                row.2,
                row.3,
                row.4,
                row.5,
                row.6,
                self.now_ms
            ])?;
        Ok(self.tx.last_insert_rowid())
    }
}

impl Journal {
    /// The status history of one application, oldest first.
    pub fn status_history(&self, application_ref: i64) -> Result<Vec<StatusEntry>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT status_code, status_text, remarks, action_taken_ms, recorded_ms, actor
                 FROM status_history WHERE application_ref = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([application_ref], |r| {
                Ok(StatusEntry {
                    status_code: r.get(0)?,
                    status_text: r.get(1)?,
                    remarks: r.get(2)?,
                    action_taken_ms: r.get(3)?,
                    recorded_ms: r.get(4)?,
                    actor: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The decrypted citizen details of an application; `None` if it has none or they were purged.
    pub fn citizen_of(&self, application_ref: i64) -> Result<Option<CitizenDetails>> {
        let cipher = self.cipher()?;
        self.read(|c| {
            let row = c
                .query_row(
                    "SELECT r.name_enc, r.mobile_enc, r.email_enc, r.aadhaar_ref_enc, r.address_enc,
                            r.date_of_birth_enc, r.purged_ms
                     FROM applications a JOIN citizen_records r ON r.id = a.citizen_id
                     WHERE a.id = ?1",
                    [application_ref],
                    |r| {
                        Ok((
                            r.get::<_, Option<Vec<u8>>>(0)?,
                            r.get::<_, Option<Vec<u8>>>(1)?,
                            r.get::<_, Option<Vec<u8>>>(2)?,
                            r.get::<_, Option<Vec<u8>>>(3)?,
                            r.get::<_, Option<Vec<u8>>>(4)?,
                            r.get::<_, Option<Vec<u8>>>(5)?,
                            r.get::<_, Option<i64>>(6)?,
                        ))
                    },
                )
                .optional()?;
            let Some(row) = row else { return Ok(None) };
            if row.6.is_some() {
                return Ok(None);
            }
            let dec = |field, v: Option<Vec<u8>>| decrypt_opt(cipher, field, v);
            Ok(Some(CitizenDetails {
                name: dec("name", row.0)?,
                mobile: dec("mobile", row.1)?,
                email: dec("email", row.2)?,
                aadhaar_ref: dec("aadhaar_ref", row.3)?,
                address: dec("address", row.4)?,
                date_of_birth: dec("date_of_birth", row.5)?,
            }))
        })
    }
}

fn decrypt_opt(
    cipher: &CitizenCipher,
    field: &'static str,
    blob: Option<Vec<u8>>,
) -> Result<Option<String>> {
    blob.map(|b| cipher.decrypt(field, &b)).transpose()
}
