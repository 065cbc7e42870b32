//! Rule files: any text in place of one of the shipped files is reported as
//! diagnostics, never a panic.
#![no_main]

use aiguillage::rules::diagnostic::SourceFile;
use aiguillage::rules::{RuleFiles, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let mut files = RuleFiles::embedded();
    let ix = usize::from(which) % files.files.len();
    let name = files.files[ix].name.clone();
    files.files[ix] = SourceFile {
        name,
        text: text.to_owned(),
    };
    let (rules, diagnostics) = validate::check(&files);
    assert!(rules.is_some() || diagnostics.iter().any(|d| d.is_error()));
});
