//! Desa health (last sync per desa, ops waiting, devices; quiet desa highlighted) and
//! devices (enrollment codes, revoking).

use antar_shared::i18n::Tr;
use antar_shared::region::{self, VillageCode};
use antar_shared::time::{DAY, UnixTime};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Staff;
use crate::enrollment::{self, NewCode};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::devices::Device;
use crate::store::now;
use crate::store::users::{Role, User};
use crate::web::extract::{Form, Path, Query};

/// A desa row, ready to show.
#[derive(Debug)]
pub struct DesaRow {
    code: String,
    name: String,
    kecamatan: String,
    devices: i64,
    last_sync: Option<String>,
    ago: String,
    quiet: bool,
    ops_waiting: i64,
    in_transit: i64,
    at_desa: i64,
    hours: Option<String>,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/desa.html")]
struct HealthPage {
    tr: Tr,
    here: String,
    user: User,
    rows: Vec<DesaRow>,
    /// Desa in the scope and region, of which `rows` shows at most [`DESA_PAGE`].
    total: usize,
    /// The region asked for, dotted, or empty.
    wilayah: String,
    days: i64,
    quiet: usize,
    error: Option<String>,
    notice: Option<String>,
    form_desa: String,
    form_hours: String,
}

#[derive(Debug, Deserialize)]
pub struct HealthQuery {
    hari: Option<String>,
    /// Only this province, regency or kecamatan (a code).
    wilayah: Option<String>,
    /// Set after saving a desa office's hours: which desa.
    jam_disimpan: Option<String>,
}

/// The region typed into a page's filter (a province, regency or kecamatan code),
/// dotted; `None` when nothing was typed. One region at a time is how a page shows a
/// country: 83,000 desa do not fit on one.
fn region_typed(typed: Option<&str>) -> Result<Option<String>, AppError> {
    match typed.map(str::trim).filter(|w| !w.is_empty()) {
        Some(w) => Ok(Some(
            region::RegionCode::parse(w)
                .map_err(|e| AppError::from_localized(crate::error::ErrorKind::BadRequest, &e))?
                .to_string(),
        )),
        None => Ok(None),
    }
}

/// Whether a desa lies in the region (every desa when there is none).
fn in_region(within: Option<&str>, desa: VillageCode) -> bool {
    within.is_none_or(|w| {
        let code = desa.to_string();
        code == w || code.starts_with(&format!("{w}."))
    })
}

/// The most desa rows one page shows (a regency has about 190, a country 83,000).
const DESA_PAGE: usize = 500;

/// `GET /dasbor/desa?hari=N&wilayah=CODE`: quiet desa (no sync for N days, or never) first.
pub async fn health(
    State(state): State<AppState>,
    s: Staff,
    Query(q): Query<HealthQuery>,
) -> Response {
    match health_page(&state, &s, &q).await {
        Ok(page) => page.into_response(),
        Err(e) => s.error(&e),
    }
}

async fn health_page(state: &AppState, s: &Staff, q: &HealthQuery) -> Result<HealthPage, AppError> {
    let days = q
        .hari
        .as_deref()
        .and_then(|d| d.trim().parse::<i64>().ok())
        .filter(|d| (1..=365).contains(d))
        .unwrap_or(super::home::QUIET_DAYS);
    let within = region_typed(q.wilayah.as_deref())?;
    let in_region = |desa: VillageCode| in_region(within.as_deref(), desa);
    let hours: std::collections::HashMap<String, String> =
        state.store.all_office_hours().await?.into_iter().collect();
    let now = now();
    let cutoff = now - days * DAY;
    let is_quiet = |t: Option<i64>| t.is_none_or(|t| t < cutoff);
    let mut health: Vec<_> = state
        .store
        .desa_health()
        .await?
        .into_iter()
        .filter(|h| s.scope.covers(h.desa) && in_region(h.desa))
        .collect();
    // Quiet desa first: when the list is cut, they are the ones shown.
    health.sort_by(|a, b| {
        is_quiet(b.last_sync_at)
            .cmp(&is_quiet(a.last_sync_at))
            .then(a.desa.to_string().cmp(&b.desa.to_string()))
    });
    let total = health.len();
    let quiet = health.iter().filter(|h| is_quiet(h.last_sync_at)).count();
    health.truncate(DESA_PAGE);
    state.store.count_ops_waiting(&mut health).await?;
    let rows: Vec<DesaRow> = health
        .into_iter()
        .map(|h| DesaRow {
            code: h.desa.to_string(),
            name: region::lookup(h.desa)
                .map(|r| r.name.to_owned())
                .unwrap_or_default(),
            kecamatan: region::lookup(h.desa.district())
                .map(|r| r.name.to_owned())
                .unwrap_or_default(),
            devices: h.devices,
            last_sync: h.last_sync_at.map(|t| UnixTime(t).wita()),
            ago: h
                .last_sync_at
                .map(|t| s.tr.ago(now - t))
                .unwrap_or_else(|| s.tr.t("dash-never")),
            quiet: is_quiet(h.last_sync_at),
            ops_waiting: h.ops_waiting,
            in_transit: h.in_transit,
            at_desa: h.at_desa,
            hours: hours.get(&h.desa.to_string()).cloned(),
        })
        .collect();
    let notice = q
        .jam_disimpan
        .as_deref()
        .and_then(|d| VillageCode::parse(d).ok())
        .and_then(|d| {
            let name = region::lookup(d)?.name;
            let set = hours.get(&d.to_string())?;
            Some(s.tr.t2("dash-hours-saved", "desa", name, "hours", set))
        });
    Ok(HealthPage {
        tr: s.tr,
        here: s.here.clone(),
        user: s.user.clone(),
        rows,
        total,
        wilayah: within.unwrap_or_default(),
        days,
        quiet,
        error: None,
        notice,
        form_desa: String::new(),
        form_hours: String::new(),
    })
}

/// The opening-hours form.
#[derive(Debug, Deserialize)]
pub struct HoursForm {
    #[serde(default)]
    desa: String,
    #[serde(default)]
    jam: String,
}

/// `POST /dasbor/desa/jam`: a desa office's opening hours, shown to its residents.
pub async fn set_hours(
    State(state): State<AppState>,
    s: Staff,
    Form(f): Form<HoursForm>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let result = async {
        let desa = super::dispatches::desa_typed(&f.desa, "office.desa")?;
        let hours = crate::offices::set_hours(&state.store, &s.who(), desa, &f.jam).await?;
        Ok::<_, AppError>((desa, hours))
    }
    .await;
    let query = HealthQuery {
        hari: None,
        wilayah: None,
        jam_disimpan: None,
    };
    let mut page = match health_page(&state, &s, &query).await {
        Ok(p) => p,
        Err(e) => return s.error(&e),
    };
    page.here = "/dasbor/desa".into();
    match result {
        // After a post, a redirect: reloading the page does not post again.
        Ok((desa, _)) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/dasbor/desa?jam_disimpan={desa}"))],
        )
            .into_response(),
        Err(e) => {
            page.error = Some(e.message(s.tr.lang));
            page.form_desa = f.desa;
            page.form_hours = f.jam;
            (e.kind.status(), page).into_response()
        }
    }
}

/// A device row, ready to show.
#[derive(Debug)]
pub struct DeviceRow {
    d: Device,
    desa: String,
    enrolled: String,
    last_sync: String,
    skew_minutes: Option<i64>,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "dashboard/devices.html")]
struct DevicesPage {
    tr: Tr,
    here: String,
    user: User,
    devices: Vec<DeviceRow>,
    new_code: Option<NewCode>,
    expires: String,
    error: Option<String>,
    desa: String,
    /// Devices in the scope and region, of which `devices` shows at most [`DESA_PAGE`].
    total: usize,
    /// The region asked for, dotted, or empty.
    wilayah: String,
}

/// `?wilayah=CODE` on the devices page.
#[derive(Debug, Default, Deserialize)]
pub struct DevicesQuery {
    /// Only this province, regency or kecamatan (a code).
    wilayah: Option<String>,
}

async fn devices_page(
    state: &AppState,
    s: &Staff,
    q: &DevicesQuery,
) -> Result<DevicesPage, AppError> {
    let now = now();
    let within = region_typed(q.wilayah.as_deref())?;
    let mut devices: Vec<_> = state
        .store
        .list_devices(None)
        .await?
        .into_iter()
        .filter(|d| s.scope.covers(d.desa) && in_region(within.as_deref(), d.desa))
        .collect();
    let total = devices.len();
    devices.truncate(DESA_PAGE);
    let devices = devices
        .into_iter()
        .map(|d| DeviceRow {
            desa: region::lookup(d.desa)
                .map(|r| r.name.to_owned())
                .unwrap_or_default(),
            enrolled: UnixTime(d.enrolled_at).wita(),
            last_sync: d
                .last_sync_at
                .map(|t| s.tr.ago(now - t))
                .unwrap_or_else(|| s.tr.t("dash-never")),
            skew_minutes: match (d.last_device_time, d.last_sync_at) {
                (Some(dev), Some(srv)) => UnixTime(dev).skew_against(UnixTime(srv)).map(|k| k / 60),
                _ => None,
            },
            d,
        })
        .collect();
    Ok(DevicesPage {
        tr: s.tr,
        here: "/dasbor/perangkat".into(),
        user: s.user.clone(),
        devices,
        new_code: None,
        expires: String::new(),
        error: None,
        desa: String::new(),
        total,
        wilayah: within.unwrap_or_default(),
    })
}

/// `GET /dasbor/perangkat?wilayah=CODE`.
pub async fn devices(
    State(state): State<AppState>,
    s: Staff,
    Query(q): Query<DevicesQuery>,
) -> Response {
    match devices_page(&state, &s, &q).await {
        Ok(p) => p.into_response(),
        Err(e) => s.error(&e),
    }
}

/// The new-code form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    desa: String,
}

/// `POST /dasbor/perangkat/kode`: a one-time enrollment code, shown once.
pub async fn new_code(
    State(state): State<AppState>,
    s: Staff,
    Form(f): Form<CodeForm>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Operator) {
        return r;
    }
    let result = async {
        let desa: VillageCode = super::dispatches::desa_typed(&f.desa, "enroll.desa")?;
        enrollment::create_code(&state.store, &s.who(), desa).await
    }
    .await;
    let mut page = match devices_page(&state, &s, &DevicesQuery::default()).await {
        Ok(p) => p,
        Err(e) => return s.error(&e),
    };
    match result {
        Ok(code) => {
            page.expires = UnixTime(code.expires_at).wita();
            page.new_code = Some(code);
            page.into_response()
        }
        Err(e) => {
            page.error = Some(e.message(s.tr.lang));
            page.desa = f.desa;
            (e.kind.status(), page).into_response()
        }
    }
}

/// `POST /dasbor/perangkat/{id}/cabut`: the device's token stops working at once.
pub async fn revoke(State(state): State<AppState>, s: Staff, Path(id): Path<String>) -> Response {
    if let Some(r) = s.refuse_unless(Role::Admin) {
        return r;
    }
    let not_found = || AppError::not_found("device.not_found").arg("id", &id);
    let Ok(id) = id.trim().parse::<i64>() else {
        return s.error(&not_found());
    };
    match enrollment::revoke_device(&state.store, &s.who(), id).await {
        Ok(_) => (StatusCode::SEE_OTHER, [(LOCATION, "/dasbor/perangkat")]).into_response(),
        Err(e) => s.error(&e),
    }
}

/// The rename form.
#[derive(Debug, Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    nama: String,
}

/// `POST /dasbor/perangkat/{id}/nama` (admins): the name histories show.
pub async fn rename(
    State(state): State<AppState>,
    s: Staff,
    Path(id): Path<String>,
    Form(f): Form<RenameForm>,
) -> Response {
    if let Some(r) = s.refuse_unless(Role::Admin) {
        return r;
    }
    let Ok(id) = id.trim().parse::<i64>() else {
        return s.error(&AppError::not_found("device.not_found").arg("id", &id));
    };
    match crate::enrollment::rename_device(&state.store, &s.who(), id, &f.nama).await {
        Ok(_) => (StatusCode::SEE_OTHER, [(LOCATION, "/dasbor/perangkat")]).into_response(),
        Err(e) => s.error(&e),
    }
}
