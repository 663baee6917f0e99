//! Facts stated by the five seed documents in `data/demo/seeds/`. Each
//! record cites the document with the words that support it.

use vigil_domain::records::*;
use vigil_domain::{Guarded, Id, LocalizedText, Name, NameKind, Visibility};

use super::list2014::List2014;
use super::{Demo, date, demo_id};

const WPP_LETTER: &str = include_str!("../../../../data/demo/seeds/000_91468e3e31839a79.txt");
const AMNESTY_LETTER: &str = include_str!("../../../../data/demo/seeds/001_94b7b1ecccde2664.txt");
const AMNESTY_STATEMENT: &str =
    include_str!("../../../../data/demo/seeds/002_bc35802a27d02803.txt");
const RFERL_ARTICLE: &str = include_str!("../../../../data/demo/seeds/003_4e75cc8c584092f9.txt");
const KNOT_ARTICLE: &str = include_str!("../../../../data/demo/seeds/004_e018087c42ed21f9.txt");

/// Caucasian Knot's report of the lists of 2025, which dates the list seed 004 quotes.
const KNOT_LISTS_2025: &str = "https://www.caucasianknot.info/articles/68931";
/// Why a day seed 004 names without a year is in 2025.
const YEAR_2025: &str = "The list of 392 names that seed 004 quotes as published \"On October 7\" came after the lists of 12 February (357) and 10 June 2025 (375): 7 October 2025. The days the seed names after it (November 6, November 24) are therefore in November 2025.";

/// The sentence of seed 003 that gives the year its "September 22" and
/// "September 1" lack: the 20th anniversary of the Beijing Declaration (1995).
const BEIJING_20: &str = "The #FreeThe20 campaign was launched in conjunction with the 20th anniversary of the Beijing Declaration on Gender Equality and Women's Empowerment";

fn link(source: Id<Source>, excerpt: &str) -> Vec<SourceLink> {
    vec![SourceLink::new(source, excerpt)]
}

struct SeedDoc<'a> {
    key: &'a str,
    text: &'a str,
    kind: SourceKind,
    title: &'a str,
    author: Option<&'a str>,
    publisher: Option<Id<Organization>>,
    /// None where the document gives no date of its own.
    date: Option<&'a str>,
    url: Option<&'a str>,
    machine_translated: bool,
}

fn seed_source(demo: &mut Demo, d: SeedDoc) {
    let SeedDoc {
        key,
        text,
        kind,
        title,
        author,
        publisher,
        date: when,
        url,
        machine_translated,
    } = d;
    let file = demo.file(
        &format!("file:seed:{key}"),
        text.as_bytes(),
        "text/plain; charset=utf-8",
        &format!("{key}.txt"),
    );
    let id = demo_id(&format!("source:seed:{key}"));
    demo.push(Source {
        id,
        visibility: Visibility::Public,
        sources: vec![],
        kind,
        title: title.into(),
        author: author.map(|a| Guarded::public(a.to_owned())),
        publisher,
        date: when.map(date),
        url: url.map(str::to_owned),
        language: Some("en".into()),
        machine_translated,
        reliability: Some(Reliability::Reliable),
        file: Some(file),
    });
}

/// An award or nomination: key, kind, title, date, awarding body, excerpt.
type Honour = (
    &'static str,
    RecognitionKind,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

struct IncidentSpec<'a> {
    key: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    place: Option<(&'a str, &'a str)>,
    kinds: &'a [IncidentKind],
    victims: Vec<Victim>,
    perpetrators: Vec<Perpetrator>,
    platforms: &'a [&'a str],
    gender_based: bool,
    consequences: &'a [&'a str],
    excerpt: &'a str,
}

fn incident(demo: &mut Demo, source: Id<Source>, s: IncidentSpec) {
    demo.push(Incident {
        id: demo_id(&format!("incident:{}", s.key)),
        visibility: Visibility::Public,
        sources: link(source, s.excerpt),
        title: s.title.into(),
        date: s.date.map(date),
        place: s.place.map(|(name, country)| Place {
            name: name.into(),
            country: Some(country.into()),
        }),
        kinds: s.kinds.to_vec(),
        victims: s.victims,
        perpetrators: s.perpetrators,
        platforms: s.platforms.iter().map(|p| (*p).to_owned()).collect(),
        gender_based: s.gender_based,
        consequences: s.consequences.iter().map(|c| (*c).to_owned()).collect(),
        description: vec![],
    });
}

fn target(p: Id<Person>) -> Victim {
    Victim {
        person: Some(p),
        description: None,
        role: VictimRole::Target,
        because_of: None,
    }
}

fn state(description: &str) -> Perpetrator {
    Perpetrator {
        kind: PerpetratorKind::State,
        organization: None,
        description: Some(description.into()),
    }
}

struct Rel<'a> {
    key: &'a str,
    subject: Id<Person>,
    kind: RelationKind,
    object: Party,
    role: Option<&'a str>,
    sources: Vec<SourceLink>,
    start: Option<&'a str>,
}

fn relation(demo: &mut Demo, r: Rel) {
    let Rel {
        key,
        subject,
        kind,
        object,
        role,
        sources,
        start,
    } = r;
    demo.push(Relationship {
        id: demo_id(&format!("relationship:{key}")),
        visibility: Visibility::Public,
        sources,
        subject,
        kind,
        object,
        role: role.map(str::to_owned),
        start: start.map(date),
        end: None,
    });
}

fn occupied(
    demo: &mut Demo,
    key: &str,
    name: &str,
    gender: Option<Gender>,
    occupations: &[Occupation],
    source: Id<Source>,
    excerpt: &str,
) -> Id<Person> {
    let p = demo.person(key, name, "en");
    p.gender = gender.or(p.gender);
    for o in occupations {
        if !p.occupations.contains(o) {
            p.occupations.push(*o);
        }
    }
    if p.country.is_none() {
        p.country = Some("AZ".into());
    }
    p.sources.push(SourceLink::new(source, excerpt));
    p.id
}

pub(crate) fn load(demo: &mut Demo, list: &List2014) {
    wpp_letter(demo, list);
    amnesty_letter(demo, list);
    amnesty_statement(demo, list);
    rferl_article(demo, list);
    knot_article(demo, list);
}

/// Seed 000: the Women Peacemakers Program's letter to Leyla Yunus, The Hague, 3 December 2014.
fn wpp_letter(demo: &mut Demo, list: &List2014) {
    let src: Id<Source> = demo_id("source:seed:000");
    let wpp = demo.org(
        "wpp",
        OrganizationKind::Ngo,
        &["Women Peacemakers Program", "WPP"],
        src,
    );
    seed_source(
        demo,
        SeedDoc {
            key: "000",
            text: WPP_LETTER,
            kind: SourceKind::Letter,
            title: "Letter to Leyla Yunus from the Women Peacemakers Program",
            author: Some("The WPP team"),
            publisher: Some(wpp),
            date: Some("2014-12-03"),
            url: None,
            machine_translated: false,
        },
    );
    let leyla_key = list.persons[&20].clone();
    let arif_key = list.persons[&21].clone();
    let leyla = occupied(
        demo,
        &leyla_key,
        "",
        Some(Gender::Female),
        &[Occupation::HumanRightsDefender],
        src,
        "Your 'unique' case, being the only woman among the 98 political prisoners in Azerbaijan",
    );
    let arif = occupied(
        demo,
        &arif_key,
        "",
        Some(Gender::Male),
        &[],
        src,
        "you and your husband Arif have to face in detention",
    );
    let dinara = demo.person("dinara", "Dinara", "en").id;
    {
        let d = demo.person("dinara", "Dinara", "en");
        d.gender = Some(Gender::Female);
        d.sources.push(SourceLink::new(src, "From our close contact with your daughter Dinara, from whom we receive first hand updates about your well-being"));
    }
    relation(
        demo,
        Rel {
            key: "arif-spouse-leyla",
            subject: arif,
            kind: RelationKind::Spouse,
            object: Party::Person(leyla),
            role: None,
            sources: link(src, "you and your husband Arif"),
            start: None,
        },
    );
    relation(
        demo,
        Rel {
            key: "dinara-child-leyla",
            subject: dinara,
            kind: RelationKind::ChildOf,
            object: Party::Person(leyla),
            role: None,
            sources: link(src, "your daughter Dinara"),
            start: None,
        },
    );
    relation(
        demo,
        Rel {
            key: "dinara-child-arif",
            subject: dinara,
            kind: RelationKind::ChildOf,
            object: Party::Person(arif),
            role: None,
            sources: link(
                src,
                "you and Arif will be released and can be reunited with your daughter Dinara",
            ),
            start: None,
        },
    );
    let wg = demo.org(
        "working-group-2014",
        OrganizationKind::Ngo,
        &["Working Group led by Leyla Yunus and Rasul Jafarov"],
        src,
    );
    relation(
        demo,
        Rel {
            key: "leyla-founder-list",
            subject: leyla,
            kind: RelationKind::Founder,
            object: Party::Organization(wg),
            role: Some("initiated the list of political prisoners"),
            sources: link(
                src,
                "the same list of Azerbaijani political prisoners, that you yourself initiated to compile",
            ),
            start: None,
        },
    );

    demo.push(WelfareReport {
        id: demo_id("welfare:leyla-2014"),
        visibility: Visibility::Public,
        sources: link(src, "This 120-day period has been filled with alarming messages about your well-being, the lack of access to proper health care and judicial support, with your lawyers being targeted by the Azerbaijani government as well."),
        person: leyla,
        kinds: vec![WelfareKind::Health, WelfareKind::DeniedMedicalCare, WelfareKind::DeniedLawyer],
        date: Some(date("2014-08/2014-12")),
        reported_on: Some(date("2014-12-03")),
        reported_by: Some(Guarded::internal(Reporter { kind: ReporterKind::Relative, person: Some(dinara), description: Some("daughter".into()) })),
        facility: None,
        description: Guarded::public("Alarming messages about her well-being; lack of access to proper health care and judicial support; her lawyers targeted by the government.".into()),
    });
    demo.push(AdvocacyLetter {
        id: demo_id("letter:wpp-2014-12-03"),
        visibility: Visibility::Public,
        sources: link(src, "The Hague, 3 December 2014 — Dear Leyla"),
        sender: Some(wpp),
        signed_by: Some("Isabelle, Merle, Sophie and Lisanne, The WPP team".into()),
        recipients: vec!["Leyla Yunus".into()],
        cc: vec![],
        reference: None,
        date: Some(date("2014-12-03")),
        place: Some("The Hague".into()),
        subject: "Solidarity after more than 120 days of detention; call for the release of Leyla and Arif Yunus".into(),
        persons: vec![leyla, arif],
        campaign: None,
        enclosures: vec![],
    });
    // (key, kind, title, date, by, excerpt)
    let recognitions: [Honour; 5] = [
        (
            "vieira-de-mello",
            RecognitionKind::Award,
            "Sérgio Vieira de Mello Prize (Poland)",
            Some("2014"),
            None,
            "This year you were awarded the Polish Prize of Sérgio Vieira de Mello.",
        ),
        (
            "tulip",
            RecognitionKind::Nomination,
            "Dutch Human Rights Tulip",
            Some("2014"),
            Some("wpp"),
            "with the support of WPP and many others, you were nominated for the Dutch Human Rights Tulip",
        ),
        (
            "sakharov-prize",
            RecognitionKind::Nomination,
            "Sakharov Prize for Freedom of Thought (European Parliament)",
            Some("2014"),
            None,
            "you were nominated for the Dutch Human Rights Tulip, the European Sakharov Prize",
        ),
        (
            "nobel",
            RecognitionKind::Nomination,
            "Nobel Peace Prize",
            None,
            None,
            "and have been nominated for the upcoming Noble Peace Prize",
        ),
        (
            "nhc-sakharov",
            RecognitionKind::Award,
            "Andrei Sakharov Freedom Award",
            Some("2014-11-13"),
            Some("nhc"),
            "On November 13, the Norwegian Helsinki Committee awarded the Andrei Sakharov Freedom Award to all political prisoners of Azerbaijan.",
        ),
    ];
    let nhc = demo.org(
        "nhc",
        OrganizationKind::Ngo,
        &["Norwegian Helsinki Committee"],
        src,
    );
    for (key, kind, title, when, by, excerpt) in recognitions {
        let group = key == "nhc-sakharov";
        demo.push(Recognition {
            id: demo_id(&format!("recognition:{key}")),
            visibility: Visibility::Public,
            sources: link(src, excerpt),
            kind,
            persons: if group { vec![] } else { vec![leyla] },
            group: group.then(|| "all political prisoners of Azerbaijan".to_owned()),
            by: match by {
                Some("wpp") => Some(wpp),
                Some("nhc") => Some(nhc),
                _ => None,
            },
            title: Some(title.into()),
            date: when.map(date),
            criteria: vec![],
            excluded: false,
        });
    }
}

/// Seed 001: Amnesty International's letter B1660 to the Council of Europe's permanent representatives, 4 March 2015.
fn amnesty_letter(demo: &mut Demo, list: &List2014) {
    let src: Id<Source> = demo_id("source:seed:001");
    let eio = demo.org(
        "amnesty-eio",
        OrganizationKind::Ngo,
        &["Amnesty International European Institutions Office"],
        src,
    );
    demo.org_mut("amnesty-eio").parent = Some(list.amnesty);
    demo.org_mut("amnesty-eio").city = Some("Brussels".into());
    seed_source(
        demo,
        SeedDoc {
            key: "001",
            text: AMNESTY_LETTER,
            kind: SourceKind::Letter,
            title: "Guilty of defending rights: Azerbaijan's human rights defenders and activists behind bars (letter B1660)",
            author: Some("Ivana McGowan, Acting Director"),
            publisher: Some(eio),
            date: Some("2015-03-04"),
            url: None,
            machine_translated: false,
        },
    );
    let report: Id<Source> = demo_id("source:amnesty-guilty-of-defending-rights");
    demo.push(Source {
        id: report,
        visibility: Visibility::Public,
        sources: link(src, "our enclosed report Guilty of Defending Rights: Azerbaijan's Human Rights Defenders and Activists behind Bars, published today"),
        kind: SourceKind::Report,
        title: "Guilty of Defending Rights: Azerbaijan's Human Rights Defenders and Activists behind Bars".into(),
        author: None,
        publisher: Some(list.amnesty),
        date: Some(date("2015-03-04")),
        url: None,
        language: Some("en".into()),
        machine_translated: false,
        reliability: None,
        file: None,
    });
    demo.push(AdvocacyLetter {
        id: demo_id("letter:amnesty-b1660"),
        visibility: Visibility::Public,
        sources: link(src, "To Permanent Representatives of all member states to the Council of Europe. Brussels, 4 March 2015. Ref: B1660"),
        sender: Some(eio),
        signed_by: Some("Ivana McGowan, Acting Director, Amnesty International European Institutions Office".into()),
        recipients: vec!["Permanent Representatives of all member states to the Council of Europe".into()],
        cc: vec!["Committee of Ministers Secretariat".into()],
        reference: Some("B1660".into()),
        date: Some(date("2015-03-04")),
        place: Some("Brussels".into()),
        subject: "Guilty of defending rights: Azerbaijan's human rights defenders and activists behind bars".into(),
        persons: vec![],
        campaign: None,
        enclosures: vec![report],
    });
    let poc_list: Id<PrisonerList> = demo_id("list:amnesty-poc-az");
    demo.push(PrisonerList {
        id: poc_list,
        visibility: Visibility::Public,
        sources: link(src, "Amnesty International counts at least 22 prisoners of conscience"),
        title: "Prisoners of conscience in Azerbaijan (Amnesty International)".into(),
        publisher: Some(list.amnesty),
        criteria: vec![LocalizedText::en("People imprisoned solely for the peaceful exercise of their rights, as recognised by Amnesty International.")],
        titles: vec![],
        featured: false,
    });
    demo.push(ListVersion {
        id: demo_id("list-version:amnesty-poc-2015-03"),
        visibility: Visibility::Public,
        sources: link(src, "Amnesty International counts at least 22 prisoners of conscience that are currently languishing in prison or in detention in Azerbaijan"),
        list: poc_list,
        date: date("2015-03-04"),
        publisher: Some(list.amnesty),
        document: Some(src),
        published_count: Some(22),
        count_qualifier: Some(CountQualifier::AtLeast),
        entries: vec![],
    });
}

/// Seed 002: Amnesty International public statement, "Azerbaijan: gender-based reprisals against women must stop" (2021).
fn amnesty_statement(demo: &mut Demo, list: &List2014) {
    let src: Id<Source> = demo_id("source:seed:002");
    seed_source(
        demo,
        SeedDoc {
            key: "002",
            text: AMNESTY_STATEMENT,
            kind: SourceKind::Statement,
            title: "Azerbaijan: gender-based reprisals against women must stop",
            author: None,
            publisher: Some(list.amnesty),
            date: Some("2021"),
            url: None,
            machine_translated: false,
        },
    );
    let police = demo.org(
        "az-police",
        OrganizationKind::Government,
        &["Police of Azerbaijan (Baku)"],
        src,
    );
    let bar = demo.org(
        "aba",
        OrganizationKind::Other,
        &["Azerbaijani Bar Association", "ABA"],
        src,
    );
    let nc = demo.org(
        "ncdf",
        OrganizationKind::Coalition,
        &["National Council of Democratic Forces"],
        src,
    );
    demo.org(
        "echr",
        OrganizationKind::InternationalBody,
        &["European Court of Human Rights"],
        src,
    );
    let baku = Some(("Baku", "AZ"));
    let f = Some(Gender::Female);

    let gulnara = occupied(
        demo,
        "gulnara-mehdiyeva",
        "Gulnara Mehdiyeva",
        f,
        &[Occupation::Activist],
        src,
        "Gulnara Mehdiyeva, one of the main organizers",
    );
    let narmin = occupied(
        demo,
        "narmin-shahmarzade",
        "Narmin Shahmarzade",
        f,
        &[Occupation::Activist],
        src,
        "Another organizer of the IWD march in Baku, Narmin Shahmarzade",
    );
    let rabiyya = occupied(
        demo,
        "rabiyya-mammadova",
        "Rabiyya Mammadova",
        f,
        &[Occupation::Activist],
        src,
        "Rabiyya Mammadova, another activist involved in the IWD march",
    );
    let fatima = occupied(
        demo,
        "fatima-movlamli",
        "Fatima Movlamli",
        f,
        &[Occupation::Journalist],
        src,
        "journalist Fatima Movlamli",
    );
    let shahla = occupied(
        demo,
        "shahla-humbatova",
        "Shahla Humbatova",
        f,
        &[Occupation::HumanRightsDefender, Occupation::Lawyer],
        src,
        "Shahla Humbatova, a human rights defender and one of the few remaining women lawyers in Azerbaijan",
    );
    let irada = occupied(
        demo,
        "irada-javadova",
        "Irada Javadova",
        f,
        &[Occupation::Lawyer],
        src,
        "arbitrary procedures to disbar Irada Javadova in 2018",
    );
    let shafiga = occupied(
        demo,
        "shafiga-naghiyeva",
        "Shafiga Naghiyeva",
        f,
        &[Occupation::Lawyer],
        src,
        "the temporary suspension of Shafiga Naghiyeva's licence to practise in 2016",
    );
    let arzu = occupied(
        demo,
        "arzu-geybullayeva",
        "Arzu Geybullayeva",
        f,
        &[Occupation::Journalist],
        src,
        "journalist Arzu Geybullayeva ... She is currently living in exile",
    );
    demo.person("arzu-geybullayeva", "", "en").exile = Some(Exile {
        since: None,
        country: None,
    });
    let sevinj = occupied(
        demo,
        "sevinj-osmangizi",
        "Sevinj Osmangizi",
        f,
        &[Occupation::Journalist],
        src,
        "US-based Azerbaijani journalist Sevinj Osmangizi",
    );
    let khadija = occupied(
        demo,
        "khadija-ismayilova",
        "Khadija Ismayilova",
        f,
        &[Occupation::Journalist],
        src,
        "One of the most high-profile cases of gender-based harassment against female journalists was that of Khadija Ismalylova.",
    );
    {
        let k = demo.person("khadija-ismayilova", "", "en");
        if !k.names.iter().any(|n| n.name == "Khadija Ismalylova") {
            k.names
                .push(Name::new("Khadija Ismalylova", NameKind::Alias, Some("en")));
        }
    }
    let gunel = occupied(
        demo,
        "gunel-hasanli",
        "Gunel Hasanli",
        f,
        &[],
        src,
        "Gunel Hasanli, the daughter of a prominent Azerbaijani opposition politician",
    );
    let jamal = occupied(
        demo,
        "jamal-hasanli",
        "Jamal Hasanli",
        Some(Gender::Male),
        &[Occupation::Politician],
        src,
        "Her father, Jamal Hasanli, who is Chair of the alliance of opposition parties (National Council of Democratic Forces) and a former opposition presidential candidate",
    );
    demo.person("jamal-hasanli", "", "en").names.push(Name::new(
        "Jamil Hasanli",
        NameKind::Alias,
        Some("en"),
    ));
    let rustam = occupied(
        demo,
        "rustam-ismayilbeyli",
        "Rustam Ismayilbeyli",
        Some(Gender::Male),
        &[Occupation::Activist],
        src,
        "activist Rustam Ismayilbeyli",
    );
    let mahammad = occupied(
        demo,
        "mahammad-mirzali",
        "Mahammad Mirzali",
        Some(Gender::Male),
        &[Occupation::Activist, Occupation::Blogger],
        src,
        "opposition activist Mahammad Mirzali, who lives in France",
    );
    demo.person("mahammad-mirzali", "", "en")
        .biography
        .push(LocalizedText::en(
            "Opposition activist and blogger who lives in France.",
        ));
    let amina = occupied(
        demo,
        "amina-rustamzade",
        "Amina Rustamzade",
        f,
        &[],
        src,
        "Amina Rustamzade, wife of activist and former prisoner of conscience Ilkin Rustamzade",
    );
    // The same Ilkin Rustamzade as #31 of the 2014 list ("Ilkin Bakir oglu
    // Rustamzada"): one person, with this spelling added.
    let ilkin_key = list.persons[&31].clone();
    let ilkin = occupied(
        demo,
        &ilkin_key,
        "",
        Some(Gender::Male),
        &[Occupation::Activist],
        src,
        "activist and former prisoner of conscience Ilkin Rustamzade",
    );
    demo.person(&ilkin_key, "", "en").names.push(Name::new(
        "Ilkin Rustamzade",
        NameKind::Alias,
        Some("en"),
    ));

    relation(
        demo,
        Rel {
            key: "gunel-child-jamal",
            subject: gunel,
            kind: RelationKind::ChildOf,
            object: Party::Person(jamal),
            role: None,
            sources: link(src, "Her father, Jamal Hasanli"),
            start: None,
        },
    );
    relation(
        demo,
        Rel {
            key: "jamal-chair-ncdf",
            subject: jamal,
            kind: RelationKind::Chair,
            object: Party::Organization(nc),
            role: None,
            sources: link(
                src,
                "Chair of the alliance of opposition parties (National Council of Democratic Forces)",
            ),
            start: None,
        },
    );
    relation(
        demo,
        Rel {
            key: "amina-spouse-ilkin",
            subject: amina,
            kind: RelationKind::Spouse,
            object: Party::Person(ilkin),
            role: None,
            sources: link(
                src,
                "Amina Rustamzade, wife of activist ... Ilkin Rustamzade",
            ),
            start: None,
        },
    );
    demo.push(Recognition {
        id: demo_id("recognition:poc:ilkin-rustamzade"),
        visibility: Visibility::Public,
        sources: link(
            src,
            "activist and former prisoner of conscience Ilkin Rustamzade",
        ),
        kind: RecognitionKind::PrisonerOfConscience,
        persons: vec![ilkin],
        group: None,
        by: Some(list.amnesty),
        title: None,
        date: None,
        criteria: vec![],
        excluded: false,
    });

    // Khadija Ismayilova: a year and a half in prison, and three ECHR judgments.
    let case: Id<Case> = demo_id("case:khadija-ismayilova");
    demo.push(Case {
        id: case,
        visibility: Visibility::Public,
        sources: vec![
            SourceLink::new(src, "In 2014-2015 Khadija Ismalylova spent one and a half years in prison on trumped-up charges. The European Court of Human Rights recently issued three separate judgments in her case"),
            // Stated by the RFE/RL article (seed 003).
            SourceLink::new(demo_id("source:seed:003"), "a journalist from Azerbaijan who was sentenced to seven and 1/2 years in prison in a case that RFE/RL has called \"baseless\"").for_field("sentence"),
        ],
        title: "Criminal case against Khadija Ismayilova".into(),
        defendants: vec![khadija],
        country: Some("AZ".into()),
        case_number: None,
        charges: vec![],
        prosecuting_body: None,
        courts: vec![],
        status: CaseStatus::Convicted,
        opened: None,
        verdict: None,
        sentence: Some(Sentence { years: 7, months: 6, life: false, text: Some("sentenced to seven and 1/2 years in prison".into()) }),
        appeals: vec![],
        international: vec![
            InternationalApplication {
                body: InternationalBody::Echr,
                number: None,
                lodged: None,
                decided: Some(date("2019-01-10")),
                articles_violated: vec![],
                outcome: Some("Azerbaijan found responsible for a \"flagrant and extraordinarily intense invasion of her private life\"".into()),
                url: Some("https://www.courthousenews.com/wp-content/uploads/2019/01/ISMAYILOVA-AZERBAIJAN.pdf".into()),
            },
            InternationalApplication {
                body: InternationalBody::Echr,
                number: None,
                lodged: None,
                decided: Some(date("2020-08-25")),
                articles_violated: vec![],
                outcome: Some("Azerbaijan found guilty of her unlawful arrest".into()),
                url: Some("https://hudoc.echr.coe.int/spa#%7B%22itemid%22:%7B%22001-201340%22%7D%7D".into()),
            },
            InternationalApplication {
                body: InternationalBody::Echr,
                number: None,
                lodged: None,
                decided: None,
                articles_violated: vec![],
                outcome: Some("Azerbaijan found to have failed to conduct an effective investigation into violations against her".into()),
                url: None,
            },
        ],
        summary: vec![LocalizedText::en(
            "Sentenced to seven and a half years in prison in a case RFE/RL called \"baseless\" and retribution for her \
             investigations into corruption; the verdict was condemned by rights organizations and foreign governments, \
             including the U.S., France and the UK (RFE/RL).",
        )],
    });
    demo.push(DetentionEpisode {
        id: demo_id("detention:khadija-2014"),
        visibility: Visibility::Public,
        sources: link(src, "In 2014-2015 Khadija Ismalylova spent one and a half years in prison on trumped-up charges."),
        person: khadija,
        case: Some(case),
        kind: DetentionKind::Imprisonment,
        start: Some(date("2014")),
        disputed_starts: vec![],
        end: Some(date("2015")),
        confirmed_on: None,
        facility: None,
        transfers: vec![],
        release_reason: None,
    });

    let relative = |p: Id<Person>, because: Id<Person>| Victim {
        person: Some(p),
        description: None,
        role: VictimRole::RelativeOfTarget,
        because_of: Some(because),
    };
    let unnamed = |d: &str, role: VictimRole, because: Id<Person>| Victim {
        person: None,
        description: Some(d.into()),
        role,
        because_of: Some(because),
    };
    let specs = vec![
        IncidentSpec {
            key: "iwd-2021-fountain-square",
            title: "Women activists detained before the 8 March march, Fountain Square, Baku",
            date: Some("2021-03-08"),
            place: Some(("Fountain Square, Baku", "AZ")),
            kinds: &[IncidentKind::Detention, IncidentKind::AssemblyDispersal],
            victims: vec![Victim {
                person: None,
                description: Some("more than 20 women activists".into()),
                role: VictimRole::Target,
                because_of: None,
            }],
            perpetrators: vec![Perpetrator {
                kind: PerpetratorKind::State,
                organization: Some(police),
                description: Some("police; the city authorities had rejected the permit".into()),
            }],
            platforms: &[],
            gender_based: true,
            consequences: &[
                "taken to the police station and forced to sign explanatory notes before being released",
            ],
            excerpt: "On 8 March 2021, police detained a group of women activists at the central Fountain Square in Baku even before they were able to start their planned march. More than 20 activists were taken to the police station and forced to sign explanatory notes before being released.",
        },
        IncidentSpec {
            key: "gulnara-2021-recordings",
            title: "Private conversations of Gulnara Mehdiyeva posted; smear campaign",
            date: Some("2021-02"),
            place: None,
            kinds: &[
                IncidentKind::PrivateDataPublished,
                IncidentKind::SmearCampaign,
            ],
            victims: vec![target(gulnara)],
            perpetrators: vec![state("the Azerbaijani authorities, as she believes")],
            platforms: &["social media"],
            gender_based: true,
            consequences: &[],
            excerpt: "prior to the IWD march, in late February 2021, recordings of her private conversations, including ones where she discussed psychological difficulties, were posted on social media. The ensuing smear campaign depicted her as \"mentally unstable\"",
        },
        IncidentSpec {
            key: "gulnara-2020-hacking",
            title: "Accounts of Gulnara Mehdiyeva hacked after the 2020 march",
            date: Some("2020"),
            place: None,
            kinds: &[IncidentKind::Hacking],
            victims: vec![target(gulnara)],
            perpetrators: vec![],
            platforms: &["email", "communication apps", "social media"],
            gender_based: true,
            consequences: &[],
            excerpt: "her email accounts, communication apps and social media accounts were hacked shortly after she co-organized and took part in the 2020 IWD march, which was dispersed by the police",
        },
        IncidentSpec {
            key: "narmin-2021-hacking",
            title: "Facebook account of Narmin Shahmarzade hacked; private photos and fabricated chats posted",
            date: Some("2021-03-09"),
            place: None,
            kinds: &[
                IncidentKind::Hacking,
                IncidentKind::PrivateImagesPublished,
                IncidentKind::SmearCampaign,
            ],
            victims: vec![target(narmin)],
            perpetrators: vec![],
            platforms: &["Facebook", "Messenger", "Telegram"],
            gender_based: true,
            consequences: &[],
            excerpt: "On 9 March 2021, her Facebook profile was hacked and private photos and messages from her Facebook account were posted online, along with fabricated personal conversations on Messenger chat and pornographic content.",
        },
        IncidentSpec {
            key: "rabiyya-2021-beating",
            title: "Rabiyya Mammadova taken from a taxi and beaten by police",
            date: Some("2021-03-08"),
            place: baku,
            kinds: &[IncidentKind::Detention, IncidentKind::Beating],
            victims: vec![target(rabiyya)],
            perpetrators: vec![Perpetrator {
                kind: PerpetratorKind::State,
                organization: Some(police),
                description: Some("police officers".into()),
            }],
            platforms: &[],
            gender_based: true,
            consequences: &["bruising visible on her face"],
            excerpt: "police forced her to get out of her taxi as she was on her way to the march and took her to the police department, where she was beaten by police officers",
        },
        IncidentSpec {
            key: "fatima-2021-images",
            title: "Private pictures and videos of Fatima Movlamli shared on Telegram",
            date: Some("2021-03-09"),
            place: None,
            kinds: &[
                IncidentKind::PrivateImagesPublished,
                IncidentKind::SmearCampaign,
            ],
            victims: vec![target(fatima)],
            perpetrators: vec![],
            platforms: &["Telegram"],
            gender_based: true,
            consequences: &[],
            excerpt: "On 9 March 2021, journalist Fatima Movlamli had her private pictures and videos shared on the same Telegram channels that targeted the IWD march organizers.",
        },
        IncidentSpec {
            key: "fatima-2019-fake-page",
            title: "Intimate images of Fatima Movlamli shared on a fake Facebook page",
            date: Some("2019"),
            place: None,
            kinds: &[IncidentKind::PrivateImagesPublished],
            victims: vec![target(fatima)],
            perpetrators: vec![],
            platforms: &["Facebook"],
            gender_based: true,
            consequences: &[],
            excerpt: "had also been targeted in 2019 when intimate photos and videos of her in bed were shared on a fake Facebook page created under her name",
        },
        IncidentSpec {
            key: "shahla-2021-disbarment",
            title: "Shahla Humbatova disbarred",
            date: Some("2021-03-05"),
            place: None,
            kinds: &[IncidentKind::Disbarment],
            victims: vec![target(shahla)],
            perpetrators: vec![Perpetrator {
                kind: PerpetratorKind::Proxy,
                organization: Some(bar),
                description: Some(
                    "decision of the Azerbaijani Bar Association, approved by a court".into(),
                ),
            }],
            platforms: &[],
            gender_based: false,
            consequences: &["barred from representing clients in court"],
            excerpt: "On 5 March 2021, Shahla Humbatova ... was disbarred in retaliation for her work representing political prisoners and voicing concerns about torture, forced confessions and unfair trials.",
        },
        IncidentSpec {
            key: "irada-2018-disbarment",
            title: "Disbarment procedures against Irada Javadova",
            date: Some("2018"),
            place: None,
            kinds: &[IncidentKind::Disbarment],
            victims: vec![target(irada)],
            perpetrators: vec![],
            platforms: &[],
            gender_based: false,
            consequences: &[],
            excerpt: "arbitrary procedures to disbar Irada Javadova in 2018",
        },
        IncidentSpec {
            key: "shafiga-2016-suspension",
            title: "Licence of Shafiga Naghiyeva temporarily suspended",
            date: Some("2016"),
            place: None,
            kinds: &[IncidentKind::Disbarment],
            victims: vec![target(shafiga)],
            perpetrators: vec![],
            platforms: &[],
            gender_based: false,
            consequences: &[],
            excerpt: "the temporary suspension of Shafiga Naghiyeva's licence to practise in 2016",
        },
        IncidentSpec {
            key: "arzu-2020-attacks",
            title: "Online smear campaign and death threats against Arzu Geybullayeva",
            date: Some("2020-10/2021"),
            place: None,
            kinds: &[IncidentKind::SmearCampaign, IncidentKind::DeathThreat],
            victims: vec![target(arzu)],
            perpetrators: vec![],
            platforms: &["online men's forum", "Facebook", "Twitter"],
            gender_based: true,
            consequences: &["forced to temporarily deactivate her Facebook and Twitter accounts"],
            excerpt: "Since October 2020, journalist Arzu Geybullayeva has faced repeated social media attacks, including death threats, for her views and comments on the conflict in Nagorno-Karabakh.",
        },
        IncidentSpec {
            key: "sevinj-2019-recordings",
            title: "Private phone conversations of Sevinj Osmangizi aired; threats",
            date: Some("2019"),
            place: None,
            kinds: &[
                IncidentKind::PrivateDataPublished,
                IncidentKind::Threat,
                IncidentKind::SmearCampaign,
            ],
            victims: vec![target(sevinj)],
            perpetrators: vec![Perpetrator {
                kind: PerpetratorKind::Proxy,
                organization: None,
                description: Some("pro-government media outlets".into()),
            }],
            platforms: &["YouTube"],
            gender_based: true,
            consequences: &[],
            excerpt: "In 2019, after audio recordings of her private phone conversations were aired by pro-government media outlets she received threats that private pictures and videos of her would also be posted online if she did not deactivate her YouTube channel.",
        },
        IncidentSpec {
            key: "khadija-2012-blackmail",
            title: "Khadija Ismayilova blackmailed with secretly filmed footage",
            date: Some("2012"),
            place: None,
            kinds: &[
                IncidentKind::Blackmail,
                IncidentKind::Surveillance,
                IncidentKind::PrivateImagesPublished,
                IncidentKind::SmearCampaign,
            ],
            victims: vec![target(khadija)],
            perpetrators: vec![],
            platforms: &["online"],
            gender_based: true,
            consequences: &["her brother threatened to kill her for \"dishonouring\" the family"],
            excerpt: "In 2012 she was blackmailed using footage of a sexual nature secretly filmed inside her apartment. She was threatened that these would be made public if she did not stop her work as a journalist. When she refused to comply, the recordings were published online.",
        },
        IncidentSpec {
            key: "gunel-2021-video",
            title: "Hidden-camera video of Gunel Hasanli posted on Facebook",
            date: Some("2021-03-28"),
            place: None,
            kinds: &[
                IncidentKind::PrivateImagesPublished,
                IncidentKind::Surveillance,
            ],
            victims: vec![relative(gunel, jamal)],
            perpetrators: vec![state("the Azerbaijani authorities, as her father alleges")],
            platforms: &["Facebook"],
            gender_based: true,
            consequences: &[],
            excerpt: "On 28 March 2021, a video featuring her in intimate scenes and filmed using hidden cameras was posted on Facebook and disseminated on social media.",
        },
        IncidentSpec {
            key: "rustam-2021-photos",
            title: "Intimate photos of Rustam Ismayilbeyli and his girlfriend posted on Telegram",
            date: Some("2021-03-15"),
            place: None,
            kinds: &[IncidentKind::PrivateImagesPublished, IncidentKind::Threat],
            victims: vec![
                target(rustam),
                unnamed("his girlfriend", VictimRole::PartnerOfTarget, rustam),
            ],
            perpetrators: vec![],
            platforms: &["Telegram", "Facebook"],
            gender_based: true,
            consequences: &[],
            excerpt: "On 15 March 2021, activist Rustam Ismayilbeyli reported that intimate photos of him and his girlfriend were posted on a Telegram channel.",
        },
        IncidentSpec {
            key: "mirzali-2021-blackmail",
            title: "Mahammad Mirzali blackmailed with an intimate video of his sister",
            date: Some("2021-02-15"),
            place: None,
            kinds: &[
                IncidentKind::Blackmail,
                IncidentKind::PrivateImagesPublished,
            ],
            victims: vec![
                target(mahammad),
                unnamed("his sister", VictimRole::RelativeOfTarget, mahammad),
            ],
            perpetrators: vec![Perpetrator {
                kind: PerpetratorKind::Unknown,
                organization: None,
                description: Some("an anonymous social media account".into()),
            }],
            platforms: &["Telegram"],
            gender_based: true,
            consequences: &[
                "on 5 March the video was posted on several Telegram channels and sent to relatives",
                "his sister attempted suicide",
            ],
            excerpt: "On 15 February 2021, opposition activist Mahammad Mirzali, who lives in France, was blackmailed using an intimate video of his sister.",
        },
        IncidentSpec {
            key: "mirzali-2021-stabbing",
            title: "Mahammad Mirzali stabbed in France",
            date: Some("2021-03-14"),
            place: Some(("France", "FR")),
            kinds: &[IncidentKind::AttackAbroad],
            victims: vec![target(mahammad)],
            perpetrators: vec![Perpetrator {
                kind: PerpetratorKind::Unknown,
                organization: None,
                description: Some("an unknown assailant".into()),
            }],
            platforms: &[],
            gender_based: false,
            consequences: &[],
            excerpt: "On 14 March, Mahammad Mirzali was attacked and repeatedly stabbed by an unknown assailant in France.",
        },
        IncidentSpec {
            key: "amina-2020-smear",
            title: "Intimate photos and contact details of Amina Rustamzade published",
            date: Some("2020-04"),
            place: None,
            kinds: &[
                IncidentKind::SmearCampaign,
                IncidentKind::PrivateImagesPublished,
                IncidentKind::PrivateDataPublished,
                IncidentKind::Threat,
            ],
            victims: vec![relative(amina, ilkin)],
            perpetrators: vec![],
            platforms: &["websites advertising escort services"],
            gender_based: true,
            consequences: &["on 17 July 2020 she attempted to take her own life"],
            excerpt: "In April 2020, Amina Rustamzade was the target of a smear campaign and intimate photos, her name and telephone number were published online.",
        },
    ];
    for s in specs {
        incident(demo, src, s);
    }
}

/// Seed 003: RFE/RL, "U.S. Senate Resolution Seeks Freedom For Women Political Prisoners" (September 2015).
fn rferl_article(demo: &mut Demo, list: &List2014) {
    let src: Id<Source> = demo_id("source:seed:003");
    let rferl = demo.org(
        "rferl",
        OrganizationKind::MediaOutlet,
        &["Radio Free Europe/Radio Liberty", "RFE/RL"],
        src,
    );
    let senate = demo.org(
        "us-senate",
        OrganizationKind::Legislature,
        &["United States Senate"],
        src,
    );
    demo.org_mut("us-senate").country = Some("US".into());
    // The article gives "September 22" and "September 1" without a year; the campaign marked the
    // 20th anniversary of the Beijing Declaration (1995), so 2015.
    seed_source(
        demo,
        SeedDoc {
            key: "003",
            text: RFERL_ARTICLE,
            kind: SourceKind::Article,
            title: "U.S. Senate Resolution Seeks Freedom For Women Political Prisoners",
            author: Some("Ruth Douglas"),
            publisher: Some(rferl),
            date: Some("2015-09"),
            url: None,
            machine_translated: false,
        },
    );
    let khadija = occupied(
        demo,
        "khadija-ismayilova",
        "Khadija Ismayilova",
        Some(Gender::Female),
        &[Occupation::Journalist],
        src,
        "Ismayilova, one of the women highlighted in the campaign, is a journalist from Azerbaijan",
    );
    let leyla = demo.person_id(&list.persons[&20]);
    let power = occupied(
        demo,
        "samantha-power",
        "Samantha Power",
        Some(Gender::Female),
        &[],
        src,
        "a campaign waged by U.S. Ambassador to the United Nations Samantha Power",
    );
    demo.person("samantha-power", "", "en").country = Some("US".into());
    let mut featured = vec![khadija, leyla];
    for (key, name) in [
        ("nadia-savchenko", "Nadia Savchenko"),
        ("bahareh-hedayat", "Bahareh Hedayat"),
        ("matlyuba-kamilova", "Matlyuba Kamilova"),
    ] {
        let p = demo.person(key, name, "en");
        p.gender = Some(Gender::Female);
        p.sources.push(SourceLink::new(src, "Other women cited in the #FreeThe20 campaign include Leyla Yunus, Nadia Savchenko, Bahareh Hedayat, and Matlyuba Kamilova."));
        featured.push(p.id);
    }
    relation(
        demo,
        Rel {
            key: "khadija-contributor-rferl",
            subject: khadija,
            kind: RelationKind::Contributor,
            object: Party::Organization(rferl),
            role: Some("contributor"),
            sources: link(src, "RFE/RL contributor Khadija Ismayilova"),
            start: None,
        },
    );
    demo.push(Recognition {
        id: demo_id("recognition:freethe20:khadija"),
        visibility: Visibility::Public,
        sources: vec![
            SourceLink::new(src, "The resolution \"calls for the immediate release\" of the 20 women whose plight is showcased in the campaign"),
            SourceLink::new(src, BEIJING_20).for_field("date"),
        ],
        kind: RecognitionKind::PoliticalPrisoner,
        persons: featured.clone(),
        group: Some("the 20 women political prisoners of #FreeThe20".into()),
        by: Some(senate),
        title: Some("Senate Resolution 262".into()),
        date: Some(date("2015-09-22")),
        criteria: vec![],
        excluded: false,
    });
    demo.push(Campaign {
        id: demo_id("campaign:freethe20"),
        visibility: Visibility::Public,
        sources: vec![
            SourceLink::new(src, "Senator Kelly Ayotte (R-N.H.) introduced Resolution 262 on September 22 in support of #FreeThe20, a campaign waged by U.S. Ambassador to the United Nations Samantha Power to free 20 women political prisoners."),
            SourceLink::new(src, BEIJING_20).for_field("start"),
        ],
        name: "#FreeThe20".into(),
        organizers: vec![Party::Person(power)],
        start: Some(date("2015-09-01")),
        end: None,
        featured,
        resolutions: vec![Resolution {
            title: "Senate Resolution 262".into(),
            body: Some("United States Senate (Foreign Relations Committee)".into()),
            number: Some("262".into()),
            date: Some(date("2015-09-22")),
            sponsors: vec!["Senator Kelly Ayotte (R-N.H.), introducer".into(), "all 20 women members of the U.S. Senate".into()],
            summary: Some("Calls for the immediate release of the 20 women showcased in the campaign and reiterates support for efforts to empower women and secure universal human rights for women.".into()),
        }],
        outcomes: vec![],
        description: vec![LocalizedText::en("Launched in conjunction with the 20th anniversary of the Beijing Declaration on Gender Equality and Women's Empowerment.")],
    });
}

/// Seed 004: Caucasian Knot on the Committee for the Defense of Political Prisoners in Penal Colony No. 2, machine-translated.
/// It names "October 7" and "November 24" without a year: the list of 392 names it quotes is
/// the one Caucasian Knot's report of the lists of 2025 (`versions.rs`) dates 7 October 2025,
/// so the committee's November 24 is 24 November 2025, and that report is cited for the year.
fn knot_article(demo: &mut Demo, list: &List2014) {
    let src: Id<Source> = demo_id("source:seed:004");
    // The report that dates the list this article quotes, cited for each year it lacks.
    let year = |field: &str| {
        SourceLink::new(super::versions::report_id(KNOT_LISTS_2025), YEAR_2025).for_field(field)
    };
    let knot = demo.org(
        "caucasian-knot",
        OrganizationKind::MediaOutlet,
        &["Caucasian Knot", "Kavkazsky Uzel"],
        src,
    );
    seed_source(
        demo,
        SeedDoc {
            key: "004",
            text: KNOT_ARTICLE,
            kind: SourceKind::Article,
            title: "Prisoners in Azerbaijan's Colony No. 2 create a Committee for the Defense of Political Prisoners",
            author: None,
            publisher: Some(knot),
            // The article gives no date of its own, nor a year for the days it names.
            date: None,
            url: Some("https://www.kavkaz-uzel.eu/articles/417523"),
            machine_translated: true,
        },
    );
    let colony = demo.org(
        "facility:correctional-facility-2-baku",
        OrganizationKind::Facility,
        &[
            "Correctional Facility No. 2",
            "Penal Colony No. 2",
            "Colony No. 2",
        ],
        src,
    );
    demo.org_mut("facility:correctional-facility-2-baku").city = Some("Baku".into());
    demo.org_mut("facility:correctional-facility-2-baku")
        .country = Some("AZ".into());
    let committee = demo.org(
        "cdpp",
        OrganizationKind::Ngo,
        &[
            "Committee for the Defense of Political Prisoners",
            "Committee for the Protection of Political Prisoners",
            "CPPP",
        ],
        src,
    );
    let union = demo.org(
        "union-freedom-pp",
        OrganizationKind::Ngo,
        &["Union for Freedom of Political Prisoners in Azerbaijan"],
        src,
    );
    let pfpa = demo.org(
        "pfpa",
        OrganizationKind::Party,
        &["Popular Front Party of Azerbaijan"],
        src,
    );
    demo.org(
        "penitentiary-service",
        OrganizationKind::Government,
        &["Penitentiary Service of Azerbaijan"],
        src,
    );
    let moj = demo.org(
        "ministry-of-justice",
        OrganizationKind::Ministry,
        &["Ministry of Justice of Azerbaijan"],
        src,
    );
    let ombudsman = demo.org(
        "ombudsman",
        OrganizationKind::Ombudsman,
        &["Ombudsman's Office of Azerbaijan"],
        src,
    );
    let gafqaz = demo.org(
        "gafqazinfo",
        OrganizationKind::MediaOutlet,
        &["gafqazinfo.az"],
        src,
    );
    let bakutv = demo.org("bakutv", OrganizationKind::MediaOutlet, &["Baku.TV"], src);

    let signed = "The statement was signed by investigative journalist Hafiz Babali, economist Fazil Gasimov, trade union activist Afiyaddin Mamedov, former political emigrant Samir Ashurov, and activist Lachin Valiyev and member of the Popular Front Party of Azerbaijan Mehman Aliyev. All of them are serving their sentences in Penal Colony No. 2.";
    let m = Some(Gender::Male);
    let members = [
        (
            "hafiz-babali",
            "Hafiz Babali",
            vec![Occupation::Journalist],
            m,
        ),
        (
            "fazil-gasimov",
            "Fazil Gasimov",
            vec![Occupation::Economist],
            None,
        ),
        (
            "afiyaddin-mamedov",
            "Afiyaddin Mamedov",
            vec![Occupation::TradeUnionist, Occupation::Activist],
            None,
        ),
        ("samir-ashurov", "Samir Ashurov", vec![], None),
        (
            "lachin-valiyev",
            "Lachin Valiyev",
            vec![Occupation::Activist],
            None,
        ),
        (
            "mehman-aliyev",
            "Mehman Aliyev",
            vec![Occupation::PartyMember],
            None,
        ),
    ];
    let mut ids = vec![];
    for (key, name, occupations, gender) in members {
        let id = occupied(demo, key, name, gender, &occupations, src, signed);
        ids.push(id);
        relation(
            demo,
            Rel {
                key: &format!("{key}-founder-cdpp"),
                subject: id,
                kind: RelationKind::Founder,
                object: Party::Organization(committee),
                role: None,
                sources: vec![
                    SourceLink::new(
                        src,
                        "Six inmates of Colony No. 2 in Baku announced the creation of a \"Committee for the Protection of Political Prisoners\" (CPPP) on November 24.",
                    ),
                    year("start"),
                ],
                start: Some("2025-11-24"),
            },
        );
        demo.push(DetentionEpisode {
            id: demo_id(&format!("detention:{key}")),
            visibility: Visibility::Public,
            sources: vec![
                SourceLink::new(
                    src,
                    "All of them are serving their sentences in Penal Colony No. 2.",
                ),
                year("confirmed_on"),
            ],
            person: id,
            case: None,
            kind: DetentionKind::Imprisonment,
            start: None,
            disputed_starts: vec![],
            end: None,
            confirmed_on: Some(date("2025-11-24")),
            facility: Some(colony),
            transfers: vec![],
            release_reason: None,
        });
    }
    demo.person("samir-ashurov", "", "en")
        .biography
        .push(LocalizedText::en("Former political emigrant."));
    relation(
        demo,
        Rel {
            key: "mehman-aliyev-member-pfpa",
            subject: ids[5],
            kind: RelationKind::Member,
            object: Party::Organization(pfpa),
            role: None,
            sources: link(
                src,
                "member of the Popular Front Party of Azerbaijan Mehman Aliyev",
            ),
            start: None,
        },
    );
    let babali = ids[0];

    // The lawsuits the prison never mailed, and the complaint about it.
    let smear = "Hafiz Babali continues to face defamatory publications in pro-government media.";
    let mut media = vec![];
    for (key, outlet, name) in [
        ("gafqazinfo", gafqaz, "gafqazinfo.az"),
        ("bakutv", bakutv, "Baku.TV"),
    ] {
        let id: Id<MediaItem> = demo_id(&format!("media:babali:{key}"));
        demo.push(MediaItem {
            id,
            visibility: Visibility::Public,
            sources: link(src, smear),
            outlet: Some(outlet),
            title: format!("Defamatory publications about Hafiz Babali ({name})"),
            url: None,
            date: None,
            language: None,
            targets: vec![babali],
            stance: Stance::Smear,
            archived_copy: None,
        });
        media.push((key, id, name));
    }
    let lawsuit_excerpt = "To defend his honor and dignity, he prepared lawsuits against the heads of two such media outlets, gafqazinfo.az and Baku.TV. On November 6, he submitted the lawsuits to the courts for mailing and requested postal receipts. However, he never received the receipts, and the lawsuits were never filed.";
    for (key, id, name) in &media {
        demo.push(Complaint {
            id: demo_id(&format!("complaint:babali-lawsuit:{key}")),
            visibility: Visibility::Public,
            sources: {
            let mut links = link(src, lawsuit_excerpt);
            links.push(year("submitted_on"));
            links
        },
            kind: ComplaintKind::Lawsuit,
            subject: format!("Defamation lawsuit against the head of {name}"),
            filer: Some(babali),
            on_behalf_of: vec![],
            addressees: vec![],
            respondent: Some(format!("the head of {name}")),
            submitted_on: Some(date("2025-11-06")),
            channel: Some(Channel::ViaPrisonAdministration),
            proof_of_delivery: None,
            response_days: None,
            response: None,
            status: ComplaintStatus::Submitted,
            follow_ups: vec![FollowUp { date: None, note: "Postal receipts requested; never received. According to a relative, the lawsuits were never filed.".into() }],
            concerning_media: vec![*id],
        });
    }
    demo.push(Complaint {
        id: demo_id("complaint:babali-earlier-lawsuits"),
        visibility: Visibility::Public,
        sources: link(src, "He recalled that Babali had already filed defamation lawsuits against three media outlets, but the courts were not objective."),
        kind: ComplaintKind::Lawsuit,
        subject: "Earlier defamation lawsuits against three media outlets".into(),
        filer: Some(babali),
        on_behalf_of: vec![],
        addressees: vec![],
        respondent: Some("three media outlets (not named)".into()),
        submitted_on: None,
        channel: None,
        proof_of_delivery: None,
        response_days: None,
        response: Some(ComplaintResponse { date: None, summary: "The courts were not objective, according to a relative.".into() }),
        status: ComplaintStatus::Closed,
        follow_ups: vec![],
        concerning_media: vec![],
    });
    demo.push(Complaint {
        id: demo_id("complaint:babali-moj-ombudsman"),
        visibility: Visibility::Public,
        sources: {
            let mut links = link(src, "In this regard, Hafiz Babali filed a complaint with the Minister of Justice and the Ombudsman regarding the actions, or rather inaction, of the penitentiary service.");
            links.push(year("submitted_on"));
            links
        },
        kind: ComplaintKind::Complaint,
        subject: "The penitentiary service's failure to mail his lawsuits of 6 November".into(),
        filer: Some(babali),
        on_behalf_of: vec![],
        addressees: vec![moj, ombudsman],
        respondent: Some("Penitentiary Service".into()),
        submitted_on: Some(date("2025-11")),
        channel: None,
        proof_of_delivery: None,
        response_days: None,
        response: None,
        status: ComplaintStatus::Submitted,
        follow_ups: vec![],
        concerning_media: vec![],
    });
    demo.push(WelfareReport {
        id: demo_id("welfare:babali-2025-11"),
        visibility: Visibility::Public,
        sources: {
            let mut links = link(src, "Babali also issued a statement alleging violations of his rights by the prison administration, specifically the refusal to submit his complaints to court, according to the journalist's relatives.");
            links.push(year("date"));
            links.push(year("reported_on"));
            links
        },
        person: babali,
        kinds: vec![WelfareKind::CorrespondenceObstructed],
        date: Some(date("2025-11")),
        reported_on: Some(date("2025-11")),
        reported_by: Some(Guarded::internal(Reporter { kind: ReporterKind::Relative, person: None, description: Some("a relative who spoke to Caucasian Knot".into()) })),
        facility: Some(colony),
        description: Guarded::public("The prison administration refused to submit his complaints to court.".into()),
    });
    // A source whose identity the article withholds.
    demo.push(Source {
        id: demo_id("source:knot-anonymous-activist"),
        visibility: Visibility::Public,
        sources: link(
            src,
            "noted a local human rights activist who wished to remain anonymous",
        ),
        kind: SourceKind::Testimony,
        title: "Comment on the first association of prisoners in Azerbaijan".into(),
        author: Some(Guarded::confidential(
            "a local human rights activist (identity withheld)".into(),
        )),
        publisher: Some(knot),
        date: Some(date("2025-11")),
        url: None,
        language: Some("ru".into()),
        machine_translated: true,
        reliability: Some(Reliability::Unverified),
        file: None,
    });
    // The versions since 2021; the one of 392 names is the one this article
    // quotes "On October 7", without a year.
    super::versions::load(demo, list.list, union);
    demo.cite(
        super::versions::version_id("2025-10-07").erase(),
        SourceLink::new(src, "On October 7, the Union for Freedom of Political Prisoners in Azerbaijan published a new national list of political prisoners, including 392 names."),
    );
}
