//! (being written: `kendra csp …`)

use clap::Subcommand;

use crate::error::{CliError, Result};

#[derive(Debug, Subcommand)]
pub enum CspCommand {
    /// Not built yet.
    Pending,
}

pub fn run(_command: CspCommand, _data: Option<&std::path::Path>) -> Result<()> {
    Err(CliError::BadOption {
        option: "csp",
        problem: "not built yet".into(),
    })
}
