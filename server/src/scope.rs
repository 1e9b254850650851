//! Which kecamatan a staff account covers: all of them, or a list. A kecamatan
//! operator sees and acts on dispatches, desa, devices and manifests of that kecamatan
//! only; the domain functions check it, so the dashboard, the API and the command line
//! cannot differ.

use std::collections::BTreeSet;

use antar_shared::region::{DistrictCode, VillageCode};

use crate::error::{AppError, ErrorKind};

/// The kecamatan an account covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope(Option<BTreeSet<String>>);

impl Scope {
    /// Every kecamatan (an account without a scope, the command line).
    pub fn all() -> Scope {
        Scope(None)
    }

    /// These kecamatan (dotted codes); an empty list is every kecamatan.
    pub fn kecamatan(codes: impl IntoIterator<Item = String>) -> Scope {
        let codes: BTreeSet<String> = codes.into_iter().collect();
        Scope((!codes.is_empty()).then_some(codes))
    }

    /// The kecamatan listed, or `None` for all.
    pub fn codes(&self) -> Option<&BTreeSet<String>> {
        self.0.as_ref()
    }

    /// Whether a kecamatan (dotted) is covered.
    pub fn covers_kecamatan(&self, kecamatan: &str) -> bool {
        self.0
            .as_ref()
            .is_none_or(|codes| codes.contains(kecamatan))
    }

    /// Whether a desa is covered.
    pub fn covers(&self, desa: VillageCode) -> bool {
        self.covers_kecamatan(&desa.district().to_string())
    }

    /// Refuses a desa outside the scope (403, naming the kecamatan covered).
    pub fn require(&self, desa: VillageCode) -> Result<(), AppError> {
        self.require_kecamatan(&desa.district().to_string())
    }

    /// Refuses a kecamatan outside the scope.
    pub fn require_kecamatan(&self, kecamatan: &str) -> Result<(), AppError> {
        if self.covers_kecamatan(kecamatan) {
            return Ok(());
        }
        let covered = self
            .0
            .as_ref()
            .map(|c| c.iter().cloned().collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        Err(AppError::new(ErrorKind::Forbidden, "scope.outside")
            .arg("kecamatan", kecamatan)
            .arg("covered", covered))
    }

    /// Refuses a scoped account what only the whole regency's accounts may do: run the
    /// staff accounts. A kecamatan admin who could reset the regency admin's password or
    /// widen their own scope would not be held to a kecamatan at all.
    pub fn require_all(&self) -> Result<(), AppError> {
        match &self.0 {
            None => Ok(()),
            Some(codes) => Err(AppError::new(ErrorKind::Forbidden, "scope.accounts").arg(
                "covered",
                codes.iter().cloned().collect::<Vec<_>>().join(", "),
            )),
        }
    }

    /// The list as one text for a query (`52.06.03,52.06.04`), or `None` for all.
    pub fn joined(&self) -> Option<String> {
        self.0
            .as_ref()
            .map(|c| c.iter().cloned().collect::<Vec<_>>().join(","))
    }
}

/// Parses kecamatan codes as typed for a scope.
pub fn parse_codes(typed: &[String]) -> Result<Vec<String>, AppError> {
    typed
        .iter()
        .map(|k| {
            DistrictCode::parse(k)
                .map(|c| c.to_string())
                .map_err(|e| AppError::from_localized(ErrorKind::Unprocessable, &e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_covers_everything_and_a_list_only_itself() {
        let woha = VillageCode::parse("52.06.03.2012").unwrap();
        let other = VillageCode::parse("52.06.01.2005").unwrap();
        assert!(Scope::all().covers(woha));
        let scoped = Scope::kecamatan(["52.06.03".to_owned()]);
        assert!(scoped.covers(woha));
        assert!(!scoped.covers(other));
        assert_eq!(scoped.require(other).unwrap_err().code, "scope.outside");
        assert_eq!(Scope::kecamatan(Vec::new()), Scope::all());
    }
}
