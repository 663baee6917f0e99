//! Partial dates: "2012", "2021-02", "2014-08-10", and ranges "2014/2015".
//!
//! Sources rarely give a full date ("in 2012", "late February 2021",
//! "2014-2015"), so a date in Vigil carries its precision. The text form is
//! ISO 8601 truncated to the known precision, and a range joins two such
//! forms with `/` (as in ISO 8601 intervals and EDTF).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One calendar point known to a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePoint {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a valid date: {reason}. Write YYYY, YYYY-MM or YYYY-MM-DD, or a range such as 2014/2015"
)]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

fn date_error(input: &str, reason: impl Into<String>) -> DateError {
    DateError {
        input: input.chars().take(64).collect(),
        reason: reason.into(),
    }
}

impl DatePoint {
    pub fn year(year: i16) -> Result<Self, DateError> {
        Self::new(year, None, None)
    }

    pub fn month(year: i16, month: u8) -> Result<Self, DateError> {
        Self::new(year, Some(month), None)
    }

    pub fn day(year: i16, month: u8, day: u8) -> Result<Self, DateError> {
        Self::new(year, Some(month), Some(day))
    }

    fn new(year: i16, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        let shown = || match (month, day) {
            (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year:04}-{m:02}"),
            _ => format!("{year:04}"),
        };
        if !(1000..=9999).contains(&year) {
            return Err(date_error(
                &shown(),
                format!("year {year} is outside 1000–9999"),
            ));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(date_error(&shown(), format!("month {m} is outside 1–12")));
        }
        if let (Some(m), Some(d)) = (month, day) {
            if Date::new(year, m as i8, d as i8).is_err() {
                return Err(date_error(
                    &shown(),
                    format!("day {d} does not exist in {year:04}-{m:02}"),
                ));
            }
        } else if day.is_some() {
            return Err(date_error(&shown(), "a day needs a month"));
        }
        Ok(Self { year, month, day })
    }

    pub fn from_date(date: Date) -> Self {
        Self {
            year: date.year(),
            month: Some(date.month() as u8),
            day: Some(date.day() as u8),
        }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    pub fn year_value(&self) -> i16 {
        self.year
    }

    /// The first day this point may stand for.
    pub fn earliest(&self) -> Date {
        let m = self.month.unwrap_or(1) as i8;
        let d = self.day.unwrap_or(1) as i8;
        Date::new(self.year, m, d).expect("validated on construction")
    }

    /// The last day this point may stand for.
    pub fn latest(&self) -> Date {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::new(self.year, m as i8, d as i8).expect("validated"),
            (Some(m), None) => Date::new(self.year, m as i8, 1)
                .expect("validated")
                .last_of_month(),
            _ => Date::new(self.year, 12, 31).expect("validated"),
        }
    }

    fn parse(s: &str) -> Result<Self, DateError> {
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, what: &str, len: usize| -> Result<u32, DateError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(date_error(s, format!("the {what} must be {len} digits")));
            }
            p.parse().map_err(|_| date_error(s, format!("bad {what}")))
        };
        match parts.as_slice() {
            [y] => Self::new(num(y, "year", 4)? as i16, None, None),
            [y, m] => Self::new(
                num(y, "year", 4)? as i16,
                Some(num(m, "month", 2)? as u8),
                None,
            ),
            [y, m, d] => Self::new(
                num(y, "year", 4)? as i16,
                Some(num(m, "month", 2)? as u8),
                Some(num(d, "day", 2)? as u8),
            ),
            _ => Err(date_error(s, "too many parts")),
        }
        .map_err(|e| DateError {
            input: s.chars().take(64).collect(),
            ..e
        })
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A date as sources give it: a point of some precision, or a range of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    from: DatePoint,
    to: Option<DatePoint>,
}

impl PartialDate {
    pub fn point(p: DatePoint) -> Self {
        Self { from: p, to: None }
    }

    pub fn range(from: DatePoint, to: DatePoint) -> Result<Self, DateError> {
        if to.latest() < from.earliest() {
            return Err(date_error(
                &format!("{from}/{to}"),
                "the range ends before it starts",
            ));
        }
        Ok(Self { from, to: Some(to) })
    }

    pub fn year(y: i16) -> Result<Self, DateError> {
        DatePoint::year(y).map(Self::point)
    }
    pub fn month(y: i16, m: u8) -> Result<Self, DateError> {
        DatePoint::month(y, m).map(Self::point)
    }
    pub fn day(y: i16, m: u8, d: u8) -> Result<Self, DateError> {
        DatePoint::day(y, m, d).map(Self::point)
    }
    pub fn from_date(d: Date) -> Self {
        Self::point(DatePoint::from_date(d))
    }

    pub fn start(&self) -> DatePoint {
        self.from
    }
    pub fn end(&self) -> Option<DatePoint> {
        self.to
    }
    pub fn is_range(&self) -> bool {
        self.to.is_some()
    }

    /// The precision of the coarser end.
    pub fn precision(&self) -> Precision {
        match self.to {
            Some(to) => self.from.precision().min(to.precision()),
            None => self.from.precision(),
        }
    }

    pub fn earliest(&self) -> Date {
        self.from.earliest()
    }
    pub fn latest(&self) -> Date {
        self.to.unwrap_or(self.from).latest()
    }

    /// The exact day, when the date is known to the day and is not a range.
    pub fn exact(&self) -> Option<Date> {
        (self.to.is_none() && self.from.precision() == Precision::Day).then(|| self.earliest())
    }

    /// `Less` when `self` is certainly before `other`, `Greater` when it is
    /// certainly after; `None` when the two may overlap.
    pub fn certainly_cmp(&self, other: &PartialDate) -> Option<Ordering> {
        if self.latest() < other.earliest() {
            Some(Ordering::Less)
        } else if self.earliest() > other.latest() {
            Some(Ordering::Greater)
        } else if self.exact().is_some() && self.exact() == other.exact() {
            Some(Ordering::Equal)
        } else {
            None
        }
    }

    /// Order for display: by earliest day, then latest.
    pub fn sort_key(&self) -> (Date, Date) {
        (self.earliest(), self.latest())
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to {
            Some(to) => write!(f, "{}/{}", self.from, to),
            None => write!(f, "{}", self.from),
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() {
            return Err(date_error(s, "it is empty"));
        }
        match t.split_once('/') {
            Some((a, b)) => {
                let from = DatePoint::parse(a.trim()).map_err(|e| date_error(t, e.reason))?;
                let to = DatePoint::parse(b.trim()).map_err(|e| date_error(t, e.reason))?;
                Self::range(from, to).map_err(|e| date_error(t, e.reason))
            }
            None => DatePoint::parse(t).map(Self::point),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_each_precision_and_ranges() {
        assert_eq!(
            "2012".parse::<PartialDate>().unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            "2021-02".parse::<PartialDate>().unwrap().precision(),
            Precision::Month
        );
        let d: PartialDate = "2014-08-10".parse().unwrap();
        assert_eq!(d.exact(), Some(jiff::civil::date(2014, 8, 10)));
        let r: PartialDate = "2014/2015".parse().unwrap();
        assert!(r.is_range());
        assert_eq!(r.earliest(), jiff::civil::date(2014, 1, 1));
        assert_eq!(r.latest(), jiff::civil::date(2015, 12, 31));
        assert_eq!(
            "2024-02".parse::<PartialDate>().unwrap().latest(),
            jiff::civil::date(2024, 2, 29)
        );
    }

    #[test]
    fn rejects_wrong_dates_with_a_clear_reason() {
        for (bad, why) in [
            ("2014-13", "month 13"),
            ("2014-02-30", "day 30 does not exist"),
            ("2023-02-29", "day 29 does not exist"),
            ("14-02-01", "4 digits"),
            ("2015/2014", "ends before it starts"),
            ("", "empty"),
            ("2014-1-01", "2 digits"),
            ("yesterday", "4 digits"),
            ("0999", "outside 1000"),
        ] {
            let err = bad.parse::<PartialDate>().unwrap_err().to_string();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
    }

    #[test]
    fn certain_order_only_when_certain() {
        let y: PartialDate = "2014".parse().unwrap();
        let d: PartialDate = "2014-08-10".parse().unwrap();
        let later: PartialDate = "2015-01".parse().unwrap();
        assert_eq!(y.certainly_cmp(&d), None);
        assert_eq!(d.certainly_cmp(&later), Some(Ordering::Less));
        assert_eq!(later.certainly_cmp(&y), Some(Ordering::Greater));
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(y in 1000i16..=9999, m in 1u8..=12, d in 1u8..=28, p in 0u8..3) {
            let date = match p { 0 => PartialDate::year(y), 1 => PartialDate::month(y, m), _ => PartialDate::day(y, m, d) }.unwrap();
            let back: PartialDate = date.to_string().parse().unwrap();
            prop_assert_eq!(back, date);
            prop_assert!(date.earliest() <= date.latest());
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC{0,24}") {
            let _ = s.parse::<PartialDate>();
        }
    }
}
