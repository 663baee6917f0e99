//! Public facts put into words in the reader's language. The projection
//! (`vigil-publish`) gives events, sentences and relations as data; this is
//! the one place that phrases them.

use vigil_domain::PartialDate;
use vigil_domain::derived::DetentionDays;
use vigil_domain::records::{CountQualifier, RecognitionKind, RelationKind, Sentence};
use vigil_publish::{
    Event, Featured, OutcomeKind, PublicApplication, PublicPerson, PublicRecognition,
    PublicRelation,
};

use crate::I18n;

/// "sources disagree; also given as 2013-03-07", or nothing when they agree.
pub(crate) fn disagree(i: &I18n, also_given: &[PartialDate]) -> Option<String> {
    (!also_given.is_empty()).then(|| {
        let dates: Vec<String> = also_given.iter().map(ToString::to_string).collect();
        i.with("sources-disagree-date", &[("dates", dates.join(", "))])
    })
}

/// One line of a person's timeline.
pub(crate) fn event(i: &I18n, e: &Event) -> String {
    match e {
        Event::Detention {
            kind,
            facility,
            also_given,
        } => {
            let kind = i.label("dk", *kind, kind.label());
            let what = match facility {
                Some(f) => format!("{kind} — {f}"),
                None => kind,
            };
            match disagree(i, also_given) {
                Some(note) => format!("{what} ({note})"),
                None => what,
            }
        }
        Event::Transfer { to } => i.with("event-transfer", &[("place", to.clone())]),
        Event::Release { reason } => match reason {
            Some(r) => format!(
                "{}: {}",
                i.t("event-released"),
                i.label("rr", *r, r.label())
            ),
            None => i.t("event-released"),
        },
        Event::Hearing {
            kind,
            status,
            court,
        } => {
            // The message words each kind as a noun of its own ("Verdict
            // hearing", "Оглашение приговора"), chosen by the kind's key.
            let line = i.with(
                "event-hearing",
                &[
                    ("kind", kind.label().to_owned()),
                    ("status", i.label("hs", *status, status.label())),
                ],
            );
            match court {
                Some(c) => format!("{line}, {c}"),
                None => line,
            }
        }
        Event::Welfare { text } => text.clone(),
        Event::Incident { title } => title.clone(),
        Event::Complaint { kind, subject } => {
            format!("{}: {subject}", i.label("ck", *kind, kind.label()))
        }
        Event::Recognition(r) => recognition(i, r),
        Event::ListEntry { list } => i.with("event-list", &[("list", list.clone())]),
        Event::Sentenced {
            sentence: s,
            on_appeal,
        } => i.with(
            if *on_appeal {
                "event-sentence-changed"
            } else {
                "event-sentenced"
            },
            &[("sentence", sentence(i, s))],
        ),
    }
}

/// What a recognition is, worded by its kind so a nomination never reads as
/// a prize: "nominated for the Sakharov Prize", "awarded …", "declared a
/// prisoner of conscience by Amnesty International".
pub(crate) fn recognition(i: &I18n, r: &PublicRecognition) -> String {
    let title = || {
        r.title
            .clone()
            .unwrap_or_else(|| i.t("recognition-an-award"))
    };
    let key = match r.kind {
        RecognitionKind::Nomination => "recognition-nominated",
        RecognitionKind::Award => "recognition-awarded",
        RecognitionKind::PrisonerOfConscience => "recognition-conscience",
        RecognitionKind::PoliticalPrisoner => "recognition-political",
        RecognitionKind::Other => {
            let what = r
                .title
                .clone()
                .unwrap_or_else(|| i.label("rck", r.kind, r.kind.label()));
            return match &r.by {
                Some(by) => format!("{what} ({by})"),
                None => what,
            };
        }
    };
    let mut args = vec![("title", title())];
    let key = match &r.by {
        Some(by) => {
            args.push(("by", by.clone()));
            format!("{key}-by")
        }
        None => key.to_owned(),
    };
    let phrase = i.with(&key, &args);
    // A declaration's own title (a resolution, a statement) follows it.
    match (&r.title, r.kind) {
        (Some(t), RecognitionKind::PrisonerOfConscience | RecognitionKind::PoliticalPrisoner) => {
            format!("{phrase} — {t}")
        }
        _ => phrase,
    }
}

/// [`recognition`] with its date, as precise as the source gives it.
pub(crate) fn recognition_dated(i: &I18n, r: &PublicRecognition) -> String {
    match r.date {
        Some(d) => format!("{}, {d}", recognition(i, r)),
        None => recognition(i, r),
    }
}

/// A sentence as a term ("9 years 6 months"), or as written when no term was parsed.
pub(crate) fn sentence(i: &I18n, s: &Sentence) -> String {
    if s.life {
        return i.t("sentence-life-term");
    }
    let years = usize::try_from(s.years).unwrap_or(0);
    let months = usize::try_from(s.months).unwrap_or(0);
    match (years, months, &s.text) {
        (0, 0, Some(t)) => t.clone(),
        (y, 0, _) => i.n("sentence-years-count", y),
        (0, m, _) => i.n("sentence-months-count", m),
        (y, m, _) => format!(
            "{} {}",
            i.n("sentence-years-count", y),
            i.n("sentence-months-count", m)
        ),
    }
}

pub(crate) fn application(i: &I18n, a: &PublicApplication) -> String {
    let mut s = i.label("ib", a.body, a.body.label());
    if let Some(n) = &a.number {
        s.push_str(", ");
        s.push_str(&i.with("application-number", &[("number", n.clone())]));
    }
    if let Some(d) = a.decided {
        s.push_str(", ");
        s.push_str(&i.with("application-decided", &[("date", d.to_string())]));
    }
    if let Some(o) = &a.outcome {
        s.push_str(": ");
        s.push_str(o);
    }
    s
}

/// How the other person stands to the page's person: "child of", or read
/// the other way round, "parent of".
pub(crate) fn relation(i: &I18n, r: &PublicRelation) -> String {
    use RelationKind as R;
    let kind = match (r.kind, r.inverse) {
        (k, false) => k,
        (R::ChildOf, true) => R::ParentOf,
        (R::ParentOf, true) => R::ChildOf,
        (R::LawyerOf, true) => return i.t("relation-client-of"),
        (k @ (R::Spouse | R::SiblingOf | R::PartnerOf | R::RelativeOf), true) => k,
        (k, true) => {
            let label = i.label("rk", k, k.label());
            return i.with("relation-inverse", &[("relation", label)]);
        }
    };
    i.label("rk", kind, kind.label())
}

/// A person's status with the date behind it: "detained (as of …)" while
/// confirmed, "detained (last confirmed on …)" once the confirmation is
/// older than the site's period. A table (`brief`) leaves out "as of".
pub(crate) fn status(i: &I18n, p: &PublicPerson, brief: bool) -> String {
    let label = i.label("ps", p.status, p.status.label());
    let date = p.status_as_of.map(|d| d.to_string());
    match (p.status_stale, date) {
        (true, Some(date)) => format!("{label} ({})", i.with("last-confirmed", &[("date", date)])),
        (true, None) => format!("{label} ({})", i.t("status-unconfirmed")),
        (false, Some(date)) if !brief => {
            format!("{label} ({})", i.with("as-of", &[("date", date)]))
        }
        (false, _) => label,
    }
}

/// Days in detention: "120 days", or "at least 12 days (to 10 August 2014)"
/// when counted only to a confirmation.
pub(crate) fn days(i: &I18n, d: &DetentionDays) -> String {
    let n = usize::try_from(d.days).unwrap_or(0);
    if d.at_least {
        format!(
            "{} ({})",
            i.n("days-at-least", n),
            i.with("counted-to", &[("date", d.counted_to.to_string())])
        )
    } else {
        i.n("days-count", n)
    }
}

/// The days column of a table: the number, or "at least N".
pub(crate) fn days_short(i: &I18n, d: &DetentionDays) -> String {
    if d.at_least {
        i.n("at-least", usize::try_from(d.days).unwrap_or(0))
    } else {
        d.days.to_string()
    }
}

/// The featured list's headline, worded: the count with the list's own
/// qualifier ("at least 22 …"), the list and its date, and how many of its
/// entries are recorded here when fewer than it counts.
pub(crate) struct Headline {
    pub count: String,
    pub on_list: String,
    pub list_id: String,
    pub recorded: Option<String>,
}

/// `title` is the list's title in the reader's language.
pub(crate) fn headline(i: &I18n, f: &Featured<'_>, title: &str) -> Headline {
    let key = match f.version.count_qualifier {
        Some(CountQualifier::AtLeast) => "prisoners-count-at-least",
        Some(CountQualifier::About) => "prisoners-count-about",
        _ => "prisoners-count",
    };
    let shown = f.shown();
    Headline {
        count: i.n(key, f.count()),
        on_list: i.with(
            "headline-on-list",
            &[
                ("list", title.to_owned()),
                ("date", f.version.date.to_string()),
            ],
        ),
        list_id: f.list.id.to_string(),
        recorded: (shown < f.count()).then(|| i.n("headline-recorded", shown)),
    }
}

/// A release or a sentence, as the home page lists it.
pub(crate) fn outcome(i: &I18n, o: &OutcomeKind<'_>) -> String {
    match o {
        OutcomeKind::Released => {
            let released = vigil_domain::derived::PersonStatus::Released;
            i.label("ps", released, released.label())
        }
        OutcomeKind::Sentenced(s) => i.with("outcome-sentenced", &[("sentence", sentence(i, s))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn sentences_and_events_read_in_each_language() {
        let s = Sentence {
            years: 9,
            months: 6,
            life: false,
            text: None,
        };
        assert_eq!(sentence(&I18n { lang: Lang::En }, &s), "9 years 6 months");
        assert_eq!(sentence(&I18n { lang: Lang::Ru }, &s), "9 лет 6 месяцев");
        assert_eq!(sentence(&I18n { lang: Lang::Az }, &s), "9 il 6 ay");
        let one = Sentence {
            years: 1,
            months: 1,
            life: false,
            text: None,
        };
        assert_eq!(sentence(&I18n { lang: Lang::En }, &one), "1 year 1 month");
        assert_eq!(sentence(&I18n { lang: Lang::Ru }, &one), "1 год 1 месяц");
        let h = Event::Hearing {
            kind: vigil_domain::records::HearingKind::Appeal,
            status: vigil_domain::records::HearingStatus::Adjourned,
            court: Some("Baku Court of Appeal".into()),
        };
        assert_eq!(
            event(&I18n { lang: Lang::En }, &h),
            "Appeal hearing (adjourned), Baku Court of Appeal"
        );
        let ru = event(&I18n { lang: Lang::Ru }, &h);
        assert!(
            ru.starts_with("Заседание апелляционного суда (отложено)"),
            "{ru}"
        );
    }
}
