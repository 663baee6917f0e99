//! Which fields each kind of record's form shows, and how each is typed.
//! Person has its own form (`person.rs`); files come from uploads; users
//! from `vigil user`. Every other kind is described here.

use serde::Serialize;
use vigil_domain::RecordKind as K;
use vigil_domain::records::*;

use vigil_app::workspace::Target as T;

use super::fields::{Col, Field, Opts, W};
use crate::I18n;

/// The options of an enum, labelled in the reader's language where a
/// translation exists (`{group}-{value}`), else in English.
fn opts<T: Serialize + Copy>(
    i18n: &I18n,
    group: &str,
    all: &[T],
    english: fn(T) -> &'static str,
) -> Opts {
    all.iter()
        .map(|v| {
            let key = serde_json::to_value(v)
                .ok()
                .and_then(|j| j.as_str().map(str::to_owned))
                .unwrap_or_default();
            (key, i18n.label(group, *v, english(*v)))
        })
        .collect()
}

fn f(path: &'static str, label: &'static str, w: W) -> Field {
    Field { path, label, w }
}

const fn text() -> W {
    W::Text { required: false }
}
const fn required() -> W {
    W::Text { required: true }
}
const fn area() -> W {
    W::Area { required: false }
}
const fn date() -> W {
    W::Date { required: false }
}

/// The kinds entered through the form described here.
pub(crate) fn has_form(kind: K) -> bool {
    !matches!(kind, K::Person | K::File | K::User)
}

/// The fields of `kind`'s form, in the order shown. Empty for kinds without one.
pub(crate) fn fields(kind: K, i18n: &I18n) -> Vec<Field> {
    match kind {
        K::Organization => vec![
            f("names", "org-names", W::Names),
            f(
                "kind",
                "kind",
                W::Choice(opts(
                    i18n,
                    "ok",
                    OrganizationKind::ALL,
                    OrganizationKind::label,
                )),
            ),
            f("country", "country", W::Country),
            f("city", "city", text()),
            f("parent", "parent", W::OptRef(T::ORGANIZATION)),
            f("website", "website", text()),
            f("description", "description", W::Texts),
        ],
        K::Relationship => vec![
            f("subject", "subject", W::Ref(T::PERSON)),
            f(
                "kind",
                "relation",
                W::Choice(opts(i18n, "rk", RelationKind::ALL, RelationKind::label)),
            ),
            f("object", "object", W::Party { required: true }),
            f("role", "role", text()),
            f("start", "start", date()),
            f("end", "end", date()),
        ],
        K::Case => vec![
            f("title", "title", required()),
            f("defendants", "defendants", W::Refs(T::PERSON)),
            f(
                "status",
                "case-status",
                W::Choice(opts(i18n, "cs", CaseStatus::ALL, CaseStatus::label)),
            ),
            f("country", "country", W::Country),
            f("case_number", "case-number", text()),
            f(
                "charges",
                "charges",
                W::Rows(vec![
                    ("code", "code", Col::Code),
                    ("article", "article", Col::Required),
                    ("label", "charge-label", Col::Text),
                    ("labels.az", "label-az", Col::Text),
                    ("labels.ru", "label-ru", Col::Text),
                ]),
            ),
            f("prosecuting_body", "prosecutor", W::OptRef(T::PROSECUTOR)),
            f("courts", "courts", W::Refs(T::COURT)),
            f("opened", "opened", date()),
            f("verdict.date", "verdict-date", date()),
            f("verdict.court", "verdict-court", W::OptRef(T::COURT)),
            f("verdict.text", "verdict-text", area()),
            f("sentence.years", "sentence-years", W::Int),
            f("sentence.months", "sentence-months", W::Int),
            f("sentence.life", "sentence-life", W::Check),
            f("sentence.text", "sentence-text", text()),
            f(
                "appeals",
                "appeals",
                W::Rows(vec![
                    ("court", "court", Col::OptRef(T::COURT)),
                    ("date", "date", Col::Date),
                    ("outcome", "outcome", Col::Text),
                    ("sentence.years", "sentence-years", Col::Count),
                    ("sentence.months", "sentence-months", Col::Count),
                ]),
            ),
            f(
                "international",
                "international-applications",
                W::Rows(vec![
                    (
                        "body",
                        "int-body",
                        Col::Choice(opts(
                            i18n,
                            "ib",
                            InternationalBody::ALL,
                            InternationalBody::label,
                        )),
                    ),
                    ("number", "number", Col::Text),
                    ("lodged", "lodged", Col::Date),
                    ("decided", "decided", Col::Date),
                    ("outcome", "outcome", Col::Text),
                    ("url", "url", Col::Text),
                ]),
            ),
            f("summary", "summary", W::Texts),
        ],
        K::Hearing => vec![
            f("case", "case", W::Ref(T::CASE)),
            f("court", "court", W::OptRef(T::COURT)),
            f("date", "day", W::Day),
            f("time", "time-of-day", W::Time),
            f("time_zone", "time-zone", W::Zone),
            f("judge", "judge", text()),
            f(
                "kind",
                "kind",
                W::Choice(opts(i18n, "hk", HearingKind::ALL, HearingKind::label)),
            ),
            f(
                "status",
                "hearing-status",
                W::Choice(opts(i18n, "hs", HearingStatus::ALL, HearingStatus::label)),
            ),
            f("outcome", "outcome", area()),
            f("observers_admitted", "observers", W::MaybeBool),
        ],
        K::DetentionEpisode => vec![
            f("person", "person", W::Ref(T::PERSON)),
            f("case", "case", W::OptRef(T::CASE)),
            f(
                "kind",
                "detention-kind",
                W::Choice(opts(i18n, "dk", DetentionKind::ALL, DetentionKind::label)),
            ),
            f("start", "start", date()),
            f("disputed_starts", "disputed-starts", W::Dates),
            f("end", "end", date()),
            f("confirmed_on", "confirmed-on", date()),
            f("facility", "facility", W::OptRef(T::FACILITY)),
            f(
                "transfers",
                "transfers",
                W::Rows(vec![
                    ("date", "date", Col::Date),
                    ("to", "transferred-to", Col::Ref(T::FACILITY)),
                    ("note", "note", Col::Text),
                ]),
            ),
            f(
                "release_reason",
                "release-reason",
                W::OptChoice(opts(i18n, "rr", ReleaseReason::ALL, ReleaseReason::label)),
            ),
        ],
        K::WelfareReport => vec![
            f("person", "person", W::Ref(T::PERSON)),
            f(
                "kinds",
                "concerns",
                W::Choices(opts(i18n, "wk", WelfareKind::ALL, WelfareKind::label)),
            ),
            f("date", "date", date()),
            f("reported_on", "reported-on", date()),
            f(
                "reported_by.value.kind",
                "reporter-kind",
                W::OptChoice(opts(i18n, "rpk", ReporterKind::ALL, ReporterKind::label)),
            ),
            f(
                "reported_by.value.person",
                "reporter-person",
                W::OptRef(T::PERSON),
            ),
            f(
                "reported_by.value.description",
                "reporter-description",
                text(),
            ),
            f(
                "reported_by.visibility",
                "reporter-visibility",
                W::Visibility,
            ),
            f("facility", "facility", W::OptRef(T::FACILITY)),
            f("description", "description", W::Guarded { required: true }),
        ],
        K::Incident => vec![
            f("title", "title", required()),
            f("date", "date", date()),
            f("place.name", "place", text()),
            f("place.country", "country", W::Country),
            f(
                "kinds",
                "incident-kinds",
                W::Choices(opts(i18n, "ik", IncidentKind::ALL, IncidentKind::label)),
            ),
            f(
                "victims",
                "victims",
                W::Rows(vec![
                    (
                        "role",
                        "role",
                        Col::Choice(opts(i18n, "vr", VictimRole::ALL, VictimRole::label)),
                    ),
                    ("person", "person", Col::OptRef(T::PERSON)),
                    ("because_of", "because-of", Col::OptRef(T::PERSON)),
                    ("description", "description", Col::Text),
                ]),
            ),
            f(
                "perpetrators",
                "perpetrators",
                W::Rows(vec![
                    (
                        "kind",
                        "kind",
                        Col::Choice(opts(
                            i18n,
                            "pk",
                            PerpetratorKind::ALL,
                            PerpetratorKind::label,
                        )),
                    ),
                    ("organization", "organization", Col::OptRef(T::ORGANIZATION)),
                    ("description", "description", Col::Text),
                ]),
            ),
            f("platforms", "platforms", W::Lines),
            f("gender_based", "gender-based", W::Check),
            f("consequences", "consequences", W::Lines),
            f("description", "description", W::Texts),
        ],
        K::MediaItem => vec![
            f("title", "title", required()),
            f("outlet", "outlet", W::OptRef(T::OUTLET)),
            f("url", "url", text()),
            f("date", "date", date()),
            f("language", "language-code", text()),
            f("targets", "targets", W::Refs(T::PERSON)),
            f(
                "stance",
                "stance",
                W::Choice(opts(i18n, "st", Stance::ALL, Stance::label)),
            ),
            f("archived_copy", "archived-copy", W::OptRef(T::FILE)),
        ],
        K::Complaint => vec![
            f(
                "kind",
                "kind",
                W::Choice(opts(i18n, "ck", ComplaintKind::ALL, ComplaintKind::label)),
            ),
            f("subject", "subject-line", required()),
            f("filer", "filer", W::OptRef(T::PERSON)),
            f("on_behalf_of", "on-behalf-of", W::Refs(T::PERSON)),
            f("addressees", "addressees", W::Refs(T::ORGANIZATION)),
            f("respondent", "respondent", text()),
            f("submitted_on", "submitted-on", date()),
            f(
                "channel",
                "channel",
                W::OptChoice(opts(i18n, "ch", Channel::ALL, Channel::label)),
            ),
            f("proof_of_delivery.kind", "proof-kind", text()),
            f("proof_of_delivery.date", "proof-date", date()),
            f("response_days", "response-days", W::Count),
            f("response.date", "response-date", date()),
            f("response.summary", "response-summary", area()),
            f(
                "status",
                "complaint-status",
                W::Choice(opts(
                    i18n,
                    "cst",
                    ComplaintStatus::ALL,
                    ComplaintStatus::label,
                )),
            ),
            f(
                "follow_ups",
                "follow-ups",
                W::Rows(vec![
                    ("date", "date", Col::Date),
                    ("note", "note", Col::Required),
                ]),
            ),
            f("concerning_media", "concerning-media", W::Refs(T::MEDIA)),
        ],
        K::AdvocacyLetter => vec![
            f("subject", "subject-line", required()),
            f("sender", "sender", W::OptRef(T::ORGANIZATION)),
            f("signed_by", "signed-by", text()),
            f("recipients", "recipients", W::Lines),
            f("cc", "cc", W::Lines),
            f("reference", "reference", text()),
            f("date", "date", date()),
            f("place", "place", text()),
            f("persons", "people", W::Refs(T::PERSON)),
            f("campaign", "campaign", W::OptRef(T::CAMPAIGN)),
            f("enclosures", "enclosures", W::Refs(T::SOURCE)),
        ],
        K::Campaign => vec![
            f("name", "campaign-name", required()),
            f("organizers", "organizers", W::Parties),
            f("start", "start", date()),
            f("end", "end", date()),
            f("featured", "featured", W::Refs(T::PERSON)),
            f(
                "resolutions",
                "resolutions",
                W::Rows(vec![
                    ("title", "title", Col::Required),
                    ("body", "resolution-body", Col::Text),
                    ("number", "number", Col::Text),
                    ("date", "date", Col::Date),
                ]),
            ),
            f("outcomes", "outcomes", W::Lines),
            f("description", "description", W::Texts),
        ],
        K::Recognition => vec![
            f(
                "kind",
                "kind",
                W::Choice(opts(
                    i18n,
                    "rck",
                    RecognitionKind::ALL,
                    RecognitionKind::label,
                )),
            ),
            f("persons", "people", W::Refs(T::PERSON)),
            f("group", "group", text()),
            f("by", "recognized-by", W::OptRef(T::ORGANIZATION)),
            f("title", "title", text()),
            f("date", "date", date()),
            f(
                "criteria",
                "pace-criteria",
                W::Choices(opts(i18n, "pc", PaceCriterion::ALL, PaceCriterion::label)),
            ),
            f("excluded", "excluded", W::Check),
        ],
        K::PrisonerList => vec![
            f("title", "title", required()),
            f("titles", "titles-translated", W::Texts),
            f("publisher", "publisher", W::OptRef(T::ORGANIZATION)),
            f("criteria", "criteria", W::Texts),
        ],
        K::ListVersion => vec![
            f("list", "list", W::Ref(T::LIST)),
            f("date", "date", W::Date { required: true }),
            f("publisher", "publisher", W::OptRef(T::ORGANIZATION)),
            f("document", "document", W::OptRef(T::SOURCE)),
            f("published_count", "published-count", W::Count),
            f(
                "count_qualifier",
                "count-qualifier",
                W::OptChoice(opts(i18n, "cq", CountQualifier::ALL, CountQualifier::label)),
            ),
            f(
                "entries",
                "entries",
                W::Rows(vec![
                    ("person", "person", Col::Ref(T::PERSON)),
                    ("number", "entry-number", Col::Count),
                    ("category", "category", Col::Text),
                    ("subcategory", "subcategory", Col::Text),
                ]),
            ),
        ],
        K::Source => vec![
            f("title", "title", required()),
            f(
                "kind",
                "kind",
                W::Choice(opts(i18n, "sk", SourceKind::ALL, SourceKind::label)),
            ),
            f("author", "author", W::Guarded { required: false }),
            f("publisher", "publisher", W::OptRef(T::ORGANIZATION)),
            f("date", "date", date()),
            f("url", "url", text()),
            f("language", "language-code", text()),
            f("machine_translated", "machine-translated-check", W::Check),
            f(
                "reliability",
                "reliability",
                W::OptChoice(opts(i18n, "rl", Reliability::ALL, Reliability::label)),
            ),
            f("file", "file", W::OptRef(T::FILE)),
        ],
        K::Person | K::File | K::User => Vec::new(),
    }
}

/// The facts a person's staff page shows, described as a form's fields are
/// (labels are `field-{label}` messages, or the message itself).
pub(crate) fn person_facts(i18n: &I18n) -> Vec<Field> {
    vec![
        f("names", "names", W::Names),
        f(
            "gender",
            "gender",
            W::OptChoice(opts(i18n, "gen", Gender::ALL, Gender::label)),
        ),
        f("birth_date", "born", W::Guarded { required: false }),
        f("country", "country", W::Country),
        f(
            "occupations",
            "occupation",
            W::Choices(opts(i18n, "occ", Occupation::ALL, Occupation::label)),
        ),
        f("biography", "biography", W::Texts),
        f("death_date", "death-date", date()),
        f("exile.since", "exile-since", date()),
        f("exile.country", "exile-country", W::Country),
        f("external_ref", "external-ref", text()),
        f("notes", "staff-notes", W::Guarded { required: false }),
    ]
}

/// Whether the form has an input named `name`: a field, or a cell of a row.
pub(crate) fn has_input(spec: &[Field], name: &str) -> bool {
    spec.iter().any(|f| {
        f.path == name
            || matches!(&f.w, W::Rows(cols) if super::rows::column_of(f.path, cols, name).is_some())
    })
}

/// The target of the picker named `name` (a field, or a cell of a row such
/// as `transfers.0.to`) and whether it picks several records.
pub(crate) fn target_of(spec: &[Field], name: &str) -> Option<(T, bool)> {
    spec.iter().find_map(|f| match &f.w {
        W::Ref(t) | W::OptRef(t) if f.path == name => Some((*t, false)),
        W::Refs(t) if f.path == name => Some((*t, true)),
        W::Rows(cols) => match super::rows::column_of(f.path, cols, name)? {
            Col::Ref(t) | Col::OptRef(t) => Some((*t, false)),
            _ => None,
        },
        _ => None,
    })
}

/// The skeleton of a new record of `kind`, before the form is applied:
/// the values a documenter would most often choose.
pub(crate) fn start(kind: K) -> serde_json::Value {
    use serde_json::json;
    let mut v = match kind {
        K::Organization => json!({"kind": "ngo"}),
        K::Case => json!({"status": "investigation", "country": "AZ"}),
        K::Hearing => json!({"time_zone": "Asia/Baku", "kind": "trial", "status": "scheduled"}),
        K::DetentionEpisode => json!({"kind": "pre_trial"}),
        K::Complaint => json!({"kind": "complaint", "status": "draft"}),
        K::Source => json!({"kind": "article"}),
        K::Recognition => json!({"kind": "political_prisoner"}),
        K::MediaItem => json!({"stance": "neutral"}),
        _ => json!({}),
    };
    v["type"] = json!(kind.as_str());
    v["id"] = json!(uuid::Uuid::now_v7().to_string());
    v["visibility"] = json!("internal");
    v["sources"] = json!([]);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn all_kinds() -> impl Iterator<Item = K> {
        K::ALL.iter().copied().filter(|k| has_form(*k))
    }

    #[test]
    fn every_label_and_choice_is_translated() {
        let en = I18n { lang: Lang::En };
        let mut missing = Vec::new();
        for lang in [Lang::En, Lang::Az, Lang::Ru] {
            let i18n = I18n { lang };
            for kind in all_kinds() {
                let key = format!("kind-{}", kind.as_str().replace('_', "-"));
                if !i18n.has(&key) {
                    missing.push(format!("{lang:?} {key}"));
                }
                let english = fields(kind, &en);
                for (f, e) in fields(kind, &i18n).iter().zip(&english) {
                    let mut labels = vec![f.label];
                    if let W::Rows(cols) = &f.w {
                        labels.extend(cols.iter().map(|(_, label, _)| *label));
                    }
                    for label in labels {
                        let key = format!("field-{label}");
                        if !i18n.has(&key) {
                            missing.push(format!("{lang:?} {key}"));
                        }
                    }
                    for (o, eo) in choices(&f.w).into_iter().zip(choices(&e.w)) {
                        for ((k, l), (_, el)) in o.iter().zip(eo) {
                            if lang != Lang::En
                                && l == el
                                && !SAME_IN_TRANSLATION.contains(&l.as_str())
                            {
                                missing.push(format!("{lang:?} {} {k} = {el}", f.path));
                            }
                        }
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "untranslated:\n{}", missing.join("\n"));
    }

    /// Every list of choices a field offers, its columns' included.
    fn choices(w: &W) -> Vec<&Opts> {
        match w {
            W::Choice(o) | W::OptChoice(o) | W::Choices(o) => vec![o],
            W::Rows(cols) => cols
                .iter()
                .filter_map(|(_, _, c)| match c {
                    Col::Choice(o) => Some(o),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Labels that read the same in every language.
    const SAME_IN_TRANSLATION: &[&str] = &["public", "internal", "confidential"];

    #[test]
    fn every_kind_with_a_form_starts_from_a_record_its_form_can_complete() {
        for kind in all_kinds() {
            let start = start(kind);
            assert_eq!(start["type"], kind.as_str());
            let fs = fields(kind, &I18n { lang: Lang::En });
            assert!(!fs.is_empty(), "{kind} has no fields");
            let mut paths: Vec<&str> = fs.iter().map(|f| f.path).collect();
            paths.sort_unstable();
            let n = paths.len();
            paths.dedup();
            assert_eq!(n, paths.len(), "{kind} names a field twice");
        }
    }
}

#[cfg(test)]
mod round_trip {
    use super::super::fields::{parse, raw_from_json, set_party_kind};
    use super::*;
    use crate::Lang;

    /// Every demo record, shown in its form and sent back untouched, comes
    /// back the same: the form loses nothing it does not show, and reads
    /// back everything it shows.
    #[test]
    fn an_untouched_form_gives_back_the_same_record() {
        let en = I18n { lang: Lang::En };
        let mut tried = std::collections::BTreeMap::new();
        for record in vigil_app::demo::records() {
            let kind = record.kind();
            if !has_form(kind) {
                continue;
            }
            let spec = fields(kind, &en);
            let json = serde_json::to_value(&record).unwrap();
            let raw = raw_from_json(&spec, &json);
            let mut parsed = parse(&spec, &raw, json.clone(), &en);
            assert!(
                parsed.errors.is_empty(),
                "{kind} {}: {:?}",
                record.id(),
                parsed.errors
            );
            for check in &parsed.checks {
                if let Some(at) = &check.party_at {
                    // As the store would find it: the kind the original names.
                    let party = match at {
                        (path, None) => &json[path],
                        (path, Some(i)) => &json[path][i],
                    };
                    let kind = K::parse(party["type"].as_str().unwrap()).unwrap();
                    set_party_kind(&mut parsed.json, at, kind);
                }
            }
            assert_eq!(parsed.json, json, "{kind} {} changed", record.id());
            let back: vigil_domain::Record = serde_json::from_value(parsed.json).unwrap();
            assert_eq!(back, record);
            *tried.entry(kind.as_str()).or_insert(0) += 1;
        }
        assert!(tried.len() >= 10, "the demo covers most kinds: {tried:?}");
    }
}
