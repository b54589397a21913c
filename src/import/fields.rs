//! Checking one CSV field at a time: numbers, coordinates, dates, and names
//! turned into IRI path segments.
//!
//! Every check returns the text to write (the field's own lexical form when
//! it is already a valid XSD literal, so nothing is reformatted in the hot
//! loop) or a message for people that names the value and says what was
//! expected. The column is added by the caller.

use std::borrow::Cow;

use crate::model::date::{Date, Edtf, days_in_month};

/// A non-negative integer, checked: see [`count`]; returned in canonical
/// form (no leading zero), as a store would give it back.
pub fn canonical_count(s: &str) -> Result<&str, String> {
    count(s)?;
    let trimmed = s.trim_start_matches('0');
    Ok(if trimmed.is_empty() { "0" } else { trimmed })
}

/// A non-negative integer (`xsd:integer` lexical form, no sign, no spaces).
pub fn count(s: &str) -> Result<u64, String> {
    if s.is_empty() {
        return Err("is empty; expected a whole number, e.g. `0` or `12`".to_owned());
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{s}` is not a whole number"));
    }
    s.parse().map_err(|_| format!("`{s}` is too large"))
}

/// Whether `s` is an `xsd:decimal` lexical form: `-?digits(.digits)?`.
fn is_decimal(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() || !frac.is_empty()) && digits(int) && digits(frac) && !body.ends_with('.')
}

/// A latitude in decimal degrees (WGS84), −90 to 90, in canonical form.
pub fn latitude(s: &str) -> Result<Cow<'_, str>, String> {
    coordinate(s, 90, "latitude").map(canonical_decimal)
}

/// A longitude in decimal degrees (WGS84), −180 to 180, in canonical form.
pub fn longitude(s: &str) -> Result<Cow<'_, str>, String> {
    coordinate(s, 180, "longitude").map(canonical_decimal)
}

/// The canonical `xsd:decimal` form of a valid lexical form, as a store
/// gives it back (`20.1000` → `20.1`, `16.0` → `16`, `+007.5` → `7.5`,
/// `-0.0` → `0`), so that a graph read back from a store is the graph
/// written, byte for byte in canonical N-Quads. Borrowed when already so.
pub fn canonical_decimal(s: &str) -> Cow<'_, str> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let zero = int.is_empty() && frac.is_empty();
    let int = if int.is_empty() { "0" } else { int };
    let len = usize::from(negative && !zero) + int.len() + if frac.is_empty() { 0 } else { frac.len() + 1 };
    let starts_right = !s.starts_with('+') && (negative && !zero) == s.starts_with('-');
    if starts_right && len == s.len() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(len);
    if negative && !zero {
        out.push('-');
    }
    out.push_str(int);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Cow::Owned(out)
}

fn coordinate<'s>(s: &'s str, limit: u16, what: &str) -> Result<&'s str, String> {
    if s.is_empty() {
        return Err(format!("is empty; expected a {what} in decimal degrees"));
    }
    if !is_decimal(s) {
        return Err(format!(
            "`{s}` is not a {what} in decimal degrees (e.g. `16.2717`)"
        ));
    }
    // The whole degrees tell, but at the limit itself (`90.0000…1` reads
    // as 90, as a float).
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let degrees = body
        .split_once('.')
        .map_or(body, |(int, _)| int)
        .trim_start_matches('0');
    let within = match degrees.parse::<u16>() {
        _ if degrees.is_empty() => true,
        Ok(d) if d < limit => true,
        Ok(d) if d == limit => s.parse::<f64>().is_ok_and(|v| v.abs() <= f64::from(limit)),
        _ => false,
    };
    if within {
        Ok(s)
    } else {
        Err(format!(
            "`{s}` is out of range for a {what} (−{limit} to {limit})"
        ))
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A calendar day as the datasets write it: `2024-03-05`, optionally followed
/// by a midnight time (`2024-03-05 00:00:00.000`, as some UCDP releases do),
/// or `05 March 2024` (older ACLED exports).
pub fn day(s: &str) -> Result<Date, String> {
    if let Some(date) = plain_day(s) {
        return Ok(date);
    }
    let iso = if let Some((date, time)) = s.split_at_checked(10)
        && date.as_bytes()[4] == b'-'
    {
        if !(time.is_empty()
            || time
                .trim_start_matches([' ', 'T'])
                .trim_start_matches(['0', ':', '.'])
                .is_empty())
        {
            return Err(format!("`{s}` is not a date; expected YYYY-MM-DD"));
        }
        Cow::Borrowed(date)
    } else {
        let mut parts = s.split(' ');
        let (Some(d), Some(m), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!(
                "`{s}` is not a date; expected YYYY-MM-DD or DD Month YYYY"
            ));
        };
        let month = MONTHS
            .iter()
            .position(|name| name.eq_ignore_ascii_case(m))
            .ok_or_else(|| format!("`{s}` is not a date: unknown month `{m}`"))?;
        let d = if d.len() == 1 {
            format!("0{d}")
        } else {
            d.to_owned()
        };
        Cow::Owned(format!("{y}-{:02}-{d}", month + 1))
    };
    match Edtf::parse(&iso) {
        Ok(Edtf::Single(date)) if date.day.is_some() => Ok(date),
        Ok(_) => Err(format!("`{s}` is not a day; expected YYYY-MM-DD")),
        Err(e) => Err(format!("`{s}` is not a valid date: {}", reason(&e.to_string()))),
    }
}

/// `YYYY-MM-DD` exactly, when it is a day of the calendar (any other text
/// goes through [`Edtf::parse`], which says what is wrong with it).
fn plain_day(s: &str) -> Option<Date> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    let digit = |i: usize| b[i].is_ascii_digit().then(|| u16::from(b[i] - b'0'));
    let year = ((digit(0)? * 10 + digit(1)?) * 10 + digit(2)?) * 10 + digit(3)?;
    let month = u8::try_from(digit(5)? * 10 + digit(6)?).ok()?;
    let day = u8::try_from(digit(8)? * 10 + digit(9)?).ok()?;
    let valid = b[4] == b'-' && b[7] == b'-' && (1..=12).contains(&month) && day >= 1;
    (valid && day <= days_in_month(year, month)).then_some(Date {
        year,
        month: Some(month),
        day: Some(day),
        uncertain: false,
        approximate: false,
    })
}

/// The reason part of a [`crate::model::date::DateError`] message.
fn reason(message: &str) -> &str {
    message.split_once("`: ").map_or(message, |(_, r)| r)
}

/// Appends `name` as a readable, deterministic IRI path segment: lowercased,
/// every run of characters other than letters and digits (any script) made
/// one `-`, no leading or trailing `-`. `Forces Armées (2021-)` becomes
/// `forces-armées-2021`. A name with no letter or digit becomes `-`.
///
/// Letters and digits outside ASCII are valid in IRIs (RFC 3987 `ucschar`),
/// so the result needs no percent-encoding and no per-IRI validation.
pub fn push_slug(out: &mut String, name: &str) {
    let start = out.len();
    let mut pending_dash = false;
    // ASCII first, byte by byte: names are mostly ASCII, and this is the
    // importers' hottest string work.
    let mut rest = name;
    while let Some(&b) = rest.as_bytes().first() {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                if pending_dash && out.len() > start {
                    out.push('-');
                }
                pending_dash = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                pending_dash = true;
            }
            rest = &rest[1..];
        } else {
            let Some(c) = rest.chars().next() else { break };
            if c.is_alphanumeric() {
                if pending_dash && out.len() > start {
                    out.push('-');
                }
                pending_dash = false;
                out.extend(c.to_lowercase());
            } else {
                pending_dash = true;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    if out.len() == start {
        out.push('-');
    }
}

/// `name` as a slug (see [`push_slug`]).
pub fn slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    push_slug(&mut s, name);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Precision;

    #[test]
    fn counts() {
        assert_eq!(count("0"), Ok(0));
        assert_eq!(count("125"), Ok(125));
        for (s, msg) in [
            ("", "is empty"),
            ("-1", "`-1` is not a whole number"),
            ("3.5", "not a whole number"),
            ("twelve", "not a whole number"),
            (" 3", "not a whole number"),
            ("99999999999999999999999", "too large"),
        ] {
            let e = count(s).unwrap_err();
            assert!(e.contains(msg), "{s}: {e}");
        }
    }

    #[test]
    fn coordinates() {
        assert_eq!(latitude("16.2717").as_deref(), Ok("16.2717"));
        assert_eq!(longitude("-0.0447").as_deref(), Ok("-0.0447"));
        assert_eq!(longitude("180").as_deref(), Ok("180"));
        assert_eq!(latitude("20.1000").as_deref(), Ok("20.1"));
        for (s, msg) in [
            ("95.3", "out of range for a latitude (−90 to 90)"),
            ("1e3", "not a latitude in decimal degrees"),
            ("16,27", "not a latitude"),
            ("", "is empty"),
            ("NaN", "not a latitude"),
            ("12.", "not a latitude"),
            ("-", "not a latitude"),
        ] {
            let e = latitude(s).unwrap_err();
            assert!(e.contains(msg), "{s}: {e}");
        }
        assert!(longitude("-180.5").unwrap_err().contains("−180 to 180"));
        // As a float reads them: within the limit, or at it once rounded.
        for (s, ok) in [
            ("90", true),
            ("-90.000", true),
            ("0090.0", true),
            ("90.0000000000000000001", true),
            ("90.0001", false),
            ("89.99999999", true),
            ("100.5", false),
            ("0.5", true),
            (".5", true),
            ("-0", true),
        ] {
            assert_eq!(latitude(s).is_ok(), ok, "{s}");
            assert_eq!(
                latitude(s).is_ok(),
                s.parse::<f64>().unwrap().abs() <= 90.0,
                "{s}"
            );
        }
    }

    #[test]
    fn decimals_and_counts_are_canonical_as_a_store_gives_them_back() {
        for (s, canonical) in [
            ("16.2717", "16.2717"),
            ("20.1000", "20.1"),
            ("16.0", "16"),
            ("16", "16"),
            ("+3.50", "3.5"),
            ("007.5", "7.5"),
            ("-007.50", "-7.5"),
            ("-0.0447", "-0.0447"),
            ("-0.000", "0"),
            ("-0", "0"),
            ("0", "0"),
            (".5", "0.5"),
            ("-.5", "-0.5"),
        ] {
            assert_eq!(canonical_decimal(s), canonical, "{s}");
        }
        assert!(matches!(canonical_decimal("16.2717"), Cow::Borrowed(_)));
        assert_eq!(canonical_count("007"), Ok("7"));
        assert_eq!(canonical_count("000"), Ok("0"));
        assert_eq!(canonical_count("12"), Ok("12"));
    }

    #[test]
    fn days_in_every_spelling() {
        for s in [
            "2024-03-05",
            "05 March 2024",
            "5 march 2024",
            "2024-03-05 00:00:00.000",
        ] {
            let d = day(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(d.xsd_lexical(), "2024-03-05");
            assert_eq!(d.precision(), Precision::Day);
        }
        // The fast path agrees with the EDTF parser on every day of a leap
        // year and a common one, and on what is not a day.
        for year in ["2024", "2023", "1900", "2000"] {
            for month in 0..=13 {
                for d in 0..=32 {
                    let s = format!("{year}-{month:02}-{d:02}");
                    let expected = match Edtf::parse(&s) {
                        Ok(Edtf::Single(date)) => Some(date),
                        _ => None,
                    };
                    assert_eq!(plain_day(&s), expected, "{s}");
                }
            }
        }
        for s in [
            "2024-3-05",
            "2024/03/05",
            "20240305xx",
            "2024-03-5 ",
            "+024-03-05",
        ] {
            assert_eq!(plain_day(s), None, "{s}");
        }
        for (s, msg) in [
            ("2024-02-30", "day 30 does not exist in 2024-02"),
            ("2024-03", "not a date"),
            ("30 Febuary 2024", "unknown month `Febuary`"),
            ("yesterday", "not a date"),
            ("2024-03-05 12:30", "not a date"),
            ("2024-03-0é", "not a date"),
            // Regression (fuzz target csv_import): byte 10 inside a character.
            ("@024-04-Bêta Commune15", "not a date"),
            ("", "not a date"),
        ] {
            let e = day(s).unwrap_err();
            assert!(e.contains(msg), "{s}: {e}");
        }
    }

    #[test]
    fn slugs_are_readable_and_keep_letters_of_any_script() {
        for (name, expected) in [
            ("Military Forces of Mali (2021-)", "military-forces-of-mali-2021"),
            ("Forces Armées Maliennes", "forces-armées-maliennes"),
            (
                "JNIM: Group for Support of Islam and Muslims",
                "jnim-group-for-support-of-islam-and-muslims",
            ),
            ("  Tin-Zaouatène ", "tin-zaouatène"),
            ("Ménaka", "ménaka"),
            ("???", "-"),
            ("MLI1234", "mli1234"),
        ] {
            assert_eq!(slug(name), expected);
        }
    }
}
