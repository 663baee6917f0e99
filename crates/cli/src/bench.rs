//! Benchmarks that print figures: name matching in memory (`vigil names
//! bench`) and search over the store's index, beside PostgreSQL's pg_trgm
//! (`vigil dev search-bench`).

use std::collections::HashMap;
use std::fs;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;
use sqlx::Row;
use vigil_domain::Visibility;
use vigil_names::search::index_terms;
use vigil_storage::search::IndexForm;
use vigil_storage::{Engine, Store};

use crate::{NAMES_DEV, NAMES_DISTRACTORS};

/// Synthetic persons: the given names and surnames of the distractor set,
/// combined with a father's name as Azerbaijani full names are written.
struct Synthetic {
    given: Vec<String>,
    surnames: Vec<String>,
    rng: ChaCha8Rng,
}

impl Synthetic {
    fn new(seed: u64) -> Synthetic {
        let mut given: Vec<String> = Vec::new();
        let mut surnames: Vec<String> = Vec::new();
        for (_, role, _, name) in vigil_names::quality::labelled(NAMES_DISTRACTORS) {
            if role != "distractor" {
                continue;
            }
            if let Some((g, s)) = name.split_once(' ') {
                if !given.iter().any(|x| x == g) {
                    given.push(g.to_owned());
                }
                if !surnames.iter().any(|x| x == s) {
                    surnames.push(s.to_owned());
                }
            }
        }
        Synthetic {
            given,
            surnames,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn person(&mut self) -> String {
        let g = self.given.choose(&mut self.rng).expect("names");
        let father = self.given.choose(&mut self.rng).expect("names");
        let s = self.surnames.choose(&mut self.rng).expect("names");
        let marker = if s.ends_with('a') || s.ends_with('ı') {
            "qızı"
        } else {
            "oğlu"
        };
        format!("{g} {father} {marker} {s}")
    }

    /// A Russian or English spelling of `name`, as a list or a newspaper would print it.
    fn spelling(&mut self, name: &str) -> String {
        if self.rng.random_bool(0.5) {
            vigil_names::to_russian(name)
        } else {
            vigil_names::to_english(name)
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 * p) as usize).min(sorted.len() - 1);
    sorted[at].as_secs_f64() * 1e3
}

fn peak_memory_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))?
        .split_whitespace()
        .nth(1)?
        .parse::<f64>()
        .ok()?;
    Some(kb / 1024.0)
}

/// `vigil names bench`: a list matched against a registry in memory.
pub fn names(persons: usize, rows: usize, seed: u64) -> Result<()> {
    let mut synthetic = Synthetic::new(seed);
    let started = Instant::now();
    let mut registry: Vec<String> = Vec::with_capacity(persons);
    let mut m = vigil_names::Matcher::new();
    for id in 0..persons {
        let name = synthetic.person();
        m.add(id as u32, &name);
        registry.push(name);
    }
    let built = started.elapsed();
    let after_build = peak_memory_mb();
    let queries: Vec<String> = (0..rows)
        .map(|i| {
            if i % 2 == 0 {
                let known = registry
                    .choose(&mut synthetic.rng)
                    .expect("persons")
                    .clone();
                synthetic.spelling(&known)
            } else {
                synthetic.person()
            }
        })
        .collect();
    // One row at a time, for the latency of each; then the whole list at
    // once over all cores, as `vigil import persons` matches it.
    let mut times = Vec::with_capacity(rows);
    for q in &queries {
        let t = Instant::now();
        m.decide(q);
        times.push(t.elapsed());
    }
    let after_single = peak_memory_mb();
    m.forget_cache();
    let started = Instant::now();
    let mut counts = [0usize; 3];
    for (d, _) in m.decide_many(&queries) {
        counts[d as usize] += 1;
    }
    let total = started.elapsed();
    times.sort();
    out!(
        "registry: {persons} persons ({} given names, {} surnames, with patronymics), built in {:.1} s",
        synthetic.given.len(),
        synthetic.surnames.len(),
        built.as_secs_f64()
    );
    out!(
        "{rows} rows matched in {:.2} s ({:.0} rows/s) on {} threads; one row at a time: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        total.as_secs_f64(),
        rows as f64 / total.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        percentile(&times, 0.50),
        percentile(&times, 0.95),
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3)
    );
    out!(
        "decisions: {} match, {} review, {} new",
        counts[0],
        counts[1],
        counts[2]
    );
    if let (Some(built), Some(single), Some(all)) = (after_build, after_single, peak_memory_mb()) {
        out!(
            "peak memory: {all:.0} MB (registry built: {built:.0} MB; after rows one at a time: {single:.0} MB)"
        );
    }
    Ok(())
}

/// A query with the person it should find (none for latency-only queries).
struct BenchQuery {
    text: String,
    pid: Option<String>,
}

/// How one search method did on the queries.
struct Figures {
    times: Vec<Duration>,
    top1: usize,
    top10: usize,
    labelled: usize,
}

impl Figures {
    fn print(&mut self, what: &str) {
        self.times.sort();
        out!(
            "{what:<34} p50 {:>6.2} ms  p95 {:>6.2} ms  right person first {:>3}/{} ({:.1}%), in top 10 {:>3}/{} ({:.1}%)",
            percentile(&self.times, 0.50),
            percentile(&self.times, 0.95),
            self.top1,
            self.labelled,
            100.0 * self.top1 as f64 / self.labelled.max(1) as f64,
            self.top10,
            self.labelled,
            100.0 * self.top10 as f64 / self.labelled.max(1) as f64,
        );
    }
}

/// Run every query through `search` (which answers the ids found, best first):
/// once to warm the caches, then timed.
async fn measure<F, Fut>(
    queries: &[BenchQuery],
    pid_of: &HashMap<String, String>,
    mut search: F,
) -> Result<Figures>
where
    F: FnMut(String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<String>>>,
{
    // Once untimed, so both methods are measured with warm caches.
    for q in queries {
        search(q.text.clone()).await?;
    }
    let mut f = Figures {
        times: Vec::with_capacity(queries.len()),
        top1: 0,
        top10: 0,
        labelled: 0,
    };
    for q in queries {
        let t = Instant::now();
        let ids = search(q.text.clone()).await?;
        f.times.push(t.elapsed());
        if let Some(pid) = &q.pid {
            f.labelled += 1;
            let pids: Vec<Option<&String>> = ids.iter().take(10).map(|id| pid_of.get(id)).collect();
            if pids.first().copied().flatten() == Some(pid) {
                f.top1 += 1;
            }
            if pids.contains(&Some(pid)) {
                f.top10 += 1;
            }
        }
    }
    Ok(f)
}

/// `vigil dev search-bench`: the search index of an empty store filled with
/// the development set, its distractors and `persons` synthetic persons;
/// the development set's queries (Russian and English spellings) and
/// spellings of synthetic persons searched, timed and checked; on
/// PostgreSQL the same with pg_trgm's similarity over the same names.
pub async fn search(store: &Store, persons: usize, queries: usize, seed: u64) -> Result<()> {
    if !store.is_empty().await? || store.index_size().await? > 0 {
        bail!(
            "the search benchmark fills the index with generated names: point it at an empty data folder or database"
        );
    }
    let mut synthetic = Synthetic::new(seed);
    // The registry: (id, pid, name).
    let mut registry: Vec<(String, Option<String>, String)> = Vec::new();
    let mut labelled: Vec<BenchQuery> = Vec::new();
    for set in [NAMES_DEV, NAMES_DISTRACTORS] {
        for (pid, role, kind, name) in vigil_names::quality::labelled(set) {
            if kind == "az" && matches!(role, "reg" | "decoy" | "distractor") {
                registry.push((
                    uuid::Uuid::now_v7().to_string(),
                    Some(pid.to_owned()),
                    name.to_owned(),
                ));
            } else if role == "reg" {
                labelled.push(BenchQuery {
                    text: name.to_owned(),
                    pid: Some(pid.to_owned()),
                });
            }
        }
    }
    let labelled_registry = registry.len();
    for _ in 0..persons {
        registry.push((uuid::Uuid::now_v7().to_string(), None, synthetic.person()));
    }
    let pid_of: HashMap<String, String> = registry
        .iter()
        .filter_map(|(id, pid, _)| pid.clone().map(|p| (id.clone(), p)))
        .collect();

    let started = Instant::now();
    let mut rows_written = 0usize;
    let mut batch: Vec<IndexForm> = Vec::new();
    for (id, _, name) in &registry {
        let forms = IndexForm::group(id, "person", Visibility::Public, "names", index_terms(name));
        rows_written += forms.iter().map(|f| f.terms.len()).sum::<usize>();
        batch.extend(forms);
        if batch.len() >= 10_000 {
            store.add_index_forms(&batch).await?;
            batch.clear();
        }
    }
    store.add_index_forms(&batch).await?;
    out!(
        "{}: indexed {} names ({labelled_registry} labelled, {persons} generated) as {rows_written} rows in {:.1} s",
        store.engine().name(),
        registry.len(),
        started.elapsed().as_secs_f64()
    );
    if store.engine() == Engine::Postgres {
        // What autovacuum does after a bulk load: statistics, and the
        // visibility map that lets lookups read the terms' index alone.
        for table in ["search_docs", "search_terms"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM ANALYZE {table}")))
                .execute(store.pool())
                .await?;
        }
    }

    // The labelled queries, then spellings of generated persons (full names
    // and surnames alone) up to `queries`.
    let mut all = labelled;
    while all.len() < queries {
        let (_, _, name) = registry[labelled_registry..]
            .choose(&mut synthetic.rng)
            .expect("persons")
            .clone();
        let spelled = synthetic.spelling(&name);
        let text = if synthetic.rng.random_bool(0.25) {
            spelled.rsplit(' ').next().unwrap_or(&spelled).to_owned()
        } else {
            spelled
        };
        all.push(BenchQuery { text, pid: None });
    }
    out!(
        "{} queries: {} labelled (Russian and English spellings from the development set), the rest spellings of generated persons",
        all.len(),
        all.iter().filter(|q| q.pid.is_some()).count()
    );

    let mut ours = measure(&all, &pid_of, |q| async move {
        Ok(store
            .search(&q, Visibility::Public, 10)
            .await?
            .into_iter()
            .map(|h| h.id.to_string())
            .collect())
    })
    .await?;
    ours.print(&format!("vigil search ({})", store.engine().name()));

    if store.engine() == Engine::Postgres {
        pg_trgm(store, &registry, &all, &pid_of).await?;
    } else {
        out!("pg_trgm: run the benchmark with --database postgres://… to compare");
    }
    if let Some(mb) = peak_memory_mb() {
        out!("peak memory: {mb:.0} MB");
    }
    Ok(())
}

/// The same names in a table with a trigram index, searched with pg_trgm's
/// `%` operator ordered by similarity: the usual PostgreSQL answer.
async fn pg_trgm(
    store: &Store,
    registry: &[(String, Option<String>, String)],
    queries: &[BenchQuery],
    pid_of: &HashMap<String, String>,
) -> Result<()> {
    let pool = store.pool();
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        .execute(pool)
        .await?;
    sqlx::query("DROP TABLE IF EXISTS bench_trgm")
        .execute(pool)
        .await?;
    sqlx::query("CREATE TABLE bench_trgm (id TEXT NOT NULL, name TEXT NOT NULL)")
        .execute(pool)
        .await?;
    let started = Instant::now();
    for chunk in registry.chunks(1_000) {
        let mut sql = String::from("INSERT INTO bench_trgm (id, name) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${})", 2 * i + 1, 2 * i + 2));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, _, name) in chunk {
            q = q.bind(id.clone()).bind(name.clone());
        }
        q.execute(pool).await?;
    }
    sqlx::query("CREATE INDEX bench_trgm_name ON bench_trgm USING gin (name gin_trgm_ops)")
        .execute(pool)
        .await?;
    sqlx::query("ANALYZE bench_trgm").execute(pool).await?;
    out!(
        "pg_trgm: {} names loaded and indexed (GIN, gin_trgm_ops) in {:.1} s",
        registry.len(),
        started.elapsed().as_secs_f64()
    );
    let mut theirs = measure(queries, pid_of, |q| async move {
        let rows = sqlx::query(
            "SELECT id FROM bench_trgm WHERE name % $1 ORDER BY similarity(name, $1) DESC LIMIT 10",
        )
        .bind(q)
        .fetch_all(pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get::<String, _>(0).map_err(anyhow::Error::from))
            .collect()
    })
    .await?;
    theirs.print("pg_trgm similarity (postgres)");
    sqlx::query("DROP TABLE bench_trgm").execute(pool).await?;
    Ok(())
}
