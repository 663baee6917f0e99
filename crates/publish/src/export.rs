//! The public list as open data: CSV for spreadsheets and JSON for programs,
//! built from the public projection only (so neither can hold what public
//! pages do not show).
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab
//! or carriage return before one) as a formula: a name written as
//! `=HYPERLINK("https://…")` would become a link that leaks whoever clicks
//! it. Every such cell is written with a leading `'`, which spreadsheets show
//! as text (OWASP's advice for CSV injection).

use serde::Serialize;

use crate::site::PublicPerson;

/// The columns of the CSV, in order.
/// `status_stale` is `yes` when the status was last confirmed longer ago
/// than the site's period; `days_in_detention` then counts only to
/// `days_counted_to` and is a minimum (`days_at_least` is `yes`).
/// `arrest_date_also_given` holds the other arrest dates its sources give
/// where they disagree, `; `-separated.
pub const CSV_COLUMNS: [&str; 14] = [
    "id",
    "name",
    "other_names",
    "status",
    "status_as_of",
    "status_stale",
    "facility",
    "arrest_date",
    "arrest_date_also_given",
    "days_in_detention",
    "days_counted_to",
    "days_at_least",
    "articles",
    "lists",
];

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

/// A cell a spreadsheet shows as the text it is.
pub fn safe_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// One person as a CSV row (before cells are made safe).
fn row(p: &PublicPerson) -> [String; 14] {
    let join = |it: &mut dyn Iterator<Item = String>| it.collect::<Vec<_>>().join("; ");
    let days = p.days_in_detention;
    [
        p.id.to_string(),
        p.name.clone(),
        p.other_names.join("; "),
        p.status.label().to_owned(),
        p.status_as_of.map(|d| d.to_string()).unwrap_or_default(),
        yes_no(p.status_stale),
        p.facility.clone().unwrap_or_default(),
        p.arrest_date.map(|d| d.to_string()).unwrap_or_default(),
        join(&mut p.arrest_date_disputed.iter().map(ToString::to_string)),
        days.map(|d| d.days.to_string()).unwrap_or_default(),
        days.map(|d| d.counted_to.to_string()).unwrap_or_default(),
        days.map(|d| yes_no(d.at_least)).unwrap_or_default(),
        join(&mut p.articles().map(str::to_owned)),
        join(
            &mut p
                .lists
                .iter()
                .map(|(title, date, _)| format!("{title} ({date})")),
        ),
    ]
}

/// The persons as CSV (RFC 4180, UTF-8, a header row), every cell formula-safe.
pub fn persons_csv(persons: &[&PublicPerson]) -> Result<String, csv::Error> {
    csv_part(persons, true)
}

/// Rows of the CSV for `persons`, after the header row when `first`: the
/// parts, one after another, make the same file as [`persons_csv`], so a
/// server can send a long list a part at a time.
pub fn csv_part(persons: &[&PublicPerson], first: bool) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if first {
        w.write_record(CSV_COLUMNS)?;
    }
    for p in persons {
        w.write_record(row(p).iter().map(|c| safe_cell(c)))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Every cell is a Rust string, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Serialize)]
struct JsonList<'a> {
    count: usize,
    persons: &'a [&'a PublicPerson],
}

/// The persons as JSON: `{"count": N, "persons": [...]}` with every public field.
pub fn persons_json(persons: &[&PublicPerson]) -> serde_json::Result<String> {
    serde_json::to_string(&JsonList {
        count: persons.len(),
        persons,
    })
}

/// The opening of the JSON of `count` persons: `{"count":N,"persons":[`. The
/// persons follow in [`json_part`]s, then [`JSON_END`]; together they make the
/// same document as [`persons_json`].
pub fn json_start(count: usize) -> String {
    format!("{{\"count\":{count},\"persons\":[")
}

/// Persons of the JSON list, each after a comma unless it opens the list (`first`).
pub fn json_part(persons: &[&PublicPerson], first: bool) -> serde_json::Result<String> {
    let mut out = String::new();
    for (i, p) in persons.iter().enumerate() {
        if i > 0 || !first {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(p)?);
    }
    Ok(out)
}

/// The end of the JSON list.
pub const JSON_END: &str = "]}";

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: usize) -> PublicPerson {
        let mut p = crate::site::sample_person(&format!("Person {n}"));
        p.other_names = vec![format!("=Alias {n}"), "Second, \"quoted\"\nline".into()];
        p.facility = Some("Prison No. 1".into());
        p
    }

    /// Parts of the CSV and the JSON, sent one after another, make the same
    /// document as the whole written at once.
    #[test]
    fn parts_make_the_whole() {
        let persons: Vec<PublicPerson> = (0..7).map(person).collect();
        let all: Vec<&PublicPerson> = persons.iter().collect();
        for size in [1, 3, 7, 10] {
            let mut csv = String::new();
            let mut json = json_start(all.len());
            for (i, part) in all.chunks(size).enumerate() {
                csv.push_str(&csv_part(part, i == 0).unwrap());
                json.push_str(&json_part(part, i == 0).unwrap());
            }
            json.push_str(JSON_END);
            assert_eq!(csv, persons_csv(&all).unwrap(), "parts of {size}");
            assert_eq!(json, persons_json(&all).unwrap(), "parts of {size}");
        }
        assert_eq!(
            json_start(0) + JSON_END,
            persons_json(&[]).unwrap(),
            "an empty list"
        );
    }

    #[test]
    fn formula_prefixes_are_neutralised() {
        for hostile in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(safe_cell(hostile).starts_with('\''), "{hostile:?}");
        }
        for plain in ["Leyla Yunus", "2014-08", "", "Ə", "'quoted"] {
            assert_eq!(safe_cell(plain), plain);
        }
    }
}
