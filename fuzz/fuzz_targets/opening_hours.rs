//! Opening hours: any expression parses or is refused, and a parsed one can be
//! evaluated at any time without a panic.
#![no_main]

use aiguillage::directory::hours::Hours;
use chrono::{Duration, NaiveDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&offset, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    if text.len() > 500 {
        return;
    }
    if let Ok(hours) = Hours::parse(text) {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
            + Duration::days(i64::from(offset) * 3);
        let now = day
            .and_hms_opt(u32::from(offset % 24), 30, 0)
            .unwrap_or_default();
        let _ = hours.state(now);
        let _ = hours.week(day);
    }
});
