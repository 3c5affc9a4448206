//! Calendar dates of the data format: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A date as the data format writes it: a year, a month of a year, or a day.
///
/// A partial date stands for its first day when compared (`2025` = `2025-01-01`), so
/// [`Date::cmp_day`] and the comparison operators of [`Date::first_day`] compare days, while
/// `==` compares the text (`2025` and `2025-01-01` are different values that compare as the
/// same day).
///
/// ```
/// use vrfb_chain::Date;
/// let year: Date = "2025".parse().unwrap();
/// let day: Date = "2025-01-01".parse().unwrap();
/// assert_ne!(year, day);
/// assert_eq!(year.cmp_day(&day), std::cmp::Ordering::Equal);
/// assert_eq!(day.to_string(), "2025-01-01");
/// assert!("2025-02-30".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a string is not a [`Date`].
///
/// ```
/// use vrfb_chain::Date;
/// let shape = "2025/11/01".parse::<Date>().unwrap_err();
/// assert_eq!(shape.to_string(), "invalid date `2025/11/01`: use YYYY, YYYY-MM or YYYY-MM-DD");
/// let day = "2025-02-29".parse::<Date>().unwrap_err();
/// assert_eq!(day.to_string(), "invalid date `2025-02-29`: there is no such day");
/// let month = "2025-13".parse::<Date>().unwrap_err();
/// assert_eq!(month.to_string(), "invalid date `2025-13`: there is no such month (months are 01 to 12)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    text: String,
    kind: DateErrorKind,
}

/// What is wrong with the text: its shape, its month or its day. Said precisely, because
/// "no such day" for `2025-13` sends a person looking at the wrong part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateErrorKind {
    Shape,
    NoSuchMonth,
    NoSuchDay,
}

impl DateError {
    /// Whether the text is not in a date's shape, rather than a month or a day that the
    /// calendar does not have (the sheet import words the two apart).
    #[cfg(feature = "sheets")]
    pub(crate) fn is_shape(&self) -> bool {
        self.kind == DateErrorKind::Shape
    }

    /// What is wrong, without the text: `there is no such day`, ...
    pub(crate) fn reason(&self) -> &'static str {
        match self.kind {
            DateErrorKind::NoSuchDay => "there is no such day",
            DateErrorKind::NoSuchMonth => "there is no such month (months are 01 to 12)",
            DateErrorKind::Shape => "use YYYY, YYYY-MM or YYYY-MM-DD",
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text: String = self.text.chars().take(40).collect();
        write!(f, "invalid date `{text}`: {}", self.reason())
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A date, checked: `month` 1–12 and `day` within the month; a day needs a month.
    ///
    /// ```
    /// use vrfb_chain::Date;
    /// assert_eq!(Date::new(2024, Some(2), Some(29)).unwrap().to_string(), "2024-02-29");
    /// assert!(Date::new(2025, Some(2), Some(29)).is_none());
    /// ```
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<Date> {
        if year > 9999 {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => return None,
            (Some(m), _) if !(1..=12).contains(&m) => return None,
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => return None,
            _ => {}
        }
        Some(Date { year, month, day })
    }

    /// [`Date::new`], or why not: a month or a day that the calendar does not have, for
    /// the date written as `text`.
    pub(crate) fn from_parts(
        text: &str,
        year: u16,
        month: Option<u8>,
        day: Option<u8>,
    ) -> Result<Date, DateError> {
        Date::new(year, month, day).ok_or_else(|| DateError {
            text: text.to_string(),
            kind: match month {
                Some(m) if !(1..=12).contains(&m) => DateErrorKind::NoSuchMonth,
                _ => DateErrorKind::NoSuchDay,
            },
        })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month (1–12), when given.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when given.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The first day the date stands for, as `(year, month, day)`.
    ///
    /// ```
    /// use vrfb_chain::Date;
    /// assert_eq!("2025-06".parse::<Date>().unwrap().first_day(), (2025, 6, 1));
    /// ```
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Compares the first days the two dates stand for.
    pub fn cmp_day(&self, other: &Date) -> Ordering {
        self.first_day().cmp(&other.first_day())
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError {
            text: s.to_string(),
            kind: DateErrorKind::Shape,
        };
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = b.get(r)?;
            if part.iter().all(u8::is_ascii_digit) {
                Some(part.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
            } else {
                None
            }
        };
        let year = digits(0..4).ok_or_else(err)?;
        let (month, day) = match b.len() {
            4 => (None, None),
            7 if b[4] == b'-' => (Some(digits(5..7).ok_or_else(err)? as u8), None),
            10 if b[4] == b'-' && b[7] == b'-' => (
                Some(digits(5..7).ok_or_else(err)? as u8),
                Some(digits(8..10).ok_or_else(err)? as u8),
            ),
            _ => return Err(err()),
        };
        Date::from_parts(s, year, month, day)
    }
}

impl fmt::Display for Date {
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

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms_and_rejects_the_rest() {
        for ok in ["2025", "2025-11", "2025-11-01", "2024-02-29", "0001-01-01"] {
            assert_eq!(ok.parse::<Date>().unwrap().to_string(), ok);
        }
        for bad in [
            "",
            "25",
            "2025-1",
            "2025-13",
            "2025-00",
            "2025-11-1",
            "2025/11/01",
            "2023-02-29",
            "2025-04-31",
            "２０２５",
            "2025-11-01T00",
            "+025",
            "2025-1-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn partial_dates_compare_as_their_first_day() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d("2025").cmp_day(&d("2025-01-01")), Ordering::Equal);
        assert_eq!(d("2025-02").cmp_day(&d("2025-01-31")), Ordering::Greater);
        assert_eq!(d("2024-12-31").cmp_day(&d("2025")), Ordering::Less);
    }
}
