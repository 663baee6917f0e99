//! Search over the public projection: it finds people by what their public
//! page shows (names in every script, cases, charges, places of detention,
//! courts, texts, sources) and by nothing else.

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

pub(crate) fn build(site: &PublicSite) -> SearchIndex {
    let mut index = MemoryIndex::new();
    for p in &site.persons {
        for (field, text) in texts(p) {
            index.add(p.id, field, text);
        }
    }
    index
}

impl PublicSite {
    /// The people whose public pages answer `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<PublicHit> {
        let index = self
            .search_index
            .get_or_init(|| std::sync::Arc::new(build(self)));
        // Hits on persons withdrawn since the index was built are passed over.
        index
            .search(query, limit + self.unlisted_in_index)
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
