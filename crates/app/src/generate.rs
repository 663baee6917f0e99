//! Deterministic synthetic data of every record type, for tests and
//! benchmarks: `vigil dev generate --persons N --seed S`.
//!
//! Names come in three forms, as lists and the press write them: Azerbaijani
//! Latin ("Elvin Məmmədov", the primary form), Russian Cyrillic ("Эльвин
//! Мамедов") and English ("Elvin Mammadov"). The same seed always gives the
//! same records, ids included.

use rand::seq::IndexedRandom;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use vigil_domain::records::*;
use vigil_domain::{
    Guarded, Id, LocalizedText, Name, NameKind, NameOrder, PartialDate, Record, Visibility,
};
use vigil_storage::{Actor, Prepared, Store, Tx};

use crate::error::{AppError, Result};

/// (Azerbaijani Latin, Russian Cyrillic, English) forms.
type Forms = (&'static str, &'static str, &'static str);

const MALE: &[Forms] = &[
    ("Elvin", "Эльвин", "Elvin"),
    ("Rəşad", "Рашад", "Rashad"),
    ("Tofiq", "Тофиг", "Tofig"),
    ("Əli", "Али", "Ali"),
    ("Hüseyn", "Гусейн", "Huseyn"),
    ("Cəmil", "Джамиль", "Jamil"),
    ("Orxan", "Орхан", "Orkhan"),
    ("Ilqar", "Ильгар", "Ilgar"),
    ("Vüqar", "Вугар", "Vugar"),
    ("Səbuhi", "Сабухи", "Sabuhi"),
    ("Tural", "Турал", "Tural"),
    ("Nicat", "Ниджат", "Nijat"),
    ("Fuad", "Фуад", "Fuad"),
    ("Şahin", "Шахин", "Shahin"),
    ("Qabil", "Габиль", "Gabil"),
    ("Emin", "Эмин", "Emin"),
    ("Ramil", "Рамиль", "Ramil"),
    ("Xəyal", "Хаял", "Khayal"),
];
const FEMALE: &[Forms] = &[
    ("Xədicə", "Хадиджа", "Khadija"),
    ("Leyla", "Лейла", "Leyla"),
    ("Gülnarə", "Гюльнара", "Gulnara"),
    ("Nərmin", "Нармин", "Narmin"),
    ("Şəhla", "Шахла", "Shahla"),
    ("Aygün", "Айгюнь", "Aygun"),
    ("Səbinə", "Сабина", "Sabina"),
    ("Günel", "Гюнель", "Gunel"),
    ("Arzu", "Арзу", "Arzu"),
    ("Fatimə", "Фатима", "Fatima"),
    ("Səvinc", "Севиндж", "Sevinj"),
    ("Rəbiyyə", "Рабия", "Rabiyya"),
];
/// Surnames in their male form; the female form adds -a (or keeps -li/-zadə).
const SURNAMES: &[Forms] = &[
    ("Məmmədov", "Мамедов", "Mammadov"),
    ("Hüseynov", "Гусейнов", "Huseynov"),
    ("Əliyev", "Алиев", "Aliyev"),
    ("Həsənov", "Гасанов", "Hasanov"),
    ("Quliyev", "Гулиев", "Guliyev"),
    ("İsmayılov", "Исмаилов", "Ismayilov"),
    ("Cəfərov", "Джафаров", "Jafarov"),
    ("Qasımov", "Гасымов", "Gasimov"),
    ("Rüstəmov", "Рустамов", "Rustamov"),
    ("Abbasov", "Аббасов", "Abbasov"),
    ("Babayev", "Бабаев", "Babayev"),
    ("Nəsirov", "Насиров", "Nasirov"),
    ("Vəliyev", "Велиев", "Valiyev"),
    ("Kərimov", "Керимов", "Karimov"),
    ("Süleymanov", "Сулейманов", "Suleymanov"),
    ("Həsənli", "Гасанлы", "Hasanli"),
    ("Babalı", "Бабалы", "Babali"),
    ("Mirzəli", "Мирзали", "Mirzali"),
    ("Rüstəmzadə", "Рустамзаде", "Rustamzade"),
    ("Şahmarzadə", "Шахмарзаде", "Shahmarzade"),
];
const CHARGES: &[(&str, &str)] = &[
    ("178.3.2", "fraud causing large damage"),
    ("179.3.2", "embezzlement"),
    ("192.2.2", "illegal entrepreneurship"),
    ("206.3.2", "smuggling"),
    ("221.3", "hooliganism with a weapon"),
    ("228.2.1", "illegal possession of weapons"),
    ("234.4.3", "illegal possession of drugs for sale"),
    ("274", "treason"),
    ("308.2", "abuse of office"),
];

fn female_surname(s: &str) -> String {
    if s.ends_with("ov")
        || s.ends_with("ev")
        || s.ends_with("yev")
        || s.ends_with("ов")
        || s.ends_with("ев")
    {
        format!("{s}a")
    } else {
        s.to_owned()
    }
}

struct Gen {
    rng: ChaCha8Rng,
    actor: Actor,
    /// Records waiting to be written.
    batch: Vec<Record>,
    /// The batch before, being prepared on a thread of its own while the
    /// generator makes this one and the database writes the one before.
    preparing: Option<tokio::task::JoinHandle<vigil_storage::Result<Prepared>>>,
    /// The time of the last id made, in milliseconds since 1970.
    clock: u64,
}

impl Gen {
    /// A UUIDv7 whose time is one millisecond after the last one's, as
    /// ids made one after another are: each record's rows then go near the
    /// last one's in every index by id, instead of all over the store.
    fn id<T>(&mut self) -> Id<T> {
        let mut b = [0u8; 16];
        self.rng.fill_bytes(&mut b);
        self.clock += 1;
        b[..6].copy_from_slice(&self.clock.to_be_bytes()[2..]);
        b[6] = (b[6] & 0x0f) | 0x70;
        b[8] = (b[8] & 0x3f) | 0x80;
        Id::from_uuid(uuid::Uuid::from_bytes(b))
    }

    fn visibility(&mut self) -> Visibility {
        match self.rng.random_range(0..100) {
            0..80 => Visibility::Public,
            80..95 => Visibility::Internal,
            _ => Visibility::Confidential,
        }
    }

    fn day(&mut self, from_year: i16, to_year: i16) -> PartialDate {
        let y = self.rng.random_range(from_year..=to_year);
        let m = self.rng.random_range(1..=12u8);
        let d = self.rng.random_range(1..=28u8);
        match self.rng.random_range(0..10) {
            0 => PartialDate::year(y),
            1 => PartialDate::month(y, m),
            _ => PartialDate::day(y, m, d),
        }
        .expect("generated dates are valid")
    }

    fn link(&mut self, sources: &[Id<Source>]) -> Vec<SourceLink> {
        let s = *sources.choose(&mut self.rng).expect("sources exist");
        vec![SourceLink::new(s, "generated excerpt")]
    }

    /// Add a record to the next batch, written when it is full or at the
    /// transaction's end ([`Gen::flush`]).
    async fn put(&mut self, tx: &mut Tx, r: impl Into<Record>) -> Result<()> {
        self.batch.push(r.into());
        if self.batch.len() >= BATCH {
            self.flush(tx).await?;
        }
        Ok(())
    }

    /// Send the batch to be prepared, and write the one prepared before:
    /// checking, encoding and indexing a batch (most of a write's computing)
    /// runs beside the database writing the one before.
    async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        let batch = std::mem::take(&mut self.batch);
        let preparer = tx.preparer();
        let next = tokio::task::spawn_blocking(move || preparer.prepare(batch));
        match self.preparing.replace(next) {
            Some(before) => self.write(tx, before).await,
            None => Ok(()),
        }
    }

    async fn write(
        &self,
        tx: &mut Tx,
        prepared: tokio::task::JoinHandle<vigil_storage::Result<Prepared>>,
    ) -> Result<()> {
        let prepared = prepared
            .await
            .map_err(|e| AppError::internal("generating failed", e.to_string()))??;
        tx.insert_prepared(&self.actor, prepared).await?;
        Ok(())
    }

    /// Write what is waiting and commit; the connection goes back to the
    /// pool with SQLite's usual page cache.
    async fn commit(&mut self, mut tx: Tx) -> Result<()> {
        self.flush(&mut tx).await?;
        if let Some(last) = self.preparing.take() {
            self.write(&mut tx, last).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// What was generated.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    pub persons: usize,
}

/// Persons are written in transactions of this many, so that a long run shows progress and a
/// failure loses at most one chunk. Each commit writes every page its chunk touched, and
/// random ids touch pages all over the store: at 100,000 persons, chunks of 2,000 wrote
/// 9.4 times the final store, chunks of 25,000 (with [`BULK_CACHE_MB`]) 2.6 times.
const CHUNK: usize = 25_000;
/// Page cache of the generator's connection on SQLite, in MB.
const BULK_CACHE_MB: u32 = 256;
/// The time of the generator's first id: 2020-01-01 UTC, in milliseconds.
const ID_CLOCK_START: u64 = 1_577_836_800_000;
/// Records written to a batch ([`Tx::insert_many`]).
const BATCH: usize = 500;
/// Largest list version generated (a record must stay under the size limit).
const LIST_CHUNK: usize = 10_000;

/// A transaction for a chunk, with the page cache of a bulk load.
async fn begin(store: &Store) -> Result<Tx> {
    let mut tx = store.begin().await?;
    tx.set_page_cache_mb(BULK_CACHE_MB).await?;
    Ok(tx)
}

pub async fn generate(
    store: &Store,
    persons: usize,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> Result<Generated> {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        actor: Actor::named("generator"),
        batch: Vec::new(),
        preparing: None,
        clock: ID_CLOCK_START,
    };
    let mut out = Generated::default();
    let mut tx = begin(store).await?;

    // Shared records: organizations, sources, files, a user.
    let text = format!("Generated source document, seed {seed}.");
    let sha = tx.put_blob(text.as_bytes()).await?;
    let file = File {
        id: g.id(),
        visibility: Visibility::Public,
        sources: vec![],
        sha256: sha,
        media_type: "text/plain".into(),
        original_name: Some("generated.txt".into()),
        size: text.len() as u64,
        published_sha256: None,
    };
    let file_id = file.id;
    g.put(&mut tx, file).await?;
    let mut facilities = vec![];
    let mut courts = vec![];
    for i in 1..=20 {
        let mut o = Organization::new(
            Visibility::Public,
            OrganizationKind::Facility,
            Name::primary(format!("Penitentiary Institution No. {i}"), Some("en")),
        );
        o.id = g.id();
        o.names.push(Name::new(
            format!("Prison No. {i}"),
            NameKind::Alias,
            Some("en"),
        ));
        o.names.push(Name::new(
            format!("Пенитенциарное учреждение № {i}"),
            NameKind::Transliteration,
            Some("ru"),
        ));
        o.country = Some("AZ".into());
        facilities.push(o.id);
        g.put(&mut tx, o).await?;
    }
    for district in [
        "Nasimi",
        "Sabail",
        "Khatai",
        "Narimanov",
        "Yasamal",
        "Binagadi",
        "Sabunchu",
        "Khazar",
    ] {
        let mut o = Organization::new(
            Visibility::Public,
            OrganizationKind::Court,
            Name::primary(format!("{district} District Court"), Some("en")),
        );
        o.id = g.id();
        courts.push(o.id);
        g.put(&mut tx, o).await?;
    }
    let mut outlet = Organization::new(
        Visibility::Public,
        OrganizationKind::MediaOutlet,
        Name::primary("Generated News", Some("en")),
    );
    outlet.id = g.id();
    let outlet_id = outlet.id;
    g.put(&mut tx, outlet).await?;
    let mut ngo = Organization::new(
        Visibility::Public,
        OrganizationKind::Ngo,
        Name::primary("Generated Defenders Union", Some("en")),
    );
    ngo.id = g.id();
    let ngo_id = ngo.id;
    g.put(&mut tx, ngo).await?;
    let mut sources = vec![];
    for i in 0..10 {
        let s = Source {
            id: g.id(),
            visibility: if i == 9 {
                Visibility::Confidential
            } else {
                Visibility::Public
            },
            sources: vec![],
            kind: SourceKind::ALL[i % SourceKind::ALL.len()],
            title: format!("Generated source {i}"),
            author: Some(if i % 3 == 0 {
                Guarded::confidential(format!("Anonymous witness {i}"))
            } else {
                Guarded::public(format!("Author {i}"))
            }),
            publisher: Some(ngo_id),
            date: Some(g.day(2010, 2025)),
            url: Some(format!("https://example.org/generated/{i}")),
            language: Some(["az", "ru", "en"][i % 3].into()),
            machine_translated: i % 4 == 0,
            reliability: Some(Reliability::ALL[i % Reliability::ALL.len()]),
            file: Some(file_id),
        };
        sources.push(s.id);
        g.put(&mut tx, s).await?;
    }
    let user = User {
        id: g.id(),
        visibility: Visibility::Internal,
        sources: vec![],
        username: format!("generated-{seed}"),
        display_name: Some("Generated researcher".into()),
        role: Role::Researcher,
        disabled: false,
        time_zone: None,
    };
    g.put(&mut tx, user).await?;
    let list = PrisonerList {
        id: g.id(),
        visibility: Visibility::Public,
        sources: g.link(&sources),
        title: format!("Generated list (seed {seed})"),
        publisher: Some(ngo_id),
        criteria: vec![LocalizedText::en("Generated for tests and benchmarks.")],
        titles: vec![],
        featured: false,
    };
    let list_id = list.id;
    g.put(&mut tx, list).await?;

    let mut entries = vec![];
    let mut featured = vec![];
    let mut previous: Option<Id<Person>> = None;
    for n in 0..persons {
        let female = g.rng.random_bool(0.3);
        let given = *(if female { FEMALE } else { MALE })
            .choose(&mut g.rng)
            .expect("names");
        let surname = *SURNAMES.choose(&mut g.rng).expect("names");
        let (az_s, ru_s, en_s) = if female {
            (
                female_surname(surname.0),
                female_surname(surname.1),
                female_surname(surname.2),
            )
        } else {
            (
                surname.0.to_owned(),
                surname.1.to_owned(),
                surname.2.to_owned(),
            )
        };
        let mut primary = Name::primary(format!("{} {az_s}", given.0), Some("az"));
        primary.given = Some(given.0.into());
        primary.surname = Some(az_s.clone());
        let mut p = Person::new(g.visibility(), primary);
        p.id = g.id();
        p.names.push(Name::new(
            format!("{} {ru_s}", given.1),
            NameKind::Transliteration,
            Some("ru"),
        ));
        p.names.push(Name::new(
            format!("{} {en_s}", given.2),
            NameKind::Transliteration,
            Some("en"),
        ));
        if g.rng.random_bool(0.2) {
            let mut upper = Name::new(
                format!("{} {}", en_s.to_uppercase(), given.2.to_uppercase()),
                NameKind::Transliteration,
                Some("en"),
            );
            upper.order = NameOrder::SurnameFirst;
            p.names.push(upper);
        }
        p.gender = Some(if female { Gender::Female } else { Gender::Male });
        p.country = Some("AZ".into());
        p.occupations = vec![*Occupation::ALL.choose(&mut g.rng).expect("occupations")];
        if g.rng.random_bool(0.5) {
            let d = g.day(1950, 2000);
            p.birth_date = Some(if g.rng.random_bool(0.3) {
                Guarded::confidential(d)
            } else {
                Guarded::public(d)
            });
        }
        if g.rng.random_bool(0.1) {
            p.notes = Some(Guarded::confidential(format!("Generated staff note {n}")));
        }
        p.external_ref = Some(format!("G-{seed}-{n}"));
        p.sources = g.link(&sources);
        let pid = p.id;
        g.put(&mut tx, p).await?;

        if g.rng.random_bool(0.7) {
            let charges = (0..g.rng.random_range(1..=3))
                .map(|_| {
                    let (article, label) = *CHARGES.choose(&mut g.rng).expect("charges");
                    Charge {
                        code: "Criminal Code of the Republic of Azerbaijan".into(),
                        article: article.into(),
                        label: Some(label.into()),
                        labels: Default::default(),
                    }
                })
                .collect::<Vec<_>>();
            let convicted = g.rng.random_bool(0.6);
            let start = g.day(2010, 2025);
            let case = Case {
                id: g.id(),
                visibility: Visibility::Public,
                sources: g.link(&sources),
                title: format!("Generated case {n}"),
                defendants: vec![pid],
                country: Some("AZ".into()),
                case_number: Some(format!(
                    "1({}){}/{}",
                    g.rng.random_range(1..99),
                    g.rng.random_range(100..999),
                    start.start().year_value()
                )),
                charges,
                prosecuting_body: None,
                courts: vec![*courts.choose(&mut g.rng).expect("courts")],
                status: if convicted {
                    CaseStatus::Convicted
                } else {
                    CaseStatus::Trial
                },
                opened: Some(start),
                verdict: None,
                sentence: convicted
                    .then(|| Sentence::term(g.rng.random_range(1..12), g.rng.random_range(0..12))),
                appeals: vec![],
                international: if g.rng.random_bool(0.05) {
                    vec![InternationalApplication {
                        body: InternationalBody::Echr,
                        number: Some(format!(
                            "{}/{}",
                            g.rng.random_range(1000..99999),
                            g.rng.random_range(10..25)
                        )),
                        lodged: None,
                        decided: None,
                        articles_violated: vec!["Article 5".into()],
                        outcome: None,
                        url: None,
                    }]
                } else {
                    vec![]
                },
                summary: vec![],
            };
            let case_id = case.id;
            g.put(&mut tx, case).await?;
            let ended = g.rng.random_bool(0.4);
            let end = if ended {
                Some(PartialDate::from_date(start.latest().saturating_add(
                    jiff::Span::new().days(g.rng.random_range(1..2000)),
                )))
            } else {
                None
            };
            let ep = DetentionEpisode {
                id: g.id(),
                visibility: Visibility::Public,
                sources: g.link(&sources),
                person: pid,
                case: Some(case_id),
                kind: if convicted {
                    DetentionKind::Imprisonment
                } else {
                    DetentionKind::PreTrial
                },
                start: Some(start),
                disputed_starts: vec![],
                end,
                confirmed_on: None,
                facility: Some(*facilities.choose(&mut g.rng).expect("facilities")),
                transfers: vec![],
                release_reason: ended.then(|| {
                    *[
                        ReleaseReason::Served,
                        ReleaseReason::Pardon,
                        ReleaseReason::Amnesty,
                    ]
                    .choose(&mut g.rng)
                    .expect("reasons")
                }),
            };
            g.put(&mut tx, ep).await?;
            if !ended && entries.len() < LIST_CHUNK * 50 {
                entries.push(ListEntry {
                    person: pid,
                    number: None,
                    category: Some("generated".into()),
                    subcategory: None,
                });
            }
            if g.rng.random_bool(0.3) {
                let date = jiff::civil::date(
                    g.rng.random_range(2024..=2027),
                    g.rng.random_range(1..=12),
                    g.rng.random_range(1..=28),
                );
                let h = Hearing {
                    id: g.id(),
                    visibility: g.visibility(),
                    sources: vec![],
                    case: case_id,
                    court: Some(*courts.choose(&mut g.rng).expect("courts")),
                    date,
                    time: Some(jiff::civil::time(g.rng.random_range(9..17), 0, 0, 0)),
                    time_zone: "Asia/Baku".into(),
                    judge: Some(format!(
                        "Judge {}",
                        SURNAMES.choose(&mut g.rng).expect("names").2
                    )),
                    kind: *[
                        HearingKind::Preliminary,
                        HearingKind::Trial,
                        HearingKind::Appeal,
                    ]
                    .choose(&mut g.rng)
                    .expect("kinds"),
                    status: HearingStatus::Scheduled,
                    outcome: None,
                    observers_admitted: None,
                };
                g.put(&mut tx, h).await?;
            }
        }
        if g.rng.random_bool(0.2) {
            let w = WelfareReport {
                id: g.id(),
                visibility: if g.rng.random_bool(0.5) {
                    Visibility::Confidential
                } else {
                    Visibility::Internal
                },
                sources: g.link(&sources),
                person: pid,
                kinds: vec![*WelfareKind::ALL.choose(&mut g.rng).expect("kinds")],
                date: Some(g.day(2015, 2025)),
                reported_on: None,
                reported_by: Some(Guarded::confidential(Reporter {
                    kind: ReporterKind::Relative,
                    person: None,
                    description: Some(format!("relative {n}")),
                })),
                facility: Some(*facilities.choose(&mut g.rng).expect("facilities")),
                description: Guarded::confidential(format!("Generated health concern {n}")),
            };
            g.put(&mut tx, w).await?;
        }
        if g.rng.random_bool(0.1) {
            let i = Incident {
                id: g.id(),
                visibility: g.visibility(),
                sources: g.link(&sources),
                title: format!("Generated incident {n}"),
                date: Some(g.day(2012, 2025)),
                place: Some(Place {
                    name: "Baku".into(),
                    country: Some("AZ".into()),
                }),
                kinds: vec![*IncidentKind::ALL.choose(&mut g.rng).expect("kinds")],
                victims: vec![Victim {
                    person: Some(pid),
                    description: None,
                    role: VictimRole::Target,
                    because_of: None,
                }],
                perpetrators: vec![Perpetrator {
                    kind: PerpetratorKind::Unknown,
                    organization: None,
                    description: None,
                }],
                platforms: vec!["Telegram".into()],
                gender_based: g.rng.random_bool(0.3),
                consequences: vec![],
                description: vec![],
            };
            g.put(&mut tx, i).await?;
        }
        if g.rng.random_bool(0.1) {
            let c = Complaint {
                id: g.id(),
                visibility: g.visibility(),
                sources: g.link(&sources),
                kind: *ComplaintKind::ALL.choose(&mut g.rng).expect("kinds"),
                subject: format!("Generated complaint {n}"),
                filer: Some(pid),
                on_behalf_of: vec![],
                addressees: vec![*courts.choose(&mut g.rng).expect("courts")],
                respondent: None,
                submitted_on: Some(g.day(2020, 2026)),
                channel: Some(*Channel::ALL.choose(&mut g.rng).expect("channels")),
                proof_of_delivery: None,
                response_days: Some(30),
                response: None,
                status: ComplaintStatus::Submitted,
                follow_ups: vec![],
                concerning_media: vec![],
            };
            g.put(&mut tx, c).await?;
        }
        if g.rng.random_bool(0.05) {
            let m = MediaItem {
                id: g.id(),
                visibility: Visibility::Public,
                sources: vec![],
                outlet: Some(outlet_id),
                title: format!("Generated article {n}"),
                url: None,
                date: Some(g.day(2015, 2025)),
                language: Some("az".into()),
                targets: vec![pid],
                stance: *Stance::ALL.choose(&mut g.rng).expect("stances"),
                archived_copy: None,
            };
            g.put(&mut tx, m).await?;
        }
        if g.rng.random_bool(0.05) {
            let r = Recognition {
                id: g.id(),
                visibility: Visibility::Public,
                sources: g.link(&sources),
                kind: RecognitionKind::PrisonerOfConscience,
                persons: vec![pid],
                group: None,
                by: Some(ngo_id),
                title: None,
                date: Some(g.day(2015, 2025)),
                criteria: vec![PaceCriterion::B],
                excluded: false,
            };
            g.put(&mut tx, r).await?;
        }
        if let Some(prev) = previous.filter(|_| g.rng.random_bool(0.05)) {
            let r = Relationship {
                id: g.id(),
                visibility: Visibility::Internal,
                sources: vec![],
                subject: pid,
                kind: RelationKind::SiblingOf,
                object: Party::Person(prev),
                role: None,
                start: None,
                end: None,
            };
            g.put(&mut tx, r).await?;
        }
        if featured.len() < 20 && g.rng.random_bool(0.01) {
            featured.push(pid);
        }
        if n % 1000 == 0 {
            let campaign = Campaign {
                id: g.id(),
                visibility: Visibility::Public,
                sources: g.link(&sources),
                name: format!("#Generated{}", n / 1000),
                organizers: vec![Party::Organization(ngo_id)],
                start: Some(g.day(2015, 2025)),
                end: None,
                featured: std::mem::take(&mut featured),
                resolutions: vec![],
                outcomes: vec![],
                description: vec![],
            };
            let letter = AdvocacyLetter {
                id: g.id(),
                visibility: Visibility::Internal,
                sources: vec![],
                sender: Some(ngo_id),
                signed_by: None,
                recipients: vec!["Generated Ministry".into()],
                cc: vec![],
                reference: Some(format!("G{n}")),
                date: Some(g.day(2015, 2025)),
                place: None,
                subject: format!("Generated letter {n}"),
                persons: vec![pid],
                campaign: Some(campaign.id),
                enclosures: vec![],
            };
            g.put(&mut tx, campaign).await?;
            g.put(&mut tx, letter).await?;
        }
        previous = Some(pid);
        out.persons += 1;
        if (n + 1) % CHUNK == 0 {
            g.commit(tx).await?;
            progress(n + 1);
            tx = begin(store).await?;
        }
    }
    for chunk in entries.chunks(LIST_CHUNK) {
        let v = ListVersion {
            id: g.id(),
            visibility: Visibility::Public,
            sources: g.link(&sources),
            list: list_id,
            date: g.day(2024, 2025),
            publisher: Some(ngo_id),
            document: None,
            published_count: Some(chunk.len() as u32),
            count_qualifier: Some(CountQualifier::Exactly),
            entries: chunk.to_vec(),
        };
        g.put(&mut tx, v).await?;
    }
    g.commit(tx).await?;
    progress(persons);
    Ok(out)
}
