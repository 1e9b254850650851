//! The check's two promises, measured: a wrong NIK is caught, and the replica does not
//! give the holder's NIK back.

use super::*;
use crate::nik::Sex;

fn code() -> TrackingCode {
    TrackingCode::from_bits(0x1F_2E3D_4C5B_6A79).unwrap()
}

#[test]
fn verifies_the_holder_and_refuses_others() {
    let holder = Nik::parse("5206034507900001").unwrap();
    let check = NikCheck::compute(&holder, code(), NikCheckCost::Standard).unwrap();
    assert!(check.verify(&holder, code()).unwrap());
    // Her sister (the next serial) and a one-digit slip in the birth year.
    for other in ["5206034507900002", "5206034507910001"] {
        let other = Nik::parse(other).unwrap();
        assert!(!check.verify(&other, code()).unwrap(), "{other:?}");
    }
}

#[test]
fn the_salt_is_per_dispatch() {
    // With 14 bits two dispatches share a tag once in 16,384; these two do not.
    let holder = Nik::parse("5206034507900001").unwrap();
    let tags: Vec<_> = (1..=4)
        .map(|bits| {
            NikCheck::compute(
                &holder,
                TrackingCode::from_bits(bits).unwrap(),
                NikCheckCost::Standard,
            )
            .unwrap()
            .tag
        })
        .collect();
    assert!(
        tags.windows(2).any(|w| w[0] != w[1]),
        "the same NIK on four dispatches must not share one check value"
    );
}

#[test]
fn small_on_the_wire_and_no_wider_than_fourteen_bits() {
    let check = NikCheck {
        cost: NikCheckCost::Standard,
        tag: NikTag::try_from((1u16 << TAG_BITS) - 1).unwrap(),
    };
    assert!(postcard::to_stdvec(&check).unwrap().len() <= 4);
    assert!(NikTag::try_from(1u16 << TAG_BITS).is_err());
    assert!(serde_json::from_str::<NikTag>("16384").is_err());
}

/// The cheapest Argon2id there is: the same function, so the same spread of tags, at
/// a cost a test can pay for millions of candidates.
fn cheap() -> argon2::Params {
    argon2::Params::new(8, 1, 1, Some(OUTPUT_LEN)).unwrap()
}

/// Every NIK of one kecamatan and sex, for the birth dates in `years` and serials
/// `1..=serials`, in the order an attacker would try them.
fn candidates(district: &str, sex: Sex, years: std::ops::Range<u8>, serials: u16) -> Vec<Nik> {
    let mut all = Vec::new();
    for year in years {
        for month in 1..=12u8 {
            for day in 1..=31u8 {
                let day = if sex == Sex::Female { day + 40 } else { day };
                for serial in 1..=serials {
                    let text = format!("{district}{day:02}{month:02}{year:02}{serial:04}");
                    // Impossible dates (31 April, 30 February) are refused by parse.
                    if let Ok(nik) = Nik::parse(&text) {
                        all.push(nik);
                    }
                }
            }
        }
    }
    all
}

/// The attack on a stolen replica, run for real: the thief knows the dispatch's
/// tracking code and tag, the desa (so the kecamatan) and, from the name, the holder's
/// sex, and tries every birth date of a century. A test cannot afford all 9,999
/// serials, so it tries the first 30 (where most serials are) and scales the count by
/// 9,999 / 30 — sound because the tag does not depend on which slice is tried.
#[test]
fn a_stolen_replica_leaves_a_thousand_candidates_or_more() {
    const SERIALS: u16 = 30;
    let holder = Nik::parse("5206034507900001").unwrap();
    let tracking = code();
    let target = tag(&holder, tracking, cheap(), None).unwrap();
    let space = candidates("520603", Sex::Female, 0..100, SERIALS);
    // 36,525 birth dates in a century (25 leap days) times the serials tried.
    assert_eq!(space.len(), 36_525 * usize::from(SERIALS));

    let halves = space.split_at(space.len() / 2);
    let count = |part: &[Nik]| -> Vec<Nik> {
        part.iter()
            .filter(|nik| tag(nik, tracking, cheap(), None).unwrap() == target)
            .cloned()
            .collect()
    };
    let left: Vec<Nik> = std::thread::scope(|s| {
        let a = s.spawn(|| count(halves.0));
        let b = count(halves.1);
        let mut a = a.join().unwrap();
        a.extend(b);
        a
    });

    assert!(left.contains(&holder), "the holder's own NIK must pass");
    let expected = space.len() as f64 / f64::from(1u32 << TAG_BITS);
    let found = left.len() as f64;
    // The count is fixed by the hash; it must sit where a 14-bit tag puts it
    // (within four standard deviations of a binomial count).
    assert!(
        (found - expected).abs() <= 4.0 * expected.sqrt() + 1.0,
        "{found} candidates left in the slice, {expected:.1} expected"
    );
    let over_all_serials = found * 9_999.0 / f64::from(SERIALS);
    assert!(
        over_all_serials >= 1_000.0,
        "about {over_all_serials:.0} candidates over all serials; at least 1,000 wanted"
    );
    eprintln!(
        "{} of {} candidates share the tag; about {over_all_serials:.0} over all 9,999 serials",
        left.len(),
        space.len()
    );
}

/// A mistyped NIK is caught: every one-digit slip and every swap of neighbouring digits
/// in a sample NIK that still reads as a NIK is refused, except the few that share
/// the tag by chance (2⁻¹⁴ of them).
#[test]
fn slips_of_the_hand_are_caught() {
    let holder = Nik::parse("5206034507900001").unwrap();
    let tracking = code();
    let target = tag(&holder, tracking, cheap(), None).unwrap();
    let digits: Vec<u8> = holder.expose().bytes().collect();
    let mut typos = Vec::new();
    for i in 0..16 {
        for d in b'0'..=b'9' {
            if d != digits[i] {
                let mut t = digits.clone();
                t[i] = d;
                typos.push(t);
            }
        }
        if i < 15 && digits[i] != digits[i + 1] {
            let mut t = digits.clone();
            t.swap(i, i + 1);
            typos.push(t);
        }
    }
    let readable: Vec<Nik> = typos
        .iter()
        .filter_map(|t| Nik::parse(std::str::from_utf8(t).unwrap()).ok())
        .collect();
    let passed = readable
        .iter()
        .filter(|nik| tag(nik, tracking, cheap(), None).unwrap() == target)
        .count();
    assert!(readable.len() > 50, "{} readable slips", readable.len());
    assert_eq!(passed, 0, "a slip of the hand passed the check");
}

#[test]
fn a_reused_buffer_gives_the_same_check() {
    let mut scratch = NikScratch::default();
    for serial in 1..=3u16 {
        let nik = Nik::parse(&format!("520603450790{serial:04}")).unwrap();
        let tracking = code();
        let fresh = NikCheck::compute(&nik, tracking, NikCheckCost::Standard).unwrap();
        let reused =
            NikCheck::compute_in(&nik, tracking, NikCheckCost::Standard, &mut scratch).unwrap();
        assert_eq!(fresh, reused);
    }
}
