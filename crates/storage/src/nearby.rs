//! Reading the public records around a few others, for a projection of
//! just the persons a change concerns (`vigil_publish::PublicRecords::around`):
//! the public ones among some ids, those that point at them, and what they
//! point at, each a chunk of ids at a time.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::Row;
use vigil_domain::{AnyId, Record, RecordKind, Visibility};

use crate::error::Result;
use crate::store::{Store, decode_body, parse_id};

impl Store {
    /// The public records among `ids`, each once, in id order.
    pub async fn public_among(&self, ids: &[AnyId]) -> Result<Vec<Record>> {
        let select = format!(
            "SELECT body, id FROM records WHERE visibility = '{}' AND id IN ({{ids}})",
            Visibility::Public.as_str()
        );
        self.records_by_ids(&select, ids).await
    }

    /// The public records that point at any of `ids`, each once, in id order.
    pub async fn public_pointing_at(&self, ids: &[AnyId]) -> Result<Vec<Record>> {
        let select = format!(
            "SELECT body, id FROM records WHERE visibility = '{}' AND id IN \
             (SELECT from_id FROM record_refs WHERE to_id IN ({{ids}}))",
            Visibility::Public.as_str()
        );
        self.records_by_ids(&select, ids).await
    }

    /// Every record of `kinds` the records `ids` point at, public or not.
    pub async fn pointed_at(&self, ids: &[AnyId], kinds: &[RecordKind]) -> Result<BTreeSet<AnyId>> {
        let kinds: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.as_str())).collect();
        let select = format!(
            "SELECT DISTINCT to_id FROM record_refs WHERE to_kind IN ({}) AND from_id IN ({{ids}})",
            kinds.join(", ")
        );
        let mut out = BTreeSet::new();
        for q in crate::sql::by_ids(self.engine(), &select, &texts(ids)) {
            for row in q.fetch_all(self.pool()).await? {
                out.insert(parse_id(&row.try_get::<String, _>(0)?)?);
            }
        }
        Ok(out)
    }

    /// The records `select` (body and id, with `{ids}` for the list) finds
    /// for `ids`, each once, in id order.
    async fn records_by_ids(&self, select: &str, ids: &[AnyId]) -> Result<Vec<Record>> {
        let mut out = BTreeMap::new();
        for q in crate::sql::by_ids(self.engine(), select, &texts(ids)) {
            for row in q.fetch_all(self.pool()).await? {
                let id = parse_id(&row.try_get::<String, _>(1)?)?;
                out.insert(id, decode_body(&row, self.keyring())?);
            }
        }
        Ok(out.into_values().collect())
    }
}

fn texts(ids: &[AnyId]) -> Vec<String> {
    ids.iter().map(AnyId::to_string).collect()
}
