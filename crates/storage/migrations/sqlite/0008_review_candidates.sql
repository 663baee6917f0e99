-- Every plausible person a row under review may be, not only the best:
-- namesakes are listed side by side. A JSON array of {"id", "score"} (score
-- in thousandths), best first; NULL for rows queued before (their one
-- `candidate` stands alone).
ALTER TABLE review_queue ADD COLUMN candidates TEXT;
