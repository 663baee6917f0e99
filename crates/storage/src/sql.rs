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

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn numbers_from_the_first_and_counts_each() {
        assert_eq!(placeholders(1, 3), "$1, $2, $3");
        assert_eq!(placeholders(4, 1), "$4");
        assert_eq!(placeholders(2, 0), "");
    }
}
