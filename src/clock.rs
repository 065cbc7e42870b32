//! The time: read here, once per request, and passed to the pure modules as an
//! argument. Tests replace the clock with a fixed instant.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// Where "now" comes from.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", (self.0)())
    }
}

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(Utc::now))
    }

    /// Always the same instant (tests, benchmarks).
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Arc::new(move || at))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }

    /// The local time of a département (overseas ones have their own time zones);
    /// metropolitan France when it is unknown.
    pub fn local(&self, department: Option<&str>) -> NaiveDateTime {
        local_time(self.now(), department)
    }
}

pub fn local_time(now: DateTime<Utc>, department: Option<&str>) -> NaiveDateTime {
    now.with_timezone(&time_zone(department)).naive_local()
}

fn time_zone(department: Option<&str>) -> Tz {
    match department.unwrap_or_default() {
        "971" => Tz::America__Guadeloupe,
        "972" => Tz::America__Martinique,
        "973" => Tz::America__Cayenne,
        "974" => Tz::Indian__Reunion,
        "975" => Tz::America__Miquelon,
        "976" => Tz::Indian__Mayotte,
        "977" => Tz::America__St_Barthelemy,
        "978" => Tz::America__Marigot,
        "986" => Tz::Pacific__Wallis,
        "987" => Tz::Pacific__Tahiti,
        "988" => Tz::Pacific__Noumea,
        _ => Tz::Europe__Paris,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_follows_the_departement_time_zone() {
        let noon_utc = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
            .expect("a date")
            .with_timezone(&Utc);
        assert_eq!(
            local_time(noon_utc, Some("16")).format("%H:%M").to_string(),
            "13:00"
        );
        assert_eq!(
            local_time(noon_utc, Some("988"))
                .format("%H:%M")
                .to_string(),
            "23:00"
        );
        let summer = DateTime::parse_from_rfc3339("2026-07-01T12:00:00Z")
            .expect("a date")
            .with_timezone(&Utc);
        assert_eq!(
            local_time(summer, None).format("%H:%M").to_string(),
            "14:00"
        );
    }
}
