//! Realistic sample data from Kabupaten Bima, for demos, fixtures and benchmarks.
//!
//! Deterministic (a seed in, the same data out) so tests and measurements repeat. Desa
//! codes are real (from the embedded Kemendagri table); names are common Bima names;
//! NIKs are well formed and start with the desa's kecamatan code.
//!
//! Every value is built from fixed parts known to be valid, so the `expect`s below can
//! only fail on a bug in this file, which its unit test would catch; none touches input.
#![allow(clippy::expect_used)]

use crate::doc::Issue;
use crate::kind::DocumentKind;
use crate::nik::{Nik, NikCheck, NikCheckCost, NikTag, TAG_BITS};
use crate::region::{VillageCode, children, lookup};
use crate::text::{DocNumber, PersonName};
use crate::tracking::TrackingCode;

const GIVEN: &[&str] = &[
    "Muhammad",
    "Siti",
    "Nurhayati",
    "Abdul",
    "Syamsuddin",
    "Rahmawati",
    "Julkarnain",
    "Fitriani",
    "Ahmad",
    "Sri",
    "Hasanuddin",
    "Nurul",
    "Ismail",
    "Aminah",
    "Safrudin",
    "Hadijah",
    "Arifin",
    "Maryam",
    "Sahril",
    "Faridah",
];
const FAMILY: &[&str] = &[
    "Saleh", "Aminah", "Yasin", "Haris", "Ramli", "Jafar", "Abubakar", "Usman", "Hamzah", "Idris",
    "Kadir", "Mansyur", "Sulaiman", "Taher", "Wahab", "Yusuf",
];

/// One step of SplitMix64: the next 64 bits from `state`, which it advances.
pub(crate) fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A small deterministic generator (SplitMix64), so samples need no `rand`.
#[derive(Clone, Debug)]
pub struct Sampler {
    state: u64,
    /// Documents numbered so far: mixed into document numbers so that one sampler never
    /// repeats a number (real registers do not either).
    numbered: u64,
}

impl Sampler {
    /// A sampler from a seed.
    pub fn new(seed: u64) -> Self {
        Sampler {
            state: seed,
            numbered: 0,
        }
    }

    /// The next 64 random-looking bits.
    pub fn next_u64(&mut self) -> u64 {
        splitmix(&mut self.state)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n.max(1) as u64).unwrap_or(0)
    }

    /// One of the items.
    pub fn one_of<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A person's name such as "Siti Aminah".
    pub fn person(&mut self) -> PersonName {
        let name = format!("{} {}", self.one_of(GIVEN), self.one_of(FAMILY));
        PersonName::parse(&name).expect("sample names are valid")
    }

    /// A well-formed NIK first registered in the desa's kecamatan.
    pub fn nik(&mut self, desa: VillageCode) -> Nik {
        let woman = self.below(2) == 1;
        let day = 1 + self.below(28) + if woman { 40 } else { 0 };
        let month = 1 + self.below(12);
        let year = self.below(100);
        let serial = 1 + self.below(9999);
        let text = format!(
            "{}{day:02}{month:02}{year:02}{serial:04}",
            desa.district().undotted()
        );
        Nik::parse(&text).expect("sample NIKs are valid")
    }

    /// A document kind, weighted roughly like a Dukcapil office's daily output.
    pub fn kind(&mut self) -> DocumentKind {
        const WEIGHTED: &[DocumentKind] = &[
            DocumentKind::Kk,
            DocumentKind::Kk,
            DocumentKind::Kk,
            DocumentKind::KtpEl,
            DocumentKind::KtpEl,
            DocumentKind::Kia,
            DocumentKind::AktaKelahiran,
            DocumentKind::AktaKelahiran,
            DocumentKind::AktaKematian,
            DocumentKind::Skpwni,
        ];
        *self.one_of(WEIGHTED)
    }

    /// A plausible document number for a kind issued in a desa; never the same twice
    /// from one sampler (for up to 10 million numbers).
    pub fn number(&mut self, kind: DocumentKind, desa: VillageCode) -> DocNumber {
        let n = self.numbered;
        self.numbered += 1;
        let district = desa.district().undotted();
        // An akta register number carries the registration date and a daily serial.
        let day = n / 1000;
        let date = format!(
            "{:02}{:02}{}",
            1 + day % 28,
            1 + (day / 28) % 12,
            2024 + day / 336
        );
        let text = match kind {
            DocumentKind::Kk | DocumentKind::KtpEl | DocumentKind::Kia => {
                format!(
                    "{district}{:03}{:07}",
                    self.next_u64() % 1000,
                    n % 10_000_000
                )
            }
            DocumentKind::AktaKelahiran => format!("5206-LT-{date}-{:04}", n % 1000),
            DocumentKind::AktaKematian => format!("5206-KM-{date}-{:04}", n % 1000),
            _ => format!("474/{n:07}/DKPS/2026"),
        };
        DocNumber::parse(&text).expect("sample numbers are valid")
    }

    /// A fresh tracking code from this sampler's stream.
    pub fn tracking(&mut self) -> TrackingCode {
        TrackingCode::from_bits(self.next_u64() >> 9).expect("55 bits fit")
    }

    /// A whole Issue op body for a desa. With `real_check` the NIK check value is
    /// computed with Argon2id (tens of ms); without it a random tag stands in, which is
    /// right for wire-size measurements and convergence tests, not for verification.
    pub fn issue(&mut self, desa: VillageCode, real_check: bool) -> (Issue, Nik) {
        let kind = self.kind();
        let nik = self.nik(desa);
        let tracking = self.tracking();
        let nik_check = if real_check {
            NikCheck::compute(&nik, tracking, NikCheckCost::Standard).ok()
        } else {
            None
        }
        .unwrap_or(NikCheck {
            cost: NikCheckCost::Standard,
            tag: NikTag::try_from((self.next_u64() % (1 << TAG_BITS)) as u16)
                .unwrap_or_else(|_| unreachable!("below 2^TAG_BITS")),
        });
        let issue = Issue {
            tracking,
            kind,
            number: kind.replicated_number(&self.number(kind, desa)),
            holder: self.person(),
            nik_check,
            reissue: None,
        };
        (issue, nik)
    }
}

/// The desa of Kabupaten Bima, from the embedded table, in code order.
pub fn bima_desa() -> Vec<VillageCode> {
    let Ok(kab_bima) = crate::region::RegionCode::parse("52.06") else {
        return Vec::new();
    };
    children(kab_bima)
        .flat_map(|kecamatan| children(kecamatan.code))
        .filter_map(|r| match r.code {
            crate::region::RegionCode::Village(v) => Some(v),
            _ => None,
        })
        .collect()
}

/// The desa's name, for display in demos.
pub fn desa_name(code: VillageCode) -> &'static str {
    lookup(code).map(|r| r.name).unwrap_or("?")
}

/// The number printed on a sampled document, as Dukcapil's records hold it: for a
/// KTP-el or a KIA that is the holder's NIK (the replicated [`Issue`] carries only the
/// word `NIK`); otherwise the Issue's number.
pub fn printed_number(issue: &Issue, nik: &Nik) -> DocNumber {
    if issue.kind.number_is_nik() {
        DocNumber::parse(nik.expose()).unwrap_or_else(|_| issue.number.clone())
    } else {
        issue.number.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_valid_and_repeatable() {
        let desa = bima_desa();
        assert_eq!(desa.len(), 191);
        let mut a = Sampler::new(7);
        let mut b = Sampler::new(7);
        for _ in 0..200 {
            let d = *a.one_of(&desa);
            assert_eq!(d, *b.one_of(&desa));
            let (issue, nik) = a.issue(d, false);
            assert_eq!(issue, b.issue(d, false).0);
            assert_eq!(nik.district().unwrap(), d.district());
            if issue.kind.number_is_nik() {
                assert!(issue.number.is_nik_word());
            }
        }
    }
}
