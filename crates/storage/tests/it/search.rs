//! The search index on both engines: kept current by every write, rebuilt by
//! reindex, and never showing a reader what their clearance hides.

use vigil_domain::records::*;
use vigil_domain::{Guarded, LocalizedText, Name, NameKind, Record, RecordKind, Visibility};
use vigil_storage::search::{DocForm, decode_doc};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, on_both_engines};

fn person(vis: Visibility, names: &[&str]) -> Person {
    let mut p = Person::new(vis, Name::primary(names[0], Some("az")));
    for n in &names[1..] {
        p.names
            .push(Name::new(*n, NameKind::Transliteration, Some("ru")));
    }
    p
}

async fn write(t: &TestStore, records: Vec<Record>) {
    let mut tx = t.store.begin().await.unwrap();
    for r in records {
        tx.upsert(&Actor::cli(), &r).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn found(t: &TestStore, q: &str, allowed: Visibility) -> Vec<(String, String)> {
    t.store
        .search(q, allowed, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.id.to_string(), h.form))
        .collect()
}

async fn names_are_found_in_any_script(t: &TestStore) {
    let mehman = person(Visibility::Public, &["Mehman Hüseynov"]);
    let khadija = person(
        Visibility::Public,
        &["Xədicə İsmayılova", "Хадиджа Исмаилова"],
    );
    let other = person(Visibility::Public, &["Arif Yunusov"]);
    let mut colony = Organization::new(
        Visibility::Public,
        OrganizationKind::Facility,
        Name::primary("Penitentiary Institution No. 13", Some("en")),
    );
    colony.names.push(Name::new(
        "Qobustan qapalı həbsxanası",
        NameKind::Alias,
        Some("az"),
    ));
    write(
        t,
        vec![
            mehman.clone().into(),
            khadija.clone().into(),
            other.clone().into(),
            colony.clone().into(),
        ],
    )
    .await;

    let hits = found(t, "Гусейнов", Visibility::Public).await;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0], (mehman.id.to_string(), "Mehman Hüseynov".into()));

    let hits = found(t, "Ismailova", Visibility::Public).await;
    assert_eq!(
        hits.first().map(|h| h.0.clone()),
        Some(khadija.id.to_string())
    );
    let hits = found(t, "ISMAYILOVA KHADIJA", Visibility::Public).await;
    assert_eq!(
        hits.first().map(|h| h.0.clone()),
        Some(khadija.id.to_string())
    );

    // A facility's other name finds it, and the hit shows that name.
    let hits = t
        .store
        .search("Qobustan", Visibility::Public, 20)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].id, colony.id.erase());
    assert_eq!(hits[0].kind, RecordKind::Organization);
    assert_eq!(hits[0].field, "names");
    assert_eq!(hits[0].form, "Qobustan qapalı həbsxanası");

    // Nothing answers a name nobody has; hostile input is only text.
    assert!(
        found(t, "Zeynalabdin Tağıyev", Visibility::Public)
            .await
            .is_empty()
    );
    assert!(
        found(t, "' OR 1=1 --", Visibility::Internal)
            .await
            .is_empty()
    );
    assert!(found(t, "", Visibility::Internal).await.is_empty());
}

async fn writes_keep_the_index_current(t: &TestStore) {
    let mut p = person(Visibility::Public, &["Tofiq Yaqublu"]);
    write(t, vec![p.clone().into()]).await;
    assert_eq!(found(t, "Yagublu", Visibility::Public).await.len(), 1);

    // A new spelling is found at once, the old one no longer.
    p.names = vec![Name::primary("Bəxtiyar Hacıyev", Some("az"))];
    write(t, vec![p.clone().into()]).await;
    assert!(found(t, "Yagublu", Visibility::Public).await.is_empty());
    assert_eq!(
        found(t, "Бахтияр Гаджиев", Visibility::Public).await.len(),
        1
    );

    // Texts are searched too, and show the words around what was found.
    p.biography = vec![LocalizedText {
        language: "en".into(),
        text: "An engineer and blogger who ran for parliament in 2010 and campaigned \
               for the rights of conscripts in the army; arrested again in 2017 after \
               posts about the sale of military equipment."
            .into(),
        machine_translated: false,
        visibility: Visibility::Public,
    }];
    write(t, vec![p.clone().into()]).await;
    let hits = t
        .store
        .search("conscripts", Visibility::Public, 20)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].field, "biography");
    assert!(
        hits[0].form.contains("rights of conscripts"),
        "{}",
        hits[0].form
    );

    // A hostile text (one "word" of 20,000 letters) is written and indexed
    // without harm: the words around it are found, the run itself is not.
    let letters: Vec<char> = "абвгдежзиклмнопрстуфхцчшщэюя".chars().collect();
    let mut x: u64 = 7;
    let run: String = (0..20_000)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            letters[(x >> 33) as usize % letters.len()]
        })
        .collect();
    p.biography[0].text = format!("{run} then the conscripts campaign went on");
    write(t, vec![p.clone().into()]).await;
    let hits = t
        .store
        .search("conscripts", Visibility::Public, 20)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].form.len() < 1_000, "{}", hits[0].form.len());

    // Deleting the record takes it out of the index.
    let mut tx = t.store.begin().await.unwrap();
    tx.delete(&Actor::cli(), p.id.erase()).await.unwrap();
    tx.commit().await.unwrap();
    assert!(found(t, "Гаджиев", Visibility::Internal).await.is_empty());
    assert_eq!(t.store.index_size().await.unwrap(), 0);
    let (docs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM search_docs")
        .fetch_one(t.store.pool())
        .await
        .unwrap();
    assert_eq!(docs, 0);
}

async fn readers_find_only_what_they_may_see(t: &TestStore) {
    let public = person(Visibility::Public, &["Nərmin Məmmədova"]);
    let internal = person(Visibility::Internal, &["Nərgiz Məmmədova"]);
    let confidential = person(Visibility::Confidential, &["Nərmin Məmmədova"]);
    let mut with_closed_alias = person(Visibility::Public, &["Aynur Məmmədova"]);
    let mut alias = Name::new("Aynur Elgunesh", NameKind::Alias, Some("az"));
    alias.visibility = Visibility::Internal;
    with_closed_alias.names.push(alias);
    with_closed_alias.notes = Some(Guarded {
        value: "Relatives in Canvasmeadow asked for no contact".into(),
        visibility: Visibility::Confidential,
    });
    write(
        t,
        vec![
            public.clone().into(),
            internal.clone().into(),
            confidential.clone().into(),
            with_closed_alias.clone().into(),
        ],
    )
    .await;

    let ids = |v: Vec<(String, String)>| v.into_iter().map(|h| h.0).collect::<Vec<_>>();
    let anyone = ids(found(t, "Мамедова", Visibility::Public).await);
    assert!(anyone.contains(&public.id.to_string()));
    assert!(!anyone.contains(&internal.id.to_string()));
    assert!(!anyone.contains(&confidential.id.to_string()));

    let staff = ids(found(t, "Мамедова", Visibility::Internal).await);
    assert!(staff.contains(&internal.id.to_string()));
    assert!(!staff.contains(&confidential.id.to_string()));

    // An internal alias is found by staff only; the public record is not
    // found through it.
    assert!(found(t, "Elgunesh", Visibility::Public).await.is_empty());
    assert_eq!(
        ids(found(t, "Elgunesh", Visibility::Internal).await),
        vec![with_closed_alias.id.to_string()]
    );
    // Confidential text is found only by those cleared for it…
    assert!(
        found(t, "Canvasmeadow", Visibility::Internal)
            .await
            .is_empty()
    );
    let hits = found(t, "Canvasmeadow", Visibility::Confidential).await;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].0, with_closed_alias.id.to_string());
    assert!(hits[0].1.contains("Canvasmeadow"), "{}", hits[0].1);
    let cleared = ids(found(t, "Мамедова", Visibility::Confidential).await);
    assert!(cleared.contains(&confidential.id.to_string()));
    assert!(cleared.contains(&public.id.to_string()));
    // …and the index on disk holds none of it in clear: its terms are keyed,
    // its forms and word keys sealed.
    let docs: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT record_id, forms FROM search_docs")
        .fetch_all(t.store.pool())
        .await
        .unwrap();
    for (record, doc) in &docs {
        for f in decode_doc(record, doc).unwrap() {
            let line = format!("{} {} {}", f.form, f.keys, f.terms.join(" "));
            assert!(!line.to_lowercase().contains("canvasmeadow"), "{line}");
        }
    }
    let all = entries(t).await;
    for (term, ..) in &all {
        assert!(!term.to_lowercase().contains("canvasmeadow"), "{term}");
    }
    let closed: Vec<_> = all
        .iter()
        .filter(|e| e.2.visibility == Visibility::Confidential)
        .collect();
    assert!(!closed.is_empty());
    for (term, _, f) in closed {
        assert!(term.starts_with("k:"), "{term}");
        assert!(
            f.form.starts_with("v1.") && f.keys.starts_with("v1."),
            "{} {}",
            f.form,
            f.keys
        );
    }
    let confidential_id = confidential.id.to_string();
    assert!(
        all.iter()
            .filter(|e| e.1 == confidential_id)
            .all(|e| e.2.visibility == Visibility::Confidential)
    );
}

async fn reindex_rebuilds_what_writes_wrote(t: &TestStore) {
    let a = person(Visibility::Public, &["Emin Hüseynov", "Эмин Гусейнов"]);
    let b = person(Visibility::Internal, &["Anar Məmmədli"]);
    write(t, vec![a.clone().into(), b.clone().into()]).await;
    let before: Vec<(String, String, String)> = rows(t).await;
    assert!(!before.is_empty());
    for table in ["search_terms", "search_docs"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(t.store.pool())
            .await
            .unwrap();
    }
    assert!(found(t, "Huseynov", Visibility::Internal).await.is_empty());
    let written = t.store.reindex().await.unwrap();
    assert_eq!(written, before.len());
    assert_eq!(rows(t).await, before);
    assert_eq!(found(t, "Huseynov", Visibility::Internal).await.len(), 1);
    // Every form keeps its keys, so ranking need not work them out.
    assert!(entries(t).await.iter().all(|e| e.2.keys.starts_with("s ")));
}

/// Every term of the index with the record and form it leads to.
async fn entries(t: &TestStore) -> Vec<(String, String, DocForm)> {
    let found: Vec<(String, i64, String, Vec<u8>)> = sqlx::query_as(
        "SELECT t.term, t.n, d.record_id, d.forms FROM search_terms t \
         JOIN search_docs d ON d.id = t.doc_id",
    )
    .fetch_all(t.store.pool())
    .await
    .unwrap();
    found
        .into_iter()
        .map(|(term, n, record, doc)| {
            let forms = decode_doc(&record, &doc).unwrap();
            let form = forms[n as usize].clone();
            assert!(form.terms.contains(&term), "{term} {form:?}");
            (term, record, form)
        })
        .collect()
}

async fn rows(t: &TestStore) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = entries(t)
        .await
        .into_iter()
        .map(|(term, record, f)| (term, record, f.form))
        .collect();
    v.sort();
    v
}

on_both_engines!(
    names_are_found_in_any_script,
    writes_keep_the_index_current,
    readers_find_only_what_they_may_see,
    reindex_rebuilds_what_writes_wrote,
);
