//! What the public list can be filtered by, and the home page's headline counts:
//! computed once for a projection (on first use) instead of on every request,
//! since both read every public person.

use std::collections::BTreeSet;

use vigil_domain::records::{Gender, Occupation};

use crate::{PublicPerson, PublicSite};

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
}
