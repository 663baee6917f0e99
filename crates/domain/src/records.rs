//! Every record type Vigil keeps (docs/ARCHITECTURE.md, "Storage model").
//!
//! Each record has an id, a visibility and links to sources. Fields that may
//! be more closed than their record are [`Guarded`]. Values that can be
//! derived (status, days in detention, counts) are not fields: see
//! [`crate::derived`].

use jiff::civil::{Date, Time};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::id::{AnyId, Id};
use crate::text::{LocalizedText, Name};
use crate::visibility::{Guarded, Visibility};

/// A link from a record (or one of its fields) to a source, with the words
/// of the source that support it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLink {
    pub source: Id<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// The field this link supports, e.g. `birth_date`; none for the whole record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default = "Visibility::default_public")]
    pub visibility: Visibility,
}

impl Visibility {
    pub(crate) fn default_public() -> Visibility {
        Visibility::Public
    }
}

impl SourceLink {
    pub fn new(source: Id<Source>, excerpt: impl Into<String>) -> Self {
        Self {
            source,
            excerpt: Some(excerpt.into()),
            field: None,
            visibility: Visibility::Public,
        }
    }
    pub fn for_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// An English label for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

// ---------------------------------------------------------------- people

string_enum!(Gender { Female => "female", Male => "male", Other => "other" });

string_enum!(Occupation {
    Journalist => "journalist",
    Blogger => "blogger",
    HumanRightsDefender => "human-rights defender",
    Lawyer => "lawyer",
    Economist => "economist",
    TradeUnionist => "trade unionist",
    Activist => "activist",
    YouthActivist => "youth activist",
    Politician => "politician",
    PartyMember => "party member",
    ReligiousBeliever => "religious believer",
    Student => "student",
    Academic => "academic",
    Other => "other",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub file: Id<File>,
    /// The person (or their family) agreed to publication.
    pub consent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
    /// ISO 3166-1 alpha-2 code of the country of residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id<Person>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub names: Vec<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Guarded<PartialDate>>,
    /// ISO 3166-1 alpha-2, e.g. `AZ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default)]
    pub occupations: Vec<Occupation>,
    #[serde(default)]
    pub biography: Vec<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Photo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub death_date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exile: Option<Exile>,
    /// A reference in an outside list or file, e.g. `2014-08 #20`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// Staff notes: contacts, safety concerns. Never public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Guarded<String>>,
}

impl Person {
    pub fn new(visibility: Visibility, primary: Name) -> Self {
        Self {
            id: Id::new(),
            visibility,
            sources: vec![],
            names: vec![primary],
            gender: None,
            birth_date: None,
            country: None,
            occupations: vec![],
            biography: vec![],
            photo: None,
            death_date: None,
            exile: None,
            external_ref: None,
            notes: None,
        }
    }

    /// The primary name, or the first one.
    pub fn display_name(&self) -> &str {
        self.names
            .iter()
            .find(|n| n.kind == crate::text::NameKind::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.name.as_str())
            .unwrap_or("")
    }
}

// ---------------------------------------------------------------- organizations

string_enum!(OrganizationKind {
    Ngo => "NGO",
    Party => "political party",
    MediaOutlet => "media outlet",
    Court => "court",
    Facility => "prison or detention facility",
    Ministry => "ministry",
    Prosecutor => "prosecuting body",
    Ombudsman => "ombudsman",
    InternationalBody => "international body",
    Government => "government",
    Legislature => "legislature",
    Coalition => "campaign coalition",
    Other => "other",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Id<Organization>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub kind: OrganizationKind,
    /// Facilities and bodies go by several names ("Correctional Facility No. 2" = "Penal Colony No. 2").
    pub names: Vec<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id<Organization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default)]
    pub description: Vec<LocalizedText>,
}

impl Organization {
    pub fn new(visibility: Visibility, kind: OrganizationKind, primary: Name) -> Self {
        Self {
            id: Id::new(),
            visibility,
            sources: vec![],
            kind,
            names: vec![primary],
            country: None,
            city: None,
            parent: None,
            website: None,
            description: vec![],
        }
    }

    pub fn display_name(&self) -> &str {
        self.names
            .iter()
            .find(|n| n.kind == crate::text::NameKind::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.name.as_str())
            .unwrap_or("")
    }
}

// ---------------------------------------------------------------- relationships

string_enum!(RelationKind {
    Spouse => "spouse of",
    ChildOf => "child of",
    ParentOf => "parent of",
    SiblingOf => "sibling of",
    PartnerOf => "partner of",
    RelativeOf => "relative of",
    LawyerOf => "lawyer of",
    Member => "member of",
    Founder => "founder of",
    Chair => "chair of",
    Employee => "employee of",
    Contributor => "contributor to",
});

impl RelationKind {
    /// Kinds that join two people; the others join a person to an organization.
    pub fn is_between_people(self) -> bool {
        matches!(
            self,
            RelationKind::Spouse
                | RelationKind::ChildOf
                | RelationKind::ParentOf
                | RelationKind::SiblingOf
                | RelationKind::PartnerOf
                | RelationKind::RelativeOf
                | RelationKind::LawyerOf
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Party {
    Person(Id<Person>),
    Organization(Id<Organization>),
}

impl Party {
    pub fn any(&self) -> AnyId {
        match self {
            Party::Person(id) => id.erase(),
            Party::Organization(id) => id.erase(),
        }
    }
}

/// `subject` is `kind` `object`: "Gunel Hasanli" is *child of* "Jamal Hasanli".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: Id<Relationship>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub subject: Id<Person>,
    pub kind: RelationKind,
    pub object: Party,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
}

// ---------------------------------------------------------------- cases

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    /// The code, e.g. `Criminal Code of Azerbaijan`.
    pub code: String,
    /// Article with parts, e.g. `206.3.2`.
    pub article: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The label in other languages, by language tag (`az`, `ru`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

impl Charge {
    /// The code a charge brought in `country` (ISO 3166-1 alpha-2) most often
    /// cites, as the demo and imports name it; a form starts a new charge
    /// with it. `None` where Vigil knows no default.
    pub fn default_code(country: &str) -> Option<&'static str> {
        Some(match country.trim().to_ascii_uppercase().as_str() {
            "AZ" => "Criminal Code of the Republic of Azerbaijan",
            "AM" => "Criminal Code of the Republic of Armenia",
            "BY" => "Criminal Code of the Republic of Belarus",
            "GE" => "Criminal Code of Georgia",
            "KG" => "Criminal Code of the Kyrgyz Republic",
            "KZ" => "Criminal Code of the Republic of Kazakhstan",
            "RU" => "Criminal Code of the Russian Federation",
            "TJ" => "Criminal Code of the Republic of Tajikistan",
            "TM" => "Criminal Code of Turkmenistan",
            "UZ" => "Criminal Code of the Republic of Uzbekistan",
            _ => return None,
        })
    }
}

string_enum!(CaseStatus {
    Investigation => "under investigation",
    Trial => "at trial",
    Convicted => "convicted",
    Appeal => "on appeal",
    Acquitted => "acquitted",
    Closed => "closed",
    Unknown => "unknown",
});

/// A term of imprisonment or another penalty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    #[serde(default)]
    pub years: i32,
    #[serde(default)]
    pub months: i32,
    /// Life imprisonment; `years`/`months` are then zero.
    #[serde(default)]
    pub life: bool,
    /// The verdict as the source words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Sentence {
    pub fn term(years: i32, months: i32) -> Self {
        Self {
            years,
            months,
            life: false,
            text: None,
        }
    }
    pub fn total_months(&self) -> i32 {
        self.years * 12 + self.months
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<Id<Organization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<Id<Organization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The term as the appeal left it, where it changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<Sentence>,
}

string_enum!(InternationalBody {
    Echr => "European Court of Human Rights",
    UnWgad => "UN Working Group on Arbitrary Detention",
    UnHrc => "UN Human Rights Committee",
    Other => "other",
});

/// An application to an international body and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternationalApplication {
    pub body: InternationalBody,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lodged: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<PartialDate>,
    /// E.g. `Article 5`, `Article 8`.
    #[serde(default)]
    pub articles_violated: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: Id<Case>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub title: String,
    pub defendants: Vec<Id<Person>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    #[serde(default)]
    pub charges: Vec<Charge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prosecuting_body: Option<Id<Organization>>,
    #[serde(default)]
    pub courts: Vec<Id<Organization>>,
    pub status: CaseStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<Sentence>,
    #[serde(default)]
    pub appeals: Vec<Appeal>,
    #[serde(default)]
    pub international: Vec<InternationalApplication>,
    #[serde(default)]
    pub summary: Vec<LocalizedText>,
}

impl Case {
    /// A case at trial with nothing else known yet.
    pub fn new(
        visibility: Visibility,
        title: impl Into<String>,
        defendants: Vec<Id<Person>>,
    ) -> Self {
        Self {
            id: Id::new(),
            visibility,
            sources: vec![],
            title: title.into(),
            defendants,
            country: None,
            case_number: None,
            charges: vec![],
            prosecuting_body: None,
            courts: vec![],
            status: CaseStatus::Unknown,
            opened: None,
            verdict: None,
            sentence: None,
            appeals: vec![],
            international: vec![],
            summary: vec![],
        }
    }
}

// ---------------------------------------------------------------- hearings

string_enum!(HearingKind {
    Preliminary => "preliminary",
    Trial => "trial",
    Verdict => "verdict",
    Appeal => "appeal",
    Cassation => "cassation",
    Other => "other",
});

string_enum!(HearingStatus {
    Scheduled => "scheduled",
    Held => "held",
    Adjourned => "adjourned",
    Cancelled => "cancelled",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    pub id: Id<Hearing>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    /// A hearing always belongs to a case.
    pub case: Id<Case>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<Id<Organization>>,
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Time>,
    /// IANA time zone of the court, e.g. `Asia/Baku`.
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<String>,
    pub kind: HearingKind,
    pub status: HearingStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observers_admitted: Option<bool>,
}

impl Hearing {
    /// The moment the hearing starts in its court's zone, when the time is known.
    pub fn starts_at(&self) -> Option<jiff::Zoned> {
        let tz = jiff::tz::TimeZone::get(&self.time_zone).ok()?;
        self.date.to_datetime(self.time?).to_zoned(tz).ok()
    }
}

// ---------------------------------------------------------------- detention

string_enum!(DetentionKind {
    PoliceCustody => "police custody",
    Administrative => "administrative detention",
    PreTrial => "pre-trial detention",
    HouseArrest => "house arrest",
    Imprisonment => "imprisonment",
    Unspecified => "detention (kind not stated)",
});

string_enum!(ReleaseReason {
    Served => "sentence served",
    Pardon => "pardon",
    Amnesty => "amnesty",
    Acquittal => "acquittal",
    ConditionalRelease => "conditional release",
    SentenceChanged => "sentence changed to a non-custodial one",
    Death => "death",
    Other => "other",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    pub to: Id<Organization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One stretch of deprivation of liberty. "Days in detention" is derived from these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetentionEpisode {
    pub id: Id<DetentionEpisode>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub person: Id<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<Id<Case>>,
    pub kind: DetentionKind,
    /// Unknown when a source says only that the person "is serving a sentence".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// Other start dates the sources give, where they disagree (a list
    /// entry's heading and its own background, two reports). Every reading is
    /// kept and shown; days are counted from the latest.
    #[serde(default)]
    pub disputed_starts: Vec<PartialDate>,
    /// None while the episode goes on (or its end is not known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The last date a source confirmed the person was still held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<Id<Organization>>,
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_reason: Option<ReleaseReason>,
}

impl DetentionEpisode {
    /// An episode that began on `start` and goes on.
    pub fn new(
        visibility: Visibility,
        person: Id<Person>,
        kind: DetentionKind,
        start: Option<PartialDate>,
    ) -> Self {
        Self {
            id: Id::new(),
            visibility,
            sources: vec![],
            person,
            case: None,
            kind,
            start,
            disputed_starts: vec![],
            end: None,
            confirmed_on: None,
            facility: None,
            transfers: vec![],
            release_reason: None,
        }
    }

    /// Every start date the sources give: the recorded one, then the
    /// disputed readings.
    pub fn start_readings(&self) -> impl Iterator<Item = PartialDate> + '_ {
        self.start
            .into_iter()
            .chain(self.disputed_starts.iter().copied())
    }

    /// The last day the episode can have begun on any reading: counting from
    /// it never overstates the time held.
    pub fn latest_start(&self) -> Option<Date> {
        self.start_readings().map(|d| d.latest()).max()
    }

    /// The first day the episode can have begun on any reading.
    pub fn earliest_start(&self) -> Option<Date> {
        self.start_readings().map(|d| d.earliest()).min()
    }
}

// ---------------------------------------------------------------- welfare

string_enum!(WelfareKind {
    Health => "health",
    DeniedMedicalCare => "denied medical care",
    DeniedLawyer => "denied access to a lawyer",
    DeniedFamilyVisits => "denied family visits",
    IllTreatment => "ill-treatment",
    Solitary => "solitary confinement",
    HungerStrike => "hunger strike",
    Transfer => "transfer",
    CorrespondenceObstructed => "correspondence or complaints obstructed",
    Other => "other",
});

string_enum!(ReporterKind {
    Relative => "relative",
    Lawyer => "lawyer",
    Self_ => "the person themself",
    Organization => "organization",
    Other => "other",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    pub kind: ReporterKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Id<Person>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WelfareReport {
    pub id: Id<WelfareReport>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub person: Id<Person>,
    pub kinds: Vec<WelfareKind>,
    /// When the concern arose or was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// When it was reported to the documenters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_on: Option<PartialDate>,
    /// Who reported it: often a relative whose name must stay with the staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<Guarded<Reporter>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<Id<Organization>>,
    pub description: Guarded<String>,
}

// ---------------------------------------------------------------- incidents

string_enum!(IncidentKind {
    Arrest => "arrest",
    Detention => "detention",
    Beating => "beating",
    Threat => "threat",
    DeathThreat => "death threat",
    SmearCampaign => "smear campaign",
    Hacking => "hacking",
    PrivateImagesPublished => "publication of private images",
    PrivateDataPublished => "publication of private data",
    Blackmail => "blackmail",
    Disbarment => "disbarment or licence suspension",
    TravelBan => "travel ban",
    AssemblyDispersal => "dispersal of an assembly",
    AttackAbroad => "attack abroad",
    Surveillance => "surveillance",
    Other => "other",
});

string_enum!(VictimRole {
    Target => "target",
    RelativeOfTarget => "relative of a target",
    PartnerOfTarget => "partner of a target",
    Other => "other",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Victim {
    /// None when the source does not name the victim ("his sister").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Id<Person>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub role: VictimRole,
    /// For a relative: the activist they were targeted because of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because_of: Option<Id<Person>>,
}

string_enum!(PerpetratorKind {
    State => "state",
    Proxy => "proxy of the state",
    Private => "private person",
    Unknown => "unknown",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Perpetrator {
    pub kind: PerpetratorKind,
    /// Alleged, as the source says: "alleged" is the default reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Id<Organization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Who did what to whom (after HURIDOCS Events Standard Formats).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub id: Id<Incident>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    pub kinds: Vec<IncidentKind>,
    pub victims: Vec<Victim>,
    #[serde(default)]
    pub perpetrators: Vec<Perpetrator>,
    /// Online platforms used: Facebook, Telegram, …
    #[serde(default)]
    pub platforms: Vec<String>,
    #[serde(default)]
    pub gender_based: bool,
    #[serde(default)]
    pub consequences: Vec<String>,
    #[serde(default)]
    pub description: Vec<LocalizedText>,
}

// ---------------------------------------------------------------- media

string_enum!(Stance { Smear => "smear", Neutral => "neutral", Supportive => "supportive" });

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaItem {
    pub id: Id<MediaItem>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<Id<Organization>>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default)]
    pub targets: Vec<Id<Person>>,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_copy: Option<Id<File>>,
}

// ---------------------------------------------------------------- complaints

string_enum!(ComplaintKind {
    Complaint => "complaint",
    Petition => "petition",
    Lawsuit => "lawsuit",
    Appeal => "appeal",
});

string_enum!(Channel {
    Post => "post",
    ViaPrisonAdministration => "via the prison administration",
    InPerson => "in person",
    Online => "online",
    ThroughLawyer => "through a lawyer",
});

// The stages a person records. "Overdue" is not among them: it is derived
// from the dates (see `crate::derived::complaint_state`).
string_enum!(ComplaintStatus {
    Draft => "draft",
    Submitted => "submitted",
    Delivered => "delivered",
    Answered => "answered",
    Escalated => "escalated",
    Closed => "closed",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    /// E.g. `postal receipt`, `registry stamp`, `court acknowledgement`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Id<File>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: Id<Complaint>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub kind: ComplaintKind,
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filer: Option<Id<Person>>,
    #[serde(default)]
    pub on_behalf_of: Vec<Id<Person>>,
    /// Courts, ministries, the Ombudsman, the ECHR, …
    #[serde(default)]
    pub addressees: Vec<Id<Organization>>,
    /// Against whom a lawsuit is brought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_on: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_of_delivery: Option<Proof>,
    /// The rule: an answer is due this many days after submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ComplaintResponse>,
    pub status: ComplaintStatus,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// Media items it answers (a defamation lawsuit answers a smear).
    #[serde(default)]
    pub concerning_media: Vec<Id<MediaItem>>,
}

// ---------------------------------------------------------------- advocacy

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvocacyLetter {
    pub id: Id<AdvocacyLetter>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Id<Organization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
    pub recipients: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub subject: String,
    #[serde(default)]
    pub persons: Vec<Id<Person>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Id<Campaign>>,
    #[serde(default)]
    pub enclosures: Vec<Id<Source>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub title: String,
    /// The body that adopted or considers it, e.g. `United States Senate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub sponsors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: Id<Campaign>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub name: String,
    #[serde(default)]
    pub organizers: Vec<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    #[serde(default)]
    pub featured: Vec<Id<Person>>,
    #[serde(default)]
    pub resolutions: Vec<Resolution>,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub description: Vec<LocalizedText>,
}

// ---------------------------------------------------------------- recognition

string_enum!(RecognitionKind {
    PoliticalPrisoner => "political prisoner",
    PrisonerOfConscience => "prisoner of conscience",
    Award => "award",
    Nomination => "nomination",
    Other => "other",
});

string_enum!(PaceCriterion {
    A => "(a) detention in violation of a fundamental guarantee of the ECHR",
    B => "(b) detention for purely political reasons without connection to any offence",
    C => "(c) length or conditions of detention clearly out of proportion",
    D => "(d) detention in a discriminatory manner",
    E => "(e) detention resulting from clearly unfair proceedings",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recognition {
    pub id: Id<Recognition>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub kind: RecognitionKind,
    #[serde(default)]
    pub persons: Vec<Id<Person>>,
    /// A group recognised as a whole: "all political prisoners of Azerbaijan".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id<Organization>>,
    /// The award's or nomination's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// PACE Resolution 1900 (2012) criteria met.
    #[serde(default)]
    pub criteria: Vec<PaceCriterion>,
    /// Recognition withdrawn or the person excluded.
    #[serde(default)]
    pub excluded: bool,
}

// ---------------------------------------------------------------- lists

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrisonerList {
    pub id: Id<PrisonerList>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Id<Organization>>,
    #[serde(default)]
    pub criteria: Vec<LocalizedText>,
    /// The title in other languages, as the publisher or a translator gives it.
    #[serde(default)]
    pub titles: Vec<LocalizedText>,
    /// The list an editor chose for the public site's headline. At most one
    /// list is featured: featuring one (`Editor::feature_list`, or saving a
    /// list with this set) unfeatures the others in the same transaction.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    pub person: Id<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<String>,
}

string_enum!(CountQualifier { Exactly => "exactly", AtLeast => "at least", About => "about", Inferred => "inferred" });

/// One published version of a list. The number of entries is derived from
/// `entries`; `published_count` is what the publisher stated, kept even when
/// the entries themselves are not known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListVersion {
    pub id: Id<ListVersion>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub list: Id<PrisonerList>,
    pub date: PartialDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Id<Organization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Id<Source>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_qualifier: Option<CountQualifier>,
    #[serde(default)]
    pub entries: Vec<ListEntry>,
}

impl PrisonerList {
    /// A list known by its title only, not featured.
    pub fn new(visibility: Visibility, title: impl Into<String>) -> Self {
        Self {
            id: Id::new(),
            visibility,
            sources: vec![],
            title: title.into(),
            publisher: None,
            criteria: vec![],
            titles: vec![],
            featured: false,
        }
    }
}

impl ListEntry {
    /// An entry with its number on the list, if it has one, and no category.
    pub fn new(person: Id<Person>, number: Option<u32>) -> Self {
        Self {
            person,
            number,
            category: None,
            subcategory: None,
        }
    }
}

impl ListVersion {
    /// A version of `list` published on `date` with these entries, and no
    /// count, publisher or document recorded.
    pub fn new(
        visibility: Visibility,
        list: Id<PrisonerList>,
        date: PartialDate,
        entries: Vec<ListEntry>,
    ) -> Self {
        Self {
            id: Id::new(),
            visibility,
            sources: vec![],
            list,
            date,
            publisher: None,
            document: None,
            published_count: None,
            count_qualifier: None,
            entries,
        }
    }
}

// ---------------------------------------------------------------- sources and files

string_enum!(SourceKind {
    Letter => "letter",
    Statement => "statement",
    Article => "article",
    Report => "report",
    CourtDocument => "court document",
    Testimony => "testimony",
    SocialPost => "social media post",
    List => "list",
    Other => "other",
});

string_enum!(Reliability {
    Confirmed => "confirmed",
    Reliable => "reliable",
    Unverified => "unverified",
    Doubtful => "doubtful",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: Id<Source>,
    pub visibility: Visibility,
    /// Sources may cite other sources.
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub kind: SourceKind,
    pub title: String,
    /// The author's identity may itself be confidential ("wished to remain anonymous").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Guarded<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Id<Organization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default)]
    pub machine_translated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Id<File>>,
}

/// A stored file, addressed by the SHA-256 of its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    pub id: Id<File>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    /// Lower-case hex SHA-256 of the original bytes.
    pub sha256: String,
    pub media_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_name: Option<String>,
    pub size: u64,
    /// The copy that may be published, with metadata (EXIF, GPS) removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_sha256: Option<String>,
}

impl File {
    /// The SHA-256 of the copy the public may see: a public file's copy
    /// without metadata (a photo's), and nothing for any other file.
    pub fn public_copy(&self) -> Option<&str> {
        self.published_sha256
            .as_deref()
            .filter(|_| self.visibility == Visibility::Public)
    }
}

// ---------------------------------------------------------------- users

string_enum!(Role { Admin => "admin", Editor => "editor", Researcher => "researcher", Viewer => "viewer" });

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.label() == s)
    }
}

/// A staff account. Credentials are kept apart from the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Id<User>,
    pub visibility: Visibility,
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub disabled: bool,
    /// The IANA time zone this person reads times in (`Asia/Baku`); UTC if none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}
