//! The offline NIK check's figures (issue 11, `docs/decisions/0011-nik-check.md`):
//!
//! - what a handover pays for the check on this machine (Argon2id, the `Standard` cost);
//! - the chance that a wrong NIK passes (2^-TAG_BITS);
//! - the candidates left per dispatch for a thief holding the replica, under the
//!   attacker models of the threat model, and the core-time to enumerate them.
//!
//! Run: `cargo run --release -p antar-shared --example nik_check`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use antar_shared::nik::{Nik, NikCheck, NikCheckCost, TAG_BITS};
use antar_shared::tracking::TrackingCode;

fn main() {
    let holder = Nik::parse("5206034507900001").unwrap();
    let tracking = TrackingCode::from_bits(0x1F_2E3D_4C5B_6A79).unwrap();
    let check = NikCheck::compute(&holder, tracking, NikCheckCost::Standard).unwrap();

    let mut times = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        assert!(check.verify(&holder, tracking).unwrap());
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "handover check (Argon2id 19 MiB, t=2): median {:.1} ms, min {:.1} ms, max {:.1} ms over {} runs",
        median * 1e3,
        times[0] * 1e3,
        times[times.len() - 1] * 1e3,
        times.len()
    );

    let buckets = f64::from(1u32 << TAG_BITS);
    println!(
        "a wrong NIK passes with probability 1/{} = {:.4} % (caught {:.4} %)",
        1u32 << TAG_BITS,
        100.0 / buckets,
        100.0 - 100.0 / buckets
    );

    // 36,525 calendar days in a century of two-digit years (25 leap days).
    let days = 36_525.0;
    let models: [(&str, f64); 5] = [
        (
            "kecamatan known, sex and birth date unknown, any serial",
            days * 2.0 * 9_999.0,
        ),
        (
            "kecamatan and sex known (the name), any serial",
            days * 9_999.0,
        ),
        ("kecamatan and sex known, serial at most 100", days * 100.0),
        (
            "a KIA: holder under 17, sex known, any serial",
            17.0 * 365.25 * 9_999.0,
        ),
        (
            "a newborn's akta: birth year known, sex known, any serial",
            365.25 * 9_999.0,
        ),
    ];
    println!("candidates left per dispatch for a thief holding the replica:");
    for (model, space) in models {
        let left = space / buckets;
        let core_days = space * median / 86_400.0;
        println!(
            "  {model}: {space:.3e} NIKs -> {left:.0} candidates; enumerating costs {core_days:.1} core-days"
        );
    }
}
