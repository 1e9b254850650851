//! Residents' slips (tanda terima pengambilan): the paper a resident takes home at
//! application, with the tracking code large, a QR to `/cek/{CODE}`, the kind of
//! document, and the desa office (and its hours) where to pick it up.
//!
//! An A4 sheet holds eight, with cut lines; the dashboard shows it after an import or an
//! issue and the command line writes it to a file (`slips`, `import --slips`). A slip
//! never carries a NIK; the holder's name as the operator chooses, initials by default
//! (a slip may be lost, and a code with a full name is more than a stranger needs).

use std::collections::HashMap;

use antar_shared::i18n::Tr;
use antar_shared::region;
use askama::Template;

use crate::error::AppError;
use crate::store::Store;
use crate::store::dispatches::DispatchRecord;

/// Slips on one A4 sheet: two columns of four.
pub const PER_PAGE: usize = 8;

/// How much of the holder's name a slip shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NameShown {
    /// `S. A.` for Siti Aminah (the default).
    #[default]
    Initials,
    /// The whole name.
    Full,
    /// No name at all.
    Hidden,
}

impl NameShown {
    /// From a form or option value: `inisial`, `lengkap`, `tanpa` (or English).
    pub fn parse(typed: &str) -> Option<NameShown> {
        match typed.trim().to_lowercase().as_str() {
            "" | "inisial" | "initials" => Some(NameShown::Initials),
            "lengkap" | "full" => Some(NameShown::Full),
            "tanpa" | "none" => Some(NameShown::Hidden),
            _ => None,
        }
    }

    /// The value the forms send.
    pub fn code(self) -> &'static str {
        match self {
            NameShown::Initials => "inisial",
            NameShown::Full => "lengkap",
            NameShown::Hidden => "tanpa",
        }
    }

    /// The name as this choice shows it.
    pub fn show(self, name: &str) -> String {
        match self {
            NameShown::Full => name.to_owned(),
            NameShown::Hidden => String::new(),
            NameShown::Initials => name
                .split_whitespace()
                .filter_map(|word| word.chars().next())
                .flat_map(char::to_uppercase)
                .map(|c| format!("{c}."))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// One slip, ready to print.
#[derive(Debug)]
pub struct Slip {
    code: String,
    kind: String,
    name: String,
    desa: String,
    kecamatan: String,
    hours: String,
    link: String,
    qr: String,
}

/// A printable sheet of slips (a whole page of its own, so the command line can write
/// it to a file and the dashboard serve it as is).
#[derive(Template, Debug)]
#[template(path = "print/slips.html")]
pub struct SlipSheet {
    tr: Tr,
    /// The sheet's heading (which import, which dispatch).
    pub title: String,
    pages: Vec<Vec<Slip>>,
    /// How many slips in all.
    pub count: usize,
    /// The dashboard's own links (back, print); none in a file.
    back: Option<String>,
}

impl SlipSheet {
    /// The same sheet with a way back to a dashboard page.
    pub fn with_back(mut self, href: String) -> SlipSheet {
        self.back = Some(href);
        self
    }

    /// The page as HTML.
    pub fn html(&self) -> Result<String, AppError> {
        self.render().map_err(AppError::internal)
    }
}

/// The slips for these dispatches. `base` is the public address residents open
/// (`https://antar.example.go.id`); `hours` the default opening hours, for a desa
/// office that has none of its own.
pub async fn sheet(
    store: &Store,
    records: &[DispatchRecord],
    base: &str,
    hours: &str,
    names: NameShown,
    tr: Tr,
    title: String,
) -> Result<SlipSheet, AppError> {
    let mut office_hours: HashMap<String, Option<String>> = HashMap::new();
    let mut slips = Vec::with_capacity(records.len());
    for r in records {
        let desa_code = r.desa_code.to_string();
        let own = match office_hours.get(&desa_code) {
            Some(h) => h.clone(),
            None => {
                let h = store.office_hours(r.desa_code).await?;
                office_hours.insert(desa_code.clone(), h.clone());
                h
            }
        };
        let link = format!("{base}/cek/{}", r.tracking_code);
        slips.push(Slip {
            code: r.tracking_code.to_string(),
            kind: tr.kind(r.kind),
            name: names.show(&r.holder_name),
            desa: region::lookup(r.desa_code)
                .map(|d| d.name.to_owned())
                .unwrap_or(desa_code),
            kecamatan: region::lookup(r.desa_code.district())
                .map(|k| k.name.to_owned())
                .unwrap_or_default(),
            hours: own.unwrap_or_else(|| hours.to_owned()),
            qr: crate::qr::svg(&link, 110),
            link,
        });
    }
    let count = slips.len();
    let mut pages = Vec::new();
    let mut rest = slips.into_iter().peekable();
    while rest.peek().is_some() {
        pages.push(rest.by_ref().take(PER_PAGE).collect());
    }
    Ok(SlipSheet {
        tr,
        title,
        pages,
        count,
        back: None,
    })
}

#[cfg(test)]
mod tests {
    use super::NameShown;

    #[test]
    fn names_are_initials_unless_chosen() {
        assert_eq!(NameShown::parse(""), Some(NameShown::Initials));
        assert_eq!(NameShown::Initials.show("Siti  Aminah"), "S. A.");
        assert_eq!(NameShown::Initials.show("muhammad saleh"), "M. S.");
        assert_eq!(NameShown::Full.show("Siti Aminah"), "Siti Aminah");
        assert_eq!(NameShown::Hidden.show("Siti Aminah"), "");
        assert_eq!(NameShown::parse("semua"), None);
    }
}
