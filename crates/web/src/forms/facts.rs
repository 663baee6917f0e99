//! A record shown as labelled facts on its staff page, read through the
//! same description as its form (`specs.rs`): choices in the reader's
//! language, references as the names of the records they point at (linked),
//! rows one per line. Built from the record cut to the reader's clearance.

use vigil_app::workspace::Workspace;
use vigil_domain::{AnyId, Record, RecordKind};

use super::fields::{self, Col, Field, Raw, W};
use super::{rows, specs};
use crate::{Chrome, WebError};

/// One labelled fact: its lines, each perhaps a link.
pub(crate) struct Fact {
    pub label: String,
    pub items: Vec<(String, Option<String>)>,
}

fn label(c: &Chrome, key: &str) -> String {
    let field = format!("field-{key}");
    if c.i18n.has(&field) {
        c.i18n.t(&field)
    } else {
        c.i18n.t(key)
    }
}

/// A referenced record's name and staff link, or that it cannot be shown.
async fn reference(ws: &Workspace, c: &Chrome, id: &str) -> (String, Option<String>) {
    match id.parse::<AnyId>() {
        Ok(x) => match ws.find(x).await {
            Ok(Some(r)) => (
                super::picker::describe(ws, c, &r),
                Some(format!("/staff/records/{x}")),
            ),
            _ => (c.i18n.t("not-visible"), None),
        },
        Err(_) => (id.to_owned(), None),
    }
}

fn chosen(opts: &fields::Opts, value: &str) -> String {
    opts.iter()
        .find(|(k, _)| k == value)
        .map_or_else(|| value.to_owned(), |(_, l)| l.clone())
}

/// The facts of `r` as this workspace may see them, empty ones left out.
pub(crate) async fn facts(ws: &Workspace, c: &Chrome, r: &Record) -> Result<Vec<Fact>, WebError> {
    let spec = match r.kind() {
        RecordKind::Person => specs::person_facts(&c.i18n),
        k if specs::has_form(k) => specs::fields(k, &c.i18n),
        _ => return Ok(Vec::new()),
    };
    let raw = fields::raw_from_json(&spec, &ws.redacted_json(r));
    let mut out = Vec::new();
    for f in &spec {
        let items = items(ws, c, f, &raw).await;
        if !items.is_empty() {
            out.push(Fact {
                label: label(c, f.label),
                items,
            });
        }
    }
    Ok(out)
}

async fn items(ws: &Workspace, c: &Chrome, f: &Field, raw: &Raw) -> Vec<(String, Option<String>)> {
    let all: Vec<String> = raw
        .get(f.path)
        .map(|v| {
            v.iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let one = fields::one(raw, f.path).to_owned();
    let text = |s: String| vec![(s, None)];
    // Texts and rows live under inputs of their own (`summary.en`, `charges.0.code`).
    if all.is_empty() && !matches!(f.w, W::Texts | W::Rows(_)) {
        return Vec::new();
    }
    match &f.w {
        W::Choice(o) | W::OptChoice(o) => text(chosen(o, &one)),
        W::Choices(o) => text(
            all.iter()
                .map(|v| chosen(o, v))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        W::Check => text(c.i18n.t("yes")),
        W::MaybeBool => text(c.i18n.t(if one == "yes" { "yes" } else { "no" })),
        W::Ref(_) | W::OptRef(_) | W::Refs(_) | W::Party { .. } | W::Parties => {
            let mut out = Vec::new();
            for id in &all {
                out.push(reference(ws, c, id).await);
            }
            out
        }
        W::Names => one
            .lines()
            .map(|l| match l.rsplit_once(" | ") {
                Some((name, lang)) => (format!("{name} ({lang})"), None),
                None => (l.to_owned(), None),
            })
            .collect(),
        W::Lines | W::Dates | W::Area { .. } => one.lines().map(|l| (l.to_owned(), None)).collect(),
        W::Guarded { .. } => {
            let vis = fields::one(raw, &format!("{}.visibility", f.path));
            text(format!("{one} ({vis})"))
        }
        W::Texts => fields::TEXT_LANGUAGES
            .iter()
            .filter_map(|l| {
                let t = fields::one(raw, &format!("{}.{l}", f.path));
                (!t.is_empty()).then(|| (format!("{l}: {t}"), None))
            })
            .collect(),
        W::Rows(cols) => {
            let mut out = Vec::new();
            for i in rows::sent(raw, f.path) {
                out.push((row(ws, c, f.path, i, cols, raw).await, None));
            }
            out
        }
        _ => text(one),
    }
}

/// One row as "Label: value; Label: value", references by name.
async fn row(
    ws: &Workspace,
    c: &Chrome,
    field: &str,
    i: usize,
    cols: &[fields::Column],
    raw: &Raw,
) -> String {
    let mut parts = Vec::new();
    for (key, l, col) in cols {
        let v = fields::one(raw, &rows::cell_name(field, i, key));
        if v.is_empty() {
            continue;
        }
        let shown = match col {
            Col::Ref(_) | Col::OptRef(_) => reference(ws, c, v).await.0,
            Col::Choice(o) => chosen(o, v),
            _ => v.to_owned(),
        };
        parts.push(format!("{}: {shown}", label(c, l)));
    }
    parts.join("; ")
}
