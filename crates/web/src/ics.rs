//! iCalendar feeds of hearings, so that journalists and diplomats can subscribe.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};
use vigil_publish::PublicHearing;

/// A one-line text for a calendar: every control character (CR, LF, NUL,
/// tab…) becomes a space. RFC 5545 allows none in a TEXT value, and the
/// crate escapes a line feed but writes a bare CR or a NUL as it is, which
/// a reader that splits lines on CR takes for a property of its own.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A text of several lines: a line break in any form (CRLF, CR, LF) becomes
/// the escaped line break the crate writes, every other control character a
/// space.
fn several_lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split(['\r', '\n'])
        .map(one_line)
        .collect::<Vec<_>>()
        .join("\n")
}

fn event(h: &PublicHearing) -> Event {
    let names: Vec<&str> = h.persons.iter().map(|(_, n)| n.as_str()).collect();
    let mut e = Event::new();
    e.uid(&format!("hearing-{}@vigil", h.id));
    e.summary(&one_line(&format!(
        "{} hearing: {}",
        h.kind.label(),
        if names.is_empty() {
            h.case_title.clone()
        } else {
            names.join(", ")
        }
    )));
    let mut description = format!("{}\nStatus: {}", one_line(&h.case_title), h.status.label());
    if let Some(o) = &h.outcome {
        description.push_str(&format!("\nOutcome: {}", several_lines(o)));
    }
    e.description(&description);
    if let Some(court) = &h.court {
        e.location(&one_line(court));
    }
    let starts = h.time.and_then(|t| {
        let tz = jiff::tz::TimeZone::get(&h.time_zone).ok()?;
        let ts = h.date.to_datetime(t).to_zoned(tz).ok()?.timestamp();
        chrono::DateTime::from_timestamp(ts.as_second(), 0)
    });
    match starts {
        Some(utc) => {
            e.starts(CalendarDateTime::Utc(utc));
            e.ends(CalendarDateTime::Utc(utc + chrono::Duration::hours(2)));
        }
        None => {
            if let Some(d) = chrono::NaiveDate::from_ymd_opt(
                h.date.year() as i32,
                h.date.month() as u32,
                h.date.day() as u32,
            ) {
                // DTEND of a whole day is the next day (RFC 5545 3.6.1): an
                // event that ended on the day it began would last no time.
                e.starts(d);
                if let Some(next) = d.succ_opt() {
                    e.ends(next);
                }
            }
        }
    }
    e.done()
}

pub(crate) fn calendar<'a>(
    name: &str,
    hearings: impl Iterator<Item = &'a PublicHearing>,
) -> Response {
    let mut cal = Calendar::new();
    // The crate writes a calendar's NAME as given: a line break in a person's
    // name would start a property (or an event) of its own.
    cal.name(&one_line(name));
    for h in hearings {
        cal.push(event(h));
    }
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        cal.done().to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_domain::Id;
    use vigil_domain::records::{HearingKind, HearingStatus};

    /// Every text a calendar takes from a hearing, with a bare CR, a bare
    /// LF, a NUL and other control characters: one event, read whole by an
    /// independent reader, and no control character but CRLF line ends.
    #[test]
    fn control_characters_never_reach_a_calendar() {
        let dirty = |what: &str| format!("{what}\rSUMMARY:forged\nX-A:1\0\u{7}\u{1b}[31m\u{85}end");
        let h = PublicHearing {
            id: Id::new(),
            case_title: dirty("case"),
            persons: vec![(Id::new(), dirty("name"))],
            court: Some(dirty("court")),
            date: jiff::civil::date(2030, 1, 2),
            time: None,
            time_zone: "Asia/Baku".into(),
            judge: Some(dirty("judge")),
            kind: HearingKind::Trial,
            status: HearingStatus::Held,
            outcome: Some(dirty("outcome")),
            observers_admitted: None,
        };
        let res = calendar(&dirty("calendar"), [&h].into_iter());
        let body = futures_body(res);
        assert!(
            !body.replace("\r\n", "").chars().any(char::is_control),
            "{body:?}"
        );
        let cal = ical::IcalParser::new(body.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(cal.events.len(), 1);
        let names: Vec<&str> = cal.events[0]
            .properties
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert!(!names.contains(&"X-A"), "{names:?}");
        assert_eq!(names.iter().filter(|n| **n == "SUMMARY").count(), 1);
    }

    fn futures_body(res: Response) -> String {
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(res.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}
