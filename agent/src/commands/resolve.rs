//! `antar-agent resolve`: settles a conflict, or shows the versions to choose from.

use std::collections::BTreeSet;

use antar_shared::Lang;
use antar_shared::doc::{Condition, Outcome};
use antar_shared::tracking::TrackingCode;
use clap::ValueEnum;

use super::output::{Out, say, tell};
use super::replica_failure;
use crate::clerk::{self, Choice};
use crate::failure::{Failure, clerk_failure};
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
pub async fn run(replica: &Replica, lang: Lang, args: ResolveArgs) -> Result<(), Failure> {
    let me = replica
        .require_enrollment()
        .await
        .map_err(replica_failure(replica.dir()))?;
    let code = clerk::parse_code(&args.tracking_code).map_err(clerk_failure)?;
    let choice = match (args.keep, args.neither, args.condition) {
        (Some(n), _, _) => Choice::Keep(n),
        (None, true, _) => Choice::Neither,
        (None, false, Some(c)) => Choice::Condition(c.into()),
        (None, false, None) => return show(replica, lang, &me, code).await,
    };
    clerk::resolve(replica, &me, code, choice)
        .await
        .map_err(clerk_failure)?;
    tell(
        lang,
        &format!("{code}: konflik diselesaikan dan tersimpan."),
        &format!("{code}: conflict resolved and saved."),
    );
    Ok(())
}

/// Shows the versions on stdout and how to choose on stderr.
async fn show(
    replica: &Replica,
    lang: Lang,
    me: &Enrollment,
    code: TrackingCode,
) -> Result<(), Failure> {
    let doc = replica
        .load(me.desa)
        .await
        .map_err(replica_failure(replica.dir()))?;
    let state = clerk::find(&doc, code).map_err(clerk_failure)?;
    let outcomes: Vec<Outcome> = state.outcomes().into_iter().map(|o| o.value).collect();
    let arrivals: Vec<Condition> = state.arrivals().into_iter().map(|a| a.value).collect();
    let (lines, hint) = versions(&outcomes, &arrivals, lang);
    let mut out = Out::stdout();
    for line in lines {
        out.line(line)?;
    }
    tell(lang, hint.0, hint.1);
    Ok(())
}

/// The lines showing a dispatch's versions, and what to tell the clerk (Indonesian,
/// English): the outcomes numbered for `--keep N`; the conditions on arrival, when the
/// devices disagree, each with the `--condition` that keeps it.
fn versions(
    outcomes: &[Outcome],
    arrivals: &[Condition],
    lang: Lang,
) -> (Vec<String>, (&'static str, &'static str)) {
    let mut lines: Vec<String> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{}. {}", i + 1, describe(o, lang)))
        .collect();
    let outcome_conflict = outcomes
        .iter()
        .any(|a| outcomes.iter().any(|b| !a.same_fact(b)));
    let conditions: BTreeSet<Condition> = arrivals.iter().copied().collect();
    let arrival_conflict = conditions.len() > 1;
    if arrival_conflict {
        lines.extend(conditions.iter().map(|c| arrival(*c, lang)));
    }
    let hint = match (outcome_conflict, arrival_conflict) {
        (true, true) => (
            "Pilih versi dengan --keep N atau --neither, dan kondisi saat tiba dengan --condition.",
            "Choose a version with --keep N or --neither, and the condition on arrival with --condition.",
        ),
        (true, false) => (
            "Pilih dengan --keep N, atau --neither bila tidak ada yang terjadi.",
            "Choose with --keep N, or --neither if none of them happened.",
        ),
        (false, true) => (
            "Pilih kondisi sebenarnya saat tiba dengan --condition.",
            "Choose the real condition on arrival with --condition.",
        ),
        (false, false) => (
            "Tidak ada konflik yang perlu diselesaikan.",
            "There is no conflict to resolve.",
        ),
    };
    (lines, hint)
}

/// One recorded condition on arrival, in words, with the choice that keeps it.
fn arrival(condition: Condition, lang: Lang) -> String {
    let (id, en) = match condition {
        Condition::Ok => ("baik", "intact"),
        Condition::Damaged => ("rusak", "damaged"),
        Condition::Missing => ("tidak ada dalam kiriman", "missing from the delivery"),
    };
    let value = ConditionArg::from(condition)
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default();
    say(
        lang,
        &format!("Tercatat saat tiba: {id} (pilih dengan --condition {value})"),
        &format!("Recorded on arrival: {en} (choose with --condition {value})"),
    )
}

fn describe(outcome: &Outcome, lang: Lang) -> String {
    match outcome {
        Outcome::HandedOver(h) => format!(
            "{} {} ({}), {} {}",
            say(lang, "Diserahkan kepada", "Handed to"),
            h.recipient,
            h.relation.label(lang),
            say(lang, "petugas", "clerk"),
            h.clerk
        ),
        Outcome::Returned(r) => format!("{}: {r}", say(lang, "Dikembalikan", "Returned")),
        Outcome::Recalled(r) => format!("{}: {r}", say(lang, "Ditarik", "Recalled")),
        Outcome::Cleared => say(lang, "Tidak terjadi apa-apa", "Nothing happened"),
    }
}

#[cfg(test)]
mod tests {
    use antar_shared::text::Reason;

    use super::*;

    fn returned(why: &str) -> Outcome {
        Outcome::Returned(Reason::parse(why).unwrap())
    }

    /// One agreed arrival is no version to choose: no line for it (it used to print
    /// an unexplained "-  Ok").
    #[test]
    fn an_agreed_arrival_is_not_listed() {
        let (lines, hint) = versions(&[], &[Condition::Ok, Condition::Ok], Lang::Id);
        assert!(lines.is_empty(), "{lines:?}");
        assert_eq!(hint.0, "Tidak ada konflik yang perlu diselesaikan.");
    }

    #[test]
    fn disagreeing_arrivals_are_said_in_words_with_their_choice() {
        let arrivals = [Condition::Damaged, Condition::Ok];
        let (lines, hint) = versions(&[], &arrivals, Lang::Id);
        assert_eq!(
            lines,
            [
                "Tercatat saat tiba: baik (pilih dengan --condition ok)",
                "Tercatat saat tiba: rusak (pilih dengan --condition damaged)",
            ]
        );
        assert!(hint.0.contains("--condition"));
        let (lines, hint) = versions(&[], &[Condition::Missing, Condition::Ok], Lang::En);
        assert_eq!(
            lines,
            [
                "Recorded on arrival: intact (choose with --condition ok)",
                "Recorded on arrival: missing from the delivery (choose with --condition missing)",
            ]
        );
        assert!(hint.1.contains("--condition"));
    }

    #[test]
    fn outcomes_are_numbered_for_keep() {
        let outcomes = [
            returned("Salah cetak"),
            Outcome::Recalled(Reason::parse("Data salah").unwrap()),
        ];
        let (lines, hint) = versions(&outcomes, &[Condition::Ok], Lang::En);
        assert_eq!(
            lines,
            ["1. Returned: Salah cetak", "2. Recalled: Data salah"]
        );
        assert_eq!(
            hint.1,
            "Choose with --keep N, or --neither if none of them happened."
        );
        let (lines, hint) = versions(&outcomes[..1], &[Condition::Ok], Lang::Id);
        assert_eq!(lines, ["1. Dikembalikan: Salah cetak"]);
        assert_eq!(hint.0, "Tidak ada konflik yang perlu diselesaikan.");
    }
}
