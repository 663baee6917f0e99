//! What the public list can be filtered by, the home page's headline counts, and who
//! each filter lets through: computed once for a projection (on first use) instead of
//! on every request, since each reads every public person.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use vigil_domain::records::{Gender, Occupation};

use crate::{PersonFilter, PublicPerson, PublicSite};

/// Filters whose people are kept at once; when more are asked for, the kept ones go.
const MATCHES_KEPT: usize = 32;

/// The places in `PublicSite::persons` of the people each filter lets through.
#[derive(Debug, Default)]
pub(crate) struct Matches(Mutex<HashMap<PersonFilter, Arc<[usize]>>>);

/// A copy of a projection starts with nothing kept.
impl Clone for Matches {
    fn clone(&self) -> Self {
        Matches::default()
    }
}

/// The values the public list's filters offer: only values some public person
/// has, each once, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub genders: Vec<Gender>,
    pub occupations: Vec<Occupation>,
    pub facilities: Vec<String>,
    /// Articles charged in public cases.
    pub charges: Vec<String>,
    /// Years of arrest.
    pub years: Vec<i16>,
}

/// People deprived of liberty by the public records: those whose status was
/// confirmed within the period, and those last confirmed before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    pub confirmed: usize,
    pub stale: usize,
}

impl Facets {
    fn of(persons: &[PublicPerson]) -> Facets {
        fn sorted<T: Ord>(it: impl Iterator<Item = T>) -> Vec<T> {
            it.collect::<BTreeSet<T>>().into_iter().collect()
        }
        Facets {
            genders: sorted(persons.iter().filter_map(|p| p.gender)),
            occupations: sorted(persons.iter().flat_map(|p| p.occupations.iter().copied())),
            facilities: sorted(persons.iter().filter_map(|p| p.facility.clone())),
            charges: sorted(persons.iter().flat_map(|p| p.articles().map(str::to_owned))),
            years: sorted(persons.iter().filter_map(PublicPerson::arrest_year)),
        }
    }
}

impl Held {
    fn of(persons: &[PublicPerson]) -> Held {
        let held = persons.iter().filter(|p| p.status.is_deprived_of_liberty());
        let (stale, confirmed): (Vec<_>, Vec<_>) = held.partition(|p| p.status_stale);
        Held {
            confirmed: confirmed.len(),
            stale: stale.len(),
        }
    }
}

impl PublicSite {
    /// The public list's filter values, computed on first use.
    pub fn facets(&self) -> &Facets {
        self.facets.get_or_init(|| Facets::of(&self.persons))
    }

    /// How many people the records hold deprived of liberty, computed on first use.
    pub fn held(&self) -> Held {
        *self.held.get_or_init(|| Held::of(&self.persons))
    }

    /// The places in `persons` of the people `filter` lets through (whatever page
    /// it asks for), worked out once per filter while it is kept.
    pub fn matching(&self, filter: &PersonFilter) -> Arc<[usize]> {
        let key = PersonFilter {
            page: None,
            ..filter.clone()
        };
        let kept = |m: &Matches| m.0.lock().ok().and_then(|k| k.get(&key).cloned());
        if let Some(found) = kept(&self.matches) {
            return found;
        }
        let found: Arc<[usize]> = key.apply_at(self).into();
        if let Ok(mut kept) = self.matches.0.lock() {
            if kept.len() >= MATCHES_KEPT {
                kept.clear();
            }
            kept.insert(key, found.clone());
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_domain::derived::PersonStatus;

    fn site() -> PublicSite {
        let persons = (0..10)
            .map(|n| {
                let mut p = crate::site::sample_person(&format!("Person {n}"));
                p.status = if n % 2 == 0 {
                    PersonStatus::Detained
                } else {
                    PersonStatus::Released
                };
                p.facility = Some(format!("Prison No. {}", n % 3));
                p
            })
            .collect();
        PublicSite {
            persons,
            ..PublicSite::default()
        }
    }

    fn filter(status: &str, facility: Option<String>, page: Option<&str>) -> PersonFilter {
        PersonFilter {
            status: Some(status.into()),
            facility,
            page: page.map(str::to_owned),
            ..PersonFilter::default()
        }
    }

    #[test]
    fn each_filter_is_worked_out_once_whatever_the_page() {
        let site = site();
        let first = site.matching(&filter("all", None, Some("1")));
        let second = site.matching(&filter("all", None, Some("2")));
        assert!(Arc::ptr_eq(&first, &second), "kept, whatever the page");
        assert_eq!(&first[..], &(0..10).collect::<Vec<_>>()[..]);
        let held = site.matching(&filter("detained", Some("Prison No. 0".into()), None));
        assert_eq!(&held[..], &[0, 6], "detained and in Prison No. 0");
        assert_eq!(
            &held[..],
            &filter("detained", Some("Prison No. 0".into()), None).apply_at(&site)[..]
        );
        // Asked for more filters than it keeps: it keeps at most MATCHES_KEPT.
        for n in 0..(MATCHES_KEPT + 5) {
            site.matching(&filter("all", Some(format!("Prison No. {n}")), None));
            assert!(site.matches.0.lock().unwrap().len() <= MATCHES_KEPT);
        }
        assert_eq!(
            site.matching(&filter("released", None, None)).len(),
            5,
            "still right after the kept ones went"
        );
    }
}
