//! The importer: each table bound to its layout, each cell read and checked, every
//! problem kept with its place.

mod records;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::names::Names;
use super::tables::{cell_text, Cell, Row, Table};
use super::values::{
    credit_code, is_placeholder, number_date, serial_date, split_list, text_date, text_number,
    CodeText, DateText, NumberText,
};
use crate::dataset::{Dataset, Extra, Region};
use crate::error::Problem;
use crate::name::Name;
use crate::sheets::layout::{self, half_width, normalize, Column, TableKind, TableLayout, TABLES};
use crate::{Chain, Date};

/// Whether a table's records keep unknown columns in their `extra` (firms, organizations
/// and links).
pub(super) fn keeps_extra(kind: TableKind) -> bool {
    !matches!(
        kind,
        TableKind::Dataset | TableKind::Sources | TableKind::Regions | TableKind::Makes
    )
}

/// Whether any row has a value in column `i`.
pub(super) fn has_values(table: &Table, i: usize) -> bool {
    table
        .rows
        .iter()
        .any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
}

/// A table bound to its layout: which cell holds which column.
pub(super) struct Bound<'t> {
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
    pub(super) fn index(&self, key: &str) -> Option<usize> {
        let i = self.layout.columns.iter().position(|c| c.key == key)?;
        self.columns[i]
    }
}

pub(super) struct Located {
    order: usize,
    line: usize,
    column: usize,
    problem: Problem,
}

/// Where a record of the dataset came from.
#[derive(Clone, Copy)]
pub(super) struct Origin {
    table: usize,
    line: usize,
}

pub(super) struct Importer<'t> {
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
    /// The sources table's ids and titles, which a list of sources may name.
    source_names: Names,
}

/// A firm's tag as written, or the tag a Chinese word stands for: 链主 and 链主企业 (the
/// chain-leader firm) are `chain-leader`.
pub(super) fn tag(written: String) -> String {
    match normalize(&written).as_str() {
        "链主" | "链主企业" => "chain-leader".to_string(),
        _ => written,
    }
}

/// The column of the layout that a table lacks (no header names it) and that `header` is
/// one character off ([`layout::is_near`]): the column most likely meant.
pub(super) fn near_column(
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
pub(super) fn is_totals_word(text: &str) -> bool {
    let t = text.trim();
    [
        "合计", "总计", "小计", "合計", "總計", "Total", "TOTAL", "Sum", "SUM",
    ]
    .contains(&t)
}

/// Whether a cell's text is a note (`注：`, `说明：`, `备注:`, `Note:`) rather than a value.
pub(super) fn is_note(text: &str) -> bool {
    let t = text.trim_start();
    ["注", "说明", "备注", "note", "Note", "NOTE"]
        .iter()
        .any(|w| {
            t.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with([':', '：']))
        })
}

/// The ids of the regions the dataset defines.
pub(super) fn defined_regions(dataset: &Dataset) -> HashSet<&str> {
    dataset.regions.iter().map(|r| r.id.as_str()).collect()
}

impl<'t> Importer<'t> {
    pub(super) fn new(tables: &'t [Table], chain: &'t Chain) -> Importer<'t> {
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
            source_names: Names::default(),
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

    /// The unit a column's header gives in brackets (`产能（MW）`, `capacity (GWh/yr)`),
    /// unless the brackets hold a name of the column (`产能 (capacity)`, the template's).
    fn header_unit(&self, t: usize, key: &str) -> Option<String> {
        let b = &self.tables[t];
        let column = b.layout.column(key)?;
        let header: String = b
            .table
            .headers
            .get(b.index(key)?)?
            .chars()
            .map(half_width)
            .collect();
        let (_, rest) = header.split_once('(')?;
        let (inside, _) = rest.split_once(')')?;
        let inside = inside.trim();
        let named = column.matches(inside) || inside.is_empty();
        (!named).then(|| inside.to_string())
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

    /// [`value`](Self::value), unless the cell says that nothing is known (`-`, `待定`:
    /// [`is_placeholder`]): for the columns of dates, numbers, lists and free text.
    fn known(&self, t: usize, row: &'t Row, key: &str) -> Option<&'t Cell> {
        let cell = self.value(t, row, key)?;
        match cell {
            Cell::Text(text) if is_placeholder(text) => None,
            _ => Some(cell),
        }
    }

    /// The text of a column of free text (a note, a URL), a placeholder read as empty.
    fn free_text(&mut self, t: usize, row: &'t Row, key: &str) -> Option<String> {
        self.known(t, row, key).map(cell_text)
    }

    /// A firm's credit code, checked ([`credit_code`]) and written in capitals; a code that
    /// is not one is reported, and given as written (other rows may name the firm by it).
    fn credit_code(&mut self, t: usize, row: &'t Row) -> Option<String> {
        let cell = self.known(t, row, "credit_code")?;
        let code = match cell {
            Cell::Number(_) => Err(CodeText::Number),
            _ => credit_code(&cell_text(cell)),
        };
        match code {
            Ok(code) => Some(code),
            Err(why) => {
                let written = cell_text(cell);
                self.report(t, row, "credit_code", why.message(&written));
                Some(written)
            }
        }
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
        let cell = self.known(t, row, key)?;
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
        let cell = self.known(t, row, key)?;
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
        self.free_text(t, row, key)
            .map(|s| split_list(&s))
            .unwrap_or_default()
    }

    /// The sources a record cites, each by the id or the title of a row of the sources
    /// table; one that names none is reported at the cell, with the nearest, and its
    /// place in the record (`path`, `firms[3]`) marked as reported.
    fn sources(&mut self, t: usize, row: &'t Row, path: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for (k, item) in self.list(t, row, "sources").into_iter().enumerate() {
            if let Ok(id) = self.source_names.find(&item) {
                ids.push(id.to_string());
                continue;
            }
            let message = if self.dataset.sources.is_empty() {
                format!(
                    "unknown source {item}: a source is the id of a row of the sources table \
                     (来源), which is not here: add it, with a row for each source (编号, 标题, \
                     网址, 等级)"
                )
            } else {
                let what = "the id or title of a row of the sources table (来源): write one, \
                            or add a row for it there";
                match self.source_names.suggest(&item) {
                    Some(n) => {
                        format!("unknown source {item}; did you mean {n}? A source is {what}")
                    }
                    None => format!("unknown source {item}: a source is {what}"),
                }
            };
            self.report(t, row, "sources", message);
            if !path.is_empty() {
                self.reported.insert(format!("{path}.sources[{k}]"));
            }
            ids.push(item);
        }
        ids
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
}
