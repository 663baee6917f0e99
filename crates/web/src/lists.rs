//! A list's versions in the workspace: counts over time and what changed
//! between each version and the next (added, removed, category changed),
//! for internal lists as well as public ones, as far as the role may see.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use vigil_domain::derived::entry_changes;
use vigil_domain::records::{ListEntry, ListVersion, Person, PrisonerList};
use vigil_domain::{AnyId, Id, RecordKind};

use crate::staff::{RequireStaff, staff_page};
use crate::{Chrome, WebError};

/// An entry as shown: the person (if the role may see them), number, category.
pub(crate) struct Shown {
    person: Option<(AnyId, String)>,
    number: String,
    category: String,
    /// The category before, for a changed entry.
    before: String,
}

pub(crate) struct Step {
    from: String,
    to: String,
    /// False when either version has no entries recorded: only counts compare.
    entries_known: bool,
    /// (message key, entries): added, removed, category changed.
    groups: Vec<(&'static str, Vec<Shown>)>,
}

#[derive(Template)]
#[template(path = "staff_list_changes.html")]
struct ChangesPage {
    c: Chrome,
    s: vigil_app::accounts::Staff,
    id: AnyId,
    title: String,
    /// The public site's headline follows this list.
    featured: bool,
    /// The list is public and the role may publish: it may be featured.
    may_feature: bool,
    /// (version id, date, published count, entries recorded)
    versions: Vec<(AnyId, String, String, usize)>,
    steps: Vec<Step>,
}

pub(crate) async fn changes(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let list: PrisonerList = ws.typed(&id, RecordKind::PrisonerList).await?;
    let mut versions: Vec<ListVersion> = ws
        .all_of::<ListVersion>(RecordKind::ListVersion)
        .await?
        .into_iter()
        .filter(|v| v.list == list.id)
        .collect();
    versions.sort_by_key(|v| v.date.sort_key());
    // Who the entries name, as this role may see them.
    let mut names: HashMap<Id<Person>, Option<String>> = HashMap::new();
    for e in versions.iter().flat_map(|v| v.entries.iter()) {
        if names.contains_key(&e.person) {
            continue;
        }
        let label = ws.find(e.person.erase()).await?.map(|r| ws.label(&r));
        names.insert(e.person, label);
    }
    let show = |e: &ListEntry, before: Option<String>| Shown {
        person: names
            .get(&e.person)
            .cloned()
            .flatten()
            .map(|n| (e.person.erase(), n)),
        number: e.number.map(|n| n.to_string()).unwrap_or_default(),
        category: e.category.clone().unwrap_or_default(),
        before: before.unwrap_or_default(),
    };
    let steps = versions
        .windows(2)
        .map(|w| {
            let ch = entry_changes(
                &w[0].entries,
                &w[1].entries,
                |e| e.person,
                |e| e.category.as_deref(),
            );
            Step {
                from: w[0].date.to_string(),
                to: w[1].date.to_string(),
                entries_known: !w[0].entries.is_empty() && !w[1].entries.is_empty(),
                groups: vec![
                    (
                        "changes-added",
                        ch.added.into_iter().map(|e| show(e, None)).collect(),
                    ),
                    (
                        "changes-removed",
                        ch.removed.into_iter().map(|e| show(e, None)).collect(),
                    ),
                    (
                        "changes-changed",
                        ch.changed.into_iter().map(|(e, b)| show(e, b)).collect(),
                    ),
                ],
            }
        })
        .collect();
    let page = ChangesPage {
        id: list.id.erase(),
        title: list.title.clone(),
        featured: list.featured,
        may_feature: ws.may().publish && list.visibility == vigil_domain::Visibility::Public,
        versions: versions
            .iter()
            .map(|v| {
                (
                    v.id.erase(),
                    v.date.to_string(),
                    v.published_count
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "—".into()),
                    v.entries.len(),
                )
            })
            .collect(),
        steps,
        c,
        s: ws.staff().clone(),
    };
    Ok(staff_page(page.render()?))
}

/// Make this list the public site's headline (an editor's choice; audited).
pub(crate) async fn feature(
    Path(id): Path<String>,
    form: crate::staff::StaffForm,
) -> Result<Response, WebError> {
    let list = form.ws.editor()?.feature_list(&id).await?;
    Ok(axum::response::Redirect::to(&format!("/staff/lists/{}", list.id)).into_response())
}
