//! iCalendar feeds of hearings, so that journalists and diplomats can subscribe.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};
use vigil_publish::PublicHearing;

fn event(h: &PublicHearing) -> Event {
    let names: Vec<&str> = h.persons.iter().map(|(_, n)| n.as_str()).collect();
    let mut e = Event::new();
    e.uid(&format!("hearing-{}@vigil", h.id));
    e.summary(&format!(
        "{} hearing: {}",
        h.kind.label(),
        if names.is_empty() {
            h.case_title.clone()
        } else {
            names.join(", ")
        }
    ));
    let mut description = format!("{}\nStatus: {}", h.case_title, h.status.label());
    if let Some(o) = &h.outcome {
        description.push_str(&format!("\nOutcome: {o}"));
    }
    e.description(&description);
    if let Some(court) = &h.court {
        e.location(court);
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
                e.all_day(d);
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
    let name: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cal.name(&name);
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
