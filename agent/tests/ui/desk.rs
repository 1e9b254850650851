//! A desa office PC in a test: an enrolled replica of Naru (Kabupaten Bima) holding
//! three dispatches issued by Dukcapil, two of them on a courier's manifest, and the
//! clerk's UI serving it.

use std::sync::Arc;
use std::time::Duration;

use antar_agent::control::SyncControl;
use antar_agent::replica::{Enrollment, Replica};
use antar_agent::web::{self, Ui};
use antar_shared::doc::{ActorId, DesaDoc, DispatchId, ManifestId, Op, OpBody, Status};
use antar_shared::nik::Nik;
use antar_shared::region::VillageCode;
use antar_shared::sample::Sampler;
use antar_shared::text::PersonName;
use antar_shared::time::UnixTime;
use antar_shared::tracking::TrackingCode;

/// One dispatch of the fixture.
pub struct Item {
    pub code: TrackingCode,
    pub holder: String,
    pub nik: Nik,
}

pub struct Desk {
    pub replica: Replica,
    pub me: Enrollment,
    pub control: Arc<SyncControl>,
    pub base: String,
    pub client: reqwest::Client,
    /// On the manifest, with a real NIK check value.
    pub first: Item,
    /// On the manifest too.
    pub second: Item,
    /// Issued, not shipped yet.
    pub third: Item,
    _dir: tempfile::TempDir,
}

pub fn naru() -> VillageCode {
    VillageCode::parse("52.06.03.2012").unwrap()
}

/// A client that shows redirects instead of following them.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Serves the UI over `replica` on a free loopback port; returns the base URL.
pub async fn serve(replica: Replica, control: Arc<SyncControl>, sync_wait: Duration) -> String {
    serve_on("127.0.0.1:0", replica, control, sync_wait).await
}

/// Serves the UI bound to `bind` (`0.0.0.0:0` is LAN mode); returns the base URL on
/// loopback.
pub async fn serve_on(
    bind: &str,
    replica: Replica,
    control: Arc<SyncControl>,
    sync_wait: Duration,
) -> String {
    let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let ui = Ui::new(replica, control, addr).with_sync_wait(sync_wait);
    tokio::spawn(async move { web::serve(listener, ui).await });
    format!("http://127.0.0.1:{}", addr.port())
}

/// The ops Dukcapil would have sent: three Issues (the first with a real Argon2id NIK
/// check) and a manifest carrying the first two.
fn server_ops(desa: VillageCode) -> (Vec<Op>, [Item; 3]) {
    let mut doc = DesaDoc::new(desa);
    let mut sampler = Sampler::new(2012);
    let t0 = UnixTime(antar_agent::now() - 3 * 86_400);
    let mut ops = Vec::new();
    let mut items = Vec::new();
    let mut ids = Vec::new();
    for i in 0..3 {
        let (issue, nik) = sampler.issue(desa, i == 0);
        items.push(Item {
            code: issue.tracking,
            holder: issue.holder.to_string(),
            nik,
        });
        ids.push(DispatchId(issue.tracking));
        let op = doc
            .author(ActorId::SERVER, t0, OpBody::Issue(issue))
            .unwrap();
        doc.apply(op.clone()).unwrap();
        ops.push(op);
    }
    let op = doc
        .author(
            ActorId::SERVER,
            UnixTime(t0.0 + 3600),
            OpBody::Dispatch {
                manifest: ManifestId(17),
                courier: PersonName::parse("Arifin Usman").unwrap(),
                items: ids[..2].to_vec(),
            },
        )
        .unwrap();
    doc.apply(op.clone()).unwrap();
    ops.push(op);
    let [a, b, c]: [Item; 3] = items.try_into().ok().unwrap();
    (ops, [a, b, c])
}

impl Desk {
    pub async fn new() -> Desk {
        Self::with_sync_wait(Duration::ZERO).await
    }

    pub async fn with_sync_wait(wait: Duration) -> Desk {
        Self::bound("127.0.0.1:0", wait).await
    }

    /// The office box serving the office network (LAN mode: clerks log in).
    pub async fn lan() -> Desk {
        Self::bound("0.0.0.0:0", Duration::ZERO).await
    }

    async fn bound(bind: &str, wait: Duration) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let replica = Replica::open(dir.path()).await.unwrap();
        let me = Enrollment {
            // Nothing listens there: the UI must never need the server.
            server: "http://127.0.0.1:9".into(),
            token: "token-uji".into(),
            actor: ActorId(3),
            desa: naru(),
            name: "Laptop kantor desa".into(),
            server_key: None,
        };
        replica.save_enrollment(&me, None).await.unwrap();
        let (ops, [first, second, third]) = server_ops(naru());
        let mut have = DesaDoc::new(naru());
        have.apply_all(naru(), ops.clone()).unwrap();
        let now = antar_agent::now();
        replica
            .store_received(&ops, &Default::default(), have.clock(), now, now)
            .await
            .unwrap();
        let control = Arc::new(SyncControl::default());
        let base = serve_on(bind, replica.clone(), control.clone(), wait).await;
        Desk {
            replica,
            me,
            control,
            base,
            client: client(),
            first,
            second,
            third,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn get_en(&self, path: &str) -> (u16, String) {
        let r = self
            .client
            .get(self.url(path))
            .header("cookie", "antar_lang=en")
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// POSTs a form as a browser would; returns the response (redirects not followed).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(fields))
            .send()
            .await
            .unwrap()
    }

    /// The status of a dispatch in the replica.
    pub async fn status(&self, code: TrackingCode) -> (Status, antar_shared::doc::Flags) {
        let doc = self.replica.load(naru()).await.unwrap();
        doc.find(code)
            .unwrap()
            .status(UnixTime(antar_agent::now()), &Default::default())
    }

    /// How many ops the replica holds (to prove nothing was stored).
    pub async fn ops(&self) -> usize {
        self.replica.load(naru()).await.unwrap().len()
    }

    /// Receives `code` through the UI.
    pub async fn receive(&self, code: TrackingCode) {
        let r = self.post("/terima", &[("kode", &code.to_string())]).await;
        assert_eq!(r.status(), 303);
    }
}

/// `application/x-www-form-urlencoded`.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `Location` of a redirect.
pub fn location(r: &reqwest::Response) -> String {
    assert_eq!(r.status(), 303, "expected a redirect");
    r.headers()["location"].to_str().unwrap().to_owned()
}
