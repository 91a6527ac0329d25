//! Times for the UI as ISO 8601 strings with the IST offset (`2026-11-23T17:45:00+05:30`), from
//! the journal's epoch milliseconds or the sandbox's RFC 3339 UTC stamps.

const IST_OFFSET_SECS: i64 = 5 * 3600 + 30 * 60;

/// Epoch milliseconds as IST, to the second.
pub fn ist_from_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000) + IST_OFFSET_SECS;
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+05:30",
        of_day / 3600,
        (of_day % 3600) / 60,
        of_day % 60
    )
}

/// An RFC 3339 UTC stamp (`2026-11-23T12:15:00.123Z` or `…+00:00`) as IST; anything else as it
/// came.
pub fn ist_from_rfc3339(text: &str) -> String {
    parse_utc_ms(text).map_or_else(|| text.to_owned(), ist_from_ms)
}

fn parse_utc_ms(text: &str) -> Option<i64> {
    let field = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
    let rest = text.get(19..)?;
    let rest = match rest.strip_prefix('.') {
        Some(frac) => frac.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    if !matches!(rest, "Z" | "z" | "+00:00") {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000)
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
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
    fn epoch_ms_and_utc_stamps_read_in_ist() {
        assert_eq!(ist_from_ms(0), "1970-01-01T05:30:00+05:30");
        // 2026-11-23T12:15:00Z
        assert_eq!(ist_from_ms(1_795_436_100_000), "2026-11-23T17:45:00+05:30");
        assert_eq!(
            ist_from_rfc3339("2026-11-23T12:15:00.123456789Z"),
            "2026-11-23T17:45:00+05:30"
        );
        assert_eq!(
            ist_from_rfc3339("2024-02-29T20:00:00+00:00"),
            "2024-03-01T01:30:00+05:30"
        );
        assert_eq!(ist_from_rfc3339("yesterday"), "yesterday");
    }
}
