//! The pages' `Form`, `Query` and `Path` (`antar_shared::web::extract`): a request they
//! cannot read gets the clerk's problem page in the reader's language instead of axum's
//! English plain text; axum's words go to the log. Every page takes its form, query and
//! path through these.

use antar_shared::i18n::Tr;
use antar_shared::web::extract::{Refusal, RefusalPage};
use axum::response::Response;

pub use antar_shared::web::extract::{Form, Path, Query};

use super::{Ui, problem};

impl RefusalPage for Ui {
    fn refusal_page(&self, tr: Tr, refusal: Refusal, cause: String) -> Response {
        tracing::warn!(error = %cause, ?refusal, "clerk UI: request not read");
        let message = match refusal {
            // The only large thing a clerk's page posts is a signature image.
            Refusal::TooLarge => tr.t("clerk-error-form-too-large"),
            Refusal::BadForm => tr.t("clerk-error-form-unreadable"),
            Refusal::BadAddress => tr.t("clerk-error-address-unreadable"),
        };
        problem(tr, refusal.status(), message)
    }
}
