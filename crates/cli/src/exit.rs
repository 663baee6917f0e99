//! The command line's one error mapping: what went wrong becomes a
//! documented exit code (README, "Exit codes") and, where the fix is a flag
//! or a command, a hint naming it. Storage and use cases name no flags; only
//! this front end knows them.

use std::process::ExitCode;

use vigil_app::AppError;
use vigil_storage::StorageError;
use vigil_storage::seal::SealError;

/// The exit codes, as the README documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Exit {
    /// Anything else: a failure on our side, a file that cannot be read.
    Failed = 1,
    // 2 is clap's: the command line itself is wrong.
    NotFound = 3,
    Forbidden = 4,
    /// The input breaks a rule: a bad file, a wrong date, a bad key's text.
    Invalid = 5,
    /// It clashes with what is stored.
    Conflict = 6,
    /// Confidential data needs the store's key, which was not given.
    Locked = 7,
    /// Stored data is damaged (an evidence file no longer matches its hash).
    Damaged = 8,
    /// The input passes a limit.
    TooLarge = 9,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

fn of_app(e: &AppError) -> Exit {
    match e {
        AppError::NotFound(_) => Exit::NotFound,
        AppError::Forbidden(_) => Exit::Forbidden,
        AppError::Invalid(_) => Exit::Invalid,
        AppError::Conflict(_) => Exit::Conflict,
        AppError::Locked(_) => Exit::Locked,
        AppError::Damaged(_) => Exit::Damaged,
        AppError::TooLarge(_) => Exit::TooLarge,
        AppError::Internal { .. } => Exit::Failed,
    }
}

fn of_storage(e: &StorageError) -> Exit {
    match e {
        StorageError::Rule(_)
        | StorageError::DanglingReference { .. }
        | StorageError::TooLarge { .. } => Exit::Invalid,
        StorageError::NotFound { .. } => Exit::NotFound,
        StorageError::AlreadyExists(_) | StorageError::StillReferenced { .. } => Exit::Conflict,
        StorageError::Locked(_) => Exit::Locked,
        StorageError::Corrupt(_) => Exit::Damaged,
        StorageError::Seal(SealError::BadKeyText) => Exit::Invalid,
        _ => Exit::Failed,
    }
}

/// The exit code for an error: the first cause that says what kind it is.
pub(crate) fn code(e: &anyhow::Error) -> Exit {
    e.chain()
        .find_map(|c| {
            c.downcast_ref::<AppError>()
                .map(of_app)
                .or_else(|| c.downcast_ref::<StorageError>().map(of_storage))
                .or_else(|| c.downcast_ref::<SealError>().map(|_| Exit::Invalid))
        })
        .unwrap_or(Exit::Failed)
}

/// What to do about it, when a flag or a command does it.
pub(crate) fn hint(e: &anyhow::Error) -> Option<&'static str> {
    let bad_key = e.chain().any(|c| {
        matches!(c.downcast_ref::<SealError>(), Some(SealError::BadKeyText))
            || matches!(
                c.downcast_ref::<StorageError>(),
                Some(StorageError::Seal(SealError::BadKeyText))
            )
    });
    match code(e) {
        Exit::Locked => Some(KEY_HINT),
        Exit::Invalid if bad_key => Some("`vigil keys new --out FILE` writes a key"),
        Exit::Damaged => Some(
            "`vigil audit verify` lists what is damaged in a store; `--allow-damaged` exports or imports a bundle without it",
        ),
        _ => None,
    }
}

const KEY_HINT: &str = "give the store's key with --key-file FILE (env VIGIL_KEY_FILE), VIGIL_KEY or VIGIL_PASSPHRASE; `vigil keys new --out FILE` makes one; a bundle sealed with another key needs that key too: `vigil import bundle --from-key-file FILE`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_error_has_its_documented_code() {
        let cases: Vec<(AppError, u8)> = vec![
            (AppError::not_found("person x"), 3),
            (AppError::forbidden("publish records"), 4),
            (AppError::invalid("a wrong date"), 5),
            (AppError::Conflict("taken".into()), 6),
            (AppError::Locked("confidential names".into()), 7),
            (AppError::Damaged("file 00ff".into()), 8),
            (AppError::TooLarge("over 8 MB".into()), 9),
            (AppError::internal("the store failed", "detail"), 1),
        ];
        for (e, want) in cases {
            let e = anyhow::Error::new(e).context("while importing");
            assert_eq!(code(&e) as u8, want, "{e:#}");
        }
        let locked = anyhow::Error::new(StorageError::Locked("names".into()));
        assert_eq!(code(&locked), Exit::Locked);
        assert!(hint(&locked).unwrap().contains("--key-file"));
        let bad_key = anyhow::Error::new(SealError::BadKeyText);
        assert_eq!(code(&bad_key), Exit::Invalid);
        assert!(hint(&bad_key).unwrap().contains("vigil keys new"));
        assert_eq!(code(&anyhow::anyhow!("cannot open x.csv")), Exit::Failed);
        assert_eq!(hint(&anyhow::anyhow!("cannot open x.csv")), None);
    }
}
