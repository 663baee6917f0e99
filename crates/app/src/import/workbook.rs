//! Workbooks written for tests and measurements: a small XLSX writer that
//! streams a sheet's rows into the archive, so a workbook that expands to
//! gigabytes is made in little memory. Used to check that the reader
//! refuses what it must (`vigil dev xlsx-bomb`, the import tests).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::{AppError, Result};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="List" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::internal("writing a workbook failed", e.to_string())
}

/// A workbook whose first sheet has a `name` header and then `rows` rows,
/// each naming the one string of the shared-strings part: `shared_bytes`
/// letters (at least eight).
/// Either can make the workbook expand far beyond its size.
pub fn workbook(rows: u64, shared_bytes: u64) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    for (path, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        zip.start_file(path, opts).map_err(failed)?;
        zip.write_all(text.as_bytes()).map_err(failed)?;
    }
    zip.start_file("xl/sharedStrings.xml", opts)
        .map_err(failed)?;
    zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>")
        .map_err(failed)?;
    let chunk = [b'a'; 64 * 1024];
    let mut left = shared_bytes.max(8);
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        zip.write_all(&chunk[..n]).map_err(failed)?;
        left -= n as u64;
    }
    zip.write_all(b"</t></si></sst>").map_err(failed)?;
    zip.start_file("xl/worksheets/sheet1.xml", opts)
        .map_err(failed)?;
    zip.write_all(SHEET_START.as_bytes()).map_err(failed)?;
    zip.write_all(br#"<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>"#)
        .map_err(failed)?;
    // Rows and cells without their optional references: the sheet repeats
    // one run of bytes, as a bomb does.
    let row = br#"<row><c t="s"><v>0</v></c></row>"#.repeat(1024);
    let mut left = rows;
    while left > 0 {
        let n = left.min(1024) as usize;
        zip.write_all(&row[..n * row.len() / 1024])
            .map_err(failed)?;
        left -= n as u64;
    }
    zip.write_all(SHEET_END.as_bytes()).map_err(failed)?;
    Ok(zip.finish().map_err(failed)?.into_inner())
}
