//! Tests of the sync messages' encodings and limits.

use crdts::CmRDT;

use super::*;
use crate::doc::{ActorId, Clock, Condition, DesaDoc, DispatchId, Dot, ManifestId, Op, OpBody};
use crate::i18n::Tr;
use crate::lang::{Lang, Localized};
use crate::region::VillageCode;
use crate::sample::Sampler;
use crate::text::PersonName;
use crate::time::UnixTime;

fn naru() -> VillageCode {
    VillageCode::parse("52.06.03.2012").unwrap()
}

/// A server document with a few issued dispatches, a manifest and receipts from two
/// devices, so batches hold interleaved actors.
fn sample_ops() -> Vec<Op> {
    let mut doc = DesaDoc::new(naru());
    let mut sampler = Sampler::new(1);
    let mut ids = Vec::new();
    for i in 0..4 {
        let (issue, _) = sampler.issue(naru(), false);
        ids.push(DispatchId(issue.tracking));
        let op = doc
            .author(
                ActorId::SERVER,
                UnixTime(1_793_491_200 + i),
                OpBody::Issue(issue),
            )
            .unwrap();
        doc.apply(op).unwrap();
    }
    let courier = PersonName::parse("Arifin Usman").unwrap();
    let trip = OpBody::Dispatch {
        manifest: ManifestId(7),
        courier,
        items: ids.clone(),
    };
    let op = doc
        .author(ActorId::SERVER, UnixTime(1_793_500_000), trip)
        .unwrap();
    doc.apply(op).unwrap();
    for (i, d) in ids.iter().enumerate() {
        let actor = ActorId(11 + 2 * (i as u32 % 2));
        let body = OpBody::Receive {
            dispatch: *d,
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen: Clock::new(),
        };
        let op = doc
            .author(actor, UnixTime(1_793_600_000 + i as i64), body)
            .unwrap();
        doc.apply(op).unwrap();
    }
    doc.ops().cloned().collect()
}

fn request(ops: Vec<Op>) -> SyncRequest {
    let mut have = Clock::new();
    have.apply(Dot::new(ActorId::SERVER, 5));
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        desa: naru(),
        have,
        ops: OpBatch(ops),
        seals: Vec::new(),
        device_time: UnixTime(1_793_600_100),
    }
}

#[test]
fn both_formats_round_trip() {
    let req = request(sample_ops());
    for format in [Format::Json, Format::Binary] {
        let bytes = format.encode(&req).unwrap();
        assert_eq!(format.decode_request(&bytes).unwrap(), req, "{format:?}");
    }
    let resp = SyncResponse {
        protocol: PROTOCOL_VERSION,
        have: Clock::new(),
        ops: OpBatch(sample_ops()),
        seals: Vec::new(),
        more: true,
        server_time: UnixTime(1_793_600_000),
    };
    for format in [Format::Json, Format::Binary] {
        let bytes = format.encode(&resp).unwrap();
        assert_eq!(format.decode_response(&bytes).unwrap(), resp, "{format:?}");
    }
}

#[test]
fn binary_is_compact() {
    let ops = sample_ops();
    let json = Format::Json.encode(&request(ops.clone())).unwrap();
    let binary = Format::Binary.encode(&request(ops)).unwrap();
    assert!(
        binary.len() * 3 < json.len(),
        "binary {} B vs JSON {} B",
        binary.len(),
        json.len()
    );
    let empty = Format::Binary.encode(&request(vec![])).unwrap();
    assert!(
        empty.len() < 30,
        "a no-change request is {} bytes",
        empty.len()
    );
}

#[test]
fn unknown_fields_and_other_versions_are_refused() {
    let json = String::from_utf8(Format::Json.encode(&request(vec![])).unwrap()).unwrap();
    let extra = json.replacen('{', r#"{"sneaky":true,"#, 1);
    assert!(matches!(
        Format::Json.decode_request(extra.as_bytes()),
        Err(WireError::Malformed { .. })
    ));

    let v4 = json.replacen(r#""protocol":3"#, r#""protocol":4"#, 1);
    assert_eq!(
        Format::Json.decode_request(v4.as_bytes()),
        Err(WireError::UnsupportedVersion(4))
    );
    let missing = json.replacen(r#""protocol":3,"#, "", 1);
    assert_eq!(
        Format::Json.decode_request(missing.as_bytes()),
        Err(WireError::UnsupportedVersion(0))
    );

    let mut binary = Format::Binary.encode(&request(vec![])).unwrap();
    binary[0] = 1;
    let err = Format::Binary.decode_request(&binary).unwrap_err();
    assert_eq!(err, WireError::UnsupportedVersion(1));
    assert_eq!(err.code(), "sync.unsupported_version");
}

#[test]
fn truncated_trailing_and_oversized_bodies_are_refused() {
    let binary = Format::Binary.encode(&request(sample_ops())).unwrap();
    for cut in [1, binary.len() / 2, binary.len() - 1] {
        assert!(
            Format::Binary.decode_request(&binary[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let mut longer = binary.clone();
    longer.push(0);
    assert_eq!(
        Format::Binary.decode_request(&longer),
        Err(WireError::Trailing(1))
    );
    let huge = vec![b' '; MAX_MESSAGE_BYTES + 1];
    assert!(matches!(
        Format::Json.decode_request(&huge),
        Err(WireError::TooLarge { .. })
    ));
    assert!(Format::Json.decode_request(b"not json").is_err());
}

#[test]
fn limits_inside_messages_hold() {
    let op = sample_ops().remove(0);
    let mut ops = Vec::new();
    for counter in 1..=(MAX_OPS_PER_MESSAGE as u64 + 1) {
        ops.push(Op {
            dot: Dot::new(ActorId::SERVER, counter),
            ..op.clone()
        });
    }
    for format in [Format::Json, Format::Binary] {
        let bytes = format.encode(&request(ops.clone())).unwrap();
        match format.decode_request(&bytes) {
            Err(WireError::Malformed { fault, detail }) => {
                assert_eq!(fault, super::wire::Fault::Invalid, "{detail}");
                if format == Format::Json {
                    assert!(detail.contains("5000"), "{detail}");
                }
            }
            other => panic!("{format:?}: {other:?}"),
        }
    }

    let json = String::from_utf8(Format::Json.encode(&request(vec![op])).unwrap()).unwrap();
    let long_name = format!(r#""holder":"{}""#, "A".repeat(101));
    let start = json.find(r#""holder":""#).unwrap();
    let end = start + json[start + 10..].find('"').unwrap() + 11;
    let tampered = format!("{}{}{}", &json[..start], long_name, &json[end..]);
    match Format::Json.decode_request(tampered.as_bytes()) {
        Err(WireError::Malformed { detail: msg, .. }) => assert!(msg.contains("too long"), "{msg}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn error_bodies_carry_a_code_and_arguments_any_reader_can_say() {
    let error = WireError::UnsupportedVersion(9);
    let body = ErrorBody {
        code: error.code().to_owned(),
        message: Tr::new(Lang::Id).error(&error),
        args: ErrorBody::args_of(&error),
    };
    assert_eq!(body.code, "sync.unsupported_version");
    assert!(body.message.contains("tidak didukung"), "{}", body.message);
    let en = Tr::new(Lang::En).coded(&body.code, &body.args, &body.message);
    assert!(en.contains("not supported") && en.contains('9'), "{en}");
    let json = serde_json::to_string(&body).unwrap();
    assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), body);
    // A code this build has no message for (a newer server's) falls back to the words
    // the server sent.
    let unknown = Tr::new(Lang::En).coded("sync.from_the_future", &body.args, "kata server");
    assert_eq!(unknown, "kata server");
}
