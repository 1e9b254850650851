//! A desa office PC in Naru (Kabupaten Bima) enrolled with a stand-in Dukcapil server
//! that issued four dispatches and sent them on one manifest.

use std::path::Path;
use std::sync::Mutex;

use antar_agent::Cli;
use antar_agent::clerk::{self, Arrival};
use antar_agent::commands::{self, Failure};
use antar_agent::replica::{Enrollment, Replica};
use antar_agent::sync::sync_once;
use antar_agent::transport::{Transport, TransportError};
use antar_shared::Lang;
use antar_shared::doc::{ActorId, DesaDoc, DispatchId, ManifestId, Op, OpBody, OpId};
use antar_shared::i18n::Tr;
use antar_shared::lang::Localized;
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use antar_shared::sync::{
    Chain, Format, PROTOCOL_VERSION, PublicKey, Seal, ServerKey, SyncResponse,
};
use antar_shared::text::PersonName;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;
use clap::Parser;
use crdts::CmRDT;
use sqlx::Connection;

pub fn naru() -> VillageCode {
    VillageCode::parse("52.06.03.2012").unwrap()
}

/// This office's device.
pub const DEVICE: ActorId = ActorId(3);

/// The server side of sync, as the real one answers it: it stores what the device
/// sends, answers with every op the device's vector lacks (the device's own included)
/// and seals each actor's run.
pub struct Dukcapil {
    key: ServerKey,
    doc: Mutex<DesaDoc>,
    /// Sync requests answered.
    pub syncs: Mutex<usize>,
}

impl Dukcapil {
    fn new() -> (Dukcapil, Vec<TrackingCode>) {
        let key = ServerKey::from_pkcs8(&ServerKey::generate().unwrap()).unwrap();
        let mut doc = DesaDoc::new(naru());
        let mut sampler = Sampler::new(52);
        let t0 = UnixTime(antar_agent::now() - 2 * 86_400);
        let mut codes = Vec::new();
        for _ in 0..4 {
            let (issue, _) = sampler.issue(naru(), false);
            codes.push(issue.tracking);
            let op = doc
                .author(ActorId::SERVER, t0, OpBody::Issue(issue))
                .unwrap();
            doc.apply(op).unwrap();
        }
        let op = doc
            .author(
                ActorId::SERVER,
                UnixTime(t0.0 + 3600),
                OpBody::Dispatch {
                    manifest: ManifestId(21),
                    courier: PersonName::parse("Arifin Usman").unwrap(),
                    items: codes.iter().map(|c| DispatchId(*c)).collect(),
                },
            )
            .unwrap();
        doc.apply(op).unwrap();
        let server = Dukcapil {
            key,
            doc: Mutex::new(doc),
            syncs: Mutex::new(0),
        };
        (server, codes)
    }

    pub fn public(&self) -> PublicKey {
        self.key.public()
    }

    /// The server's vector for an actor.
    pub fn has(&self, actor: ActorId) -> u64 {
        self.doc.lock().unwrap().clock().get(&actor)
    }

    fn answer(&self, body: &[u8]) -> Result<Vec<u8>, TransportError> {
        *self.syncs.lock().unwrap() += 1;
        let request = Format::Binary
            .decode_request(body)
            .map_err(|e| TransportError::BadResponse(e.to_string()))?;
        let mut doc = self.doc.lock().unwrap();
        let mut peer = request.have.clone();
        for op in request.ops.0 {
            match doc.apply(op.clone()) {
                Ok(_) => peer.apply(op.dot),
                Err(e) if e.is_not_ready() => break,
                Err(e) => return Err(TransportError::BadResponse(e.to_string())),
            }
        }
        let ops: Vec<Op> = doc.missing_from(&peer).cloned().collect();
        let mut last: std::collections::BTreeMap<ActorId, u64> = Default::default();
        for op in &ops {
            last.insert(op.dot.actor, op.dot.counter);
        }
        let seals: Vec<Seal> = last
            .into_iter()
            .map(|(actor, counter)| {
                let run: Vec<&Op> = (1..=counter)
                    .map(|c| doc.op(OpId { actor, counter: c }).unwrap())
                    .collect();
                let chain = Chain::START.over(naru(), run).unwrap();
                self.key.seal(naru(), actor, counter, chain)
            })
            .collect();
        let response = SyncResponse {
            protocol: PROTOCOL_VERSION,
            have: doc.clock().clone(),
            ops: ops.into(),
            seals,
            more: false,
            server_time: UnixTime(antar_agent::now()),
        };
        Format::Binary
            .encode(&response)
            .map_err(|e| TransportError::BadResponse(e.to_string()))
    }
}

impl Transport for Dukcapil {
    async fn sync(&self, _token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        self.answer(&body)
    }

    async fn enroll(&self, _json: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        Err(TransportError::BadResponse(
            "this stand-in does not enroll".into(),
        ))
    }

    async fn put_blob(
        &self,
        _token: &str,
        _hash_hex: &str,
        _content_type: &str,
        _bytes: Vec<u8>,
    ) -> Result<(), TransportError> {
        Ok(())
    }
}

pub struct Office {
    pub replica: Replica,
    pub me: Enrollment,
    pub server: Dukcapil,
    pub codes: Vec<TrackingCode>,
    pub dir: tempfile::TempDir,
}

impl Office {
    /// Enrolled and synced once: ops 0.1–0.4 (Issues) and 0.5 (the manifest).
    pub async fn new() -> Office {
        let dir = tempfile::tempdir().unwrap();
        let (server, codes) = Dukcapil::new();
        let replica = Replica::open(dir.path()).await.unwrap();
        let me = Enrollment {
            // Nothing listens there: every sync in these tests goes to `server`.
            server: "http://127.0.0.1:9".into(),
            token: "token-uji".into(),
            actor: DEVICE,
            desa: naru(),
            name: "Komputer kantor desa".into(),
            server_key: Some(server.public()),
        };
        replica.save_enrollment(&me, None).await.unwrap();
        let office = Office {
            replica,
            me,
            server,
            codes,
            dir,
        };
        office.sync().await;
        assert_eq!(office.replica.load(naru()).await.unwrap().len(), 5);
        office
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub async fn sync(&self) {
        sync_once(&self.replica, &self.server).await.unwrap();
    }

    /// The clerk confirms receipt of dispatch `i`.
    pub async fn receive(&self, i: usize) -> Result<Op, clerk::ClerkError> {
        clerk::receive(
            &self.replica,
            &self.me,
            None,
            self.codes[i],
            &Arrival::default(),
        )
        .await
    }

    /// Runs SQL on the replica file directly, as a disk or a careless hand would.
    pub async fn sql(&self, statement: &'static str) {
        sql(&self.path().join("replica.db"), statement).await;
    }

    /// A second pool on the replica file, to look at tables the library keeps private.
    pub async fn pool(&self) -> sqlx::SqlitePool {
        let options =
            sqlx::sqlite::SqliteConnectOptions::new().filename(self.path().join("replica.db"));
        sqlx::SqlitePool::connect_with(options).await.unwrap()
    }
}

pub async fn sql(file: &Path, statement: &'static str) {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(file);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::query(statement).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

/// Runs a command line against a data folder, as `antar-agent` would; returns the
/// failure it would print.
pub async fn command(dir: &Path, lang: Lang, args: &[&str]) -> Result<(), Failure> {
    let mut all = vec!["antar-agent", "--data-dir", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    commands::run(Cli::try_parse_from(all).unwrap(), lang).await
}

/// The failure message of a command that must fail, in both languages.
pub async fn failing(dir: &Path, args: &[&str]) -> (String, String) {
    let id = command(dir, Lang::Id, args).await.unwrap_err();
    let en = command(dir, Lang::En, args).await.unwrap_err();
    (id.text(Tr::new(Lang::Id)), en.text(Tr::new(Lang::En)))
}

/// An error's message in a language.
pub fn said(error: &dyn Localized, lang: Lang) -> String {
    Tr::new(lang).error(error)
}
