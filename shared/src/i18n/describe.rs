//! How ops, outcomes and statuses read, in one place: the dashboard's history, the
//! desa's history, the API's history summaries and the command lines all say an op the
//! same way, in the reader's language (the `ev-*`, `outcome-*`, `condition-*`,
//! `relation-*`, `id-*`, `status-*` and `by-*` keys of `pages.ftl`).

use super::Tr;
use crate::doc::{
    ActorId, Condition, Handover, IdDocument, OpBody, Outcome, Reissue, Relation, Resolution,
    Status,
};

impl Tr {
    /// A status's word ("Tiba di kantor desa").
    /// Takes a reference too, as templates pass them.
    pub fn status(&self, status: impl std::borrow::Borrow<Status>) -> String {
        self.t(&format!("status-{}", status.borrow().code()))
    }

    /// Who took a document, relative to its holder ("Keluarga (satu KK)").
    pub fn relation(&self, relation: Relation) -> String {
        self.t(match relation {
            Relation::Holder => "relation-holder",
            Relation::Family => "relation-family",
            Relation::Proxy => "relation-proxy",
        })
    }

    /// The identity document a clerk checked ("KTP-el").
    pub fn id_document(&self, id: IdDocument) -> String {
        self.t(match id {
            IdDocument::KtpEl => "id-ktp-el",
            IdDocument::Kk => "id-kk",
            IdDocument::Kia => "id-kia",
            IdDocument::SuratKuasa => "id-surat-kuasa",
            IdDocument::Lainnya => "id-lainnya",
        })
    }

    /// A document's condition on arrival ("Rusak").
    pub fn condition(&self, condition: Condition) -> String {
        self.t(condition_key(condition))
    }

    /// An outcome in one line ("Diserahkan kepada Siti Aminah (Pemilik sendiri)").
    pub fn outcome(&self, outcome: &Outcome) -> String {
        match outcome {
            Outcome::HandedOver(h) => self.with(
                "outcome-handed",
                &[
                    ("recipient", h.recipient.as_str().to_owned()),
                    ("relation", self.relation(h.relation)),
                ],
            ),
            Outcome::Returned(reason) => self.t1("outcome-returned", "reason", reason.as_str()),
            Outcome::Recalled(reason) => self.t1("outcome-recalled", "reason", reason.as_str()),
            Outcome::Cleared => self.t("outcome-cleared"),
        }
    }

    /// The facts under a handover, one per line: the ID shown, whether the NIK was
    /// checked, the clerk, and whether the recipient signed.
    pub fn handover_details(&self, h: &Handover) -> Vec<String> {
        let mut lines = vec![
            self.t1("ev-id-shown", "id", self.id_document(h.id_shown)),
            self.t(if h.nik_verified {
                "ev-nik-verified"
            } else {
                "ev-nik-not-checked"
            }),
            self.t1("ev-clerk", "clerk", h.clerk.as_str()),
        ];
        if h.evidence.is_some() {
            lines.push(self.t("ev-signed"));
        }
        lines
    }

    /// What an op says, in one line; a correction says so, with why.
    pub fn op(&self, body: &OpBody) -> String {
        let what = self.op_fact(body);
        match body.correction() {
            Some(reason) => self.with(
                "ev-correction",
                &[("reason", reason.as_str().to_owned()), ("what", what)],
            ),
            None => what,
        }
    }

    /// The lines under an op's one-line description (a handover's facts; nothing for
    /// the others).
    pub fn op_details(&self, body: &OpBody) -> Vec<String> {
        match body {
            OpBody::Handover { handover, .. } => self.handover_details(handover),
            OpBody::Resolve {
                choice: Resolution::Outcome(Outcome::HandedOver(handover)),
                ..
            } => self.handover_details(handover),
            _ => Vec::new(),
        }
    }

    fn op_fact(&self, body: &OpBody) -> String {
        match body {
            OpBody::Issue(issue) => {
                let issued = self.with(
                    "ev-issued",
                    &[
                        ("kind", self.kind(issue.kind).to_owned()),
                        ("number", issue.number.as_str().to_owned()),
                    ],
                );
                // A reprint or a replacement says of what: the reader may hold the other.
                match issue.reissue {
                    Some(Reissue::Reprint(code)) => {
                        format!("{issued} · {}", self.t1("ev-reprint", "code", code))
                    }
                    Some(Reissue::Replaces(code)) => {
                        format!("{issued} · {}", self.t1("ev-replaces", "code", code))
                    }
                    None => issued,
                }
            }
            OpBody::Dispatch {
                manifest, courier, ..
            } => self.with(
                "ev-dispatched",
                &[
                    ("manifest", manifest.0.to_string()),
                    ("courier", courier.as_str().to_owned()),
                ],
            ),
            OpBody::Receive { found: true, .. } => self.t("ev-found"),
            OpBody::Receive { condition, .. } => {
                self.t1("ev-received", "condition", condition_code(*condition))
            }
            OpBody::Handover { handover, .. } => {
                self.outcome(&Outcome::HandedOver(handover.clone()))
            }
            OpBody::Return { reason, .. } => self.t1("ev-returned", "reason", reason.as_str()),
            OpBody::Recall { reason, .. } => self.t1("ev-recalled", "reason", reason.as_str()),
            OpBody::Resolve { choice, .. } => {
                let chosen = match choice {
                    Resolution::Arrival(c) => self.condition(*c),
                    Resolution::Outcome(o) => self.outcome(o),
                };
                self.t1("ev-resolved", "choice", chosen)
            }
            OpBody::Note { text, .. } => self.t1("ev-note", "text", text.as_str()),
        }
    }

    /// Who wrote an op, by name where the reader's side knows it (`name`: the staff
    /// account behind a server op, or the device's name), never by an internal number:
    /// "Dukcapil: admin", "Dukcapil atas nama desa: operator1", "Perangkat Laptop kantor
    /// desa", "Perangkat ini", "Perangkat lain di desa ini".
    pub fn author(
        &self,
        actor: ActorId,
        body: &OpBody,
        me: Option<ActorId>,
        name: Option<&str>,
    ) -> String {
        if actor.is_server() {
            let for_desa = matches!(
                body,
                OpBody::Receive { .. } | OpBody::Handover { .. } | OpBody::Return { .. }
            );
            match (for_desa, name) {
                (true, Some(name)) => self.t1("by-server-for-desa-named", "name", name),
                (true, None) => self.t("by-server-for-desa"),
                (false, Some(name)) => self.t1("by-server-named", "name", name),
                (false, None) => self.t("by-server"),
            }
        } else if Some(actor) == me {
            self.t("by-this-device")
        } else if let Some(name) = name {
            self.t1("by-device-named", "name", name)
        } else {
            self.t("by-device")
        }
    }
}

fn condition_key(condition: Condition) -> &'static str {
    match condition {
        Condition::Ok => "condition-ok",
        Condition::Damaged => "condition-damaged",
        Condition::Missing => "condition-missing",
    }
}

/// The selector `ev-received` chooses its words by.
fn condition_code(condition: Condition) -> &'static str {
    match condition {
        Condition::Ok => "ok",
        Condition::Damaged => "damaged",
        Condition::Missing => "missing",
    }
}

#[cfg(test)]
mod tests {
    use crate::Lang;
    use crate::doc::{ActorId, Condition, DispatchId, Issue, OpBody, Reissue};
    use crate::i18n::Tr;
    use crate::sample::Sampler;

    fn issue(reissue: Option<Reissue>) -> OpBody {
        let desa = crate::sample::bima_desa()[0];
        let (header, _) = Sampler::new(9).issue(desa, false);
        OpBody::Issue(Issue { reissue, ..header })
    }

    /// Names made from codes at run time (`kind-{code}`, `status-{code}`): every value
    /// has its words in both languages.
    #[test]
    fn every_kind_status_relation_and_id_has_words() {
        use crate::doc::{IdDocument, Relation, Status};
        use crate::kind::DocumentKind;
        for lang in [Lang::Id, Lang::En] {
            let tr = Tr::new(lang);
            let said: Vec<String> = DocumentKind::ALL
                .map(|k| tr.kind(k))
                .into_iter()
                .chain(Status::ALL.map(|s| tr.status(s)))
                .chain(Relation::ALL.map(|r| tr.relation(r)))
                .chain(IdDocument::ALL.map(|i| tr.id_document(i)))
                .collect();
            for text in said {
                let looks_like_a_key = text.contains('-') && !text.contains(' ');
                assert!(!looks_like_a_key || text == "KTP-el", "{lang:?}: {text}");
            }
        }
        assert_eq!(
            Tr::new(Lang::En).kind(DocumentKind::AktaKelahiran),
            "Birth certificate"
        );
    }

    #[test]
    fn a_reprint_and_a_replacement_say_of_what() {
        let earlier = Sampler::new(3).tracking();
        let id = Tr::new(Lang::Id);
        let plain = id.op(&issue(None));
        assert!(plain.starts_with("Diterbitkan"), "{plain}");
        assert!(!plain.contains("cetak ulang"), "{plain}");
        let reprint = id.op(&issue(Some(Reissue::Reprint(earlier))));
        assert!(
            reprint.contains(&format!("cetak ulang dari {earlier}")),
            "{reprint}"
        );
        let replaces = Tr::new(Lang::En).op(&issue(Some(Reissue::Replaces(earlier))));
        assert!(
            replaces.contains(&format!("replaces {earlier}")),
            "{replaces}"
        );
    }

    #[test]
    fn a_receipt_reads_by_its_condition_in_both_languages() {
        let receive = |condition| OpBody::Receive {
            dispatch: DispatchId(Sampler::new(1).tracking()),
            condition,
            found: false,
            correction: None,
            seen: Default::default(),
        };
        let id = Tr::new(Lang::Id);
        let en = Tr::new(Lang::En);
        assert_eq!(id.op(&receive(Condition::Ok)), "Diterima di kantor desa");
        assert!(id.op(&receive(Condition::Damaged)).contains("rusak"));
        assert!(en.op(&receive(Condition::Missing)).contains("missing"));
        let texts =
            [Condition::Ok, Condition::Damaged, Condition::Missing].map(|c| en.op(&receive(c)));
        assert!(texts[0] != texts[1] && texts[1] != texts[2]);
    }

    #[test]
    fn dukcapil_writing_a_desa_record_says_so() {
        let tr = Tr::new(Lang::Id);
        let receive = OpBody::Receive {
            dispatch: DispatchId(Sampler::new(1).tracking()),
            condition: Condition::Ok,
            found: false,
            correction: None,
            seen: Default::default(),
        };
        assert_eq!(
            tr.author(ActorId::SERVER, &receive, None, None),
            "Dukcapil atas nama desa"
        );
        assert_eq!(
            tr.author(ActorId::SERVER, &receive, None, Some("operator1")),
            "Dukcapil atas nama desa: operator1"
        );
        assert_eq!(
            tr.author(ActorId::SERVER, &issue(None), None, None),
            "Dukcapil"
        );
        let me = ActorId(7);
        assert_eq!(tr.author(me, &receive, Some(me), None), "Perangkat ini");
        assert_eq!(
            tr.author(me, &receive, None, Some("Laptop kantor desa")),
            "Perangkat Laptop kantor desa"
        );
        // No internal number, named or not.
        assert!(!tr.author(me, &receive, None, None).contains('7'));
    }
}
