//! Standard input and output for commands that filter text.

use std::io::{Read, Write};

use crate::error::{CliError, Result};

const STDIN_LIMIT: usize = 64 * 1024 * 1024;

/// All of standard input as bytes; refuses empty input.
pub fn read_stdin(input: &'static str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(STDIN_LIMIT as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::ReadStdin {
            input,
            detail: e.to_string(),
        })?;
    if buf.len() > STDIN_LIMIT {
        return Err(CliError::StdinTooLarge {
            input,
            limit_mib: STDIN_LIMIT >> 20,
        });
    }
    if buf.iter().all(u8::is_ascii_whitespace) {
        return Err(kendra_wire::Error::EmptyInput {
            input: format!("{input} on standard input"),
        }
        .into());
    }
    Ok(buf)
}

pub fn read_stdin_text(input: &'static str) -> Result<String> {
    String::from_utf8(read_stdin(input)?).map_err(|e| CliError::StdinNotUtf8 {
        input,
        position: e.utf8_error().valid_up_to() + 1,
    })
}

pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::WriteStdout {
            detail: e.to_string(),
        })
}

/// A secret from the environment, never from the command line.
pub fn env_secret(name: &'static str, hint: &'static str) -> Result<zeroize::Zeroizing<String>> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(zeroize::Zeroizing::new(v)),
        Ok(_) | Err(std::env::VarError::NotPresent) => Err(CliError::MissingEnv { name, hint }),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::EnvNotUtf8 { name }),
    }
}
