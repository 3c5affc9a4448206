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

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use super::layout::{self, normalize, Column, TableKind, TableLayout, TABLES};
use crate::dataset::{
    Capacity, Dataset, Extra, Firm, Grade, Link, LinkKind, Makes, Organization, OrganizationKind,
    Region, RegionKind, Source, Status,
};
use crate::error::{Problem, Result};
use crate::name::Name;
use crate::{Chain, Date, Error, KnowledgeGraph};

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text (every CSV cell is text).
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// An Excel date: days since 1899-12-30, with the time as the fraction.
    Date(f64),
    /// An error value such as `#N/A`.
    Error(String),
    /// A formula whose value the file does not hold: a workbook written by a program
    /// and never opened and saved in Excel or WPS, which compute and save the values.
    Formula(String),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// One data row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its 1-based row number as the spreadsheet shows it (the line of a CSV file).
    pub line: usize,
    /// Its cells, in header order.
    pub cells: Vec<Cell>,
}

/// A table as read: the header row and the data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The CSV file name (`makes.csv`) or the sheet name (`makes`).
    pub name: String,
    /// Whether it is a sheet of a workbook (locations then read `sheet!C57`).
    pub in_workbook: bool,
    /// The header cells, as written.
    pub headers: Vec<String>,
    /// The data rows, empty rows left out.
    pub rows: Vec<Row>,
}

impl Table {
    /// Where a row, or a cell of it, is: `makes.csv:57: 产品`, or `makes!B57: 产品` in a
    /// workbook.
    pub fn location(&self, line: usize, column: Option<usize>) -> String {
        match (column, self.in_workbook) {
            (Some(c), true) => format!(
                "{}!{}{line}: {}",
                self.name,
                column_letters(c),
                self.headers.get(c).map_or("", |h| h.trim())
            ),
            (Some(c), false) => format!(
                "{}:{line}: {}",
                self.name,
                self.headers.get(c).map_or("", |h| h.trim())
            ),
            (None, _) => format!("{}:{line}", self.name),
        }
    }
}

/// `A`, `B`, ... `Z`, `AA` for a 0-based column index.
fn column_letters(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads one CSV file: UTF-8 (with or without BOM) or GBK/GB18030; the separator is
/// whichever of `,` `;` and tab the header line has most of.
///
/// # Errors
/// A [`Problem`] naming the file: not text in any encoding tried, empty, or not CSV.
pub fn read_csv(bytes: &[u8], name: &str) -> std::result::Result<Table, Problem> {
    let (text, _) = super::encoding::decode(bytes).map_err(|m| Problem::new(name, m))?;
    if text.trim().is_empty() {
        return Err(Problem::new(
            name,
            "the file is empty: it needs a header row, then one row per record",
        ));
    }
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (first.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                if headers.is_none() {
                    headers = Some(record.iter().map(str::to_string).collect::<Vec<_>>());
                    continue;
                }
                let cells: Vec<Cell> = record
                    .iter()
                    .map(|t| {
                        if t.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(t.to_string())
                        }
                    })
                    .collect();
                if cells.iter().all(Cell::is_empty) {
                    continue;
                }
                rows.push(Row { line, cells });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(Problem::new(
                    format!("{name}:{line}"),
                    format!("not CSV: {e}"),
                ));
            }
        }
    }
    Ok(Table {
        name: name.to_string(),
        in_workbook: false,
        headers: headers.unwrap_or_default(),
        rows,
    })
}

/// Reads every sheet of a workbook (the import passes over those not named after a table
/// of the layout, such as the template's instructions, unless their headers are a
/// table's). Formula cells give their saved values; a merged range gives its value to
/// every cell it covers; a cell in a date format is a [`Cell::Date`], also in the built-in
/// formats of a Chinese, Japanese or Korean Excel (`2024年3月5日`), which calamine alone
/// reads as numbers.
///
/// # Errors
/// A [`Problem`] naming the workbook when it cannot be opened (not a workbook, truncated,
/// encrypted), or a sheet when it cannot be read.
pub fn read_workbook(bytes: &[u8], name: &str) -> std::result::Result<Vec<Table>, Problem> {
    let defined = super::cjk_dates::with_date_formats(bytes);
    let mut book = open_workbook(defined.as_deref().unwrap_or(bytes), name)?;
    let merged = merged_regions(&mut book);
    let names = book.sheet_names();
    let sheets = names.join(", ");
    // Every sheet is read: one not named after a table is reported if its headers are a
    // table's ([`Importer::unnamed_table`]), else passed over (the template's
    // instructions).
    let mut tables = Vec::new();
    for sheet in names {
        let range = match book.worksheet_range(&sheet) {
            Ok(range) => range,
            Err(e) if layout::table_named(&sheet).is_some() => {
                return Err(Problem::new(
                    sheet.as_str(),
                    format!("cannot read the sheet: {e}"),
                ))
            }
            // Not a table's sheet (a chart sheet, say): nothing of it is imported.
            Err(_) => continue,
        };
        let merges = merged.get(&sheet).map_or(&[][..], Vec::as_slice);
        // A sheet whose formulas cannot be read is read for its values alone.
        let formulas = book.worksheet_formula(&sheet).ok();
        tables.push(sheet_table(sheet, &range, merges, formulas.as_ref()));
    }
    if !tables.iter().any(holds_a_table) {
        return Err(Problem::new(
            name,
            format!(
                "no sheet named firms (企业) or any other table: the workbook has {sheets}; the tables are {}",
                TABLES.iter().map(|t| format!("{} ({})", t.key, t.zh)).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    Ok(tables)
}

/// Opens a workbook's bytes: a zip archive (`.xlsx`, `.ods`) or an OLE compound file
/// (`.xls`); anything else, or a damaged file, is a problem naming the workbook.
fn open_workbook<'b>(
    bytes: &'b [u8],
    name: &str,
) -> std::result::Result<calamine::Sheets<Cursor<&'b [u8]>>, Problem> {
    if bytes.is_empty() {
        return Err(Problem::new(
            name,
            "the file is empty: it is not a workbook",
        ));
    }
    // A .xlsx or .ods file is a zip archive (PK); an .xls file an OLE compound file.
    if !bytes.starts_with(b"PK") && !bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        return Err(Problem::new(
            name,
            "not a workbook: an .xlsx file is a zip archive and this is not one (CSV text must be named .csv)",
        ));
    }
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Problem::new(
            name,
            format!("the workbook is damaged or truncated ({e}): open it in Excel and save it again as \"Excel Workbook (.xlsx)\""),
        )
    })
}

/// The merged ranges of each sheet, by sheet name: an `.xlsx` workbook's, none for the
/// other formats.
fn merged_regions(
    book: &mut calamine::Sheets<Cursor<&[u8]>>,
) -> HashMap<String, Vec<calamine::Dimensions>> {
    let mut merged: HashMap<String, Vec<calamine::Dimensions>> = HashMap::new();
    if let calamine::Sheets::Xlsx(x) = book {
        if x.load_merged_regions().is_ok() {
            for (sheet, _, dims) in x.merged_regions() {
                merged.entry(sheet.clone()).or_default().push(*dims);
            }
        }
    }
    merged
}

/// A sheet as a table: its first used row the headers, the other rows that hold a value
/// the data rows, both shifted right by the empty columns before the used range, so that
/// cell positions are the spreadsheet's.
fn sheet_table(
    sheet: String,
    range: &calamine::Range<Data>,
    merges: &[calamine::Dimensions],
    formulas: Option<&calamine::Range<String>>,
) -> Table {
    let Some((top, left)) = range.start() else {
        return Table {
            name: sheet,
            in_workbook: true,
            headers: Vec::new(),
            rows: Vec::new(),
        };
    };
    let mut grid: Vec<Vec<Cell>> = range
        .rows()
        .map(|r| r.iter().map(cell_of).collect())
        .collect();
    if let Some(formulas) = formulas {
        unsaved_formulas(&mut grid, formulas, (top, left));
    }
    fill_merged(&mut grid, merges, (top, left));
    let mut rows = grid.into_iter().enumerate();
    let headers = rows
        .next()
        .map(|(_, cells)| cells.iter().map(cell_text).collect())
        .unwrap_or_default();
    let rows = rows
        .filter(|(_, cells)| !cells.iter().all(Cell::is_empty))
        .map(|(i, cells)| Row {
            line: top as usize + i + 1,
            cells: std::iter::repeat_n(Cell::Empty, left as usize)
                .chain(cells)
                .collect(),
        })
        .collect();
    let headers = std::iter::repeat_n(String::new(), left as usize)
        .chain::<Vec<String>>(headers)
        .collect();
    Table {
        name: sheet,
        in_workbook: true,
        headers,
        rows,
    }
}

/// Marks each formula cell as [`Cell::Formula`] when the sheet holds no value of any of
/// its formulas: a workbook written by a program (openpyxl writes formulas with no value)
/// and never saved by Excel, LibreOffice or WPS, which compute and save every value.
/// (calamine reads a missing value as the empty text that a formula's `""` is saved as,
/// so one empty formula among computed ones is taken as its value.) `start` is the sheet
/// position of the grid's first cell; the grid grows to take a formula outside the
/// values' range. A formula in or above the header row is left alone.
fn unsaved_formulas(
    grid: &mut Vec<Vec<Cell>>,
    formulas: &calamine::Range<String>,
    start: (u32, u32),
) {
    let Some((f_top, f_left)) = formulas.start() else {
        return;
    };
    let cells: Vec<(usize, usize, &String)> = formulas
        .used_cells()
        .filter(|(_, _, f)| !f.trim().is_empty())
        .filter_map(|(r, c, f)| {
            let r = (f_top + r as u32).checked_sub(start.0)? as usize;
            let c = (f_left + c as u32).checked_sub(start.1)? as usize;
            (r > 0).then_some((r, c, f))
        })
        .collect();
    let valued = |cell: Option<&Cell>| cell.is_some_and(|c| !c.is_empty());
    if cells
        .iter()
        .any(|&(r, c, _)| valued(grid.get(r).and_then(|row| row.get(c))))
    {
        return;
    }
    for (r, c, formula) in cells {
        if grid.len() <= r {
            grid.resize_with(r + 1, Vec::new);
        }
        if grid[r].len() <= c {
            grid[r].resize(c + 1, Cell::Empty);
        }
        grid[r][c] = Cell::Formula(format!("={}", formula.trim_start_matches('=')));
    }
}

/// Gives each merged range's value (its top-left cell's) to every cell it covers; `start`
/// is the sheet position of the grid's first cell.
fn fill_merged(grid: &mut [Vec<Cell>], merges: &[calamine::Dimensions], start: (u32, u32)) {
    let (top, left) = start;
    let at = |r: u32, c: u32| -> Option<(usize, usize)> {
        Some((r.checked_sub(top)? as usize, c.checked_sub(left)? as usize))
    };
    for dims in merges {
        let Some(value) =
            at(dims.start.0, dims.start.1).and_then(|(r, c)| grid.get(r)?.get(c).cloned())
        else {
            continue;
        };
        for r in dims.start.0..=dims.end.0 {
            for c in dims.start.1..=dims.end.1 {
                if let Some(cell) = at(r, c).and_then(|(r, c)| grid.get_mut(r)?.get_mut(c)) {
                    *cell = value.clone();
                }
            }
        }
    }
}

/// A cell as calamine reads it.
fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Date(serial_1900(d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A date cell's serial in the 1900 date system: a workbook in the 1904 one (made by an
/// older Excel for Mac) counts from 1904-01-01, 1462 days later.
fn serial_1900(d: &calamine::ExcelDateTime) -> f64 {
    let serial = d.as_f64();
    let kind = calamine::ExcelDateTimeType::DateTime;
    if *d == calamine::ExcelDateTime::new(serial, kind, true) {
        serial + 1462.0
    } else {
        serial
    }
}

/// The text of a cell as a planner sees it.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty | Cell::Error(_) | Cell::Formula(_) => String::new(),
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => super::number_text(*n),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => match serial_date(*d) {
            Ok(day) => day.to_string(),
            Err(DateText::Leap1900) => LEAP_1900.to_string(),
            Err(DateText::TimeOnly) => time_text(*d),
            Err(_) => super::number_text(*d),
        },
    }
}

/// A time of day as Excel shows it, `HH:MM`, from the fraction of a day (0 to 1).
fn time_text(fraction: f64) -> String {
    let minutes = (fraction * 1440.0).round() as u32;
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// What Excel shows for serial 60, a day the calendar does not have.
const LEAP_1900: &str = "1900-02-29";

/// The day of an Excel date serial (1900 date system), the time dropped: serial 1 is
/// 1900-01-01. Excel counts a 29 February 1900 that never was (serial 60, refused), so
/// serials before it are days since 1899-12-31 and later ones days since 1899-12-30.
fn serial_date(serial: f64) -> Result<Date, DateText> {
    if (0.0..1.0).contains(&serial) {
        return Err(DateText::TimeOnly);
    }
    if !(1.0..2_958_466.0).contains(&serial) {
        return Err(DateText::NoExcelDay);
    }
    let day = serial.floor() as i64;
    let since_1899_12_30 = match day {
        60 => return Err(DateText::Leap1900),
        ..60 => day + 1,
        _ => day,
    };
    civil_date(since_1899_12_30 - 25_569).ok_or(DateText::NoExcelDay)
}

/// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> Option<Date> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(u16::try_from(year).ok()?, Some(month), Some(day))
}

/// A number in a date column, as a planner typed it in a General cell: a year (`2024`), a
/// month as YYYYMM (`202403`) or a day as YYYYMMDD (`20240305`). Any other number is not a
/// date: the cell shows the number (a date serial such as 45356 is a day only in a date
/// cell, though a `.xls` workbook reads the date cells of Chinese Excel's own formats as
/// serials, which the problem says), and a number with a point cannot hold a month (Excel
/// keeps 2024.10 as 2024.1).
fn number_date(n: f64) -> Result<Date, DateText> {
    let whole = n.fract() == 0.0;
    let (year, month, day) = match n as u32 {
        _ if !whole && (1000.0..10_000.0).contains(&n) => return Err(DateText::Point),
        v @ 1000..=9999 if whole => (v, None, None),
        10_000..=99_999 if whole => {
            return Err(serial_date(n).map_or(DateText::Number, DateText::Serial))
        }
        v @ 100_000..=999_999 if whole => (v / 100, Some(v % 100), None),
        v @ 10_000_000..=99_999_999 if whole => (v / 10_000, Some(v / 100 % 100), Some(v % 100)),
        _ => return Err(DateText::Number),
    };
    let part = |p: u32| p as u8;
    let text = super::number_text(n);
    Date::from_parts(&text, year as u16, month.map(part), day.map(part)).map_err(DateText::Calendar)
}

/// Reads a date written as text: `2025`, `2025-03`, `2025-03-01`, `2025/3/1`, `2025.3`,
/// `2025年3月1日` (or `1号`), `20250301`, `202503`, with spaces around the parts
/// (`2025 年 3 月`) and full-width characters (`２０２５年３月`) allowed; a time of day after
/// a day (`2025-03-01 10:30`, `2025-03-01T10:30:00`) is dropped. Any other text after the
/// date is refused, never dropped.
fn text_date(text: &str) -> Result<Date, DateText> {
    let folded = fold_width(text);
    let text = folded.trim();
    match text.parse::<Date>() {
        Ok(d) => return Ok(d),
        Err(e) if !e.is_shape() => return Err(DateText::Calendar(e)),
        Err(_) => {}
    }
    let ((year, month, day), rest) = date_parts(text)?;
    let number = |p: Option<&str>| p.map(str::parse::<u8>).transpose();
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<u16>(), number(month), number(day)) else {
        return Err(DateText::Shape);
    };
    let date = Date::from_parts(text, year, month, day).map_err(DateText::Calendar)?;
    let time = day.is_some() && rest.split(' ').next().is_some_and(is_time);
    match rest {
        "" => Ok(date),
        _ if time && is_time(rest) => Ok(date),
        _ if !time && rest.starts_with(|c: char| c.is_ascii_digit()) => Err(DateText::Shape),
        _ if month.is_none() && names_part_of_year(rest) => Err(DateText::PartOfYear(year)),
        _ => Err(DateText::Trailing {
            date: date.to_string(),
            rest: rest.to_string(),
        }),
    }
}

/// Full-width letters, digits and signs as their ASCII forms (`２０２４` is `2024`), and
/// the ideographic and no-break spaces as spaces.
fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match layout::half_width(c) {
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// The year, month and day of a date's text, and the text after them (without its leading
/// spaces): `2025-3-1`, `2025/3/1`, `2025.3.1` and `2025年3月1日` (or `1号`), with spaces
/// between the parts, or `20250301` and `202503`.
fn date_parts(text: &str) -> Result<DateParts<'_>, DateText> {
    let mut scan = Scan(text);
    let first = scan.digits().ok_or(DateText::Shape)?;
    let mut parts = match first.len() {
        4 => [Some(first), None, None],
        6 => [first.get(..4), first.get(4..), None],
        8 => [first.get(..4), first.get(4..6), first.get(6..)],
        _ => return Err(DateText::Shape),
    };
    if first.len() == 4 {
        // The month after `-` `/` `.` or 年, then the day after those or 月; 年 or 月 with
        // nothing after it ends the date (2025年, 2025年3月).
        for (i, marker) in [(1, '年'), (2, '月')] {
            scan.spaces();
            let Some(separator) = scan.eat(&['-', '/', '.', marker]) else {
                break;
            };
            scan.spaces();
            match scan.digits() {
                Some(d) if d.len() <= 2 => parts[i] = Some(d),
                None if separator == marker => break,
                _ => return Err(DateText::Shape),
            }
        }
        if parts[2].is_some() {
            scan.spaces();
            scan.eat(&['日', '号']);
        }
    }
    scan.spaces();
    let [Some(year), month, day] = parts else {
        return Err(DateText::Shape);
    };
    Ok(((year, month, day), scan.0))
}

/// A date's year, month and day as written, and the text after them.
type DateParts<'t> = ((&'t str, Option<&'t str>, Option<&'t str>), &'t str);

/// The text of a date not read yet.
struct Scan<'t>(&'t str);

impl<'t> Scan<'t> {
    fn spaces(&mut self) {
        self.0 = self.0.trim_start();
    }

    /// The ASCII digits at the front, if any.
    fn digits(&mut self) -> Option<&'t str> {
        let end = self
            .0
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.0.len());
        let (digits, rest) = self.0.split_at(end);
        self.0 = rest;
        Some(digits).filter(|d| !d.is_empty())
    }

    /// The character at the front, when it is one of these.
    fn eat(&mut self, these: &[char]) -> Option<char> {
        let c = self.0.chars().next().filter(|c| these.contains(c))?;
        self.0 = &self.0[c.len_utf8()..];
        Some(c)
    }
}

/// Whether the text is a time of day: `10:30`, `10:30:00`, `10:30:00.000`, after an
/// optional `T` (ISO 8601) and before an optional `Z`.
fn is_time(text: &str) -> bool {
    let text = text.strip_prefix('T').unwrap_or(text);
    let text = text.strip_suffix('Z').unwrap_or(text);
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (text, None),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let number = |f: &str, len: std::ops::RangeInclusive<usize>, max: u8| {
        len.contains(&f.len())
            && f.bytes().all(|b| b.is_ascii_digit())
            && f.parse::<u8>().is_ok_and(|v| v <= max)
    };
    let digits = |f: &str| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    matches!(fields.len(), 2 | 3)
        && number(fields[0], 1..=2, 23)
        && fields[1..].iter().all(|f| number(f, 2..=2, 59))
        && fraction.is_none_or(|f| fields.len() == 3 && digits(f))
}

/// Whether the text after a year names a part of it: a quarter (`Q1`, `一季度`), a half
/// (`H1`, `上半年`), its start, middle or end (`初`, `中`, `底`, `末`).
fn names_part_of_year(rest: &str) -> bool {
    let quarter_or_half = rest.starts_with(['Q', 'q', 'H', 'h'])
        && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    quarter_or_half
        || rest.contains('季')
        || rest.starts_with(['初', '中', '底', '末'])
        || rest.starts_with("上半")
        || rest.starts_with("下半")
}

/// Why a cell is not a date: text not in a date's shape (of a sheet, which takes Excel
/// dates too), a month or a day that the calendar does not have (said as the JSON reader
/// says it), or an Excel date cell that holds no day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DateText {
    Shape,
    Calendar(crate::date::DateError),
    /// A date cell with a time of day only (serial 0 to 1).
    TimeOnly,
    /// A date cell before 1900-01-01 or after 9999-12-31 (Excel shows neither).
    NoExcelDay,
    /// Serial 60: Excel's 1900-02-29, a day that never was.
    Leap1900,
    /// A number in a General cell that is not a year, YYYYMM or YYYYMMDD.
    Number,
    /// A five-digit number, the serial of this day in a date cell.
    Serial(Date),
    /// A number with a point after a year, such as 2024.03.
    Point,
    /// A part of this year, such as 2024Q1 or 2024年底.
    PartOfYear(u16),
    /// A date, then other text.
    Trailing {
        date: String,
        rest: String,
    },
}

impl DateText {
    /// The problem of a cell that shows `shown`.
    fn message(&self, shown: &str) -> String {
        let shown = crate::error::shorten(shown);
        match self {
            DateText::Number | DateText::Serial(_) | DateText::Point => {
                format!("`{shown}` is a number, not a date: {}", self.advice())
            }
            _ => format!("`{shown}` is not a date: {}", self.advice()),
        }
    }

    fn advice(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            DateText::PartOfYear(y) => return format!("a date is a year, a month or a day, not a quarter or a part of a year; write the month meant, such as {y}-01 or {y}-12").into(),
            DateText::Trailing { date, rest } => {
                let rest = crate::error::shorten(rest);
                return format!("`{rest}` after {date} is not part of a date; write one date alone").into();
            }
            DateText::Serial(d) => return format!("format the cell as a date (it would be {d}), or type the date as {d}; if Excel shows the cell as that date, the workbook is an .xls or .xlsb file: save it as .xlsx").into(),
            DateText::Number => "format the cell as a date, or type the date as 2024-03 or 2024-03-05 (a number is read only as a year 2024, a month 202403 or a day 20240305)",
            DateText::Point => "Excel stores 2024.10 as the number 2024.1, so the month after a point cannot be read; type 2024-03, or format the cell as text first",
            DateText::Shape => "use an Excel date, or YYYY, YYYY-MM or YYYY-MM-DD",
            DateText::Calendar(e) => e.reason(),
            DateText::TimeOnly => {
                "the cell holds a time of day and no day; enter the date, such as 2024-03-05"
            }
            DateText::NoExcelDay => "Excel dates run from 1900-01-01 to 9999-12-31",
            DateText::Leap1900 => {
                "1900 had no 29 February (Excel counts one that never was); enter the real date"
            }
        })
    }
}

/// A number written as text: `1500`, `1,500`, `1 500`, `12,345,678.5`, `-3`, `5e2`, and,
/// where `percent`, a share as `51%`; full-width digits and signs read as ASCII ones. A
/// comma (`,` `，`) or a space separates thousands only, between groups of three digits
/// of the whole part: `1,5`, `1,50` and `1.000,5` are refused, never read as 15, 150 or
/// 1.0005. A number followed by other text (`300 MW`, `3万吨`) is refused too.
fn text_number(text: &str, percent: bool) -> Result<f64, NumberText> {
    let folded = fold_width(text);
    let mut text = folded.trim();
    let share = text.strip_suffix('%').filter(|_| percent);
    if let Some(share) = share {
        text = share.trim_end();
    }
    let end = number_end(text);
    let (number, rest) = (text[..end].trim_end(), &text[end..]);
    if !number.bytes().any(|b| b.is_ascii_digit()) {
        return Err(NumberText::NotNumber);
    }
    if !rest.is_empty() {
        return Err(NumberText::WithUnit {
            number: number.to_string(),
            unit: rest.to_string(),
        });
    }
    let plain = ungrouped(number)?;
    // 33.3% is 33.3e-2, read as 0.333 (33.3 / 100 is 0.33299999999999996).
    let value = match share {
        Some(_) => format!("{plain}e-2").parse::<f64>(),
        None => plain.parse::<f64>(),
    };
    match value {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(NumberText::NotNumber),
    }
}

/// Where the number at the front of the text ends: after its digits, signs, points,
/// commas, spaces and exponent (`e3`).
fn number_end(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let exponent = matches!(c, 'e' | 'E')
            && chars
                .peek()
                .is_some_and(|(_, n)| n.is_ascii_digit() || matches!(n, '+' | '-'));
        if !(exponent || c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | ',' | ' ')) {
            return i;
        }
    }
    text.len()
}

/// The number without its thousands separators, which stand only between groups of
/// three digits of the whole part, after a first group of one to three.
fn ungrouped(number: &str) -> Result<String, NumberText> {
    let whole_end = number.find(['.', 'e', 'E']).unwrap_or(number.len());
    let (whole, fraction) = number.split_at(whole_end);
    let groups: Vec<&str> = whole
        .trim_start_matches(['+', '-'])
        .split([',', ' '])
        .collect();
    let grouped = groups.len() == 1
        || ((1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())));
    if !grouped || fraction.contains([',', ' ']) {
        return Err(NumberText::Separator {
            comma: number.contains(','),
        });
    }
    Ok(number.replace([',', ' '], ""))
}

/// Why a cell is not a number.
#[derive(Debug, Clone, PartialEq)]
enum NumberText {
    NotNumber,
    /// A comma or a space that does not separate thousands.
    Separator {
        comma: bool,
    },
    /// A number, then other text, such as a unit.
    WithUnit {
        number: String,
        unit: String,
    },
}

impl NumberText {
    /// The problem of a cell that shows `shown`, in a column of shares (`percent`) or
    /// with a unit column (`unit`, its header).
    fn message(&self, shown: &str, percent: bool, unit: Option<&str>) -> String {
        let advice = match (self, unit) {
            (NumberText::Separator { comma: true }, _) => {
                "write decimals with a point (1.5); a comma may only separate thousands (1,500)"
                    .to_string()
            }
            (NumberText::Separator { comma: false }, _) => {
                "a space may only separate thousands (1 500)".to_string()
            }
            (NumberText::WithUnit { number, unit: rest }, Some(column)) if !percent => {
                format!("write the number alone here ({number}) and its unit ({rest}) in {column}")
            }
            _ if percent => "write the share as 0.51 or 51%".to_string(),
            _ => return format!("`{}` is not a number", crate::error::shorten(shown)),
        };
        format!(
            "`{}` is not a number: {advice}",
            crate::error::shorten(shown)
        )
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
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
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
    let is_csv = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
    if is_csv {
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

/// Whether a table read is named after a table of the layout, or has the headers of one
/// (which the import then reports: [`Importer::unnamed_table`]).
fn holds_a_table(t: &Table) -> bool {
    layout::table_named(&t.name).is_some() || layout::table_with_headers(&t.headers).is_some()
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

/// Whether a table's records keep unknown columns in their `extra` (firms, organizations
/// and links).
fn keeps_extra(kind: TableKind) -> bool {
    !matches!(
        kind,
        TableKind::Dataset | TableKind::Sources | TableKind::Regions | TableKind::Makes
    )
}

/// Whether any row has a value in column `i`.
fn has_values(table: &Table, i: usize) -> bool {
    table
        .rows
        .iter()
        .any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
}

/// A table bound to its layout: which cell holds which column.
struct Bound<'t> {
    table: &'t Table,
    order: usize,
    layout: &'static TableLayout,
    columns: Vec<Option<usize>>,
    others: Vec<usize>,
    /// The lines of the rows that are no records (a totals row, a note), reported and
    /// not read; every line when the header row is a title.
    stray: HashSet<usize>,
}

impl<'t> Bound<'t> {
    fn index(&self, key: &str) -> Option<usize> {
        let i = self.layout.columns.iter().position(|c| c.key == key)?;
        self.columns[i]
    }
}

struct Located {
    order: usize,
    line: usize,
    column: usize,
    problem: Problem,
}

/// Where a record of the dataset came from.
#[derive(Clone, Copy)]
struct Origin {
    table: usize,
    line: usize,
}

struct Importer<'t> {
    chain: &'t Chain,
    /// The regions of the template's built-in dataset, if it has one.
    builtin_regions: &'static [Region],
    tables: Vec<Bound<'t>>,
    problems: Vec<Located>,
    /// JSON paths whose problem is already reported (with a suggestion).
    reported: HashSet<String>,
    suggestions: HashMap<usize, usize>,
    dataset: Dataset,
    origins: BTreeMap<String, Origin>,
}

/// A normalized name without the company form it ends with (`股份有限公司`, `集团`,
/// `co.,ltd.`): the part that tells one firm from another.
fn without_company_form(name: &str) -> &str {
    const FORMS: &[&str] = &[
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "co.,ltd.",
        "co.,ltd",
        "co.ltd.",
        "ltd.",
        "ltd",
        "inc.",
        "co.",
    ];
    let mut core = name;
    while let Some(rest) = FORMS.iter().find_map(|f| core.strip_suffix(f)) {
        core = rest.trim_end_matches([',', '.']);
    }
    core
}

/// A firm's tag as written, or the tag a Chinese word stands for: 链主 and 链主企业 (the
/// chain-leader firm) are `chain-leader`.
fn tag(written: String) -> String {
    match normalize(&written).as_str() {
        "链主" | "链主企业" => "chain-leader".to_string(),
        _ => written,
    }
}

/// The column of the layout that a table lacks (no header names it) and that `header` is
/// one character off ([`layout::is_near`]): the column most likely meant.
fn near_column(
    layout: &'static TableLayout,
    columns: &[Option<usize>],
    header: &str,
) -> Option<&'static Column> {
    let mut lacking = layout
        .columns
        .iter()
        .zip(columns)
        .filter(|(_, at)| at.is_none());
    lacking
        .find(|(c, _)| layout::is_near(c, header))
        .map(|(c, _)| c)
}

/// Whether the first cell of a row says it is a totals row: 合计, 总计 or 小计, or `Total`
/// or `Sum` with a capital (which no id has: `total` and `sum` may be ids, of a source
/// say, and a workbook the crate writes starts each row with one).
fn is_totals_word(text: &str) -> bool {
    let t = text.trim();
    [
        "合计", "总计", "小计", "合計", "總計", "Total", "TOTAL", "Sum", "SUM",
    ]
    .contains(&t)
}

/// Whether a cell's text is a note (`注：`, `说明：`, `备注:`, `Note:`) rather than a value.
fn is_note(text: &str) -> bool {
    let t = text.trim_start();
    ["注", "说明", "备注", "note", "Note", "NOTE"]
        .iter()
        .any(|w| {
            t.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with([':', '：']))
        })
}

fn by_name_key(text: &str) -> String {
    normalize(text)
}

/// An index from ids and names to ids; a name shared by several records is ambiguous.
#[derive(Default)]
struct Names {
    exact: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// Each record's id, the name a suggestion shows, and every name it is known by.
    entries: Vec<(String, String, Vec<String>)>,
    /// Where a name unknown here is looked up next (the template's built-in regions, for
    /// the regions of a workbook).
    fallback: Option<Box<Names>>,
}

impl Names {
    fn add(&mut self, id: &str, names: &[Option<&str>], name: &Name) {
        let i = self.entries.len();
        let shown = name
            .zh
            .clone()
            .or_else(|| name.en.clone())
            .unwrap_or_default();
        let mut keys: Vec<String> = names
            .iter()
            .flatten()
            .map(|n| by_name_key(n))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        self.exact.entry(id.to_string()).or_insert(i);
        for k in &keys {
            self.by_name.entry(k.clone()).or_default().push(i);
        }
        self.entries.push((id.to_string(), shown, keys));
    }

    /// The id, or Err(ids) when the name is shared, or Err(empty) when unknown here and in
    /// the fallback.
    fn find(&self, text: &str) -> std::result::Result<&str, Vec<&str>> {
        match self.find_here(text) {
            Err(many) if many.is_empty() => match &self.fallback {
                Some(next) => next.find(text),
                None => Err(many),
            },
            found => found,
        }
    }

    /// [`find`](Self::find) among this index's own records only.
    fn find_here(&self, text: &str) -> std::result::Result<&str, Vec<&str>> {
        if let Some(&i) = self.exact.get(text) {
            return Ok(&self.entries[i].0);
        }
        if let Some(&i) = self.exact.get(&text.to_lowercase()) {
            return Ok(&self.entries[i].0);
        }
        match self.by_name.get(&by_name_key(text)).map(Vec::as_slice) {
            Some([i]) => Ok(&self.entries[*i].0),
            Some(many) => Err(many.iter().map(|&i| self.entries[i].0.as_str()).collect()),
            None => Err(Vec::new()),
        }
    }

    /// The nearest id or name, here or in the fallback, shown as `id (name)`: the closest
    /// by Damerau-Levenshtein similarity, a name that contains the text (or is contained in
    /// it) counting as close; on a tie, this index's own record.
    fn suggest(&self, text: &str) -> Option<String> {
        let wanted = by_name_key(text);
        let here = self.nearest(&wanted);
        let next = self.fallback.as_ref().and_then(|f| f.nearest(&wanted));
        match (here, next) {
            (Some(h), Some(n)) if n.0 > h.0 => Some(n.1),
            (Some(h), _) => Some(h.1),
            (None, n) => n.map(|n| n.1),
        }
    }

    /// The best score of [`suggest`](Self::suggest) among this index's own records, with
    /// the record shown as `id (name)`.
    fn nearest(&self, wanted: &str) -> Option<(f64, String)> {
        let wanted_len = wanted.chars().count();
        if wanted_len == 0 {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        let wanted_core = without_company_form(wanted);
        for (i, (id, _, names)) in self.entries.iter().enumerate() {
            // A row without an id has nothing to suggest.
            if id.is_empty() {
                continue;
            }
            let mut score: f64 = 0.0;
            for c in std::iter::once(&by_name_key(id)).chain(names) {
                // `股份有限公司` alone is no likeness: compared without the company form.
                let core = without_company_form(c);
                let (w, c) = if wanted_core.is_empty() || core.is_empty() {
                    (wanted, c.as_str())
                } else {
                    (wanted_core, core)
                };
                let mut s = strsim::normalized_damerau_levenshtein(w, c);
                // One inside the other ranks high, the closer in length the higher: 乐山
                // is 乐山市 before 乐山高新区.
                if wanted_len >= 2 && !c.is_empty() && (c.contains(w) || w.contains(c)) {
                    s = 0.8 + 0.19 * s;
                }
                score = score.max(s);
            }
            if score >= 0.5 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, i));
            }
        }
        best.map(|(score, i)| {
            let (id, shown, _) = &self.entries[i];
            if shown.is_empty() || shown == id {
                (score, id.clone())
            } else {
                (score, format!("{id} ({shown})"))
            }
        })
    }
}

/// The ids of the regions the dataset defines.
fn defined_regions(dataset: &Dataset) -> HashSet<&str> {
    dataset.regions.iter().map(|r| r.id.as_str()).collect()
}

/// The items of a list cell (tags, sources: ids, which hold no space or `/`): separated
/// by `;` `,` `、` (or their full-width forms), a line break, a space or a `/`.
fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ';' | '；' | ',' | '，' | '、' | '/' | '／' | '|')
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .map(str::to_string)
    .collect()
}

fn parse_status(text: &str) -> Option<Status> {
    let t = normalize(text);
    if let Some(s) = Status::ALL.iter().find(|s| s.as_str() == t) {
        return Some(*s);
    }
    // `已投产`, `运营中`: the words with 已 (done) before them or 中 (in progress) after
    // them are the words.
    let t = t.strip_prefix('已').filter(|w| !w.is_empty()).unwrap_or(&t);
    let t = t.strip_suffix('中').filter(|w| !w.is_empty()).unwrap_or(t);
    Some(match t {
        "在产" | "运营" | "投产" | "生产" | "运行" | "正常" | "达产" | "建成" | "试生产"
        | "试运行" => Status::Operating,
        "在建" | "建设" | "施工" | "开工" => Status::Building,
        "签约" | "拟建" | "拟建设" | "筹备" | "规划" | "计划" | "筹建" | "拟投资" => {
            Status::Announced
        }
        "停产" | "关闭" | "关停" | "注销" | "退出" | "停止" => Status::Closed,
        _ => return None,
    })
}

fn parse_grade(text: &str) -> Option<Grade> {
    let t = normalize(text).replace(['级', '类'], "");
    Some(match t.as_str() {
        "a" | "甲" => Grade::A,
        "b" | "乙" => Grade::B,
        "c" | "丙" => Grade::C,
        _ => return None,
    })
}

fn parse_region_kind(text: &str) -> Option<RegionKind> {
    let t = normalize(text);
    if let Some(k) = RegionKind::ALL.iter().find(|k| k.as_str() == t) {
        return Some(*k);
    }
    Some(match t.as_str() {
        "国家" | "国" => RegionKind::Country,
        "省" | "省份" | "自治区" | "直辖市" => RegionKind::Province,
        "市" | "城市" | "地级市" | "州" => RegionKind::City,
        "区" | "县" | "区县" | "县区" | "县级市" => RegionKind::District,
        "开发区" | "高新区" | "经开区" | "新区" => RegionKind::Zone,
        "园区" | "产业园" | "工业园" => RegionKind::Park,
        "其他" => RegionKind::Other,
        _ => return None,
    })
}

fn parse_org_kind(text: &str) -> Option<OrganizationKind> {
    let t = normalize(text);
    if let Some(k) = OrganizationKind::ALL.iter().find(|k| k.as_str() == t) {
        return Some(*k);
    }
    Some(match t.as_str() {
        "联盟" | "产业联盟" | "协会" => OrganizationKind::Alliance,
        "科研院所" | "研究院" | "研究所" | "科研" => OrganizationKind::Research,
        "高校" | "大学" | "学院" => OrganizationKind::University,
        "政府" | "政府部门" | "管委会" => OrganizationKind::Government,
        "平台" => OrganizationKind::Platform,
        "其他" => OrganizationKind::Other,
        _ => return None,
    })
}

fn parse_link_kind(text: &str) -> Option<LinkKind> {
    let t = normalize(text);
    if let Some(k) = LinkKind::ALL.iter().find(|k| normalize(k.as_str()) == t) {
        return Some(*k);
    }
    Some(match t.as_str() {
        "供货" | "供应" | "销售" => LinkKind::Supplies,
        "持股" | "控股" | "参股" | "投资" | "股权" => LinkKind::Owns,
        "合作" | "战略合作" | "合资" => LinkKind::PartnersWith,
        "成员" | "会员" | "成员单位" => LinkKind::MemberOf,
        "技术转让" | "技术许可" | "技术转移" => LinkKind::TransfersTechnology,
        _ => return None,
    })
}

/// Whether a link kind says that `from` buys (采购, 购买): the opposite direction of
/// supplies, which a row cannot be trusted to have turned round.
fn is_purchase(text: &str) -> bool {
    let t = normalize(text);
    t.contains("采购") || t.contains("购买") || t == "purchases" || t == "buys"
}

fn one_of<T: Copy>(all: &[T], show: impl Fn(&T) -> &'static str) -> String {
    all.iter().map(show).collect::<Vec<_>>().join(", ")
}

impl<'t> Importer<'t> {
    fn new(tables: &'t [Table], chain: &'t Chain) -> Importer<'t> {
        let mut importer = Importer {
            chain,
            builtin_regions: crate::builtin::regions_of_chain(&chain.id),
            tables: Vec::new(),
            problems: Vec::new(),
            reported: HashSet::new(),
            suggestions: HashMap::new(),
            dataset: Dataset {
                chain: chain.id.clone(),
                ..Dataset::default()
            },
            origins: BTreeMap::new(),
        };
        let mut seen: HashMap<TableKind, usize> = HashMap::new();
        for (order, table) in tables.iter().enumerate() {
            let Some(layout) = layout::table_named(&table.name) else {
                if let Some(kind) = importer.unnamed_table(order, table) {
                    // Reported as that table misnamed: not missing as well.
                    seen.entry(kind).or_insert(order);
                }
                continue;
            };
            if let Some(&first) = seen.get(&layout.kind) {
                let other = tables[first].name.clone();
                importer.problem(
                    order,
                    0,
                    Problem::new(
                        table.name.as_str(),
                        format!(
                            "a second {} table (the first is {other}): put all rows in one",
                            layout.key
                        ),
                    ),
                );
                continue;
            }
            seen.insert(layout.kind, order);
            importer.bind(order, table, layout);
        }
        if !seen.contains_key(&TableKind::Firms) {
            let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
            importer.problem(usize::MAX, 0, Problem::new("", format!(
                "missing table firms (企业): no sheet or CSV file of that name among [{}]; the tables are {}",
                names.join(", "),
                TABLES.iter().map(|t| format!("{} ({})", t.key, t.zh)).collect::<Vec<_>>().join(", ")
            )));
        }
        importer.tables.sort_by_key(|b| b.layout.kind);
        importer
    }

    fn problem(&mut self, order: usize, line: usize, problem: Problem) {
        self.problem_at(order, line, usize::MAX, problem);
    }

    /// A sheet or CSV file not named after a table is passed over, unless its header row
    /// names the columns of one and a row holds a value: then it is a problem, for its
    /// rows would be lost (a makes sheet renamed `企业产品` left every firm without its
    /// products, and said nothing).
    /// Returns the table it is reported as.
    fn unnamed_table(&mut self, order: usize, table: &Table) -> Option<TableKind> {
        let (layout, named) = layout::table_with_headers(&table.headers)?;
        if table
            .rows
            .iter()
            .all(|r| r.cells.iter().all(Cell::is_empty))
        {
            return None;
        }
        let rename = if table.in_workbook {
            format!("rename the sheet {}", layout.sheet_name())
        } else {
            format!("rename the file {}.csv or {}.csv", layout.key, layout.zh)
        };
        let message = format!(
            "not named after a table, but its headers ({}) are those of the {} ({}) table: \
             {rename}, or delete it if it holds nothing to import",
            named.join(", "),
            layout.key,
            layout.zh
        );
        self.problem(order, 0, Problem::new(table.name.as_str(), message));
        Some(layout.kind)
    }

    fn problem_at(&mut self, order: usize, line: usize, column: usize, problem: Problem) {
        self.problems.push(Located {
            order,
            line,
            column,
            problem,
        });
    }

    /// Binds a table to its layout: which cell holds which column, with every problem of
    /// its header row (at row 1).
    fn bind(&mut self, order: usize, table: &'t Table, layout: &'static TableLayout) {
        if self.title_row(order, table, layout) {
            self.tables.push(Bound {
                table,
                order,
                layout,
                columns: vec![None; layout.columns.len()],
                others: Vec::new(),
                stray: table.rows.iter().map(|r| r.line).collect(),
            });
            return;
        }
        let stray = self.stray_rows(order, table, layout);
        let (columns, mut others) = self.match_headers(order, table, layout);
        self.check_columns(order, table, layout, &columns);
        if keeps_extra(layout.kind) {
            let repeated = self.check_other_headers(order, table, layout, &columns, &others);
            others.retain(|i| !repeated.contains(i));
        } else {
            // Unknown columns are kept only where the dataset has an extra.
            self.reject_unknown_columns(order, table, layout, &columns, &others);
            others.clear();
        }
        self.tables.push(Bound {
            table,
            order,
            layout,
            columns,
            others,
            stray,
        });
    }

    /// Whether row 1 is a title above the header row (one cell, and the next row names
    /// two columns of the table or more): reported once, instead of a missing column for
    /// each column and a problem for each row.
    fn title_row(&mut self, order: usize, table: &Table, layout: &TableLayout) -> bool {
        // One cell, or one merged over several (each then holds the title).
        let mut filled = table
            .headers
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty());
        let Some(title) = filled.next() else {
            return false;
        };
        if filled.any(|h| h != title) {
            return false;
        }
        let Some(next) = table.rows.first() else {
            return false;
        };
        let next: Vec<String> = next.cells.iter().map(cell_text).collect();
        let named = next
            .iter()
            .filter(|h| !h.is_empty() && layout.columns.iter().any(|c| c.matches(h)))
            .count();
        if named < 2 {
            return false;
        }
        let message = format!(
            "row 1 holds a title ({}), and the column names are in row {}: delete the rows \
             above the column names, so that row 1 names the columns",
            crate::error::shorten(title),
            table.rows[0].line
        );
        self.header_problem(order, &table.name, message);
        true
    }

    /// The rows that are no record: a totals row (合计, 总计, 小计, total) and a note (one
    /// cell, starting 注： or note:), each reported at its row.
    fn stray_rows(&mut self, order: usize, table: &Table, layout: &TableLayout) -> HashSet<usize> {
        // Where a note of a record goes in this table.
        let put = match layout.column("note") {
            Some(c) => format!(
                ", or put the note in the {} column of its record",
                c.header()
            ),
            None if keeps_extra(layout.kind) => {
                ", or put the note in a column of your own (kept in the record's extra)".into()
            }
            None => String::new(),
        };
        let mut stray = HashSet::new();
        for row in &table.rows {
            let texts: Vec<String> = row
                .cells
                .iter()
                .map(cell_text)
                .filter(|t| !t.is_empty())
                .collect();
            let Some(first) = texts.first() else { continue };
            let message = if is_totals_word(first) {
                format!("a totals row ({first}): delete it; a table holds one record per row")
            } else if texts.len() == 1 && is_note(first) {
                format!("a note, not a record: delete the row{put}")
            } else {
                continue;
            };
            let at = table.location(row.line, None);
            self.problem_at(order, row.line, 0, Problem::new(at, message));
            stray.insert(row.line);
        }
        stray
    }

    /// A problem of a table's header row.
    fn header_problem(&mut self, order: usize, location: &str, message: impl Into<String>) {
        self.problem(order, 1, Problem::new(location, message));
    }

    /// The cell of each layout column, and the cells of the other columns; a column with
    /// values but no header, and a column named twice, are problems.
    fn match_headers(
        &mut self,
        order: usize,
        table: &Table,
        layout: &'static TableLayout,
    ) -> (Vec<Option<usize>>, Vec<usize>) {
        let mut columns: Vec<Option<usize>> = vec![None; layout.columns.len()];
        let mut others = Vec::new();
        for (i, header) in table.headers.iter().enumerate() {
            if header.trim().is_empty() {
                if has_values(table, i) {
                    self.header_problem(
                        order,
                        &table.location(1, Some(i)),
                        "a column with values has no header",
                    );
                }
                continue;
            }
            match layout.columns.iter().position(|c| c.matches(header)) {
                Some(c) if columns[c].is_some() => self.header_problem(
                    order,
                    &table.location(1, Some(i)),
                    format!("a second {} column: keep one", layout.columns[c].header()),
                ),
                Some(c) => columns[c] = Some(i),
                None => others.push(i),
            }
        }
        (columns, others)
    }

    /// The columns a table needs: a header row, every required column, and a name in
    /// Chinese or English where the table has names.
    fn check_columns(
        &mut self,
        order: usize,
        table: &Table,
        layout: &'static TableLayout,
        columns: &[Option<usize>],
    ) {
        if table.headers.iter().all(|h| h.trim().is_empty()) {
            self.header_problem(
                order,
                &table.name,
                "no header row: the first row names the columns",
            );
            return;
        }
        let missing = layout
            .columns
            .iter()
            .zip(columns)
            .filter(|(c, at)| c.required && at.is_none());
        for (c, _) in missing {
            self.header_problem(order, &table.name, format!("missing column {}", c.header()));
        }
        let has = |key: &str| {
            layout
                .columns
                .iter()
                .position(|c| c.key == key)
                .and_then(|i| columns[i])
                .is_some()
        };
        if layout.column("name_zh").is_some() && !has("name_zh") && !has("name_en") {
            self.header_problem(
                order,
                &table.name,
                "missing column 名称 (name_zh) or 英文名称 (name_en)",
            );
        }
    }

    /// The headers of the columns that are not the table's, with values: one close to a
    /// column the table lacks is taken for a misspelling of it (`英文名` for `英文名称`,
    /// `信息来源` for `来源`), and a header given twice loses the second column's values.
    /// Both are problems: the values would go into `extra`, or nowhere, without a word.
    /// Returns the columns whose header repeats another's (reported once, here).
    fn check_other_headers(
        &mut self,
        order: usize,
        table: &Table,
        layout: &'static TableLayout,
        columns: &[Option<usize>],
        others: &[usize],
    ) -> Vec<usize> {
        let mut repeated = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for &i in others.iter().filter(|&&i| has_values(table, i)) {
            let header = table.headers[i].trim();
            let at = table.location(1, Some(i));
            if seen.insert(normalize(header), i).is_some() {
                let message = format!(
                    "a second column named {header}: its values would be lost; give one of \
                     them another header"
                );
                self.header_problem(order, &at, message);
                repeated.push(i);
                continue;
            }
            if let Some(near) = near_column(layout, columns, header) {
                let message = format!(
                    "unknown column; did you mean {}? (A column of your own is kept in the \
                     record's extra: give it a header unlike the table's columns)",
                    near.header()
                );
                self.header_problem(order, &at, message);
            }
        }
        repeated
    }

    /// An unknown column with values, in a table whose records have no `extra` to keep it
    /// in, is a problem, which names the column meant when the header is one character off
    /// a column the table lacks.
    fn reject_unknown_columns(
        &mut self,
        order: usize,
        table: &Table,
        layout: &'static TableLayout,
        columns: &[Option<usize>],
        others: &[usize],
    ) {
        let all: Vec<String> = layout.columns.iter().map(Column::header).collect();
        for &i in others.iter().filter(|&&i| has_values(table, i)) {
            let meant = near_column(layout, columns, &table.headers[i]).map_or_else(
                || "the".to_string(),
                |c| format!("did you mean {}? The", c.header()),
            );
            let message = format!(
                "unknown column: {meant} columns of {} are {}",
                layout.key,
                all.join(", ")
            );
            self.header_problem(order, &table.location(1, Some(i)), message);
        }
    }

    /// What the template's help row says a column of table `t` takes, in English with
    /// the Chinese words: the one list of the words a cell may hold.
    fn help(&self, t: usize, key: &str) -> &'static str {
        let columns = self.tables[t].layout.columns;
        columns
            .iter()
            .find(|c| c.key == key)
            .map_or("", |c| c.en_help)
    }

    fn bound(&self, kind: TableKind) -> Option<usize> {
        self.tables.iter().position(|b| b.layout.kind == kind)
    }

    fn cell(&self, t: usize, row: &'t Row, key: &str) -> Option<(usize, &'t Cell)> {
        let i = self.tables[t].index(key)?;
        let c = row.cells.get(i)?;
        if c.is_empty() {
            None
        } else {
            Some((i, c))
        }
    }

    fn at(&self, t: usize, row: &'t Row, key: &str) -> String {
        let b = &self.tables[t];
        b.table.location(row.line, b.index(key))
    }

    fn report(&mut self, t: usize, row: &'t Row, key: &str, message: impl Into<String>) {
        let loc = self.at(t, row, key);
        let order = self.tables[t].order;
        let column = self.tables[t].index(key).unwrap_or(usize::MAX);
        self.problem_at(order, row.line, column, Problem::new(loc, message));
    }

    /// The cell of column `key`, unless it is empty or holds no value to read: an error
    /// value or a formula without its value, which [`Importer::unreadable_cells`]
    /// reports (its column's reader takes it as empty).
    fn value(&self, t: usize, row: &'t Row, key: &str) -> Option<&'t Cell> {
        let (_, cell) = self.cell(t, row, key)?;
        (!matches!(cell, Cell::Error(_) | Cell::Formula(_))).then_some(cell)
    }

    fn text(&mut self, t: usize, row: &'t Row, key: &str) -> Option<String> {
        self.value(t, row, key).map(cell_text)
    }

    /// Reports every cell of the tables that holds an error value (`#N/A`) or a formula
    /// without its value, in any column: what the cell means is not in the file. The
    /// readers of the columns take such a cell as empty.
    fn unreadable_cells(&mut self) {
        for t in 0..self.tables.len() {
            let (order, table) = (self.tables[t].order, self.tables[t].table);
            let stray = &self.tables[t].stray;
            // A stray row (a totals row, a note) is reported as such, and not read.
            let rows: Vec<&Row> = table
                .rows
                .iter()
                .filter(|r| !stray.contains(&r.line))
                .collect();
            for row in rows {
                for (i, cell) in row.cells.iter().enumerate() {
                    let message = match cell {
                        Cell::Error(e) => {
                            format!("the cell holds the error {e}: put a value, or leave it empty")
                        }
                        Cell::Formula(f) => format!(
                            "the formula {} has no saved value (the file was written by a \
                             program, not saved by Excel): open the workbook in Excel or WPS \
                             and save it, or type the value",
                            crate::error::shorten(f)
                        ),
                        _ => continue,
                    };
                    let at = table.location(row.line, Some(i));
                    self.problem_at(order, row.line, i, Problem::new(at, message));
                }
            }
        }
    }

    /// A date cell, a number typed as a date, or a date written as text.
    fn date(&mut self, t: usize, row: &'t Row, key: &str) -> Option<Date> {
        let cell = self.value(t, row, key)?;
        let date = match cell {
            Cell::Date(d) => serial_date(*d),
            Cell::Number(n) => number_date(*n),
            Cell::Text(t) => text_date(t),
            _ => Err(DateText::Shape),
        };
        if let Err(why) = &date {
            let mut message = why.message(&cell_text(cell));
            if let DateText::Trailing { rest, .. } = why {
                message.push_str(&self.rest_hint(t, key, rest));
            }
            self.report(t, row, key, message);
        }
        date.ok()
    }

    /// Where the text after a date in a `key` cell goes: the other end of a range in the
    /// table's other date column, anything else in its note column.
    fn rest_hint(&self, t: usize, key: &str, rest: &str) -> String {
        let layout = self.tables[t].layout;
        let range = rest.starts_with(['至', '到', '~', '〜', '—', '–', '-']);
        let other_end = match (range, key) {
            (true, "since") => layout.column("until").map(|c| ("end", c)),
            (true, "until") => layout.column("since").map(|c| ("start", c)),
            _ => None,
        };
        match (other_end, layout.column("note")) {
            (Some((end, c)), _) => format!(", and the {end} of the range in {}", c.header()),
            (None, Some(c)) => format!(", and the rest in {}", c.header()),
            (None, None) => String::new(),
        }
    }

    /// A number cell, or a number written as text; `percent`: a share, which may be
    /// written `51%`.
    fn number(&mut self, t: usize, row: &'t Row, key: &str, percent: bool) -> Option<f64> {
        let cell = self.value(t, row, key)?;
        let n = match cell {
            Cell::Number(n) if n.is_finite() => Ok(*n),
            Cell::Text(text) => text_number(text, percent),
            _ => Err(NumberText::NotNumber),
        };
        if let Err(why) = &n {
            let unit = self.tables[t].layout.column("unit").map(Column::header);
            let message = why.message(&cell_text(cell), percent, unit.as_deref());
            self.report(t, row, key, message);
        }
        n.ok()
    }

    fn list(&mut self, t: usize, row: &'t Row, key: &str) -> Vec<String> {
        self.text(t, row, key)
            .map(|s| split_list(&s))
            .unwrap_or_default()
    }

    fn name(&mut self, t: usize, row: &'t Row) -> Name {
        Name {
            zh: self.text(t, row, "name_zh"),
            en: self.text(t, row, "name_en"),
        }
    }

    /// Resolves a name to an id, reporting an unknown or ambiguous one with a suggestion;
    /// an unknown value is kept as written, and its JSON path marked as reported.
    // The place (table, row, column) and the value's JSON path are separate arguments.
    #[allow(clippy::too_many_arguments)]
    fn resolve(
        &mut self,
        names: &Names,
        what: &str,
        t: usize,
        row: &'t Row,
        key: &str,
        text: &str,
        path: String,
    ) -> String {
        match names.find(text) {
            Ok(id) => id.to_string(),
            Err(many) => {
                let message = if many.is_empty() {
                    let count = self.suggestions.entry(t).or_insert(0);
                    *count += 1;
                    let hint = if *count <= 100 {
                        names.suggest(text)
                    } else {
                        None
                    };
                    match hint {
                        Some(h) => format!("unknown {what} {text}; did you mean {h}?"),
                        None => format!("unknown {what} {text}"),
                    }
                } else if many.iter().all(|id| *id == many[0]) {
                    // Rows of one name and no id get one id: the name is given twice.
                    format!(
                        "{text} is the name of {} rows with the same id {} (made from the \
                         name): keep one row, or give each its own id",
                        many.len(),
                        many[0]
                    )
                } else {
                    format!(
                        "{text} names {} {what}s ({}): use the id",
                        many.len(),
                        many.join(", ")
                    )
                };
                self.report(t, row, key, message);
                self.reported.insert(path);
                text.to_string()
            }
        }
    }

    /// The rows of the table of this kind that are records (not [`Bound::stray`]).
    fn rows(&self, kind: TableKind) -> Option<(usize, Vec<&'t Row>)> {
        let t = self.bound(kind)?;
        let b = &self.tables[t];
        let rows = b.table.rows.iter().filter(|r| !b.stray.contains(&r.line));
        Some((t, rows.collect()))
    }

    fn origin(&mut self, path: String, t: usize, row: &'t Row) {
        self.origins.insert(
            path,
            Origin {
                table: t,
                line: row.line,
            },
        );
    }

    fn extra(
        &mut self,
        t: usize,
        row: &'t Row,
        added: Vec<(String, serde_json::Value)>,
    ) -> Option<Extra> {
        let text = self.text(t, row, "extra");
        let b = &self.tables[t];
        let mut others: Vec<(String, serde_json::Value)> = b
            .others
            .iter()
            .filter_map(|&i| {
                let cell = row.cells.get(i)?;
                let value = match cell {
                    Cell::Empty | Cell::Error(_) | Cell::Formula(_) => return None,
                    Cell::Text(s) if s.trim().is_empty() => return None,
                    Cell::Text(s) => serde_json::Value::String(s.trim().to_string()),
                    Cell::Number(n) => {
                        serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, |n| {
                            if n.as_f64()
                                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9e15)
                            {
                                serde_json::Value::from(n.as_f64().unwrap_or_default() as i64)
                            } else {
                                serde_json::Value::Number(n)
                            }
                        })
                    }
                    Cell::Bool(v) => serde_json::Value::Bool(*v),
                    Cell::Date(_) => serde_json::Value::String(cell_text(cell)),
                };
                Some((b.table.headers[i].trim().to_string(), value))
            })
            .collect();
        others.extend(added);
        if others.is_empty() {
            let text = text?;
            return match Extra::from_json(&text) {
                Ok(e) => Some(e),
                Err(_) => {
                    self.report(
                        t,
                        row,
                        "extra",
                        "not JSON: write an object such as {\"stock_code\": \"000629\"}",
                    );
                    None
                }
            };
        }
        let mut object = match text
            .as_deref()
            .map(serde_json::from_str::<serde_json::Value>)
        {
            None => serde_json::Map::new(),
            Some(Ok(serde_json::Value::Object(map))) => map,
            Some(_) => {
                self.report(t, row, "extra", "not a JSON object, so the other columns cannot be added to it: write an object such as {\"stock_code\": \"000629\"}");
                serde_json::Map::new()
            }
        };
        for (k, v) in others {
            match object.get(&k) {
                Some(given) if *given != v => {
                    let message = format!(
                        "the key {k} is given here and by a column, with another value: keep one"
                    );
                    self.report(t, row, "extra", message);
                }
                Some(_) => {}
                None => {
                    object.insert(k, v);
                }
            }
        }
        Some(Extra::from_value(&serde_json::Value::Object(object)))
    }

    fn run(&mut self) {
        self.unreadable_cells();
        self.read_dataset();
        self.read_sources();
        let regions = self.read_regions();
        let firm_names = self.read_firms(&regions);
        self.read_organizations(&regions);
        self.read_makes(&firm_names);
        let parties = self.party_names();
        self.read_links(&parties);
        self.add_builtin_regions();
    }

    fn read_dataset(&mut self) {
        let Some((t, rows)) = self.rows(TableKind::Dataset) else {
            return;
        };
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                self.report(t, row, "chain", "the dataset table has one row");
                break;
            }
            if let Some(chain) = self.text(t, row, "chain") {
                self.dataset.chain = chain;
            }
            self.dataset.as_of = self.date(t, row, "as_of");
            self.origin("chain".into(), t, row);
            self.origin("as_of".into(), t, row);
        }
    }

    fn read_sources(&mut self) {
        let Some((t, rows)) = self.rows(TableKind::Sources) else {
            return;
        };
        for row in rows {
            let i = self.dataset.sources.len();
            let grade = match self.text(t, row, "grade") {
                None => Grade::C,
                Some(g) => parse_grade(&g).unwrap_or_else(|| {
                    self.report(t, row, "grade", format!("unknown grade {g}: use A, B or C"));
                    Grade::C
                }),
            };
            let source = Source {
                id: self.text(t, row, "id").unwrap_or_default(),
                title: self.text(t, row, "title").unwrap_or_default(),
                url: self.text(t, row, "url"),
                publisher: self.text(t, row, "publisher"),
                published: self.date(t, row, "published"),
                grade,
            };
            self.origin(format!("sources[{i}]"), t, row);
            self.dataset.sources.push(source);
        }
    }

    /// Reads the regions table; returns the index of its regions' ids and names, which
    /// falls back to the template's built-in regions that the table does not define.
    fn read_regions(&mut self) -> Names {
        let (mut names, parents) = self.read_region_rows();
        names.fallback = self.builtin_region_names().map(Box::new);
        if let Some((t, rows)) = self.rows(TableKind::Regions) {
            for (i, (row, parent)) in rows.iter().zip(parents).enumerate() {
                if let Some(p) = parent {
                    let id = self.resolve(
                        &names,
                        "region",
                        t,
                        row,
                        "parent",
                        &p,
                        format!("regions[{i}].parent"),
                    );
                    self.dataset.regions[i].parent = Some(id);
                }
            }
        }
        names
    }

    /// The regions table's rows as regions (without their parents), and each row's parent
    /// as written.
    fn read_region_rows(&mut self) -> (Names, Vec<Option<String>>) {
        let mut names = Names::default();
        let mut parents = Vec::new();
        let Some((t, rows)) = self.rows(TableKind::Regions) else {
            return (names, parents);
        };
        for row in rows {
            let i = self.dataset.regions.len();
            let kind = match self.text(t, row, "kind") {
                None => RegionKind::Other,
                Some(k) => parse_region_kind(&k).unwrap_or_else(|| {
                    self.report(
                        t,
                        row,
                        "kind",
                        format!(
                            "unknown region kind {k}: use {}",
                            one_of(RegionKind::ALL, RegionKind::as_str)
                        ),
                    );
                    RegionKind::Other
                }),
            };
            let region = Region {
                id: self.text(t, row, "id").unwrap_or_default(),
                kind,
                name: self.name(t, row),
                parent: None,
            };
            names.add(
                &region.id,
                &[region.name.zh.as_deref(), region.name.en.as_deref()],
                &region.name,
            );
            parents.push(self.text(t, row, "parent"));
            self.origin(format!("regions[{i}]"), t, row);
            self.dataset.regions.push(region);
        }
        (names, parents)
    }

    /// The index of the template's built-in regions whose ids the regions table does not
    /// define (a row of the table replaces the built-in region of its id); none when the
    /// template has no built-in dataset.
    fn builtin_region_names(&self) -> Option<Names> {
        if self.builtin_regions.is_empty() {
            return None;
        }
        let defined = defined_regions(&self.dataset);
        let mut names = Names::default();
        for r in self.builtin_regions {
            if !defined.contains(r.id.as_str()) {
                names.add(
                    &r.id,
                    &[r.name.zh.as_deref(), r.name.en.as_deref()],
                    &r.name,
                );
            }
        }
        Some(names)
    }

    /// Adds the built-in regions that firms, organizations and regions name but the regions
    /// table does not define, each with its ancestors up to one the table defines, after
    /// the table's regions, in the built-in dataset's order.
    fn add_builtin_regions(&mut self) {
        if self.builtin_regions.is_empty() {
            return;
        }
        let builtin: HashMap<&str, &Region> = self
            .builtin_regions
            .iter()
            .map(|r| (r.id.as_str(), r))
            .collect();
        let d = &self.dataset;
        let defined = defined_regions(d);
        let named = d.firms.iter().map(|f| Some(f.region.as_str()));
        let named = named
            .chain(d.organizations.iter().map(|o| o.region.as_deref()))
            .chain(d.regions.iter().map(|r| r.parent.as_deref()));
        let mut needed: HashSet<&str> = HashSet::new();
        for id in named.flatten() {
            let mut next = builtin.get(id);
            // `needed.insert` is false for a region already walked: the walk also ends on
            // a cycle.
            while let Some(r) = next.filter(|r| !defined.contains(r.id.as_str())) {
                if !needed.insert(r.id.as_str()) {
                    break;
                }
                next = r.parent.as_deref().and_then(|p| builtin.get(p));
            }
        }
        let added: Vec<Region> = self
            .builtin_regions
            .iter()
            .filter(|r| needed.contains(r.id.as_str()))
            .cloned()
            .collect();
        self.dataset.regions.extend(added);
    }

    /// Reads the firms; returns the index of their ids, names and credit codes.
    fn read_firms(&mut self, regions: &Names) -> Names {
        let mut names = Names::default();
        let Some((t, rows)) = self.rows(TableKind::Firms) else {
            return names;
        };
        for row in rows {
            let i = self.dataset.firms.len();
            let name = self.name(t, row);
            let code = self.text(t, row, "credit_code");
            let id = self
                .text(t, row, "id")
                .unwrap_or_else(|| derive_id("firm", code.as_deref(), &name));
            let region = match self.text(t, row, "region") {
                Some(r) => self.resolve(
                    regions,
                    "region",
                    t,
                    row,
                    "region",
                    &r,
                    format!("firms[{i}].region"),
                ),
                None => String::new(),
            };
            let tags = self.list(t, row, "tags").into_iter().map(tag).collect();
            let sources = self.list(t, row, "sources");
            let added = code
                .iter()
                .map(|c| {
                    (
                        "credit_code".to_string(),
                        serde_json::Value::String(c.clone()),
                    )
                })
                .collect();
            let extra = self.extra(t, row, added);
            names.add(
                &id,
                &[name.zh.as_deref(), name.en.as_deref(), code.as_deref()],
                &name,
            );
            self.origin(format!("firms[{i}]"), t, row);
            self.dataset.firms.push(Firm {
                id,
                name,
                region,
                tags,
                makes: Vec::new(),
                sources,
                extra,
            });
        }
        names
    }

    fn read_organizations(&mut self, regions: &Names) {
        let Some((t, rows)) = self.rows(TableKind::Organizations) else {
            return;
        };
        for row in rows {
            let i = self.dataset.organizations.len();
            let name = self.name(t, row);
            let id = self
                .text(t, row, "id")
                .unwrap_or_else(|| derive_id("org", None, &name));
            let kind = match self.text(t, row, "kind") {
                None => OrganizationKind::Other,
                Some(k) => parse_org_kind(&k).unwrap_or_else(|| {
                    self.report(
                        t,
                        row,
                        "kind",
                        format!(
                            "unknown organization kind {k}: use {}",
                            one_of(OrganizationKind::ALL, OrganizationKind::as_str)
                        ),
                    );
                    OrganizationKind::Other
                }),
            };
            let region = self.text(t, row, "region").map(|r| {
                self.resolve(
                    regions,
                    "region",
                    t,
                    row,
                    "region",
                    &r,
                    format!("organizations[{i}].region"),
                )
            });
            let sources = self.list(t, row, "sources");
            let extra = self.extra(t, row, Vec::new());
            self.origin(format!("organizations[{i}]"), t, row);
            self.dataset.organizations.push(Organization {
                id,
                kind,
                name,
                region,
                sources,
                extra,
            });
        }
    }

    fn product_names(&self) -> Names {
        let mut names = Names::default();
        for p in &self.chain.products {
            names.add(
                &p.id,
                &[p.name.zh.as_deref(), p.name.en.as_deref()],
                &p.name,
            );
        }
        names
    }

    fn party_names(&self) -> Names {
        let mut names = Names::default();
        for f in &self.dataset.firms {
            let code = f
                .extra
                .as_ref()
                .and_then(|e| e.to_value().ok())
                .and_then(|v| v.get("credit_code")?.as_str().map(str::to_string));
            names.add(
                &f.id,
                &[f.name.zh.as_deref(), f.name.en.as_deref(), code.as_deref()],
                &f.name,
            );
        }
        for o in &self.dataset.organizations {
            names.add(
                &o.id,
                &[o.name.zh.as_deref(), o.name.en.as_deref()],
                &o.name,
            );
        }
        names
    }

    fn status(&mut self, t: usize, row: &'t Row) -> Status {
        match self.text(t, row, "status") {
            None => Status::Operating,
            Some(s) => parse_status(&s).unwrap_or_else(|| {
                let message = format!("unknown status {s}: use {}", self.help(t, "status"));
                self.report(t, row, "status", message);
                Status::Operating
            }),
        }
    }

    /// The makes table: each row a makes fact of a firm of the firms table.
    fn read_makes(&mut self, firms: &Names) {
        let Some((t, rows)) = self.rows(TableKind::Makes) else {
            return;
        };
        let products = self.product_names();
        let index: HashMap<String, usize> = self
            .dataset
            .firms
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        for row in rows {
            // The row is read whole even when its firm is not found, so that all of its
            // problems are reported at once; it is kept only with its firm.
            let firm = self.makes_firm(t, row, firms, &index);
            let path = firm.map_or_else(String::new, |f| {
                format!("firms[{f}].makes[{}]", self.dataset.firms[f].makes.len())
            });
            let product = self.makes_product(t, row, &products, &path);
            let status = self.status(t, row);
            let since = self.date(t, row, "since");
            let until = self.date(t, row, "until");
            let capacity = self.capacity(t, row);
            let sources = self.list(t, row, "sources");
            let note = self.text(t, row, "note");
            let Some(f) = firm else { continue };
            self.origin(path, t, row);
            self.dataset.firms[f].makes.push(Makes {
                product,
                status,
                since,
                until,
                capacity,
                sources,
                note,
            });
        }
    }

    /// The firm a makes row names (its position in the dataset's firms), or none, the
    /// problem reported.
    fn makes_firm(
        &mut self,
        t: usize,
        row: &'t Row,
        firms: &Names,
        index: &HashMap<String, usize>,
    ) -> Option<usize> {
        let Some(firm_text) = self.text(t, row, "firm") else {
            self.report(
                t,
                row,
                "firm",
                "no firm: name the firm by id, name or credit code",
            );
            return None;
        };
        match firms.find(&firm_text) {
            Ok(id) => index.get(id).copied(),
            Err(_) => {
                let _ = self.resolve(firms, "firm", t, row, "firm", &firm_text, String::new());
                None
            }
        }
    }

    /// The product a makes row names, for the fact at `path` (empty when the row's firm
    /// is not found); empty, the problem reported, when it names none of the template.
    fn makes_product(&mut self, t: usize, row: &'t Row, products: &Names, path: &str) -> String {
        let json_path = |field: &str| {
            if path.is_empty() {
                String::new()
            } else {
                format!("{path}.{field}")
            }
        };
        match self.text(t, row, "product") {
            Some(p) => self.resolve(
                products,
                "product",
                t,
                row,
                "product",
                &p,
                json_path("product"),
            ),
            None => {
                self.report(
                    t,
                    row,
                    "product",
                    "no product: name a product of the chain template",
                );
                self.reported.insert(json_path("product"));
                String::new()
            }
        }
    }

    /// A makes row's capacity: a number ≥ 0 with its unit; one without the other is a
    /// problem (a unit beside a capacity that is not a number is reported once, at the
    /// number).
    fn capacity(&mut self, t: usize, row: &'t Row) -> Option<Capacity> {
        let value = self.number(t, row, "capacity", false);
        let unit = self.text(t, row, "unit");
        match (value, unit) {
            (Some(value), Some(unit)) => Some(Capacity { value, unit }),
            (Some(_), None) => {
                self.report(
                    t,
                    row,
                    "capacity",
                    "a capacity needs its unit (单位), such as GWh/yr",
                );
                None
            }
            (None, Some(_)) if self.cell(t, row, "capacity").is_none() => {
                self.report(t, row, "unit", "a unit without a capacity (产能)");
                None
            }
            (None, _) => None,
        }
    }

    fn read_links(&mut self, parties: &Names) {
        let Some((t, rows)) = self.rows(TableKind::Links) else {
            return;
        };
        let products = self.product_names();
        for row in rows {
            let i = self.dataset.links.len();
            let path = format!("links[{i}]");
            let end = |s: &mut Self, key: &str| match s.text(t, row, key) {
                Some(p) => s.resolve(
                    parties,
                    "firm or organization",
                    t,
                    row,
                    key,
                    &p,
                    format!("{path}.{key}"),
                ),
                None => String::new(),
            };
            let from = end(self, "from");
            let to = end(self, "to");
            let kind = self.link_kind(t, row);
            let product = self.text(t, row, "product").map(|p| {
                self.resolve(
                    &products,
                    "product",
                    t,
                    row,
                    "product",
                    &p,
                    format!("{path}.product"),
                )
            });
            let share = self.share(t, row, &path);
            let status = self.status(t, row);
            let since = self.date(t, row, "since");
            let until = self.date(t, row, "until");
            let sources = self.list(t, row, "sources");
            let note = self.text(t, row, "note");
            let extra = self.extra(t, row, Vec::new());
            // A link of a kind not understood is left out, its problem reported: read as
            // any kind, it would meet the rules of that kind (a partnership twice).
            let Some(kind) = kind else { continue };
            self.origin(path, t, row);
            self.dataset.links.push(Link {
                from,
                to,
                kind,
                product,
                share,
                status,
                since,
                until,
                sources,
                note,
                extra,
            });
        }
    }

    /// A link row's share: a fraction, or a percentage with `%`. A number above 1 and up
    /// to 100 is a percentage written without its `%`, most likely: reported with both
    /// ways to write it, instead of the format's "share must be in (0, 1]".
    fn share(&mut self, t: usize, row: &'t Row, path: &str) -> Option<f64> {
        let share = self.number(t, row, "share", true)?;
        if share > 1.0 && share <= 100.0 {
            let n = super::number_text(share);
            let message = format!(
                "a share is a fraction of 1: write {n}% or {}",
                super::number_text(share / 100.0)
            );
            self.report(t, row, "share", message);
            self.reported.insert(format!("{path}.share"));
            return None;
        }
        Some(share)
    }

    /// A link row's kind (a partnership when the cell is empty), or none, the problem
    /// reported.
    fn link_kind(&mut self, t: usize, row: &'t Row) -> Option<LinkKind> {
        let Some(k) = self.text(t, row, "kind") else {
            return Some(LinkKind::PartnersWith);
        };
        let kind = parse_link_kind(&k);
        if kind.is_none() {
            let message = if is_purchase(&k) {
                format!(
                    "`{k}` does not say who sells: write 供货 (supplies), with the seller in \
                     从 (from) and the buyer in 至 (to)"
                )
            } else {
                format!("unknown link kind {k}: use {}", self.help(t, "kind"))
            };
            self.report(t, row, "kind", message);
        }
        kind
    }

    /// The location of a validation problem's JSON path: its table, row and column.
    fn trace(&self, path: &str) -> Option<(usize, usize, usize, String)> {
        // The longest recorded prefix of the path: `firms[3].makes[0]`, `firms[3]`, ...
        let mut prefix = path;
        let origin = loop {
            if let Some(o) = self.origins.get(prefix) {
                break *o;
            }
            let cut = prefix.rfind(['.', '['])?;
            prefix = &prefix[..cut];
        };
        let rest = path[prefix.len()..].trim_start_matches('.');
        let field = rest.split(['[']).next().unwrap_or_default();
        let key = match field {
            "name" | "name.zh" => "name_zh",
            "name.en" => "name_en",
            "capacity" | "capacity.value" => "capacity",
            "capacity.unit" => "unit",
            f if f.starts_with("extra") => "extra",
            "" if prefix == "chain" || prefix == "as_of" => prefix,
            f => f,
        };
        let b = &self.tables[origin.table];
        let mut column = b.index(key);
        if column.is_none() && (key == "id" || key == "name_zh") {
            column = ["name_zh", "name_en", "credit_code"]
                .iter()
                .find_map(|k| b.index(k));
        }
        Some((
            b.order,
            origin.line,
            column.unwrap_or(usize::MAX),
            b.table.location(origin.line, column),
        ))
    }

    /// A validation message that names the first of two records by its place in the
    /// dataset (`(first at firms[2].id)`), with that record's place in the tables instead
    /// (`(first at 企业!A4)`): a planner cannot count to the dataset's third firm.
    fn first_at_in_place(&self, message: &str) -> String {
        let Some(start) = message.find("(first at ").map(|i| i + "(first at ".len()) else {
            return message.to_string();
        };
        let Some(len) = message[start..].find(')') else {
            return message.to_string();
        };
        match self.trace(&message[start..start + len]) {
            Some((.., location)) => {
                let place = location.split(": ").next().unwrap_or(&location);
                format!("{}{place}{}", &message[..start], &message[start + len..])
            }
            None => message.to_string(),
        }
    }

    fn finish(mut self) -> Result<Dataset> {
        let validation =
            match KnowledgeGraph::new(self.chain.clone(), std::mem::take(&mut self.dataset)) {
                Ok(graph) => {
                    self.dataset = graph.into_parts().1;
                    Vec::new()
                }
                Err(Error::Invalid {
                    problems,
                    document: crate::Document::Dataset,
                    ..
                }) => problems,
                Err(other) => return Err(other),
            };
        for p in validation {
            let path = p.path();
            if self.reported.contains(&path) {
                continue;
            }
            let message = self.first_at_in_place(&p.message());
            match self.trace(&path) {
                Some((order, line, column, location)) => {
                    self.problem_at(order, line, column, Problem::new(location, message))
                }
                None => self.problem(usize::MAX, 0, p),
            }
        }
        if self.problems.is_empty() {
            return Ok(self.dataset);
        }
        self.problems.sort_by_key(|l| (l.order, l.line, l.column));
        Err(super::invalid(
            None,
            self.problems.into_iter().map(|l| l.problem).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_are_days() {
        let day = |serial: f64| serial_date(serial).map(|d| d.to_string());
        for (serial, want) in [
            (45658.0, "2025-01-01"),
            (45717.5, "2025-03-01"),
            (45356.0, "2024-03-05"),
            // Excel counts a 1900-02-29 (serial 60): the days before it are one day later.
            (1.0, "1900-01-01"),
            (59.0, "1900-02-28"),
            (59.99, "1900-02-28"),
            (61.0, "1900-03-01"),
            (2_958_465.0, "9999-12-31"),
        ] {
            assert_eq!(day(serial), Ok(want.to_string()), "{serial}");
        }
        assert_eq!(day(60.0), Err(DateText::Leap1900));
        assert_eq!(day(60.5), Err(DateText::Leap1900));
        assert_eq!(day(0.0), Err(DateText::TimeOnly));
        assert_eq!(day(0.75), Err(DateText::TimeOnly));
        assert_eq!(day(-1.0), Err(DateText::NoExcelDay));
        assert_eq!(day(2_958_466.0), Err(DateText::NoExcelDay));
        assert_eq!(day(f64::NAN), Err(DateText::NoExcelDay));
        assert_eq!(cell_text(&Cell::Date(60.0)), "1900-02-29");
        assert_eq!(cell_text(&Cell::Date(59.0)), "1900-02-28");
        assert_eq!(cell_text(&Cell::Date(0.75)), "18:00");
    }

    #[test]
    fn date_cells_of_the_1904_date_system_are_the_same_days() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        // 2024-03-05 is 45356 in the 1900 system and 43894 in the 1904 one.
        let cell = |serial, in_1904| {
            cell_of(&Data::DateTime(ExcelDateTime::new(
                serial, DateTime, in_1904,
            )))
        };
        assert_eq!(cell(45356.0, false), Cell::Date(45356.0));
        assert_eq!(cell(43894.0, true), Cell::Date(45356.0));
        assert_eq!(cell_text(&cell(0.0, true)), "1904-01-01");
    }

    #[test]
    fn numbers_are_years_months_and_days_and_nothing_else() {
        let date = |n: f64| number_date(n).map(|d| d.to_string());
        for (n, want) in [
            (2024.0, "2024"),
            (1000.0, "1000"),
            (202403.0, "2024-03"),
            (100001.0, "1000-01"),
            (20240305.0, "2024-03-05"),
            (99991231.0, "9999-12-31"),
        ] {
            assert_eq!(date(n), Ok(want.to_string()), "{n}");
        }
        assert_eq!(
            date(45356.0),
            Err(DateText::Serial(Date::new(2024, Some(3), Some(5)).unwrap()))
        );
        for n in [999.0, 0.0, -2024.0, 2024001.0, 1e9, f64::NAN, 45000.5] {
            assert_eq!(date(n), Err(DateText::Number), "{n}");
        }
        for n in [2024.03, 2024.1, 2024.5, 9999.99] {
            assert_eq!(date(n), Err(DateText::Point), "{n}");
        }
        let reason = |n: f64| number_date(n).map_err(|e| e.advice().into_owned());
        assert_eq!(
            reason(202400.0),
            Err("there is no such month (months are 01 to 12)".to_string())
        );
        assert_eq!(reason(20250229.0), Err("there is no such day".to_string()));
        assert_eq!(
            DateText::Number.message("12"),
            format!(
                "`12` is a number, not a date: {}",
                DateText::Number.advice()
            )
        );
    }

    #[test]
    fn text_dates_in_common_shapes() {
        for (text, want) in [
            ("2025", "2025"),
            ("2025/3/1", "2025-03-01"),
            ("2025年3月", "2025-03"),
            ("2025年", "2025"),
            ("2025.03", "2025-03"),
            ("2025-03-01 00:00:00", "2025-03-01"),
            ("2025-03-01 10:30", "2025-03-01"),
            ("2025-03-01T10:30:00", "2025-03-01"),
            ("2025-03-01T10:30:00.000Z", "2025-03-01"),
            ("2025/3/1 9:05", "2025-03-01"),
            ("2025年3月1日 14:30", "2025-03-01"),
            ("20250301 10:30", "2025-03-01"),
            // Spaces, full-width and no-break ones among them, around the parts.
            ("2024 年 3 月", "2024-03"),
            ("2024年 3月", "2024-03"),
            ("2024 年 3 月 5 日", "2024-03-05"),
            ("2024\u{3000}年\u{3000}3\u{3000}月", "2024-03"),
            ("\u{a0}2024 - 03\u{a0}", "2024-03"),
            ("2024 / 3 / 5", "2024-03-05"),
            ("2024年3月5号", "2024-03-05"),
            // Full-width digits and signs.
            ("２０２４年３月", "2024-03"),
            ("２０２４－０３－０５", "2024-03-05"),
            ("２０２４-03-05　１０：３０", "2024-03-05"),
            // Digits only: YYYYMMDD and YYYYMM.
            ("20240305", "2024-03-05"),
            ("202403", "2024-03"),
        ] {
            assert_eq!(
                text_date(text).map(|d| d.to_string()),
                Ok(want.to_string()),
                "{text}"
            );
        }
        let shape = DateText::Shape.advice().into_owned();
        let (no_day, no_month) = (
            "there is no such day",
            "there is no such month (months are 01 to 12)",
        );
        for (text, why) in [
            ("25/3/1", shape.as_str()),
            ("3/5/2024", &shape),
            ("soon", &shape),
            ("明年", &shape),
            ("2025-3-x", &shape),
            ("2025-", &shape),
            ("2025-003", &shape),
            ("2024-2025", &shape),
            ("2024 03", &shape),
            ("2025-03 10:30", &shape),
            ("2024-03-05 25:00", &shape),
            ("2024031", &shape),
            ("2025-02-30", no_day),
            ("2024/2/30", no_day),
            ("20250229", no_day),
            ("2025-13", no_month),
            ("2025年0月", no_month),
            ("202513", no_month),
        ] {
            let advice = text_date(text).map_err(|e| e.advice().into_owned());
            assert_eq!(advice, Err(why.to_string()), "{text}");
        }
    }

    #[test]
    fn text_after_a_date_is_refused_not_dropped() {
        let trailing = |date: &str, rest: &str| DateText::Trailing {
            date: date.into(),
            rest: rest.into(),
        };
        for (text, why) in [
            ("2024-03 至 2025-06", trailing("2024-03", "至 2025-06")),
            ("2024-03~2025-06", trailing("2024-03", "~2025-06")),
            ("2024.3 投产", trailing("2024-03", "投产")),
            ("2024-03 (一期)", trailing("2024-03", "(一期)")),
            ("2024年3月中旬", trailing("2024-03", "中旬")),
            (
                "2024-03-05 10:30 左右",
                trailing("2024-03-05", "10:30 左右"),
            ),
            ("2024-03-05T", trailing("2024-03-05", "T")),
            ("2024年底", DateText::PartOfYear(2024)),
            ("2024Q1", DateText::PartOfYear(2024)),
            ("2024 H2", DateText::PartOfYear(2024)),
            ("2024年第一季度", DateText::PartOfYear(2024)),
            ("2024年上半年", DateText::PartOfYear(2024)),
            ("２０２４年末", DateText::PartOfYear(2024)),
        ] {
            assert_eq!(text_date(text), Err(why), "{text}");
        }
        assert_eq!(
            DateText::PartOfYear(2024).message("2024年底"),
            "`2024年底` is not a date: a date is a year, a month or a day, not a quarter or a part of a year; write the month meant, such as 2024-01 or 2024-12"
        );
    }

    #[test]
    fn numbers_with_thousands_separators_only_between_groups_of_three() {
        for (text, want) in [
            ("1500", 1500.0),
            ("1,500", 1500.0),
            ("12,345,678.5", 12_345_678.5),
            ("1 000", 1000.0),
            (" 1,000 ", 1000.0),
            ("1，000", 1000.0),
            ("１，０００．５", 1000.5),
            ("-1,000", -1000.0),
            ("+5", 5.0),
            (".5", 0.5),
            ("5e2", 500.0),
            ("1,000e3", 1e6),
            ("300\u{a0}", 300.0),
        ] {
            assert_eq!(text_number(text, false), Ok(want), "{text}");
        }
        let comma = Err(NumberText::Separator { comma: true });
        for text in [
            "1,5", "1,50", "1.000,5", "1,0,0", ",5", "1,", "1,5000", "1.5,000",
        ] {
            assert_eq!(text_number(text, false), comma, "{text}");
        }
        let space = Err(NumberText::Separator { comma: false });
        assert_eq!(text_number("1 5", false), space);
        for text in ["lots", "inf", "NaN", "1.5.3", "约300", "", "-"] {
            assert_eq!(
                text_number(text, false),
                Err(NumberText::NotNumber),
                "{text}"
            );
        }
    }

    #[test]
    fn a_number_with_its_unit_is_refused() {
        let with_unit = |number: &str, unit: &str| {
            Err(NumberText::WithUnit {
                number: number.into(),
                unit: unit.into(),
            })
        };
        assert_eq!(text_number("300 MW", false), with_unit("300", "MW"));
        assert_eq!(text_number("3万吨", false), with_unit("3", "万吨"));
        assert_eq!(text_number("1,000 t/yr", false), with_unit("1,000", "t/yr"));
        assert_eq!(text_number("50%", false), with_unit("50", "%"));
        let why = text_number("3万吨", false).unwrap_err();
        assert_eq!(
            why.message("3万吨", false, Some("单位 (unit)")),
            "`3万吨` is not a number: write the number alone here (3) and its unit (万吨) in 单位 (unit)"
        );
    }

    #[test]
    fn shares_as_fractions_or_percents() {
        for (text, want) in [
            ("0.51", 0.51),
            ("51%", 0.51),
            ("51 %", 0.51),
            ("５１％", 0.51),
            ("7%", 0.07),
            ("33.3%", 0.333),
            ("1,000%", 10.0),
        ] {
            assert_eq!(text_number(text, true), Ok(want), "{text}");
        }
        let why = text_number("51 pct", true).unwrap_err();
        assert_eq!(
            why.message("51 pct", true, None),
            "`51 pct` is not a number: write the share as 0.51 or 51%"
        );
    }

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(parse_status("在产"), Some(Status::Operating));
        assert_eq!(parse_status("运营"), Some(Status::Operating));
        assert_eq!(parse_status("在建"), Some(Status::Building));
        assert_eq!(parse_status("签约"), Some(Status::Announced));
        assert_eq!(parse_status("拟建"), Some(Status::Announced));
        assert_eq!(parse_status("停产"), Some(Status::Closed));
        assert_eq!(parse_status("Operating"), Some(Status::Operating));
        assert_eq!(parse_status("maybe"), None);
        // The words planners write with 中 (in progress), and the closed ones.
        assert_eq!(parse_status("运营中"), Some(Status::Operating));
        assert_eq!(parse_status("在建中"), Some(Status::Building));
        assert_eq!(parse_status("建设中"), Some(Status::Building));
        assert_eq!(parse_status("规划中"), Some(Status::Announced));
        assert_eq!(parse_status("关停"), Some(Status::Closed));
        assert_eq!(parse_status("已注销"), Some(Status::Closed));
        assert_eq!(parse_status("中"), None);
        assert_eq!(parse_status("开工"), Some(Status::Building));
        assert_eq!(parse_status("拟建设"), Some(Status::Announced));
        assert_eq!(parse_status("试生产"), Some(Status::Operating));
        assert_eq!(parse_status("意向"), None);
        assert_eq!(parse_grade("B类"), Some(Grade::B));
    }

    /// A sheet of a header row and one data row `values`, with formulas at columns.
    fn sheet(values: &[Data], formulas: &[(u32, &str)]) -> Table {
        let mut range = calamine::Range::new((0, 0), (1, values.len() as u32 - 1));
        for (c, v) in values.iter().enumerate() {
            range.set_value((0, c as u32), Data::String(format!("h{c}")));
            range.set_value((1, c as u32), v.clone());
        }
        let mut cells = calamine::Range::new((1, 0), (1, 9));
        for (c, f) in formulas {
            cells.set_value((1, *c), f.to_string());
        }
        sheet_table("s".into(), &range, &[], Some(&cells))
    }

    #[test]
    fn formulas_without_values_are_marked_unless_the_sheet_was_computed() {
        let text = |s: &str| Data::String(s.into());
        // Written by a program: no formula has a value (calamine reads `<v/>` as "").
        let t = sheet(
            &[text("a"), text(""), Data::Empty],
            &[(1, "A2&\"-1\""), (4, "1+1")],
        );
        assert_eq!(t.rows[0].cells[1], Cell::Formula("=A2&\"-1\"".into()));
        // A formula right of the values' range grows the row.
        assert_eq!(t.rows[0].cells[4], Cell::Formula("=1+1".into()));
        assert_eq!(t.rows[0].cells[0], Cell::Text("a".into()));
        // Saved by Excel: one formula has its value, so the other's "" is its value.
        let t = sheet(
            &[text("a"), text("x"), text("")],
            &[(1, "A2"), (2, "IF(A2=\"\",1,\"\")")],
        );
        assert_eq!(t.rows[0].cells[1], Cell::Text("x".into()));
        assert_eq!(t.rows[0].cells[2], Cell::Text("".into()));
    }

    #[test]
    fn a_purchase_is_no_link_kind_for_it_does_not_say_who_sells() {
        assert_eq!(parse_link_kind("供货"), Some(LinkKind::Supplies));
        assert_eq!(parse_link_kind("销售"), Some(LinkKind::Supplies));
        for word in ["采购", "采购关系", "购买", "purchases"] {
            assert_eq!(parse_link_kind(word), None, "{word}");
            assert!(is_purchase(word), "{word}");
        }
        assert!(!is_purchase("合作"));
    }

    #[test]
    fn column_letters_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }
}
