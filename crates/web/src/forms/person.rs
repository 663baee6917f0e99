//! The person form: names in several scripts and languages, a birth date
//! with its own visibility, occupations, biography and confidential notes.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;
use vigil_app::workspace::Workspace;
use vigil_domain::records::{Gender, Occupation, Person};
use vigil_domain::{
    Guarded, LocalizedText, Name, NameKind, PartialDate, Record, Script, Visibility,
};

use crate::staff::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

/// What the person form holds, as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonFields {
    /// (name, language code)
    names: Vec<(String, String)>,
    gender: String,
    birth_date: String,
    birth_date_visibility: String,
    country: String,
    occupations: Vec<String>,
    biography: String,
    notes: String,
    visibility: String,
}

#[derive(Template)]
#[template(path = "staff_person_form.html")]
struct PersonPage {
    c: Chrome,
    s: vigil_app::accounts::Staff,
    title: String,
    action: String,
    f: PersonFields,
    errors: HashMap<&'static str, String>,
    languages: Vec<(&'static str, &'static str)>,
    genders: Vec<(&'static str, &'static str)>,
    occupations: Vec<(String, &'static str, bool)>,
    visibilities: Vec<&'static str>,
    record_visibilities: Vec<&'static str>,
}

fn key<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn render(
    c: Chrome,
    ws: &Workspace,
    action: String,
    title: String,
    f: PersonFields,
    errors: HashMap<&'static str, String>,
) -> Result<Response, WebError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = PersonPage {
        languages: vec![
            ("az", "Azərbaycanca (az)"),
            ("ru", "Русский (ru)"),
            ("en", "English (en)"),
            ("", "—"),
        ],
        genders: vec![("female", "female"), ("male", "male"), ("other", "other")],
        occupations: Occupation::ALL
            .iter()
            .map(|o| (key(o), o.label(), f.occupations.contains(&key(o))))
            .collect(),
        visibilities: ws.visible_levels().iter().map(|v| v.as_str()).collect(),
        record_visibilities: ws.settable_levels().iter().map(|v| v.as_str()).collect(),
        c,
        s: ws.staff().clone(),
        title,
        action,
        f,
        errors,
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

fn fields_of(p: &Person) -> PersonFields {
    let mut names: Vec<(String, String)> = p
        .names
        .iter()
        .map(|n| (n.name.clone(), n.language.clone().unwrap_or_default()))
        .collect();
    names.push((String::new(), String::new()));
    PersonFields {
        names,
        gender: p.gender.map(key).unwrap_or_default(),
        birth_date: p
            .birth_date
            .as_ref()
            .map(|b| b.value.to_string())
            .unwrap_or_default(),
        birth_date_visibility: p
            .birth_date
            .as_ref()
            .map(|b| b.visibility)
            .unwrap_or(Visibility::Internal)
            .as_str()
            .to_owned(),
        country: p.country.clone().unwrap_or_default(),
        occupations: p.occupations.iter().map(key).collect(),
        biography: p
            .biography
            .iter()
            .find(|t| t.language == "en")
            .map(|t| t.text.clone())
            .unwrap_or_default(),
        notes: p
            .notes
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_default(),
        visibility: p.visibility.as_str().to_owned(),
    }
}

fn fields_from(form: &[(String, String)]) -> PersonFields {
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let names = (0..12)
        .filter(|i| form.iter().any(|(n, _)| *n == format!("name{i}")))
        .map(|i| (get(&format!("name{i}")), get(&format!("lang{i}"))))
        .collect();
    PersonFields {
        names,
        gender: get("gender"),
        birth_date: get("birth_date"),
        birth_date_visibility: get("birth_date_visibility"),
        country: get("country").to_uppercase(),
        occupations: form
            .iter()
            .filter(|(n, _)| n == "occupation")
            .map(|(_, v)| v.clone())
            .collect(),
        biography: get("biography"),
        notes: get("notes"),
        visibility: get("visibility"),
    }
}

/// Apply the fields to `person` (a new one, or the stored one, whose other fields are kept).
fn apply(
    mut person: Person,
    f: &PersonFields,
    c: &Chrome,
) -> Result<Person, HashMap<&'static str, String>> {
    let mut errors = HashMap::new();
    let typed: Vec<&(String, String)> = f.names.iter().filter(|(n, _)| !n.is_empty()).collect();
    if f.names.first().is_none_or(|(n, _)| n.is_empty()) {
        errors.insert("names", c.i18n.t("err-name-needed"));
    }
    let old = std::mem::take(&mut person.names);
    let primary_script = typed.first().map(|(n, _)| Script::detect(n));
    for (i, (name, lang)) in typed.iter().enumerate() {
        let lang = Some(lang.as_str()).filter(|l| !l.is_empty());
        let kept = old
            .iter()
            .find(|n| n.name == *name && n.language.as_deref() == lang)
            .cloned();
        let mut n = kept.unwrap_or_else(|| {
            let kind = match i {
                0 => NameKind::Primary,
                _ if Some(Script::detect(name)) != primary_script => NameKind::Transliteration,
                _ => NameKind::Alias,
            };
            Name::new(name.clone(), kind, lang)
        });
        n.kind = if i == 0 {
            NameKind::Primary
        } else if n.kind == NameKind::Primary {
            NameKind::Alias
        } else {
            n.kind
        };
        person.names.push(n);
    }
    person.gender = match f.gender.as_str() {
        "female" => Some(Gender::Female),
        "male" => Some(Gender::Male),
        "other" => Some(Gender::Other),
        _ => None,
    };
    let date_visibility =
        Visibility::parse(&f.birth_date_visibility).unwrap_or(Visibility::Internal);
    person.birth_date = if f.birth_date.is_empty() {
        None
    } else {
        match f.birth_date.parse::<PartialDate>() {
            Ok(d) => Some(Guarded {
                value: d,
                visibility: date_visibility,
            }),
            Err(e) => {
                errors.insert("birth_date", e.to_string());
                None
            }
        }
    };
    person.country = Some(f.country.clone()).filter(|c| !c.is_empty());
    if person
        .country
        .as_ref()
        .is_some_and(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        errors.insert("country", c.i18n.t("err-country"));
    }
    person.occupations = Occupation::ALL
        .iter()
        .copied()
        .filter(|o| f.occupations.contains(&key(o)))
        .collect();
    person.biography.retain(|t| t.language != "en");
    if !f.biography.is_empty() {
        person.biography.push(LocalizedText {
            visibility: person.visibility,
            ..LocalizedText::en(f.biography.clone())
        });
    }
    person.notes = Some(f.notes.clone())
        .filter(|n| !n.is_empty())
        .map(Guarded::confidential);
    if let Some(v) = Visibility::parse(&f.visibility) {
        person.visibility = v;
    }
    if errors.is_empty()
        && let Err(v) = Record::Person(person.clone()).validate()
    {
        let field = match v.field {
            "names" => "names",
            "death_date" | "birth_date" => "birth_date",
            "country" => "country",
            _ => "visibility",
        };
        errors.insert(field, v.message);
    }
    if errors.is_empty() {
        Ok(person)
    } else {
        Err(errors)
    }
}

pub(crate) async fn new_person(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
) -> Result<Response, WebError> {
    ws.editor()?;
    let f = PersonFields {
        names: vec![
            ("".into(), "az".into()),
            ("".into(), "ru".into()),
            ("".into(), "en".into()),
        ],
        birth_date_visibility: "internal".into(),
        country: "AZ".into(),
        visibility: "internal".into(),
        ..Default::default()
    };
    let title = c.i18n.t("new-person");
    render(c, &ws, "/staff/people/new".into(), title, f, HashMap::new())
}

/// The person `id` names, for this role to change.
async fn load(ws: &Workspace, id: &str) -> Result<Person, AppError> {
    Person::try_from(ws.editor()?.open(id).await?).map_err(|_| AppError::not_found("person"))
}

pub(crate) async fn edit_person(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = load(&ws, &id).await?;
    let title = format!("{}: {}", c.i18n.t("edit"), person.display_name());
    render(
        c,
        &ws,
        format!("/staff/people/{id}/edit"),
        title,
        fields_of(&person),
        HashMap::new(),
    )
}

async fn submit(
    c: Chrome,
    form: StaffForm,
    old: Option<Person>,
    action: String,
    title: String,
) -> Result<Response, WebError> {
    let ws = &form.ws;
    let editor = ws.editor()?;
    let f = fields_from(&form.pairs);
    let base = old
        .clone()
        .unwrap_or_else(|| Person::new(Visibility::Internal, Name::primary("", None)));
    let person = match apply(base, &f, &c) {
        Ok(p) => p,
        Err(errors) => return render(c, ws, action, title, f, errors),
    };
    let record = Record::Person(person.clone());
    let written = match old {
        None => editor.create(&record).await,
        Some(_) => editor.update(&record).await,
    };
    match written {
        Ok(()) => Ok(Redirect::to(&format!("/staff/records/{}", person.id)).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let mut errors = HashMap::new();
            errors.insert("visibility", e.to_string());
            render(c, ws, action, title, f, errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn create_person(c: Chrome, form: StaffForm) -> Result<Response, WebError> {
    let title = c.i18n.t("new-person");
    submit(c, form, None, "/staff/people/new".into(), title).await
}

pub(crate) async fn update_person(
    c: Chrome,
    Path(id): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let old = load(&form.ws, &id).await?;
    let title = format!("{}: {}", c.i18n.t("edit"), old.display_name());
    let action = format!("/staff/people/{id}/edit");
    submit(c, form, Some(old), action, title).await
}
