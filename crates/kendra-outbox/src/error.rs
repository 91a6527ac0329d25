//! The one error type of the outbox crate. `Display` is a sentence a DEO or admin can act on; the
//! journal's and the client's errors keep their own technical detail.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The journal refused or failed: Annexure A's order rules (the rule is named), a field the
    /// journal checks, or SQLite itself.
    #[error(transparent)]
    Journal(#[from] kendra_journal::Error),

    /// The manual's field rules, checked before anything is queued (the fields are named).
    #[error("{0}; nothing was queued")]
    Invalid(#[source] kendra_client::Error),

    #[error("a profile name is required to queue a delivery (which {peer} connection sends it)")]
    MissingProfile { peer: &'static str },

    #[error("the {what} cannot be written to the outbox")]
    Payload {
        what: String,
        #[source]
        source: serde_json::Error,
    },

    #[error("the delivery run stopped unexpectedly: {detail}")]
    Worker { detail: String },
}

impl Error {
    /// The technical detail for the expandable view and logs (never secret).
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::Journal(e) => e.detail(),
            Error::Invalid(e) => e.detail(),
            Error::Payload { source, .. } => Some(source.to_string()),
            Error::Worker { detail } => Some(detail.clone()),
            Error::MissingProfile { .. } => None,
        }
    }
}
