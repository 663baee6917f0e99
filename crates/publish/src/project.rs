//! The projection computed: public records in, what the public site shows
//! out ([`PublicSite::build`]). Each part of a page has a function of its
//! own: cases, hearings, lists, and each person from what is gathered about
//! them ([`Gathered`]).

use std::collections::HashMap;

use vigil_domain::derived::{self, Reckoning};
use vigil_domain::records::*;
use vigil_domain::{Id, PartialDate};
use vigil_storage::{Result, Store};

use crate::site::*;

/// Items by each person they concern.
fn group<T>(items: &[T], persons: impl Fn(&T) -> Vec<Id<Person>>) -> HashMap<Id<Person>, Vec<&T>> {
    let mut out: HashMap<Id<Person>, Vec<&T>> = HashMap::new();
    for item in items {
        let mut ids = persons(item);
        ids.sort();
        ids.dedup();
        for id in ids {
            out.entry(id).or_default().push(item);
        }
    }
    out
}

struct Index {
    orgs: HashMap<Id<Organization>, Organization>,
    sources: HashMap<Id<Source>, Source>,
    persons: HashMap<Id<Person>, Person>,
}

impl Index {
    fn org_name(&self, id: Option<Id<Organization>>) -> Option<String> {
        id.and_then(|id| self.orgs.get(&id))
            .map(|o| public_name(&o.names).unwrap_or_default())
            .filter(|s| !s.is_empty())
    }

    fn person_name(&self, id: Id<Person>) -> Option<String> {
        self.persons.get(&id).and_then(|p| public_name(&p.names))
    }

    fn cite(&self, links: &[SourceLink]) -> Vec<PublicCitation> {
        links
            .iter()
            .filter(|l| l.visibility == PUBLIC)
            .filter_map(|l| {
                let s = self.sources.get(&l.source)?;
                Some(PublicCitation {
                    title: s.title.clone(),
                    author: s
                        .author
                        .as_ref()
                        .and_then(|a| a.visible_at(s.visibility, PUBLIC))
                        .cloned(),
                    publisher: self.org_name(s.publisher),
                    date: s.date,
                    url: s.url.clone(),
                    excerpt: l.excerpt.clone(),
                    machine_translated: s.machine_translated,
                })
            })
            .collect()
    }
}

/// A case's terms as timeline events: the verdict's, then each change on appeal.
fn push_sentences(timeline: &mut Vec<PublicEvent>, c: &Case) {
    if let Some(s) = &c.sentence {
        timeline.push(PublicEvent {
            date: c.verdict.as_ref().and_then(|v| v.date),
            what: Event::Sentenced {
                sentence: s.clone(),
                on_appeal: false,
            },
        });
    }
    for a in &c.appeals {
        if let Some(s) = &a.sentence {
            timeline.push(PublicEvent {
                date: a.date,
                what: Event::Sentenced {
                    sentence: s.clone(),
                    on_appeal: true,
                },
            });
        }
    }
}

/// Every public organisation's other-language names and every public list's
/// translated titles, keyed by the form pages show by default.
fn local_names<'a>(
    orgs: impl Iterator<Item = &'a Organization>,
    lists: &[PrisonerList],
) -> HashMap<String, std::collections::BTreeMap<String, String>> {
    let mut out: HashMap<String, std::collections::BTreeMap<String, String>> = HashMap::new();
    for o in orgs {
        let Some(shown) = public_name(&o.names) else {
            continue;
        };
        for n in o
            .names
            .iter()
            .filter(|n| n.visibility == PUBLIC && n.name != shown)
        {
            if let Some(lang) = &n.language {
                let forms = out.entry(shown.clone()).or_default();
                forms.entry(lang.clone()).or_insert_with(|| n.name.clone());
            }
        }
    }
    for l in lists {
        for t in l.titles.iter().filter(|t| t.visibility == PUBLIC) {
            let forms = out.entry(l.title.clone()).or_default();
            forms
                .entry(t.language.clone())
                .or_insert_with(|| t.text.clone());
        }
    }
    out
}

/// The public forms of a name, `primary` first, each once.
fn name_forms(
    names: &[vigil_domain::Name],
    primary: &str,
) -> Vec<(String, vigil_domain::text::Script)> {
    let mut forms = vec![(
        primary.to_owned(),
        vigil_domain::text::Script::detect(primary),
    )];
    for n in names.iter().filter(|n| n.visibility == PUBLIC) {
        if !forms.iter().any(|(f, _)| *f == n.name) {
            forms.push((n.name.clone(), n.script));
        }
    }
    forms
}

fn public_name(names: &[vigil_domain::Name]) -> Option<String> {
    let mut public = names.iter().filter(|n| n.visibility == PUBLIC);
    let primary = names
        .iter()
        .find(|n| n.visibility == PUBLIC && n.kind == vigil_domain::NameKind::Primary);
    primary.or_else(|| public.next()).map(|n| n.name.clone())
}

impl PublicSite {
    /// Read the public records and project them, for every language at once.
    /// The projection as of `reckoning.today`, with its confirmation period.
    pub async fn load(store: &Store, reckoning: Reckoning) -> Result<PublicSite> {
        Ok(Self::build(PublicRecords::read(store).await?, reckoning))
    }

    /// Project records read by [`PublicRecords::read`]. Computing only, for
    /// seconds on a large store: a server runs it off its async threads.
    pub fn build(records: PublicRecords, reckoning: Reckoning) -> PublicSite {
        let index = Index {
            orgs: (records.organizations.iter())
                .map(|o| (o.id, o.clone()))
                .collect(),
            sources: (records.sources.iter())
                .map(|s| (s.id, s.clone()))
                .collect(),
            persons: (records.persons.iter())
                .map(|p| (p.id, p.clone()))
                .collect(),
        };
        let cases = public_cases(&records.cases, &index);
        let hearings = public_hearings(&records, &index);
        let lists = public_lists(&records, &index);
        let gathered = Gathered::new(&records, &hearings, &lists);
        let mut persons: Vec<PublicPerson> = (records.persons.iter())
            .filter_map(|p| gathered.person(p, &index, &cases, reckoning))
            .collect();
        persons.sort_by(|a, b| a.name.cmp(&b.name));
        let photos = (records.files.iter())
            .filter_map(|f| {
                Some(PublicPhoto {
                    sha256: f.public_copy()?.to_owned(),
                    id: f.id,
                    media_type: f.media_type.clone(),
                })
            })
            .collect();
        PublicSite {
            persons,
            photos,
            hearings,
            local_names: local_names(index.orgs.values(), &records.lists),
            lists,
            ..PublicSite::default()
        }
    }
}

/// Every public case as it shows on its defendants' pages.
fn public_cases(cases: &[Case], index: &Index) -> HashMap<Id<Case>, PublicCase> {
    cases
        .iter()
        .map(|c| (c.id, public_case(c, index)))
        .collect()
}

fn public_case(c: &Case, index: &Index) -> PublicCase {
    PublicCase {
        id: c.id,
        title: c.title.clone(),
        charges: (c.charges.iter())
            .map(|ch| PublicCharge {
                article: ch.article.clone(),
                label: ch.label.clone(),
                labels: ch.labels.clone(),
                code: ch.code.clone(),
            })
            .collect(),
        status: c.status,
        sentence: derived::current_sentence(c).cloned(),
        verdict_date: c.verdict.as_ref().and_then(|v| v.date),
        verdict_court: c.verdict.as_ref().and_then(|v| index.org_name(v.court)),
        international: (c.international.iter())
            .map(|a| PublicApplication {
                body: a.body,
                number: a.number.clone(),
                decided: a.decided,
                outcome: a.outcome.clone(),
            })
            .collect(),
        summary: Texts::public(&c.summary),
        sources: index.cite(&c.sources),
    }
}

/// Every public hearing of a public case, with its public defendants, by day and time.
fn public_hearings(records: &PublicRecords, index: &Index) -> Vec<PublicHearing> {
    let case_by_id: HashMap<Id<Case>, &Case> = records.cases.iter().map(|c| (c.id, c)).collect();
    let mut hearings: Vec<PublicHearing> = (records.hearings.iter())
        .filter_map(|h| {
            let case = case_by_id.get(&h.case)?;
            Some(PublicHearing {
                id: h.id,
                case_title: case.title.clone(),
                persons: (case.defendants.iter())
                    .filter_map(|p| Some((*p, index.person_name(*p)?)))
                    .collect(),
                court: index.org_name(h.court),
                date: h.date,
                time: h.time,
                time_zone: h.time_zone.clone(),
                judge: h.judge.clone(),
                kind: h.kind,
                status: h.status,
                outcome: h.outcome.clone(),
                observers_admitted: h.observers_admitted,
            })
        })
        .collect();
    hearings.sort_by_key(|h| (h.date, h.time));
    hearings
}

/// Every public list with its versions, oldest first, each naming its public persons.
fn public_lists(records: &PublicRecords, index: &Index) -> Vec<PublicList> {
    let mut lists: Vec<PublicList> = (records.lists.iter())
        .map(|l| {
            let mut versions: Vec<PublicListVersion> = (records.versions.iter())
                .filter(|v| v.list == l.id)
                .map(|v| public_list_version(v, index))
                .collect();
            versions.sort_by_key(|v| v.date.sort_key());
            PublicList {
                id: l.id,
                title: l.title.clone(),
                publisher: index.org_name(l.publisher),
                criteria: Texts::public(&l.criteria),
                featured: l.featured,
                versions,
            }
        })
        .collect();
    lists.sort_by(|a, b| a.title.cmp(&b.title));
    lists
}

fn public_list_version(v: &ListVersion, index: &Index) -> PublicListVersion {
    PublicListVersion {
        id: v.id,
        date: v.date,
        publisher: index.org_name(v.publisher),
        published_count: v.published_count,
        count_qualifier: v.count_qualifier,
        entries: (v.entries.iter())
            .filter_map(|e| {
                Some(PublicListEntry {
                    person: e.person,
                    name: index.person_name(e.person)?,
                    number: e.number,
                    category: e.category.clone(),
                })
            })
            .collect(),
        entries_recorded: v.entries.len(),
    }
}

/// Everything a person's page gathers, indexed by person once (not searched per person).
struct Gathered<'a> {
    episodes: HashMap<Id<Person>, Vec<&'a DetentionEpisode>>,
    cases: HashMap<Id<Person>, Vec<&'a Case>>,
    hearings: HashMap<Id<Person>, Vec<&'a PublicHearing>>,
    welfare: HashMap<Id<Person>, Vec<&'a WelfareReport>>,
    incidents: HashMap<Id<Person>, Vec<&'a Incident>>,
    complaints: HashMap<Id<Person>, Vec<&'a Complaint>>,
    recognitions: HashMap<Id<Person>, Vec<&'a Recognition>>,
    relations: HashMap<Id<Person>, Vec<&'a Relationship>>,
    lists: HashMap<Id<Person>, Vec<ListMembership>>,
}

impl<'a> Gathered<'a> {
    fn new(
        records: &'a PublicRecords,
        hearings: &'a [PublicHearing],
        lists: &[PublicList],
    ) -> Gathered<'a> {
        let mut on_lists: HashMap<Id<Person>, Vec<ListMembership>> = HashMap::new();
        for l in lists {
            for v in &l.versions {
                for e in &v.entries {
                    (on_lists.entry(e.person).or_default()).push((
                        l.title.clone(),
                        v.date,
                        e.number,
                    ));
                }
            }
        }
        Gathered {
            episodes: group(&records.episodes, |e| vec![e.person]),
            cases: group(&records.cases, |c| c.defendants.clone()),
            hearings: group(hearings, |h| h.persons.iter().map(|(id, _)| *id).collect()),
            welfare: group(&records.welfare, |w| vec![w.person]),
            incidents: group(&records.incidents, |i| {
                i.victims.iter().filter_map(|v| v.person).collect()
            }),
            complaints: group(&records.complaints, |c| {
                c.filer
                    .into_iter()
                    .chain(c.on_behalf_of.iter().copied())
                    .collect()
            }),
            recognitions: group(&records.recognitions, |r| match r.excluded {
                true => vec![],
                false => r.persons.clone(),
            }),
            relations: group(&records.relationships, |r| match r.object {
                Party::Person(o) => vec![r.subject, o],
                Party::Organization(_) => vec![],
            }),
            lists: on_lists,
        }
    }

    fn of<T>(map: &HashMap<Id<Person>, Vec<T>>, p: Id<Person>) -> &[T] {
        map.get(&p).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Person `p` as the public may see them; none without a public name.
    fn person(
        &self,
        p: &Person,
        index: &Index,
        cases: &HashMap<Id<Case>, PublicCase>,
        reckoning: Reckoning,
    ) -> Option<PublicPerson> {
        let name = public_name(&p.names)?;
        let eps = Self::of(&self.episodes, p.id).to_vec();
        let person_cases_all = Self::of(&self.cases, p.id).to_vec();
        let status = derived::detention(p, &eps, &person_cases_all, reckoning);
        let current = (eps.iter())
            .filter(|e| e.end.is_none())
            .max_by_key(|e| e.start.map(|s| s.sort_key()));
        // The first arrest, with any other dates its sources give.
        let first = (eps.iter())
            .filter(|e| e.start.is_some())
            .min_by_key(|e| e.start.map(|d| d.sort_key()));
        let (timeline, recognitions) = self.timeline(p, index, cases);
        Some(PublicPerson {
            id: p.id,
            other_names: (p.names.iter())
                .filter(|n| n.visibility == PUBLIC && n.name != name)
                .map(|n| n.name.clone())
                .collect(),
            forms: name_forms(&p.names, &name),
            name,
            gender: p.gender,
            birth_date: (p.birth_date.as_ref())
                .and_then(|b| b.visible_at(p.visibility, PUBLIC))
                .copied(),
            country: p.country.clone(),
            occupations: p.occupations.clone(),
            biography: Texts::public(&p.biography),
            status: status.status,
            status_as_of: status.as_of,
            status_stale: status.stale,
            days_in_detention: status.days,
            facility: current.and_then(|e| index.org_name(e.facility)),
            arrest_date: first.and_then(|e| e.start),
            arrest_date_disputed: first.map(|e| e.disputed_starts.clone()).unwrap_or_default(),
            cases: (person_cases_all.iter())
                .filter_map(|c| cases.get(&c.id).cloned())
                .collect(),
            timeline,
            recognitions,
            lists: Self::of(&self.lists, p.id).to_vec(),
            relations: self.relations(p.id, index),
            sources: index.cite(&p.sources),
        })
    }

    /// Person `p`'s events, by date, and their recognitions.
    fn timeline(
        &self,
        p: &Person,
        index: &Index,
        cases: &HashMap<Id<Case>, PublicCase>,
    ) -> (Vec<PublicEvent>, Vec<PublicRecognition>) {
        let mut timeline = Vec::new();
        let event = |date, what| PublicEvent { date, what };
        for e in Self::of(&self.episodes, p.id) {
            timeline.push(event(
                e.start,
                Event::Detention {
                    kind: e.kind,
                    facility: index.org_name(e.facility),
                    also_given: e.disputed_starts.clone(),
                },
            ));
            for t in &e.transfers {
                if let Some(to) = index.org_name(Some(t.to)) {
                    timeline.push(event(t.date, Event::Transfer { to }));
                }
            }
            if let Some(end) = e.end {
                let reason = e.release_reason;
                timeline.push(event(Some(end), Event::Release { reason }));
            }
        }
        for h in Self::of(&self.hearings, p.id) {
            timeline.push(event(
                Some(PartialDate::from_date(h.date)),
                Event::Hearing {
                    kind: h.kind,
                    status: h.status,
                    court: h.court.clone(),
                },
            ));
        }
        for w in Self::of(&self.welfare, p.id) {
            if let Some(d) = w.description.visible_at(w.visibility, PUBLIC) {
                timeline.push(event(w.date, Event::Welfare { text: d.clone() }));
            }
        }
        for i in Self::of(&self.incidents, p.id) {
            let title = i.title.clone();
            timeline.push(event(i.date, Event::Incident { title }));
        }
        for c in Self::of(&self.complaints, p.id) {
            let (kind, subject) = (c.kind, c.subject.clone());
            timeline.push(event(c.submitted_on, Event::Complaint { kind, subject }));
        }
        for c in Self::of(&self.cases, p.id) {
            if cases.contains_key(&c.id) {
                push_sentences(&mut timeline, c);
            }
        }
        let mut recognitions = Vec::new();
        for r in Self::of(&self.recognitions, p.id) {
            let recognition = PublicRecognition {
                kind: r.kind,
                title: r.title.clone(),
                by: index.org_name(r.by),
                date: r.date,
            };
            recognitions.push(recognition.clone());
            timeline.push(event(r.date, Event::Recognition(recognition)));
        }
        for (title, date, _) in Self::of(&self.lists, p.id) {
            let list = title.clone();
            timeline.push(event(Some(*date), Event::ListEntry { list }));
        }
        timeline.sort_by_key(|e| e.date.map(|d| d.sort_key()));
        (timeline, recognitions)
    }

    /// Person `id`'s relations with other public persons.
    fn relations(&self, id: Id<Person>, index: &Index) -> Vec<PublicRelation> {
        (Self::of(&self.relations, id).iter())
            .filter_map(|r| {
                let Party::Person(object) = r.object else {
                    return None;
                };
                let (inverse, other) = match (r.subject == id, object == id) {
                    (true, _) => (false, object),
                    (false, true) => (true, r.subject),
                    (false, false) => return None,
                };
                Some(PublicRelation {
                    kind: r.kind,
                    inverse,
                    person: other,
                    name: index.person_name(other)?,
                })
            })
            .collect()
    }
}
