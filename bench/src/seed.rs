//! Desa documents of a chosen size and enrolled devices, written straight into the
//! store before the server starts (through the store's own writer, so the tables are
//! exactly what syncs would have made), with a stand-in NIK check: Argon2id for a
//! million records would measure the set-up, not the server.

use antar_server::audit::Who;
use antar_server::enrollment::{self, EnrollRequest};
use antar_server::store::dispatches::NewDispatch;
use antar_server::store::{Store, now};
use antar_shared::doc::{
    ActorId, Clock, Condition, DispatchId, Handover, IdDocument, ManifestId, OpBody, Relation,
};
use antar_shared::nik::{NikCheck, NikCheckCost, NikTag};
use antar_shared::region::VillageCode;
use antar_shared::sample::{Sampler, printed_number};
use antar_shared::text::PersonName;
use antar_shared::tracking::TrackingCode;

use crate::report::{Context, Failure};

/// An enrolled device: its token, actor and desa.
#[derive(Clone, Debug)]
pub struct Device {
    /// Bearer token.
    pub token: String,
    /// The actor it writes as.
    pub actor: ActorId,
    /// Its desa.
    pub desa: VillageCode,
}

/// Desa documents of about `ops` ops each: dispatches issued, shipped 50 to a manifest,
/// received, and two in three handed over (about 2.7 ops a dispatch, as a desa's real
/// history has). Returns the ops written in all.
pub async fn documents(
    store: &Store,
    desa: &[VillageCode],
    ops: usize,
    progress: impl Fn(usize),
) -> Result<usize, Failure> {
    let mut history = History::new();
    let mut written = 0;
    let dispatches = ((ops as f64) / 2.69).ceil().max(1.0) as usize;
    for (i, d) in desa.iter().enumerate() {
        written += history.write(store, *d, dispatches, true).await?.1;
        progress(i + 1);
    }
    Ok(written)
}

/// Writes histories with one sampler and one manifest numbering.
#[derive(Debug)]
pub struct History {
    sampler: Sampler,
    manifests: u32,
}

impl History {
    /// A fresh writer (the same seed every run).
    pub fn new() -> History {
        History {
            sampler: Sampler::new(2026),
            manifests: 900_000,
        }
    }

    /// Issues `n` dispatches to `desa` and ships them (50 a manifest); when `settled`,
    /// receives them all and hands two in three over. Returns their tracking codes and
    /// the ops written.
    pub async fn write(
        &mut self,
        store: &Store,
        desa: VillageCode,
        n: usize,
        settled: bool,
    ) -> Result<(Vec<TrackingCode>, usize), Failure> {
        let check = NikCheck {
            cost: NikCheckCost::Standard,
            tag: NikTag::try_from(7).context("stand-in tag")?,
        };
        let clerk = PersonName::parse("Nurul Hamzah").context("clerk name")?;
        let courier = PersonName::parse("Kurir Dukcapil").context("courier name")?;
        let items: Vec<NewDispatch> = (0..n)
            .map(|_| {
                let (issue, nik) = self.sampler.issue(desa, false);
                NewDispatch {
                    kind: issue.kind,
                    number: printed_number(&issue, &nik),
                    holder: issue.holder,
                    nik,
                    desa,
                    phone: None,
                }
            })
            .collect();
        store
            .insert_dispatches(&items, now())
            .await
            .context("cannot insert dispatches")?;
        let pending = store
            .pending_issues(Some(desa), i64::MAX)
            .await
            .context("cannot read pending records")?;
        let mut writer = store
            .write_document(desa, now())
            .await
            .context("cannot open the document")?;
        let mut ops = 0;
        let mut ids = Vec::new();
        for p in &pending {
            let issue = antar_shared::doc::Issue {
                tracking: p.tracking,
                kind: p.kind,
                number: p.kind.replicated_number(&p.number),
                holder: p.holder.clone(),
                nik_check: check,
                reissue: None,
            };
            writer
                .author(now(), OpBody::Issue(issue))
                .await
                .map_err(|e| format!("cannot issue: {e}"))?;
            ids.push(DispatchId(p.tracking));
            ops += 1;
        }
        for chunk in ids.chunks(50) {
            self.manifests += 1;
            let ship = OpBody::Dispatch {
                manifest: ManifestId(self.manifests),
                courier: courier.clone(),
                items: chunk.to_vec(),
            };
            writer
                .author(now(), ship)
                .await
                .map_err(|e| format!("cannot ship: {e}"))?;
            ops += 1;
        }
        for (k, id) in ids.iter().enumerate().filter(|_| settled) {
            let receive = OpBody::Receive {
                dispatch: *id,
                condition: Condition::Ok,
                found: false,
                correction: None,
                seen: Clock::new(),
            };
            writer
                .author_as(now(), receive, "Perangkat desa")
                .await
                .map_err(|e| format!("cannot receive: {e}"))?;
            ops += 1;
            if k % 3 != 2 {
                let handover = OpBody::Handover {
                    dispatch: *id,
                    handover: Handover {
                        recipient: self.sampler.person(),
                        relation: Relation::Holder,
                        id_shown: IdDocument::KtpEl,
                        nik_verified: true,
                        evidence: None,
                        clerk: clerk.clone(),
                    },
                    correction: None,
                    seen: Clock::new(),
                };
                writer
                    .author_as(now(), handover, "Perangkat desa")
                    .await
                    .map_err(|e| format!("cannot hand over: {e}"))?;
                ops += 1;
            }
        }
        writer.commit().await.context("cannot commit")?;
        Ok((ids.into_iter().map(|id| id.0).collect(), ops))
    }
}

/// Enrolls `n` devices over `desa`, in turn.
pub async fn devices(
    store: &Store,
    desa: &[VillageCode],
    n: usize,
) -> Result<Vec<Device>, Failure> {
    let mut devices = Vec::with_capacity(n);
    for i in 0..n {
        let d = desa[i % desa.len()];
        let code = enrollment::create_code(store, &Who::command(), d)
            .await
            .map_err(|e| format!("cannot make an enrollment code: {e}"))?;
        let request = EnrollRequest {
            code: code.code,
            device_name: format!("Perangkat {i}"),
            device_token: None,
            previous_token: None,
            actor: None,
            certificate: None,
            earlier_tokens: Vec::new(),
            receipt_key: None,
        };
        let (enrolled, _) = enrollment::enroll(store, &request)
            .await
            .map_err(|e| format!("cannot enroll: {e}"))?;
        devices.push(Device {
            token: enrolled.device_token,
            actor: ActorId(enrolled.actor),
            desa: d,
        });
    }
    Ok(devices)
}

/// An administrator's login token, the account made in the store as `user add` would
/// (once: a second call logs the same account in again).
pub async fn admin_token(store: &Store, name: &str) -> Result<String, Failure> {
    use antar_server::store::users::Role;
    let password = format!("{name}-password");
    if store
        .user_by_name(name)
        .await
        .context("cannot read accounts")?
        .is_none()
    {
        antar_server::users::add(store, &Who::command(), name, Role::Admin, &password)
            .await
            .map_err(|e| format!("cannot add the bench account: {e}"))?;
    }
    let (token, _, _) = antar_server::users::login(store, name, &password, None)
        .await
        .map_err(|e| format!("cannot log in: {e}"))?;
    Ok(token)
}
