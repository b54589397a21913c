//! The EDTF parser: never panics, and what it accepts prints back to the
//! same text and parses back to the same value.
#![no_main]

use conflict_kg::model::date::Edtf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(date) = Edtf::parse(input) {
        let printed = date.to_string();
        assert_eq!(printed, input, "an accepted date prints back as written");
        assert_eq!(Edtf::parse(&printed).ok(), Some(date), "the printed date parses back");
    }
});
