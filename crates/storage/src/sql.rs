//! Writing dynamic SQL: the one helper for numbered placeholders, which both
//! engines read (`$1, $2, …`).

/// `count` placeholders numbered from `first`, separated by commas:
/// `placeholders(3, 2)` is `"$3, $4"`.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `rows` groups of `columns` numbered placeholders, for a multi-row
/// `VALUES`: `values(2, 2)` is `"($1, $2),($3, $4)"`.
pub(crate) fn values(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|i| format!("({})", placeholders(i * columns + 1, columns)))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::{placeholders, values};

    #[test]
    fn numbers_from_the_first_and_counts_each() {
        assert_eq!(placeholders(1, 3), "$1, $2, $3");
        assert_eq!(placeholders(4, 1), "$4");
        assert_eq!(placeholders(2, 0), "");
    }

    #[test]
    fn values_number_every_row_on() {
        assert_eq!(values(2, 2), "($1, $2),($3, $4)");
        assert_eq!(values(1, 3), "($1, $2, $3)");
    }
}
