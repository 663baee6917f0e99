//! Writing dynamic SQL: the helpers for placeholders. Numbered ones
//! (`$1, $2, …`) both engines read; a statement of many rows uses SQLite's
//! anonymous `?` there, because SQLite looks a numbered or named parameter
//! up by walking a list of every one before it, so binding N of them takes
//! time in N² (a fifth of a bulk load's time at 1,000 a statement).

use crate::Engine;

/// `count` placeholders numbered from `first`, separated by commas:
/// `placeholders(3, 2)` is `"$3, $4"`.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `count` placeholders for a statement that has no others: numbered on
/// PostgreSQL, anonymous on SQLite, bound in order on both.
pub(crate) fn list(engine: Engine, count: usize) -> String {
    match engine {
        Engine::Postgres => placeholders(1, count),
        Engine::Sqlite => vec!["?"; count].join(", "),
    }
}

/// `rows` groups of `columns` placeholders, for a multi-row `VALUES` in a
/// statement that has no other placeholders: `values(Postgres, 2, 2)` is
/// `"($1, $2),($3, $4)"`, and on SQLite `"(?, ?),(?, ?)"`.
pub(crate) fn values(engine: Engine, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|i| match engine {
            Engine::Postgres => format!("({})", placeholders(i * columns + 1, columns)),
            Engine::Sqlite => format!("({})", list(engine, columns)),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Ids a statement names at most in one `IN (…)`: [`by_ids`].
pub(crate) const IDS_AT_ONCE: usize = 500;

/// The statements that run `select` for every id of `ids`, a chunk at a
/// time: `select` has `{ids}` where the list of placeholders goes and no
/// other placeholder, and each statement binds its chunk's ids in order.
pub(crate) fn by_ids(
    engine: Engine,
    select: &str,
    ids: &[String],
) -> Vec<sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>> {
    ids.chunks(IDS_AT_ONCE)
        .map(|chunk| {
            let sql = select.replace("{ids}", &list(engine, chunk.len()));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(id.clone());
            }
            q
        })
        .collect()
}

/// The engine behind a connection.
pub(crate) fn engine_of(conn: &sqlx::AnyConnection) -> Engine {
    if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        Engine::Postgres
    } else {
        Engine::Sqlite
    }
}

#[cfg(test)]
mod tests {
    use super::{Engine, list, placeholders, values};

    #[test]
    fn numbers_from_the_first_and_counts_each() {
        assert_eq!(placeholders(1, 3), "$1, $2, $3");
        assert_eq!(placeholders(4, 1), "$4");
        assert_eq!(placeholders(2, 0), "");
    }

    #[test]
    fn values_number_every_row_on_postgres() {
        assert_eq!(values(Engine::Postgres, 2, 2), "($1, $2),($3, $4)");
        assert_eq!(values(Engine::Postgres, 1, 3), "($1, $2, $3)");
    }

    #[test]
    fn values_and_lists_are_anonymous_on_sqlite() {
        assert_eq!(values(Engine::Sqlite, 2, 2), "(?, ?),(?, ?)");
        assert_eq!(list(Engine::Sqlite, 3), "?, ?, ?");
        assert_eq!(list(Engine::Postgres, 2), "$1, $2");
    }
}
