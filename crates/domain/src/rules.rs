//! The rules every record must satisfy on its own. Rules that need other
//! records (a hearing's case must exist) are checked by storage through
//! [`crate::record::Reference`].
#![allow(non_snake_case)]

use std::cmp::Ordering;
use std::collections::HashSet;

use crate::date::PartialDate;
use crate::error::{RuleViolation, violation};
use crate::record::{RecordKind, Reference};
use crate::records::*;
use crate::text::{Name, NameKind};

/// Longest text accepted in any one field.
pub const MAX_TEXT: usize = 200_000;

type Rule = Result<(), RuleViolation>;

fn not_blank(kind: RecordKind, field: &'static str, s: &str) -> Rule {
    if s.trim().is_empty() {
        return Err(violation(kind, field, "must not be empty"));
    }
    text_len(kind, field, s)
}

fn text_len(kind: RecordKind, field: &'static str, s: &str) -> Rule {
    if s.len() > MAX_TEXT {
        return Err(violation(
            kind,
            field,
            format!("is longer than {MAX_TEXT} bytes"),
        ));
    }
    if s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(violation(kind, field, "contains control characters"));
    }
    Ok(())
}

fn opt_text(kind: RecordKind, field: &'static str, s: &Option<String>) -> Rule {
    s.as_deref().map_or(Ok(()), |s| not_blank(kind, field, s))
}

fn not_before(
    kind: RecordKind,
    field: &'static str,
    start: Option<&PartialDate>,
    end: Option<&PartialDate>,
    what: &str,
) -> Rule {
    if let (Some(s), Some(e)) = (start, end)
        && e.certainly_cmp(s) == Some(Ordering::Less)
    {
        return Err(violation(
            kind,
            field,
            format!("{what} ({e}) is before the start ({s})"),
        ));
    }
    Ok(())
}

fn country(kind: RecordKind, c: &Option<String>) -> Rule {
    match c {
        Some(c) if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) => Err(violation(
            kind,
            "country",
            "must be an ISO 3166-1 alpha-2 code such as AZ",
        )),
        _ => Ok(()),
    }
}

fn names(kind: RecordKind, names: &[Name]) -> Rule {
    if names.is_empty() {
        return Err(violation(kind, "names", "at least one name is needed"));
    }
    for n in names {
        not_blank(kind, "names", &n.name)?;
        if n.name.chars().count() > 300 {
            return Err(violation(
                kind,
                "names",
                "a name is longer than 300 characters",
            ));
        }
    }
    if names.iter().filter(|n| n.kind == NameKind::Primary).count() > 1 {
        return Err(violation(kind, "names", "only one name can be primary"));
    }
    Ok(())
}

fn texts(kind: RecordKind, field: &'static str, texts: &[crate::text::LocalizedText]) -> Rule {
    for t in texts {
        not_blank(kind, field, &t.text)?;
        not_blank(kind, field, &t.language)?;
    }
    Ok(())
}

fn links(kind: RecordKind, links: &[SourceLink]) -> Rule {
    for l in links {
        if let Some(e) = &l.excerpt {
            text_len(kind, "sources", e)?;
        }
    }
    Ok(())
}

fn no_duplicates<T: std::hash::Hash + Eq>(
    kind: RecordKind,
    field: &'static str,
    items: impl IntoIterator<Item = T>,
) -> Rule {
    let mut seen = HashSet::new();
    for i in items {
        if !seen.insert(i) {
            return Err(violation(kind, field, "lists the same record twice"));
        }
    }
    Ok(())
}

pub(crate) fn File(f: &File) -> Rule {
    let k = RecordKind::File;
    let hex64 = |s: &str| {
        s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    if !hex64(&f.sha256) {
        return Err(violation(k, "sha256", "must be 64 lower-case hex digits"));
    }
    if f.published_sha256.as_deref().is_some_and(|s| !hex64(s)) {
        return Err(violation(
            k,
            "published_sha256",
            "must be 64 lower-case hex digits",
        ));
    }
    if !f.media_type.contains('/') || f.media_type.len() > 200 {
        return Err(violation(
            k,
            "media_type",
            "must be a media type such as application/pdf",
        ));
    }
    opt_text(k, "original_name", &f.original_name)?;
    links(k, &f.sources)
}

pub(crate) fn Organization(o: &Organization) -> Rule {
    let k = RecordKind::Organization;
    names(k, &o.names)?;
    country(k, &o.country)?;
    if o.parent == Some(o.id) {
        return Err(violation(
            k,
            "parent",
            "an organization cannot be its own parent",
        ));
    }
    texts(k, "description", &o.description)?;
    links(k, &o.sources)
}

pub(crate) fn Source(s: &Source) -> Rule {
    let k = RecordKind::Source;
    not_blank(k, "title", &s.title)?;
    if let Some(a) = &s.author {
        not_blank(k, "author", &a.value)?;
    }
    if let Some(u) = &s.url {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(violation(k, "url", "must start with https:// or http://"));
        }
        text_len(k, "url", u)?;
    }
    links(k, &s.sources)
}

pub(crate) fn Person(p: &Person) -> Rule {
    let k = RecordKind::Person;
    names(k, &p.names)?;
    country(k, &p.country)?;
    not_before(
        k,
        "death_date",
        p.birth_date.as_ref().map(|b| &b.value),
        p.death_date.as_ref(),
        "the date of death",
    )?;
    texts(k, "biography", &p.biography)?;
    opt_text(k, "external_ref", &p.external_ref)?;
    if let Some(n) = &p.notes {
        text_len(k, "notes", &n.value)?;
    }
    if let Some(e) = &p.exile {
        country(k, &e.country)?;
    }
    no_duplicates(k, "occupations", p.occupations.iter())?;
    links(k, &p.sources)
}

pub(crate) fn Relationship(r: &Relationship) -> Rule {
    let k = RecordKind::Relationship;
    match (r.kind.is_between_people(), r.object) {
        (true, Party::Organization(_)) => {
            return Err(violation(
                k,
                "object",
                format!(
                    "\"{}\" joins two people, not a person and an organization",
                    r.kind.label()
                ),
            ));
        }
        (false, Party::Person(_)) => {
            return Err(violation(
                k,
                "object",
                format!("\"{}\" joins a person to an organization", r.kind.label()),
            ));
        }
        (true, Party::Person(o)) if o == r.subject => {
            return Err(violation(
                k,
                "object",
                "a person cannot be related to themself",
            ));
        }
        _ => {}
    }
    not_before(k, "end", r.start.as_ref(), r.end.as_ref(), "the end")?;
    opt_text(k, "role", &r.role)?;
    links(k, &r.sources)
}

pub(crate) fn Case(c: &Case) -> Rule {
    let k = RecordKind::Case;
    not_blank(k, "title", &c.title)?;
    if c.defendants.is_empty() {
        return Err(violation(
            k,
            "defendants",
            "a case has at least one defendant",
        ));
    }
    no_duplicates(k, "defendants", c.defendants.iter())?;
    country(k, &c.country)?;
    for ch in &c.charges {
        not_blank(k, "charges", &ch.code)?;
        not_blank(k, "charges", &ch.article)?;
    }
    if let Some(s) = &c.sentence {
        if s.years < 0 || s.months < 0 {
            return Err(violation(k, "sentence", "a sentence cannot be negative"));
        }
        if s.months > 11 {
            return Err(violation(
                k,
                "sentence",
                "months must be 0–11; carry whole years into years",
            ));
        }
        if s.years > 100 {
            return Err(violation(
                k,
                "sentence",
                "a term over 100 years is not plausible; use life",
            ));
        }
        if s.life && s.total_months() != 0 {
            return Err(violation(
                k,
                "sentence",
                "a life sentence has no term in years or months",
            ));
        }
        if !s.life && s.total_months() == 0 && s.text.is_none() {
            return Err(violation(
                k,
                "sentence",
                "give a term, life, or the verdict's words",
            ));
        }
    }
    if let Some(v) = &c.verdict {
        not_before(
            k,
            "verdict",
            c.opened.as_ref(),
            v.date.as_ref(),
            "the verdict",
        )?;
    }
    for a in &c.international {
        opt_text(k, "international", &a.number)?;
        not_before(
            k,
            "international",
            a.lodged.as_ref(),
            a.decided.as_ref(),
            "the decision",
        )?;
    }
    texts(k, "summary", &c.summary)?;
    links(k, &c.sources)
}

pub(crate) fn Hearing(h: &Hearing) -> Rule {
    let k = RecordKind::Hearing;
    if jiff::tz::TimeZone::get(&h.time_zone).is_err() {
        return Err(violation(
            k,
            "time_zone",
            "must be an IANA time zone such as Asia/Baku",
        ));
    }
    opt_text(k, "judge", &h.judge)?;
    opt_text(k, "outcome", &h.outcome)?;
    if h.status == HearingStatus::Held && h.outcome.is_none() && h.kind == HearingKind::Verdict {
        return Err(violation(
            k,
            "outcome",
            "a verdict hearing that was held needs its outcome",
        ));
    }
    links(k, &h.sources)
}

pub(crate) fn DetentionEpisode(d: &DetentionEpisode) -> Rule {
    let k = RecordKind::DetentionEpisode;
    not_before(k, "end", d.start.as_ref(), d.end.as_ref(), "the end")?;
    not_before(
        k,
        "confirmed_on",
        d.start.as_ref(),
        d.confirmed_on.as_ref(),
        "the confirmation date",
    )?;
    for other in &d.disputed_starts {
        if Some(other) == d.start.as_ref() {
            return Err(violation(
                k,
                "disputed_starts",
                format!("{other} is the start itself, not another reading"),
            ));
        }
        not_before(k, "end", Some(other), d.end.as_ref(), "the end")?;
    }
    if d.release_reason.is_some() && d.end.is_none() {
        return Err(violation(
            k,
            "release_reason",
            "a release reason needs an end date",
        ));
    }
    for t in &d.transfers {
        not_before(
            k,
            "transfers",
            d.start.as_ref(),
            t.date.as_ref(),
            "a transfer",
        )?;
        not_before(k, "transfers", t.date.as_ref(), d.end.as_ref(), "the end")?;
    }
    links(k, &d.sources)
}

pub(crate) fn WelfareReport(w: &WelfareReport) -> Rule {
    let k = RecordKind::WelfareReport;
    if w.kinds.is_empty() {
        return Err(violation(k, "kinds", "say what kind of concern this is"));
    }
    not_blank(k, "description", &w.description.value)?;
    not_before(
        k,
        "reported_on",
        w.date.as_ref(),
        w.reported_on.as_ref(),
        "the report",
    )?;
    links(k, &w.sources)
}

pub(crate) fn Incident(i: &Incident) -> Rule {
    let k = RecordKind::Incident;
    not_blank(k, "title", &i.title)?;
    if i.kinds.is_empty() {
        return Err(violation(
            k,
            "kinds",
            "say what happened (at least one kind)",
        ));
    }
    if i.victims.is_empty() {
        return Err(violation(
            k,
            "victims",
            "an incident has at least one victim",
        ));
    }
    for v in &i.victims {
        if v.person.is_none() && v.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            return Err(violation(
                k,
                "victims",
                "each victim needs a person or a description",
            ));
        }
        if v.because_of.is_some() && v.role == VictimRole::Target {
            return Err(violation(
                k,
                "victims",
                "a target is not targeted because of someone else; use relative_of_target",
            ));
        }
    }
    texts(k, "description", &i.description)?;
    links(k, &i.sources)
}

pub(crate) fn MediaItem(m: &MediaItem) -> Rule {
    let k = RecordKind::MediaItem;
    not_blank(k, "title", &m.title)?;
    opt_text(k, "url", &m.url)?;
    links(k, &m.sources)
}

pub(crate) fn Complaint(c: &Complaint) -> Rule {
    let k = RecordKind::Complaint;
    not_blank(k, "subject", &c.subject)?;
    if c.status == ComplaintStatus::Draft && (c.proof_of_delivery.is_some() || c.response.is_some())
    {
        return Err(violation(
            k,
            "status",
            "a draft has not been delivered or answered",
        ));
    }
    if c.status != ComplaintStatus::Draft
        && c.submitted_on.is_none()
        && c.proof_of_delivery.is_some()
    {
        return Err(violation(
            k,
            "submitted_on",
            "a delivered item needs its submission date",
        ));
    }
    if let Some(p) = &c.proof_of_delivery {
        not_blank(k, "proof_of_delivery", &p.kind)?;
        not_before(
            k,
            "proof_of_delivery",
            c.submitted_on.as_ref(),
            p.date.as_ref(),
            "the delivery",
        )?;
    }
    if let Some(r) = &c.response {
        not_blank(k, "response", &r.summary)?;
        not_before(
            k,
            "response",
            c.submitted_on.as_ref(),
            r.date.as_ref(),
            "the response",
        )?;
    }
    if c.response_days == Some(0) {
        return Err(violation(k, "response_days", "must be at least one day"));
    }
    for f in &c.follow_ups {
        not_blank(k, "follow_ups", &f.note)?;
    }
    links(k, &c.sources)
}

pub(crate) fn Campaign(c: &Campaign) -> Rule {
    let k = RecordKind::Campaign;
    not_blank(k, "name", &c.name)?;
    not_before(k, "end", c.start.as_ref(), c.end.as_ref(), "the end")?;
    no_duplicates(k, "featured", c.featured.iter())?;
    for r in &c.resolutions {
        not_blank(k, "resolutions", &r.title)?;
    }
    texts(k, "description", &c.description)?;
    links(k, &c.sources)
}

pub(crate) fn AdvocacyLetter(l: &AdvocacyLetter) -> Rule {
    let k = RecordKind::AdvocacyLetter;
    not_blank(k, "subject", &l.subject)?;
    if l.recipients.is_empty() {
        return Err(violation(
            k,
            "recipients",
            "a letter has at least one recipient",
        ));
    }
    for r in &l.recipients {
        not_blank(k, "recipients", r)?;
    }
    links(k, &l.sources)
}

pub(crate) fn Recognition(r: &Recognition) -> Rule {
    let k = RecordKind::Recognition;
    if r.persons.is_empty() && r.group.is_none() {
        return Err(violation(
            k,
            "persons",
            "name the people recognised, or the group",
        ));
    }
    if matches!(r.kind, RecognitionKind::Award | RecognitionKind::Nomination) && r.title.is_none() {
        return Err(violation(
            k,
            "title",
            "an award or nomination needs its name",
        ));
    }
    opt_text(k, "group", &r.group)?;
    links(k, &r.sources)
}

pub(crate) fn PrisonerList(l: &PrisonerList) -> Rule {
    let k = RecordKind::PrisonerList;
    not_blank(k, "title", &l.title)?;
    texts(k, "criteria", &l.criteria)?;
    links(k, &l.sources)
}

pub(crate) fn ListVersion(v: &ListVersion) -> Rule {
    let k = RecordKind::ListVersion;
    no_duplicates(k, "entries", v.entries.iter().map(|e| e.person))?;
    no_duplicates(k, "entries", v.entries.iter().filter_map(|e| e.number))?;
    if v.entries.is_empty() && v.published_count.is_none() {
        return Err(violation(
            k,
            "entries",
            "a version needs its entries or at least its published count",
        ));
    }
    links(k, &v.sources)
}

pub(crate) fn User(u: &User) -> Rule {
    let k = RecordKind::User;
    let ok = (2..=64).contains(&u.username.len())
        && u.username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !ok {
        return Err(violation(
            k,
            "username",
            "use 2–64 characters: a–z, 0–9, dot, dash, underscore",
        ));
    }
    if u.visibility == crate::visibility::Visibility::Public {
        return Err(violation(
            k,
            "visibility",
            "staff accounts are never public",
        ));
    }
    if let Some(zone) = &u.time_zone
        && jiff::tz::TimeZone::get(zone).is_err()
    {
        return Err(violation(
            k,
            "time_zone",
            "an IANA time zone, such as Asia/Baku or Europe/Berlin",
        ));
    }
    links(k, &u.sources)
}

pub(crate) fn source_refs(links: &[SourceLink]) -> Vec<Reference> {
    links
        .iter()
        .map(|l| Reference {
            target: l.source.erase(),
            kind: RecordKind::Source,
            field: "sources",
        })
        .collect()
}

/// The references each record type holds.
pub(crate) mod refs {
    use super::*;
    use crate::id::Id;
    use crate::record::RecordType;

    fn push<T: RecordType>(out: &mut Vec<Reference>, field: &'static str, id: Id<T>) {
        out.push(Reference {
            target: id.erase(),
            kind: T::KIND,
            field,
        });
    }
    fn opt<T: RecordType>(out: &mut Vec<Reference>, field: &'static str, id: Option<Id<T>>) {
        if let Some(id) = id {
            push(out, field, id);
        }
    }
    fn all<'a, T: RecordType + 'a>(
        out: &mut Vec<Reference>,
        field: &'static str,
        ids: impl IntoIterator<Item = &'a Id<T>>,
    ) {
        for id in ids {
            push(out, field, *id);
        }
    }
    fn party(out: &mut Vec<Reference>, field: &'static str, p: &Party) {
        match p {
            Party::Person(id) => push(out, field, *id),
            Party::Organization(id) => push(out, field, *id),
        }
    }

    pub(crate) fn File(_: &File, _: &mut Vec<Reference>) {}
    pub(crate) fn Organization(o: &Organization, r: &mut Vec<Reference>) {
        opt(r, "parent", o.parent);
    }
    pub(crate) fn Source(s: &Source, r: &mut Vec<Reference>) {
        opt(r, "publisher", s.publisher);
        opt(r, "file", s.file);
    }
    pub(crate) fn Person(p: &Person, r: &mut Vec<Reference>) {
        opt(r, "photo", p.photo.as_ref().map(|ph| ph.file));
    }
    pub(crate) fn Relationship(x: &Relationship, r: &mut Vec<Reference>) {
        push(r, "subject", x.subject);
        party(r, "object", &x.object);
    }
    pub(crate) fn Case(c: &Case, r: &mut Vec<Reference>) {
        all(r, "defendants", &c.defendants);
        opt(r, "prosecuting_body", c.prosecuting_body);
        all(r, "courts", &c.courts);
        opt(r, "verdict", c.verdict.as_ref().and_then(|v| v.court));
        for a in &c.appeals {
            opt(r, "appeals", a.court);
        }
    }
    pub(crate) fn Hearing(h: &Hearing, r: &mut Vec<Reference>) {
        push(r, "case", h.case);
        opt(r, "court", h.court);
    }
    pub(crate) fn DetentionEpisode(d: &DetentionEpisode, r: &mut Vec<Reference>) {
        push(r, "person", d.person);
        opt(r, "case", d.case);
        opt(r, "facility", d.facility);
        for t in &d.transfers {
            push(r, "transfers", t.to);
        }
    }
    pub(crate) fn WelfareReport(w: &WelfareReport, r: &mut Vec<Reference>) {
        push(r, "person", w.person);
        opt(r, "facility", w.facility);
        opt(
            r,
            "reported_by",
            w.reported_by.as_ref().and_then(|g| g.value.person),
        );
    }
    pub(crate) fn Incident(i: &Incident, r: &mut Vec<Reference>) {
        for v in &i.victims {
            opt(r, "victims", v.person);
            opt(r, "victims", v.because_of);
        }
        for p in &i.perpetrators {
            opt(r, "perpetrators", p.organization);
        }
    }
    pub(crate) fn MediaItem(m: &MediaItem, r: &mut Vec<Reference>) {
        opt(r, "outlet", m.outlet);
        all(r, "targets", &m.targets);
        opt(r, "archived_copy", m.archived_copy);
    }
    pub(crate) fn Complaint(c: &Complaint, r: &mut Vec<Reference>) {
        opt(r, "filer", c.filer);
        all(r, "on_behalf_of", &c.on_behalf_of);
        all(r, "addressees", &c.addressees);
        opt(
            r,
            "proof_of_delivery",
            c.proof_of_delivery.as_ref().and_then(|p| p.file),
        );
        all(r, "concerning_media", &c.concerning_media);
    }
    pub(crate) fn Campaign(c: &Campaign, r: &mut Vec<Reference>) {
        for p in &c.organizers {
            party(r, "organizers", p);
        }
        all(r, "featured", &c.featured);
    }
    pub(crate) fn AdvocacyLetter(l: &AdvocacyLetter, r: &mut Vec<Reference>) {
        opt(r, "sender", l.sender);
        all(r, "persons", &l.persons);
        opt(r, "campaign", l.campaign);
        all(r, "enclosures", &l.enclosures);
    }
    pub(crate) fn Recognition(x: &Recognition, r: &mut Vec<Reference>) {
        all(r, "persons", &x.persons);
        opt(r, "by", x.by);
    }
    pub(crate) fn PrisonerList(l: &PrisonerList, r: &mut Vec<Reference>) {
        opt(r, "publisher", l.publisher);
    }
    pub(crate) fn ListVersion(v: &ListVersion, r: &mut Vec<Reference>) {
        push(r, "list", v.list);
        opt(r, "publisher", v.publisher);
        opt(r, "document", v.document);
        for e in &v.entries {
            push(r, "entries", e.person);
        }
    }
    pub(crate) fn User(_: &User, _: &mut Vec<Reference>) {}
}
