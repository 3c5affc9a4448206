//! Spreadsheets in and out (feature `sheets`): import a dataset from a folder of CSV files
//! or one `.xlsx` workbook, and write the gap report and the dataset as workbooks or CSV.
//!
//! - [`layout`]: the tables and their columns (English or Chinese headers).
//! - [`import`]: reading CSV and `.xlsx` into a [`Dataset`](crate::Dataset), with every
//!   problem traced back to its file or sheet, row and column.
//! - [`dataset`]: the dataset written in the import layout, and the template workbook.
//! - [`report`]: the gap report as a workbook or CSV files, one table per section.
//! - [`encoding`]: UTF-8 (with or without BOM) and GBK/GB18030 CSV files.
//!
//! The whole layout, with every header and value recognised, is in `docs/spreadsheets.md`.
//!
//! ```
//! use vrfb_chain::{builtin, sheets};
//! let dataset = builtin::minimal_dataset();
//! let book = sheets::dataset::to_xlsx(&dataset).unwrap();
//! let back = sheets::import::from_xlsx_bytes(&book, "minimal.xlsx", &builtin::minimal_chain()).unwrap();
//! assert_eq!(back, dataset);
//! ```

mod cjk_dates;
pub mod dataset;
pub mod encoding;
pub mod import;
pub mod layout;
pub mod report;

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::error::{Document, Error, Problem, Result};

/// One cell value of a table to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        if text.is_empty() {
            Value::Empty
        } else {
            Value::Text(text.to_string())
        }
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        if text.is_empty() {
            Value::Empty
        } else {
            Value::Text(text)
        }
    }
}

impl From<Option<String>> for Value {
    fn from(text: Option<String>) -> Value {
        text.map_or(Value::Empty, Value::from)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Number(n as f64)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(f64::from(n))
    }
}

impl From<Option<f64>> for Value {
    fn from(n: Option<f64>) -> Value {
        n.map_or(Value::Empty, Value::Number)
    }
}

impl Value {
    /// The value as CSV text: numbers in Rust's shortest round-trip form, integers without
    /// a fraction.
    pub fn to_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(n) => number_text(*n),
        }
    }
}

pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A table to write: one sheet of a workbook, or one CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file name of its CSV, without `.csv` (ASCII).
    pub key: String,
    /// The sheet's name in a workbook (at most 31 characters).
    pub title: String,
    /// The header row.
    pub headers: Vec<String>,
    /// The rows, each as long as the header.
    pub rows: Vec<Vec<Value>>,
}

/// The width of text in Excel's column units: wide (CJK) characters count two.
fn text_width(text: &str) -> usize {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Io {
        file: None,
        action: "write",
        message: format!("cannot write the workbook: {e}"),
        kind: std::io::ErrorKind::InvalidData,
    }
}

/// Writes tables as one `.xlsx` workbook: bold frozen header rows, columns as wide as their
/// longest value (up to 60), and a fixed creation date so that the same tables give the same
/// bytes.
///
/// # Errors
/// [`Error::Io`] when the workbook cannot be written (a cell longer than Excel's 32,767
/// characters, a sheet name Excel refuses).
///
/// ```
/// use vrfb_chain::sheets::{write_xlsx, Sheet, Value};
/// let sheet = Sheet { key: "t".into(), title: "t".into(), headers: vec!["a".into()], rows: vec![vec![Value::Number(1.0)]] };
/// let bytes = write_xlsx(&[sheet.clone()]).unwrap();
/// assert_eq!(bytes, write_xlsx(&[sheet]).unwrap()); // deterministic
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn write_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 1).map_err(xlsx_error)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("vrfb-chain"),
    );
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.title).map_err(xlsx_error)?;
        let mut widths: Vec<usize> = sheet.headers.iter().map(|h| text_width(h)).collect();
        for (c, header) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, header, &bold)
                .map_err(xlsx_error)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, value) in row.iter().enumerate() {
                let col = c as u16;
                let width = match value {
                    Value::Empty => 0,
                    Value::Text(t) => {
                        ws.write_string(r, col, t).map_err(xlsx_error)?;
                        text_width(t)
                    }
                    Value::Number(n) => {
                        ws.write_number(r, col, *n).map_err(xlsx_error)?;
                        number_text(*n).len()
                    }
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
                .map_err(xlsx_error)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// One table as CSV text, UTF-8 with a byte-order mark so that Excel shows Chinese right.
///
/// ```
/// use vrfb_chain::sheets::{csv_bytes, Sheet, Value};
/// let sheet = Sheet { key: "t".into(), title: "t".into(), headers: vec!["名称".into()], rows: vec![vec!["a, b".into()]] };
/// assert_eq!(csv_bytes(&sheet).unwrap(), "\u{feff}名称\n\"a, b\"\n".as_bytes());
/// ```
///
/// # Errors
/// [`Error::Io`] when the CSV writer fails (it does not on memory).
pub fn csv_bytes(sheet: &Sheet) -> Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(&mut out);
        let io = |e: csv::Error| Error::Io {
            file: None,
            action: "write",
            message: e.to_string(),
            kind: std::io::ErrorKind::Other,
        };
        writer.write_record(&sheet.headers).map_err(io)?;
        for row in &sheet.rows {
            writer
                .write_record(row.iter().map(Value::to_text))
                .map_err(io)?;
        }
        writer.flush().map_err(|e| Error::io("write", e))?;
    }
    Ok(out)
}

/// Writes tables as CSV files `KEY.csv` in a folder, creating it when missing.
///
/// # Errors
/// [`Error::Io`] naming the file that cannot be written.
pub fn write_csv_dir(dir: &Path, sheets: &[Sheet]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("write", e).in_file(dir))?;
    for sheet in sheets {
        let path = dir.join(format!("{}.csv", sheet.key));
        let bytes = csv_bytes(sheet)?;
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", e).in_file(&path))?;
    }
    Ok(())
}

/// An [`Error::Invalid`] of the dataset with these problems, about `file`.
pub(crate) fn invalid(file: Option<&Path>, problems: Vec<Problem>) -> Error {
    Error::Invalid {
        file: file.map(Path::to_path_buf),
        document: Document::Dataset,
        problems,
    }
}
