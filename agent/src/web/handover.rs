//! Handing a document to a resident: `/serahkan` finds it (scan, code, holder's name),
//! `/kiriman/{CODE}/serahkan` records it — recipient, relation, ID shown, the holder's
//! NIK checked against the document's check value (never stored), the clerk, and a
//! signature drawn on screen when the browser runs the small script.

use antar_shared::doc::{
    Action, ActorId, DispatchState, HandoverEntry, IdDocument, Relation, Status, rules,
};
use antar_shared::i18n::Tr;
use antar_shared::time::UnixTime;
use antar_shared::web::{HandoverFields, PageLang};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::{Form, Path, Query};
use super::list::matches_search;
use super::login::Desk;
use super::signature::{SignatureError, decode_data_url};
use super::view::{Row, parse_scanned};
use super::{Ui, dispatch_in, here, refused, see_other, unknown};
use crate::clerk;
use crate::now;

/// The cookie that remembers the last clerk's name on this PC, to prefill the form.
const CLERK_COOKIE: &str = "antar_petugas";

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/find.html")]
struct FindPage {
    tr: Tr,
    here: String,
    q: String,
    notice: Option<String>,
    notice_code: String,
    error: Option<String>,
    heading: String,
    rows: Vec<Row>,
}

/// The search and the notice after a handover.
#[derive(Debug, Deserialize)]
pub struct FindQuery {
    q: Option<String>,
    ok: Option<String>,
    /// `0` when the handover was saved without a NIK check.
    nik: Option<String>,
}

/// `GET /serahkan`: the documents waiting for pickup, or those matching a search; a
/// scanned or typed code that is here goes straight to its form.
pub async fn find(
    State(ui): State<Ui>,
    lang: PageLang,
    uri: Uri,
    Query(query): Query<FindQuery>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let now = UnixTime(now());
    let policy = &ui.options.policy;
    let q: String = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(200)
        .collect();
    let mut error = None;
    let mut status = StatusCode::OK;
    if let Ok(code) = parse_scanned(&q) {
        match clerk::find(&doc, code) {
            Ok(_) => return Ok(see_other(&format!("/kiriman/{code}/serahkan"))),
            Err(e) => {
                error = Some(super::receive::with_refused_code(tr, tr.error(&e), &q));
                status = StatusCode::NOT_FOUND;
            }
        }
    }
    let mut rows: Vec<Row> = doc
        .dispatches()
        .filter(|d| {
            if q.is_empty() {
                d.status(now, policy).0 == Status::AtDesa
            } else {
                matches_search(d, &q)
            }
        })
        .map(|d| Row::new(tr, d, now, policy))
        .collect();
    rows.sort_by_key(|r| r.holder.to_lowercase());
    rows.truncate(300);
    let heading = if q.is_empty() {
        tr.t("clerk-find-waiting")
    } else {
        tr.n(
            "clerk-find-results",
            i64::try_from(rows.len()).unwrap_or(i64::MAX),
        )
    };
    let notice_code: String = query.ok.unwrap_or_default().chars().take(20).collect();
    let page = FindPage {
        tr,
        here: here(&uri),
        // After a refused scan the box is empty for the next one.
        q: if error.is_some() {
            String::new()
        } else {
            q.chars().take(80).collect()
        },
        notice: (!notice_code.is_empty()).then(|| {
            let mut notice = tr.t1("clerk-handed-over", "code", notice_code.as_str());
            if query.nik.as_deref() == Some("0") {
                notice.push_str(&format!(" ({})", tr.t("ev-nik-not-checked")));
            }
            notice
        }),
        notice_code,
        error,
        heading,
        rows,
    };
    Ok((status, page).into_response())
}

/// One option of a select.
#[derive(Debug)]
struct Opt {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/handover.html")]
struct HandoverPage {
    tr: Tr,
    here: String,
    row: Row,
    error: Option<String>,
    /// Why the form is not offered (not at the desa), when it is not.
    blocked: Option<String>,
    recipient: String,
    clerk: String,
    /// The clerk is the one logged in: shown, not typed.
    signed_in: bool,
    relations: Vec<Opt>,
    ids: Vec<Opt>,
}

/// What the form holds when shown (again): never the NIK.
#[derive(Debug, Default)]
struct Kept {
    recipient: String,
    relation: &'static str,
    id_shown: &'static str,
    clerk: String,
}

/// Why the custody rules do not let this device hand it over now, in the reader's words.
fn blocked_reason(tr: Tr, me: ActorId, state: &DispatchState) -> Option<String> {
    rules::permits(me, state, Action::Handover)
        .err()
        .map(|e| tr.error(&e))
}

async fn render(
    ui: &Ui,
    tr: Tr,
    typed: &str,
    status: StatusCode,
    again: Option<(String, Kept)>,
    remembered_clerk: String,
    desk: &Desk,
) -> Result<Response, Response> {
    let (error, kept) = again.unzip();
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let (code, state) = dispatch_in(&doc, typed).map_err(|e| unknown(tr, &e))?;
    let row = Row::new(tr, state, UnixTime(now()), &ui.options.policy);
    let kept = kept.unwrap_or_else(|| Kept {
        recipient: row.holder.clone(),
        relation: "holder",
        id_shown: "ktp-el",
        clerk: remembered_clerk,
    });
    let page = HandoverPage {
        tr,
        here: format!("/kiriman/{code}/serahkan"),
        blocked: blocked_reason(tr, me.actor, state),
        row,
        error,
        recipient: kept.recipient,
        clerk: kept.clerk,
        signed_in: desk.0.is_some(),
        relations: Relation::ALL
            .into_iter()
            .map(|r| Opt {
                value: r.code(),
                label: tr.relation(r),
                selected: r.code() == kept.relation,
            })
            .collect(),
        ids: IdDocument::ALL
            .into_iter()
            .map(|d| Opt {
                value: d.code(),
                label: tr.id_document(d),
                selected: d.code() == kept.id_shown,
            })
            .collect(),
    };
    Ok((status, page).into_response())
}

/// `GET /kiriman/{CODE}/serahkan`.
pub async fn form(
    State(ui): State<Ui>,
    lang: PageLang,
    headers: HeaderMap,
    desk: Desk,
    Path(typed): Path<String>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    // Logged in (LAN mode): the clerk is who logged in, not a name to type.
    let clerk = match desk.name() {
        Some(name) => name.to_owned(),
        None => remembered_clerk(&headers),
    };
    render(&ui, tr, &typed, StatusCode::OK, None, clerk, &desk).await
}

/// `POST /kiriman/{CODE}/serahkan`: checks and stores the handover (with the signature
/// in the same transaction), remembers the clerk's name, and goes back to the search
/// for the next resident.
pub async fn save(
    State(ui): State<Ui>,
    lang: PageLang,
    desk: Desk,
    Path(typed): Path<String>,
    Form(mut fields): Form<HandoverFields>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    // Logged in (LAN mode): the handover names the clerk who logged in, whatever the
    // form says.
    if let Some(name) = desk.name() {
        fields.petugas = name.to_owned();
    }
    let kept = Kept {
        recipient: fields.penerima.chars().take(200).collect(),
        relation: fields.relation().unwrap_or(Relation::Holder).code(),
        id_shown: fields.id_shown().unwrap_or(IdDocument::KtpEl).code(),
        clerk: fields.petugas.chars().take(200).collect(),
    };
    let again = |status, message: String, kept: Kept| {
        let ui = ui.clone();
        let typed = typed.clone();
        let desk = desk.clone();
        async move {
            render(
                &ui,
                tr,
                &typed,
                status,
                Some((message, kept)),
                String::new(),
                &desk,
            )
            .await
        }
    };
    // The clerk's page offers neither "terima dan serahkan" nor corrections here.
    let entry = fields.entry().map(|entry| HandoverEntry {
        receive_first: false,
        correction: None,
        ..entry
    });
    let Some(form) = entry else {
        return again(StatusCode::BAD_REQUEST, tr.t("clerk-handover-choose"), kept).await;
    };
    let evidence = match decode_data_url(fields.signature.as_deref().unwrap_or_default()) {
        Ok(blob) => blob,
        Err(e) => {
            let message = match e {
                SignatureError::TooLarge => tr.t("clerk-signature-too-large"),
                SignatureError::Malformed | SignatureError::NotPng => {
                    tr.t("clerk-signature-invalid")
                }
            };
            return again(StatusCode::UNPROCESSABLE_ENTITY, message, kept).await;
        }
    };
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let (code, state) = dispatch_in(&doc, &typed).map_err(|e| unknown(tr, &e))?;
    if let Some(reason) = blocked_reason(tr, me.actor, state) {
        return again(StatusCode::CONFLICT, reason, kept).await;
    }
    let matched = match clerk::handover(
        &ui.replica,
        &me,
        desk.name(),
        code,
        &form,
        evidence.as_ref(),
    )
    .await
    {
        Ok((_, matched)) => matched,
        Err(e) => {
            let (status, message) = refused(tr, &e);
            return again(status, message, kept).await;
        }
    };
    // Saying so when no NIK was checked keeps the clerk aware of what was verified.
    let checked = if matched == clerk::NikMatch::Matches {
        ""
    } else {
        "&nik=0"
    };
    let mut response = see_other(&format!("/serahkan?ok={code}{checked}"));
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{CLERK_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly",
        percent_encode(form.clerk.trim())
    )) {
        response.headers_mut().insert(SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The clerk's name from the cookie, if this browser saved one.
fn remembered_clerk(headers: &HeaderMap) -> String {
    antar_shared::web::cookie(headers, CLERK_COOKIE)
        .and_then(percent_decode)
        .map(|name| name.chars().take(100).collect())
        .unwrap_or_default()
}

/// Cookie values may not hold spaces, commas or semicolons: keep letters and digits,
/// escape everything else as UTF-8 `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerk_names_survive_the_cookie() {
        for name in ["Nurul Hamzah", "Ña'im; S.Pd., M.M.", ""] {
            assert_eq!(percent_decode(&percent_encode(name)).as_deref(), Some(name));
        }
        assert_eq!(percent_decode("%zz"), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("antar_lang=en; antar_petugas=Nurul%20Hamzah"),
        );
        assert_eq!(remembered_clerk(&headers), "Nurul Hamzah");
    }
}
