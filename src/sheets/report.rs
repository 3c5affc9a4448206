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
use crate::analysis::{Action, GapReport, ProductStatus};
use crate::error::{Error, Result};
use crate::KnowledgeGraph;

fn status_zh(s: ProductStatus) -> &'static str {
    match s {
        ProductStatus::Covered => "已覆盖",
        ProductStatus::Single => "仅一家",
        ProductStatus::Unconfirmed => "待核实",
        ProductStatus::Planned => "在建/规划",
        ProductStatus::Missing => "缺失",
    }
}

fn action_zh(a: Action) -> &'static str {
    match a {
        Action::Fill => "补链",
        Action::Strengthen => "强链",
    }
}

struct Names<'g>(&'g KnowledgeGraph);

impl Names<'_> {
    fn party(&self, id: &str) -> String {
        if let Some(f) = self.0.firm(id) {
            f.name.display()
        } else if let Some(o) = self.0.organization(id) {
            o.name.display()
        } else {
            String::new()
        }
    }
    fn product(&self, id: &str) -> String {
        self.0
            .product(id)
            .map(|p| p.name.display())
            .unwrap_or_default()
    }
    fn segment(&self, id: &str) -> String {
        self.0
            .segment(id)
            .map(|s| s.name.display())
            .unwrap_or_default()
    }
    fn region(&self, id: &str) -> String {
        self.0
            .region(id)
            .map(|r| r.name.display())
            .unwrap_or_default()
    }
    fn parties(&self, ids: &[String]) -> Value {
        Value::from(
            ids.iter()
                .map(|id| self.party(id))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
    fn products(&self, ids: &[String]) -> Value {
        Value::from(
            ids.iter()
                .map(|id| self.product(id))
                .collect::<Vec<_>>()
                .join(" | "),
        )
    }
}

fn ids(items: &[String]) -> Value {
    Value::from(items.join("; "))
}

fn alternatives(items: &[String]) -> Value {
    Value::from(items.join(" | "))
}

fn table(key: &str, title: &str, headers: &[&str], rows: Vec<Vec<Value>>) -> Sheet {
    Sheet {
        key: key.to_string(),
        title: title.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

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

/// The report's tables, one per section, in [`SECTIONS`] order.
///
/// # Complexity
/// O(n) in the size of the report, plus an O(1) expected name look-up per id.
pub fn sheets(graph: &KnowledgeGraph, report: &GapReport) -> Vec<Sheet> {
    let n = Names(graph);
    let s = &report.summary;
    let o = &report.options;
    let figure = |zh: &str, en: &str, v: Value| vec![Value::from(format!("{zh} ({en})")), v];
    let summary = vec![
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
        figure("已覆盖", "covered", s.covered.into()),
        figure("仅一家", "single", s.single.into()),
        figure("待核实", "unconfirmed", s.unconfirmed.into()),
        figure("在建/规划", "planned", s.planned.into()),
        figure("缺失", "missing", s.missing.into()),
        figure("覆盖率", "coverage", s.coverage.into()),
        figure(
            "确认覆盖率",
            "confirmed coverage",
            s.confirmed_coverage.into(),
        ),
    ];
    let segments = report
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
    let products = report
        .products
        .iter()
        .map(|p| {
            vec![
                p.product.as_str().into(),
                n.product(&p.product).into(),
                p.segment.as_str().into(),
                n.segment(&p.segment).into(),
                p.status.as_str().into(),
                status_zh(p.status).into(),
                ids(&p.local_makers),
                n.parties(&p.local_makers),
            ]
        })
        .collect();
    let priorities = report
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                (i + 1).into(),
                p.product.as_str().into(),
                n.product(&p.product).into(),
                p.status.as_str().into(),
                status_zh(p.status).into(),
                p.action.as_str().into(),
                action_zh(p.action).into(),
                p.impact.into(),
                p.supplier_gaps.into(),
                p.customer_gaps.into(),
                p.blocks.into(),
                p.candidates.into(),
            ]
        })
        .collect();
    let upstream = report
        .upstream_gaps
        .iter()
        .map(|g| {
            vec![
                g.firm.as_str().into(),
                n.party(&g.firm).into(),
                g.product.as_str().into(),
                n.product(&g.product).into(),
                alternatives(&g.requirement),
                n.products(&g.requirement),
                ids(&g.local_suppliers),
                g.local_supplier_count.into(),
            ]
        })
        .collect();
    let downstream = report
        .downstream_gaps
        .iter()
        .map(|g| {
            vec![
                g.firm.as_str().into(),
                n.party(&g.firm).into(),
                g.product.as_str().into(),
                n.product(&g.product).into(),
                ids(&g.local_customers),
                g.local_customer_count.into(),
            ]
        })
        .collect();
    let single = report
        .single_source
        .iter()
        .map(|g| {
            vec![
                g.firm.as_str().into(),
                n.party(&g.firm).into(),
                g.product.as_str().into(),
                n.product(&g.product).into(),
                alternatives(&g.requirement),
                n.products(&g.requirement),
                g.supplier.as_str().into(),
                n.party(&g.supplier).into(),
            ]
        })
        .collect();
    let external = report
        .external_dependencies
        .iter()
        .map(|g| {
            vec![
                g.firm.as_str().into(),
                n.party(&g.firm).into(),
                g.product.as_str().into(),
                n.product(&g.product).into(),
                alternatives(&g.requirement),
                n.products(&g.requirement),
                ids(&g.suppliers),
                n.parties(&g.suppliers),
            ]
        })
        .collect();
    let critical = report
        .critical_firms
        .iter()
        .map(|c| {
            let downgraded: Vec<String> = c
                .downgraded
                .iter()
                .map(|d| format!("{}: {} → {}", d.product, d.status, d.without))
                .collect();
            let sole: Vec<String> = c
                .sole_supplier_of
                .iter()
                .map(|s| format!("{} ({})", s.firm, s.product))
                .collect();
            vec![
                c.firm.as_str().into(),
                n.party(&c.firm).into(),
                c.impact.into(),
                ids(&downgraded),
                ids(&c.lost_producible),
                ids(&sole),
            ]
        })
        .collect();
    let candidates = report
        .candidates
        .iter()
        .flat_map(|p| {
            let n = &n;
            p.firms.iter().enumerate().map(move |(i, c)| {
                let region = graph
                    .firm(&c.firm)
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
    let concentration = report
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
    let p = ["产品 (product)", "产品名称 (product name)"];
    let f = ["企业 (firm)", "企业名称 (firm name)"];
    vec![
        table(
            "summary",
            "概览 (summary)",
            &["项目 (item)", "值 (value)"],
            summary,
        ),
        table(
            "segments",
            "环节 (segments)",
            &[
                "环节 (segment)",
                "环节名称 (segment name)",
                "产品数 (products)",
                "已覆盖 (covered)",
                "仅一家 (single)",
                "待核实 (unconfirmed)",
                "在建/规划 (planned)",
                "缺失 (missing)",
                "覆盖率 (coverage)",
                "确认覆盖率 (confirmed coverage)",
            ],
            segments,
        ),
        table(
            "products",
            "产品 (products)",
            &[
                p[0],
                p[1],
                "环节 (segment)",
                "环节名称 (segment name)",
                "状态 (status)",
                "状态说明 (status, zh)",
                "本地企业 (local makers)",
                "本地企业名称 (local maker names)",
            ],
            products,
        ),
        table(
            "priorities",
            "短板清单 (priorities)",
            &[
                "序号 (rank)",
                p[0],
                p[1],
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
            priorities,
        ),
        table(
            "upstream_gaps",
            "上游缺口 (upstream_gaps)",
            &[
                f[0],
                f[1],
                p[0],
                p[1],
                "所需投入 (requirement)",
                "投入名称 (requirement names)",
                "本地供应商 (local suppliers)",
                "本地供应商数 (count)",
            ],
            upstream,
        ),
        table(
            "downstream_gaps",
            "下游缺口 (downstream_gaps)",
            &[
                f[0],
                f[1],
                p[0],
                p[1],
                "本地客户 (local customers)",
                "本地客户数 (count)",
            ],
            downstream,
        ),
        table(
            "single_source",
            "单一来源 (single_source)",
            &[
                f[0],
                f[1],
                p[0],
                p[1],
                "所需投入 (requirement)",
                "投入名称 (requirement names)",
                "供应商 (supplier)",
                "供应商名称 (supplier name)",
            ],
            single,
        ),
        table(
            "external_dependencies",
            "外部依赖 (external_dependencies)",
            &[
                f[0],
                f[1],
                p[0],
                p[1],
                "所需投入 (requirement)",
                "投入名称 (requirement names)",
                "外地供应商 (suppliers)",
                "供应商名称 (supplier names)",
            ],
            external,
        ),
        table(
            "critical_firms",
            "重点企业 (critical_firms)",
            &[
                f[0],
                f[1],
                "影响 (impact)",
                "降级产品 (downgraded)",
                "失去可生产 (lost producible)",
                "唯一供应 (sole supplier of)",
            ],
            critical,
        ),
        table(
            "candidates",
            "招商目标 (candidates)",
            &[
                p[0],
                p[1],
                "候选总数 (count)",
                "排名 (rank)",
                f[0],
                f[1],
                "所在地区 (region)",
                "得分 (score)",
                "关联 (links)",
                "邻近 (proximity)",
                "证据 (evidence)",
            ],
            candidates,
        ),
        table(
            "concentration",
            "集中度 (concentration)",
            &[
                p[0],
                p[1],
                "企业数 (makers)",
                "单位 (unit)",
                "有产能数据 (with capacity)",
                "产能 (capacity)",
                "HHI",
                "最大份额 (top share)",
                "占全国 (share of all)",
            ],
            concentration,
        ),
    ]
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
