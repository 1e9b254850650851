//! Writes the fuzzers' seed corpora (`fuzz/seeds/TARGET/`, committed; a run grows its own corpus in `fuzz/corpus/TARGET/`): sync requests and
//! responses as the real encoder writes them for a desa's day (issues, a manifest,
//! receipts, a handover, a correction), in both encodings and gzipped; CSV files of
//! real Bima desa with good and bad rows; and the codes and names people type.
//!
//! `cargo +nightly run --manifest-path fuzz/Cargo.toml --example seeds`

use std::io::Write;
use std::path::Path;

use antar_shared::doc::{
    ActorId, Clock, Condition, DesaDoc, DispatchId, Handover, IdDocument, ManifestId, OpBody,
    Relation,
};
use antar_shared::region::VillageCode;
use antar_shared::sample::{Sampler, bima_desa, printed_number};
use antar_shared::sync::{Format, PROTOCOL_VERSION, SyncRequest, SyncResponse};
use antar_shared::text::{PersonName, Reason};
use antar_shared::time::UnixTime;

const T0: i64 = 1_793_491_200;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let desa = VillageCode::parse("52.06.03.2012")?;
    let name = |s: &str| PersonName::parse(s);
    // The server's document: five dispatches issued and sent on one manifest.
    let mut server = DesaDoc::new(desa);
    let mut sampler = Sampler::new(3);
    let mut ids = Vec::new();
    for i in 0..5 {
        let (issue, _) = sampler.issue(desa, i == 4);
        ids.push(DispatchId(issue.tracking));
        let op = server.author(ActorId::SERVER, UnixTime(T0), OpBody::Issue(issue))?;
        server.apply(op)?;
    }
    let manifest = OpBody::Dispatch {
        manifest: ManifestId(1),
        courier: name("Arifin Usman")?,
        items: ids.clone(),
    };
    let op = server.author(ActorId::SERVER, UnixTime(T0 + 60), manifest)?;
    server.apply(op)?;
    // The desa's laptop: receives them all, hands one over, corrects it.
    let laptop = ActorId(11);
    let mut device = server.clone();
    let mut written = Vec::new();
    let mut write =
        |doc: &mut DesaDoc, body: OpBody, t: i64| -> Result<(), Box<dyn std::error::Error>> {
            let op = doc.author(laptop, UnixTime(T0 + t), body)?;
            doc.apply(op.clone())?;
            written.push(op);
            Ok(())
        };
    for (i, id) in ids.iter().enumerate() {
        let condition = if i == 3 {
            Condition::Damaged
        } else {
            Condition::Ok
        };
        write(
            &mut device,
            OpBody::Receive {
                dispatch: *id,
                condition,
                found: false,
                correction: None,
                seen: Clock::new(),
            },
            3_600,
        )?;
    }
    let handover = Handover {
        recipient: name("Siti Aminah")?,
        relation: Relation::Holder,
        id_shown: IdDocument::KtpEl,
        nik_verified: true,
        evidence: None,
        clerk: name("Nurul Hamzah")?,
    };
    write(
        &mut device,
        OpBody::Handover {
            dispatch: ids[0],
            handover: handover.clone(),
            correction: None,
            seen: Clock::new(),
        },
        7_200,
    )?;
    let corrected = Handover {
        recipient: name("Siti Aminah Binti Hasan")?,
        ..handover
    };
    write(
        &mut device,
        OpBody::Handover {
            dispatch: ids[0],
            handover: corrected,
            correction: Some(Reason::parse("Salah ketik nama")?),
            seen: Clock::new(),
        },
        7_300,
    )?;
    write(
        &mut device,
        OpBody::Return {
            dispatch: ids[1],
            reason: Reason::parse("Pemilik pindah ke Kota Bima")?,
            correction: None,
            seen: Clock::new(),
        },
        9_000,
    )?;

    let request = |ops: Vec<_>, have: Clock| SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa,
        have,
        ops: ops.into(),
        seals: Vec::new(),
        device_time: UnixTime(T0 + 10_000),
    };
    let first = request(Vec::new(), Clock::new());
    let upload = request(written.clone(), server.clock().clone());
    let response = SyncResponse {
        protocol: PROTOCOL_VERSION,
        have: server.clock().clone(),
        ops: server.ops().cloned().collect::<Vec<_>>().into(),
        seals: Vec::new(),
        more: false,
        server_time: UnixTime(T0 + 10_001),
    };
    for (format, target) in [(Format::Binary, "sync_binary"), (Format::Json, "sync_json")] {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir)?;
        for (file, bytes) in [
            ("first-sync", format.encode(&first)?),
            ("upload", format.encode(&upload)?),
            ("response", format.encode(&response)?),
        ] {
            std::fs::write(dir.join(file), &bytes)?;
            let gz = root.join("sync_gzip");
            std::fs::create_dir_all(&gz)?;
            let mut packed =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            packed.write_all(&bytes)?;
            std::fs::write(gz.join(format!("{target}-{file}")), packed.finish()?)?;
        }
    }
    let csv = root.join("csv_import");
    std::fs::create_dir_all(&csv)?;
    let mut rows = String::from("kind,number,holder_name,nik,desa_code,applicant_phone\n");
    let bima = bima_desa();
    for i in 0..20 {
        let d = bima[i * 7 % bima.len()];
        let (issue, nik) = sampler.issue(d, false);
        let number = printed_number(&issue, &nik);
        rows.push_str(&format!(
            "{},{},{},{},{d},0812{i:08}\n",
            issue.kind.code(),
            number,
            issue.holder,
            nik.expose()
        ));
    }
    std::fs::write(csv.join("bima-20"), rows)?;
    std::fs::write(
        csv.join("bad-rows"),
        "kind,number,holder_name,nik,desa_code,applicant_phone\n\
         kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,081234567890\n\
         paspor,1,Budi,5206034507900001,52.06.03.2012,\n\
         kk,2,Budi,12345,52.06.03.2099,0812\n\
         kk,5206031203240001,Siti Aminah,5206034507900001,52.06.03.2012,\n\
         \"Akta Kelahiran\",\"5206-LT-12032024-0042\",\"Muhammad, Saleh\",5206030101200003,5206032012,+62 812-3456-7890\n",
    )?;
    std::fs::write(
        csv.join("bom-semicolon"),
        "\u{feff}KIND,Number,holder_name,nik,desa_code\nkk;1;2;3;4\n",
    )?;
    let parsers = root.join("parsers");
    std::fs::create_dir_all(&parsers)?;
    let (issue, nik) = sampler.issue(desa, false);
    for (i, text) in [
        issue.tracking.to_string(),
        nik.expose().to_owned(),
        "52.06.03.2012".into(),
        "5206032012".into(),
        "52.06.03".into(),
        "ktp-el".into(),
        "Akta Kelahiran".into(),
        "Siti Aminah Binti Hasan".into(),
        "5206-LT-12032024-0042".into(),
        "+62 812-3456-7890".into(),
        "Salah ketik nama penerima".into(),
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(parsers.join(format!("seed-{i}")), text)?;
    }
    println!("seeds written under {}", root.display());
    Ok(())
}
