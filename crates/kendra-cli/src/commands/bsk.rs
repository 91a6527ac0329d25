//! (being written: `kendra bsk …`)

use clap::Subcommand;

use crate::error::{CliError, Result};

#[derive(Debug, Subcommand)]
pub enum BskCommand {
    /// Not built yet.
    Pending,
}

pub fn run(_command: BskCommand, _data: Option<&std::path::Path>) -> Result<()> {
    Err(CliError::BadOption {
        option: "bsk",
        problem: "not built yet".into(),
    })
}
