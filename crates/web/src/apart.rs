//! A row's candidates as the import preview and the review queue show them:
//! each person with the facts that tell them from the others (other names,
//! patronymic, birth date, arrests, places of detention, list numbers), so
//! an editor can tell two namesakes apart before choosing.

use vigil_app::import::Apart;

use crate::I18n;

/// One candidate, ready to show.
pub(crate) struct CandidateView {
    pub id: String,
    pub name: String,
    pub score: String,
    /// (label, value), in a fixed order; an unknown birth or arrest date
    /// says so.
    pub facts: Vec<(String, String)>,
}

/// The candidates, best first, as shown.
pub(crate) fn views<'a>(
    i: &I18n,
    candidates: impl IntoIterator<Item = (&'a Apart, f64)>,
) -> Vec<CandidateView> {
    candidates
        .into_iter()
        .map(|(a, score)| CandidateView {
            id: a.id.to_string(),
            name: a.name.clone(),
            score: format!("{score:.3}"),
            facts: facts(i, a),
        })
        .collect()
}

fn facts(i: &I18n, a: &Apart) -> Vec<(String, String)> {
    a.facts()
        .into_iter()
        .map(|(fact, value)| {
            let label = i.t(&format!("apart-{}", fact.key()));
            (label, value.unwrap_or_else(|| i.t("apart-unknown")))
        })
        .collect()
}
