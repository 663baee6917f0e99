//! The review queue: imported rows that wait for an editor's decision.

use sqlx::Row;
use vigil_domain::records::Person;
use vigil_domain::{AnyId, Id};

use crate::error::{Result, StorageError};
use crate::store::{Store, parse_id};
use crate::tx::{Tx, now_text};

/// A row waiting (or, once decided, its outcome).
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewItem {
    pub id: String,
    pub created_at: String,
    pub actor: String,
    /// The row's number in its file.
    pub row: i64,
    pub input: String,
    pub reference: Option<String>,
    /// The number the list gives the person.
    pub number: Option<i64>,
    /// The best candidate when the row was read.
    pub candidate: Option<AnyId>,
    pub score: f64,
    /// Every plausible person the row may be, best first (two namesakes
    /// both); the best candidate alone for rows queued before they were kept.
    pub candidates: Vec<Suggested>,
    /// The list version the row belongs to, if the import recorded one.
    pub version: Option<AnyId>,
    /// `open`, `confirmed` or `rejected`.
    pub status: String,
    pub decided_by: Option<String>,
}

/// A person a row under review may be, and how well the name fits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Suggested {
    pub id: Id<Person>,
    pub score: f64,
}

/// A row to put in the queue.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    pub row: usize,
    pub input: &'a str,
    pub reference: Option<&'a str>,
    pub number: Option<u32>,
    /// Every plausible person, best first; empty when there is none.
    pub candidates: Vec<Suggested>,
    pub version: Option<AnyId>,
}

impl Tx {
    pub async fn queue_review(
        &mut self,
        actor: &crate::Actor,
        r: &NewReview<'_>,
    ) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let best = r.candidates.first();
        let candidates = serde_json::to_string(
            &r.candidates
                .iter()
                .map(|c| serde_json::json!({"id": c.id.to_string(), "score": thousandths(c.score)}))
                .collect::<Vec<_>>(),
        )
        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO review_queue (id, created_at, actor, row_number, input, reference, list_number, candidate, score, version, candidates, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open')",
        )
        .bind(id.clone())
        .bind(now_text())
        .bind(actor.as_str().to_owned())
        .bind(r.row as i64)
        .bind(r.input.to_owned())
        .bind(r.reference.map(str::to_owned))
        .bind(r.number.map(i64::from))
        .bind(best.map(|c| c.id.to_string()))
        .bind(best.map_or(0, |c| thousandths(c.score)))
        .bind(r.version.map(|v| v.to_string()))
        .bind(candidates)
        .execute(self.conn())
        .await?;
        Ok(id)
    }

    /// Close an open row with `status`; refused if it is not open.
    pub async fn close_review(
        &mut self,
        actor: &crate::Actor,
        id: &str,
        status: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE review_queue SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND status = 'open'",
        )
        .bind(id.to_owned())
        .bind(status.to_owned())
        .bind(actor.as_str().to_owned())
        .bind(now_text())
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::Config(format!("review {id} is not open")));
        }
        Ok(())
    }
}

fn thousandths(score: f64) -> i64 {
    (score * 1000.0).round() as i64
}

const COLUMNS: &str = "id, created_at, actor, row_number, input, reference, list_number, candidate, score, version, status, decided_by, candidates";

/// The stored candidates (`[{"id", "score"}]`, score in thousandths); the
/// one best candidate for rows queued before the list was kept.
fn candidates(stored: Option<String>, best: Option<AnyId>, score: f64) -> Result<Vec<Suggested>> {
    #[derive(serde::Deserialize)]
    struct Stored {
        id: String,
        score: i64,
    }
    let Some(text) = stored else {
        let id = best.map(|b| Id::from_uuid(b.0));
        return Ok(id.map(|id| Suggested { id, score }).into_iter().collect());
    };
    serde_json::from_str::<Vec<Stored>>(&text)
        .map_err(|e| StorageError::Corrupt(format!("review candidates: {e}")))?
        .into_iter()
        .map(|s| {
            Ok(Suggested {
                id: Id::from_uuid(parse_id(&s.id)?.0),
                score: s.score as f64 / 1000.0,
            })
        })
        .collect()
}

fn item(row: &sqlx::any::AnyRow) -> Result<ReviewItem> {
    let id = |c: Option<String>| c.map(|s| parse_id(&s)).transpose();
    let candidate = id(row.try_get(7)?)?;
    let score = row.try_get::<i64, _>(8)? as f64 / 1000.0;
    Ok(ReviewItem {
        id: row.try_get(0)?,
        created_at: row.try_get(1)?,
        actor: row.try_get(2)?,
        row: row.try_get(3)?,
        input: row.try_get(4)?,
        reference: row.try_get(5)?,
        number: row.try_get(6)?,
        candidates: candidates(row.try_get(12)?, candidate, score)?,
        candidate,
        score,
        version: id(row.try_get(9)?)?,
        status: row.try_get(10)?,
        decided_by: row.try_get(11)?,
    })
}

impl Store {
    /// The rows waiting for a decision, oldest first.
    pub async fn open_reviews(&self) -> Result<Vec<ReviewItem>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM review_queue WHERE status = 'open' ORDER BY created_at, row_number"
        )))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(item)
        .collect()
    }

    pub async fn review_item(&self, id: &str) -> Result<Option<ReviewItem>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM review_queue WHERE id = $1"
        )))
        .bind(id.to_owned())
        .fetch_optional(self.pool())
        .await?
        .map(|r| item(&r))
        .transpose()
    }
}
