//! The Russian Cyrillic forms of the people the seeds and the 2014 list name,
//! as Russian-language reports (Caucasian Knot, Radio Azadliq's Russian
//! service) write them, so Russian pages head with the name their readers
//! know. A form is added only to a person the demo already holds.

use vigil_domain::{Name, NameKind};

use super::Demo;

/// (the primary form the demo records, the Russian form)
const FORMS: &[(&str, &str)] = &[
    ("Leyla Yunus", "Лейла Юнус"),
    ("Arif Yunus", "Ариф Юнус"),
    ("Khadija Ismayilova", "Хадиджа Исмайлова"),
    ("Hafiz Babali", "Хафиз Бабалы"),
    ("Rasul Jafarov", "Расул Джафаров"),
    ("Intiqam Aliyev", "Интигам Алиев"),
    ("Anar Mammadli", "Анар Мамедли"),
    ("Tofig Yagublu", "Тофиг Ягублу"),
    ("Parviz Hashimli", "Парвиз Гашимли"),
    ("Sevinj Osmangizi", "Севиндж Османгызы"),
    ("Arzu Geybullayeva", "Арзу Гейбуллаева"),
    ("Shahla Humbatova", "Шахла Гумбатова"),
    ("Fatima Movlamli", "Фатима Мовламлы"),
    ("Abdul Abilov", "Абдул Абилов"),
    ("Bashir Suleymanli", "Башир Сулейманлы"),
    ("Elsevar Mursalli", "Эльсевар Мурсалли"),
];

/// Add each Russian form to the person whose primary name it renders.
pub(crate) fn load(demo: &mut Demo) {
    for (latin, russian) in FORMS {
        if let Some(p) = demo.person_named(latin) {
            p.names
                .push(Name::new(*russian, NameKind::Transliteration, Some("ru")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form in the table finds its person: a renamed demo person
    /// would otherwise silently lose the Russian heading.
    #[test]
    fn every_form_finds_its_person() {
        let mut demo = Demo::new();
        let list = super::super::list2014::load(&mut demo);
        super::super::seeds::load(&mut demo, &list);
        let missing: Vec<&str> = FORMS
            .iter()
            .map(|(latin, _)| *latin)
            .filter(|latin| demo.person_named(latin).is_none())
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }
}
