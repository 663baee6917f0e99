//! A row's candidates as the import preview and the review queue show them:
//! each person with the facts that tell them from the others (other names,
//! patronymic, birth date, arrests, places of detention, list numbers), so
//! an editor can tell two namesakes apart before choosing.

use std::collections::HashMap;

use vigil_app::import::Apart;
use vigil_app::workspace::Editor;
use vigil_domain::Id;
use vigil_domain::records::Person;

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

/// The facts of every person in `ids` (each read once), by id.
pub(crate) async fn facts_of(
    editor: &Editor<'_>,
    ids: impl IntoIterator<Item = Id<Person>>,
) -> Result<HashMap<Id<Person>, Apart>, vigil_app::AppError> {
    let mut unique: Vec<Id<Person>> = ids.into_iter().collect();
    unique.sort();
    unique.dedup();
    Ok(editor
        .tell_apart(&unique)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

/// The candidates `(id, score)` that the editor may see, best first.
pub(crate) fn views(
    i: &I18n,
    known: &HashMap<Id<Person>, Apart>,
    candidates: impl IntoIterator<Item = (Id<Person>, f64)>,
) -> Vec<CandidateView> {
    candidates
        .into_iter()
        .filter_map(|(id, score)| {
            let a = known.get(&id)?;
            Some(CandidateView {
                id: id.to_string(),
                name: a.name.clone(),
                score: format!("{score:.3}"),
                facts: facts(i, a),
            })
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
