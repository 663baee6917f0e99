//! The rules records obey, each with the message a person would see.

use vigil_domain::records::*;
use vigil_domain::{Guarded, Id, Name, Record, Visibility};

fn person() -> Person {
    Person::new(Visibility::Public, Name::primary("Leyla Yunus", Some("en")))
}

fn episode(start: &str, end: Option<&str>) -> DetentionEpisode {
    let mut e = DetentionEpisode::new(
        Visibility::Public,
        Id::new(),
        DetentionKind::PreTrial,
        Some(start.parse().unwrap()),
    );
    e.end = end.map(|e| e.parse().unwrap());
    e
}

fn case() -> Case {
    Case::new(Visibility::Public, "Case", vec![Id::new()])
}

fn hearing() -> Hearing {
    Hearing {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        case: Id::new(),
        court: None,
        date: jiff::civil::date(2024, 11, 6),
        time: Some(jiff::civil::time(10, 30, 0, 0)),
        time_zone: "Asia/Baku".into(),
        judge: None,
        kind: HearingKind::Trial,
        status: HearingStatus::Scheduled,
        outcome: None,
        observers_admitted: None,
    }
}

fn refused(r: impl Into<Record>, expect: &str) {
    let err = r.into().validate().unwrap_err().to_string();
    assert!(err.contains(expect), "expected {expect:?} in {err:?}");
}

#[test]
fn an_episode_cannot_end_before_it_starts() {
    refused(
        episode("2014-07-30", Some("2014-07-01")),
        "before the start",
    );
    assert!(
        Record::from(episode("2014-07-30", Some("2015")))
            .validate()
            .is_ok()
    );
    // Overlapping partial dates are not a contradiction.
    assert!(
        Record::from(episode("2014", Some("2014-03")))
            .validate()
            .is_ok()
    );
    let mut e = episode("2014-07-30", None);
    e.release_reason = Some(ReleaseReason::Pardon);
    refused(e, "needs an end date");
}

#[test]
fn a_sentence_is_not_negative_and_is_well_formed() {
    let mut c = case();
    c.sentence = Some(Sentence::term(-1, 0));
    refused(c.clone(), "cannot be negative");
    c.sentence = Some(Sentence::term(7, 14));
    refused(c.clone(), "months must be 0–11");
    c.sentence = Some(Sentence {
        years: 5,
        months: 0,
        life: true,
        text: None,
    });
    refused(c.clone(), "life sentence");
    c.sentence = Some(Sentence::term(7, 6));
    assert!(Record::from(c).validate().is_ok());
}

#[test]
fn a_case_has_defendants() {
    let mut c = case();
    c.defendants.clear();
    refused(c.clone(), "at least one defendant");
    let p = Id::new();
    c.defendants = vec![p, p];
    refused(c, "the same record twice");
}

#[test]
fn a_hearing_belongs_to_a_case_in_a_real_time_zone() {
    let h = hearing();
    let refs = Record::from(h.clone()).references();
    assert!(
        refs.iter()
            .any(|r| r.field == "case" && r.target == h.case.erase())
    );
    assert_eq!(
        h.starts_at().unwrap().offset().seconds(),
        4 * 3600,
        "Baku is UTC+4"
    );
    let mut bad = h;
    bad.time_zone = "Mars/Olympus".into();
    refused(bad, "IANA time zone");
}

#[test]
fn relationships_join_the_right_parties() {
    let p = person();
    let r = Relationship {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        subject: p.id,
        kind: RelationKind::Spouse,
        object: Party::Organization(Id::new()),
        role: None,
        start: None,
        end: None,
    };
    refused(r.clone(), "joins two people");
    refused(
        Relationship {
            kind: RelationKind::Member,
            object: Party::Person(Id::new()),
            ..r.clone()
        },
        "person to an organization",
    );
    refused(
        Relationship {
            object: Party::Person(p.id),
            ..r.clone()
        },
        "themself",
    );
    refused(
        Relationship {
            object: Party::Person(Id::new()),
            start: Some("2015".parse().unwrap()),
            end: Some("2014".parse().unwrap()),
            ..r
        },
        "before the start",
    );
}

#[test]
fn people_and_organizations_need_names() {
    let mut p = person();
    p.names.clear();
    refused(p.clone(), "at least one name");
    p.names = vec![Name::primary("  ", None)];
    refused(p.clone(), "must not be empty");
    p.names = vec![Name::primary("A", None), Name::primary("B", None)];
    refused(p.clone(), "only one name can be primary");
    p.names = vec![Name::primary("A\u{0}B", None)];
    refused(p.clone(), "control characters");
    let mut p = person();
    p.country = Some("Azerbaijan".into());
    refused(p.clone(), "ISO 3166-1");
    p.country = Some("AZ".into());
    p.birth_date = Some(Guarded::public("1990".parse().unwrap()));
    p.death_date = Some("1980".parse().unwrap());
    refused(p, "before the start");
}

#[test]
fn incidents_complaints_lists_and_recognitions() {
    let i = Incident {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        title: "Smear".into(),
        date: None,
        place: None,
        kinds: vec![IncidentKind::SmearCampaign],
        victims: vec![],
        perpetrators: vec![],
        platforms: vec![],
        gender_based: true,
        consequences: vec![],
        description: vec![],
    };
    refused(i.clone(), "at least one victim");
    refused(
        Incident {
            victims: vec![Victim {
                person: None,
                description: None,
                role: VictimRole::Target,
                because_of: None,
            }],
            ..i
        },
        "person or a description",
    );
    let c = Complaint {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        kind: ComplaintKind::Lawsuit,
        subject: "Defamation".into(),
        filer: None,
        on_behalf_of: vec![],
        addressees: vec![],
        respondent: None,
        submitted_on: Some("2024-11-06".parse().unwrap()),
        channel: None,
        proof_of_delivery: Some(Proof {
            kind: "postal receipt".into(),
            date: Some("2024-11-01".parse().unwrap()),
            file: None,
        }),
        response_days: None,
        response: None,
        status: ComplaintStatus::Delivered,
        follow_ups: vec![],
        concerning_media: vec![],
    };
    refused(c, "before the start");
    let v = ListVersion {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        list: Id::new(),
        date: "2024-10-07".parse().unwrap(),
        publisher: None,
        document: None,
        published_count: None,
        count_qualifier: None,
        entries: vec![],
    };
    refused(v.clone(), "published count");
    let p = Id::new();
    let entry = ListEntry {
        person: p,
        number: Some(1),
        category: None,
        subcategory: None,
    };
    refused(
        ListVersion {
            entries: vec![entry.clone(), entry],
            ..v
        },
        "the same record twice",
    );
    let r = Recognition {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        kind: RecognitionKind::Award,
        persons: vec![p],
        group: None,
        by: None,
        title: None,
        date: None,
        criteria: vec![],
        excluded: false,
    };
    refused(r.clone(), "needs its name");
    refused(
        Recognition {
            persons: vec![],
            title: Some("x".into()),
            ..r
        },
        "name the people",
    );
}

#[test]
fn hostile_text_is_refused_or_kept_verbatim() {
    let mut p = person();
    p.names.push(Name::new(
        "<script>alert(1)</script>'; DROP TABLE records; --",
        vigil_domain::NameKind::Alias,
        None,
    ));
    assert!(
        Record::from(p.clone()).validate().is_ok(),
        "kept as text; escaping is the renderer's job"
    );
    p.biography.push(vigil_domain::LocalizedText::en(
        "x".repeat(vigil_domain::MAX_TEXT + 1),
    ));
    refused(p, "longer than");
}

#[test]
fn users_are_never_public() {
    let u = User {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        username: "editor".into(),
        display_name: None,
        role: Role::Editor,
        disabled: false,
        time_zone: None,
    };
    refused(u.clone(), "never public");
    refused(
        User {
            username: "Bad Name".into(),
            visibility: Visibility::Internal,
            ..u
        },
        "a–z",
    );
}
