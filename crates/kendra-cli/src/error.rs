//! The CLI's error: always one plain line on stderr, naming the input and what is wrong.

pub type Result<T, E = CliError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{name} is not set: {hint}")]
    MissingEnv {
        name: &'static str,
        hint: &'static str,
    },

    #[error("{name} is not valid UTF-8 text")]
    EnvNotUtf8 { name: &'static str },

    #[error("could not read {input} from standard input: {detail}")]
    ReadStdin { input: &'static str, detail: String },

    #[error("{input} on standard input is larger than {limit_mib} MiB")]
    StdinTooLarge {
        input: &'static str,
        limit_mib: usize,
    },

    #[error("{input} on standard input is not UTF-8 text (byte {position})")]
    StdinNotUtf8 {
        input: &'static str,
        position: usize,
    },

    #[error("could not write to standard output: {detail}")]
    WriteStdout { detail: String },

    #[error(transparent)]
    Wire(#[from] kendra_wire::Error),

    #[error(transparent)]
    Sandbox(#[from] kendra_sandbox::Error),

    #[error("could not reach the sandbox at {url}: {detail} (is `kendra sandbox` running there?)")]
    SandboxUnreachable { url: String, detail: String },

    #[error("the sandbox refused the request: {message}")]
    SandboxRefused { message: String },

    #[error("{option}: {problem}")]
    BadOption {
        option: &'static str,
        problem: String,
    },

    #[error("no data folder: HOME is not set; give one with `kendra --data DIR …`")]
    NoDataDir,

    #[error("the data folder {path} cannot be created or used: {detail}")]
    DataDir { path: String, detail: String },

    #[error("secrets on standard input, line {line}: {problem}")]
    SecretLine { line: usize, problem: String },

    #[error(transparent)]
    Profiles(#[from] kendra_profiles::Error),

    #[error(transparent)]
    Journal(#[from] kendra_journal::Error),

    #[error(transparent)]
    Outbox(#[from] kendra_outbox::Error),

    #[error(transparent)]
    Secrets(#[from] kendra_secrets::Error),

    #[error(transparent)]
    Workflow(#[from] kendra_workflows::Error),
}

impl CliError {
    /// Exit status: 1 for bad input or a refused check, 3 for local I/O trouble, 4 for the sandbox
    /// or network.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::ReadStdin { .. } | CliError::WriteStdout { .. } => 3,
            CliError::DataDir { .. } | CliError::NoDataDir => 3,
            // The journal file itself failing is local trouble; anything else it refuses is input.
            CliError::Journal(
                kendra_journal::Error::DataDir { .. }
                | kendra_journal::Error::Open { .. }
                | kendra_journal::Error::SchemaTooNew { .. }
                | kendra_journal::Error::Migration { .. }
                | kendra_journal::Error::Sqlite(_),
            ) => 3,
            CliError::Sandbox(_) | CliError::SandboxUnreachable { .. } => 4,
            // The peer could not be reached or answered badly; a refusal is the user's to fix.
            CliError::Workflow(kendra_workflows::Error::Client(e))
                if matches!(
                    e.class(),
                    kendra_client::FailureClass::Network | kendra_client::FailureClass::Timeout
                ) =>
            {
                4
            }
            CliError::Workflow(kendra_workflows::Error::WaitedTooLong { .. }) => 4,
            CliError::Workflow(kendra_workflows::Error::File { .. }) => 3,
            _ => 1,
        }
    }
}
