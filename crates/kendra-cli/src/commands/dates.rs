//! Days and times as an Indian operator reads them (IST, UTC+05:30).

use kendra_wire::ist_time::{self, ist};

use crate::error::{CliError, Result};

/// Midnight IST at the start of `day` + `plus_days`, as UTC unix ms.
pub fn ist_day_start_ms(option: &'static str, day: &str, plus_days: i64) -> Result<i64> {
    ist_time::day_start_ms(day, plus_days).ok_or(CliError::BadOption {
        option,
        problem: format!("{day:?} is not a date like 2026-11-23"),
    })
}

/// `2026-11-23 14:05:09` in IST.
pub fn ist_time(ms: i64) -> String {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(t) => t
            .with_timezone(&ist())
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        None => ms.to_string(),
    }
}
