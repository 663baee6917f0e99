//! `vigil`: the command line and the server. A thin layer over
//! `vigil-app` (use cases) and `vigil-web` (HTTP).

use std::fs;
use std::io::{BufReader, BufWriter, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use vigil_app::demo::DemoOutcome;
use vigil_domain::PartialDate;
use vigil_domain::records::Role;
use vigil_names::quality::{self, QueryKind};
use vigil_storage::{Actor, KeySource, Keyring, Store, Target, Verdict};

/// `println!` that ends the program quietly when standard output is closed
/// (`vigil search … | head`) instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            crate::stdout_failed(e);
        }
    }};
}

mod bench;
mod exit;
mod limits;
mod review;

#[derive(Parser)]
#[command(
    name = "vigil",
    version,
    about = "Documentation, case tracking and advocacy for political prisoners and persecuted defenders"
)]
struct Cli {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    limits: limits::LimitArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct StoreArgs {
    /// Data folder for the embedded SQLite store.
    #[arg(
        long,
        global = true,
        env = "VIGIL_DATA",
        value_name = "DIR",
        default_value = "vigil-data"
    )]
    data: PathBuf,
    /// A PostgreSQL database instead of the data folder (postgres://user@host/db).
    #[arg(
        long,
        global = true,
        env = "VIGIL_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    database: Option<String>,
    /// The key that seals confidential data: a file written by `vigil keys new`.
    /// Or the key itself in VIGIL_KEY, or a passphrase in VIGIL_PASSPHRASE.
    #[arg(long, global = true, env = "VIGIL_KEY_FILE", value_name = "FILE")]
    key_file: Option<PathBuf>,
    /// Ask for the store's passphrase at start (on the terminal, or one line
    /// of standard input), so it is neither on disk nor in the environment.
    #[arg(long, global = true, conflicts_with = "key_file")]
    ask_passphrase: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Create or migrate the store.
    Init,
    /// Run the web server.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080", env = "VIGIL_ADDR")]
        addr: SocketAddr,
        /// Load the demo data first (if it is not loaded yet).
        #[arg(long)]
        demo: bool,
        /// Vigil is reached over HTTPS (directly or through a proxy): mark cookies Secure and send HSTS.
        #[arg(long, env = "VIGIL_BEHIND_TLS")]
        behind_tls: bool,
        /// Administrators must log in with a two-factor code.
        #[arg(long, env = "VIGIL_REQUIRE_ADMIN_TOTP")]
        require_admin_totp: bool,
        /// The address of a reverse proxy in front of Vigil: from it, the
        /// client is read from X-Forwarded-For (for login throttling).
        /// Repeat for several; the variable takes them comma-separated.
        #[arg(
            long = "trusted-proxy",
            value_name = "ADDR",
            env = "VIGIL_TRUSTED_PROXY",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// How many days a source's confirmation that a person is held stays
        /// current. After it, public pages say "last confirmed on …" and count
        /// days only to that confirmation ("at least N days").
        #[arg(
            long,
            value_name = "DAYS",
            env = "VIGIL_CONFIRMATION_DAYS",
            default_value_t = vigil_domain::derived::DEFAULT_CONFIRMATION_DAYS,
            value_parser = clap::value_parser!(u32).range(1..=36500)
        )]
        confirmation_days: u32,
        /// Megabytes of rendered public pages to keep in memory, for the
        /// projection version they were rendered from (0 keeps none).
        #[arg(
            long,
            value_name = "MB",
            env = "VIGIL_PAGE_CACHE_MB",
            default_value_t = 32,
            value_parser = clap::value_parser!(u64).range(0..=65536)
        )]
        page_cache_mb: u64,
    },
    /// The demo data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Counts and figures, derived from the records.
    Stats {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write data out.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Read data in.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Tools for development and benchmarks.
    #[command(subcommand)]
    Dev(DevCommand),
    /// Names across scripts: how a name is read, and how well names match.
    #[command(subcommand)]
    Names(NamesCommand),
    /// Search every name and text, in any script.
    Search {
        query: String,
        /// Search as the public site does: only what its pages show, found
        /// in the public projection (one result per person).
        #[arg(long)]
        public: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Rebuild the search index from the records.
    Reindex,
    /// Merge two records of one person into one, or undo a merge.
    #[command(subcommand)]
    Merge(MergeCommand),
    /// The review queue: imported rows waiting for a decision.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Evidence files: add one, or write out a file's original.
    #[command(subcommand)]
    Files(FilesCommand),
    /// Keys that seal confidential data (docs/THREAT-MODEL.md).
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Write an encrypted backup of the whole store, readable only by the
    /// recipients named (their identities stay off this server).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// A recipient's public key (age1…, from `vigil keys backup-identity`). Repeatable.
        #[arg(long = "recipient", value_name = "AGE1…")]
        recipients: Vec<String>,
        /// A file of recipients, one per line.
        #[arg(long, value_name = "FILE", env = "VIGIL_BACKUP_RECIPIENTS")]
        recipients_file: Option<PathBuf>,
    },
    /// Restore an encrypted backup into an empty store (either engine), all or nothing.
    Restore {
        file: PathBuf,
        /// The identity file of one of the backup's recipients.
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// The key the backed-up store sealed with, when this store has another.
        #[arg(long, value_name = "FILE")]
        from_key_file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Write a new random key to FILE (readable by its owner only; never overwrites).
    /// Keep it off the disk that holds the data.
    New {
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a new identity for reading backups to FILE (owner only; never
    /// overwrites) and print its public key, to give to `vigil backup --recipient`.
    BackupIdentity {
        #[arg(long)]
        out: PathBuf,
    },
    /// Seal everything again with a new key, in one audited transaction. The
    /// store is opened with its present key (--key-file, VIGIL_KEY or
    /// VIGIL_PASSPHRASE); afterwards only the new one opens it.
    Rotate {
        /// The new key, a file written by `vigil keys new`.
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "new_passphrase_env"
        )]
        new_key_file: Option<PathBuf>,
        /// Or a new passphrase, read from this environment variable.
        #[arg(long, value_name = "NAME", conflicts_with = "new_key_file")]
        new_passphrase_env: Option<String>,
    },
}

#[derive(Subcommand)]
enum ReviewCommand {
    /// The rows waiting, oldest first, each with every plausible person and
    /// what tells them apart (patronymic, birth, arrest, place of detention,
    /// list numbers, other names).
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The row is its best candidate: link it.
    Confirm { id: String },
    /// The row is PERSON, one of its candidates (a namesake of the best): link it.
    Link { id: String, person: String },
    /// The row is someone else: create a new person.
    Reject { id: String },
}

#[derive(Subcommand)]
enum MergeCommand {
    /// Merge the person ABSORB into the person KEEP (names, links and history kept).
    Persons { keep: String, absorb: String },
    /// Put back every record a merge changed, if none has changed since.
    Undo { merge: String },
}

#[derive(Subcommand)]
enum NamesCommand {
    /// Measure name matching on a labelled set (by default the development set in
    /// data/names/ with its 3,000 distractors in the registry).
    Quality {
        /// Labelled names (TSV: pid, role, kind, name).
        #[arg(long, value_name = "FILE")]
        dev: Option<PathBuf>,
        /// More registered names, none of them the people queried.
        #[arg(long, value_name = "FILE")]
        distractors: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show how a name is read: its words' phonetic keys and its Russian and English spellings.
    Key { name: String },
    /// Time matching a list against a large synthetic registry (in memory): persons are
    /// made of the given names and surnames of data/names/, with patronymics; half the
    /// rows are Russian or English spellings of registered people, half are other names.
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        persons: usize,
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// How `vigil import persons` runs.
#[derive(Args)]
struct ImportRun {
    /// Record the linked and created rows as a version of this list (created if new).
    #[arg(long, value_name = "NAME")]
    list: Option<String>,
    /// When that version was published (YYYY, YYYY-MM or YYYY-MM-DD); today if not given.
    #[arg(long, value_name = "DATE", requires = "list", value_parser = parse_partial_date)]
    published: Option<PartialDate>,
    /// Decide every row and print the decisions; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// `json`: one JSON object per row (row, input, ref, decision, person, score, candidates).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// `off`: every row is a new person (for a file known to hold distinct people).
    #[arg(long = "match", value_enum, default_value_t = MatchMode::On)]
    matching: MatchMode,
    /// Override a row's decision: ROW=match:PERSON (one of its candidates),
    /// ROW=review or ROW=new. Repeatable.
    #[arg(long = "set", value_name = "ROW=CHOICE", value_parser = parse_choice)]
    choices: Vec<(usize, vigil_app::import::Choice)>,
}

async fn import_persons(
    store: &Store,
    limits: &vigil_app::import::Limits,
    file: &std::path::Path,
    run: ImportRun,
) -> Result<ExitCode> {
    use vigil_app::import;
    let ImportRun {
        list,
        published,
        dry_run,
        format,
        matching,
        choices,
    } = run;
    let bytes = read_bounded(file, limits.file_bytes)?;
    let rows = import::Table::read_within(&bytes, limits)?.rows_by_header()?;
    let matching = match matching {
        MatchMode::On => import::Matching::On,
        MatchMode::Off => import::Matching::Off,
    };
    let started = Instant::now();
    let mut planned = import::plan_for(store, &rows, matching, list.as_deref()).await?;
    import::choose_all(&mut planned, &choices)?;
    let count = |d: vigil_names::Decision| planned.iter().filter(|p| p.decision == d).count();
    let summary = format!(
        "{} rows: {} match, {} review, {} new ({:.2} s)",
        planned.len(),
        count(vigil_names::Decision::Match),
        count(vigil_names::Decision::Review),
        count(vigil_names::Decision::New),
        started.elapsed().as_secs_f64()
    );
    match format {
        Format::Json => {
            for p in &planned {
                out!("{}", serde_json::to_string(p)?);
            }
        }
        Format::Text => {
            for p in &planned {
                let who = p
                    .person
                    .as_ref()
                    .map(|c| format!(" → {} ({:.3})", c.name, p.score))
                    .unwrap_or_default();
                out!(
                    "row {:>5}  {:<6} {}{who}",
                    p.row,
                    p.decision.as_str(),
                    p.input
                );
            }
        }
    }
    eprintln!("{summary}");
    if dry_run {
        eprintln!("dry run: nothing written");
        return Ok(ExitCode::SUCCESS);
    }
    let target = import::Target { list, published };
    let applied = import::apply(
        store,
        &Actor::cli(),
        &planned,
        &target,
        jiff::Zoned::now().date(),
    )
    .await?;
    eprintln!(
        "linked {}, created {}, held for review {} (they wait in the review queue, /staff/review){}",
        applied.linked,
        applied.created,
        applied.held_for_review,
        applied
            .version
            .map(|v| format!("; list version {v}"))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

const NAMES_DEV: &str = include_str!("../../../data/names/names-dev.tsv");
const NAMES_DISTRACTORS: &str = include_str!("../../../data/names/names-distractors.tsv");

fn new_key(out: &std::path::Path) -> Result<ExitCode> {
    let ring = write_key_file(out)?;
    out!("key {} written to {}", ring.id(), out.display());
    Ok(ExitCode::SUCCESS)
}

async fn rotate_key(
    store: &mut Store,
    new_key_file: Option<PathBuf>,
    new_passphrase_env: Option<String>,
) -> Result<()> {
    let new = match (new_key_file, new_passphrase_env) {
        (Some(file), _) => KeySource::Key(Keyring::from_file(&file)?),
        (None, Some(var)) => KeySource::Passphrase(
            std::env::var(&var)
                .with_context(|| format!("the environment variable {var} is not set"))?,
        ),
        (None, None) => bail!("give the new key with --new-key-file or --new-passphrase-env"),
    };
    let done = store.rotate_key(&Actor::cli(), new).await?;
    out!(
        "store sealed again with key {} (was {}): {} records, {} merges, {} files",
        done.new_key,
        done.old_key,
        done.records,
        done.merges,
        done.files
    );
    eprintln!("from now on open it with the new key; the old one opens only older backups");
    Ok(())
}

fn names(command: NamesCommand) -> Result<ExitCode> {
    match command {
        NamesCommand::Bench {
            persons,
            rows,
            seed,
        } => bench::names(persons, rows, seed)?,
        NamesCommand::Key { name } => {
            for form in vigil_names::forms(&name) {
                let key = vigil_names::NameKey::new(&form);
                out!("{form}");
                out!("  keys:    {}", key.words.join(" "));
                out!("  Russian: {}", vigil_names::to_russian(&form));
                out!("  English: {}", vigil_names::to_english(&form));
                out!("  German:  {}", vigil_names::to_german(&form));
                out!("  French:  {}", vigil_names::to_french(&form));
                let turkish = vigil_names::to_turkish(&form);
                if turkish != form {
                    out!("  Turkish: {turkish}");
                }
                for other in vigil_names::NameKey::readings(&form).iter().skip(1) {
                    out!(
                        "  keys, read as that press writes: {}",
                        other.words.join(" ")
                    );
                }
            }
        }
        NamesCommand::Quality {
            dev,
            distractors,
            format,
        } => {
            let read = |p: Option<PathBuf>, default: &str| -> Result<String> {
                match p {
                    Some(p) => std::fs::read_to_string(&p)
                        .with_context(|| format!("cannot read {}", p.display())),
                    None => Ok(default.to_owned()),
                }
            };
            let dev = read(dev, NAMES_DEV)?;
            let distractors = read(distractors, NAMES_DISTRACTORS)?;
            let started = std::time::Instant::now();
            let sets = [dev.as_str(), distractors.as_str()];
            let registry = quality::registry(&sets, vigil_names::Matcher::new());
            let reports: Vec<(QueryKind, quality::Report)> = QueryKind::ALL
                .iter()
                .map(|&k| (k, quality::report(&registry, &quality::queries(&sets, k))))
                .collect();
            let elapsed = started.elapsed();
            match format {
                Format::Json => {
                    // The clean figures at the top level, as before; each kind's under `kinds`.
                    let mut v = figures_json(&reports[0].1);
                    v["kinds"] = reports
                        .iter()
                        .map(|(k, r)| {
                            let mut f = figures_json(r);
                            f["kind"] = k.as_str().into();
                            f
                        })
                        .collect();
                    v["seconds"] = elapsed.as_secs_f64().into();
                    out!("{v}");
                }
                Format::Text => {
                    out!("registry: {} names", registry.len());
                    for (kind, r) in &reports {
                        print_figures(*kind, r);
                    }
                    out!("time: {:.2} s", elapsed.as_secs_f64());
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One kind's figures of `vigil names quality --format json`.
fn figures_json(r: &vigil_names::quality::Report) -> serde_json::Value {
    serde_json::json!({
        "registry": r.registry,
        "queries": r.queries,
        "registered_queries": r.registered_queries,
        "matched_right": r.matched_right,
        "matched_right_share": r.match_share(),
        "matched_wrong": r.matched_wrong,
        "top_right": r.top_right,
        "top_right_share": r.top_share(),
        "review": r.review,
    })
}

/// One kind's figures, with its goals, and every query not matched right.
fn print_figures(kind: vigil_names::quality::QueryKind, r: &vigil_names::quality::Report) {
    let goal = kind.goals();
    out!(
        "\n{}: {} queries ({} of registered people)",
        kind.as_str(),
        r.queries,
        r.registered_queries
    );
    out!(
        "decided match, right person:        {:>4} ({:.1}%)  goal ≥ {:.0}%",
        r.matched_right,
        100.0 * r.match_share(),
        100.0 * goal.matched_right
    );
    out!(
        "decided match, wrong/absent person: {:>4}          goal 0",
        r.matched_wrong
    );
    out!(
        "right person is the top candidate:  {:>4} ({:.1}%)  goal ≥ {:.0}%",
        r.top_right,
        100.0 * r.top_share(),
        100.0 * goal.top_right
    );
    out!("sent to review:                     {:>4}", r.review);
    for o in r
        .outcomes
        .iter()
        .filter(|o| !(o.decision == vigil_names::Decision::Match && o.right()))
    {
        let best = o
            .best
            .as_ref()
            .map(|(_, form, score)| format!("{form} ({score:.3})"))
            .unwrap_or_default();
        out!("  {:<6} {} → {best}", o.decision.as_str(), o.query);
    }
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a staff account. The password is read from standard input (or asked for at a terminal), never from an argument.
    Add {
        username: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Change a user's role (their sessions end).
    Role {
        username: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Enrol a user in two-factor authentication; prints the otpauth:// address for their app.
    Totp { username: String },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "one of: admin, editor, researcher, viewer".to_owned())
}

fn read_password() -> Result<vigil_app::accounts::Password> {
    use std::io::IsTerminal;
    let first = read_secret_line("Password: ")?;
    if std::io::stdin().is_terminal() {
        let again = rpassword::prompt_password("Again: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
    }
    Ok(vigil_app::accounts::Password::new(first))
}

/// A secret typed on the terminal without echo, or one line of standard input.
fn read_secret_line(prompt: &str) -> Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password(prompt)?);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Load the demo (real facts from the documents in data/demo/).
    Load,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain and that every record matches its last audited digest.
    Verify,
    /// The latest entries, newest first: who did what, when.
    Log {
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Every record, file and audit entry, as a Vigil bundle (docs/BUNDLE.md).
    Bundle {
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Export even when evidence files are missing or changed: their
        /// records go without their content, and they are listed.
        #[arg(long)]
        allow_damaged: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Restore a Vigil bundle into an empty store, all or nothing.
    Bundle {
        file: PathBuf,
        /// The key the bundle's store sealed with, when this store has another.
        #[arg(long, value_name = "FILE")]
        from_key_file: Option<PathBuf>,
        /// Keep the records of evidence files whose content the bundle lacks
        /// (exported with --allow-damaged); they are listed.
        #[arg(long)]
        allow_damaged: bool,
    },
    /// Import a list of people (CSV or XLSX with a `name` column; `ref` and `number`
    /// are read when present). Each row is matched across scripts with the people
    /// already recorded: `match` links it, `review` leaves it for a person to decide
    /// (nothing is written for it), `new` creates a person.
    Persons {
        /// A .csv (UTF-8) or .xlsx file.
        file: PathBuf,
        #[command(flatten)]
        run: ImportRun,
    },
}

fn parse_choice(s: &str) -> Result<(usize, vigil_app::import::Choice), String> {
    let (row, choice) = s
        .split_once('=')
        .ok_or("write ROW=match:PERSON, ROW=review or ROW=new")?;
    let row = row
        .trim()
        .parse()
        .map_err(|_| format!("`{row}` is not a row number"))?;
    Ok((
        row,
        choice
            .parse()
            .map_err(|e: vigil_app::AppError| e.to_string())?,
    ))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MatchMode {
    On,
    Off,
}

#[derive(Subcommand)]
enum FilesCommand {
    /// Keep a file (photo, PDF, document, recording, text; told by its content,
    /// 32 MB at most). A photo also gets a copy without metadata, the only form
    /// ever published; a confidential file is stored sealed.
    Add {
        file: PathBuf,
        /// public, internal or confidential.
        #[arg(long, default_value = "internal", value_parser = parse_visibility)]
        visibility: vigil_domain::Visibility,
    },
    /// Write a file's original, as received and checked against its SHA-256.
    Get {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

fn parse_visibility(s: &str) -> Result<vigil_domain::Visibility, String> {
    vigil_domain::Visibility::parse(s)
        .ok_or_else(|| format!("{s:?} is not a visibility (public, internal, confidential)"))
}

fn parse_partial_date(s: &str) -> Result<PartialDate, String> {
    s.parse::<PartialDate>().map_err(|e| e.to_string())
}

#[derive(Subcommand)]
enum DevCommand {
    /// Write deterministic synthetic data of every record type.
    Generate {
        #[arg(long)]
        persons: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time search over an empty store's index filled with generated names, and
    /// check it finds the development set's people; on PostgreSQL, beside pg_trgm.
    SearchBench {
        #[arg(long, default_value_t = 1_000_000)]
        persons: usize,
        #[arg(long, default_value_t = 1_000)]
        queries: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write an XLSX list that expands far beyond its size (a `name` column
    /// of ROWS rows, and one shared text of SHARED_MB megabytes), to check
    /// that imports refuse it in little memory.
    XlsxBomb {
        #[arg(long, default_value_t = 30_000_000)]
        rows: u64,
        #[arg(long, default_value_t = 0)]
        shared_mb: u64,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VIGIL_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            if let Some(hint) = exit::hint(&e) {
                eprintln!("{hint}");
            }
            exit::code(&e).into()
        }
    }
}

/// A file's bytes, refused before reading when it is larger than `limit`
/// (read through a bounded reader too, in case it grows meanwhile).
fn read_bounded(file: &std::path::Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let f = fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let size = f.metadata()?.len();
    if size > limit {
        bail!(
            "{} is {size} bytes; the limit is {} MB",
            file.display(),
            limit / (1024 * 1024)
        );
    }
    let mut bytes = Vec::with_capacity(size as usize);
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", file.display()))?;
    if bytes.len() as u64 > limit {
        bail!(
            "{} grew past the limit of {limit} bytes while it was read",
            file.display()
        );
    }
    Ok(bytes)
}

/// Search as the public site does (`/search`): in the public projection,
/// so only what public pages show is found or shown.
async fn public_search(
    store: &Store,
    query: &str,
    limit: usize,
    format: Format,
) -> Result<ExitCode> {
    let site = vigil_publish::PublicSite::load(
        store,
        vigil_domain::derived::Reckoning::on(jiff::Zoned::now().date()),
    )
    .await?;
    let hits = site.search(query, limit);
    for h in &hits {
        match format {
            Format::Json => out!(
                "{}",
                serde_json::json!({
                    "person": h.person.to_string(),
                    "name": h.name,
                    "field": h.field,
                    "form": h.form,
                    "score": (h.score * 1000.0).round() / 1000.0,
                })
            ),
            Format::Text => out!(
                "{:.3}  person {}  {}: {} ({})",
                h.score,
                h.person,
                h.name,
                h.form,
                h.field
            ),
        }
    }
    if hits.is_empty() {
        eprintln!("nothing found");
    }
    Ok(ExitCode::SUCCESS)
}

/// Write a bundle; with `allow_damaged`, name the evidence files left without content.
async fn export_bundle<W: Write>(
    store: &Store,
    w: W,
    allow_damaged: bool,
) -> Result<vigil_app::bundle::Counts> {
    if !allow_damaged {
        return Ok(vigil_app::bundle::export(store, &Actor::cli(), w).await?);
    }
    let (counts, damaged) =
        vigil_app::bundle::export_allowing_damaged(store, &Actor::cli(), w).await?;
    report_damaged("exported without their content", &damaged);
    Ok(counts)
}

fn report_damaged(what: &str, damaged: &[vigil_storage::DamagedFile]) {
    if damaged.is_empty() {
        return;
    }
    eprintln!("{} evidence file(s) {what}:", damaged.len());
    for d in damaged {
        eprintln!("  {d}");
    }
}

/// Standard output could not be written: a reader that stopped reading
/// (`| head`) ends the program quietly; anything else is an error.
fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(1)
}

/// Standard output for a long write (a bundle), with [`stdout_failed`]'s
/// handling of a closed pipe.
struct QuietStdout(std::io::StdoutLock<'static>);

impl Write for QuietStdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).or_else(|e| stdout_failed(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().or_else(|e| stdout_failed(e))
    }
}

/// Where a backup's recipients come from.
const RECIPIENT_HINT: &str =
    "--recipient takes a public key that `vigil keys backup-identity` prints";

/// The store named by `--data` and `--database` (which wins).
fn choose_target(data: &std::path::Path, database: Option<&str>) -> Result<Target> {
    Target::choose(Some(data), database)
        .context("--database takes a postgres://… address; for SQLite give --data DIR")
}

/// Where the demo keeps its key when none is given: beside its data folder,
/// named after it (`vigil-data.demo.key`), so it never opens another folder's
/// store (a demonstration; a real store's key lives elsewhere,
/// docs/THREAT-MODEL.md). None for PostgreSQL.
fn demo_key_path(args: &StoreArgs) -> Option<PathBuf> {
    if args.database.is_some() {
        return None;
    }
    let name = args.data.file_name()?.to_string_lossy().into_owned();
    Some(args.data.with_file_name(format!("{name}.demo.key")))
}

/// The key named by the options and environment; without one, the demo's
/// own key file beside the data folder (made when the demo is first loaded).
fn key_source(args: &StoreArgs, demo: bool) -> Result<KeySource> {
    if args.ask_passphrase {
        return Ok(KeySource::Passphrase(read_secret_line("Passphrase: ")?));
    }
    if let Some(file) = &args.key_file {
        return Ok(KeySource::Key(Keyring::from_file(file)?));
    }
    if let Ok(text) = std::env::var("VIGIL_KEY") {
        return Ok(KeySource::Key(
            Keyring::from_text(&text).context("VIGIL_KEY")?,
        ));
    }
    if let Ok(passphrase) = std::env::var("VIGIL_PASSPHRASE") {
        return Ok(KeySource::Passphrase(passphrase));
    }
    // The demo's own folder store, opened again by another command. Never for
    // PostgreSQL: a key file lying about must not become a real database's key.
    let Some(path) = demo_key_path(args) else {
        if demo {
            bail!(
                "the demo and generated data hold confidential fields, sealed with a key: for PostgreSQL make one with `vigil keys new --out FILE` and give it with --key-file FILE"
            );
        }
        return Ok(KeySource::None);
    };
    if path.exists() {
        return Ok(KeySource::Key(Keyring::from_file(&path)?));
    }
    if demo {
        // The data folder and its key sit side by side: make their parent.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        }
        let ring = write_key_file(&path)?;
        eprintln!(
            "demo: confidential data is sealed with a new key in {} (a real store keeps its key away from its data)",
            path.display()
        );
        return Ok(KeySource::Key(ring));
    }
    Ok(KeySource::None)
}

/// A new random key in a new file that only its owner may read.
fn write_key_file(out: &std::path::Path) -> Result<Keyring> {
    let (ring, text) = Keyring::generate();
    write_secret_file(out, &format!("{text}\n"), "key file")?;
    Ok(ring)
}

/// A bundle or backup to restore, and the key its store sealed with when given.
fn restore_input(
    file: &std::path::Path,
    from_key_file: Option<&std::path::Path>,
) -> Result<(Option<Keyring>, BufReader<fs::File>)> {
    let origin = from_key_file.map(Keyring::from_file).transpose()?;
    let f = fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    Ok((origin, BufReader::with_capacity(1 << 20, f)))
}

/// What a bundle, backup or restore moved, and how long it took.
fn report_counts(verb: &str, counts: &vigil_app::bundle::Counts, started: Instant) {
    eprintln!(
        "{verb} {} records, {} files, {} audit entries in {:.1} s",
        counts.records,
        counts.files,
        counts.audit,
        started.elapsed().as_secs_f64()
    );
}

/// A new file (replacing one left by an earlier attempt) that only its owner may read.
fn create_private(path: &std::path::Path) -> Result<fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))
}

/// Write `text` to a new file that only its owner may read; never overwrite one.
fn write_secret_file(out: &std::path::Path, text: &str, what: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(out).with_context(|| {
        format!(
            "cannot create the {what} {} (an existing file is never overwritten)",
            out.display()
        )
    })?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write the {what} {}", out.display()))?;
    Ok(())
}

fn write_bomb(rows: u64, shared_mb: u64, out: &std::path::Path) -> Result<ExitCode> {
    let bytes = vigil_app::import::workbook::workbook(rows, shared_mb.saturating_mul(1024 * 1024))?;
    fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    out!("{}: {} bytes, {rows} rows", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

fn new_backup_identity(out: &std::path::Path) -> Result<ExitCode> {
    let (text, recipient) = vigil_app::backup::new_identity();
    write_secret_file(out, &text, "identity file")?;
    out!("{recipient}");
    eprintln!(
        "identity written to {}; keep it off the server. Make backups for it with: vigil backup --recipient {recipient} --out FILE",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn open(args: &StoreArgs, demo: bool) -> Result<Store> {
    let target = choose_target(&args.data, args.database.as_deref())?;
    let store = Store::open_with(&target, key_source(args, demo)?).await?;
    tracing::debug!("opened {}", target.describe());
    Ok(store)
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let command = match cli.command {
        Command::Names(n) => return names(n),
        Command::Keys(KeysCommand::New { out }) => return new_key(&out),
        Command::Keys(KeysCommand::BackupIdentity { out }) => return new_backup_identity(&out),
        Command::Dev(DevCommand::XlsxBomb {
            rows,
            shared_mb,
            out,
        }) => return write_bomb(rows, shared_mb, &out),
        other => other,
    };
    let cli = Cli { command, ..cli };
    let demo = matches!(
        cli.command,
        Command::Serve { demo: true, .. }
            | Command::Demo(DemoCommand::Load)
            | Command::Dev(DevCommand::Generate { .. })
    );
    let mut store = open(&cli.store, demo).await?;
    match cli.command {
        Command::Init => {
            let target = choose_target(&cli.store.data, cli.store.database.as_deref())?;
            out!("store ready: {}", target.describe());
        }
        Command::Serve {
            addr,
            demo,
            behind_tls,
            require_admin_totp,
            trusted_proxies,
            confirmation_days,
            page_cache_mb,
        } => {
            if demo {
                report_demo(vigil_app::demo::load(&store).await?);
            }
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            let config = vigil_web::WebConfig {
                secure_cookies: behind_tls,
                login: vigil_app::accounts::LoginPolicy { require_admin_totp },
                import: cli.limits.limits(),
                trusted_proxies,
                confirmation_days: Some(confirmation_days),
                page_cache_bytes: Some(page_cache_mb * 1024 * 1024),
            };
            vigil_web::serve(store, config, addr, shutdown)
                .await
                .with_context(|| format!("cannot serve on {addr}"))?;
        }
        Command::Demo(DemoCommand::Load) => report_demo(vigil_app::demo::load(&store).await?),
        Command::Stats { format } => {
            let s = vigil_app::stats::stats(&store).await?;
            match format {
                Format::Json => out!("{}", serde_json::to_string_pretty(&s)?),
                Format::Text => {
                    out!(
                        "engine: {}, size on disk: {:.1} MB",
                        s.engine,
                        s.size_bytes as f64 / 1e6
                    );
                    out!("records:");
                    for (k, n) in &s.records {
                        out!("  {k:<20} {n:>9}");
                    }
                    out!("persons by status:");
                    for (k, n) in &s.persons_by_status {
                        out!("  {k:<30} {n:>9}");
                    }
                    out!("list versions:");
                    for v in &s.list_versions {
                        let published = v
                            .published_count
                            .map(|n| n.to_string())
                            .unwrap_or_else(|| "—".into());
                        out!(
                            "  {} — {}: published count {published}, entries recorded {}",
                            v.list,
                            v.date,
                            v.entries
                        );
                    }
                }
            }
        }
        Command::Audit(AuditCommand::Verify) => match vigil_storage::audit::verify(&store).await? {
            Verdict::Intact {
                entries,
                records,
                files,
            } => {
                out!(
                    "audit chain intact: {entries} entries; all {records} records match their last audited version; all {files} evidence files match their SHA-256"
                );
            }
            Verdict::BadFiles(damaged) => {
                report_damaged("damaged", &damaged);
                return Ok(ExitCode::FAILURE);
            }
            Verdict::BadEntry { seq, reason } => {
                eprintln!("audit chain broken at entry {seq}: {reason}");
                return Ok(ExitCode::FAILURE);
            }
            Verdict::BadRecord { id, kind, reason } => {
                eprintln!("record {kind} {id} fails verification: {reason}");
                return Ok(ExitCode::FAILURE);
            }
        },
        Command::Audit(AuditCommand::Log { limit }) => {
            for e in vigil_storage::audit::recent(&store, limit.max(1)).await? {
                let record = match (&e.record_kind, &e.record_id) {
                    (Some(k), Some(id)) => format!(" {k} {id}"),
                    _ => String::new(),
                };
                let detail = e.detail.map(|d| format!(" ({d})")).unwrap_or_default();
                out!(
                    "{:>6} {} {} {}{record}{detail}",
                    e.seq,
                    e.at,
                    e.actor,
                    e.action
                );
            }
        }
        Command::Files(FilesCommand::Add { file, visibility }) => {
            let bytes = read_bounded(&file, vigil_app::files::MAX_FILE_BYTES as u64)?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let f =
                vigil_app::files::add(&store, &Actor::cli(), &bytes, name.as_deref(), visibility)
                    .await?;
            out!(
                "file {} ({}, {} bytes, {visibility})",
                f.id,
                f.media_type,
                f.size
            );
            out!("sha256 {}", f.sha256);
            if let Some(copy) = &f.published_sha256 {
                out!("copy without metadata {copy}");
            }
        }
        Command::Files(FilesCommand::Get { id, out }) => {
            let record = match id.parse::<vigil_domain::AnyId>() {
                Ok(id) => store.get(id).await?,
                Err(_) => None,
            };
            let Some(vigil_domain::Record::File(f)) = record else {
                anyhow::bail!("no file with id {id}");
            };
            let bytes = vigil_app::files::original(&store, &Actor::cli(), &f).await?;
            let mut w = create_private(&out)?;
            w.write_all(&bytes)?;
            w.sync_all()?;
            out!("{} bytes, sha256 {} (checked)", bytes.len(), f.sha256);
        }
        Command::Backup {
            out,
            recipients,
            recipients_file,
        } => {
            let started = Instant::now();
            let mut all = recipients
                .iter()
                .map(|r| vigil_app::backup::Recipient::parse(r))
                .collect::<Result<Vec<_>, _>>()
                .context(RECIPIENT_HINT)?;
            if let Some(f) = &recipients_file {
                let text = fs::read_to_string(f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                all.extend(
                    vigil_app::backup::Recipient::parse_file(&text).context(RECIPIENT_HINT)?,
                );
            }
            // Written beside its destination and renamed when complete, so a
            // failed backup never leaves a file that looks whole.
            let tmp = out.with_extension("partial");
            let file = create_private(&tmp)?;
            let mut w = BufWriter::new(file);
            let done = vigil_app::backup::backup(&store, &Actor::cli(), &all, &mut w).await;
            let counts = match done {
                Ok(c) => c,
                Err(e) => {
                    drop(w);
                    let _ = fs::remove_file(&tmp);
                    return Err(e.into());
                }
            };
            w.flush()?;
            w.get_ref().sync_all()?;
            fs::rename(&tmp, &out).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "backup of {} records, {} files, {} audit entries written to {} for {} recipient(s) in {:.1} s",
                counts.records,
                counts.files,
                counts.audit,
                out.display(),
                all.len(),
                started.elapsed().as_secs_f64()
            );
        }
        Command::Restore {
            file,
            identity,
            from_key_file,
        } => {
            let started = Instant::now();
            let text = fs::read_to_string(&identity)
                .with_context(|| format!("cannot read the identity file {}", identity.display()))?;
            let identities = vigil_app::backup::read_identities(&text)?;
            let (origin, input) = restore_input(&file, from_key_file.as_deref())?;
            let counts = vigil_app::backup::restore(
                &store,
                &Actor::cli(),
                &identities,
                input,
                origin.as_ref(),
            )
            .await?;
            report_counts("restored", &counts, started);
        }
        Command::Export(ExportCommand::Bundle { out, allow_damaged }) => {
            let started = Instant::now();
            let counts = match &out {
                Some(path) => {
                    let tmp = path.with_extension("partial");
                    let file = create_private(&tmp)?;
                    let mut w = BufWriter::new(file);
                    let counts = match export_bundle(&store, &mut w, allow_damaged).await {
                        Ok(counts) => counts,
                        Err(e) => {
                            drop(w);
                            let _ = fs::remove_file(&tmp);
                            return Err(e);
                        }
                    };
                    w.flush()?;
                    w.get_ref().sync_all()?;
                    fs::rename(&tmp, path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    counts
                }
                None => {
                    let mut w = BufWriter::new(QuietStdout(std::io::stdout().lock()));
                    let counts = export_bundle(&store, &mut w, allow_damaged).await?;
                    w.flush()?;
                    counts
                }
            };
            report_counts("exported", &counts, started);
        }
        Command::Import(ImportCommand::Bundle {
            file,
            from_key_file,
            allow_damaged,
        }) => {
            let started = Instant::now();
            let (origin, input) = restore_input(&file, from_key_file.as_deref())?;
            let options = vigil_app::bundle::ImportOptions {
                origin: origin.as_ref(),
                allow_damaged,
            };
            let (counts, lacking) =
                vigil_app::bundle::import_with(&store, &Actor::cli(), input, options).await?;
            report_damaged("imported without their content", &lacking);
            report_counts("imported", &counts, started);
        }
        Command::Import(ImportCommand::Persons { file, run }) => {
            return import_persons(&store, &cli.limits.limits(), &file, run).await;
        }
        Command::User(UserCommand::Add { username, role }) => {
            let password = read_password()?;
            let user =
                vigil_app::accounts::add_user(&store, &Actor::cli(), &username, role, &password)
                    .await?;
            eprintln!("added {} ({})", user.username, user.role.label());
        }
        Command::User(UserCommand::Role { username, role }) => {
            vigil_app::accounts::set_role(&store, &Actor::cli(), &username, role).await?;
            eprintln!("{username} is now {}", role.label());
        }
        Command::User(UserCommand::Totp { username }) => {
            let url = vigil_app::accounts::enrol_totp(&store, &Actor::cli(), &username).await?;
            out!("{url}");
            eprintln!("add this address to {username}'s authenticator app; it is shown once");
        }
        // Handled above, before a store is opened.
        Command::Names(n) => return names(n),
        Command::Keys(KeysCommand::New { out }) => return new_key(&out),
        Command::Keys(KeysCommand::BackupIdentity { out }) => return new_backup_identity(&out),
        Command::Dev(DevCommand::XlsxBomb {
            rows,
            shared_mb,
            out,
        }) => return write_bomb(rows, shared_mb, &out),
        Command::Keys(KeysCommand::Rotate {
            new_key_file,
            new_passphrase_env,
        }) => rotate_key(&mut store, new_key_file, new_passphrase_env).await?,
        Command::Dev(DevCommand::SearchBench {
            persons,
            queries,
            seed,
        }) => bench::search(&store, persons, queries, seed).await?,
        Command::Merge(MergeCommand::Persons { keep, absorb }) => {
            let id = |s: &str| {
                s.trim()
                    .parse::<vigil_domain::Id<vigil_domain::records::Person>>()
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "“{}” is not a record id",
                            s.chars().take(40).collect::<String>()
                        )
                    })
            };
            let merged =
                vigil_app::merge::merge_persons(&store, &Actor::cli(), id(&keep)?, id(&absorb)?)
                    .await?;
            out!("{}", merged.merge);
            eprintln!(
                "merged {absorb} into {keep}; {} records now point at {keep}; undo with: vigil merge undo {}",
                merged.repointed, merged.merge
            );
        }
        Command::Review(ReviewCommand::List { format }) => review::list(&store, format).await?,
        Command::Review(ReviewCommand::Confirm { id }) => {
            review::decide(&store, &id, vigil_app::import::Verdict::Confirm).await?;
        }
        Command::Review(ReviewCommand::Link { id, person }) => {
            let person = person
                .trim()
                .parse()
                .with_context(|| format!("{person}: not a person id"))?;
            review::decide(&store, &id, vigil_app::import::Verdict::Link(person)).await?;
        }
        Command::Review(ReviewCommand::Reject { id }) => {
            review::decide(&store, &id, vigil_app::import::Verdict::Reject).await?;
        }
        Command::Merge(MergeCommand::Undo { merge }) => {
            vigil_app::merge::undo(&store, &Actor::cli(), &merge).await?;
            eprintln!("merge {merge} undone");
        }
        Command::Reindex => {
            let started = Instant::now();
            let rows = store.reindex().await?;
            eprintln!(
                "search index rebuilt: {rows} terms in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Command::Search {
            query,
            public,
            limit,
            format,
        } => {
            let limit = limit.clamp(1, 1_000);
            if public {
                return public_search(&store, &query, limit, format).await;
            }
            let hits = store
                .search(&query, vigil_domain::Visibility::Internal, limit)
                .await?;
            for h in &hits {
                match format {
                    Format::Json => out!(
                        "{}",
                        serde_json::json!({
                            "id": h.id.to_string(),
                            "kind": h.kind.as_str(),
                            "field": h.field,
                            "form": h.form,
                            "score": (h.score * 1000.0).round() / 1000.0,
                        })
                    ),
                    Format::Text => out!(
                        "{:.3}  {:<13} {}  {} ({})",
                        h.score,
                        h.kind.as_str(),
                        h.id,
                        h.form,
                        h.field
                    ),
                }
            }
            if hits.is_empty() {
                eprintln!("nothing found");
            }
        }
        Command::Dev(DevCommand::Generate { persons, seed }) => {
            if persons == 0 {
                bail!("--persons must be at least 1");
            }
            let started = Instant::now();
            let generated = vigil_app::generate::generate(&store, persons, seed, |n| {
                tracing::info!("generated {n} persons");
            })
            .await?;
            eprintln!(
                "generated {} persons (seed {seed}) in {:.1} s",
                generated.persons,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn report_demo(outcome: DemoOutcome) {
    match outcome {
        DemoOutcome::Loaded { records, files } => {
            eprintln!("demo loaded: {records} records, {files} files")
        }
        DemoOutcome::AlreadyLoaded => eprintln!("demo already loaded"),
    }
}
