//! How a record form's fields are shown: each field of `specs.rs` as a
//! labelled input, select, picker or group of rows, with what was typed or
//! stored and the error beside it.

use std::collections::HashMap;

use vigil_app::workspace::Workspace;

use super::fields::{self, Col, Column, Field, Raw, W};
use super::picker::{self, PickView};
use super::rows;
use crate::{Chrome, WebError};

/// One field (or one cell of a row) as the template shows it.
pub(crate) struct FieldView {
    /// The input's name (the field's path in the record).
    pub name: String,
    /// The element id: the name with dots made dashes.
    pub id: String,
    pub label: String,
    pub hint: String,
    /// text, area, select, checks, check, texts, guarded, pick, rows
    pub input: &'static str,
    pub value: String,
    /// (value, label, selected)
    pub options: Vec<(String, String, bool)>,
    /// For `texts`: (name, id, language, its label, text).
    pub texts: Vec<(String, String, &'static str, String, String)>,
    pub pick: Option<PickView>,
    /// For `rows`: each row's legend and cells.
    pub groups: Vec<(String, Vec<FieldView>)>,
    /// For `rows`: the value of the button that adds a row.
    pub more: String,
    pub rows: usize,
    pub error: Option<String>,
}

impl FieldView {
    fn new(name: String, label: String, value: String) -> FieldView {
        FieldView {
            id: html_id(&name),
            name,
            label,
            hint: String::new(),
            input: "text",
            rows: 1 + value.lines().count().min(12),
            value,
            options: Vec::new(),
            texts: Vec::new(),
            pick: None,
            groups: Vec::new(),
            more: String::new(),
            error: None,
        }
    }
}

pub(crate) fn html_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

fn hint(c: &Chrome, w: &W) -> String {
    match w {
        W::Date { .. } => c.i18n.t("hint-partial-date"),
        W::Day => "YYYY-MM-DD".into(),
        W::Time => "HH:MM".into(),
        W::Zone => "Asia/Baku".into(),
        W::Country => c.i18n.t("hint-country"),
        W::Lines => c.i18n.t("hint-lines"),
        W::Dates => c.i18n.t("hint-dates"),
        W::Names => c.i18n.t("hint-names"),
        _ => String::new(),
    }
}

/// A select's options: `blank` first if wanted, `value` selected.
fn select(opts: &fields::Opts, blank: bool, value: &str) -> Vec<(String, String, bool)> {
    let mut o: Vec<(String, String, bool)> = Vec::new();
    if blank {
        o.push((String::new(), "—".into(), value.is_empty()));
    }
    o.extend(opts.iter().map(|(k, l)| (k.clone(), l.clone(), k == value)));
    o
}

/// Every field of a form, as shown. `more` names the field whose "add a
/// row" button was pressed.
pub(crate) async fn views(
    ws: &Workspace,
    c: &Chrome,
    spec: &[Field],
    raw: &Raw,
    errors: &HashMap<&'static str, String>,
    more: Option<&str>,
) -> Result<Vec<FieldView>, WebError> {
    let mut out = Vec::new();
    for f in spec {
        let mut v = field_view(ws, c, f, raw, more).await?;
        v.error = errors.get(f.path).cloned();
        out.push(v);
    }
    Ok(out)
}

async fn field_view(
    ws: &Workspace,
    c: &Chrome,
    f: &Field,
    raw: &Raw,
    more: Option<&str>,
) -> Result<FieldView, WebError> {
    let label = c.i18n.t(&format!("field-{}", f.label));
    let mut v = FieldView::new(
        f.path.to_owned(),
        label,
        fields::one(raw, f.path).to_owned(),
    );
    v.hint = hint(c, &f.w);
    let pick = |target, multi, optional| picker::Spec {
        name: f.path,
        id: html_id(f.path),
        target,
        multi,
        optional,
    };
    match &f.w {
        W::Area { .. } | W::Lines | W::Dates | W::Names => {
            v.input = "area";
            v.rows = v.rows.max(3);
        }
        W::Choice(opts) => {
            v.input = "select";
            v.options = select(opts, false, &v.value);
        }
        W::OptChoice(opts) => {
            v.input = "select";
            v.options = select(opts, true, &v.value);
        }
        W::MaybeBool => {
            v.input = "select";
            let yes_no = vec![
                ("yes".to_owned(), c.i18n.t("yes")),
                ("no".to_owned(), c.i18n.t("no")),
            ];
            v.options = select(&yes_no, true, &v.value);
        }
        W::Choices(opts) => {
            let all: Vec<&str> = raw
                .get(f.path)
                .map(|v| v.iter().map(|s| s.trim()).collect())
                .unwrap_or_default();
            v.input = "checks";
            v.options = opts
                .iter()
                .map(|(k, l)| (k.clone(), l.clone(), all.contains(&k.as_str())))
                .collect();
        }
        W::Check => v.input = "check",
        W::Visibility => {
            v.input = "select";
            v.options = levels(ws, &v.value);
        }
        W::Ref(t) => v.pick = Some(picker::view(ws, c, pick(*t, false, false), raw).await?),
        W::OptRef(t) => v.pick = Some(picker::view(ws, c, pick(*t, false, true), raw).await?),
        W::Refs(t) => v.pick = Some(picker::view(ws, c, pick(*t, true, false), raw).await?),
        W::Party { required } => {
            let spec = pick(vigil_app::workspace::Target::PARTY, false, !required);
            v.pick = Some(picker::view(ws, c, spec, raw).await?);
        }
        W::Parties => {
            let spec = pick(vigil_app::workspace::Target::PARTY, true, false);
            v.pick = Some(picker::view(ws, c, spec, raw).await?);
        }
        W::Texts => {
            v.input = "texts";
            v.texts = fields::TEXT_LANGUAGES
                .iter()
                .map(|l| {
                    let name = format!("{}.{l}", f.path);
                    let text = fields::one(raw, &name).to_owned();
                    let label = c.i18n.t(&format!("text-in-{l}"));
                    (name.clone(), html_id(&name), *l, label, text)
                })
                .collect();
        }
        W::Guarded { .. } => {
            v.input = "guarded";
            let chosen = fields::one(raw, &format!("{}.visibility", f.path));
            let chosen = if chosen.is_empty() {
                "confidential"
            } else {
                chosen
            };
            v.options = levels(ws, chosen);
        }
        W::Rows(cols) => {
            v.input = "rows";
            v.more = format!("more:{}", f.path);
            v.groups = row_groups(ws, c, f, cols, raw, more == Some(f.path)).await?;
        }
        _ => {}
    }
    if v.pick.is_some() {
        v.input = "pick";
    }
    Ok(v)
}

/// The visibility levels this role sees, `chosen` selected.
fn levels(ws: &Workspace, chosen: &str) -> Vec<(String, String, bool)> {
    ws.visible_levels()
        .iter()
        .map(|x| {
            let x = x.as_str();
            (x.to_owned(), x.to_owned(), x == chosen)
        })
        .collect()
}

/// The rows of a multi-row field: those sent or stored, then one blank row
/// to fill in (two, when "add a row" was pressed).
async fn row_groups(
    ws: &Workspace,
    c: &Chrome,
    f: &Field,
    cols: &[Column],
    raw: &Raw,
    more: bool,
) -> Result<Vec<(String, Vec<FieldView>)>, WebError> {
    let sent = rows::sent(raw, f.path);
    let filled = sent
        .iter()
        .rev()
        .find(|i| !rows::is_blank(raw, f.path, **i, cols))
        .map_or(0, |i| i + 1);
    let sent_count = sent.last().map_or(0, |i| i + 1);
    let shown = (filled + 1)
        .max(sent_count + usize::from(more))
        .min(rows::MAX_ROWS);
    let field_label = c.i18n.t(&format!("field-{}", f.label));
    let mut groups = Vec::new();
    for i in 0..shown {
        let legend = c.i18n.with(
            "rows-row",
            &[("field", field_label.clone()), ("n", (i + 1).to_string())],
        );
        let mut cells = Vec::new();
        for (key, label, col) in cols {
            cells.push(cell_view(ws, c, f.path, i, (key, label, col), raw).await?);
        }
        groups.push((legend, cells));
    }
    Ok(groups)
}

async fn cell_view(
    ws: &Workspace,
    c: &Chrome,
    field: &str,
    i: usize,
    (key, label, col): (&str, &str, &Col),
    raw: &Raw,
) -> Result<FieldView, WebError> {
    let name = rows::cell_name(field, i, key);
    let mut value = fields::one(raw, &name).to_owned();
    if !raw.contains_key(&name) {
        value = rows::default_cell(raw, col).to_owned();
    }
    let mut v = FieldView::new(name.clone(), c.i18n.t(&format!("field-{label}")), value);
    match col {
        Col::Date => v.hint = c.i18n.t("hint-partial-date"),
        Col::Choice(opts) => {
            v.input = "select";
            v.options = select(opts, true, &v.value);
        }
        Col::Ref(target) | Col::OptRef(target) => {
            let spec = picker::Spec {
                name: &name,
                id: v.id.clone(),
                target: *target,
                multi: false,
                optional: matches!(col, Col::OptRef(_)),
            };
            v.pick = Some(picker::view(ws, c, spec, raw).await?);
            v.input = "pick";
        }
        _ => {}
    }
    Ok(v)
}

/// Whether any field of `kind`'s form is a picker (the form then finds
/// what is typed in its search boxes when Enter is pressed).
pub(crate) fn has_pickers(spec: &[Field]) -> bool {
    spec.iter().any(|f| match &f.w {
        W::Ref(_) | W::OptRef(_) | W::Refs(_) | W::Party { .. } | W::Parties => true,
        W::Rows(cols) => cols
            .iter()
            .any(|(_, _, c)| matches!(c, Col::Ref(_) | Col::OptRef(_))),
        _ => false,
    })
}
