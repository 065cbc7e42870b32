//! Opening hours of a place: the OSM `opening_hours` syntax of the national standard,
//! parsed once at load with the `opening-hours` crate, French public holidays included.
//!
//! Time is always an argument (a local, naive date and time): this module never reads
//! the clock.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use opening_hours::localization::Country;
use opening_hours::{Context, OpeningHours, RuleKind};

/// How far ahead a next opening is searched for.
const LOOK_AHEAD_DAYS: i64 = 14;

#[derive(Clone, Debug)]
pub struct Hours {
    /// The expression as written in the data.
    pub raw: String,
    parsed: OpeningHours,
}

/// Whether a place is open at a given time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenState {
    /// Open now; closes at `until` (if within the look-ahead).
    Open {
        until: Option<NaiveDateTime>,
        comment: Option<String>,
    },
    /// Closed now; opens at `opens` (if within the look-ahead).
    Closed {
        opens: Option<NaiveDateTime>,
        comment: Option<String>,
    },
    /// The data does not say (e.g. "sur rendez-vous").
    Unknown { comment: Option<String> },
}

/// One day of the week's hours: the open ranges and any comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub ranges: Vec<(NaiveTime, NaiveTime)>,
    pub comments: Vec<String>,
}

impl Hours {
    /// Parses an expression of the OSM `opening_hours` syntax.
    pub fn parse(raw: &str) -> Result<Hours, String> {
        let raw = raw.trim();
        let parsed = raw
            .parse::<OpeningHours>()
            .map_err(|error| first_line(&error.to_string()))?
            .with_context(Context::default().with_holidays(Country::FR.holidays()));
        Ok(Hours {
            raw: raw.to_owned(),
            parsed,
        })
    }

    /// Whether the place is open at `now`. The crate asserts on some odd schedules: a
    /// panic there becomes "unknown" rather than a failed request.
    pub fn state(&self, now: NaiveDateTime) -> OpenState {
        catch_unwind(AssertUnwindSafe(|| self.evaluate(now)))
            .unwrap_or(OpenState::Unknown { comment: None })
    }

    fn evaluate(&self, now: NaiveDateTime) -> OpenState {
        let (kind, comment) = self.parsed.state(now);
        let comment = (!comment.is_empty()).then(|| comment.to_string());
        let horizon = now + Duration::days(LOOK_AHEAD_DAYS);
        // Not `next_change`: it searches up to the year 9999, which takes minutes on a
        // schedule that never changes (« We 09:30-10:30; We off », found by fuzzing).
        let next = self
            .parsed
            .iter_range(now, horizon)
            .next()
            .map(|range| range.range.end)
            .filter(|end| *end < horizon);
        match kind {
            RuleKind::Open => Open {
                until: next,
                comment,
            },
            RuleKind::Closed => {
                // The next change may be to "unknown"; look for the next real opening.
                let opens = self
                    .parsed
                    .iter_range(now, horizon)
                    .find(|range| range.kind == RuleKind::Open)
                    .map(|range| range.range.start);
                Closed { opens, comment }
            }
            RuleKind::Unknown => OpenState::Unknown { comment },
        }
    }

    /// The hours of the seven days starting at `from` (none if they cannot be evaluated).
    pub fn week(&self, from: NaiveDate) -> Vec<Day> {
        catch_unwind(AssertUnwindSafe(|| self.days(from))).unwrap_or_default()
    }

    fn days(&self, from: NaiveDate) -> Vec<Day> {
        (0..7)
            .map(|offset| {
                let date = from + Duration::days(offset);
                let mut ranges = Vec::new();
                let mut comments = Vec::new();
                for range in self.parsed.schedule_at(date) {
                    if !range.comment.is_empty()
                        && !comments.iter().any(|c: &String| **c == *range.comment)
                    {
                        comments.push(range.comment.to_string());
                    }
                    if range.kind == RuleKind::Open {
                        let start = time(range.range.start.hour(), range.range.start.minute());
                        let end = time(range.range.end.hour(), range.range.end.minute());
                        ranges.push((start, end));
                    }
                }
                Day {
                    date,
                    ranges,
                    comments,
                }
            })
            .collect()
    }
}

use OpenState::{Closed, Open};

/// A time of day; 24:00 (end of day) is shown as 23:59.
fn time(hour: u8, minute: u8) -> NaiveTime {
    NaiveTime::from_hms_opt(u32::from(hour), u32::from(minute), 0)
        .unwrap_or_else(|| NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default())
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or(message)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").expect("a date")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
    }

    #[test]
    fn open_now_says_when_it_closes() {
        let hours = Hours::parse("Mo-Fr 09:00-12:00,14:00-17:00").expect("valid");
        // Monday 23 November 2026, 10:30.
        assert_eq!(
            hours.state(at("2026-11-23", "10:30")),
            Open {
                until: Some(at("2026-11-23", "12:00")),
                comment: None
            }
        );
    }

    #[test]
    fn a_schedule_that_never_opens_is_closed_with_no_next_opening() {
        // Found by fuzzing: the crate's `next_change` searched until the year 9999.
        let hours = Hours::parse("We 09:30-10:30; We off").expect("valid");
        assert_eq!(
            hours.state(at("2026-03-05", "21:30")),
            Closed {
                opens: None,
                comment: None
            }
        );
        let open_all_week = Hours::parse("24/7").expect("valid");
        assert_eq!(
            open_all_week.state(at("2026-03-05", "21:30")),
            Open {
                until: None,
                comment: None
            }
        );
    }

    #[test]
    fn closed_says_when_it_opens_next_even_after_a_weekend() {
        let hours = Hours::parse("Mo-Fr 09:00-12:00").expect("valid");
        assert_eq!(
            hours.state(at("2026-11-28", "10:00")),
            Closed {
                opens: Some(at("2026-11-30", "09:00")),
                comment: None
            }
        );
    }

    #[test]
    fn french_public_holidays_close_places_with_ph_off() {
        let hours = Hours::parse("Mo-Fr 09:00-17:00; PH off").expect("valid");
        // Friday 25 December 2026 is Christmas.
        assert!(matches!(
            hours.state(at("2026-12-25", "10:00")),
            Closed { .. }
        ));
        assert!(matches!(
            hours.state(at("2026-12-24", "10:00")),
            Open { .. }
        ));
    }

    #[test]
    fn comments_are_kept() {
        let hours = Hours::parse(r#"Tu 14:00-17:00 "sur rendez-vous""#).expect("valid");
        match hours.state(at("2026-11-24", "15:00")) {
            Open { comment, .. } => assert_eq!(comment.as_deref(), Some("sur rendez-vous")),
            other => panic!("{other:?}"),
        }
        let week = hours.week(today());
        assert_eq!(week[1].comments, vec!["sur rendez-vous".to_owned()]);
    }

    #[test]
    fn the_week_lists_each_day_ranges() {
        let hours = Hours::parse("Mo 09:00-12:00,14:00-17:30; We 09:00-12:00").expect("valid");
        let week = hours.week(today());
        assert_eq!(week.len(), 7);
        assert_eq!(
            chrono::Datelike::weekday(&week[0].date),
            chrono::Weekday::Mon
        );
        assert_eq!(week[0].ranges.len(), 2);
        assert!(week[1].ranges.is_empty());
        assert_eq!(
            week[2].ranges[0].0,
            NaiveTime::from_hms_opt(9, 0, 0).expect("a time")
        );
    }

    #[test]
    fn unparsable_hours_are_an_error_not_a_panic() {
        for raw in [
            "du lundi au vendredi",
            "Mo-Fr 25:00-26:00",
            "Mo-Fr 09:00-",
            "\u{0}",
        ] {
            assert!(Hours::parse(raw).is_err(), "{raw:?}");
        }
    }
}
