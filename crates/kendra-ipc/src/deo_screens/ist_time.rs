//! Journal times (UTC milliseconds) as the ISO 8601 IST strings the UI formats, and where
//! "today" begins at the kendra (IST midnight).

const IST_OFFSET_MS: i64 = (5 * 3600 + 30 * 60) * 1000;
const DAY_MS: i64 = 86_400_000;

/// `1733200000000` → `2024-12-03T09:56:40+05:30`.
pub fn iso_ist(utc_ms: i64) -> String {
    let local = utc_ms + IST_OFFSET_MS;
    let days = local.div_euclid(DAY_MS);
    let in_day = local.rem_euclid(DAY_MS) / 1000;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+05:30",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

/// Midnight IST of the day `utc_ms` falls on, in UTC milliseconds.
pub fn ist_day_start(utc_ms: i64) -> i64 {
    (utc_ms + IST_OFFSET_MS).div_euclid(DAY_MS) * DAY_MS - IST_OFFSET_MS
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ist_strings_and_day_starts() {
        assert_eq!(iso_ist(0), "1970-01-01T05:30:00+05:30");
        // 2024-11-04T11:02:20+05:30 is 05:32:20 UTC.
        assert_eq!(iso_ist(1_730_698_340_000), "2024-11-04T11:02:20+05:30");
        assert_eq!(iso_ist(1_709_231_400_000), "2024-03-01T00:00:00+05:30");
        // 23:59 IST on 29 Feb 2024 belongs to that day; midnight starts the next.
        let late = 1_709_231_400_000 - 60_000;
        assert_eq!(ist_day_start(late), 1_709_231_400_000 - DAY_MS);
        assert_eq!(ist_day_start(1_709_231_400_000), 1_709_231_400_000);
    }
}
