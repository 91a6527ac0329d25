//! Bulk import of ISP statuses from a CSV (header row of ISP field names) or a JSON array of
//! objects. Every row is validated (fields, Annexure A order against the journal and the rows
//! before it); if any row fails, nothing is imported and every failing row is reported.

use std::fmt;

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::NewOutboxItem;
use crate::actor::Actor;
use crate::applications::IspStatusUpdate;
use crate::error::{Error, Result};
use crate::isp_order_rules;
use crate::journal::Journal;
use crate::peer::Peer;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Json,
}

/// One rejected row: `row` counts data rows from 1 (a CSV's header is not a row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRowError {
    pub row: usize,
    pub message: String,
}

impl fmt::Display for ImportRowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub item_ids: Vec<i64>,
}

const REQUIRED: &[&str] = &[
    "request_id",
    "status_code",
    "service_code",
    "applicant_id",
    "application_id",
    "action_taken_time",
];

impl Journal {
    pub fn import_isp_statuses(
        &self,
        actor: &Actor,
        profile: &str,
        format: ImportFormat,
        data: &str,
    ) -> Result<ImportReport> {
        let rows = match format {
            ImportFormat::Csv => parse_csv(data)?,
            ImportFormat::Json => parse_json(data)?,
        };
        self.write(actor, |tx| {
            let mut errors = Vec::new();
            let mut item_ids = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let row_no = i + 1;
                let fields = match row {
                    Ok(fields) => fields,
                    Err(message) => {
                        errors.push(ImportRowError {
                            row: row_no,
                            message: message.clone(),
                        });
                        continue;
                    }
                };
                let checked = check_row(fields).and_then(|action_ms| {
                    let text = |k: &str| fields.get(k).and_then(Value::as_str);
                    let request_id = text("request_id").unwrap_or_default();
                    let code = text("status_code").unwrap_or_default();
                    // Queue first: it checks the order rules before writing anything.
                    let id = tx
                        .enqueue(&NewOutboxItem {
                            peer: Peer::Isp,
                            profile: profile.to_owned(),
                            endpoint_kind: isp_order_rules::endpoint_for(code).to_owned(),
                            ordering_key: request_id.to_owned(),
                            status_code: Some(code.to_owned()),
                            payload: Value::Object(fields.clone()),
                        })
                        .map_err(|e| e.to_string())?;
                    tx.record_isp_status(&IspStatusUpdate {
                        request_id,
                        status_code: code,
                        application_id: text("application_id"),
                        applicant_id: text("applicant_id"),
                        service_code: text("service_code"),
                        profile: Some(profile),
                        remarks: text("remarks"),
                        action_taken_ms: Some(action_ms),
                    })
                    .map_err(|e| e.to_string())?;
                    Ok(id)
                });
                match checked {
                    Ok(id) => item_ids.push(id),
                    Err(message) => errors.push(ImportRowError {
                        row: row_no,
                        message,
                    }),
                }
            }
            if !errors.is_empty() {
                return Err(Error::ImportRejected { errors });
            }
            tx.audit(
                "outbox.import",
                "outbox",
                Some(&json!({ "profile": profile, "rows": item_ids.len() })),
            )?;
            Ok(ImportReport { item_ids })
        })
    }
}

type Row = std::result::Result<Map<String, Value>, String>;

fn parse_csv(data: &str) -> Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(data.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::ImportFormat {
            format: "CSV",
            detail: e.to_string(),
        })?
        .clone();
    Ok(reader
        .records()
        .map(|rec| {
            let rec = rec.map_err(|e| format!("not a valid CSV row: {e}"))?;
            Ok(headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), Value::String(v.to_owned())))
                .collect())
        })
        .collect())
}

fn parse_json(data: &str) -> Result<Vec<Row>> {
    let value: Value = serde_json::from_str(data).map_err(|e| Error::ImportFormat {
        format: "JSON",
        detail: e.to_string(),
    })?;
    let Value::Array(rows) = value else {
        return Err(Error::ImportFormat {
            format: "JSON",
            detail: "the file must hold an array of status objects".into(),
        });
    };
    Ok(rows
        .into_iter()
        .map(|row| match row {
            Value::Object(map) => Ok(map),
            other => Err(format!("expected an object of ISP fields, found {other}")),
        })
        .collect())
}

/// Field checks; returns `action_taken_time` as UTC unix ms.
fn check_row(fields: &Map<String, Value>) -> std::result::Result<i64, String> {
    let mut problems = Vec::new();
    for &name in REQUIRED {
        match fields.get(name) {
            None => problems.push(format!("{name} is missing")),
            Some(Value::String(s)) if s.trim().is_empty() => {
                problems.push(format!("{name} is blank"))
            }
            Some(Value::String(_)) => {}
            Some(other) => problems.push(format!(
                "{name} must be a string (identifiers never go through a number), found {other}"
            )),
        }
    }
    let text = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or_default();
    let request_id = text("request_id");
    if !request_id.is_empty() && !request_id.bytes().all(|b| b.is_ascii_digit()) {
        problems.push(format!("request_id must be digits, found {request_id:?}"));
    }
    let code = text("status_code");
    if !code.is_empty() && !isp_order_rules::is_known_code(code) {
        problems.push(format!(
            "status_code {code:?} is not an Annexure A code (S101 to S120)"
        ));
    }
    let action = parse_action_time(text("action_taken_time"));
    if action.is_none() && !text("action_taken_time").is_empty() {
        problems.push(format!(
            "action_taken_time {:?} is not yyyy-mm-dd hh:mm:ss (or yyyy-mm-ddhh:mm:ss)",
            text("action_taken_time")
        ));
    }
    match (problems.is_empty(), action) {
        (true, Some(ms)) => Ok(ms),
        _ => Err(problems.join("; ")),
    }
}

/// ISP's `action_taken_time` is Indian time, with or without the space the manual omits.
pub fn parse_action_time(text: &str) -> Option<i64> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d%H:%M:%S"))
        .ok()?;
    kendra_wire::ist_time::ms_from_ist(naive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_time_is_read_as_ist_in_both_spellings() {
        let a = parse_action_time("2024-01-02 10:30:00").unwrap();
        assert_eq!(Some(a), parse_action_time("2024-01-0210:30:00"));
        assert_eq!(a, 1_704_171_600_000);
        assert_eq!(parse_action_time("02/01/2024"), None);
    }
}
