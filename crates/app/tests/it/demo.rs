//! The demo on both engines: what the seed documents and the 2014 list state.

use vigil_app::demo::{self, DemoOutcome};
use vigil_domain::derived::{self, PersonStatus};
use vigil_domain::records::*;
use vigil_domain::{Record, RecordKind};
use vigil_storage::testing::TestStore;
use vigil_storage::{audit, on_both_engines};

fn typed<T: TryFrom<Record>>(records: Vec<Record>) -> Vec<T> {
    records
        .into_iter()
        .filter_map(|r| T::try_from(r).ok())
        .collect()
}

fn person_named<'a>(persons: &'a [Person], name: &str) -> Vec<&'a Person> {
    persons
        .iter()
        .filter(|p| p.names.iter().any(|n| n.name == name))
        .collect()
}

async fn demo_holds_the_seed_facts_and_the_2014_list(t: &TestStore) {
    let store = &t.store;
    let DemoOutcome::Loaded { records, files } = demo::load(store).await.unwrap() else {
        panic!("first load")
    };
    assert_eq!(records, demo::records().len());
    assert_eq!(
        files, 7,
        "the list's PDF and CSV, and the five seed documents"
    );
    assert_eq!(demo::load(store).await.unwrap(), DemoOutcome::AlreadyLoaded);

    let persons: Vec<Person> = typed(store.list(RecordKind::Person).await.unwrap());
    let orgs: Vec<Organization> = typed(store.list(RecordKind::Organization).await.unwrap());
    let versions: Vec<ListVersion> = typed(store.list(RecordKind::ListVersion).await.unwrap());

    // The 2014 list: 98 entries, and the count of 392 of 7 October 2025 without entries.
    let v2014 = versions
        .iter()
        .find(|v| v.date.to_string() == "2014-08-10")
        .unwrap();
    assert_eq!(derived::list_version_count(v2014).entries, 98);
    assert_eq!(v2014.published_count, Some(98));
    let v2024 = versions
        .iter()
        .find(|v| v.date.to_string() == "2025-10-07")
        .unwrap();
    assert_eq!(derived::list_version_count(v2024).headline(), 392);
    assert!(v2024.entries.is_empty());
    assert_eq!(v2014.list, v2024.list, "one list, its versions");
    assert!(
        v2024.sources.len() >= 2,
        "the report that dates it and the seed that quotes it"
    );

    // Leyla Yunus is one person, on the list and in the letters.
    let leyla = person_named(&persons, "Leyla Yunus");
    assert_eq!(leyla.len(), 1);
    let leyla = leyla[0];
    assert!(
        leyla
            .names
            .iter()
            .any(|n| n.name == "Leyla Islam qızı Yunusova")
    );
    assert_eq!(leyla.gender, Some(Gender::Female));
    assert!(
        v2014
            .entries
            .iter()
            .any(|e| e.person == leyla.id && e.number == Some(20))
    );
    let relationships: Vec<Relationship> =
        typed(store.list(RecordKind::Relationship).await.unwrap());
    assert!(
        relationships
            .iter()
            .any(|r| r.kind == RelationKind::Spouse && r.object == Party::Person(leyla.id))
    );
    let campaigns: Vec<Campaign> = typed(store.list(RecordKind::Campaign).await.unwrap());
    let free = campaigns.iter().find(|c| c.name == "#FreeThe20").unwrap();
    assert!(free.featured.contains(&leyla.id));
    assert_eq!(free.resolutions[0].number.as_deref(), Some("262"));
    let khadija = person_named(&persons, "Khadija Ismayilova");
    assert_eq!(khadija.len(), 1);
    assert!(free.featured.contains(&khadija[0].id));
    let cases: Vec<Case> = typed(store.list(RecordKind::Case).await.unwrap());
    let kcase = cases
        .iter()
        .find(|c| c.defendants == vec![khadija[0].id])
        .unwrap();
    assert_eq!(
        kcase.sentence.as_ref().map(|s| (s.years, s.months)),
        Some((7, 6))
    );
    assert_eq!(kcase.international.len(), 3);

    // One facility under its several names.
    let colony: Vec<&Organization> = orgs
        .iter()
        .filter(|o| o.names.iter().any(|n| n.name == "Penal Colony No. 2"))
        .collect();
    assert_eq!(colony.len(), 1);
    assert!(
        colony[0]
            .names
            .iter()
            .any(|n| n.name == "Correctional Facility No. 2")
    );
    assert_eq!(
        orgs.iter()
            .filter(|o| o.names.iter().any(|n| n.name.contains("Kurdakhani")))
            .count(),
        1
    );
    let prison16: Vec<&Organization> = orgs
        .iter()
        .filter(|o| {
            o.names
                .iter()
                .any(|n| n.name == "Prison No. 16" || n.name == "Prison #16")
        })
        .collect();
    assert_eq!(prison16.len(), 1);

    // The six prisoners of Colony No. 2 are held there now.
    let episodes: Vec<DetentionEpisode> =
        typed(store.list(RecordKind::DetentionEpisode).await.unwrap());
    let babali = person_named(&persons, "Hafiz Babali")[0];
    let his: Vec<&DetentionEpisode> = episodes.iter().filter(|e| e.person == babali.id).collect();
    assert_eq!(his[0].facility, Some(colony[0].id));
    assert_eq!(
        derived::person_status(babali, &his).status,
        PersonStatus::Convicted
    );

    // The lawsuits of 6 November, with no proof of delivery, are flagged.
    let complaints: Vec<Complaint> = typed(store.list(RecordKind::Complaint).await.unwrap());
    let lawsuits: Vec<&Complaint> = complaints
        .iter()
        .filter(|c| {
            c.kind == ComplaintKind::Lawsuit
                && c.filer == Some(babali.id)
                && c.submitted_on.is_some()
        })
        .collect();
    assert_eq!(lawsuits.len(), 2);
    for l in &lawsuits {
        assert_eq!(l.submitted_on.unwrap().to_string(), "2025-11-06");
        assert_eq!(l.channel, Some(Channel::ViaPrisonAdministration));
        let state = derived::complaint_state(l, jiff::civil::date(2025, 12, 31), 14);
        assert!(state.no_proof_of_delivery);
    }
    assert!(
        complaints
            .iter()
            .any(|c| c.filer == Some(babali.id) && c.addressees.len() == 2)
    );
    assert_eq!(
        complaints
            .iter()
            .filter(|c| c.filer == Some(babali.id))
            .count(),
        4
    );

    // Amnesty's prisoners of conscience on the 2014 list: 17, as its README counts,
    // and Ilkin Rustamzade (#31), whom a later seed calls a former prisoner of conscience.
    let recognitions: Vec<Recognition> = typed(store.list(RecordKind::Recognition).await.unwrap());
    let poc_on_list = recognitions
        .iter()
        .filter(|r| r.kind == RecognitionKind::PrisonerOfConscience)
        .filter(|r| {
            r.persons
                .iter()
                .any(|p| v2014.entries.iter().any(|e| e.person == *p))
        })
        .count();
    assert_eq!(poc_on_list, 18);

    // Every record but the stored files cites a source, with an excerpt.
    for kind in RecordKind::ALL.iter().filter(|k| **k != RecordKind::File) {
        for r in store.list(*kind).await.unwrap() {
            if r.kind() == RecordKind::Source && r.source_links().is_empty() {
                continue; // the seed documents themselves
            }
            assert!(
                !r.source_links().is_empty(),
                "{} {} has no source",
                r.kind(),
                r.id()
            );
        }
    }
    let verdict = audit::verify(store).await.unwrap();
    assert!(verdict.is_intact(), "{verdict:?}");
}

on_both_engines!(demo_holds_the_seed_facts_and_the_2014_list);

/// The list's versions since 2021 are the file's, row by row: the date as the
/// report gives it (a month stays a month), the count, the inferred one marked.
#[test]
fn every_list_version_is_the_files() {
    let file = include_str!("../../../../data/demo/az-list-versions.csv");
    let versions: Vec<ListVersion> = typed(demo::records());
    let mut rows = csv::Reader::from_reader(file.as_bytes());
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let (published, count, note) = (&row[0], &row[1], &row[3]);
        let v = versions
            .iter()
            .find(|v| v.date.to_string() == published)
            .unwrap_or_else(|| panic!("no version of {published}"));
        assert_eq!(v.published_count.unwrap().to_string(), count, "{published}");
        let inferred = v.count_qualifier == Some(CountQualifier::Inferred);
        assert_eq!(inferred, note.contains("inferred"), "{published}");
        assert!(!v.sources.is_empty(), "{published} cites its report");
        n += 1;
    }
    assert_eq!(n, 12);
    let month = versions
        .iter()
        .find(|v| v.date.to_string() == "2024-12")
        .unwrap();
    assert_eq!(
        month.date.start().precision(),
        vigil_domain::Precision::Month
    );
    assert!(month.date.end().is_none());
    // No demo version is dated in a year its sources do not give.
    assert!(
        versions
            .iter()
            .all(|v| !v.date.to_string().starts_with("2024-10"))
    );
}
