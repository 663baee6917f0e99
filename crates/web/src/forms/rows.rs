//! Fields of several rows (charges, appeals, transfers, list entries): each
//! row a group of inputs named `{field}.{row}.{column}`, each reference in a
//! row picked by name like any other. A row left empty is dropped; what a
//! stored row holds that the form does not show stays with its row.

use serde_json::{Map, Value};
use vigil_app::workspace::Target;
use vigil_domain::AnyId;
use vigil_domain::records::Charge;

use super::fields::{Col, Column, Raw, choice, count, lines, one, parse_id, partial_date, set};
use crate::I18n;

/// More rows than this in one field is not a form anyone filled in.
pub(crate) const MAX_ROWS: usize = 500;

/// The input of column `key` in row `i` of `field`.
pub(crate) fn cell_name(field: &str, i: usize, key: &str) -> String {
    format!("{field}.{i}.{key}")
}

/// The column of `field`'s rows that the input `name` is a cell of
/// (`charges.0.code` → the code column), the inverse of [`cell_name`].
pub(crate) fn column_of<'a>(field: &str, cols: &'a [Column], name: &str) -> Option<&'a Col> {
    let (row, key) = name
        .strip_prefix(field)?
        .strip_prefix('.')?
        .split_once('.')?;
    let row: usize = row.parse().ok()?;
    (row < MAX_ROWS).then_some(())?;
    cols.iter().find(|(k, _, _)| *k == key).map(|(_, _, c)| c)
}

/// The rows sent for `field`, by number, in order (at most [`MAX_ROWS`]).
pub(crate) fn sent(raw: &Raw, field: &str) -> Vec<usize> {
    let prefix = format!("{field}.");
    let mut rows: Vec<usize> = raw
        .keys()
        .filter_map(|k| k.strip_prefix(&prefix)?.split_once('.')?.0.parse().ok())
        .filter(|i| *i < MAX_ROWS)
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// What a new row's column starts with: the criminal code of the country
/// the form names.
pub(crate) fn default_cell(raw: &Raw, col: &Col) -> &'static str {
    match col {
        Col::Code => Charge::default_code(one(raw, "country")).unwrap_or(""),
        _ => "",
    }
}

/// Does row `i` hold nothing but what a new row starts with?
pub(crate) fn is_blank(raw: &Raw, field: &str, i: usize, cols: &[Column]) -> bool {
    cols.iter().all(|(key, _, col)| {
        let cell = one(raw, &cell_name(field, i, key));
        cell.is_empty() || cell == default_cell(raw, col)
    })
}

type Check<'a> = dyn FnMut(AnyId, Target, Option<(String, Option<usize>)>) + 'a;

/// Read `field`'s rows from the form, keeping what the stored rows hold
/// beyond the form's columns.
pub(crate) fn parse(
    field: &str,
    cols: &[Column],
    raw: &Raw,
    old: Option<&Value>,
    i18n: &I18n,
    check: &mut Check<'_>,
) -> Result<Value, String> {
    let old = old.and_then(Value::as_array).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for i in sent(raw, field) {
        if is_blank(raw, field, i, cols) {
            continue;
        }
        let at = |e: String| i18n.with("err-in-row", &[("row", (i + 1).to_string()), ("error", e)]);
        let mut row = old
            .get(i)
            .filter(|o| o.is_object())
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()));
        for (key, _, col) in cols {
            let cell = one(raw, &cell_name(field, i, key));
            let v = match (col, cell) {
                (Col::Required | Col::Code | Col::Ref(_) | Col::Choice(_), "") => {
                    return Err(at(i18n.t("err-required")));
                }
                (_, "") => Value::Null,
                (Col::Text | Col::Required | Col::Code, c) => Value::String(c.to_owned()),
                (Col::Date, c) => partial_date(c).map_err(at)?,
                (Col::Count, c) => count(c, i18n).map_err(at)?,
                (Col::Choice(opts), c) => choice(c, opts, i18n).map_err(at)?,
                (Col::Ref(target) | Col::OptRef(target), c) => {
                    let id = parse_id(lines(c).next().unwrap_or(c), i18n).map_err(at)?;
                    check(id, *target, None);
                    Value::String(id.to_string())
                }
            };
            set(&mut row, key, v);
        }
        out.push(row);
    }
    Ok(Value::Array(out))
}
