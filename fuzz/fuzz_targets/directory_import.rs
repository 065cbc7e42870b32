//! Directory files, CSV or JSON: any bytes give a report, never a panic.
#![no_main]

use aiguillage::directory::{Communes, Format, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let format = if which % 2 == 0 {
        Format::Csv
    } else {
        Format::Json
    };
    if let Ok(report) = import::import(bytes, format, Communes::embedded()) {
        assert_eq!(report.places.len() + report.rejected, report.rows);
    }
});
