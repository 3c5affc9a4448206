//! The dataset written in the import layout (a workbook, or a folder of CSV files), which
//! [`import`](super::import) reads back to the same dataset; and the template workbook.
//!
//! ```
//! use vrfb_chain::{builtin, sheets};
//! let dir = std::env::temp_dir().join(format!("vrfb-sheets-doc-{}", std::process::id()));
//! let dataset = builtin::minimal_dataset();
//! sheets::dataset::write_csv_dir(&dataset, &dir).unwrap();
//! let back = sheets::import::from_path(&dir, &builtin::minimal_chain()).unwrap();
//! assert_eq!(back, dataset);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::path::Path;

use super::layout::{self, TableKind, TABLES};
use super::{Sheet, Value};
use crate::error::{Error, Result};
use crate::{Dataset, Extra, Firm, Organization};

/// A table of the import layout with these rows: its key, sheet name and headers.
fn sheet(kind: TableKind, rows: Vec<Vec<Value>>) -> Sheet {
    let t = layout::table(kind);
    Sheet {
        key: t.key.to_string(),
        title: t.sheet_name(),
        headers: t.columns.iter().map(|c| c.header()).collect(),
        rows,
    }
}

/// A list, separated by `; `.
fn list(items: &[String]) -> Value {
    Value::from(items.join("; "))
}

/// A date as the data format writes it.
fn date(d: Option<crate::Date>) -> Value {
    Value::from(d.map(|d| d.to_string()))
}

/// The user-defined `extra`, as JSON text.
fn extra(e: &Option<Extra>) -> Value {
    Value::from(e.as_ref().map(|e| e.get().to_string()))
}

/// The rows of one table of the import layout, from the dataset.
type TableRows = fn(&Dataset) -> Vec<Vec<Value>>;

/// Each table's rows, in the order of [`TABLES`].
const TABLE_ROWS: [(TableKind, TableRows); 7] = [
    (TableKind::Dataset, dataset_rows),
    (TableKind::Sources, source_rows),
    (TableKind::Regions, region_rows),
    (TableKind::Firms, firm_rows),
    (TableKind::Makes, makes_rows),
    (TableKind::Organizations, organization_rows),
    (TableKind::Links, link_rows),
];

/// The dataset's tables in the import layout, lists in their order: dataset, sources,
/// regions, firms, makes, organizations, links.
///
/// ```
/// let sheets = vrfb_chain::sheets::dataset::sheets(&vrfb_chain::builtin::minimal_dataset());
/// let keys: Vec<&str> = sheets.iter().map(|s| s.key.as_str()).collect();
/// assert_eq!(keys, ["dataset", "sources", "regions", "firms", "makes", "organizations", "links"]);
/// assert_eq!(sheets[4].rows.len(), 7); // one row per makes fact
/// ```
pub fn sheets(d: &Dataset) -> Vec<Sheet> {
    TABLE_ROWS
        .iter()
        .map(|(kind, rows)| sheet(*kind, rows(d)))
        .collect()
}

/// The one row of the dataset table: the template id and the date.
fn dataset_rows(d: &Dataset) -> Vec<Vec<Value>> {
    vec![vec![Value::from(d.chain.as_str()), date(d.as_of)]]
}

/// One row per source.
fn source_rows(d: &Dataset) -> Vec<Vec<Value>> {
    d.sources
        .iter()
        .map(|s| {
            vec![
                s.id.as_str().into(),
                s.title.as_str().into(),
                s.url.clone().into(),
                s.publisher.clone().into(),
                date(s.published),
                s.grade.as_str().into(),
            ]
        })
        .collect()
}

/// One row per region.
fn region_rows(d: &Dataset) -> Vec<Vec<Value>> {
    d.regions
        .iter()
        .map(|r| {
            vec![
                r.id.as_str().into(),
                r.kind.as_str().into(),
                r.name.zh.clone().into(),
                r.name.en.clone().into(),
                r.parent.clone().into(),
            ]
        })
        .collect()
}

/// One row per firm; the credit code column stays empty (a dataset keeps it in `extra`).
fn firm_rows(d: &Dataset) -> Vec<Vec<Value>> {
    d.firms
        .iter()
        .map(|f| {
            vec![
                f.id.as_str().into(),
                f.name.zh.clone().into(),
                f.name.en.clone().into(),
                Value::Empty,
                f.region.as_str().into(),
                list(&f.tags),
                list(&f.sources),
                extra(&f.extra),
            ]
        })
        .collect()
}

/// One row per makes fact, firm by firm.
fn makes_rows(d: &Dataset) -> Vec<Vec<Value>> {
    d.firms
        .iter()
        .flat_map(|f| {
            f.makes.iter().map(move |m| {
                vec![
                    f.id.as_str().into(),
                    m.product.as_str().into(),
                    m.status.as_str().into(),
                    m.capacity.as_ref().map(|c| c.value).into(),
                    m.capacity.as_ref().map(|c| c.unit.clone()).into(),
                    date(m.since),
                    date(m.until),
                    list(&m.sources),
                    m.note.clone().into(),
                ]
            })
        })
        .collect()
}

/// One row per organization.
fn organization_rows(d: &Dataset) -> Vec<Vec<Value>> {
    d.organizations
        .iter()
        .map(|o| {
            vec![
                o.id.as_str().into(),
                o.kind.as_str().into(),
                o.name.zh.clone().into(),
                o.name.en.clone().into(),
                o.region.clone().into(),
                list(&o.sources),
                extra(&o.extra),
            ]
        })
        .collect()
}

/// One row per link.
fn link_rows(d: &Dataset) -> Vec<Vec<Value>> {
    d.links
        .iter()
        .map(|l| {
            vec![
                l.from.as_str().into(),
                l.to.as_str().into(),
                l.kind.as_str().into(),
                l.product.clone().into(),
                l.share.into(),
                l.status.as_str().into(),
                date(l.since),
                date(l.until),
                list(&l.sources),
                l.note.clone().into(),
                extra(&l.extra),
            ]
        })
        .collect()
}

/// The dataset as an `.xlsx` workbook in the import layout.
///
/// # Errors
/// [`Error::Io`] when a value does not fit a cell (over 32,767 characters).
pub fn to_xlsx(d: &Dataset) -> Result<Vec<u8>> {
    super::write_xlsx(&sheets(d))
}

/// Writes the dataset as an `.xlsx` workbook file.
///
/// # Errors
/// As [`to_xlsx`], and [`Error::Io`] naming the file when it cannot be written.
pub fn write_xlsx(d: &Dataset, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let bytes = to_xlsx(d)?;
    std::fs::write(path, bytes).map_err(|e| Error::io("write", e).in_file(path))
}

/// Writes the dataset as CSV files (`firms.csv`, `makes.csv`, ...) in a folder.
///
/// # Errors
/// [`Error::Io`] naming the file that cannot be written.
pub fn write_csv_dir(d: &Dataset, dir: impl AsRef<Path>) -> Result<()> {
    super::write_csv_dir(dir.as_ref(), &sheets(d))
}

/// The firms of the template's sample rows: 伟力得 (the Leshan chain leader) and 川威, both
/// members of the Sichuan VRFB alliance.
const SAMPLE_FIRMS: [&str; 2] = ["weilide", "chuanwei"];
/// The organizations of the sample rows.
const SAMPLE_ORGANIZATIONS: [&str; 2] = ["sc-vrfb-alliance", "flow-battery-alliance"];
/// The links of the sample rows, by their ends: among the kept records only.
const SAMPLE_LINKS: [(&str, &str); 2] = [
    ("weilide", "sc-vrfb-alliance"),
    ("chuanwei", "sc-vrfb-alliance"),
];

/// An `extra` as compact JSON, on one line of its cell (the built-in data's is indented).
fn one_line(e: &Option<Extra>) -> Option<Extra> {
    let e = e.as_ref()?;
    Some(
        e.to_value()
            .map_or_else(|_| e.clone(), |v| Extra::from_value(&v)),
    )
}

/// The sample rows of the template, from the built-in VRFB dataset: two firms with their
/// makes facts, two organizations, the links between them, the regions they are in and
/// every source they cite; the chain cell empty (the template imported against). Against
/// the VRFB template it imports with no problem: the regions' parents missing from the
/// sample are built-in regions.
fn sample() -> Dataset {
    let full = crate::builtin::vrfb_dataset();
    let firms: Vec<_> = (full.firms.iter())
        .filter(|f| SAMPLE_FIRMS.contains(&f.id.as_str()))
        .map(|f| Firm {
            extra: one_line(&f.extra),
            ..f.clone()
        })
        .collect();
    let organizations: Vec<_> = (full.organizations.iter())
        .filter(|o| SAMPLE_ORGANIZATIONS.contains(&o.id.as_str()))
        .map(|o| Organization {
            extra: one_line(&o.extra),
            ..o.clone()
        })
        .collect();
    let links: Vec<_> = (full.links.iter())
        .filter(|l| SAMPLE_LINKS.contains(&(l.from.as_str(), l.to.as_str())))
        .cloned()
        .collect();
    let in_region: Vec<&str> = (firms.iter().map(|f| f.region.as_str()))
        .chain(organizations.iter().filter_map(|o| o.region.as_deref()))
        .collect();
    let cited: Vec<&String> = (firms.iter())
        .flat_map(|f| {
            f.sources
                .iter()
                .chain(f.makes.iter().flat_map(|m| &m.sources))
        })
        .chain(organizations.iter().flat_map(|o| &o.sources))
        .chain(links.iter().flat_map(|l| &l.sources))
        .collect();
    let regions = (full.regions.iter())
        .filter(|r| in_region.contains(&r.id.as_str()))
        .cloned()
        .collect();
    let sources = (full.sources.iter())
        .filter(|s| cited.contains(&&s.id))
        .cloned()
        .collect();
    Dataset {
        chain: String::new(),
        as_of: full.as_of,
        sources,
        regions,
        firms,
        organizations,
        links,
    }
}

/// The template's tables: an instructions sheet in Chinese and English, then every table
/// with its headers and sample rows (about two per table, from the built-in VRFB dataset)
/// that import with no problem against the VRFB template.
pub fn template_sheets() -> Vec<Sheet> {
    let mut rows: Vec<Vec<Value>> = [
        ("填写说明", "How to fill this workbook"),
        ("每个工作表是一张表：企业、生产（企业的产品）、地区、来源、机构、关系。第一行是列名，之后每行一条记录。示例行可删除。", "Each sheet is one table: firms, makes (what firms make), regions, sources, organizations, links. Row 1 names the columns, then one record per row. Delete the sample rows."),
        ("列名可用中文或英文；产品、地区、企业可写编号或名称；状态可写 在产、在建、签约/拟建、停产。", "Headers may be Chinese or English; products, regions and firms by id or name; statuses as operating, building, announced, closed (or in Chinese)."),
        ("企业编号可空：由统一社会信用代码或名称生成。其他列保存在扩展字段。", "A firm's id may be empty: it is derived from the credit code or the name. Other columns are kept in extra."),
        ("地区表可省略：内置模板（vrfb、vrfb-mini、li-ion-storage）的内置地区（如 乐山高新区、四川省）可直接按编号或名称填写，导入时连同上级地区一并加入。", "The regions sheet is optional: the built-in regions of a built-in template (vrfb, vrfb-mini, li-ion-storage), such as 乐山高新区 or Sichuan, may be named by id or name; they are added with their parents."),
        ("导入：vrfb-chain import 本文件.xlsx --out dataset.json；每个错误都指出工作表、行和列。", "Import: vrfb-chain import this.xlsx --out dataset.json; every mistake is reported at its sheet, row and column."),
    ]
    .iter()
    .map(|(zh, en)| vec![Value::from(*zh), Value::Empty, Value::Empty, Value::Empty, Value::from(*en)])
    .collect();
    rows.push(vec![Value::Empty; 5]);
    for t in TABLES {
        rows.push(vec![
            Value::from(t.sheet_name()),
            Value::Empty,
            Value::Empty,
            Value::from(t.zh_help),
            Value::from(t.en_help),
        ]);
        for c in t.columns {
            rows.push(vec![
                Value::from(t.key),
                Value::from(c.header()),
                Value::from(if c.required { "必填 required" } else { "" }),
                Value::from(c.zh_help),
                Value::from(c.en_help),
            ]);
        }
    }
    let mut out = vec![Sheet {
        key: "instructions".into(),
        title: "说明 (instructions)".into(),
        headers: vec![
            "表 (table)".into(),
            "列 (column)".into(),
            "必填 (required)".into(),
            "说明".into(),
            "meaning".into(),
        ],
        rows,
    }];
    out.extend(sheets(&sample()));
    out
}

/// The template workbook (`data/import-template.xlsx`): the same bytes every time.
///
/// ```
/// let book = vrfb_chain::sheets::dataset::template_xlsx().unwrap();
/// assert_eq!(book, vrfb_chain::sheets::dataset::template_xlsx().unwrap());
/// ```
///
/// # Errors
/// [`Error::Io`] when the workbook cannot be written (it can).
pub fn template_xlsx() -> Result<Vec<u8>> {
    super::write_xlsx(&template_sheets())
}

/// Writes the template workbook to a file.
///
/// # Errors
/// [`Error::Io`] naming the file when it cannot be written.
pub fn write_template(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let bytes = template_xlsx()?;
    std::fs::write(path, bytes).map_err(|e| Error::io("write", e).in_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_cover_every_table_in_layout_order() {
        let kinds: Vec<TableKind> = TABLE_ROWS.iter().map(|(kind, _)| *kind).collect();
        let layout: Vec<TableKind> = TABLES.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, layout);
    }

    #[test]
    fn every_row_is_as_long_as_its_header() {
        for sheet in sheets(&crate::builtin::vrfb_dataset()) {
            for row in &sheet.rows {
                assert_eq!(row.len(), sheet.headers.len(), "{}", sheet.key);
            }
        }
    }
}
