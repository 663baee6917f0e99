//! Reading a list file into a [`Table`] with bounded memory. Every limit is
//! checked while the file is read, before anything is expanded whole: an
//! XLSX workbook's parts are first inflated into nothing to measure them
//! (a ZIP's declared sizes can lie), then its first sheet is read one cell
//! at a time. A refusal names the limit it met.

use std::io::{Cursor, Read};

use vigil_domain::PartialDate;

use super::{MAX_NAME_CHARS, Row, input};
use crate::{AppError, Result};

/// How much a list file may hold. The defaults keep the memory a refused or
/// accepted file takes well under 300 MB; `vigil` reads other values from
/// `VIGIL_IMPORT_MAX_*` (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file as received, in bytes.
    pub file_bytes: u64,
    /// An XLSX workbook's parts once inflated, all together, in bytes; also
    /// the most text the cells of any list may hold together.
    pub expanded_bytes: u64,
    /// Rows under the header.
    pub rows: usize,
    /// Columns of a row.
    pub columns: usize,
    /// Cells in all, counting the empty ones before a filled one.
    pub cells: usize,
    /// Characters in one cell (a spreadsheet's own limit is 32,767).
    pub cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 64 * MB,
            expanded_bytes: 32 * MB,
            rows: 1_000_000,
            columns: 100,
            cells: 4_000_000,
            cell_chars: 32_767,
        }
    }
}

const MB: u64 = 1024 * 1024;

/// How many parts an XLSX workbook may have (a list's has about ten).
const MAX_PARTS: usize = 1_000;

fn too_large(what: String) -> AppError {
    AppError::TooLarge(what)
}

/// A limit in bytes as people set it: whole megabytes, or bytes.
fn megabytes(bytes: u64) -> String {
    if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

impl Limits {
    /// Refuse a file larger than [`Limits::file_bytes`] before it is read.
    pub fn check_file_size(&self, bytes: u64) -> Result<()> {
        if bytes > self.file_bytes {
            return Err(too_large(format!(
                "the file is larger than {}, the limit for a list file",
                megabytes(self.file_bytes)
            )));
        }
        Ok(())
    }
}

/// Cells gathered row by row, each limit checked as a cell arrives.
struct Grid<'l> {
    limits: &'l Limits,
    rows: Vec<Vec<String>>,
    cells: usize,
    text: u64,
}

impl<'l> Grid<'l> {
    fn new(limits: &'l Limits) -> Grid<'l> {
        Grid {
            limits,
            rows: Vec::new(),
            cells: 0,
            text: 0,
        }
    }

    /// Put a cell's text at (row, column), both from 0; row 0 is the header.
    fn put(&mut self, row: usize, col: usize, text: &str) -> Result<()> {
        let l = self.limits;
        if row > l.rows {
            return Err(too_large(format!(
                "the list has more than {} rows, the limit for one list; split the file",
                l.rows
            )));
        }
        if col >= l.columns {
            return Err(too_large(format!(
                "row {row} has more than {} columns, the limit for a list",
                l.columns
            )));
        }
        if text.chars().count() > l.cell_chars {
            return Err(too_large(format!(
                "a cell of row {row} holds more than {} characters, the limit for one cell",
                l.cell_chars
            )));
        }
        self.text += text.len() as u64;
        if self.text > l.expanded_bytes {
            return Err(too_large(format!(
                "the cells hold more than {} of text, the limit for a list",
                megabytes(l.expanded_bytes)
            )));
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            self.cells += col + 1 - cells.len();
            if self.cells > l.cells {
                return Err(too_large(format!(
                    "the list has more than {} cells, the limit for a list",
                    l.cells
                )));
            }
            cells.resize_with(col + 1, String::new);
        }
        cells[col] = text.to_owned();
        Ok(())
    }
}

/// Inflate every part of a ZIP archive into nothing, counting, and refuse it
/// when the parts together pass [`Limits::expanded_bytes`]. Memory stays at
/// the inflater's buffers whatever the archive declares.
fn check_expanded(bytes: &[u8], limits: &Limits) -> Result<()> {
    let malformed = |e: &dyn std::fmt::Display| {
        AppError::invalid(format!("the file is not an XLSX workbook: {e}"))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| malformed(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(too_large(format!(
            "the workbook has more than {MAX_PARTS} parts"
        )));
    }
    let limit = limits.expanded_bytes;
    let refusal = || {
        too_large(format!(
            "the workbook expands to more than {}, the limit for a workbook's contents",
            megabytes(limit)
        ))
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| malformed(&e))?;
        if total.saturating_add(part.size()) > limit {
            return Err(refusal());
        }
        let budget = limit - total;
        let read = std::io::copy(&mut part.take(budget + 1), &mut std::io::sink())
            .map_err(|e| malformed(&e))?;
        total += read;
        if total > limit {
            return Err(refusal());
        }
    }
    Ok(())
}

/// The columns a list's rows are read from, by header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub name: String,
    pub reference: Option<String>,
    pub number: Option<String>,
    /// A birth year or date, which tells namesakes apart.
    pub born: Option<String>,
}

/// A list as it was read: its header and the cells under it. Every way in
/// (the command line, the workspace) reads a file into a `Table` and then
/// takes its rows from chosen columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub cells: Vec<Vec<String>>,
}

fn header_is(h: &str, want: &str) -> bool {
    h.trim()
        .trim_start_matches('\u{feff}')
        .eq_ignore_ascii_case(want)
}

impl Table {
    fn new(header: Vec<String>, cells: Vec<Vec<String>>) -> Result<Table> {
        if header.iter().all(|h| h.trim().is_empty()) {
            return Err(input("the file has no header row"));
        }
        Ok(Table { header, cells })
    }

    /// A CSV or XLSX file, told apart by its content (an XLSX workbook is a
    /// ZIP archive), not by its name, within the default [`Limits`].
    pub fn read(bytes: &[u8]) -> Result<Table> {
        Table::read_within(bytes, &Limits::default())
    }

    /// A CSV or XLSX file, refused as soon as it passes one of `limits`.
    pub fn read_within(bytes: &[u8], limits: &Limits) -> Result<Table> {
        if looks_like_xlsx(bytes) {
            Table::from_xlsx(bytes, limits)
        } else {
            Table::from_csv(bytes, limits)
        }
    }

    /// The columns named `name`, `ref` and `number` (in any case), where the file has them.
    pub fn guess(&self) -> Option<Columns> {
        let find = |want: &str| {
            self.header
                .iter()
                .find(|h| header_is(h, want))
                .map(|h| h.trim().to_owned())
        };
        Some(Columns {
            name: find("name")?,
            reference: find("ref"),
            number: find("number"),
            born: find("born"),
        })
    }

    /// The rows, read from the columns named `name`, `ref` and `number`.
    pub fn rows_by_header(&self) -> Result<Vec<Row>> {
        let Some(columns) = self.guess() else {
            let found: Vec<&str> = self.header.iter().map(|h| h.trim()).collect();
            return Err(input(format!(
                "the file has no `name` column (its columns: {})",
                found.join(", ")
            )));
        };
        self.rows(&columns)
    }

    /// The rows, read from `columns`.
    pub fn rows(&self, columns: &Columns) -> Result<Vec<Row>> {
        let col = |want: &str| self.header.iter().position(|h| h.trim() == want.trim());
        let Some(name_col) = col(&columns.name) else {
            return Err(input(format!(
                "the file has no column “{}” (its columns: {})",
                clip(&columns.name),
                self.header
                    .iter()
                    .map(|h| h.trim())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let optional = |c: &Option<String>| -> Result<Option<usize>> {
            match c {
                None => Ok(None),
                Some(c) => col(c)
                    .map(Some)
                    .ok_or_else(|| input(format!("the file has no column “{}”", clip(c)))),
            }
        };
        rows_from_cells(
            name_col,
            optional(&columns.reference)?,
            optional(&columns.number)?,
            optional(&columns.born)?,
            &self.cells,
        )
    }
}

/// Rows from the cells under a header; empty lines are skipped.
fn rows_from_cells(
    name_col: usize,
    ref_col: Option<usize>,
    number_col: Option<usize>,
    born_col: Option<usize>,
    table: &[Vec<String>],
) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (i, cells) in table.iter().enumerate() {
        let row = i + 1;
        let cell = |c: Option<usize>| {
            c.and_then(|c| cells.get(c))
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|v| !v.is_empty())
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells
            .get(name_col)
            .is_some_and(|c| c.contains(['\n', '\r']))
        {
            return Err(input(format!(
                "row {row}: the name spans several lines (an unclosed quote?)"
            )));
        }
        let Some(name) = cell(Some(name_col)) else {
            return Err(input(format!("row {row}: the name is empty")));
        };
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(input(format!(
                "row {row}: the name is longer than {MAX_NAME_CHARS} characters"
            )));
        }
        if name.chars().any(|c| c.is_control()) {
            return Err(input(format!(
                "row {row}: the name contains control characters"
            )));
        }
        let number = match cell(number_col) {
            None => None,
            Some(n) => Some(n.parse::<u32>().map_err(|_| {
                input(format!(
                    "row {row}: the number “{}” is not a whole number",
                    clip(&n)
                ))
            })?),
        };
        let born = match cell(born_col) {
            None => None,
            Some(b) => Some(b.parse::<PartialDate>().map_err(|_| {
                input(format!(
                    "row {row}: the birth date “{}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                    clip(&b)
                ))
            })?),
        };
        rows.push(Row {
            row,
            name,
            reference: cell(ref_col),
            number,
            born,
        });
    }
    if rows.is_empty() {
        return Err(input("the file has no rows under its header"));
    }
    Ok(rows)
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

impl Table {
    /// Take the header (row 0) and the rows under it from a grid.
    fn from_grid(grid: Grid<'_>) -> Result<Table> {
        let mut rows = grid.rows.into_iter();
        let header = rows.next().unwrap_or_default();
        Table::new(header, rows.collect())
    }

    /// A CSV file (UTF-8, comma-separated, a header row).
    pub fn from_csv(bytes: &[u8], limits: &Limits) -> Result<Table> {
        limits.check_file_size(bytes.len() as u64)?;
        let text = std::str::from_utf8(bytes).map_err(|e| {
            input(format!(
                "the file is not UTF-8 text (first bad byte at offset {}); save it as CSV UTF-8",
                e.valid_up_to()
            ))
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut grid = Grid::new(limits);
        for (row, r) in reader.records().enumerate() {
            let r = r.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                input(format!("line {line}: not valid CSV"))
            })?;
            for (col, cell) in r.iter().enumerate() {
                grid.put(row, col, cell)?;
            }
        }
        Table::from_grid(grid)
    }
}

impl Table {
    /// The first sheet of an XLSX workbook.
    pub fn from_xlsx(bytes: &[u8], limits: &Limits) -> Result<Table> {
        limits.check_file_size(bytes.len() as u64)?;
        check_expanded(bytes, limits)?;
        // The workbook reader can panic on hostile input (fuzzing found an
        // arithmetic overflow on a cell reference such as `AAAAAAAAAAA1`):
        // such a file is refused like any other unreadable one.
        std::panic::catch_unwind(|| Table::read_xlsx(bytes, limits)).unwrap_or_else(|_| {
            Err(input(
                "the file is not an XLSX workbook Vigil can read (its sheet is malformed)",
            ))
        })
    }

    fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Table> {
        use calamine::{Data, DataRef, Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
            .map_err(|e| input(format!("the file is not an XLSX workbook: {e}")))?;
        let Some(first) = book.sheet_names().first().cloned() else {
            return Err(input("the workbook has no sheets"));
        };
        let unreadable = |e: calamine::XlsxError| {
            input(format!("the sheet “{}” cannot be read: {e}", clip(&first)))
        };
        let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
        let mut grid = Grid::new(limits);
        while let Some(cell) = cells.next_cell().map_err(unreadable)? {
            let (row, col) = cell.get_position();
            let (row, col) = (row as usize, col as usize);
            match cell.get_value() {
                DataRef::Empty => {}
                DataRef::SharedString(text) => grid.put(row, col, text)?,
                DataRef::String(text) => grid.put(row, col, text)?,
                other => grid.put(row, col, &Data::from(other.clone()).to_string())?,
            }
        }
        drop(cells);
        let mut grid = grid.rows;
        trim_leading_blanks(&mut grid);
        let mut rows = grid.into_iter();
        let Some(header) = rows.next() else {
            return Err(input("the first sheet is empty"));
        };
        Table::new(header, rows.collect())
    }
}

/// Drop the empty rows above a sheet's first filled one and the columns left
/// of its first filled column, as a spreadsheet's used range does.
fn trim_leading_blanks(rows: &mut Vec<Vec<String>>) {
    let blank = |r: &Vec<String>| r.iter().all(|c| c.is_empty());
    let top = rows.iter().take_while(|r| blank(r)).count();
    rows.drain(..top);
    let left = rows
        .iter()
        .filter(|r| !blank(r))
        .map(|r| r.iter().take_while(|c| c.is_empty()).count())
        .min()
        .unwrap_or(0);
    for r in rows.iter_mut() {
        r.drain(..left.min(r.len()));
    }
}

/// Rows of a CSV file, from its `name`, `ref` and `number` columns.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Row>> {
    Table::from_csv(bytes, &Limits::default())?.rows_by_header()
}

/// Rows of an XLSX workbook's first sheet, from its `name`, `ref` and `number` columns.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Row>> {
    Table::from_xlsx(bytes, &Limits::default())?.rows_by_header()
}

/// Whether the bytes are an XLSX workbook (a ZIP archive), by their content.
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Rows of a CSV or XLSX file (told apart by content), from its `name`, `ref` and `number` columns.
pub fn read_rows(bytes: &[u8]) -> Result<Vec<Row>> {
    Table::read(bytes)?.rows_by_header()
}
