//! Sync behaviour that spans requests: a server that lost ops (restored from an older
//! backup) acknowledges only what it holds, and the device's resend restores the rest.

use antar_server::store::now;
use antar_shared::doc::{Clock, OpBody};
use antar_shared::text::NoteText;
use antar_shared::time::UnixTime;

use super::api::spawn_app;
use super::common::naru;

#[tokio::test]
async fn ops_after_a_gap_are_not_acknowledged_until_resent_in_order() {
    let app = spawn_app().await;
    let (device, mut doc) = app.naru_kk_on_a_device().await;
    let dispatch = doc.dispatches().next().unwrap().id;
    let mut ops = Vec::new();
    for i in 0..3 {
        let body = OpBody::Note {
            dispatch,
            text: NoteText::parse(&format!("catatan {i}")).unwrap(),
        };
        let op = doc.author(device.actor, UnixTime(now()), body).unwrap();
        doc.apply(op.clone()).unwrap();
        ops.push(op);
    }
    // The device believes the server has its first two ops (say, before a restore).
    let response = app
        .sync(&device, doc.clock(), vec![ops[2].clone()])
        .await
        .unwrap();
    assert_eq!(
        response.have.get(&device.actor),
        0,
        "nothing after the gap is acknowledged"
    );
    // It resends from where the server's vector says.
    let response = app.sync(&device, doc.clock(), ops.clone()).await.unwrap();
    assert_eq!(response.have.get(&device.actor), 3);
    let stored = app.store.all_ops(naru()).await.unwrap();
    assert_eq!(
        stored
            .iter()
            .filter(|o| o.op.dot.actor == device.actor)
            .count(),
        3,
        "each op once"
    );
    // A fresh device sees the same document as the first.
    let other = app.enroll(naru()).await;
    let copy = app.pull(&other).await;
    assert_eq!(copy, doc);
    assert!(!app.sync(&other, &Clock::new(), vec![]).await.unwrap().more);
}
