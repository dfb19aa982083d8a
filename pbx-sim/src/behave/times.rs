//! The times that bound a records query or download (`[sim]` `start` and `end`), in the
//! vendors' spellings, as Unix seconds. The simulator's clock is UTC, so the PBX's local time
//! is read as UTC too.

/// `text` as Unix seconds: `yyyy-mm-dd hh:mm:ss` (S-Series, OpenVox, Switchvox),
/// `MM/DD/YYYY HH:MM:SS` (the P-Series display format), a date alone (its midnight), or a
/// number of seconds (newer P-Series firmware); `None` for anything else.
pub(crate) fn unix(text: &str) -> Option<u64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let (date, time) = text.split_once(' ').unwrap_or((text, "00:00:00"));
    let (year, month, day) = if date.contains('/') {
        match numbers(date, '/')?.as_slice() {
            [m, d, y] => (*y, *m, *d),
            _ => return None,
        }
    } else {
        match numbers(date, '-')?.as_slice() {
            [y, m, d] => (*y, *m, *d),
            _ => return None,
        }
    };
    let [hour, minute, second] = <[u64; 3]>::try_from(numbers(time.trim(), ':')?).ok()?;
    let valid = (1970..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// The parts of `text` split at `sep`, each a number of digits; `None` if one is not.
fn numbers(text: &str, sep: char) -> Option<Vec<u64>> {
    text.split(sep)
        .map(|part| {
            let digits =
                !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| part.parse().ok()).flatten()
        })
        .collect()
}

/// Days from 1970-01-01 to a civil date (Howard Hinnant's `days_from_civil`), for years from
/// 1970 on.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::unix;

    #[test]
    fn every_vendor_spelling_reads_as_the_same_instant() {
        // The P-Series guide's `timestamp` 1755852280 is 08/22/2025 08:44:40 UTC.
        assert_eq!(unix("2025-08-22 08:44:40"), Some(1_755_852_280));
        assert_eq!(unix("08/22/2025 08:44:40"), Some(1_755_852_280));
        assert_eq!(unix("1755852280"), Some(1_755_852_280));
        assert_eq!(unix("1970-01-01"), Some(0));
        assert_eq!(unix("2000-03-01 00:00:00"), Some(951_868_800));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "yesterday",
            "2025-13-01 00:00:00",
            "2025-08-22 24:00:00",
            "2025-08-22 08:44",
            "1969-12-31 23:59:59",
            "2025-08-22T08:44:40",
            "99999999999999999999999",
        ] {
            assert_eq!(unix(bad), None, "{bad}");
        }
    }
}
