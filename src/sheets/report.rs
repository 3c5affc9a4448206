//! The gap report as a workbook (one sheet per section, names in both languages, frozen
//! header rows, fitted column widths) or as CSV files, one per section: the lists a
//! planner hands over (短板清单, 重点企业清单, 招商目标清单).
//!
//! Each sheet has one row per entry of its report section; the summary has one row per
//! figure. Ids come with the graph's names (`钒电解液 (Vanadium electrolyte)`).
//!
//! ```
//! use vrfb_chain::{analysis, builtin, sheets};
//! let graph = builtin::minimal_graph();
//! let report = analysis::gaps(&graph, "province-a", &Default::default()).unwrap();
//! let tables = sheets::report::sheets(&graph, &report);
//! let products = tables.iter().find(|s| s.key == "products").unwrap();
//! assert_eq!(products.rows.len(), report.products.len());
//! assert_eq!(products.headers[..2], ["产品 (product)", "产品名称 (product name)"]);
//! assert_eq!(&sheets::report::to_xlsx(&graph, &report).unwrap()[..2], b"PK");
//! ```

use std::path::Path;

use super::{Sheet, Value};
use crate::analysis::{GapReport, ProductStatus};
use crate::error::{Error, Result};
use crate::render::words;
use crate::{KnowledgeGraph, Name};

/// The graph's names of the ids a report gives.
struct Names<'g>(&'g KnowledgeGraph);

impl Names<'_> {
    /// A firm's or organization's name; empty when the graph has neither.
    fn party(&self, id: &str) -> String {
        if let Some(f) = self.0.firm(id) {
            f.name.display()
        } else if let Some(o) = self.0.organization(id) {
            o.name.display()
        } else {
            String::new()
        }
    }
    /// A product's name.
    fn product(&self, id: &str) -> String {
        self.0
            .product(id)
            .map(|p| p.name.display())
            .unwrap_or_default()
    }
    /// A product's, firm's or organization's Chinese name (else its English one) with its
    /// id in brackets: `电堆 (stack)`; the id alone when the graph has no name.
    fn short(&self, id: &str) -> String {
        let g = self.0;
        let name = g
            .product(id)
            .map(|p| &p.name)
            .or_else(|| g.firm(id).map(|f| &f.name))
            .or_else(|| g.organization(id).map(|o| &o.name));
        match name.and_then(|n| n.zh.as_deref().or(n.en.as_deref())) {
            Some(name) if !name.is_empty() => format!("{name} ({id})"),
            _ => id.to_string(),
        }
    }
    /// A segment's name.
    fn segment(&self, id: &str) -> String {
        self.0
            .segment(id)
            .map(|s| s.name.display())
            .unwrap_or_default()
    }
    /// A region's name.
    fn region(&self, id: &str) -> String {
        self.0
            .region(id)
            .map(|r| r.name.display())
            .unwrap_or_default()
    }
    /// The names of firms or organizations, separated by `; `.
    fn parties(&self, ids: &[String]) -> Value {
        Value::from(
            ids.iter()
                .map(|id| self.party(id))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
    /// The names of alternative products, separated by ` | `.
    fn products(&self, ids: &[String]) -> Value {
        Value::from(
            ids.iter()
                .map(|id| self.product(id))
                .collect::<Vec<_>>()
                .join(" | "),
        )
    }
    /// A row about a firm's product: the firm and the product, each by id and name, then
    /// the rest.
    fn firm_product_row(
        &self,
        firm: &str,
        product: &str,
        rest: impl IntoIterator<Item = Value>,
    ) -> Vec<Value> {
        let mut row = vec![
            firm.into(),
            self.party(firm).into(),
            product.into(),
            self.product(product).into(),
        ];
        row.extend(rest);
        row
    }
}

/// Ids separated by `; `.
fn ids(items: &[String]) -> Value {
    Value::from(items.join("; "))
}

/// Alternative product ids separated by ` | `.
fn alternatives(items: &[String]) -> Value {
    Value::from(items.join(" | "))
}

/// A sheet: its key, its title, its headers given in groups, and its rows.
fn table(key: &str, title: &str, headers: &[&[&str]], rows: Vec<Vec<Value>>) -> Sheet {
    Sheet {
        key: key.to_string(),
        title: title.to_string(),
        headers: headers
            .iter()
            .flat_map(|group| group.iter())
            .map(|h| h.to_string())
            .collect(),
        rows,
    }
}

/// The headers of a product by id and name.
const PRODUCT: [&str; 2] = ["产品 (product)", "产品名称 (product name)"];
/// The headers of a firm by id and name.
const FIRM: [&str; 2] = ["企业 (firm)", "企业名称 (firm name)"];
/// The headers of a requirement: its alternatives by id and by name.
const REQUIREMENT: [&str; 2] = ["所需投入 (requirement)", "投入名称 (requirement names)"];

/// The sheet keys (also the CSV file names), in workbook order.
pub const SECTIONS: [&str; 11] = [
    "summary",
    "segments",
    "products",
    "priorities",
    "upstream_gaps",
    "downstream_gaps",
    "single_source",
    "external_dependencies",
    "critical_firms",
    "candidates",
    "concentration",
];

/// The sheet of one section of the report.
type SectionSheet = fn(&Names<'_>, &GapReport) -> Sheet;

/// Each section's sheet, in [`SECTIONS`] order.
const SECTION_SHEETS: [SectionSheet; 11] = [
    summary,
    segments,
    products,
    priorities,
    upstream_gaps,
    downstream_gaps,
    single_source,
    external_dependencies,
    critical_firms,
    candidates,
    concentration,
];

/// The report's tables, one per section, in [`SECTIONS`] order.
///
/// # Complexity
/// O(n) in the size of the report, plus an O(1) expected name look-up per id.
pub fn sheets(graph: &KnowledgeGraph, report: &GapReport) -> Vec<Sheet> {
    let names = Names(graph);
    SECTION_SHEETS
        .iter()
        .map(|section| section(&names, report))
        .collect()
}

/// The tables of [`sheets`], with `note`, when there is one, as the first row of the
/// summary (its Chinese and English on two lines of one cell): what a reader must know
/// before the rest, such as that the report is of a what-if
/// ([`Scenario::what_if_note`](crate::scenario::Scenario::what_if_note)).
///
/// ```
/// use vrfb_chain::{analysis, builtin, sheets::{report, Value}, Name};
/// let graph = builtin::minimal_graph();
/// let gaps = analysis::gaps(&graph, "zone-a", &analysis::Options::default()).unwrap();
/// let note = Name::new(Some("假设情景"), Some("A what-if"));
/// let tables = report::sheets_with_note(&graph, &gaps, Some(&note));
/// assert_eq!(tables[0].rows[0], [Value::from("注意 (note)"), Value::from("假设情景\nA what-if")]);
/// assert_eq!(tables[0].rows[1..], report::sheets(&graph, &gaps)[0].rows[..]);
/// ```
pub fn sheets_with_note(
    graph: &KnowledgeGraph,
    report: &GapReport,
    note: Option<&Name>,
) -> Vec<Sheet> {
    let mut tables = sheets(graph, report);
    if let (Some(note), Some(summary)) = (note, tables.first_mut()) {
        let text = [note.zh.as_deref(), note.en.as_deref()]
            .into_iter()
            .flatten()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        summary
            .rows
            .insert(0, vec![Value::from("注意 (note)"), Value::from(text)]);
    }
    tables
}

/// The summary: one row per figure, the scope and options first.
fn summary(n: &Names<'_>, report: &GapReport) -> Sheet {
    let s = &report.summary;
    let o = &report.options;
    let figure = |zh: &str, en: &str, v: Value| vec![Value::from(format!("{zh} ({en})")), v];
    let mut rows = vec![
        figure("产业链", "chain", Value::from(report.chain.as_str())),
        figure("地区", "region", Value::from(report.scope.region.as_str())),
        figure(
            "地区名称",
            "region name",
            Value::from(n.region(&report.scope.region)),
        ),
        figure("本地企业数", "local firms", report.scope.firms.into()),
        figure(
            "数据日期",
            "as of",
            Value::from(o.as_of.map(|d| d.to_string())),
        ),
        figure("最少企业数", "min makers", o.min_makers.into()),
        figure(
            "最低证据等级",
            "min grade",
            Value::from(o.min_grade.map_or("none", |g| g.as_str())),
        ),
        figure("产品数", "products", s.products.into()),
    ];
    rows.extend(ProductStatus::ALL.map(|status| {
        let w = words::status(status);
        figure(w.zh, w.en, s.of(status).into())
    }));
    rows.extend([
        figure("覆盖率", "coverage", s.coverage.into()),
        figure(
            "确认覆盖率",
            "confirmed coverage",
            s.confirmed_coverage.into(),
        ),
    ]);
    table(
        "summary",
        "概览 (summary)",
        &[&["项目 (item)", "值 (value)"]],
        rows,
    )
}

/// The segments: each one's product counts by status, and its coverage.
fn segments(n: &Names<'_>, report: &GapReport) -> Sheet {
    let status_headers = ProductStatus::ALL.map(|s| words::status(s).header());
    let rows = report
        .segments
        .iter()
        .map(|g| {
            let c = &g.counts;
            vec![
                g.segment.as_str().into(),
                n.segment(&g.segment).into(),
                c.products.into(),
                c.covered.into(),
                c.single.into(),
                c.unconfirmed.into(),
                c.planned.into(),
                c.missing.into(),
                c.coverage.into(),
                c.confirmed_coverage.into(),
            ]
        })
        .collect();
    table(
        "segments",
        "环节 (segments)",
        &[
            &[
                "环节 (segment)",
                "环节名称 (segment name)",
                "产品数 (products)",
            ],
            &status_headers.each_ref().map(String::as_str),
            &["覆盖率 (coverage)", "确认覆盖率 (confirmed coverage)"],
        ],
        rows,
    )
}

/// The products: each one's segment, status and local makers.
fn products(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .products
        .iter()
        .map(|p| {
            vec![
                p.product.as_str().into(),
                n.product(&p.product).into(),
                p.segment.as_str().into(),
                n.segment(&p.segment).into(),
                p.status.as_str().into(),
                words::status(p.status).zh.into(),
                ids(&p.local_makers),
                n.parties(&p.local_makers),
            ]
        })
        .collect();
    table(
        "products",
        "产品 (products)",
        &[
            &PRODUCT,
            &[
                "环节 (segment)",
                "环节名称 (segment name)",
                "状态 (status)",
                "状态说明 (status, zh)",
                "本地企业 (local makers)",
                "本地企业名称 (local maker names)",
            ],
        ],
        rows,
    )
}

/// The priorities, ranked: what to recruit first, and why.
fn priorities(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                (i + 1).into(),
                p.product.as_str().into(),
                n.product(&p.product).into(),
                p.status.as_str().into(),
                words::status(p.status).zh.into(),
                p.action.as_str().into(),
                words::action(p.action).zh.into(),
                p.impact.into(),
                p.supplier_gaps.into(),
                p.customer_gaps.into(),
                p.blocks.into(),
                p.candidates.into(),
            ]
        })
        .collect();
    table(
        "priorities",
        "短板清单 (priorities)",
        &[
            &["序号 (rank)"],
            &PRODUCT,
            &[
                "状态 (status)",
                "状态说明 (status, zh)",
                "行动 (action)",
                "行动说明 (action, zh)",
                "影响 (impact)",
                "缺供应 (supplier gaps)",
                "缺客户 (customer gaps)",
                "阻断 (blocks)",
                "候选企业 (candidates)",
            ],
        ],
        rows,
    )
}

/// The upstream gaps: a local firm's requirement with its local suppliers.
fn upstream_gaps(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .upstream_gaps
        .iter()
        .map(|g| {
            n.firm_product_row(
                &g.firm,
                &g.product,
                [
                    alternatives(&g.requirement),
                    n.products(&g.requirement),
                    ids(&g.local_suppliers),
                    n.parties(&g.local_suppliers),
                    g.local_supplier_count.into(),
                ],
            )
        })
        .collect();
    table(
        "upstream_gaps",
        "上游缺口 (upstream_gaps)",
        &[
            &FIRM,
            &PRODUCT,
            &REQUIREMENT,
            &[
                "本地供应商 (local suppliers)",
                "本地供应商名称 (local supplier names)",
                "本地供应商数 (count)",
            ],
        ],
        rows,
    )
}

/// The downstream gaps: a local firm's product with its possible local customers.
fn downstream_gaps(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .downstream_gaps
        .iter()
        .map(|g| {
            n.firm_product_row(
                &g.firm,
                &g.product,
                [
                    ids(&g.local_customers),
                    n.parties(&g.local_customers),
                    g.local_customer_count.into(),
                ],
            )
        })
        .collect();
    table(
        "downstream_gaps",
        "下游缺口 (downstream_gaps)",
        &[
            &FIRM,
            &PRODUCT,
            &[
                "本地客户 (local customers)",
                "本地客户名称 (local customer names)",
                "本地客户数 (count)",
            ],
        ],
        rows,
    )
}

/// The single-source inputs: a local firm's requirement with its one supplier.
fn single_source(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .single_source
        .iter()
        .map(|g| {
            n.firm_product_row(
                &g.firm,
                &g.product,
                [
                    alternatives(&g.requirement),
                    n.products(&g.requirement),
                    g.supplier.as_str().into(),
                    n.party(&g.supplier).into(),
                ],
            )
        })
        .collect();
    table(
        "single_source",
        "单一来源 (single_source)",
        &[
            &FIRM,
            &PRODUCT,
            &REQUIREMENT,
            &["供应商 (supplier)", "供应商名称 (supplier name)"],
        ],
        rows,
    )
}

/// The external dependencies: a local firm's requirement with its suppliers outside.
fn external_dependencies(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .external_dependencies
        .iter()
        .map(|g| {
            n.firm_product_row(
                &g.firm,
                &g.product,
                [
                    alternatives(&g.requirement),
                    n.products(&g.requirement),
                    ids(&g.suppliers),
                    n.parties(&g.suppliers),
                ],
            )
        })
        .collect();
    table(
        "external_dependencies",
        "外部依赖 (external_dependencies)",
        &[
            &FIRM,
            &PRODUCT,
            &REQUIREMENT,
            &["外地供应商 (suppliers)", "供应商名称 (supplier names)"],
        ],
        rows,
    )
}

/// The critical firms: what the region would lose without each.
fn critical_firms(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .critical_firms
        .iter()
        .map(|c| {
            // Planners read the cells: names and the status words, with the ids in
            // brackets to find the rows of the other sheets.
            let downgraded: Vec<String> = c
                .downgraded
                .iter()
                .map(|d| {
                    let (now, without) = (words::status(d.status), words::status(d.without));
                    format!("{}: {} → {}", n.short(&d.product), now.zh, without.zh)
                })
                .collect();
            let lost: Vec<String> = c.lost_producible.iter().map(|p| n.short(p)).collect();
            let sole: Vec<String> = c
                .sole_supplier_of
                .iter()
                .map(|s| format!("{} → {}", n.short(&s.product), n.short(&s.firm)))
                .collect();
            vec![
                c.firm.as_str().into(),
                n.party(&c.firm).into(),
                c.impact.into(),
                ids(&downgraded),
                ids(&lost),
                ids(&sole),
            ]
        })
        .collect();
    table(
        "critical_firms",
        "重点企业 (critical_firms)",
        &[
            &FIRM,
            &[
                "影响 (impact)",
                "降级产品 (downgraded)",
                "失去可生产 (lost producible)",
                "唯一供应：产品 → 客户 (sole supplier of: product → customer)",
            ],
        ],
        rows,
    )
}

/// The candidates: one row per product and ranked outside firm, with its score's parts.
fn candidates(n: &Names<'_>, report: &GapReport) -> Sheet {
    let rows = report
        .candidates
        .iter()
        .flat_map(|p| {
            p.firms.iter().enumerate().map(move |(i, c)| {
                let region =
                    n.0.firm(&c.firm)
                        .map(|f| f.region.clone())
                        .unwrap_or_default();
                vec![
                    p.product.as_str().into(),
                    n.product(&p.product).into(),
                    p.count.into(),
                    (i + 1).into(),
                    c.firm.as_str().into(),
                    n.party(&c.firm).into(),
                    n.region(&region).into(),
                    c.score.into(),
                    c.links.into(),
                    c.proximity.into(),
                    c.evidence.into(),
                ]
            })
        })
        .collect();
    table(
        "candidates",
        "招商目标 (candidates)",
        &[
            &PRODUCT,
            &["候选总数 (count)", "排名 (rank)"],
            &FIRM,
            &[
                "所在地区 (region)",
                "得分 (score)",
                "关联 (links)",
                "邻近 (proximity)",
                "证据 (evidence)",
            ],
        ],
        rows,
    )
}

/// The concentration of each product's makers: capacity, HHI and shares.
fn concentration(n: &Names<'_>, report: &GapReport) -> Sheet {
    let share_of_all = words::SHARE_OF_ALL.header();
    let rows = report
        .concentration
        .iter()
        .map(|c| {
            vec![
                c.product.as_str().into(),
                n.product(&c.product).into(),
                c.makers.into(),
                Value::from(c.unit.clone()),
                c.with_capacity.into(),
                c.capacity.into(),
                c.hhi.map(|h| h as f64).into(),
                c.top_share.into(),
                c.share_of_all.into(),
            ]
        })
        .collect();
    table(
        "concentration",
        "集中度 (concentration)",
        &[
            &PRODUCT,
            &[
                "企业数 (makers)",
                "单位 (unit)",
                "有产能数据 (with capacity)",
                "产能 (capacity)",
                "HHI",
                "最大份额 (top share)",
                &share_of_all,
            ],
        ],
        rows,
    )
}

/// The report as an `.xlsx` workbook: the same bytes for the same report.
///
/// # Errors
/// [`Error::Io`] when the workbook cannot be written.
pub fn to_xlsx(graph: &KnowledgeGraph, report: &GapReport) -> Result<Vec<u8>> {
    super::write_xlsx(&sheets(graph, report))
}

/// Writes the report as an `.xlsx` workbook file.
///
/// # Errors
/// [`Error::Io`] naming the file when it cannot be written.
pub fn write_xlsx(
    graph: &KnowledgeGraph,
    report: &GapReport,
    path: impl AsRef<Path>,
) -> Result<()> {
    let path = path.as_ref();
    let bytes = to_xlsx(graph, report)?;
    std::fs::write(path, bytes).map_err(|e| Error::io("write", e).in_file(path))
}

/// Writes the report as CSV files, one per section (`priorities.csv`, ...), in a folder.
///
/// # Errors
/// [`Error::Io`] naming the file that cannot be written.
pub fn write_csv_dir(
    graph: &KnowledgeGraph,
    report: &GapReport,
    dir: impl AsRef<Path>,
) -> Result<()> {
    super::write_csv_dir(dir.as_ref(), &sheets(graph, report))
}
