//! Days and times as an Indian operator reads them (IST, UTC+05:30).

use chrono::{FixedOffset, NaiveDate, Offset, TimeZone};

use crate::error::{CliError, Result};

fn ist() -> FixedOffset {
    // 5 h 30 min is always a valid offset; the fallback only satisfies the type.
    FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap_or_else(|| chrono::Utc.fix())
}

/// Midnight IST at the start of `day` + `plus_days`, as UTC unix ms.
pub fn ist_day_start_ms(option: &'static str, day: &str, plus_days: i64) -> Result<i64> {
    let date =
        NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| CliError::BadOption {
            option,
            problem: format!("{day:?} is not a date like 2026-11-23"),
        })?;
    let start = date
        .and_hms_opt(0, 0, 0)
        .and_then(|t| ist().from_local_datetime(&t).single())
        .ok_or(CliError::BadOption {
            option,
            problem: format!("{day:?} is not a usable date"),
        })?;
    Ok(start.timestamp_millis() + plus_days * 86_400_000)
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
