//! Times as every screen sends them: journal times (UTC milliseconds) as ISO 8601 in IST
//! (kendra_wire::ist_time), and the day filters the screens accept (`YYYY-MM-DD`, an IST day).

use kendra_wire::ist_time;

use crate::error::Error;

const DAY_MS: i64 = 86_400_000;

/// `1733200000000` → `2024-12-03T09:56:40+05:30`.
pub fn iso(utc_ms: i64) -> String {
    ist_time::iso_from_ms(utc_ms)
}

/// An RFC 3339 stamp (the sandbox's, a peer's) as IST; anything else as it came.
pub fn iso_from_rfc3339(text: &str) -> String {
    ist_time::iso_from_rfc3339(text)
}

/// Midnight IST of the day `utc_ms` falls on, in UTC milliseconds ("today" at the kendra).
pub fn day_start_of(utc_ms: i64) -> i64 {
    let offset = i64::from(ist_time::IST_OFFSET_SECS) * 1000;
    (utc_ms + offset).div_euclid(DAY_MS) * DAY_MS - offset
}

/// The start of IST day `text` (`YYYY-MM-DD`) plus `plus_days`, as UTC unix milliseconds.
pub fn day_start_ms(field: &'static str, text: &str, plus_days: i64) -> Result<i64, Error> {
    ist_time::day_start_ms(text, plus_days).ok_or_else(|| Error::InvalidInput {
        field,
        reason: format!("{text:?} is not a date like 2026-11-23"),
    })
}

/// An optional day filter: blank means none.
pub fn optional_day(
    field: &'static str,
    text: Option<&str>,
    plus_days: i64,
) -> Result<Option<i64>, Error> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => day_start_ms(field, t, plus_days).map(Some),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn today_starts_at_ist_midnight() {
        let noon_ist = day_start_ms("d", "2026-11-23", 0).unwrap() + 12 * 3_600_000;
        assert_eq!(iso(day_start_of(noon_ist)), "2026-11-23T00:00:00+05:30");
        assert_eq!(optional_day("d", Some("  "), 0).unwrap(), None);
        assert!(day_start_ms("from date", "23-11-2026", 0).is_err());
    }
}
