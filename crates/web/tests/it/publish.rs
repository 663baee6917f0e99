//! Publishing a person with what their public page shows, in one audited
//! step: exactly the records listed become public, a confidential one never
//! does, a role without the right to publish cannot, and a public record
//! whose page leaves something out says so.

use axum::http::StatusCode;
use serde_json::json;
use vigil_domain::records::*;
use vigil_domain::{Name, Record, Visibility};
use vigil_storage::on_both_engines;
use vigil_storage::testing::TestStore;

use crate::common::*;

fn record(v: serde_json::Value) -> Record {
    serde_json::from_value(v).unwrap()
}

async fn visibility(t: &TestStore, r: &Record) -> Visibility {
    t.store.get(r.id()).await.unwrap().unwrap().visibility()
}

async fn publishing_a_person_with_their_page(t: &TestStore) {
    user(t, "ed", Role::Editor).await;
    user(t, "re", Role::Researcher).await;
    user(t, "vi", Role::Viewer).await;
    let person = Person::new(
        Visibility::Internal,
        Name::primary("Ravan Sınaqlı", Some("az")),
    );
    let pid = person.id;
    let court = Organization::new(
        Visibility::Internal,
        OrganizationKind::Court,
        Name::primary("Test District Court", Some("en")),
    );
    let prison = Organization::new(
        Visibility::Public,
        OrganizationKind::Facility,
        Name::primary("Test Colony No. 5", Some("en")),
    );
    let mut case = Case::new(Visibility::Internal, "Case of R. Sınaqlı", vec![pid]);
    case.courts = vec![court.id];
    case.charges = vec![Charge {
        code: "Criminal Code of the Republic of Azerbaijan".into(),
        article: "206.3.2".into(),
        label: Some("smuggling by a group".into()),
        labels: Default::default(),
    }];
    let secret = Case::new(Visibility::Confidential, "CANARY secret case", vec![pid]);
    let mut held = DetentionEpisode::new(
        Visibility::Internal,
        pid,
        DetentionKind::PreTrial,
        Some("2026-10-01".parse().unwrap()),
    );
    held.facility = Some(prison.id);
    held.case = Some(case.id);
    let hearing = record(json!({
        "type": "hearing", "id": vigil_domain::Id::<Hearing>::new(), "visibility": "internal",
        "case": case.id, "court": court.id, "date": "2027-03-01", "time": "10:00",
        "time_zone": "Asia/Baku", "kind": "trial", "status": "scheduled"
    }));
    let complaint = record(json!({
        "type": "complaint", "id": vigil_domain::Id::<Complaint>::new(), "visibility": "internal",
        "kind": "complaint", "subject": "CANARY complaint", "on_behalf_of": [pid], "status": "draft"
    }));
    let bystander = Person::new(Visibility::Internal, Name::primary("Other Person", None));
    let records = [
        Record::Person(person.clone()),
        Record::Organization(court.clone()),
        Record::Organization(prison.clone()),
        Record::Case(case.clone()),
        Record::Case(secret.clone()),
        Record::DetentionEpisode(held.clone()),
        hearing.clone(),
        complaint.clone(),
        Record::Person(bystander.clone()),
    ];
    insert(t, &records).await;
    let page_path = format!("/staff/records/{pid}/publish");

    // A researcher may edit but not publish.
    let mut re = logged_in(t, "re").await;
    let record_page = re.get(&format!("/staff/records/{pid}")).await;
    assert!(!record_page.body.contains(&page_path), "not offered");
    assert_eq!(re.get(&page_path).await.status, StatusCode::FORBIDDEN);
    let r = post_form(&mut re, &page_path, &record_page, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(visibility(t, &records[0]).await, Visibility::Internal);

    // The editor sees exactly what will become public, and what stays confidential.
    let mut ed = logged_in(t, "ed").await;
    let record_page = ed.get(&format!("/staff/records/{pid}")).await;
    assert!(record_page.body.contains(&page_path));
    let page = ed.get(&page_path).await;
    assert_eq!(page.status, StatusCode::OK);
    let offered = page.body.split("id=\"publish-offered\"").nth(1).unwrap();
    let offered = offered.split("</ul>").next().unwrap();
    for r in [&records[1], &records[3], &records[5], &hearing] {
        assert!(
            offered.contains(&format!("value=\"{}\" checked", r.id())),
            "{} offered",
            r.kind()
        );
    }
    for r in [&records[2], &records[4], &complaint, &records[8]] {
        assert!(
            !offered.contains(&r.id().to_string()),
            "{} not offered",
            r.kind()
        );
    }
    let withheld = page.body.split("id=\"publish-withheld\"").nth(1).unwrap();
    assert!(withheld.contains("CANARY secret case"));

    // A record the page does not offer is refused, and nothing is written.
    let before = vigil_storage::audit::recent(&t.store, 1000)
        .await
        .unwrap()
        .len();
    let stray = bystander.id.to_string();
    let r = post_form(&mut ed, &page_path, &page, &[("include", &stray)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let secret_id = secret.id.to_string();
    let r = post_form(&mut ed, &page_path, &page, &[("include", &secret_id)]).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "never a confidential one"
    );
    let r = post_form(&mut ed, &page_path, &page, &[("include", "not an id")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        vigil_storage::audit::recent(&t.store, 1000)
            .await
            .unwrap()
            .len(),
        before
    );
    assert_eq!(visibility(t, &records[0]).await, Visibility::Internal);

    // Publish, leaving the court out.
    let ids: Vec<String> = [&records[3], &records[5], &hearing]
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    let fields: Vec<(&str, &str)> = ids.iter().map(|i| ("include", i.as_str())).collect();
    let r = post_form(&mut ed, &page_path, &page, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for (r, want) in [
        (&records[0], Visibility::Public),
        (&records[3], Visibility::Public),
        (&records[5], Visibility::Public),
        (&hearing, Visibility::Public),
        (&records[1], Visibility::Internal),
        (&records[4], Visibility::Confidential),
        (&complaint, Visibility::Internal),
        (&records[8], Visibility::Internal),
    ] {
        assert_eq!(visibility(t, r).await, want, "{}", r.kind());
    }
    let audit = vigil_storage::audit::recent(&t.store, 1000).await.unwrap();
    assert_eq!(
        audit.len(),
        before + 4,
        "one audited change per record published"
    );
    assert!(audit.iter().take(4).all(|e| e.actor.contains("ed")));

    // The public page shows the charge and the hearing, and nothing confidential.
    let mut reader = Client::new(t, vigil_web::WebConfig::default());
    let public = reader.get(&format!("/people/{pid}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("206.3.2"), "{}", public.body);
    assert!(!public.body.contains("CANARY"));
    assert!(reader.get("/hearings").await.body.contains("Ravan Sınaqlı"));

    // The person's page now warns that the court is not public, and offers it.
    let record_page = ed.get(&format!("/staff/records/{pid}")).await;
    let gaps = record_page.body.split("id=\"public-gaps\"").nth(1).unwrap();
    let gaps = gaps.split("</div>").next().unwrap();
    assert!(gaps.contains("Test District Court") && gaps.contains(&page_path));
    assert!(
        gaps.contains("CANARY secret case"),
        "an editor cleared for it sees it"
    );
    // So does the public hearing's page, which names the internal court.
    let hearing_page = ed.get(&format!("/staff/records/{}", hearing.id())).await;
    assert!(hearing_page.body.contains("id=\"public-gaps\""));
    let page = ed.get(&page_path).await;
    assert!(
        page.body
            .contains(&format!("value=\"{}\" checked", court.id))
    );
}

on_both_engines!(publishing_a_person_with_their_page);

/// A record's staff page reads as labelled facts: choices in words,
/// references by name and linked, rows one per line; the JSON is behind a
/// toggle, for those who may edit the record only.
async fn record_pages_read_as_facts(t: &TestStore) {
    user(t, "ed", Role::Editor).await;
    user(t, "vi", Role::Viewer).await;
    let person = Person::new(
        Visibility::Internal,
        Name::primary("Ravan Sınaqlı", Some("az")),
    );
    let court = Organization::new(
        Visibility::Internal,
        OrganizationKind::Court,
        Name::primary("Test District Court", Some("en")),
    );
    let mut case = Case::new(Visibility::Internal, "Case of R. Sınaqlı", vec![person.id]);
    case.courts = vec![court.id];
    case.status = CaseStatus::Convicted;
    case.charges = vec![Charge {
        code: "Criminal Code of the Republic of Azerbaijan".into(),
        article: "206.3.2".into(),
        label: Some("smuggling by a group".into()),
        labels: Default::default(),
    }];
    insert(
        t,
        &[
            Record::Person(person.clone()),
            Record::Organization(court.clone()),
            Record::Case(case.clone()),
        ],
    )
    .await;
    let path = format!("/staff/records/{}", case.id);
    let mut ed = logged_in(t, "ed").await;
    let page = ed.get(&path).await;
    let facts = page
        .body
        .split("class=\"facts record-facts\"")
        .nth(1)
        .unwrap();
    let facts = facts.split("</dl>").next().unwrap();
    assert!(facts.contains("<dd>convicted</dd>"), "{facts}");
    assert!(
        facts.contains(&format!(
            "<a href=\"/staff/records/{}\">Test District Court (court)</a>",
            court.id
        )),
        "{facts}"
    );
    assert!(facts.contains(&format!(
        "<a href=\"/staff/records/{}\">Ravan Sınaqlı (Person)</a>",
        person.id
    )));
    assert!(
        facts.contains("Article: 206.3.2; What the article is (English): smuggling by a group"),
        "{facts}"
    );
    assert!(page.body.contains("<details><summary>The record as JSON"));
    let mut vi = logged_in(t, "vi").await;
    let page = vi.get(&path).await;
    assert!(page.body.contains("206.3.2"));
    assert!(
        !page.body.contains("The record as JSON"),
        "a viewer may not edit it"
    );
    // Lists count by kind, named in the reader's language.
    let list = ed.get("/staff/records?kind=case").await;
    assert!(
        list.body.contains("id=\"records-count\">Case: 1 record"),
        "{}",
        list.body
    );
    let list = ed.get("/staff/records?kind=organization&lang=ru").await;
    assert!(list.body.contains("<option value=\"detention_episode\">"));
    assert!(
        !list.body.contains(">detention_episode<"),
        "kinds are named, not coded"
    );
    // In Russian, the same facts in Russian.
    let page = ed.get(&format!("{path}?lang=ru")).await;
    assert!(page.body.contains("Статья: 206.3.2"));
}

on_both_engines!(record_pages_read_as_facts);
