//! Merging two records of one person into one, and undoing it.
//!
//! The kept person takes every name of the other (and fills what it lacks:
//! reference, gender, dates, texts, sources); every record that pointed at
//! the other person points at the kept one; the other person is deleted.
//! All in one transaction, audited record by record, with a `merge` entry on
//! both sides, and kept in `merges` so that [`undo`] can put every record
//! back as it was, if none has changed since.

use serde_json::Value;
use vigil_domain::records::Person;
use vigil_domain::{AnyId, Id, Record, RecordKind};
use vigil_storage::{Actor, StorageError, Store};

use crate::{AppError, Result};

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub merge: String,
    /// Records that pointed at the absorbed person and now point at the kept one.
    pub repointed: usize,
}

fn input(msg: impl Into<String>) -> AppError {
    AppError::invalid(msg.into())
}

async fn person(tx: &mut vigil_storage::Tx, id: Id<Person>) -> Result<Person> {
    tx.get(id.erase())
        .await?
        .and_then(|r| Person::try_from(r).ok())
        .ok_or_else(|| input(format!("no person {id}")))
}

/// Replace every occurrence of `from` with `to` in a record's JSON. In an
/// array that held `from`, a second mention of `to` (the same person twice
/// among a case's defendants or a list's entries) is dropped; nothing else
/// in the record changes.
fn repoint(value: &mut Value, from: &str, to: &str) {
    let names = |v: &Value, who: &str| match v {
        Value::String(s) => s == who,
        Value::Object(m) => m.get("person").and_then(Value::as_str) == Some(who),
        _ => false,
    };
    match value {
        Value::String(s) if s == from => *s = to.to_owned(),
        Value::Array(items) => {
            let held = items.iter().any(|i| names(i, from));
            for i in items.iter_mut() {
                repoint(i, from, to);
            }
            if held {
                let mut first = true;
                items.retain(|i| !names(i, to) || std::mem::take(&mut first));
            }
        }
        Value::Object(map) => {
            for (_, v) in map.iter_mut() {
                repoint(v, from, to);
            }
        }
        _ => {}
    }
}

/// The kept person with what the absorbed one adds. What came from a more
/// closed record stays as closed: names, texts and sources carry the other
/// record's visibility at least, and plain fields are taken only from a
/// record no more closed than the kept one. The kept record's own
/// visibility does not change.
fn combine(mut kept: Person, other: &Person) -> Person {
    let fold = |s: &str| vigil_names::fold_case(s);
    let floor = other.visibility;
    for n in &other.names {
        if !kept.names.iter().any(|k| fold(&k.name) == fold(&n.name)) {
            let mut n = n.clone();
            if n.kind == vigil_domain::NameKind::Primary {
                n.kind = vigil_domain::NameKind::Alias;
            }
            n.visibility = n.visibility.max(floor);
            kept.names.push(n);
        }
    }
    for b in &other.biography {
        if !kept.biography.iter().any(|k| k.language == b.language) {
            let mut b = b.clone();
            b.visibility = b.visibility.max(floor);
            kept.biography.push(b);
        }
    }
    for s in &other.sources {
        if !kept
            .sources
            .iter()
            .any(|k| k.source == s.source && k.excerpt == s.excerpt)
        {
            let mut s = s.clone();
            s.visibility = s.visibility.max(floor);
            kept.sources.push(s);
        }
    }
    if kept.birth_date.is_none() {
        kept.birth_date = other.birth_date.clone().map(|mut d| {
            d.visibility = d.visibility.max(floor);
            d
        });
    }
    kept.notes = match (kept.notes.take(), &other.notes) {
        (Some(mut k), Some(o)) => {
            k.value = format!("{}\n\n{}", k.value, o.value);
            k.visibility = k.visibility.max(o.visibility).max(floor);
            Some(k)
        }
        (k, o) => k.or_else(|| {
            o.clone().map(|mut o| {
                o.visibility = o.visibility.max(floor);
                o
            })
        }),
    };
    if other.visibility <= kept.visibility {
        for o in &other.occupations {
            if !kept.occupations.contains(o) {
                kept.occupations.push(*o);
            }
        }
        kept.gender = kept.gender.or(other.gender);
        kept.death_date = kept.death_date.or(other.death_date);
        kept.country = kept.country.take().or_else(|| other.country.clone());
        kept.photo = kept.photo.take().or_else(|| other.photo.clone());
        kept.exile = kept.exile.take().or_else(|| other.exile.clone());
        kept.external_ref = kept
            .external_ref
            .take()
            .or_else(|| other.external_ref.clone());
    }
    kept
}

/// Merge `absorb` into `keep`.
pub async fn merge_persons(
    store: &Store,
    actor: &Actor,
    keep: Id<Person>,
    absorb: Id<Person>,
) -> Result<Merged> {
    if keep == absorb {
        return Err(input("a person cannot be merged into themselves"));
    }
    let mut tx = store.begin().await?;
    let kept = person(&mut tx, keep).await?;
    let other = person(&mut tx, absorb).await?;
    let mut before: Vec<Record> = vec![Record::Person(kept.clone()), Record::Person(other.clone())];
    let mut after: Vec<(AnyId, String)> = Vec::new();
    let (from, to) = (absorb.to_string(), keep.to_string());
    let mut repointed = 0;
    for id in tx.referrers(absorb.erase()).await? {
        if id == keep.erase() || id == absorb.erase() {
            continue;
        }
        let Some(record) = tx.get(id).await? else {
            continue;
        };
        let mut json =
            serde_json::to_value(&record).map_err(|e| input(format!("record {id}: {e}")))?;
        repoint(&mut json, &from, &to);
        let changed: Record = serde_json::from_value(json)
            .map_err(|e| input(format!("record {id} cannot point at the kept person: {e}")))?;
        tx.update(actor, &changed).await.map_err(|e| match e {
            StorageError::Rule(_) => input(format!(
                "the {} {id} cannot point at the kept person: {e}",
                record.kind().as_str()
            )),
            e => e.into(),
        })?;
        after.push((id, tx.digest_of(&changed)?));
        before.push(record);
        repointed += 1;
    }
    let combined = Record::Person(combine(kept, &other));
    tx.update(actor, &combined).await?;
    after.push((keep.erase(), tx.digest_of(&combined)?));
    tx.delete(actor, absorb.erase()).await?;
    let merge = tx
        .record_merge(actor, keep.erase(), absorb.erase(), &before, &after)
        .await?;
    let detail = format!("merge {merge}: person {absorb} into {keep}");
    tx.audit_record_event(
        actor,
        "merge",
        RecordKind::Person,
        keep.erase(),
        Some(&detail),
    )
    .await?;
    tx.audit_event(actor, "merge", Some(&detail)).await?;
    tx.commit().await?;
    Ok(Merged { merge, repointed })
}

/// Put back every record a merge changed or deleted, if none has changed since.
pub async fn undo(store: &Store, actor: &Actor, merge_id: &str) -> Result<()> {
    let Some(m) = store.merge_record(merge_id).await? else {
        return Err(AppError::not_found(format!("merge {merge_id}")));
    };
    if m.undone_at.is_some() {
        return Err(input(format!("merge {merge_id} was undone already")));
    }
    let mut tx = store.begin().await?;
    for (id, digest) in &m.after {
        let now = tx.get(*id).await?;
        let same = match &now {
            Some(r) => tx.digest_of(r)? == *digest,
            None => false,
        };
        if !same {
            return Err(input(format!(
                "record {id} has changed since the merge; undo it by hand or change it back first"
            )));
        }
    }
    if tx.get(m.absorbed).await?.is_some() {
        return Err(input(format!("a record {} exists again", m.absorbed)));
    }
    // The absorbed person first, so the records put back can point at them.
    for r in m.before.iter().filter(|r| r.id() == m.absorbed) {
        tx.insert(actor, r).await?;
    }
    for r in m.before.iter().filter(|r| r.id() != m.absorbed) {
        tx.update(actor, r).await?;
    }
    tx.mark_merge_undone(merge_id).await?;
    let detail = format!(
        "undo merge {merge_id}: person {} out of {}",
        m.absorbed, m.kept
    );
    tx.audit_record_event(actor, "unmerge", RecordKind::Person, m.kept, Some(&detail))
        .await?;
    tx.audit_event(actor, "unmerge", Some(&detail)).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn repointing_drops_only_the_repeat_it_made() {
        let mut v = json!({
            "defendants": ["a", "b", "k"],
            "entries": [{"person": "k", "number": 1}, {"person": "a", "number": 2}],
            "untouched": ["x", "x", "k", "k"],
            "witness": "a",
        });
        super::repoint(&mut v, "a", "k");
        assert_eq!(
            v,
            json!({
                "defendants": ["k", "b"],
                "entries": [{"person": "k", "number": 1}],
                "untouched": ["x", "x", "k", "k"],
                "witness": "k",
            })
        );
    }
}
