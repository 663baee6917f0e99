//! Verdicts the 2014 list states once for a group, in the introduction to a
//! subsection rather than in each member's entry. The passages are copied
//! from the PDF as printed (`data/demo/LIST-2014-README.md` says where). Each
//! member the passage names gets the term it names; a member it leaves out
//! (Rashad Hasanov of N!DA) gets none, since the list gives him none.

/// One member's term as the passage states it.
pub(crate) struct Term {
    /// The entry's number in the list.
    pub number: u32,
    pub years: i32,
    pub months: i32,
    /// The words of the passage that name this member's term.
    pub words: &'static str,
}

/// A higher court's decision on the group's verdict.
pub(crate) struct Upheld {
    pub court_key: &'static str,
    pub court: &'static str,
    pub date: &'static str,
}

pub(crate) struct GroupVerdict {
    /// The subsection heading the introduction belongs to.
    pub subsection: &'static str,
    pub court_key: &'static str,
    /// The court's canonical name, and its name as the passage prints it.
    pub court: (&'static str, &'static str),
    pub date: &'static str,
    /// The passage, as printed.
    pub text: &'static str,
    /// Where the passage gives no year: the list's own words that date it.
    pub dated_by: Option<&'static str>,
    pub upheld: &'static [Upheld],
    pub upheld_text: Option<&'static str>,
    pub terms: &'static [Term],
}

pub(crate) const GROUP_VERDICTS: &[GroupVerdict] = &[
    GroupVerdict {
        subsection: "The board members and activists of the “N!DA” civic movement",
        court_key: "court:baku-grave-crimes",
        court: ("Baku Court of Grave Crimes", "Baku Court on Grave Crimes"),
        date: "2014-05-06",
        text: "On May 6, Baku Court on Grave Crimes announced the verdict on the case of the youth activists from NIDA movement. Activists Rashadat Akhundov, Zaur Gurbanli, and Ilkin Rustemzadeh have been given eight year sentences, Mammad Azizov received seven and a half years, Uzeyir Mammadli and Bakhtiyar Guliyev seven years, and Shahin Novruzlu six years.",
        dated_by: Some(
            "#32 Orkhan Ibrahimajdar oglu Eyyubzade: Eyyubzade, a member of N!DA movement, was detained on 6 May 2014, during a protest held in front of Baku Grave Crimes Court against the verdict in the cases of N!DA Board members and activists.",
        ),
        upheld: &[],
        upheld_text: None,
        terms: &[
            Term {
                number: 24,
                years: 8,
                months: 0,
                words: "Rashadat Akhundov, Zaur Gurbanli, and Ilkin Rustemzadeh have been given eight year sentences",
            },
            Term {
                number: 28,
                years: 8,
                months: 0,
                words: "Rashadat Akhundov, Zaur Gurbanli, and Ilkin Rustemzadeh have been given eight year sentences",
            },
            Term {
                number: 31,
                years: 8,
                months: 0,
                words: "Rashadat Akhundov, Zaur Gurbanli, and Ilkin Rustemzadeh have been given eight year sentences",
            },
            Term {
                number: 25,
                years: 7,
                months: 6,
                words: "Mammad Azizov received seven and a half years",
            },
            Term {
                number: 29,
                years: 7,
                months: 0,
                words: "Uzeyir Mammadli and Bakhtiyar Guliyev seven years",
            },
            Term {
                number: 27,
                years: 7,
                months: 0,
                words: "Uzeyir Mammadli and Bakhtiyar Guliyev seven years",
            },
            Term {
                number: 30,
                years: 6,
                months: 0,
                words: "Shahin Novruzlu six years",
            },
        ],
    },
    GroupVerdict {
        subsection: "The Islamic Party of Azerbaijan: Movsum Samadov and those arrested with him",
        court_key: "court:baku-grave-crimes",
        court: ("Baku Court of Grave Crimes", "Baku Court of Grave Crimes"),
        date: "2011-10-07",
        text: "On 7 October 2011, Baku Court of Grave Crimes Judge Eldar Ismayilov issued a decision sentencing Movsum Samadov to twelve years in prison, Akhundzada to 11.5 years, Abdullayev and Abbasov to eleven years, and Mammadrzayev and Dayanat Samadov to ten years.",
        dated_by: None,
        upheld: &[
            Upheld {
                court_key: "court:baku-appeals",
                court: "Baku Court of Appeals",
                date: "2012-05-17",
            },
            Upheld {
                court_key: "court:az-supreme",
                court: "Supreme Court",
                date: "2013-02-21",
            },
        ],
        upheld_text: Some(
            "The Baku Court of Appeals upheld the decision on 17 May 2012, and the Supreme Court upheld the decision on 21 February 2013.",
        ),
        terms: &[
            Term {
                number: 49,
                years: 12,
                months: 0,
                words: "sentencing Movsum Samadov to twelve years in prison",
            },
            Term {
                number: 46,
                years: 11,
                months: 6,
                words: "Akhundzada to 11.5 years",
            },
            Term {
                number: 45,
                years: 11,
                months: 0,
                words: "Abdullayev and Abbasov to eleven years",
            },
            Term {
                number: 47,
                years: 10,
                months: 0,
                words: "Mammadrzayev and Dayanat Samadov to ten years",
            },
            Term {
                number: 48,
                years: 10,
                months: 0,
                words: "Mammadrzayev and Dayanat Samadov to ten years",
            },
        ],
    },
];

/// The verdict of `subsection`'s introduction that names entry `number`,
/// and the term it names.
pub(crate) fn term_of(
    subsection: &str,
    number: u32,
) -> Option<(&'static GroupVerdict, &'static Term)> {
    GROUP_VERDICTS
        .iter()
        .filter(|g| g.subsection == subsection)
        .find_map(|g| g.terms.iter().find(|t| t.number == number).map(|t| (g, t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::list2014::{parse_sentence, rows};

    #[test]
    fn each_term_is_in_its_passage_and_reads_as_stated() {
        let rows = rows();
        for g in GROUP_VERDICTS {
            assert!(g.text.contains(g.court.1), "{}", g.subsection);
            for t in g.terms {
                let row = &rows[t.number as usize - 1];
                assert_eq!(row.subsection, g.subsection, "#{}", t.number);
                assert!(row.sentence_text.is_empty(), "#{} has its own", t.number);
                assert!(g.text.contains(t.words), "#{}", t.number);
                let surname: String = row.surname.chars().take(4).collect();
                assert!(t.words.contains(&surname), "#{}", t.number);
                assert_eq!(
                    parse_sentence(&format!("sentenced: {}", t.words)),
                    Some((t.years, t.months)),
                    "#{}: {}",
                    t.number,
                    t.words
                );
            }
        }
    }

    #[test]
    fn a_member_the_passage_does_not_name_gets_no_term() {
        // #26 Rashad Hasanov is in the N!DA subsection, but the passage
        // gives him no term.
        assert_eq!(rows()[25].surname, "Hasanov");
        let nida = &rows()[25].subsection;
        assert!(term_of(nida, 26).is_none());
        assert_eq!(
            term_of(nida, 25).map(|(_, t)| (t.years, t.months)),
            Some((7, 6))
        );
        assert!(term_of("Other cases", 25).is_none());
    }
}
