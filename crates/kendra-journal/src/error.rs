//! The one error type of the journal.
//!
//! `Display` is a sentence a DEO or admin can act on; the fields carry the technical part (SQLite
//! message, rule, row numbers). No variant ever carries a key or a citizen's data.

use std::path::PathBuf;

use crate::outbox::bulk_import::ImportRowError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // --- the file ------------------------------------------------------------------------------
    #[error("the data folder {path} cannot be created or used")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("the journal {path} cannot be opened")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error("the journal {path} was written by a newer Kendra (schema {found}, this Kendra knows up to {known}): update Kendra before opening it")]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("the journal could not be upgraded: migration {version} ({name}) failed")]
    Migration {
        version: i64,
        name: String,
        #[source]
        source: rusqlite::Error,
    },

    #[error("the journal could not be read or written")]
    Sqlite(#[from] rusqlite::Error),

    // --- citizen data --------------------------------------------------------------------------
    #[error("citizen data cannot be read or written: no citizen key was given to the journal")]
    CitizenKeyMissing,

    #[error("the citizen's {field} cannot be decrypted: the citizen key is not the one it was stored with, or the data is damaged")]
    CitizenDecrypt { field: &'static str },

    #[error(
        "the citizen's {field} is stored in an unknown format (version {version}): update Kendra"
    )]
    CitizenBlobVersion { field: &'static str, version: u8 },

    #[error("the citizen's {field} could not be encrypted")]
    CitizenEncrypt { field: &'static str },

    // --- input ---------------------------------------------------------------------------------
    #[error("{field} must contain digits only, but it is {value:?}")]
    NotDigits { field: &'static str, value: String },

    #[error("{field} is required")]
    MissingField { field: &'static str },

    #[error("{field} is invalid: {problem}")]
    InvalidField { field: String, problem: String },

    #[error("the settings of a profile must be a JSON object")]
    ProfileSettingsNotObject,

    #[error("{what} {key} is not in the journal")]
    NotFound { what: &'static str, key: String },

    #[error("{what} {key} is already in the journal")]
    Duplicate { what: &'static str, key: String },

    // --- outbox --------------------------------------------------------------------------------
    #[error("{code} is not an Annexure A status code (S101 to S120)")]
    UnknownStatusCode { code: String },

    #[error("status {code} cannot be queued for request_id {request_id}: {rule}")]
    OrderRule {
        request_id: String,
        code: String,
        rule: String,
    },

    #[error("outbox item {id} is {state}, so it cannot be {action}")]
    OutboxState {
        id: i64,
        state: String,
        action: &'static str,
    },

    #[error("the payload of an edited item must keep its {field} ({expected:?})")]
    PayloadKeyChanged {
        field: &'static str,
        expected: String,
    },

    #[error("the import file has {} invalid row(s); nothing was imported", errors.len())]
    ImportRejected { errors: Vec<ImportRowError> },

    #[error("the import file is not valid {format}: {detail}")]
    ImportFormat {
        format: &'static str,
        detail: String,
    },

    #[error("the export could not be written: {detail}")]
    Export { detail: String },

    #[error("the delivery worker stopped unexpectedly: {detail}")]
    Worker { detail: String },
}

impl Error {
    /// The technical detail for the expandable view and logs (never secret).
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::DataDir { source, .. } => Some(source.to_string()),
            Error::Open { source, .. }
            | Error::Migration { source, .. }
            | Error::Sqlite(source) => Some(source.to_string()),
            Error::ImportRejected { errors } => Some(
                errors
                    .iter()
                    .map(ImportRowError::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => None,
        }
    }
}
