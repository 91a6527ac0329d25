//! ISO 8601 times in IST (+05:30), as every time crossing to the UI is written.

const IST_OFFSET_MS: i64 = (5 * 60 + 30) * 60 * 1000;

/// `2024-12-12T15:30:05.123+05:30` for Unix milliseconds `ms`.
pub fn ist_iso(ms: i64) -> String {
    let local = ms + IST_OFFSET_MS;
    let days = local.div_euclid(86_400_000);
    let in_day = local.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (in_day / 3_600_000, in_day % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (s, milli) = (rest / 1000, rest % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}+05:30")
}

/// Howard Hinnant's days-to-civil: the proleptic Gregorian date of `days` since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_ist() {
        assert_eq!(ist_iso(0), "1970-01-01T05:30:00.000+05:30");
        // 2024-12-12T10:00:05.123Z
        assert_eq!(ist_iso(1_733_997_605_123), "2024-12-12T15:30:05.123+05:30");
        // 2024-02-29T20:00:00Z is 1 March in IST.
        assert_eq!(ist_iso(1_709_236_800_000), "2024-03-01T01:30:00.000+05:30");
    }
}
