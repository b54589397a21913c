//! Dates as curated: EDTF (ISO 8601-2) levels 0 and 1, precision kept.
//!
//! A date is a day, a month or a year, never padded to a false day; it may be
//! uncertain (`?`), approximate (`~`) or both (`%`). An interval joins two such
//! dates with `/`; either end may be open (`..`) or unknown (empty). Unspecified
//! digits (`201X`) and seasons are level-1 features we refuse with a hint,
//! because they have no faithful XSD typing.

use std::cmp::Ordering;
use std::fmt;

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// A year, e.g. `2012`.
    Year,
    /// A month, e.g. `2023-11`.
    Month,
    /// A day, e.g. `2025-04-06`.
    Day,
}

/// One calendar date at its own precision, with EDTF qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The year, 0–9999.
    pub year: u16,
    /// The month, 1–12, when known.
    pub month: Option<u8>,
    /// The day, 1–31, when known (only with a month).
    pub day: Option<u8>,
    /// EDTF `?`: the source is unsure of this date.
    pub uncertain: bool,
    /// EDTF `~`: the date is approximately this one.
    pub approximate: bool,
}

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// A known date.
    Date(Date),
    /// `..`: the interval runs on (or back) without limit.
    Open,
    /// Empty: the end exists but is not known.
    Unknown,
}

/// A curated date: a single date or an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edtf {
    /// One date, e.g. `2025-04-06` or `2023-11`.
    Single(Date),
    /// An interval, e.g. `2025-03-31/2025-04-01`.
    Interval(Bound, Bound),
}

/// Why a string is not a date we accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid EDTF date `{input}`: {reason}")]
pub struct DateError {
    input: String,
    reason: String,
}

impl DateError {
    fn new(input: &str, reason: impl Into<String>) -> Self {
        Self {
            input: input.to_owned(),
            reason: reason.into(),
        }
    }
}

impl Date {
    /// How precise this date is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The date without qualifiers, in its XSD lexical form: `xsd:date`,
    /// `xsd:gYearMonth` or `xsd:gYear` according to [`Date::precision`].
    pub fn xsd_lexical(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The first day this date may denote, as (year, month, day).
    fn first_day(self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date may denote, as (year, month, day).
    fn last_day(self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    fn parse(input: &str, whole: &str) -> Result<Self, DateError> {
        let (body, uncertain, approximate) = match input.as_bytes().last() {
            Some(b'?') => (&input[..input.len() - 1], true, false),
            Some(b'~') => (&input[..input.len() - 1], false, true),
            Some(b'%') => (&input[..input.len() - 1], true, true),
            _ => (input, false, false),
        };
        if body.contains(['X', 'x']) {
            return Err(DateError::new(
                whole,
                "unspecified digits (X) are not supported; use the known precision (e.g. `2010` or `2010/2019`)",
            ));
        }
        let mut parts = body.split('-');
        let year = parts.next().unwrap_or_default();
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::new(
                whole,
                "a date starts with a four-digit year, e.g. `2025`, `2025-04` or `2025-04-06`",
            ));
        }
        let year: u16 = year.parse().map_err(|_| DateError::new(whole, "bad year"))?;
        let month = parts.next().map(|m| two_digits(m, whole, "month")).transpose()?;
        let day = parts.next().map(|d| two_digits(d, whole, "day")).transpose()?;
        if parts.next().is_some() {
            return Err(DateError::new(
                whole,
                "too many `-` separated parts; write YYYY, YYYY-MM or YYYY-MM-DD",
            ));
        }
        if let Some(m) = month {
            if (21..=41).contains(&m) {
                return Err(DateError::new(
                    whole,
                    "seasons (months 21–41) are not supported; use the months they cover as an interval",
                ));
            }
            if !(1..=12).contains(&m) {
                return Err(DateError::new(whole, format!("month {m:02} does not exist")));
            }
            if let Some(d) = day {
                let max = days_in_month(year, m);
                if d == 0 || d > max {
                    return Err(DateError::new(
                        whole,
                        format!("day {d:02} does not exist in {year:04}-{m:02}, which has {max} days"),
                    ));
                }
            }
        }
        Ok(Self {
            year,
            month,
            day,
            uncertain,
            approximate,
        })
    }
}

fn two_digits(s: &str, whole: &str, what: &str) -> Result<u8, DateError> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse()
            .map_err(|_| DateError::new(whole, format!("bad {what}")))
    } else {
        Err(DateError::new(
            whole,
            format!("the {what} must have two digits, e.g. `04`"),
        ))
    }
}

/// How many days `month` (1–12) of `year` has.
pub(crate) fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Edtf {
    /// Parses an EDTF level 0/1 date or interval.
    ///
    /// ```
    /// use conflict_kg::model::date::{Edtf, Precision};
    /// let d: Edtf = "2025-03-31/2025-04-01".parse().unwrap();
    /// assert_eq!(d.to_string(), "2025-03-31/2025-04-01");
    /// let m: Edtf = "2023-11".parse().unwrap();
    /// assert!(matches!(m, Edtf::Single(d) if d.precision() == Precision::Month));
    /// assert!("2025-02-30".parse::<Edtf>().is_err());
    /// ```
    pub fn parse(input: &str) -> Result<Self, DateError> {
        if input.trim() != input || input.is_empty() {
            return Err(DateError::new(input, "write the date alone, without spaces"));
        }
        let Some((start, end)) = input.split_once('/') else {
            return Date::parse(input, input).map(Edtf::Single);
        };
        let bound = |s: &str| match s {
            ".." => Ok(Bound::Open),
            "" => Ok(Bound::Unknown),
            s => Date::parse(s, input).map(Bound::Date),
        };
        let (start, end) = (bound(start)?, bound(end)?);
        if let (Bound::Date(a), Bound::Date(b)) = (start, end)
            && a.first_day().cmp(&b.last_day()) == Ordering::Greater
        {
            return Err(DateError::new(input, "the interval ends before it starts"));
        }
        if !matches!(start, Bound::Date(_)) && !matches!(end, Bound::Date(_)) {
            return Err(DateError::new(input, "an interval needs at least one known date"));
        }
        Ok(Edtf::Interval(start, end))
    }

    /// The earliest known date, for ordering.
    pub fn start(&self) -> Option<Date> {
        match self {
            Edtf::Single(d) | Edtf::Interval(Bound::Date(d), _) => Some(*d),
            Edtf::Interval(..) => None,
        }
    }
}

impl std::str::FromStr for Edtf {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Edtf::parse(s)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.xsd_lexical())?;
        match (self.uncertain, self.approximate) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("?"),
            (false, true) => f.write_str("~"),
            (false, false) => Ok(()),
        }
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Date(d) => d.fmt(f),
            Bound::Open => f.write_str(".."),
            Bound::Unknown => Ok(()),
        }
    }
}

impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Edtf::Single(d) => d.fmt(f),
            Edtf::Interval(a, b) => write!(f, "{a}/{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_dates_round_trip() {
        for s in [
            "2025-04-06",
            "2023-11",
            "2012",
            "2019?",
            "2025-04-01~",
            "2024-02-29",
            "2000-02-29%",
            "2025-03-31/2025-04-01",
            "2025-04-01/2025-06",
            "2024-08/..",
            "../2012",
            "/2013-01",
            "2012-03/2012-04",
        ] {
            let d = Edtf::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn precision_is_kept() {
        let p = |s: &str| match Edtf::parse(s) {
            Ok(Edtf::Single(d)) => (d.precision(), d.xsd_lexical()),
            other => panic!("{other:?}"),
        };
        assert_eq!(p("2025-04-06"), (Precision::Day, "2025-04-06".into()));
        assert_eq!(p("2023-11"), (Precision::Month, "2023-11".into()));
        assert_eq!(p("2012?"), (Precision::Year, "2012".into()));
    }

    #[test]
    fn invalid_dates_are_refused_with_a_reason() {
        for (s, reason) in [
            ("2025-02-30", "day 30 does not exist in 2025-02"),
            ("1900-02-29", "day 29 does not exist"),
            ("2025-13", "month 13 does not exist"),
            ("2025-4-6", "two digits"),
            ("25-04", "four-digit year"),
            ("201X", "unspecified digits"),
            ("2019-21", "seasons"),
            ("2025-04-02/2025-04-01", "ends before it starts"),
            ("../..", "at least one known date"),
            ("", "without spaces"),
            (" 2025", "without spaces"),
            ("2025-04-06-01", "too many"),
            ("April 2025", "four-digit year"),
        ] {
            let e = Edtf::parse(s).expect_err(s).to_string();
            assert!(e.contains(reason), "{s}: {e}");
        }
    }

    #[test]
    fn a_month_interval_may_end_in_the_month_it_starts() {
        assert!(Edtf::parse("2025-04-30/2025-04").is_ok());
    }
}
