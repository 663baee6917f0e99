//! "THE LIST – Political prisoners in Azerbaijan, August 2014": 98 entries,
//! read from the CSV in `data/demo/` (see its README for what each column
//! holds and the source's known imperfections, which are kept as printed).

use std::collections::HashMap;

use serde::Deserialize;
use vigil_domain::records::*;
use vigil_domain::{Id, LocalizedText, Name, NameKind, Visibility};

use super::groups::{self, GroupVerdict};
use super::{Demo, date, demo_id};

pub(crate) const CSV: &str =
    include_str!("../../../../data/demo/az-political-prisoners-2014-08.csv");
const PDF: &[u8] = include_bytes!("../../../../data/demo/az-political-prisoners-2014-08.pdf");
/// "information last updated 10 August 2014".
const LIST_DATE: &str = "2014-08-10";
const CRIMINAL_CODE: &str = "Criminal Code of the Republic of Azerbaijan";
const CRIMINAL_CODE_1960: &str = "Criminal Code of the Azerbaijan SSR (1960)";

#[derive(Debug, Deserialize)]
pub(crate) struct Row {
    pub number: u32,
    pub section: String,
    pub subsection: String,
    pub name: String,
    pub given_name: String,
    pub patronymic: String,
    pub surname: String,
    pub other_names: String,
    pub arrest_date: String,
    pub arrest_date_text: String,
    pub charges: String,
    pub charge_text: String,
    pub place_of_detention: String,
    pub sentence_text: String,
    pub amnesty_prisoner_of_conscience: String,
    pub background: String,
    pub source_urls: String,
}

pub(crate) struct List2014 {
    pub list: Id<PrisonerList>,
    /// Person key by entry number.
    pub persons: HashMap<u32, String>,
    pub amnesty: Id<Organization>,
}

pub(crate) fn rows() -> Vec<Row> {
    csv::Reader::from_reader(CSV.as_bytes())
        .deserialize()
        .collect::<Result<Vec<Row>, _>>()
        .expect("the shipped 2014 list parses")
}

fn language_of(name: &str) -> &'static str {
    if name.chars().any(|c| "əƏıİğĞşŞçÇöÖüÜ".contains(c)) {
        "az"
    } else {
        "en"
    }
}

/// One key per facility, so that "Prison No. 16", "Prison #16" and "Prison №16"
/// are one place, and the several names of Kurdakhani prison are one.
pub(crate) fn facility_key(name: &str) -> String {
    let l = name.to_lowercase();
    if l.contains("kurdakhani") || l == "baku detention facility" {
        return "facility:baku-investigative-prison-kurdakhani".into();
    }
    if l.contains("shuvalan") || l.contains("shuvelan") {
        return "facility:investigative-prison-3-shuvalan".into();
    }
    if l.contains("national security") {
        return "facility:mns-investigative-prison".into();
    }
    if l.contains("gobustan") {
        return "facility:gobustan-prison".into();
    }
    for prefix in ["prison", "penitentiary institution"] {
        if let Some(rest) = l.strip_prefix(prefix) {
            let rest = rest
                .trim_start_matches([' ', '#', '№', '.'])
                .trim_start_matches("no")
                .trim_start_matches(['.', ' ', '#']);
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !digits.is_empty() && rest.len() == digits.len() {
                return format!("facility:prison-{digits}");
            }
        }
    }
    format!(
        "facility:{}",
        l.split_whitespace().collect::<Vec<_>>().join("-")
    )
}

fn number_word(w: &str) -> Option<f32> {
    const WORDS: [&str; 16] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    ];
    WORDS
        .iter()
        .position(|x| *x == w)
        .map(|n| n as f32)
        .or_else(|| w.parse().ok())
}

/// The first term after "sentenc…": "five and half years", "3.5 years",
/// "three years and four months", "6 years". `None` when there is none.
pub(crate) fn parse_sentence(text: &str) -> Option<(i32, i32)> {
    let lower = text.to_lowercase();
    let start = lower.find("sentenc")?;
    let words: Vec<&str> = lower[start..]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if !(w.starts_with("year") || w.starts_with("month")) || i == 0 {
            continue;
        }
        // Walk back over "<n> [and [a] half]".
        let mut j = i - 1;
        let mut half = false;
        if words[j] == "half" {
            half = true;
            j = j.checked_sub(1)?;
            if words[j] == "a" {
                j = j.checked_sub(1)?;
            }
            if words[j] == "and" {
                j = j.checked_sub(1)?;
            }
        }
        let n = number_word(words[j])?;
        let mut months = (n * 12.0).round() as i32;
        if w.starts_with("month") {
            months = n as i32;
        } else {
            // "five and half years", or "five years and half" / "and a half".
            let after: Vec<&str> = words.iter().skip(i + 1).take(3).copied().collect();
            if half || matches!(after.as_slice(), ["and", "half", ..] | ["and", "a", "half"]) {
                months += 6;
            }
            // "… years and four months"
            if let (Some(a), Some(m), Some(unit)) =
                (words.get(i + 1), words.get(i + 2), words.get(i + 3))
                && *a == "and"
                && unit.starts_with("month")
            {
                months += number_word(m)? as i32;
            }
        }
        return Some((months / 12, months % 12));
    }
    None
}

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

/// The date and court of the verdict a sentence text reports: "On 9 December 2013, Baku Court
/// of Grave Crimes sentenced …", "… by the decision of the Baku Grave Crimes Court dated May 27, 2014".
pub(crate) fn parse_verdict(text: &str) -> (Option<jiff::civil::Date>, Option<(String, String)>) {
    let date_re = regex::Regex::new(&format!(
        r"(\d{{1,2}}) ({MONTHS}),? (\d{{4}})|({MONTHS}) (\d{{1,2}}), (\d{{4}})"
    ))
    .expect("valid");
    let court_re = regex::Regex::new(
        r"(Baku|Lankaran|Sheki|Shirvan|Ganja) (Court of Grave Crimes|Grave Crimes Court|Graves Court|Military Court)|([A-Z][a-z]+) District Court",
    )
    .expect("valid");
    let month = |m: &str| MONTHS.split('|').position(|x| x == m).map(|i| i as i8 + 1);
    let date = date_re.captures(text).and_then(|c| {
        let (d, m, y) = match c.get(1) {
            Some(d) => (d.as_str(), &c[2], &c[3]),
            None => (c.get(5)?.as_str(), &c[4], &c[6]),
        };
        jiff::civil::Date::new(y.parse().ok()?, month(m)?, d.parse().ok()?).ok()
    });
    let court = court_re.captures(text).map(|c| match c.get(1) {
        Some(city) => {
            let kind = &c[2];
            if kind.contains("Military") {
                (
                    format!("court:{}-military", city.as_str().to_lowercase()),
                    format!("{} Military Court", city.as_str()),
                )
            } else {
                (
                    format!("court:{}-grave-crimes", city.as_str().to_lowercase()),
                    format!("{} Court of Grave Crimes", city.as_str()),
                )
            }
        }
        None => {
            let district = &c[3];
            (
                format!("court:{}-district", district.to_lowercase()),
                format!("{district} District Court"),
            )
        }
    });
    (date, court)
}

/// The label printed after an article: "234.4.3 (Illegal purchase …)".
fn charge_label(charge_text: &str, article: &str) -> Option<String> {
    let at = charge_text.find(article)?;
    let rest = charge_text[at + article.len()..].trim_start();
    let rest = rest.strip_prefix('(')?;
    let mut depth = 1;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(rest[..i].trim().to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

/// The court's name as this text prints it, when it differs from the canonical one.
fn court_re_printed(text: &str, canonical: &str) -> Option<String> {
    let city = canonical.split_whitespace().next()?;
    ["Grave Crimes Court", "Graves Court"]
        .iter()
        .find_map(|variant| {
            let printed = format!("{city} {variant}");
            (text.contains(&printed) && printed != canonical).then_some(printed)
        })
}

/// Entries whose own text gives a second arrest date: the heading's stays the
/// start, the background's is kept beside it, and the page says the list
/// disagrees with itself.
const DISPUTED_STARTS: &[(u32, &str, &str)] = &[(
    27,
    "2013-03-07",
    "Bakhtiyar Guliyev is one of the \"NIDA\" members arrested on March 07, 2013.",
)];

/// What a verdict the list states for a group adds to one member's case.
struct FromGroup {
    group: &'static GroupVerdict,
    sentence: Sentence,
    verdict: Verdict,
    day: jiff::civil::Date,
    appeals: Vec<Appeal>,
    cites: Vec<SourceLink>,
}

fn from_group(demo: &mut Demo, source: Id<Source>, row: &Row) -> Option<FromGroup> {
    let (g, term) = groups::term_of(&row.subsection, row.number)?;
    let mut court = |key: &str, names: &[&str]| {
        let id = demo.org(key, OrganizationKind::Court, names, source);
        demo.org_mut(key).country = Some("AZ".into());
        id
    };
    let verdict_court = court(g.court_key, &[g.court.0, g.court.1]);
    let appeals = g
        .upheld
        .iter()
        .map(|u| Appeal {
            court: Some(court(u.court_key, &[u.court])),
            date: Some(date(u.date)),
            outcome: Some("upheld".into()),
            sentence: None,
        })
        .collect();
    let cite = |text: &str, field: &str| SourceLink::new(source, text).for_field(field);
    let mut cites = vec![cite(g.text, "sentence"), cite(g.text, "verdict")];
    cites.extend(g.dated_by.map(|t| cite(t, "verdict")));
    cites.extend(g.upheld_text.map(|t| cite(t, "appeals")));
    Some(FromGroup {
        group: g,
        sentence: Sentence {
            years: term.years,
            months: term.months,
            life: false,
            text: Some(term.words.into()),
        },
        verdict: Verdict {
            date: Some(date(g.date)),
            court: Some(verdict_court),
            text: Some(g.text.into()),
        },
        day: g.date.parse().expect("a full day"),
        appeals,
        cites,
    })
}

fn occupations(section: &str, background: &str) -> Vec<Occupation> {
    let b = background.to_lowercase();
    match section.chars().next() {
        Some('A') if b.contains("blogger") && !b.contains("journalist") => {
            vec![Occupation::Blogger]
        }
        Some('A') => vec![Occupation::Journalist],
        Some('B') => vec![Occupation::HumanRightsDefender],
        Some('C') => vec![Occupation::YouthActivist],
        Some('D') => vec![Occupation::Politician],
        Some('E') => vec![Occupation::ReligiousBeliever],
        _ => vec![],
    }
}

/// The first sentence of `text` that contains `needle`.
fn sentence_with<'a>(text: &'a str, needle: &str) -> Option<&'a str> {
    text.split_inclusive(". ")
        .map(str::trim)
        .find(|s| s.contains(needle))
}

pub(crate) fn load(demo: &mut Demo) -> List2014 {
    let pdf = demo.file(
        "file:list-2014-pdf",
        PDF,
        "application/pdf",
        "az-political-prisoners-2014-08.pdf",
    );
    let csv_file = demo.file(
        "file:list-2014-csv",
        CSV.as_bytes(),
        "text/csv",
        "az-political-prisoners-2014-08.csv",
    );
    let source: Id<Source> = demo_id("source:list-2014");
    let working_group = demo.org(
        "working-group-2014",
        OrganizationKind::Ngo,
        &["Working Group led by Leyla Yunus and Rasul Jafarov"],
        source,
    );
    let amnesty = demo.org(
        "amnesty",
        OrganizationKind::Ngo,
        &["Amnesty International"],
        source,
    );
    demo.push(Source {
        id: source,
        visibility: Visibility::Public,
        sources: vec![],
        kind: SourceKind::List,
        title: "THE LIST – Political prisoners in Azerbaijan, August 2014".into(),
        author: Some(vigil_domain::Guarded::public("Working Group led by Leyla Yunus and Rasul Jafarov".into())),
        publisher: Some(working_group),
        date: Some(date(LIST_DATE)),
        url: Some("http://www.esiweb.org/pdf/THE%20LIST%20-%2098%20political%20prisoners%20in%20Azerbaijan%20-%20August%202014.pdf".into()),
        language: Some("en".into()),
        machine_translated: false,
        reliability: Some(Reliability::Reliable),
        file: Some(pdf),
    });
    let csv_source: Id<Source> = demo_id("source:list-2014-csv");
    demo.push(Source {
        id: csv_source,
        visibility: Visibility::Public,
        sources: vec![SourceLink::new(source, "The CSV was parsed from the pdftohtml conversion of the list; checked entry by entry against the table of contents (98 of 98).")],
        kind: SourceKind::Other,
        title: "THE LIST, August 2014 — one row per entry (CSV)".into(),
        author: None,
        publisher: None,
        date: Some(date(LIST_DATE)),
        url: None,
        language: Some("en".into()),
        machine_translated: false,
        reliability: Some(Reliability::Reliable),
        file: Some(csv_file),
    });
    let list: Id<PrisonerList> = demo_id("list:az-political-prisoners");
    demo.push(PrisonerList {
        id: list,
        visibility: Visibility::Public,
        sources: vec![SourceLink::new(source, "THE LIST – Political prisoners in Azerbaijan")],
        title: "Political prisoners in Azerbaijan".into(),
        publisher: None,
        criteria: vec![LocalizedText::en(
            "Compiled by human-rights defenders in Azerbaijan; each version names the people its compilers consider political prisoners.",
        )],
        // The title translated for Azerbaijani and Russian pages.
        titles: vec![
            LocalizedText {
                language: "az".into(),
                text: "Azərbaycanda siyasi məhbuslar".into(),
                machine_translated: false,
                visibility: Visibility::Public,
            },
            LocalizedText {
                language: "ru".into(),
                text: "Политические заключённые в Азербайджане".into(),
                machine_translated: false,
                visibility: Visibility::Public,
            },
        ],
        featured: true,
    });

    let mut url_sources: HashMap<String, Id<Source>> = HashMap::new();
    let mut persons = HashMap::new();
    let mut entries = vec![];
    let cite = |excerpt: String| SourceLink::new(source, excerpt);

    for row in rows() {
        let key = format!("list2014-{}", row.number);
        let display = format!("{} {}", row.given_name, row.surname);
        let lang = language_of(&row.name);
        let printed = {
            let mut n = Name::new(row.name.clone(), NameKind::Alias, Some(lang));
            n.given = Some(row.given_name.clone()).filter(|s| !s.is_empty());
            n.patronymic = Some(row.patronymic.clone()).filter(|s| !s.is_empty());
            n.surname = Some(row.surname.clone()).filter(|s| !s.is_empty());
            n
        };
        let heading = format!("#{} {}", row.number, row.name);
        {
            let p = demo.person(&key, &display, language_of(&display));
            p.names[0].given = Some(row.given_name.clone());
            p.names[0].surname = Some(row.surname.clone());
            if printed.name != display {
                p.names.push(printed);
            }
            if !row.other_names.is_empty() {
                p.names.push(Name::new(
                    row.other_names.clone(),
                    NameKind::Alias,
                    Some(language_of(&row.other_names)),
                ));
            }
            p.country = Some("AZ".into());
            p.occupations = occupations(&row.section, &row.background);
            p.external_ref = Some(format!("2014-08 #{}", row.number));
            p.sources.push(cite(heading.clone()));
        }
        let person = demo.person_id(&key);
        persons.insert(row.number, key.clone());

        // The case: charges, and the verdict as the list prints it.
        let old_code = row.charge_text.contains("1960");
        let charges = row
            .charges
            .split("; ")
            .filter(|a| !a.is_empty())
            .map(|a| Charge {
                code: if old_code {
                    CRIMINAL_CODE_1960
                } else {
                    CRIMINAL_CODE
                }
                .into(),
                article: a.into(),
                label: charge_label(&row.charge_text, a),
                labels: Default::default(),
            })
            .collect();
        // A verdict the list states only in the subsection's introduction.
        let group = if row.sentence_text.is_empty() {
            from_group(demo, source, &row)
        } else {
            None
        };
        let sentence = (!row.sentence_text.is_empty())
            .then(|| {
                let (years, months) = parse_sentence(&row.sentence_text).unwrap_or((0, 0));
                Sentence {
                    years,
                    months,
                    life: false,
                    text: Some(row.sentence_text.clone()),
                }
            })
            .or_else(|| group.as_ref().map(|g| g.sentence.clone()));
        let life = row.section.starts_with("F.");
        let case: Id<Case> = demo_id(&format!("case:{key}"));
        let (verdict_date, court) = parse_verdict(&row.sentence_text);
        let court = court.map(|(court_key, canonical)| {
            let printed = court_re_printed(&row.sentence_text, &canonical);
            let mut names = vec![canonical.as_str()];
            if let Some(p) = printed.as_deref() {
                names.push(p);
            }
            let id = demo.org(&court_key, OrganizationKind::Court, &names, source);
            demo.org_mut(&court_key).country = Some("AZ".into());
            id
        });
        let verdict = (!row.sentence_text.is_empty()
            && (verdict_date.is_some() || court.is_some()))
        .then(|| Verdict {
            date: verdict_date.map(vigil_domain::PartialDate::from_date),
            court,
            text: Some(row.sentence_text.clone()),
        })
        .or_else(|| group.as_ref().map(|g| g.verdict.clone()));
        let verdict_text = group
            .as_ref()
            .map_or(row.sentence_text.as_str(), |g| g.group.text);
        if let Some(day) = verdict_date.or(group.as_ref().map(|g| g.day)) {
            demo.push(Hearing {
                id: demo_id(&format!("hearing:verdict:{key}")),
                visibility: Visibility::Public,
                sources: vec![cite(verdict_text.to_owned())],
                case,
                court: verdict.as_ref().and_then(|v| v.court),
                date: day,
                time: None,
                time_zone: "Asia/Baku".into(),
                judge: None,
                kind: HearingKind::Verdict,
                status: HearingStatus::Held,
                outcome: Some(verdict_text.to_owned()),
                observers_admitted: None,
            });
        }
        let mut case_sources =
            vec![cite(format!("{heading}. Charges: {}", row.charge_text)).for_field("charges")];
        match &group {
            Some(g) => case_sources.extend(g.cites.iter().cloned()),
            None => {
                if let Some(s) = &sentence {
                    case_sources
                        .push(cite(s.text.clone().unwrap_or_default()).for_field("sentence"));
                }
            }
        }
        for url in row.source_urls.split("; ").filter(|u| !u.is_empty()) {
            let next = url_sources.len();
            let id = *url_sources
                .entry(url.to_owned())
                .or_insert_with(|| demo_id(&format!("source:url:{next}")));
            case_sources.push(SourceLink {
                source: id,
                excerpt: None,
                field: None,
                visibility: Visibility::Public,
            });
        }
        demo.push(Case {
            id: case,
            visibility: Visibility::Public,
            sources: case_sources,
            title: if row.subsection.starts_with("Case") || row.subsection.starts_with("The ") {
                format!("{} — {}", row.subsection, display)
            } else {
                format!("Criminal case against {display}")
            },
            defendants: vec![person],
            country: Some("AZ".into()),
            case_number: None,
            charges,
            prosecuting_body: None,
            courts: verdict.as_ref().and_then(|v| v.court).into_iter().collect(),
            status: if sentence.is_some() || life {
                CaseStatus::Convicted
            } else {
                CaseStatus::Unknown
            },
            opened: None,
            verdict,
            sentence: if life && sentence.is_none() {
                Some(Sentence {
                    years: 0,
                    months: 0,
                    life: true,
                    text: Some(row.section.clone()),
                })
            } else {
                sentence.clone()
            },
            appeals: group.map(|g| g.appeals).unwrap_or_default(),
            international: vec![],
            summary: if row.background.is_empty() {
                vec![]
            } else {
                vec![LocalizedText::en(row.background.clone())]
            },
        });

        // Detention: from the arrest date; still held when the list was last updated.
        let facility = (!row.place_of_detention.is_empty()).then(|| {
            let fk = facility_key(&row.place_of_detention);
            demo.org(
                &fk,
                OrganizationKind::Facility,
                &[&row.place_of_detention],
                source,
            )
        });
        let start: Option<vigil_domain::PartialDate> = row.arrest_date.parse().ok();
        let disputed = DISPUTED_STARTS.iter().filter(|d| d.0 == row.number);
        let mut detention_sources = vec![cite(format!(
            "{heading}. Date of arrest: {}. Place of detention: {}",
            row.arrest_date_text,
            if row.place_of_detention.is_empty() {
                "not given"
            } else {
                &row.place_of_detention
            }
        ))];
        detention_sources.extend(
            disputed
                .clone()
                .map(|d| cite(d.2.into()).for_field("disputed_starts")),
        );
        demo.push(DetentionEpisode {
            id: demo_id(&format!("detention:{key}")),
            visibility: Visibility::Public,
            sources: detention_sources,
            person,
            case: Some(case),
            kind: if sentence.is_some() || life {
                DetentionKind::Imprisonment
            } else {
                DetentionKind::Unspecified
            },
            start,
            disputed_starts: disputed.map(|d| date(d.1)).collect(),
            end: None,
            confirmed_on: Some(date(LIST_DATE)),
            facility,
            transfers: vec![],
            release_reason: None,
        });

        if row.amnesty_prisoner_of_conscience == "true" {
            let excerpt = sentence_with(&row.background, "Amnesty")
                .map(str::to_owned)
                .unwrap_or_else(|| "All of the detained N!DA members have been declared by Amnesty International as prisoners of conscience".into());
            demo.push(Recognition {
                id: demo_id(&format!("recognition:poc:{key}")),
                visibility: Visibility::Public,
                sources: vec![cite(excerpt)],
                kind: RecognitionKind::PrisonerOfConscience,
                persons: vec![person],
                group: None,
                by: Some(amnesty),
                title: None,
                date: None,
                criteria: vec![],
                excluded: false,
            });
        }
        let (category, subcategory) = (row.section.clone(), row.subsection.clone());
        entries.push(ListEntry {
            person,
            number: Some(row.number),
            category: Some(category),
            subcategory: Some(subcategory).filter(|s| !s.is_empty()),
        });
    }

    let mut urls: Vec<(String, Id<Source>)> = url_sources.into_iter().collect();
    urls.sort_by_key(|(_, id)| *id);
    for (url, id) in urls {
        demo.push(Source {
            id,
            visibility: Visibility::Public,
            sources: vec![SourceLink::new(source, "cited in a footnote of the list")],
            kind: SourceKind::Other,
            title: url.clone(),
            author: None,
            publisher: None,
            date: None,
            url: Some(url),
            language: None,
            machine_translated: false,
            reliability: None,
            file: None,
        });
    }
    demo.push(ListVersion {
        id: demo_id("list-version:2014-08"),
        visibility: Visibility::Public,
        sources: vec![cite("Political prisoners in Azerbaijan, August 2014 — 98 entries; information last updated 10 August 2014".into())],
        list,
        date: date(LIST_DATE),
        publisher: Some(working_group),
        document: Some(source),
        published_count: Some(98),
        count_qualifier: Some(CountQualifier::Exactly),
        entries,
    });
    List2014 {
        list,
        persons,
        amnesty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_as_printed() {
        assert_eq!(
            parse_sentence("sentenced to five and half years by the decision"),
            Some((5, 6))
        );
        assert_eq!(
            parse_sentence("was sentenced to 3.5 years in jail"),
            Some((3, 6))
        );
        assert_eq!(
            parse_sentence("sentenced to three years and four months in jail"),
            Some((3, 4))
        );
        assert_eq!(
            parse_sentence("issued a verdict sentencing Huseynli to 6 years of imprisonment"),
            Some((6, 0))
        );
        assert_eq!(
            parse_sentence("sentenced Elshan Ismayilli to five years and six months in jail"),
            Some((5, 6))
        );
        assert_eq!(
            parse_sentence("was sentenced to six and half years"),
            Some((6, 6))
        );
        assert_eq!(parse_sentence("no term here"), None);
        assert_eq!(
            parse_sentence("was sentenced to five years and half imprisonment"),
            Some((5, 6))
        );
        assert_eq!(
            parse_sentence("sentenced to three years and a half in prison"),
            Some((3, 6))
        );
    }

    /// The least term a sentence text states, read independently of
    /// `parse_sentence`: each "<n> … year(s)" with a "half" beside it, and
    /// "and <m> months" after it.
    fn least_months_stated(text: &str) -> i32 {
        let lower = text.to_lowercase();
        let Some(start) = lower.find("sentenc") else {
            return 0;
        };
        let words: Vec<&str> = lower[start..].split_whitespace().collect();
        let Some(y) = words.iter().position(|w| w.starts_with("year")) else {
            return 0;
        };
        let near = |from: usize, to: usize| {
            words[from.min(words.len())..to.min(words.len())].contains(&"half")
        };
        let n = (1..=3)
            .filter_map(|k| y.checked_sub(k).and_then(|j| number_word(words[j])))
            .next()
            .unwrap_or(0.0);
        let mut months = (n * 12.0) as i32;
        if near(y.saturating_sub(3), y) || near(y + 1, y + 4) {
            months = months.max((n.floor() as i32) * 12 + 6);
        }
        if words.get(y + 1) == Some(&"and")
            && words.get(y + 3).is_some_and(|u| u.starts_with("month"))
        {
            months += words.get(y + 2).and_then(|m| number_word(m)).unwrap_or(0.0) as i32;
        }
        months
    }

    /// Over every sentence text of the 2014 list: no term read is shorter
    /// than the text states ("five years and half" is 5 years 6 months).
    #[test]
    fn no_term_is_shorter_than_its_text() {
        let mut checked = 0;
        for row in rows() {
            let stated = least_months_stated(&row.sentence_text);
            if stated == 0 {
                continue;
            }
            let (y, m) = parse_sentence(&row.sentence_text).unwrap_or((0, 0));
            assert!(
                y * 12 + m >= stated,
                "#{}: {:?} read as {y} years {m} months, states {stated} months",
                row.number,
                row.sentence_text
            );
            checked += 1;
        }
        assert!(checked > 40, "{checked} texts with a term");
    }

    #[test]
    fn one_facility_under_its_several_spellings() {
        assert_eq!(facility_key("Prison No. 16"), facility_key("Prison #16"));
        assert_eq!(facility_key("Prison №7"), facility_key("Prison # 7"));
        assert_eq!(facility_key("Prison No.5"), facility_key("Prison No. 5"));
        assert_eq!(
            facility_key("Penitentiary Institution № 14"),
            facility_key("Prison No. 14")
        );
        assert_eq!(
            facility_key("Baku Investigative Prison (Kurdakhani Pre-trial Detention Center)"),
            facility_key("Baki Investigative Prison (Kurdakhani prison)")
        );
        assert_ne!(facility_key("Prison No. 1"), facility_key("Prison No. 11"));
    }

    #[test]
    fn reads_verdict_dates_and_courts() {
        let (d, c) = parse_verdict(
            "sentenced to five and half years by the decision of the Baku Grave Crimes Court dated May 27, 2014",
        );
        assert_eq!(d, Some(jiff::civil::date(2014, 5, 27)));
        assert_eq!(c.unwrap().1, "Baku Court of Grave Crimes");
        let (d, c) = parse_verdict(
            "On 6 December 2013, Nasimi District Court sentenced Mammadov to three years in prison.",
        );
        assert_eq!(d, Some(jiff::civil::date(2013, 12, 6)));
        assert_eq!(c.unwrap().0, "court:nasimi-district");
        assert_eq!(
            parse_verdict("issued a verdict sentencing Huseynli to 6 years"),
            (None, None)
        );
    }

    #[test]
    fn labels_charges_from_the_printed_text() {
        let t = "Criminal Code Article 234.4.3 (Illegal purchase or storage (of drugs)) and 221.3";
        assert_eq!(
            charge_label(t, "234.4.3").as_deref(),
            Some("Illegal purchase or storage (of drugs)")
        );
        assert_eq!(charge_label(t, "221.3"), None);
    }
}
