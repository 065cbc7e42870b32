//! Understanding free text never fails: any text gives candidates, possibly none.
#![no_main]

use std::sync::OnceLock;

use aiguillage::lang::Lang;
use aiguillage::rules::Rules;
use aiguillage::understand::Understander;
use libfuzzer_sys::fuzz_target;

fn understander() -> &'static Understander {
    static UNDERSTANDER: OnceLock<Understander> = OnceLock::new();
    UNDERSTANDER.get_or_init(|| Understander::new(&Rules::load(None).expect("the shipped rules").0))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let understood = understander().understand(&text, Lang::Fr);
    assert!((0.0..=1.0).contains(&understood.confidence));
});
