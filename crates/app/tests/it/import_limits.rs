//! List files are read with bounded memory: a workbook that expands far
//! beyond its size, a huge cell, too many rows, columns or cells are refused
//! with the limit they met (`AppError::TooLarge`), before anything is
//! expanded whole. The bombs are written here, not committed.

use vigil_app::AppError;
use vigil_app::import::workbook::workbook;
use vigil_app::import::{Limits, Table};

const MB: u64 = 1024 * 1024;

fn refusal(read: Result<Table, AppError>) -> String {
    match read {
        Err(AppError::TooLarge(m)) => m,
        other => panic!("expected a refusal for size, got {other:?}"),
    }
}

#[test]
fn a_small_generated_workbook_reads() {
    let table = Table::read(&workbook(3, 10).unwrap()).unwrap();
    assert_eq!(table.header, ["name"]);
    assert_eq!(table.cells, vec![vec!["a".repeat(10)]; 3]);
}

#[test]
fn a_workbook_that_expands_to_many_rows_is_refused() {
    // 1.1 million rows: about 36 MB of sheet from a file of a few hundred KB.
    let bomb = workbook(1_100_000, 8).unwrap();
    assert!(bomb.len() < 2_000_000, "{} bytes", bomb.len());
    let err = refusal(Table::read(&bomb));
    assert!(err.contains("expands to more than 32 MB"), "{err}");
    // With room to expand, the row limit still holds.
    let roomy = Limits {
        expanded_bytes: 64 * MB,
        rows: 500_000,
        ..Limits::default()
    };
    let err = refusal(Table::read_within(&bomb, &roomy));
    assert!(err.contains("more than 500000 rows"), "{err}");
}

#[test]
fn a_workbook_with_one_huge_cell_is_refused() {
    let bomb = workbook(1, 40 * MB).unwrap();
    assert!(bomb.len() < 1_000_000, "{} bytes", bomb.len());
    let err = refusal(Table::read(&bomb));
    assert!(err.contains("expands to more than 32 MB"), "{err}");
    let roomy = Limits {
        expanded_bytes: 64 * MB,
        ..Limits::default()
    };
    let err = refusal(Table::read_within(&bomb, &roomy));
    assert!(err.contains("more than 32767 characters"), "{err}");
}

#[test]
fn each_limit_is_met_exactly() {
    let limits = Limits {
        file_bytes: 1000,
        rows: 2,
        columns: 3,
        cells: 8,
        cell_chars: 5,
        ..Limits::default()
    };
    let read = |csv: &str| Table::read_within(csv.as_bytes(), &limits);
    // At each limit: read.
    let ok = read("name,ref,n\nabcde,1,2\nfghij,3\n").unwrap();
    assert_eq!(ok.cells.len(), 2);
    // One past it: refused, naming the limit.
    for (csv, says) in [
        ("name\na\nb\nc\n", "more than 2 rows"),
        ("name,ref,n,x\na,1,2,3\n", "more than 3 columns"),
        ("name\nabcdef\n", "more than 5 characters"),
        ("name,ref,n\n,,\n,,x\n", "more than 8 cells"),
    ] {
        let err = refusal(read(csv));
        assert!(err.contains(says), "{csv:?}: {err}");
    }
    let err = refusal(read(&format!("name\n{}\n", "a,".repeat(600))));
    assert!(err.contains("larger than 1000 bytes"), "{err}");
    // A workbook's rows count the same way.
    let roomy = Limits {
        file_bytes: MB,
        cell_chars: 100,
        ..limits
    };
    let err = refusal(Table::read_within(&workbook(3, 8).unwrap(), &roomy));
    assert!(err.contains("more than 2 rows"), "{err}");
}
