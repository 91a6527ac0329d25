//! The one error type of the workflows. `Display` is one plain sentence a DEO, admin, tester or
//! signing officer can act on; [`Error::detail`] keeps the technical detail (HTTP status, the
//! peer's error code and text) for the expandable view and `--json` output.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Something the user typed or gave in a file, named, with what is wrong with it.
    #[error("{field}: {problem}")]
    Input { field: String, problem: String },

    /// The peer answered, and refused: its own words in `message`, its code in `code`.
    #[error("{peer} refused: {message}")]
    Refused {
        peer: &'static str,
        message: String,
        code: Option<String>,
        detail: Option<String>,
    },

    /// A call failed (network, timeout, HTTP status, bad answer, token): the client's sentence.
    #[error(transparent)]
    Client(#[from] kendra_client::Error),

    #[error(transparent)]
    Journal(#[from] kendra_journal::Error),

    #[error(transparent)]
    Profiles(#[from] kendra_profiles::Error),

    #[error(transparent)]
    Outbox(#[from] kendra_outbox::Error),

    #[error(transparent)]
    Wire(#[from] kendra_wire::Error),

    /// Kendra's own wait ran out before the peer finished (a CSP request still PENDING, a DCI
    /// callback that never came): nothing failed, but there is no answer yet.
    #[error("{peer} {what} within {waited_secs} s: {next_step}")]
    WaitedTooLong {
        peer: &'static str,
        /// What did not happen, e.g. "sent no on-search callback".
        what: String,
        waited_secs: u64,
        /// What the user can do now.
        next_step: String,
        detail: Option<String>,
    },

    /// A local file could not be read or written (named).
    #[error("{path}: {problem}")]
    File { path: String, problem: String },
}

impl Error {
    pub fn input(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Input {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// A short stable code for scripts (`--json`) and the UI's translations.
    pub fn code(&self) -> String {
        match self {
            Error::Input { .. } => "input".to_owned(),
            Error::Refused { code, .. } => code.clone().unwrap_or_else(|| "refused".to_owned()),
            Error::Client(e) => e.code().to_owned(),
            Error::Journal(_) => "journal".to_owned(),
            Error::Profiles(_) => "profile".to_owned(),
            Error::Outbox(_) => "outbox".to_owned(),
            Error::Wire(e) => e.code().to_owned(),
            Error::File { .. } => "file".to_owned(),
            Error::WaitedTooLong { .. } => "wait_limit".to_owned(),
        }
    }

    /// The technical detail (never secret).
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::Refused { detail, .. } => detail.clone(),
            Error::Client(e) => e.detail(),
            Error::Journal(e) => e.detail(),
            Error::Profiles(_) => None,
            Error::Outbox(e) => e.detail(),
            Error::Wire(e) => e.detail(),
            Error::WaitedTooLong { detail, .. } => detail.clone(),
            Error::Input { .. } | Error::File { .. } => None,
        }
    }
}
