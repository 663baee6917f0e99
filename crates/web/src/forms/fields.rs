//! A record form described as data: each field names where it lives in the
//! record's JSON and how it is typed. The same description reads a stored
//! record into form values, parses what was sent back (one error per field,
//! in the reader's language), and writes it into the record, keeping every
//! part of the record the form does not show.

use std::collections::HashMap;

use serde_json::{Map, Value, json};
use vigil_app::workspace::Target;
use vigil_domain::{AnyId, PartialDate, RecordKind, Visibility};

use crate::I18n;

/// Choices for a select: (the stored key, the label shown).
pub(crate) type Opts = Vec<(String, String)>;

/// One column of a multi-row field: each row is a group of inputs named
/// `{field}.{row}.{column}`.
pub(crate) enum Col {
    Text,
    Required,
    Date,
    Count,
    Ref(Target),
    OptRef(Target),
    Choice(Opts),
    /// A criminal code's name; a new row starts with the country's code.
    Code,
}

/// A column of a multi-row field: its key in the row, the Fluent message
/// naming it (`field-{label}`), its type.
pub(crate) type Column = (&'static str, &'static str, Col);

pub(crate) enum W {
    /// A one-line text; empty means absent (or refused, when required).
    Text {
        required: bool,
    },
    Area {
        required: bool,
    },
    /// A list of strings, one per line.
    Lines,
    /// Partial dates, one per line.
    Dates,
    /// A partial date: 2014, 2014-08 or 2014-08-10.
    Date {
        required: bool,
    },
    /// A full calendar day.
    Day,
    /// A time of day, HH:MM.
    Time,
    /// A whole number of zero or more; empty means absent.
    Count,
    /// A whole number of zero or more; empty means 0.
    Int,
    Check,
    /// yes, no or not known.
    MaybeBool,
    Choice(Opts),
    OptChoice(Opts),
    Choices(Opts),
    /// One record, picked by name (see `picker.rs`).
    Ref(Target),
    OptRef(Target),
    /// Records picked by name; each value sent may also hold ids a line each.
    Refs(Target),
    /// A person or an organization.
    Party {
        required: bool,
    },
    /// People or organizations.
    Parties,
    /// Names, one per line, "name | language"; the first is the primary.
    Names,
    /// The same text in English, Azerbaijani and Russian.
    Texts,
    /// A text with its own visibility.
    Guarded {
        required: bool,
    },
    /// The visibility of a part of the record; confidential unless chosen.
    Visibility,
    /// ISO 3166-1 alpha-2.
    Country,
    /// An IANA time zone such as Asia/Baku.
    Zone,
    Rows(Vec<Column>),
}

pub(crate) struct Field {
    pub path: &'static str,
    /// The Fluent message naming the field: `field-{label}`.
    pub label: &'static str,
    pub w: W,
}

pub(crate) const TEXT_LANGUAGES: [&str; 3] = ["en", "az", "ru"];

/// What the browser sent (or what a stored record shows as), by input name.
pub(crate) type Raw = HashMap<String, Vec<String>>;

pub(crate) fn raw_from_form(form: &[(String, String)]) -> Raw {
    let mut raw: Raw = HashMap::new();
    for (k, v) in form {
        raw.entry(k.clone()).or_default().push(v.clone());
    }
    raw
}

pub(crate) fn one<'a>(raw: &'a Raw, name: &str) -> &'a str {
    raw.get(name)
        .and_then(|v| v.first())
        .map(|s| s.trim())
        .unwrap_or("")
}

pub(crate) fn get<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(json, |v, key| v.get(key))
        .filter(|v| !v.is_null())
}

pub(crate) fn set(json: &mut Value, path: &str, value: Value) {
    let mut at = json;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let map = at.as_object_mut().expect("made an object above");
        if keys.peek().is_none() {
            if value.is_null() {
                map.remove(key);
            } else {
                map.insert(key.to_owned(), value);
            }
            return;
        }
        // Clearing a nested key whose parent is absent leaves nothing behind.
        if value.is_null() && !map.contains_key(key) {
            return;
        }
        at = map.entry(key.to_owned()).or_insert(Value::Null);
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
    }
}

pub(crate) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn party_id(v: &Value) -> String {
    v.get("id").map(text_of).unwrap_or_default()
}

/// The form values showing `json` (a stored record, or a new one's start).
pub(crate) fn raw_from_json(fields: &[Field], json: &Value) -> Raw {
    let mut raw = Raw::new();
    for f in fields {
        let v = get(json, f.path);
        let mut put = |name: String, value: String| raw.entry(name).or_default().push(value);
        match &f.w {
            W::Check => {
                if v.and_then(Value::as_bool) == Some(true) {
                    put(f.path.into(), "on".into());
                }
            }
            W::MaybeBool => put(
                f.path.into(),
                match v.and_then(Value::as_bool) {
                    Some(true) => "yes".into(),
                    Some(false) => "no".into(),
                    None => String::new(),
                },
            ),
            W::Choices(_) => {
                for item in v.and_then(Value::as_array).into_iter().flatten() {
                    put(f.path.into(), text_of(item));
                }
            }
            W::Lines | W::Dates => put(
                f.path.into(),
                v.and_then(Value::as_array)
                    .map(|a| a.iter().map(text_of).collect::<Vec<_>>().join("\n"))
                    .unwrap_or_default(),
            ),
            W::Refs(_) => {
                for id in v.and_then(Value::as_array).into_iter().flatten() {
                    put(f.path.into(), text_of(id));
                }
            }
            W::Parties => {
                for party in v.and_then(Value::as_array).into_iter().flatten() {
                    put(f.path.into(), party_id(party));
                }
            }
            W::Party { .. } => put(f.path.into(), v.map(party_id).unwrap_or_default()),
            W::Names => put(
                f.path.into(),
                v.and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .map(|n| {
                                let name = n.get("name").map(text_of).unwrap_or_default();
                                match n.get("language").and_then(Value::as_str) {
                                    Some(l) => format!("{name} | {l}"),
                                    None => name,
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default(),
            ),
            W::Texts => {
                for lang in TEXT_LANGUAGES {
                    let text = v
                        .and_then(Value::as_array)
                        .and_then(|a| {
                            a.iter()
                                .find(|t| t.get("language").and_then(Value::as_str) == Some(lang))
                        })
                        .and_then(|t| t.get("text"))
                        .map(text_of)
                        .unwrap_or_default();
                    put(format!("{}.{lang}", f.path), text);
                }
            }
            W::Guarded { .. } => {
                put(
                    f.path.into(),
                    v.and_then(|g| g.get("value"))
                        .map(text_of)
                        .unwrap_or_default(),
                );
                put(
                    format!("{}.visibility", f.path),
                    v.and_then(|g| g.get("visibility"))
                        .map(text_of)
                        .unwrap_or_else(|| "confidential".into()),
                );
            }
            W::Rows(cols) => {
                for (i, row) in v
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    for (key, _, _) in cols {
                        // A column may name a nested key (`labels.ru`).
                        let cell = row
                            .pointer(&format!("/{}", key.replace('.', "/")))
                            .map(text_of)
                            .unwrap_or_default();
                        put(super::rows::cell_name(f.path, i, key), cell);
                    }
                }
            }
            W::Visibility => put(
                f.path.into(),
                v.map(text_of).unwrap_or_else(|| "confidential".into()),
            ),
            W::Time => put(
                f.path.into(),
                v.map(text_of)
                    .map(|t| t.get(..5).unwrap_or(&t).to_owned())
                    .unwrap_or_default(),
            ),
            _ => put(f.path.into(), v.map(text_of).unwrap_or_default()),
        }
    }
    raw
}

/// A reference sent by a form, to be checked against the store: it must
/// exist, be a record `target` accepts, and be visible to the person saving.
pub(crate) struct RefCheck {
    pub field: &'static str,
    pub id: AnyId,
    pub target: Target,
    /// Where to write `{"type": kind, "id": id}` once the kind is known (parties).
    pub party_at: Option<(String, Option<usize>)>,
}

/// The result of reading a form into a record's JSON.
pub(crate) struct Parsed {
    pub json: Value,
    pub errors: HashMap<&'static str, String>,
    pub checks: Vec<RefCheck>,
}

/// The ids picked in a many-records field: every value sent under its
/// name (a checkbox each), each of which may hold ids a line each; each id once.
fn picked(raw: &Raw, name: &str, i18n: &I18n) -> Result<Vec<AnyId>, String> {
    let mut out: Vec<AnyId> = Vec::new();
    for value in raw.get(name).into_iter().flatten() {
        for l in lines(value) {
            let id = parse_id(l, i18n)?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

pub(crate) fn parse_id(s: &str, i18n: &I18n) -> Result<AnyId, String> {
    s.parse::<AnyId>()
        .map_err(|_| i18n.with("err-not-an-id", &[("value", clip(s))]))
}

/// At most 64 characters of what was typed, for an error message.
pub(crate) fn clip(s: &str) -> String {
    s.chars().take(64).collect()
}

pub(crate) fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty())
}

pub(crate) fn count(s: &str, i18n: &I18n) -> Result<Value, String> {
    s.parse::<u32>()
        .map(Value::from)
        .map_err(|_| i18n.with("err-not-a-count", &[("value", clip(s))]))
}

pub(crate) fn partial_date(s: &str) -> Result<Value, String> {
    s.parse::<PartialDate>()
        .map(|d| Value::String(d.to_string()))
        .map_err(|e| e.to_string())
}

pub(crate) fn choice(s: &str, opts: &Opts, i18n: &I18n) -> Result<Value, String> {
    if opts.iter().any(|(k, _)| k == s) {
        Ok(Value::String(s.to_owned()))
    } else {
        Err(i18n.with("err-not-a-choice", &[("value", clip(s))]))
    }
}

/// Read the form into `base` (the stored record's JSON, or a new record's).
pub(crate) fn parse(fields: &[Field], raw: &Raw, base: Value, i18n: &I18n) -> Parsed {
    let mut p = Parsed {
        json: base,
        errors: HashMap::new(),
        checks: Vec::new(),
    };
    for f in fields {
        let old = get(&p.json, f.path).cloned();
        match parse_field(f, raw, old.as_ref(), i18n, &mut p.checks) {
            Ok(v) => set(&mut p.json, f.path, v),
            Err(e) => {
                p.errors.insert(f.path, e);
            }
        }
    }
    // An optional group left wholly empty (no verdict, no sentence) is absent.
    // Deepest first, so `reported_by.value` goes before `reported_by` is weighed;
    // a group's own visibility does not make it worth keeping.
    let mut groups: Vec<&str> = fields
        .iter()
        .flat_map(|f| f.path.match_indices('.').map(|(i, _)| &f.path[..i]))
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups.sort_by_key(|g| std::cmp::Reverse(g.matches('.').count()));
    for g in groups {
        let empty = get(&p.json, g).is_some_and(|v| match v.as_object() {
            Some(o) => o.iter().all(|(k, v)| k == "visibility" || is_empty(v)),
            None => is_empty(v),
        });
        if empty {
            set(&mut p.json, g, Value::Null);
        }
    }
    p
}

fn parse_field(
    f: &Field,
    raw: &Raw,
    old: Option<&Value>,
    i18n: &I18n,
    checks: &mut Vec<RefCheck>,
) -> Result<Value, String> {
    let s = one(raw, f.path);
    let required = || Err(i18n.t("err-required"));
    let mut check = |id: AnyId, target: Target, party_at: Option<(String, Option<usize>)>| {
        checks.push(RefCheck {
            field: f.path,
            id,
            target,
            party_at,
        })
    };
    Ok(match &f.w {
        W::Text { required: r } | W::Area { required: r } => match s {
            "" if *r => return required(),
            "" => Value::Null,
            _ => Value::String(s.to_owned()),
        },
        W::Lines => Value::Array(lines(s).map(|l| Value::String(l.to_owned())).collect()),
        W::Dates => Value::Array(lines(s).map(partial_date).collect::<Result<_, _>>()?),
        W::Date { required: r } => match s {
            "" if *r => return required(),
            "" => Value::Null,
            _ => partial_date(s)?,
        },
        W::Day => match s {
            "" => return required(),
            _ => s
                .parse::<jiff::civil::Date>()
                .map(|d| Value::String(d.to_string()))
                .map_err(|_| i18n.with("err-not-a-day", &[("value", clip(s))]))?,
        },
        W::Time => match s {
            "" => Value::Null,
            _ => s
                .parse::<jiff::civil::Time>()
                .map(|t| Value::String(t.to_string()))
                .map_err(|_| i18n.with("err-not-a-time", &[("value", clip(s))]))?,
        },
        W::Count => match s {
            "" => Value::Null,
            _ => count(s, i18n)?,
        },
        W::Int => match s {
            "" => Value::from(0),
            _ => count(s, i18n)?,
        },
        W::Check => Value::Bool(!s.is_empty()),
        W::MaybeBool => match s {
            "yes" => Value::Bool(true),
            "no" => Value::Bool(false),
            _ => Value::Null,
        },
        W::Choice(opts) => choice(s, opts, i18n)?,
        W::OptChoice(opts) => match s {
            "" => Value::Null,
            _ => choice(s, opts, i18n)?,
        },
        W::Choices(opts) => Value::Array(
            raw.get(f.path)
                .into_iter()
                .flatten()
                .map(|v| choice(v.trim(), opts, i18n))
                .collect::<Result<_, _>>()?,
        ),
        W::Ref(target) | W::OptRef(target) => match s {
            "" if matches!(f.w, W::Ref(_)) => return required(),
            "" => Value::Null,
            _ => {
                let id = parse_id(s, i18n)?;
                check(id, *target, None);
                Value::String(id.to_string())
            }
        },
        W::Refs(target) => {
            let mut ids = Vec::new();
            for id in picked(raw, f.path, i18n)? {
                check(id, *target, None);
                ids.push(Value::String(id.to_string()));
            }
            Value::Array(ids)
        }
        W::Party { required: r } => match s {
            "" if *r => return required(),
            "" => Value::Null,
            _ => {
                let id = parse_id(s, i18n)?;
                check(id, Target::PARTY, Some((f.path.to_owned(), None)));
                json!({"type": "person", "id": id.to_string()})
            }
        },
        W::Parties => {
            let mut out = Vec::new();
            for (i, id) in picked(raw, f.path, i18n)?.into_iter().enumerate() {
                check(id, Target::PARTY, Some((f.path.to_owned(), Some(i))));
                out.push(json!({"type": "person", "id": id.to_string()}));
            }
            Value::Array(out)
        }
        W::Names => names(s, old, i18n)?,
        W::Texts => texts(f.path, raw, old),
        W::Guarded { required: r } => {
            let text = s;
            let vis = one(raw, &format!("{}.visibility", f.path));
            let vis = Visibility::parse(vis).unwrap_or(Visibility::Confidential);
            match text {
                "" if *r => return required(),
                "" => Value::Null,
                _ => json!({"value": text, "visibility": vis.as_str()}),
            }
        }
        W::Visibility => Value::String(
            Visibility::parse(s)
                .unwrap_or(Visibility::Confidential)
                .as_str()
                .to_owned(),
        ),
        W::Country => match s.to_uppercase() {
            c if c.is_empty() => Value::Null,
            c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => Value::String(c),
            _ => return Err(i18n.t("err-country")),
        },
        W::Zone => match s {
            "" => return required(),
            _ if jiff::tz::TimeZone::get(s).is_err() => {
                return Err(i18n.with("err-not-a-zone", &[("value", clip(s))]));
            }
            _ => Value::String(s.to_owned()),
        },
        W::Rows(cols) => super::rows::parse(f.path, cols, raw, old, i18n, &mut check)?,
    })
}

fn names(s: &str, old: Option<&Value>, i18n: &I18n) -> Result<Value, String> {
    let old: Vec<vigil_domain::Name> = old
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, l) in lines(s).enumerate() {
        let (name, lang) = match l.rsplit_once('|') {
            Some((n, l)) => (n.trim(), Some(l.trim()).filter(|l| !l.is_empty())),
            None => (l, None),
        };
        if name.is_empty() {
            return Err(i18n.t("err-name-needed"));
        }
        let mut n = old
            .iter()
            .find(|o| o.name == name && o.language.as_deref() == lang)
            .cloned()
            .unwrap_or_else(|| vigil_domain::Name::new(name, vigil_domain::NameKind::Alias, lang));
        n.kind = match (i, n.kind) {
            (0, _) => vigil_domain::NameKind::Primary,
            (_, vigil_domain::NameKind::Primary) => vigil_domain::NameKind::Alias,
            (_, k) => k,
        };
        out.push(n);
    }
    if out.is_empty() {
        return Err(i18n.t("err-name-needed"));
    }
    Ok(serde_json::to_value(out).unwrap_or(Value::Null))
}

fn texts(path: &str, raw: &Raw, old: Option<&Value>) -> Value {
    let old = old.and_then(Value::as_array).cloned().unwrap_or_default();
    // Texts in other languages are kept as they are.
    let mut out: Vec<Value> = old
        .iter()
        .filter(|t| {
            !TEXT_LANGUAGES.contains(&t.get("language").and_then(Value::as_str).unwrap_or(""))
        })
        .cloned()
        .collect();
    for lang in TEXT_LANGUAGES {
        let text = raw
            .get(&format!("{path}.{lang}"))
            .and_then(|v| v.first())
            .map(|v| v.trim())
            .unwrap_or("");
        if text.is_empty() {
            continue;
        }
        let kept = old
            .iter()
            .find(|t| t.get("language").and_then(Value::as_str) == Some(lang));
        let mut t = kept
            .cloned()
            .unwrap_or_else(|| json!({"language": lang, "machine_translated": false}));
        if kept.and_then(|k| k.get("text")).and_then(Value::as_str) != Some(text) {
            // Retyped by a person: no longer a machine translation.
            t["machine_translated"] = Value::Bool(false);
        }
        t["text"] = Value::String(text.to_owned());
        out.push(t);
    }
    Value::Array(out)
}

/// Write the kind a party reference turned out to have.
pub(crate) fn set_party_kind(json: &mut Value, at: &(String, Option<usize>), kind: RecordKind) {
    let target = match at {
        (path, None) => json.pointer_mut(&format!("/{}", path.replace('.', "/"))),
        (path, Some(i)) => json.pointer_mut(&format!("/{}/{i}", path.replace('.', "/"))),
    };
    if let Some(t) = target {
        t["type"] = Value::String(kind.as_str().to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn form(pairs: &[(&str, &str)]) -> Raw {
        raw_from_form(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>(),
        )
    }

    const EN: I18n = I18n { lang: Lang::En };

    #[test]
    fn each_field_gets_its_own_error_and_good_fields_are_written() {
        let fields = vec![
            Field {
                path: "title",
                label: "title",
                w: W::Text { required: true },
            },
            Field {
                path: "opened",
                label: "opened",
                w: W::Date { required: false },
            },
            Field {
                path: "sentence.years",
                label: "years",
                w: W::Int,
            },
        ];
        let p = parse(
            &fields,
            &form(&[
                ("title", ""),
                ("opened", "2014-13"),
                ("sentence.years", "x"),
            ]),
            json!({}),
            &EN,
        );
        assert_eq!(p.errors.len(), 3, "{:?}", p.errors);
        assert!(p.errors["opened"].contains("2014-13"));
        let p = parse(
            &fields,
            &form(&[
                ("title", " A case "),
                ("opened", "2014-08"),
                ("sentence.years", ""),
            ]),
            json!({"kept": 1, "sentence": {"years": 3}}),
            &EN,
        );
        assert!(p.errors.is_empty());
        assert_eq!(
            p.json,
            json!({"kept": 1, "title": "A case", "opened": "2014-08"})
        );
    }

    #[test]
    fn rows_keep_hidden_columns_drop_blank_rows_and_name_the_bad_row() {
        let fields = vec![
            Field {
                path: "country",
                label: "country",
                w: W::Country,
            },
            Field {
                path: "charges",
                label: "charges",
                w: W::Rows(vec![
                    ("code", "code", Col::Code),
                    ("article", "article", Col::Required),
                    ("label", "charge-label", Col::Text),
                ]),
            },
        ];
        let base = json!({"country": "AZ", "charges": [{"code": "AZ-CC", "article": "274", "extra": true}]});
        let raw = raw_from_json(&fields, &base);
        assert_eq!(one(&raw, "charges.0.code"), "AZ-CC");
        assert_eq!(one(&raw, "charges.0.article"), "274");
        let az = vigil_domain::records::Charge::default_code("AZ").unwrap();
        // Row 2 names a code but no article; row 3 is a new row left as it came.
        let p = parse(
            &fields,
            &form(&[
                ("country", "AZ"),
                ("charges.0.code", "AZ-CC"),
                ("charges.0.article", "274"),
                ("charges.1.code", "AZ-CC"),
                ("charges.1.article", ""),
                ("charges.2.code", az),
                ("charges.2.article", ""),
            ]),
            base.clone(),
            &EN,
        );
        assert!(p.errors["charges"].contains("Row 2"), "{:?}", p.errors);
        let p = parse(
            &fields,
            &form(&[
                ("country", "AZ"),
                ("charges.0.code", "AZ-CC"),
                ("charges.0.article", "274"),
                ("charges.0.label", "treason"),
                ("charges.1.code", az),
                ("charges.1.article", "206.3.2"),
                ("charges.1.label", "smuggling by a group"),
                ("charges.2.code", az),
                ("charges.2.article", ""),
            ]),
            base,
            &EN,
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(
            p.json["charges"],
            json!([
                {"code": "AZ-CC", "article": "274", "label": "treason", "extra": true},
                {"code": az, "article": "206.3.2", "label": "smuggling by a group"}
            ])
        );
    }

    #[test]
    fn texts_keep_other_languages_and_stored_values_round_trip() {
        let fields = vec![Field {
            path: "summary",
            label: "summary",
            w: W::Texts,
        }];
        let base = json!({"summary": [
            {"language": "de", "text": "Zusammenfassung", "machine_translated": true},
            {"language": "en", "text": "Summary", "machine_translated": true}
        ]});
        let raw = raw_from_json(&fields, &base);
        let p = parse(&fields, &raw, base.clone(), &EN);
        assert_eq!(p.json["summary"].as_array().unwrap().len(), 2);
        assert_eq!(p.json["summary"][1]["machine_translated"], json!(true));
        let p = parse(
            &fields,
            &form(&[("summary.en", "Summary, edited"), ("summary.ru", "Сводка")]),
            base,
            &EN,
        );
        let langs: Vec<&str> = p.json["summary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["language"].as_str().unwrap())
            .collect();
        assert_eq!(langs, ["de", "en", "ru"]);
        assert_eq!(p.json["summary"][1]["machine_translated"], json!(false));
    }

    #[test]
    fn references_are_parsed_then_left_for_the_store_to_check() {
        let fields = vec![
            Field {
                path: "case",
                label: "case",
                w: W::Ref(Target::CASE),
            },
            Field {
                path: "object",
                label: "object",
                w: W::Party { required: true },
            },
        ];
        let id = AnyId::from(vigil_domain::Id::<vigil_domain::records::Case>::new());
        let p = parse(
            &fields,
            &form(&[("case", "not an id"), ("object", &id.to_string())]),
            json!({}),
            &EN,
        );
        assert!(p.errors["case"].contains("not an id"));
        assert_eq!(p.checks.len(), 1);
        let mut json = p.json;
        set_party_kind(
            &mut json,
            p.checks[0].party_at.as_ref().unwrap(),
            RecordKind::Organization,
        );
        assert_eq!(json["object"]["type"], json!("organization"));
    }
}
