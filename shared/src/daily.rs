//! Daily copies of a database kept in a folder, by the server (`antar-YYYYMMDD.db`)
//! and by the agent (`replica-YYYYMMDD.db`): one a day, named by the date in Bima
//! (WITA) so the names sort by age, and only the newest few kept.

use std::path::{Path, PathBuf};

use crate::time::{UnixTime, WITA_OFFSET_SECS};

/// The name of the copy for the day `now` falls on: `PREFIX-YYYYMMDD.db`.
pub fn file_name(prefix: &str, now: i64) -> String {
    let (y, m, d, _, _) = UnixTime(now).civil(WITA_OFFSET_SECS);
    format!("{prefix}-{y:04}{m:02}{d:02}.db")
}

/// Removes all but the newest `keep` copies named `PREFIX-….db` in `folder`. Best
/// effort: returns the files that could not be removed (to log; they are tried again
/// next time).
pub fn prune(folder: &Path, prefix: &str, keep: usize) -> Vec<(PathBuf, std::io::Error)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let start = format!("{prefix}-");
    let mut copies: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&start) && n.ends_with(".db"))
        })
        .collect();
    copies.sort();
    let excess = copies.len().saturating_sub(keep);
    copies
        .into_iter()
        .take(excess)
        .filter_map(|old| std::fs::remove_file(&old).err().map(|e| (old, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_day_and_only_the_newest_stay() {
        // 2026-11-30 23:30 WITA is still the 30th; 00:30 the next day is not.
        assert_eq!(file_name("antar", 1_796_052_600), "antar-20261130.db");
        assert_eq!(file_name("antar", 1_796_056_200), "antar-20261201.db");
        let dir = tempfile::tempdir().unwrap();
        for day in 1..=5 {
            std::fs::write(dir.path().join(format!("replica-2026110{day}.db")), b"x").unwrap();
        }
        std::fs::write(dir.path().join("antar-20261101.db"), b"other prefix").unwrap();
        assert!(prune(dir.path(), "replica", 2).is_empty());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "antar-20261101.db",
                "replica-20261104.db",
                "replica-20261105.db"
            ]
        );
    }
}
