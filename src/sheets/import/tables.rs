//! The tables of a workbook or CSV file, read as cells: the first layer of the import.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader};

use super::values::{serial_date, time_text, DateText, LEAP_1900};
use crate::error::Problem;
use crate::sheets::layout::{self, TABLES};

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
    pub(super) fn is_empty(&self) -> bool {
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
    /// Its 1-based row number as the spreadsheet shows it (in a CSV file, its first line
    /// less the line breaks inside quoted cells above it: a blank line is a row, a cell of
    /// two lines is not two).
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
pub(super) fn column_letters(mut c: usize) -> String {
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

/// The line a record starts on. The csv crate gives the position where it began to read
/// the record, which is before any blank lines it skipped; a spreadsheet shows each of
/// those as a row, so they are counted here.
fn first_line(bytes: &[u8], position: &csv::Position) -> usize {
    let start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let skipped = bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .filter(|&&b| b == b'\n')
        .count();
    position.line() as usize + skipped
}

/// Reads one CSV file: UTF-8 (with or without BOM) or GBK/GB18030; the separator is
/// whichever of `,` `;` and tab the header line has most of.
///
/// # Errors
/// A [`Problem`] naming the file: not text in any encoding tried, empty, or not CSV.
pub fn read_csv(bytes: &[u8], name: &str) -> std::result::Result<Table, Problem> {
    let (text, _) = crate::sheets::encoding::decode(bytes).map_err(|m| Problem::new(name, m))?;
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
    // Line breaks inside the quoted cells so far: a spreadsheet shows such a cell in one
    // row, so a row's number is its first line's less these.
    let mut inner_breaks = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let first_line = record
                    .position()
                    .map_or(0, |p| first_line(text.as_bytes(), p));
                let line = first_line.saturating_sub(inner_breaks);
                inner_breaks += record
                    .iter()
                    .map(|f| f.matches('\n').count())
                    .sum::<usize>();
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
    let defined = crate::sheets::cjk_dates::with_date_formats(bytes);
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
pub(super) fn open_workbook<'b>(
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
pub(super) fn merged_regions(
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
pub(super) fn sheet_table(
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
pub(super) fn unsaved_formulas(
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
pub(super) fn fill_merged(
    grid: &mut [Vec<Cell>],
    merges: &[calamine::Dimensions],
    start: (u32, u32),
) {
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
pub(super) fn cell_of(data: &Data) -> Cell {
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
pub(super) fn serial_1900(d: &calamine::ExcelDateTime) -> f64 {
    let serial = d.as_f64();
    let kind = calamine::ExcelDateTimeType::DateTime;
    if *d == calamine::ExcelDateTime::new(serial, kind, true) {
        serial + 1462.0
    } else {
        serial
    }
}

/// The text of a cell as a planner sees it.
pub(super) fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty | Cell::Error(_) | Cell::Formula(_) => String::new(),
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => crate::sheets::number_text(*n),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => match serial_date(*d) {
            Ok(day) => day.to_string(),
            Err(DateText::Leap1900) => LEAP_1900.to_string(),
            Err(DateText::TimeOnly) => time_text(*d),
            Err(_) => crate::sheets::number_text(*d),
        },
    }
}

/// Whether a table read is named after a table of the layout, or has the headers of one
/// (which the import then reports: [`Importer::unnamed_table`]).
pub(super) fn holds_a_table(t: &Table) -> bool {
    layout::table_named(&t.name).is_some() || layout::table_with_headers(&t.headers).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn column_letters_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }
}
