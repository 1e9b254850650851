//! The pages' `Form`, `Query` and `Path` (`antar_shared::web::extract`): a request they
//! cannot read gets the error page in the reader's language, with a code, instead of
//! axum's English plain text; axum's words go to the log. Every page takes its form,
//! query and path through these.

use antar_shared::i18n::Tr;
use antar_shared::web::extract::{Refusal, RefusalPage};
use axum::response::Response;

pub use antar_shared::web::extract::{Form, Path, Query};

use super::error_page;
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;

impl RefusalPage for AppState {
    fn refusal_page(&self, tr: Tr, refusal: Refusal, cause: String) -> Response {
        let error = match refusal {
            Refusal::TooLarge => AppError::too_large(),
            Refusal::BadForm => AppError::new(ErrorKind::BadRequest, "request.bad_form"),
            Refusal::BadAddress => AppError::new(ErrorKind::BadRequest, "request.bad_address"),
        };
        error_page(tr, &error.caused_by_text(cause))
    }
}
