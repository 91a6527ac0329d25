//! Times as the admin screens send them (ISO 8601 in IST, `2026-11-23T14:05:09.120+05:30`) and
//! the day filters they accept (`YYYY-MM-DD`, an IST day), without a calendar crate: the journal
//! keeps UTC unix milliseconds and India has one fixed offset.

use crate::error::Error;

const DAY_MS: i64 = 86_400_000;
const IST_OFFSET_MS: i64 = 19_800_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `ms` (UTC unix milliseconds) as ISO 8601 in IST.
pub fn iso(ms: i64) -> String {
    let local = ms + IST_OFFSET_MS;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY_MS));
    let in_day = local.rem_euclid(DAY_MS);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}+05:30",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

/// The start of IST day `text` (`YYYY-MM-DD`) plus `plus_days`, as UTC unix milliseconds.
pub fn day_start_ms(field: &'static str, text: &str, plus_days: i64) -> Result<i64, Error> {
    let bad = || Error::InvalidInput {
        field,
        reason: format!("{text:?} is not a date like 2026-11-23"),
    };
    let parts: Vec<&str> = text.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    if !(1..=12).contains(&m) || d < 1 || civil_from_days(days_from_civil(y, m, d)) != (y, m, d) {
        return Err(bad());
    }
    Ok((days_from_civil(y, m, d) + plus_days) * DAY_MS - IST_OFFSET_MS)
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
    fn iso_is_ist_with_milliseconds() {
        // 2024-01-02 10:30:00 IST (the journal's own test value for action_taken_time).
        assert_eq!(iso(1_704_171_600_000), "2024-01-02T10:30:00.000+05:30");
        assert_eq!(iso(0), "1970-01-01T05:30:00.000+05:30");
        assert_eq!(iso(951_782_400_123), "2000-02-29T05:30:00.123+05:30");
    }

    #[test]
    fn days_are_ist_days_and_bad_dates_name_the_field() {
        assert_eq!(
            day_start_ms("from", "2024-01-02", 0).unwrap(),
            1_704_133_800_000
        );
        assert_eq!(
            day_start_ms("to", "2024-01-02", 1).unwrap()
                - day_start_ms("to", "2024-01-02", 0).unwrap(),
            DAY_MS
        );
        assert!(day_start_ms("from", "2024-02-30", 0).is_err());
        assert!(day_start_ms("from", "02/01/2024", 0).is_err());
        assert_eq!(optional_day("from", Some("  "), 0).unwrap(), None);
        let err = day_start_ms("to", "2024-13-01", 0).unwrap_err();
        assert!(err.to_string().contains("invalid to"), "{err}");
    }
}
