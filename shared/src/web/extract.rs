//! axum's `Form`, `Query` and `Path` for the pages of both sites: a request they cannot
//! read (a body over the limit, a field sent twice, no form content type, an address
//! that is not UTF-8) gets the site's own error page in the reader's language instead of
//! axum's English plain text ("Failed to deserialize form body"). Each site says how it
//! answers by implementing [`RefusalPage`] for its router state.

use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;

use super::PageLang;
use crate::i18n::Tr;

/// What could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A body over the route's limit (413).
    TooLarge,
    /// A form this page did not send (400: reload the page).
    BadForm,
    /// A query string or path that cannot be read (400).
    BadAddress,
}

impl Refusal {
    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::BadForm | Refusal::BadAddress => StatusCode::BAD_REQUEST,
        }
    }
}

/// How a site answers a request its pages cannot read: a page in the reader's
/// language. `cause` is axum's own text, for the log only.
pub trait RefusalPage {
    /// The page for `refusal`.
    fn refusal_page(&self, tr: Tr, refusal: Refusal, cause: String) -> Response;
}

/// A form body (`application/x-www-form-urlencoded`); see the module.
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

/// A query string; see the module.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

/// The parameters of a path; see the module.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    axum::Form<T>: FromRequest<S, Rejection = FormRejection>,
    S: RefusalPage + Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let tr = PageLang::from_headers(req.headers()).tr();
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(rejection) => {
                let refusal = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    Refusal::TooLarge
                } else {
                    Refusal::BadForm
                };
                Err(state.refusal_page(tr, refusal, rejection.body_text()))
            }
        }
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    axum::extract::Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    S: RefusalPage + Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(address_refused(parts, state, rejection.body_text())),
        }
    }
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    axum::extract::Path<T>: FromRequestParts<S, Rejection = PathRejection>,
    S: RefusalPage + Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(address_refused(parts, state, rejection.body_text())),
        }
    }
}

fn address_refused(parts: &Parts, state: &impl RefusalPage, cause: String) -> Response {
    let tr = PageLang::from_headers(&parts.headers).tr();
    state.refusal_page(tr, Refusal::BadAddress, cause)
}
