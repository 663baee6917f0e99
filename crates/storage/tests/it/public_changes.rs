//! The public version moves with what readers see, and only with that.

use std::collections::BTreeSet;

use vigil_domain::records::Person;
use vigil_domain::{Name, Record, Visibility};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, PublicPart, Store, on_both_engines};

fn person(name: &str, visibility: Visibility) -> Person {
    Person::new(visibility, Name::primary(name, Some("az")))
}

async fn write(store: &Store, f: impl AsyncFnOnce(&mut vigil_storage::Tx)) {
    let mut tx = store.begin().await.unwrap();
    f(&mut tx).await;
    tx.commit().await.unwrap();
}

/// The version now, the parts changed since `before`, and whether any was shown.
async fn since(store: &Store, before: i64) -> (i64, BTreeSet<PublicPart>, bool) {
    let now = store.public_version().await.unwrap();
    let changes = store.public_changes(before, now, 100).await.unwrap();
    (now, changes.parts, !changes.shown.is_empty())
}

async fn the_version_moves_with_what_readers_see(t: &TestStore) {
    let store = &t.store;
    let actor = Actor::cli();
    assert_eq!(store.public_version().await.unwrap(), 0, "a new store");

    // Work on internal records, an event and a rolled-back publication: nothing.
    let mut inside = person("Kept Inside", Visibility::Internal);
    write(store, async |tx| {
        tx.insert(&actor, &inside.clone().into()).await.unwrap()
    })
    .await;
    inside.names.push(Name::new(
        "Still Inside",
        vigil_domain::NameKind::Alias,
        None,
    ));
    write(store, async |tx| {
        tx.update(&actor, &inside.clone().into()).await.unwrap();
        tx.audit_event(&actor, "login", None).await.unwrap();
    })
    .await;
    let mut tx = store.begin().await.unwrap();
    inside.visibility = Visibility::Public;
    tx.update(&actor, &inside.clone().into()).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(store.public_version().await.unwrap(), 0);

    // A publication names the record under the next version.
    write(store, async |tx| {
        tx.update(&actor, &inside.clone().into()).await.unwrap();
    })
    .await;
    let (v1, parts, shown) = since(store, 0).await;
    assert_eq!(v1, 1);
    assert!(!shown, "a first publication changes nothing readers saw");
    assert_eq!(
        parts,
        BTreeSet::from([PublicPart::Record(inside.id.erase())])
    );

    // A new public record and a text of the site, in one transaction: one version.
    let shown = person("Shown Outside", Visibility::Public);
    write(store, async |tx| {
        tx.insert(&actor, &shown.clone().into()).await.unwrap();
        tx.set_site_text("about-keepers", "en", "We keep the list.")
            .await
            .unwrap();
    })
    .await;
    let (v2, parts, was_shown) = since(store, v1).await;
    assert_eq!(v2, v1 + 1);
    assert!(!was_shown);
    let expected = [PublicPart::Record(shown.id.erase()), PublicPart::SiteText];
    assert_eq!(parts, BTreeSet::from(expected));

    // A withdrawal and a deletion of what was public each move it.
    inside.visibility = Visibility::Internal;
    write(store, async |tx| {
        tx.update(&actor, &inside.clone().into()).await.unwrap();
    })
    .await;
    write(store, async |tx| {
        tx.delete(&actor, shown.id.erase()).await.unwrap()
    })
    .await;
    let (v4, parts, was_shown) = since(store, v2).await;
    assert_eq!(v4, v2 + 2);
    assert!(
        was_shown,
        "a withdrawal and a deletion change what readers saw"
    );
    let was = store.public_changes(v1, v4, 100).await.unwrap().shown;
    let expected = [inside.id.erase(), shown.id.erase()].map(PublicPart::Record);
    assert_eq!(was, BTreeSet::from(expected), "the two once public");
    let expected = [inside.id.erase(), shown.id.erase()].map(PublicPart::Record);
    assert_eq!(parts, BTreeSet::from(expected));
    // Deleting the now internal record changes nothing readers see.
    write(store, async |tx| {
        tx.delete(&actor, inside.id.erase()).await.unwrap()
    })
    .await;
    assert_eq!(store.public_version().await.unwrap(), v4);
}

async fn a_bulk_load_is_one_change_of_many(t: &TestStore) {
    let store = &t.store;
    let many: Vec<Record> = (0..1500)
        .map(|i| person(&format!("Person {i}"), Visibility::Public).into())
        .collect();
    write(store, async |tx| {
        tx.insert_many(&Actor::cli(), &many).await.unwrap()
    })
    .await;
    let (v, parts, shown) = since(store, 0).await;
    assert_eq!(v, 1);
    assert_eq!(parts, BTreeSet::from([PublicPart::Many]));
    assert!(!shown);
    // Asked for fewer parts than changed, the answer is "many" too.
    let few: Vec<Record> = (0..3)
        .map(|i| person(&format!("Another {i}"), Visibility::Public).into())
        .collect();
    write(store, async |tx| {
        tx.insert_many(&Actor::cli(), &few).await.unwrap()
    })
    .await;
    let parts = store.public_changes(v, v + 1, 2).await.unwrap().parts;
    assert_eq!(parts, BTreeSet::from([PublicPart::Many]));
    assert_eq!(
        store.public_changes(v, v + 1, 3).await.unwrap().parts.len(),
        3
    );
    // A bulk edit of what is shown is "many", shown.
    let edited: Vec<Record> = many
        .iter()
        .map(|r| {
            let Record::Person(mut p) = r.clone() else {
                unreachable!("persons above")
            };
            p.names
                .push(Name::new("Edited", vigil_domain::NameKind::Alias, None));
            p.into()
        })
        .collect();
    write(store, async |tx| {
        for r in &edited {
            tx.update(&Actor::cli(), r).await.unwrap();
        }
    })
    .await;
    let (_, parts, shown) = since(store, v + 1).await;
    assert_eq!(parts, BTreeSet::from([PublicPart::Many]));
    assert!(shown);
}

/// An edit of a shown record that leaves it pointing at the same records is
/// "kept"; one that points elsewhere, a withdrawal or a deletion is not.
async fn an_edit_of_content_only_is_kept(t: &TestStore) {
    let store = &t.store;
    let actor = Actor::cli();
    let (a, b) = (
        person("Arif Yunus", Visibility::Public),
        person("Leyla Yunus", Visibility::Public),
    );
    let mut case =
        vigil_domain::records::Case::new(Visibility::Public, "Case of the two", vec![a.id]);
    write(store, async |tx| {
        for r in [a.clone().into(), b.clone().into(), case.clone().into()] {
            tx.insert(&actor, &r).await.unwrap();
        }
    })
    .await;
    let part = PublicPart::Record(case.id.erase());
    let changed = async |case: &vigil_domain::records::Case| {
        let before = store.public_version().await.unwrap();
        write(store, async |tx| {
            tx.update(&actor, &case.clone().into()).await.unwrap();
        })
        .await;
        let now = store.public_version().await.unwrap();
        store.public_changes(before, now, 100).await.unwrap()
    };
    case.title.push_str(" (renamed)");
    let edit = changed(&case).await;
    assert!(
        edit.shown.contains(&part) && edit.kept.contains(&part),
        "{edit:?}"
    );
    case.defendants.push(b.id);
    let pointing_elsewhere = changed(&case).await;
    assert!(pointing_elsewhere.shown.contains(&part));
    assert!(
        !pointing_elsewhere.kept.contains(&part),
        "a defendant added"
    );
    case.visibility = Visibility::Internal;
    let withdrawn = changed(&case).await;
    assert!(withdrawn.shown.contains(&part) && withdrawn.kept.is_empty());
    // Over versions, one change that moved it is enough to not keep it.
    let v = store.public_version().await.unwrap();
    let together = store.public_changes(v - 3, v, 100).await.unwrap();
    assert!(together.shown.contains(&part) && together.kept.is_empty());
    let renamed_only = store.public_changes(v - 3, v - 2, 100).await.unwrap();
    assert!(renamed_only.kept.contains(&part));
}

on_both_engines!(
    an_edit_of_content_only_is_kept,
    the_version_moves_with_what_readers_see,
    a_bulk_load_is_one_change_of_many,
);
