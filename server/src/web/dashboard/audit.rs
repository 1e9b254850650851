//! `GET /dasbor/audit`: the audit log for admins, filtered by who, what, which desa and
//! which days (WITA), newest first; the chain's state is said at the top.

use antar_shared::i18n::Tr;
use antar_shared::region::VillageCode;
use antar_shared::time::UnixTime;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Staff, non_empty};
use crate::commands::audit::wita_day;
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;
use crate::store::audit::{AuditFilter, AuditRow};
use crate::store::users::{Role, User};
use crate::web::extract::Query;

/// Entries shown on one page.
const SHOWN: i64 = 200;

/// The filter form, as the address carries it.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    oleh: Option<String>,
    tindakan: Option<String>,
    desa: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
}

/// One entry as a table row.
#[derive(Debug)]
struct Line {
    time: String,
    who: String,
    address: String,
    /// What the action is called in the reader's language.
    label: String,
    action: String,
    target: String,
    desa: String,
    detail: String,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/audit.html")]
struct AuditPage {
    tr: Tr,
    here: String,
    user: User,
    f: AuditQuery,
    lines: Vec<Line>,
    /// `Ok(n)`: n entries, intact; `Err(text)`: where it breaks.
    chain: Result<i64, String>,
    error: Option<String>,
}

impl AuditQuery {
    fn to_store(&self) -> Result<AuditFilter, AppError> {
        let desa = non_empty(&self.desa)
            .map(|d| {
                VillageCode::parse(d)
                    .map(|c| c.to_string())
                    .map_err(|e| AppError::from_localized(ErrorKind::BadRequest, &e))
            })
            .transpose()?;
        Ok(AuditFilter {
            who: non_empty(&self.oleh).map(str::to_owned),
            action: non_empty(&self.tindakan).map(str::to_owned),
            desa,
            since: non_empty(&self.dari)
                .map(|d| wita_day(d, false))
                .transpose()?,
            until: non_empty(&self.sampai)
                .map(|d| wita_day(d, true))
                .transpose()?,
            within: None,
            limit: SHOWN,
        })
    }
}

fn line(tr: Tr, row: AuditRow) -> Line {
    Line {
        time: UnixTime(row.at).wita(),
        who: row.who_name,
        address: row.address.unwrap_or_default(),
        label: tr.t(&format!("audit-action-{}", row.action)),
        action: row.action,
        target: row.target,
        desa: row.desa_code.unwrap_or_default(),
        detail: row.detail,
    }
}

/// `GET /dasbor/audit` (admins).
pub async fn page(
    State(state): State<AppState>,
    s: Staff,
    Query(f): Query<AuditQuery>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Admin) {
        return r;
    }
    let chain = match state.store.audit_chain().await {
        Ok((rows, seq, hash)) => {
            crate::audit::verify(&rows, seq, &hash).map_err(|fault| s.tr.error(&fault))
        }
        Err(e) => return s.error(&e.into()),
    };
    let mut page = AuditPage {
        tr: s.tr,
        here: s.here.clone(),
        user: s.user.clone(),
        f,
        lines: Vec::new(),
        chain,
        error: None,
    };
    let filter = match page.f.to_store() {
        // A kecamatan admin sees what concerns that kecamatan's desa only.
        Ok(filter) => AuditFilter {
            within: s.scope.joined(),
            ..filter
        },
        Err(e) => {
            page.error = Some(e.message(s.tr.lang));
            return (StatusCode::BAD_REQUEST, page).into_response();
        }
    };
    match state.store.audit_entries(&filter).await {
        Ok(rows) => page.lines = rows.into_iter().map(|r| line(s.tr, r)).collect(),
        Err(e) => return s.error(&e.into()),
    }
    page.into_response()
}
