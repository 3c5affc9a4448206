//! Import: a folder of CSV files or one workbook (`.xlsx`, also `.xls` and `.ods`) into a
//! [`Dataset`], checked like any other dataset, with every problem named by its file or
//! sheet, row and column header.
//!
//! Regions are named by id or name. One that the workbook's `regions` table does not define
//! is looked up among the regions of the template's built-in dataset
//! ([`builtin::regions_of_chain`](crate::builtin::regions_of_chain): `vrfb`, `vrfb-mini`
//! and `li-ion-storage` have one), and added to the dataset with every ancestor the table
//! does not define, after the table's regions, in the built-in dataset's order. A row of
//! the table replaces the built-in region of its id. Suggestions for an unknown region
//! come from both.
//!
//! The import reads in layers, each a file: `values` (dates, numbers, statuses and kinds
//! as planners write them), `tables` (the cells of a sheet or CSV file), `names` (names
//! looked up, the nearest suggested), and `importer` (each table bound to its layout, each
//! record read, every problem traced to its cell). Each uses only those before it.
//!
//! ```
//! use vrfb_chain::{builtin, sheets::import};
//! let firms = "企业名称,所在地区\n示例电堆公司,乐山高新区\n".as_bytes();
//! let d = import::from_csv_files(&[("firms.csv", firms)], &builtin::vrfb_chain()).unwrap();
//! let regions: Vec<&str> = d.regions.iter().map(|r| r.id.as_str()).collect();
//! assert_eq!(regions, ["cn", "cn-sc", "cn-sc-leshan", "cn-sc-leshan-hitech"]);
//! ```
//!
//! ```
//! use vrfb_chain::{builtin, sheets::import};
//! let regions = "地区编号,类型,地区名称\ncity-a,市,甲市\n".as_bytes();
//! let firms = "企业名称,所在地区\n示例新厂,甲市\n".as_bytes();
//! let makes = "企业,产品,状态\n示例新厂,电堆,在建\n示例新厂,电解液,在产\n".as_bytes();
//! let err = import::from_csv_files(&[("regions.csv", regions), ("firms.csv", firms), ("makes.csv", makes)], &builtin::minimal_chain())
//!     .unwrap_err();
//! let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
//! assert_eq!(lines.len(), 1, "{lines:?}");
//! assert!(lines[0].starts_with("makes.csv:3: 产品: unknown product 电解液; did you mean electrolyte (钒电解液)?"), "{}", lines[0]);
//! ```

mod importer;
mod names;
mod tables;
mod values;

use importer::Importer;
use tables::holds_a_table;
pub use tables::{read_csv, read_workbook, Cell, Row, Table};

use std::path::Path;

use super::layout::{self, TABLES};
use crate::dataset::Dataset;
use crate::error::{Problem, Result};
use crate::name::Name;
use crate::{Chain, Error, KnowledgeGraph};

/// Reads a date as the import reads one typed into a cell as text: `2025`, `2025-06`,
/// `2025-06-01`, `2025/6/1`, `2025.6.1`, `2025年6月1日`, `２０２５年６月`, `20250601`.
/// The command line reads `--as-of` with it, so that a date a planner writes in a sheet
/// is also understood there.
///
/// ```
/// use vrfb_chain::sheets::import::date_from_text;
/// assert_eq!(date_from_text("2025年6月").unwrap().to_string(), "2025-06");
/// assert_eq!(date_from_text("2025/6/1").unwrap().to_string(), "2025-06-01");
/// assert!(date_from_text("2025年底").unwrap_err().contains("write the month meant"));
/// ```
///
/// # Errors
/// What is wrong with the text and how to write the date, in one line.
pub fn date_from_text(text: &str) -> std::result::Result<crate::Date, String> {
    match values::text_date(text) {
        Ok(date) => Ok(date),
        Err(values::DateText::Calendar(e)) => Err(e.to_string()),
        Err(values::DateText::Shape) => Err(format!(
            "`{}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (2025, 2025-06, \
             2025-06-01; 2025/6/1 and 2025年6月 are read too)",
            crate::error::shorten(text.trim())
        )),
        Err(e) => Err(e.message(text.trim())),
    }
}

/// The stable id of a firm (prefix `firm`) or organization (prefix `org`) that has none:
/// `uscc-` and the credit code in lowercase when there is one; else the English name in
/// lowercase with every run of other characters than a-z and 0-9 made one `-`; else the
/// prefix and the 16 hex digits of the FNV-1a 64-bit hash of the name's UTF-8 bytes.
/// At most 64 characters.
///
/// ```
/// use vrfb_chain::{sheets::import::derive_id, Name};
/// assert_eq!(derive_id("firm", Some("91511100MA62XXXX0A"), &Name::new(Some("示例"), None)), "uscc-91511100ma62xxxx0a");
/// assert_eq!(derive_id("firm", None, &Name::new(Some("示例"), Some("Example Stack Co."))), "example-stack-co");
/// assert_eq!(derive_id("firm", None, &Name::new(Some("示例电堆"), None)), "firm-50f87a5591e1738c");
/// ```
pub fn derive_id(prefix: &str, credit_code: Option<&str>, name: &Name) -> String {
    if let Some(code) = credit_code {
        let code: String = code
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if !code.is_empty() {
            return cut(format!("uscc-{code}"));
        }
    }
    if let Some(en) = name.en.as_deref() {
        let mut slug = String::new();
        for c in en.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = cut(slug);
        let slug = slug.trim_end_matches('-');
        if !slug.is_empty() {
            return slug.to_string();
        }
    }
    let text = name
        .zh
        .as_deref()
        .or(name.en.as_deref())
        .unwrap_or("")
        .trim();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{prefix}-{hash:016x}")
}

fn cut(mut id: String) -> String {
    id.truncate(crate::MAX_ID_LEN);
    id
}

/// Reads and imports a workbook file, or a folder of CSV files, or one CSV file named after
/// its table (`firms.csv`, `企业.csv`), against a template.
///
/// # Errors
/// [`Error::Io`] when it cannot be read, [`Error::Invalid`] naming the file with every
/// problem found, each at its file or sheet, row and column.
pub fn from_path(path: impl AsRef<Path>, chain: &Chain) -> Result<Dataset> {
    let path = path.as_ref();
    let tables = read_path(path)?;
    from_tables(&tables, chain).map_err(|e| e.in_file(path))
}

/// Imports a workbook or CSV folder and builds the graph: [`from_path`], then
/// [`KnowledgeGraph::new`] (whose checks `from_path` has already made).
///
/// # Errors
/// As [`from_path`].
pub fn graph_from_path(path: impl AsRef<Path>, chain: &Chain) -> Result<KnowledgeGraph> {
    let dataset = from_path(path, chain)?;
    KnowledgeGraph::new(chain.clone(), dataset)
}

/// Reads the tables of a workbook, a folder of CSV files or one CSV file.
///
/// # Errors
/// [`Error::Io`] when the path cannot be read; [`Error::Invalid`] when a file is not a
/// workbook or not CSV, or a CSV file's name names no table.
pub fn read_path(path: &Path) -> Result<Vec<Table>> {
    let io = |e: std::io::Error, p: &Path| Error::io("read", e).in_file(p);
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| io(e, path))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| layout::is_text_table(p))
            .collect();
        files.sort();
        let mut tables = Vec::new();
        let mut problems = Vec::new();
        for file in files {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let named = layout::table_named(&name).is_some();
            let bytes = std::fs::read(&file).map_err(|e| io(e, &file))?;
            // A file not named after a table goes to the import, which reports it if
            // its headers are a table's; one that is not CSV text is passed over.
            match read_csv(&bytes, &name) {
                Ok(t) => tables.push(t),
                Err(p) if named => problems.push(p),
                Err(_) => {}
            }
        }
        if !problems.is_empty() {
            return Err(super::invalid(Some(path), problems));
        }
        if !tables.iter().any(holds_a_table) {
            return Err(super::invalid(
                Some(path),
                vec![Problem::new(
                    "",
                    format!(
                        "no table found: the folder needs CSV files named {}",
                        table_names()
                    ),
                )],
            ));
        }
        return Ok(tables);
    }
    let bytes = crate::read::file(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if layout::is_text_table(path) {
        if layout::table_named(&name).is_none() {
            return Err(super::invalid(
                Some(path),
                vec![Problem::new(name.as_str(), unnamed_csv(&bytes, &name))],
            ));
        }
        return read_csv(&bytes, &name)
            .map(|t| vec![t])
            .map_err(|p| super::invalid(Some(path), vec![p]));
    }
    read_workbook(&bytes, &name).map_err(|p| super::invalid(Some(path), vec![p]))
}

/// What to name a CSV file, given alone, whose name names no table: the table its
/// headers are, if they are one's.
fn unnamed_csv(bytes: &[u8], name: &str) -> String {
    let like = read_csv(bytes, name)
        .ok()
        .and_then(|t| layout::table_with_headers(&t.headers).map(|(l, h)| (l, h.join(", "))));
    match like {
        Some((l, headers)) => format!(
            "cannot tell which table this is from its name; its headers ({headers}) are those \
             of the {} ({}) table: name it {}.csv or {}.csv",
            l.key, l.zh, l.key, l.zh
        ),
        None => format!("cannot tell which table this is: name it {}", table_names()),
    }
}

fn table_names() -> String {
    TABLES
        .iter()
        .map(|t| format!("{}.csv ({}.csv)", t.key, t.zh))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Imports a workbook's bytes; `name` is what problems call it.
///
/// # Errors
/// As [`from_path`], without a file attached.
pub fn from_xlsx_bytes(bytes: &[u8], name: &str, chain: &Chain) -> Result<Dataset> {
    let tables = read_workbook(bytes, name).map_err(|p| super::invalid(None, vec![p]))?;
    from_tables(&tables, chain)
}

/// Imports CSV files given as (file name, bytes); each file name names its table.
///
/// # Errors
/// As [`from_path`], without a file attached.
pub fn from_csv_files(files: &[(&str, &[u8])], chain: &Chain) -> Result<Dataset> {
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for (name, bytes) in files {
        match read_csv(bytes, name) {
            Ok(t) => tables.push(t),
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(super::invalid(None, problems));
    }
    from_tables(&tables, chain)
}

/// Imports tables already read: resolves names to ids, checks the dataset on its own and
/// against the template, and reports every problem at its table, row and column.
///
/// # Errors
/// [`Error::Invalid`] with every problem found.
///
/// # Complexity
/// O(n) expected time in the number of cells, plus validation (O(n)); a suggestion for an
/// unknown name scans the names of its kind, for at most 100 problems of each table.
pub fn from_tables(tables: &[Table], chain: &Chain) -> Result<Dataset> {
    let mut importer = Importer::new(tables, chain);
    importer.run();
    importer.finish()
}
