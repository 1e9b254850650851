//! The CSV import's reader and row checks (the API's streamed upload and the
//! `import` command share them): any bytes give checked rows or a typed error, never a
//! panic, and every row is counted as good or bad exactly once.
#![no_main]

use antar_server::issuance::import::{self, Row, Rows};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let whole = import::check(data, |_| {});
    let Ok(mut rows) = Rows::new(data) else {
        assert!(whole.is_err());
        return;
    };
    let (mut good, mut bad_lines) = (0, 0);
    let streamed = loop {
        match rows.next_row() {
            Ok(Some(Row::Valid(..))) => good += 1,
            Ok(Some(Row::Invalid(errors))) => {
                assert!(!errors.is_empty(), "a bad row names its problem");
                bad_lines += 1;
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(e.code),
        }
    };
    match (whole, streamed) {
        (Ok(checked), Ok(())) => {
            assert_eq!(checked.valid.len(), good);
            assert_eq!(checked.rows, good + bad_lines);
            let lines: std::collections::BTreeSet<u64> =
                checked.errors.iter().map(|e| e.line).collect();
            assert_eq!(lines.len(), bad_lines);
        }
        (Err(a), Err(b)) => assert_eq!(a.code, b),
        (a, b) => panic!("the whole and the streamed reading disagree: {a:?} / {b:?}"),
    }
});
