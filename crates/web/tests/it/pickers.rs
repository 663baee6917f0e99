//! Reference fields are pickers: a documenter finds a court, a prison or a
//! person by name (never by id), adds a missing court without leaving the
//! form, and forms opened from a record come filled in. The HTTP client
//! sends only what the pages offer, as a browser without JavaScript would.

use axum::http::StatusCode;
use vigil_domain::records::*;
use vigil_domain::{AnyId, Name, Record, Visibility};
use vigil_storage::on_both_engines;
use vigil_storage::testing::TestStore;

use crate::common::*;

/// The value of the radio or checkbox named `name` whose label starts with `label`.
fn offered(body: &str, name: &str, label: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    body.match_indices(&marker).find_map(|(at, _)| {
        let rest = &body[at + marker.len()..];
        let (value, after) = rest.split_once('"')?;
        let shown = after.split_once('>')?.1.trim_start();
        shown.starts_with(label).then(|| value.to_owned())
    })
}

fn org(kind: OrganizationKind, name: &str) -> Organization {
    Organization::new(Visibility::Internal, kind, Name::primary(name, Some("en")))
}

fn id_in(location: &str) -> AnyId {
    location.rsplit('/').next().unwrap().parse().unwrap()
}

async fn pickers_find_only_the_right_kind_and_add_a_court(t: &TestStore) {
    user(t, "ed", Role::Editor).await;
    user(t, "vi", Role::Viewer).await;
    let mut c = logged_in(t, "ed").await;
    let person = Person::new(
        Visibility::Internal,
        Name::primary("Tofiq Sınaq", Some("az")),
    );
    let court = org(OrganizationKind::Court, "Baku Grave Crimes Court");
    let watch = org(OrganizationKind::Ngo, "Baku Court Watch");
    let prison = org(OrganizationKind::Facility, "Baku Colony No. 77");
    insert(
        t,
        &[
            Record::Person(person.clone()),
            Record::Organization(court.clone()),
            Record::Organization(watch.clone()),
            Record::Organization(prison.clone()),
        ],
    )
    .await;
    let pid = person.id.to_string();

    // The person's page opens a case form with the person picked.
    let page = c.get(&format!("/staff/records/{pid}")).await;
    assert!(
        page.body
            .contains(&format!("/staff/form/case?defendants={pid}"))
    );
    let form = c.get(&format!("/staff/form/case?defendants={pid}")).await;
    assert_eq!(
        offered(&form.body, "defendants", "Tofiq Sınaq").as_deref(),
        Some(pid.as_str())
    );
    // A new charge starts with the country's code.
    let az = Charge::default_code("AZ").unwrap();
    assert!(
        form.body
            .contains(&format!("name=\"charges.0.code\" value=\"{az}\""))
    );

    // "Baku court" finds the court, not the NGO that watches courts nor the prison.
    let before = t.store.counts().await.unwrap();
    let found = post_form(
        &mut c,
        "/staff/form/case",
        &form,
        &[
            ("defendants", &pid),
            ("_find.courts", "Baku court"),
            ("_act", "find"),
            ("visibility", "internal"),
        ],
    )
    .await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(
        offered(&found.body, "courts", "Baku Grave Crimes Court"),
        Some(court.id.to_string())
    );
    assert!(
        !found.body.contains(&watch.id.to_string()),
        "an NGO is no court"
    );
    assert!(!found.body.contains(&prison.id.to_string()));
    assert_eq!(
        t.store.counts().await.unwrap(),
        before,
        "finding writes nothing"
    );

    // The script's lookup answers the same as "Find", as JSON; the form that
    // loads it may run Vigil's own script and nothing else.
    let csp = found.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe"));
    let offers = c.get("/staff/pick?target=court&q=Baku+cou").await;
    assert_eq!(offers.status, StatusCode::OK);
    let offers: serde_json::Value = serde_json::from_str(&offers.body).unwrap();
    assert_eq!(offers[0]["id"], court.id.to_string());
    assert_eq!(offers.as_array().unwrap().len(), 1, "{offers}");
    let long = format!("/staff/pick?target=facility&q={}", "Baku+".repeat(2000));
    assert_eq!(
        c.get(&long).await.status,
        StatusCode::OK,
        "a long query is cut"
    );
    assert_eq!(
        c.get("/staff/pick?target=nothing&q=Baku").await.status,
        StatusCode::NOT_FOUND
    );
    let mut anonymous = Client::new(t, vigil_web::WebConfig::default());
    let r = anonymous.get("/staff/pick?target=court&q=Baku").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!r.body.contains("Grave"));

    // A court that is not listed is added from the form, and picked.
    let empty = post_form(
        &mut c,
        "/staff/form/case",
        &found,
        &[
            ("_add.courts.name", " "),
            ("_act", "add:courts"),
            ("visibility", "internal"),
        ],
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"err-f-courts\""));
    assert_eq!(t.store.counts().await.unwrap(), before);
    let added = post_form(
        &mut c,
        "/staff/form/case",
        &found,
        &[
            ("title", "Case of T. Sınaq"),
            ("defendants", &pid),
            ("country", "AZ"),
            ("_add.courts.name", "Sumgait City Court"),
            ("_add.courts.city", "Sumgait"),
            ("_act", "add:courts"),
            ("visibility", "internal"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(added.body.contains("id=\"form-notice\""));
    assert!(
        added.body.contains("value=\"Case of T. Sınaq\""),
        "what was typed is kept"
    );
    let new_court = offered(&added.body, "courts", "Sumgait City Court, Sumgait").unwrap();
    let Some(Record::Organization(o)) = t.store.get(new_court.parse().unwrap()).await.unwrap()
    else {
        panic!("the court is stored")
    };
    assert_eq!(
        (o.kind, o.visibility, o.country.as_deref()),
        (OrganizationKind::Court, Visibility::Internal, Some("AZ"))
    );
    assert!(
        added
            .body
            .contains(&format!("value=\"{new_court}\" checked"))
    );

    // A viewer may not add one.
    let mut v = logged_in(t, "vi").await;
    let viewer_form = v.get(&format!("/staff/records/{pid}")).await;
    let r = post_form(
        &mut v,
        "/staff/form/case",
        &viewer_form,
        &[
            ("_add.courts.name", "Another court"),
            ("_act", "add:courts"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A field that takes no new places, or none at all, is refused.
    for act in ["add:defendants", "add:nothing"] {
        let r = post_form(
            &mut c,
            "/staff/form/case",
            &added,
            &[
                ("_add.x.name", "X"),
                ("_act", act),
                ("visibility", "internal"),
            ],
        )
        .await;
        assert!(r.status.is_client_error(), "{act}: {}", r.status);
    }

    // A prison in a court's field is refused by name of the kind it needs.
    let prison_id = prison.id.to_string();
    let case_fields = |courts: &str| {
        vec![
            ("title", "Case of T. Sınaq".to_owned()),
            ("defendants", pid.clone()),
            ("status", "trial".to_owned()),
            ("country", "AZ".to_owned()),
            ("courts", courts.to_owned()),
            ("charges.0.code", az.to_owned()),
            ("charges.0.article", "206.3.2".to_owned()),
            ("charges.0.label", "smuggling by a group".to_owned()),
            ("charges.1.code", az.to_owned()),
            ("visibility", "internal".to_owned()),
        ]
    };
    let wrong = case_fields(&prison_id);
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&mut c, "/staff/form/case", &added, &wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"err-f-courts\"") && r.body.contains("court"));
    let good = case_fields(&new_court);
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&mut c, "/staff/form/case", &added, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let case_id = id_in(&r.location);
    let Some(Record::Case(case)) = t.store.get(case_id).await.unwrap() else {
        panic!("a case")
    };
    assert_eq!(
        (case.charges.len(), case.charges[0].article.as_str()),
        (1, "206.3.2"),
        "the label stays a label; the blank row is dropped"
    );
    assert_eq!(
        case.charges[0].label.as_deref(),
        Some("smuggling by a group")
    );
    assert_eq!(case.charges[0].code, az);

    // From the case page: a hearing at its one court, a detention of its one
    // defendant in it, a complaint on their behalf.
    let page = c.get(&r.location).await;
    let hearing = format!("/staff/form/hearing?case={case_id}&#38;court={new_court}");
    let detention = format!("/staff/form/detention_episode?person={pid}&#38;case={case_id}");
    let complaint = format!("/staff/form/complaint?on_behalf_of={pid}");
    for link in [&hearing, &detention, &complaint] {
        assert!(page.body.contains(link.as_str()), "{link}: {}", page.body);
    }
    let form = c.get(&detention.replace("&#38;", "&")).await;
    assert!(form.body.contains(&format!("value=\"{case_id}\" checked")));
    assert!(form.body.contains(&format!("value=\"{pid}\" checked")));
    // A transfer's prison is picked inside its row.
    let found = post_form(
        &mut c,
        "/staff/form/detention_episode",
        &form,
        &[
            ("person", &pid),
            ("case", &case_id.to_string()),
            ("transfers.0.date", "2025-02"),
            ("_find.transfers.0.to", "colony 7"),
            ("_act", "find"),
            ("visibility", "internal"),
        ],
    )
    .await;
    assert_eq!(
        offered(&found.body, "transfers.0.to", "Baku Colony No. 77"),
        Some(prison_id.clone())
    );
    // The person's page now fills in their one case too.
    let page = c.get(&format!("/staff/records/{pid}")).await;
    assert!(
        page.body
            .contains(&format!("/staff/form/hearing?case={case_id}\""))
    );
    let audit = vigil_storage::audit::history(&t.store, &new_court)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "adding the court is audited");
}

on_both_engines!(pickers_find_only_the_right_kind_and_add_a_court);
