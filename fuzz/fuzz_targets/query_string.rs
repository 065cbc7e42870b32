//! The questionnaire's query string: any bytes parse to a visit or a clear error, and
//! walking the rules with it never panics.
#![no_main]

use std::sync::OnceLock;

use aiguillage::rules::{Programmes, Rules};
use aiguillage::web::flow::Flow;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::load(None).expect("the shipped rules").0)
}

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let rules = rules();
    if let Ok(flow) = Flow::parse(rules, Some(query)) {
        let walk = rules.walk(&flow.answers, Programmes::UNKNOWN);
        let _ = rules.questions_left(&walk.answers, Programmes::UNKNOWN);
        let _ = flow.query(rules);
        let _ = rules.orientation(&walk, None);
    }
});
