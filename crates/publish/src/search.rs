//! Search over the public projection: it finds people by what their public
//! page shows (names in every script, cases, charges, places of detention,
//! courts, texts, sources) and by nothing else.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use vigil_domain::Id;
use vigil_domain::records::Person;
use vigil_names::search::MemoryIndex;

use crate::site::{Event, PublicPerson, PublicSite};

/// A person whose public page answers a query, with the text that answered.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicHit {
    pub person: Id<Person>,
    pub name: String,
    /// Where on the page the text is: `name`, `case`, `charge`, `facility`,
    /// `court`, `event`, `biography` or `source`.
    pub field: String,
    pub form: String,
    pub score: f64,
}

/// Every text of a public person's page, with where it is.
fn texts(p: &PublicPerson) -> Vec<(&'static str, &str)> {
    let mut out: Vec<(&'static str, &str)> = vec![("name", p.name.as_str())];
    out.extend(p.other_names.iter().map(|n| ("name", n.as_str())));
    if let Some(f) = &p.facility {
        out.push(("facility", f));
    }
    for c in &p.cases {
        out.push(("case", &c.title));
        for ch in &c.charges {
            out.push(("charge", &ch.article));
            if let Some(l) = &ch.label {
                out.push(("charge", l));
            }
        }
        if let Some(court) = &c.verdict_court {
            out.push(("court", court));
        }
        out.extend(c.summary.0.iter().map(|t| ("case", t.text.as_str())));
    }
    for e in &p.timeline {
        match &e.what {
            Event::Detention {
                facility: Some(f), ..
            } => out.push(("facility", f)),
            Event::Transfer { to } => out.push(("facility", to)),
            Event::Hearing { court: Some(c), .. } => out.push(("court", c)),
            Event::Welfare { text } => out.push(("event", text)),
            Event::Incident { title } => out.push(("event", title)),
            Event::Complaint { subject, .. } => out.push(("event", subject)),
            _ => {}
        }
    }
    out.extend(p.biography.0.iter().map(|t| ("biography", t.text.as_str())));
    for s in &p.sources {
        out.push(("source", &s.title));
        if let Some(x) = &s.excerpt {
            out.push(("source", x));
        }
    }
    out
}

/// The texts of the public persons' pages, by person.
pub(crate) type SearchIndex = MemoryIndex<Id<Person>>;

/// Persons changed since the index kept was built, at most, before a copy
/// builds a whole index again on its first search.
const MOST_REPLACED: usize = 5_000;

fn build<'a>(persons: impl Iterator<Item = &'a PublicPerson>) -> SearchIndex {
    let mut index = MemoryIndex::new();
    for p in persons {
        for (field, text) in texts(p) {
            index.add(p.id, field, text);
        }
    }
    index
}

/// A projection's search index: the one kept (built on the first search,
/// or its original's for a copy), and beside it the persons changed since
/// it was built, with their pages as they are now. Searching both as one
/// ([`MemoryIndex::search_beside`]) answers as a new index would, and a
/// copy after a change costs an index of the persons it changed.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchLayers {
    kept: OnceLock<Arc<SearchIndex>>,
    newer: Arc<SearchIndex>,
    replaced: Arc<HashSet<Id<Person>>>,
}

impl SearchLayers {
    /// The layers for a copy whose persons are `persons`, where `changed`
    /// were added, edited or removed since this projection.
    pub(crate) fn carried(
        &self,
        persons: &[PublicPerson],
        changed: &HashSet<Id<Person>>,
    ) -> SearchLayers {
        let Some(kept) = self.kept.get() else {
            return SearchLayers::default();
        };
        let replaced: HashSet<Id<Person>> = self.replaced.union(changed).copied().collect();
        if replaced.len() > MOST_REPLACED {
            return SearchLayers::default();
        }
        let newer = build(persons.iter().filter(|p| replaced.contains(&p.id)));
        SearchLayers {
            kept: OnceLock::from(kept.clone()),
            newer: Arc::new(newer),
            replaced: Arc::new(replaced),
        }
    }
}

impl PublicSite {
    /// The people whose public pages answer `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<PublicHit> {
        let layers = &self.search;
        let kept = (layers.kept).get_or_init(|| Arc::new(build(self.persons.iter())));
        kept.search_beside(&layers.newer, &layers.replaced, query, limit)
            .into_iter()
            .filter_map(|r| {
                let p = self.person(r.id)?;
                Some(PublicHit {
                    person: p.id,
                    name: p.name.clone(),
                    field: r.field,
                    form: r.form,
                    score: r.score,
                })
            })
            .take(limit)
            .collect()
    }
}
