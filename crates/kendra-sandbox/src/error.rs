//! The sandbox's one error type.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(
        "the sandbox could not listen on {addr}: {source} (is another program using that port?)"
    )]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },

    #[error("the sandbox data folder {path} cannot be used: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("the sandbox stopped unexpectedly: {detail}")]
    Runtime { detail: String },

    #[error("the sandbox could not create its keys: {detail}")]
    KeyGeneration { detail: String },

    #[error(transparent)]
    Wire(#[from] kendra_wire::Error),
}
