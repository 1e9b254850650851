//! `/`: the sync banner ("Terakhir sinkron 2 jam lalu · 5 perubahan menunggu") and the
//! counts a clerk starts the day with, each linking to its list; `POST /sinkron`: sync
//! now.

use antar_shared::doc::{Condition, DesaDoc, Policy, Status};
use antar_shared::i18n::Tr;
use antar_shared::region;
use antar_shared::time::{DAY, UnixTime};
use antar_shared::web::PageLang;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::Query;
use super::list::Filter;
use super::login::Desk;
use super::{Ui, here, internal, see_other};
use crate::replica::Enrollment;
use crate::{now, sync};

/// The banner's state.
#[derive(Debug)]
struct Banner {
    /// "Terakhir sinkron 2 jam lalu" or "Belum pernah sinkron".
    synced: String,
    /// "5 perubahan menunggu".
    waiting: String,
    /// "2 tanda tangan menunggu", when some do.
    blobs: Option<String>,
    /// The last failure, when the last attempt failed.
    error: Option<String>,
    /// A clock-skew warning.
    skew: Option<String>,
    /// `ok`, `warn` or `bad`: the banner's colour.
    level: &'static str,
}

/// One count card.
#[derive(Debug)]
struct Card {
    href: String,
    count: usize,
    label: String,
    hint: String,
    id: &'static str,
}

#[derive(Template, WebTemplate, Debug)]
#[template(path = "clerk/home.html")]
struct HomePage {
    tr: Tr,
    here: String,
    desa: String,
    device: String,
    banner: Banner,
    cards: Vec<Card>,
    notice: Option<String>,
    /// The clerk logged in (LAN mode); none on the office PC's own screen, which says so.
    desk: Option<crate::accounts::SignedIn>,
}

/// Notices after an action that redirected here.
#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    sinkron: Option<String>,
    daftar: Option<String>,
}

/// How many dispatches fall in each card.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    expected: usize,
    arrived_week: usize,
    waiting: usize,
    waiting_long: usize,
    conflicts: usize,
    missing: usize,
}

fn count(doc: &DesaDoc, now: UnixTime, policy: &Policy) -> Counts {
    let mut c = Counts::default();
    let week_ago = UnixTime(now.0.saturating_sub(7 * DAY));
    for d in doc.dispatches() {
        let (status, flags) = d.status(now, policy);
        c.expected += usize::from(status == Status::InTransit);
        c.waiting += usize::from(status == Status::AtDesa);
        c.waiting_long += usize::from(status == Status::AtDesa && flags.aging);
        c.conflicts += usize::from(flags.conflict);
        c.missing += usize::from(flags.missing);
        c.arrived_week += usize::from(
            d.arrivals()
                .iter()
                .any(|a| a.value != Condition::Missing && a.at >= week_ago),
        );
    }
    c
}

fn cards(tr: Tr, c: &Counts) -> Vec<Card> {
    let card = |filter: Filter, id, count, label, hint| Card {
        href: format!("/kiriman?status={}", filter.code()),
        count,
        label,
        hint,
        id,
    };
    vec![
        card(
            Filter::Status(Status::InTransit),
            "expected",
            c.expected,
            tr.t("clerk-card-expected"),
            tr.t("clerk-card-expected-hint"),
        ),
        card(
            Filter::Recent,
            "arrived",
            c.arrived_week,
            tr.t("clerk-card-arrived"),
            tr.t("clerk-card-arrived-hint"),
        ),
        card(
            Filter::Status(Status::AtDesa),
            "waiting",
            c.waiting,
            tr.t("clerk-card-waiting"),
            tr.n(
                "clerk-card-waiting-hint",
                i64::try_from(c.waiting_long).unwrap_or(i64::MAX),
            ),
        ),
        card(
            Filter::Conflict,
            "conflicts",
            c.conflicts,
            tr.t("clerk-card-conflicts"),
            tr.t("clerk-card-conflicts-hint"),
        ),
        card(
            Filter::Missing,
            "missing",
            c.missing,
            tr.t("clerk-card-missing"),
            tr.t("clerk-card-missing-hint"),
        ),
    ]
}

async fn banner(ui: &Ui, tr: Tr, me: &Enrollment, doc: &DesaDoc) -> Result<Banner, Response> {
    let fail = |e: crate::replica::ReplicaError| internal(tr, &e);
    let server_have = ui.replica.server_have().await.map_err(fail)?;
    let waiting = sync::waiting(doc, me, &server_have).count();
    let blobs = ui.replica.pending_blob_count().await.map_err(fail)?;
    let last = ui.replica.last_sync().await.map_err(fail)?;
    let error = ui.replica.last_error().await.map_err(fail)?;
    let now = now();
    let synced = match last {
        Some((at, _)) => tr.t1("clerk-synced-ago", "ago", tr.ago(now.saturating_sub(at))),
        None => tr.t("clerk-never-synced"),
    };
    let skew = last
        .and_then(|(at, server)| UnixTime(at).skew_against(UnixTime(server)))
        .map(|s| {
            let minutes = s.abs() / 60;
            if s > 0 {
                tr.t1("clerk-skew-ahead", "minutes", minutes)
            } else {
                tr.t1("clerk-skew-behind", "minutes", minutes)
            }
        });
    // Stale: nothing reached the server for a day while changes wait.
    let stale = waiting > 0 && last.is_none_or(|(at, _)| now.saturating_sub(at) > DAY);
    let level = if error.is_some() {
        "bad"
    } else if stale || skew.is_some() {
        "warn"
    } else {
        "ok"
    };
    Ok(Banner {
        synced,
        waiting: tr.n(
            "clerk-changes-waiting",
            i64::try_from(waiting).unwrap_or(i64::MAX),
        ),
        blobs: (blobs > 0).then(|| tr.n("clerk-signatures-waiting", blobs)),
        error: error.map(|e| tr.t1("clerk-last-error", "error", e.text(tr))),
        skew,
        level,
    })
}

/// `GET /`.
pub async fn page(
    State(ui): State<Ui>,
    lang: PageLang,
    uri: Uri,
    desk: Desk,
    Query(query): Query<HomeQuery>,
) -> Result<Response, Response> {
    let tr = lang.tr();
    let me = ui.me(tr).await?;
    let doc = ui.doc(tr, &me).await?;
    let banner = banner(&ui, tr, &me, &doc).await?;
    let counts = count(&doc, UnixTime(now()), &ui.options.policy);
    let desa_name = region::lookup(me.desa)
        .map(|r| r.name.to_owned())
        .unwrap_or_default();
    let notice = match (query.sinkron.as_deref(), query.daftar.as_deref()) {
        (Some("ok"), _) => Some(tr.t("clerk-sync-done")),
        (Some("gagal"), _) => Some(tr.t("clerk-sync-failed")),
        (Some(_), _) => Some(tr.t("clerk-sync-running")),
        (None, Some(_)) => Some(tr.t("clerk-enrolled")),
        (None, None) => None,
    };
    Ok(HomePage {
        tr,
        here: here(&uri),
        desa: tr.t2("clerk-desa-name", "name", desa_name, "code", me.desa),
        device: tr.t2("clerk-device-name", "name", &me.name, "n", me.actor.0),
        banner,
        cards: cards(tr, &counts),
        notice,
        desk: desk.0,
    }
    .into_response())
}

/// `POST /sinkron`: wakes the sync loop and waits (a little) for its answer, so the
/// clerk sees whether it worked; a slow link keeps syncing in the background.
pub async fn sync_now(State(ui): State<Ui>, lang: PageLang) -> Result<Response, Response> {
    let tr = lang.tr();
    ui.me(tr).await?;
    let mut rounds = ui.control.rounds();
    let before = rounds.borrow_and_update().count;
    ui.control.request();
    let finished =
        tokio::time::timeout(ui.options.sync_wait, rounds.wait_for(|r| r.count > before)).await;
    let outcome = match finished {
        Ok(Ok(round)) if round.ok => "ok",
        Ok(Ok(_)) => "gagal",
        _ => "berjalan",
    };
    Ok(see_other(&format!("/?sinkron={outcome}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use antar_shared::doc::{ActorId, ManifestId, OpBody};
    use antar_shared::sample::{Sampler, bima_desa};
    use antar_shared::text::PersonName;

    #[test]
    fn counts_follow_the_status_rules() {
        let desa = bima_desa()[0];
        let mut doc = DesaDoc::new(desa);
        let mut sampler = Sampler::new(3);
        let t0 = UnixTime(1_700_000_000);
        let mut ids = Vec::new();
        for _ in 0..3 {
            let (issue, _) = sampler.issue(desa, false);
            ids.push(antar_shared::doc::DispatchId(issue.tracking));
            let op = doc
                .author(ActorId::SERVER, t0, OpBody::Issue(issue))
                .unwrap();
            doc.apply(op).unwrap();
        }
        let op = doc
            .author(
                ActorId::SERVER,
                t0,
                OpBody::Dispatch {
                    manifest: ManifestId(1),
                    courier: PersonName::parse("Arifin Usman").unwrap(),
                    items: ids[..2].to_vec(),
                },
            )
            .unwrap();
        doc.apply(op).unwrap();
        let op = doc
            .author(
                ActorId(1),
                UnixTime(t0.0 + DAY),
                OpBody::Receive {
                    dispatch: ids[0],
                    condition: Condition::Ok,
                    found: false,
                    correction: None,
                    seen: Default::default(),
                },
            )
            .unwrap();
        doc.apply(op).unwrap();
        let c = count(&doc, UnixTime(t0.0 + 2 * DAY), &Policy::default());
        assert_eq!(
            c,
            Counts {
                expected: 1,
                arrived_week: 1,
                waiting: 1,
                waiting_long: 0,
                conflicts: 0,
                missing: 0,
            }
        );
        // Forty days on: the received one is waiting long, the other is missing.
        let c = count(&doc, UnixTime(t0.0 + 40 * DAY), &Policy::default());
        assert_eq!((c.waiting_long, c.missing, c.arrived_week), (1, 1, 0));
    }
}
