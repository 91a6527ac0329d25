//! India Standard Time, the one clock every face of Kendra shows and every peer's local times are
//! in (UTC+05:30, no daylight saving). The journal keeps UTC unix milliseconds; this module turns
//! them into ISO 8601 with the offset and turns IST calendar days into UTC ranges.

use chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, SecondsFormat, TimeZone, Utc,
};

pub const IST_OFFSET_SECS: i32 = 5 * 3600 + 30 * 60;

/// The IST offset.
pub fn ist() -> FixedOffset {
    FixedOffset::east_opt(IST_OFFSET_SECS).unwrap_or_else(|| Utc.fix())
}

/// `2026-11-23T17:45:09+05:30`, to the second.
pub fn iso(time: DateTime<Utc>) -> String {
    time.with_timezone(&ist())
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// UTC unix milliseconds as IST ISO 8601; out-of-range values are shown as the number they are.
pub fn iso_from_ms(ms: i64) -> String {
    match DateTime::from_timestamp_millis(ms) {
        Some(t) => iso(t),
        None => ms.to_string(),
    }
}

/// An RFC 3339 stamp in any offset (`2026-11-23T12:15:00.123Z`) as IST; anything else as it came.
pub fn iso_from_rfc3339(text: &str) -> String {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| iso(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| text.to_owned())
}

/// A local IST date-time (as BSK and ISP peers write them) as UTC unix milliseconds.
pub fn ms_from_ist(local: NaiveDateTime) -> Option<i64> {
    ist()
        .from_local_datetime(&local)
        .single()
        .map(|t| t.timestamp_millis())
}

/// The start of IST day `date` (`YYYY-MM-DD`) plus `plus_days`, as UTC unix milliseconds; `None`
/// when `date` is not such a date.
pub fn day_start_ms(date: &str, plus_days: i64) -> Option<i64> {
    let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let day = day.checked_add_signed(chrono::Duration::days(plus_days))?;
    ms_from_ist(day.and_hms_opt(0, 0, 0)?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn utc_instants_read_in_ist() {
        assert_eq!(iso_from_ms(1_700_000_000_000), "2023-11-15T03:43:20+05:30");
        assert_eq!(iso_from_ms(1_700_000_000_999), "2023-11-15T03:43:20+05:30");
    }

    #[test]
    fn rfc3339_stamps_are_shown_in_ist() {
        assert_eq!(
            iso_from_rfc3339("2026-11-23T12:15:00.123Z"),
            "2026-11-23T17:45:00+05:30"
        );
        assert_eq!(iso_from_rfc3339("soon"), "soon");
    }

    #[test]
    fn an_ist_day_starts_at_18_30_utc_the_day_before() {
        let start = day_start_ms("2026-11-23", 0).unwrap();
        assert_eq!(iso_from_ms(start), "2026-11-23T00:00:00+05:30");
        assert_eq!(
            DateTime::from_timestamp_millis(start).unwrap().to_rfc3339(),
            "2026-11-22T18:30:00+00:00"
        );
        assert_eq!(day_start_ms("2026-11-23", 1).unwrap() - start, 86_400_000);
        assert_eq!(day_start_ms("2026-02-30", 0), None);
        assert_eq!(day_start_ms("23/11/2026", 0), None);
    }
}
