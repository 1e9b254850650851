//! `antar-agent resolve`: settles a conflict, or shows the versions to choose from.

use std::collections::BTreeSet;

use antar_shared::doc::{Condition, Outcome};
use antar_shared::i18n::Tr;
use antar_shared::tracking::TrackingCode;
use clap::ValueEnum;

use super::output::{Out, note};
use super::replica_failure;
use crate::clerk::{self, Choice};
use crate::failure::Failure;
use crate::replica::{Enrollment, Replica};

/// The arguments of `resolve`.
#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// Kode lacak / tracking code.
    pub tracking_code: String,
    /// Pertahankan versi ke-N / keep version N.
    #[arg(long, conflicts_with_all = ["neither", "condition"])]
    pub keep: Option<usize>,
    /// Tidak ada yang terjadi; dokumen masih di desa / none happened; still at the desa.
    #[arg(long, conflicts_with = "condition")]
    pub neither: bool,
    /// Kondisi sebenarnya saat tiba / the real condition on arrival.
    #[arg(long, value_enum)]
    pub condition: Option<ConditionArg>,
}

/// Condition on arrival.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ConditionArg {
    /// Baik / intact.
    Ok,
    /// Rusak / damaged.
    Damaged,
    /// Tidak ada dalam kiriman / missing from the delivery.
    Missing,
}

impl From<ConditionArg> for Condition {
    fn from(arg: ConditionArg) -> Self {
        match arg {
            ConditionArg::Ok => Condition::Ok,
            ConditionArg::Damaged => Condition::Damaged,
            ConditionArg::Missing => Condition::Missing,
        }
    }
}

impl From<Condition> for ConditionArg {
    fn from(condition: Condition) -> Self {
        match condition {
            Condition::Ok => ConditionArg::Ok,
            Condition::Damaged => ConditionArg::Damaged,
            Condition::Missing => ConditionArg::Missing,
        }
    }
}

/// Settles the conflict as chosen; without a choice, shows the versions.
pub async fn run(replica: &Replica, tr: Tr, args: ResolveArgs) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let code = clerk::parse_code(&args.tracking_code)?;
    let choice = match (args.keep, args.neither, args.condition) {
        (Some(n), _, _) => Choice::Keep(n),
        (None, true, _) => Choice::Neither,
        (None, false, Some(c)) => Choice::Condition(c.into()),
        (None, false, None) => return show(replica, tr, &me, code).await,
    };
    clerk::resolve(replica, &me, None, code, choice).await?;
    note(tr.t1("agent-resolve-saved", "code", code));
    Ok(())
}

/// Shows the versions on stdout and how to choose on stderr.
async fn show(
    replica: &Replica,
    tr: Tr,
    me: &Enrollment,
    code: TrackingCode,
) -> Result<(), Failure> {
    let doc = replica
        .load(me.desa)
        .await
        .map_err(replica_failure(replica.dir()))?;
    let state = clerk::find(&doc, code)?;
    let outcomes: Vec<Outcome> = state.outcomes().into_iter().map(|o| o.value).collect();
    let arrivals: Vec<Condition> = state.arrivals().into_iter().map(|a| a.value).collect();
    let (lines, hint) = versions(&outcomes, &arrivals, tr);
    let mut out = Out::stdout();
    for line in lines {
        out.line(line)?;
    }
    note(tr.t(hint));
    Ok(())
}

/// The lines showing a dispatch's versions, and the key of what to tell the clerk: the
/// outcomes numbered for `--keep N` (a handover with its facts under it, indented); the
/// conditions on arrival, when the devices disagree, each with the `--condition` that
/// keeps it.
fn versions(outcomes: &[Outcome], arrivals: &[Condition], tr: Tr) -> (Vec<String>, &'static str) {
    let mut lines = Vec::new();
    for (i, outcome) in outcomes.iter().enumerate() {
        lines.push(format!("{}. {}", i + 1, tr.outcome(outcome)));
        if let Outcome::HandedOver(h) = outcome {
            lines.extend(
                tr.handover_details(h)
                    .into_iter()
                    .map(|d| format!("   {d}")),
            );
        }
    }
    let outcome_conflict = outcomes
        .iter()
        .any(|a| outcomes.iter().any(|b| !a.same_fact(b)));
    let conditions: BTreeSet<Condition> = arrivals.iter().copied().collect();
    let arrival_conflict = conditions.len() > 1;
    if arrival_conflict {
        lines.extend(conditions.iter().map(|c| arrival(*c, tr)));
    }
    let hint = match (outcome_conflict, arrival_conflict) {
        (true, true) => "agent-resolve-choose-both",
        (true, false) => "agent-resolve-choose-version",
        (false, true) => "agent-resolve-choose-condition",
        (false, false) => "agent-resolve-none",
    };
    (lines, hint)
}

/// One recorded condition on arrival, in words, with the choice that keeps it.
fn arrival(condition: Condition, tr: Tr) -> String {
    let value = ConditionArg::from(condition)
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default();
    tr.t1("agent-resolve-arrival", "value", value)
}

#[cfg(test)]
mod tests {
    use antar_shared::Lang;
    use antar_shared::doc::{Handover, IdDocument, Relation};
    use antar_shared::text::{PersonName, Reason};

    use super::*;

    fn returned(why: &str) -> Outcome {
        Outcome::Returned(Reason::parse(why).unwrap())
    }

    /// One agreed arrival is no version to choose: no line for it (it used to print
    /// an unexplained "-  Ok").
    #[test]
    fn an_agreed_arrival_is_not_listed() {
        let tr = Tr::new(Lang::Id);
        let (lines, hint) = versions(&[], &[Condition::Ok, Condition::Ok], tr);
        assert!(lines.is_empty(), "{lines:?}");
        assert_eq!(tr.t(hint), "Tidak ada konflik yang perlu diselesaikan.");
    }

    #[test]
    fn disagreeing_arrivals_are_said_in_words_with_their_choice() {
        let arrivals = [Condition::Damaged, Condition::Ok];
        let id = Tr::new(Lang::Id);
        let (lines, hint) = versions(&[], &arrivals, id);
        assert_eq!(
            lines,
            [
                "Tercatat saat tiba: baik (pilih dengan --condition ok)",
                "Tercatat saat tiba: rusak (pilih dengan --condition damaged)",
            ]
        );
        assert!(id.t(hint).contains("--condition"));
        let en = Tr::new(Lang::En);
        let (lines, hint) = versions(&[], &[Condition::Missing, Condition::Ok], en);
        assert_eq!(
            lines,
            [
                "Recorded on arrival: intact (choose with --condition ok)",
                "Recorded on arrival: missing from the delivery (choose with --condition missing)",
            ]
        );
        assert!(en.t(hint).contains("--condition"));
    }

    #[test]
    fn outcomes_are_numbered_for_keep_as_every_page_says_them() {
        let outcomes = [
            returned("Salah cetak"),
            Outcome::Recalled(Reason::parse("Data salah").unwrap()),
        ];
        let en = Tr::new(Lang::En);
        let (lines, hint) = versions(&outcomes, &[Condition::Ok], en);
        assert_eq!(
            lines,
            [
                format!("1. {}", en.outcome(&outcomes[0])),
                format!("2. {}", en.outcome(&outcomes[1])),
            ]
        );
        assert!(lines[0].contains("Salah cetak") && lines[1].contains("Data salah"));
        assert_eq!(
            en.t(hint),
            "Choose with --keep N, or --neither if none of them happened."
        );
        let id = Tr::new(Lang::Id);
        let (lines, hint) = versions(&outcomes[..1], &[Condition::Ok], id);
        assert_eq!(lines, ["1. Dikembalikan ke Dukcapil: Salah cetak"]);
        assert_eq!(id.t(hint), "Tidak ada konflik yang perlu diselesaikan.");
    }

    /// A handover shows who took it and, indented under it, the facts the clerk checks
    /// against the paper register (the clerk's name among them).
    #[test]
    fn a_handover_version_lists_its_facts() {
        let handover = Outcome::HandedOver(Handover {
            recipient: PersonName::parse("Siti Aminah").unwrap(),
            relation: Relation::Family,
            id_shown: IdDocument::Kk,
            nik_verified: true,
            evidence: None,
            clerk: PersonName::parse("Nurul Hamzah").unwrap(),
        });
        let id = Tr::new(Lang::Id);
        let (lines, _) = versions(&[handover, returned("Pindah")], &[], id);
        assert!(
            lines[0].starts_with("1. ") && lines[0].contains("Siti Aminah"),
            "{lines:?}"
        );
        assert!(
            lines[1..4].iter().all(|l| l.starts_with("   ")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("Nurul Hamzah")),
            "{lines:?}"
        );
        assert!(lines[4].starts_with("2. "), "{lines:?}");
    }
}
