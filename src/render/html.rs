//! The gap report as one self-contained HTML page (feature `html`).
//!
//! The page needs nothing but a browser: its CSS and its small script are inline, the chain
//! map is an inline SVG drawn here, and it names no URL, so it opens from a USB stick or a
//! mail attachment with the network off. It holds:
//!
//! - the **chain map**: the segments as columns from upstream (left) to downstream, the
//!   products as boxes filled by their status, the input edges (dashed: alternatives, any one
//!   will do), and under each product the region's firms that make it (a count, with the list
//!   on click, when there are more than three). Choosing an end product (a click, or the
//!   fragment `#select=PRODUCT`, which also scrolls the map to it) outlines the products
//!   that block it (`report.closure.blocked`) and dims the rest. The map is drawn at its
//!   natural size (one SVG unit, one CSS pixel: labels 12 px and more) in a box that
//!   scrolls sideways, so that it reads on a laptop screen;
//! - the summary, what to recruit first, the products, the gaps, the local closure, the
//!   critical firms, the concentration (an HHI above 2 500 is marked highly concentrated)
//!   and the candidates, as tables sortable by a click on their header; each product name
//!   links to its row in the product table;
//! - names in Chinese and English, with a 中文 / English switch (or the fragment `lang=en`).
//!
//! The page presents the report and computes nothing it does not hold: statuses, blocking
//! sets, counts and candidates are the report's. Long lists are cut to a fixed length with
//! the count in all (the JSON report has every entry), so that a national report stays a
//! page of a few hundred kilobytes. Markup is deterministic: the same graph and report give
//! the same bytes. Every name is escaped, so a firm called `<script>` is text.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::words;
use crate::analysis::{GapReport, ProductStatus};
use crate::chain::Chain;
use crate::name::Name;
use crate::KnowledgeGraph;

/// Rows shown per table; the rest are counted.
const ROW_LIMIT: usize = 200;
/// Firms named per product in the product table.
const TABLE_FIRMS: usize = 10;
/// Firms named under a product on the map; more are aggregated to a count.
const MAP_FIRMS: usize = 3;
/// Firms listed in the panel a click on the count opens.
const PANEL_FIRMS: usize = 200;

const BOX_W: f64 = 168.0;
const BOX_H: f64 = 62.0;
const SUB_GAP: f64 = 40.0;
const SEG_GAP: f64 = 52.0;
const SEG_PAD: f64 = 12.0;
const HEADER_H: f64 = 58.0;
const FIRM_LINE: f64 = 15.0;
const ROW_GAP: f64 = 18.0;

/// The gap report as one self-contained HTML page, ending with a newline.
///
/// `graph` gives the names of the chain, the region and the firms; it should be the graph
/// the report was made from (a product, firm or region it lacks is shown by its id).
///
/// # Complexity
/// O(P · I + E) time and space for P products, I input alternatives per product and E
/// entries shown (every list is cut to a fixed length).
///
/// ```
/// use vrfb_chain::analysis::{gaps, Options};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "city-a", &Options::default()).unwrap();
/// let page = vrfb_chain::render::html(&graph, &report);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// // Every product is on the map with its status, and has a row.
/// assert!(page.contains(r#"data-product="stack" data-status="single""#));
/// assert!(page.contains(r#"<tr id="p-stack""#));
/// // Nothing is fetched from the network.
/// assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
/// ```
pub fn html(graph: &KnowledgeGraph, report: &GapReport) -> String {
    html_with_note(graph, report, None)
}

/// The page of [`html`] with `note`, when there is one, in a box under the title, in the
/// page's two languages (its `zh` and `en`, each falling back on the other): what a reader
/// must know before the rest, such as that the report is of a what-if
/// ([`Scenario::what_if_note`](crate::scenario::Scenario::what_if_note) and
/// [`what_if_note_zh`](crate::scenario::Scenario::what_if_note_zh)).
///
/// ```
/// use vrfb_chain::{analysis::{gaps, Options}, render, Name};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "city-a", &Options::default()).unwrap();
/// let note = Name::new(Some("假设情景"), Some("A <what-if>"));
/// let page = render::html_with_note(&graph, &report, Some(&note));
/// assert!(page.contains(r#"<p class="note" role="note"><strong><span class="zh">假设情景</span><span class="en">A &lt;what-if&gt;</span></strong></p>"#));
/// assert!(!render::html(&graph, &report).contains(r#"class="note""#));
/// ```
pub fn html_with_note(graph: &KnowledgeGraph, report: &GapReport, note: Option<&Name>) -> String {
    let page = Page {
        graph,
        report,
        note,
    };
    let mut out = String::with_capacity(1 << 16);
    page.write(&mut out);
    out
}

/// Escapes text for HTML and SVG, in text and in quoted attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Both language spans; the CSS shows one.
fn t(zh: &str, en: &str) -> String {
    format!("<span class=\"zh\">{zh}</span><span class=\"en\">{en}</span>")
}

/// The Chinese and English forms of a name, each falling back on the other, then on the id.
fn name_pair(name: Option<&Name>, id: &str) -> (String, String) {
    let zh = name.and_then(|n| n.zh.as_deref()).filter(|s| !s.is_empty());
    let en = name.and_then(|n| n.en.as_deref()).filter(|s| !s.is_empty());
    let zh_text = zh.or(en).unwrap_or(id).to_string();
    let en_text = en.or(zh).unwrap_or(id).to_string();
    (zh_text, en_text)
}

/// A status's words, from the table the workbook uses too.
fn status_words(status: ProductStatus) -> (&'static str, &'static str) {
    let w = words::status(status);
    (w.zh, w.en)
}

/// A column header for a status: its words, the English one capitalized.
fn status_header(status: ProductStatus) -> String {
    let (zh, en) = status_words(status);
    let mut chars = en.chars();
    let en: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    t(zh, &en)
}

fn status_badge(status: ProductStatus) -> String {
    let (zh, en) = status_words(status);
    format!(
        "<span class=\"badge st-{}\">{}</span>",
        status.as_str(),
        t(zh, en)
    )
}

/// The estimated width of text in em: CJK and full-width characters one em, others about
/// half.
fn text_em(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                1.0
            } else if c.is_ascii_uppercase() || c == 'm' || c == 'w' {
                0.68
            } else {
                0.53
            }
        })
        .sum()
}

/// Cuts text to fit `width_em`, with an ellipsis when cut.
fn fit(text: &str, width_em: f64) -> String {
    if text_em(text) <= width_em {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1.0;
    for c in text.chars() {
        let w = text_em(c.encode_utf8(&mut [0; 4]));
        if used + w > width_em {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Wraps text into at most two lines of `width_em`, at spaces for Latin text and anywhere for
/// CJK text; the second line is cut with an ellipsis when the text is longer.
fn wrap2(text: &str, width_em: f64) -> Vec<String> {
    if text_em(text) <= width_em {
        return vec![text.to_string()];
    }
    let mut first = String::new();
    let mut used = 0.0;
    let mut rest_start = text.len();
    let mut last_space = None;
    for (i, c) in text.char_indices() {
        let w = text_em(c.encode_utf8(&mut [0; 4]));
        if used + w > width_em {
            rest_start = i;
            break;
        }
        if c == ' ' {
            last_space = Some(i);
        }
        used += w;
        first.push(c);
    }
    if let Some(space) = last_space {
        if text.is_char_boundary(rest_start) && !text[rest_start..].starts_with(' ') {
            first.truncate(space);
            rest_start = space + 1;
        }
    }
    let rest = text[rest_start..].trim_start();
    vec![first.trim_end().to_string(), fit(rest, width_em)]
}

/// A product placed on the map.
struct Placed<'r> {
    x: f64,
    y: f64,
    status: Option<ProductStatus>,
    makers: &'r [String],
}

/// Where the map puts things: each segment's band (x, width, sub-columns), each product,
/// and the drawing's size.
struct Layout<'r> {
    segments: Vec<(f64, f64, usize)>,
    placed: BTreeMap<&'r str, Placed<'r>>,
    width: f64,
    height: f64,
}

/// The navigation bar: a link to each section.
fn write_nav(out: &mut String) {
    out.push_str("<nav>");
    for (anchor, zh, en) in [
        ("map", "产业链图", "Chain map"),
        ("summary", "概览", "Summary"),
        ("priorities", "优先招引", "Recruit first"),
        ("products", "产品", "Products"),
        ("gaps", "缺口", "Gaps"),
        ("closure", "本地闭环", "Local closure"),
        ("critical", "关键企业", "Critical firms"),
        ("concentration", "集中度", "Concentration"),
        ("candidates", "候选企业", "Candidates"),
    ] {
        let _ = write!(out, "<a href=\"#{anchor}\">{}</a>", t(zh, en));
    }
    out.push_str("</nav>\n");
}

/// Each product's depth within its segment: the longest path over the inputs it takes
/// from its own segment, bounded by the product count (a cycle, which validation rules
/// out, cannot loop).
fn segment_depths(chain: &Chain) -> BTreeMap<&str, usize> {
    let in_segment: BTreeMap<&str, &str> = chain
        .products
        .iter()
        .map(|p| (p.id.as_str(), p.segment.as_str()))
        .collect();
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..chain.products.len() {
        let mut changed = false;
        for p in &chain.products {
            let d = p
                .inputs
                .iter()
                .flat_map(|req| req.alternatives())
                .filter(|a| in_segment.get(a.as_str()) == Some(&p.segment.as_str()))
                .map(|a| depth.get(a.as_str()).copied().unwrap_or(0) + 1)
                .max()
                .unwrap_or(0)
                .min(chain.products.len());
            if depth.get(p.id.as_str()).copied().unwrap_or(0) != d {
                depth.insert(&p.id, d);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

/// What the map marks on an end product: the products that block it, and whether it can
/// be made locally (the report's closure).
struct MapClosure<'r> {
    blocked: BTreeMap<&'r str, &'r [String]>,
    producible: BTreeSet<&'r str>,
}

impl<'r> MapClosure<'r> {
    /// The report's closure, by product.
    fn new(report: &'r GapReport) -> MapClosure<'r> {
        MapClosure {
            blocked: report
                .closure
                .blocked
                .iter()
                .map(|b| (b.product.as_str(), b.blocking.as_slice()))
                .collect(),
            producible: report
                .closure
                .producible
                .iter()
                .map(String::as_str)
                .collect(),
        }
    }
}

/// The opening of the map section: its heading, how to use it, the legend and the line
/// that names the chosen end product.
fn write_map_intro(out: &mut String) {
    let _ = write!(
        out,
        "<section id=\"map\"><h2>{}</h2><p class=\"hint\">{}</p>",
        t("产业链图", "Chain map"),
        t(
            "从上游（左）到下游（右），按原尺寸绘制：比窗口宽时左右滚动。点击终端应用产品，查看阻碍本地形成完整链条的缺失产品；点击其他产品跳到它在产品表中的一行。",
            "Upstream (left) to downstream (right), drawn at full size: scroll sideways when it is wider than the window. Click an end product to see the products that block a complete local chain for it; click any other product to go to its row."
        )
    );
    out.push_str("<div class=\"legend\">");
    for status in ProductStatus::ALL {
        let (zh, en) = status_words(status);
        let _ = write!(
            out,
            "<span class=\"key\"><i class=\"sw st-{}\"></i>{}</span>",
            status.as_str(),
            t(zh, en)
        );
    }
    let _ = write!(
        out,
        "<span class=\"key\"><svg width=\"34\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" class=\"e\"/></svg>{}</span><span class=\"key\"><svg width=\"34\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" class=\"e alt\"/></svg>{}</span><span class=\"key\"><i class=\"sw firmkey\"></i>{}</span></div>",
        t("投入", "input"),
        t("可替代投入（任一即可）", "alternatives (any one will do)"),
        t("区域内生产该产品的企业", "firms in the region that make it")
    );
    let _ = write!(
        out,
        "<div id=\"selection\" class=\"selection\" aria-live=\"polite\">{}</div>",
        t("未选择终端产品。", "No end product chosen.")
    );
}

/// The input edges, drawn first, under the boxes: one curve per alternative (dashed when
/// a requirement has several).
fn write_input_edges(out: &mut String, chain: &Chain, placed: &BTreeMap<&str, Placed<'_>>) {
    out.push_str("<g class=\"edges\">");
    for product in &chain.products {
        let Some(to) = placed.get(product.id.as_str()) else {
            continue;
        };
        for req in &product.inputs {
            let alt = req.alternatives().len() > 1;
            for input in req.alternatives() {
                let Some(from) = placed.get(input.as_str()) else {
                    continue;
                };
                let (x1, y1) = (from.x + BOX_W, from.y + BOX_H / 2.0);
                let (x2, y2) = (to.x - 2.0, to.y + BOX_H / 2.0);
                let bend = ((x2 - x1).abs() / 2.0).max(30.0);
                let _ = write!(
                    out,
                    "<path class=\"e{}\" data-from=\"{}\" data-to=\"{}\" d=\"M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}\" marker-end=\"url(#arrow)\"/>",
                    if alt { " alt" } else { "" },
                    esc(input),
                    esc(&product.id),
                    x1 + bend,
                    x2 - bend
                );
            }
        }
    }
    out.push_str("</g>");
}

/// A product's names in its box, each language on up to two lines.
fn write_product_names(out: &mut String, p: &Placed<'_>, zh: &str, en: &str) {
    let cx = p.x + BOX_W / 2.0;
    for (class, text, em) in [("zh", zh, 14.0), ("en", en, 13.0)] {
        let lines = wrap2(text, (BOX_W - 12.0) / em);
        let top = if lines.len() == 1 {
            p.y + 24.0
        } else {
            p.y + 18.0
        };
        let _ = write!(
            out,
            "<text class=\"pname {class}\" x=\"{cx:.1}\" y=\"{top:.1}\">"
        );
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{cx:.1}\" dy=\"{}\">{}</tspan>",
                if i == 0 { 0.0 } else { 15.0 },
                esc(line)
            );
        }
        out.push_str("</text>");
    }
}

/// A product's status and its count of local firms, at the foot of its box.
fn write_product_status(out: &mut String, p: &Placed<'_>) {
    let Some(s) = p.status else {
        return;
    };
    let cx = p.x + BOX_W / 2.0;
    let (szh, sen) = status_words(s);
    let n = p.makers.len();
    let _ = write!(
        out,
        "<text class=\"pstatus zh\" x=\"{cx:.1}\" y=\"{:.1}\">{szh} · {n} 家</text><text class=\"pstatus en\" x=\"{cx:.1}\" y=\"{:.1}\">{sen} · {n} {}</text>",
        p.y + BOX_H - 9.0,
        p.y + BOX_H - 9.0,
        if n == 1 { "firm" } else { "firms" }
    );
}

struct Page<'a> {
    graph: &'a KnowledgeGraph,
    report: &'a GapReport,
    /// Shown under the title.
    note: Option<&'a Name>,
}

impl<'a> Page<'a> {
    fn product_names(&self, id: &str) -> (String, String) {
        name_pair(self.graph.product(id).map(|p| &p.name), id)
    }

    fn firm_names(&self, id: &str) -> (String, String) {
        name_pair(self.graph.firm(id).map(|f| &f.name), id)
    }

    /// A product's name in both languages, linked to its row.
    fn product(&self, id: &str) -> String {
        let (zh, en) = self.product_names(id);
        format!(
            "<a class=\"prod\" href=\"#p-{}\" title=\"{}\">{}</a>",
            esc(id),
            esc(id),
            t(&esc(&zh), &esc(&en))
        )
    }

    fn requirement(&self, alternatives: &[String]) -> String {
        alternatives
            .iter()
            .map(|a| self.product(a))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", t("或", "or")))
    }

    /// A firm's name in both languages, its id as the tooltip.
    fn firm(&self, id: &str) -> String {
        let (zh, en) = self.firm_names(id);
        format!(
            "<span class=\"firm\" title=\"{}\">{}</span>",
            esc(id),
            t(&esc(&zh), &esc(&en))
        )
    }

    /// Up to `limit` firms, then the count of the rest.
    fn firms(&self, ids: &[String], total: usize, limit: usize) -> String {
        if ids.is_empty() {
            return "—".to_string();
        }
        let mut parts: Vec<String> = ids.iter().take(limit).map(|id| self.firm(id)).collect();
        let shown = parts.len();
        if total > shown {
            parts.push(format!(
                "<span class=\"more\">{}</span>",
                t(
                    &format!("…共 {total} 家，列出 {shown} 家"),
                    &format!("… {total} in all, {shown} listed")
                )
            ));
        }
        parts.join("<span class=\"sep\">, </span>")
    }

    /// The whole page: head, header, navigation, every section, footer and script.
    fn write(&self, out: &mut String) {
        let r = self.report;
        let (region_zh, region_en) = name_pair(
            self.graph.region(&r.scope.region).map(|reg| &reg.name),
            &r.scope.region,
        );
        out.push_str("<!DOCTYPE html>\n<html lang=\"zh-Hans\" data-lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(
            out,
            "<title>{} — 缺口报告 / Gap report: {}</title>",
            esc(&region_zh),
            esc(&region_en)
        );
        let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
        self.write_header(out, &region_zh, &region_en);
        write_nav(out);
        out.push_str("<main>\n");
        self.write_map(out);
        self.write_summary(out);
        self.write_priorities(out);
        self.write_products(out);
        self.write_gaps(out);
        self.write_closure(out);
        self.write_critical(out);
        self.write_concentration(out);
        self.write_candidates(out);
        let _ = writeln!(
            out,
            "</main>\n<footer>{}</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>",
            t(
                "由 vrfb-chain 生成；完整数据见 JSON 报告（gap-report@2）。",
                "Made by vrfb-chain; the JSON report (gap-report@2) holds every entry."
            )
        );
    }

    /// The page header: the language switch, the title, and what the report counts (the
    /// chain, the firms in scope, the date and the options).
    fn write_header(&self, out: &mut String, region_zh: &str, region_en: &str) {
        let r = self.report;
        let chain = self.graph.chain();
        let (chain_zh, chain_en) = name_pair(Some(&chain.name), &chain.id);
        let _ = write!(
            out,
            "<header><div class=\"lang\" role=\"group\" aria-label=\"language\"><button type=\"button\" data-set-lang=\"zh\">中文</button><button type=\"button\" data-set-lang=\"en\">English</button></div>\
             <h1>{} <span class=\"rid\">{}</span></h1>",
            t(
                &format!("{} 产业链缺口报告", esc(region_zh)),
                &format!("Gap report: {}", esc(region_en))
            ),
            esc(&r.scope.region)
        );
        if let Some(note) = self.note {
            let (zh, en) = name_pair(Some(note), "");
            let _ = write!(
                out,
                "<p class=\"note\" role=\"note\"><strong>{}</strong></p>",
                t(&esc(&zh), &esc(&en))
            );
        }
        let as_of = r
            .options
            .as_of
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".to_string());
        let grade = r.options.min_grade.map_or("none", |g| g.as_str());
        let _ = writeln!(
            out,
            "<p class=\"meta\">{}</p></header>",
            t(
                &format!(
                    "产业链 {}（{}）· 区域内企业 {} 家 · 数据截至 {} · 覆盖标准：至少 {} 家强证据企业（运营中，证据等级 {} 及以上）· 每项列出 {} 个候选",
                    esc(&chain_zh),
                    esc(&chain.id),
                    r.scope.firms,
                    as_of,
                    r.options.min_makers,
                    grade,
                    r.options.top_candidates
                ),
                &format!(
                    "Chain {} ({}) · {} firms in scope · facts valid at {} · a product is covered with {} strong makers (operating, graded {} or better) · {} candidates listed per product",
                    esc(&chain_en),
                    esc(&chain.id),
                    r.scope.firms,
                    as_of,
                    r.options.min_makers,
                    grade,
                    r.options.top_candidates
                )
            )
        );
    }

    /// The column of each product: its segment, and its depth among the inputs it takes
    /// from its own segment (so that edges inside a segment run left to right too).
    fn layout(&self) -> Layout<'a> {
        let chain = self.graph.chain();
        let depth = segment_depths(chain);
        let entries: BTreeMap<&str, _> = self
            .report
            .products
            .iter()
            .map(|e| (e.product.as_str(), e))
            .collect();
        let mut placed = BTreeMap::new();
        let mut segments = Vec::new();
        let mut x = 0.0;
        let mut height: f64 = 0.0;
        for segment in &chain.segments {
            let products: Vec<_> = chain
                .products
                .iter()
                .filter(|p| p.segment == segment.id)
                .collect();
            let columns = products
                .iter()
                .map(|p| depth.get(p.id.as_str()).copied().unwrap_or(0) + 1)
                .max()
                .unwrap_or(1);
            let width = columns as f64 * BOX_W + (columns - 1) as f64 * SUB_GAP + 2.0 * SEG_PAD;
            let mut ys = vec![HEADER_H + 10.0; columns];
            for p in products {
                let col = depth.get(p.id.as_str()).copied().unwrap_or(0);
                let entry = entries.get(p.id.as_str());
                let makers: &[String] = entry.map(|e| e.local_makers.as_slice()).unwrap_or(&[]);
                let lines = if makers.len() > MAP_FIRMS {
                    1
                } else {
                    makers.len()
                };
                let px = x + SEG_PAD + col as f64 * (BOX_W + SUB_GAP);
                placed.insert(
                    p.id.as_str(),
                    Placed {
                        x: px,
                        y: ys[col],
                        status: entry.map(|e| e.status),
                        makers,
                    },
                );
                ys[col] +=
                    BOX_H + lines as f64 * FIRM_LINE + ROW_GAP + if lines > 0 { 4.0 } else { 0.0 };
            }
            let bottom = ys.iter().copied().fold(0.0, f64::max);
            height = height.max(bottom);
            segments.push((x, width, columns));
            x += width + SEG_GAP;
        }
        Layout {
            segments,
            placed,
            width: x - SEG_GAP,
            height: height + 6.0,
        }
    }

    /// The chain map section: the legend, then the SVG (segment bands, input edges,
    /// products with their local firms), then the firm lists the aggregated counts open.
    fn write_map(&self, out: &mut String) {
        let chain = self.graph.chain();
        let layout = self.layout();
        write_map_intro(out);
        let _ = write!(
            out,
            "<div class=\"mapwrap\"><svg id=\"chain-map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-4 -4 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"chain map\">",
            w = layout.width + 8.0,
            h = layout.height + 8.0,
        );
        out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7a8794\"/></marker></defs>");
        self.write_segment_bands(out, &layout);
        write_input_edges(out, chain, &layout.placed);
        let closure = MapClosure::new(self.report);
        let last_segment = chain.segments.last().map(|s| s.id.as_str());
        for product in &chain.products {
            let Some(p) = layout.placed.get(product.id.as_str()) else {
                continue;
            };
            let end = Some(product.segment.as_str()) == last_segment;
            self.write_product_node(out, &product.id, p, end.then_some(&closure));
        }
        out.push_str("</svg></div>");
        self.write_firm_panels(out, &layout.placed);
        out.push_str("</section>\n");
    }

    /// Segment bands with their names and counts.
    fn write_segment_bands(&self, out: &mut String, layout: &Layout<'_>) {
        let height = layout.height;
        for (segment, &(x, w, _)) in self.graph.chain().segments.iter().zip(&layout.segments) {
            let (zh, en) = name_pair(Some(&segment.name), &segment.id);
            let counts = self
                .report
                .segments
                .iter()
                .find(|s| s.segment == segment.id);
            let _ = write!(
                out,
                "<g class=\"seg\" data-segment=\"{}\"><rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"{height:.1}\" rx=\"10\"/>\
                 <text class=\"segname zh\" x=\"{:.1}\" y=\"24\">{}</text><text class=\"segname en\" x=\"{:.1}\" y=\"24\">{}</text>",
                esc(&segment.id),
                x + w / 2.0,
                esc(&fit(&zh, w / 15.0)),
                x + w / 2.0,
                esc(&fit(&en, w / 8.5)),
            );
            if let Some(c) = counts {
                let _ = write!(
                    out,
                    "<text class=\"segcount zh\" x=\"{cx:.1}\" y=\"44\">覆盖 {}/{} · 缺失 {}</text><text class=\"segcount en\" x=\"{cx:.1}\" y=\"44\">{}/{} covered · {} missing</text>",
                    c.counts.covered,
                    c.counts.products,
                    c.counts.missing,
                    c.counts.covered,
                    c.counts.products,
                    c.counts.missing,
                    cx = x + w / 2.0
                );
            }
            out.push_str("</g>");
        }
    }

    /// One product on the map: its box, linked to its row (an end product: to its
    /// selection, with what blocks it), its names, its status, and its local firms.
    fn write_product_node(
        &self,
        out: &mut String,
        id: &str,
        p: &Placed<'_>,
        end: Option<&MapClosure<'_>>,
    ) {
        let (zh, en) = self.product_names(id);
        let status = p.status.map_or("unknown", |s| s.as_str());
        let mut attrs = format!(
            "class=\"node st-{status}{}\" data-product=\"{}\" data-status=\"{status}\"",
            if end.is_some() { " end" } else { "" },
            esc(id)
        );
        if let Some(closure) = end {
            let blocking = closure.blocked.get(id).copied().unwrap_or(&[]);
            let ids: Vec<String> = blocking.iter().map(|b| esc(b)).collect();
            let _ = write!(
                attrs,
                " data-blocking=\"{}\" data-producible=\"{}\" tabindex=\"0\"",
                ids.join(" "),
                closure.producible.contains(id)
            );
        }
        let _ = write!(
            out,
            "<g {attrs}><title>{} / {} ({})</title><a href=\"#{}\"><rect class=\"box\" x=\"{:.1}\" y=\"{:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"7\"/>",
            esc(&zh),
            esc(&en),
            esc(id),
            if end.is_some() {
                format!("select={}", esc(id))
            } else {
                format!("p-{}", esc(id))
            },
            p.x,
            p.y
        );
        write_product_names(out, p, &zh, &en);
        write_product_status(out, p);
        out.push_str("</a>");
        self.write_map_firms(out, id, p);
        out.push_str("</g>");
    }

    /// Under a product: its local firms' names, or beyond [`MAP_FIRMS`] their count, a
    /// link to their list.
    fn write_map_firms(&self, out: &mut String, id: &str, p: &Placed<'_>) {
        let cx = p.x + BOX_W / 2.0;
        let fy = p.y + BOX_H + 15.0;
        if p.makers.len() > MAP_FIRMS {
            let n = p.makers.len();
            let _ = write!(
                out,
                "<a href=\"#firms-{}\" class=\"firmagg\" data-list=\"firms-{}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" rx=\"8\"/><text class=\"firmname zh\" x=\"{cx:.1}\" y=\"{:.1}\">▸ {n} 家企业 · 名单</text><text class=\"firmname en\" x=\"{cx:.1}\" y=\"{:.1}\">▸ {n} firms · list</text></a>",
                esc(id),
                esc(id),
                p.x + 4.0,
                fy - 12.0,
                BOX_W - 8.0,
                fy,
                fy
            );
            return;
        }
        for (i, firm) in p.makers.iter().enumerate() {
            let (fzh, fen) = self.firm_names(firm);
            let y = fy + i as f64 * FIRM_LINE;
            let _ = write!(
                out,
                "<text class=\"firmname zh\" x=\"{cx:.1}\" y=\"{y:.1}\"><title>{}</title>{}</text><text class=\"firmname en\" x=\"{cx:.1}\" y=\"{y:.1}\"><title>{}</title>{}</text>",
                esc(&fzh),
                esc(&fit(&fzh, BOX_W / 11.5)),
                esc(&fen),
                esc(&fit(&fen, BOX_W / 11.5)),
            );
        }
    }

    /// The firm lists that the aggregated counts open, one per product with more than
    /// [`MAP_FIRMS`] local firms.
    fn write_firm_panels(&self, out: &mut String, placed: &BTreeMap<&str, Placed<'_>>) {
        for product in &self.graph.chain().products {
            let Some(p) = placed.get(product.id.as_str()) else {
                continue;
            };
            if p.makers.len() <= MAP_FIRMS {
                continue;
            }
            let _ = write!(
                out,
                "<div class=\"firmlist\" id=\"firms-{}\" hidden><h3>{} {}</h3><p>{}</p></div>",
                esc(&product.id),
                self.product(&product.id),
                t(
                    &format!("：区域内 {} 家企业", p.makers.len()),
                    &format!(": {} firms in the region", p.makers.len())
                ),
                self.firms(p.makers, p.makers.len(), PANEL_FIRMS)
            );
        }
    }

    fn write_summary(&self, out: &mut String) {
        let s = &self.report.summary;
        let _ = write!(
            out,
            "<section id=\"summary\"><h2>{}</h2><div class=\"cards\">",
            t("概览", "Summary")
        );
        let _ = write!(
            out,
            "<div class=\"card\"><b>{}</b>{}</div>",
            s.products,
            t("项产品", "products")
        );
        for status in ProductStatus::ALL {
            let (zh, en) = status_words(status);
            let _ = write!(
                out,
                "<div class=\"card st-{}\"><b>{}</b>{}</div>",
                status.as_str(),
                s.of(status),
                t(zh, en)
            );
        }
        let _ = write!(
            out,
            "<div class=\"card\"><b>{:.1} %</b>{}</div><div class=\"card\"><b>{:.1} %</b>{}</div></div>",
            s.coverage * 100.0,
            t("覆盖率（有运营企业）", "coverage (a running maker)"),
            s.confirmed_coverage * 100.0,
            t("确认覆盖率（强证据）", "confirmed coverage (a strong maker)")
        );
        self.table_start(
            out,
            "segments",
            &[
                t("环节", "Segment"),
                t("产品", "Products"),
                status_header(ProductStatus::Covered),
                status_header(ProductStatus::Single),
                status_header(ProductStatus::Unconfirmed),
                status_header(ProductStatus::Planned),
                status_header(ProductStatus::Missing),
                t("覆盖率", "Coverage"),
            ],
        );
        for seg in &self.report.segments {
            let (zh, en) = name_pair(
                self.graph.segment(&seg.segment).map(|s| &s.name),
                &seg.segment,
            );
            let c = &seg.counts;
            let _ = write!(
                out,
                "<tr><td>{}</td>{}{}{}{}{}{}<td data-v=\"{}\">{:.1} %</td></tr>",
                t(&esc(&zh), &esc(&en)),
                num(c.products),
                num(c.covered),
                num(c.single),
                num(c.unconfirmed),
                num(c.planned),
                num(c.missing),
                c.coverage,
                c.coverage * 100.0
            );
        }
        out.push_str("</tbody></table></section>\n");
    }

    fn table_start(&self, out: &mut String, id: &str, headers: &[String]) {
        let _ = write!(
            out,
            "<div class=\"tablewrap\"><table class=\"sortable\" id=\"t-{id}\"><thead><tr>"
        );
        for h in headers {
            let _ = write!(out, "<th>{h}</th>");
        }
        out.push_str("</tr></thead><tbody>");
    }

    fn table_end(&self, out: &mut String, total: usize) {
        out.push_str("</tbody></table></div>");
        if total > ROW_LIMIT {
            let _ = write!(
                out,
                "<p class=\"more\">{}</p>",
                t(
                    &format!("共 {total} 条，列出前 {ROW_LIMIT} 条（按报告顺序）；完整列表见 JSON 报告。"),
                    &format!("{total} in all, the first {ROW_LIMIT} listed (in the report's order); the JSON report holds every one.")
                )
            );
        }
    }

    fn empty(&self, out: &mut String) {
        let _ = write!(out, "<p class=\"none\">{}</p>", t("无。", "None."));
    }

    fn write_priorities(&self, out: &mut String) {
        let list = &self.report.priorities;
        let _ = write!(
            out,
            "<section id=\"priorities\"><h2>{}</h2><p class=\"hint\">{}</p>",
            t("优先招引", "What to recruit first"),
            t(
                "补链：区域内无运营企业；强链：有运营企业但强证据企业不足。影响 = 无本地供应商的上游缺口 + 无本地客户的下游缺口 + 被阻碍的终端产品。",
                "Fill (补链): no running local maker; strengthen (强链): a running maker, but too few strong ones. Impact = upstream gaps with no local supplier + downstream gaps with no local customer + end products it blocks."
            )
        );
        if list.is_empty() {
            self.empty(out);
        } else {
            self.table_start(
                out,
                "priorities",
                &[
                    "#".to_string(),
                    t("产品", "Product"),
                    t("状态", "Status"),
                    t("行动", "Action"),
                    t("影响", "Impact"),
                    t("上游缺口", "Supplier gaps"),
                    t("下游缺口", "Customer gaps"),
                    t("阻碍终端", "Blocks"),
                    t("候选", "Candidates"),
                ],
            );
            for (i, p) in list.iter().take(ROW_LIMIT).enumerate() {
                let action_words = words::action(p.action);
                let action = t(action_words.zh, action_words.en);
                let _ = write!(
                    out,
                    "<tr>{}<td>{}</td><td data-v=\"{}\">{}</td><td>{action}</td>{}{}{}{}{}</tr>",
                    num(i + 1),
                    self.product(&p.product),
                    p.status.rank(),
                    status_badge(p.status),
                    num(p.impact),
                    num(p.supplier_gaps),
                    num(p.customer_gaps),
                    num(p.blocks),
                    num(p.candidates)
                );
            }
            self.table_end(out, list.len());
        }
        out.push_str("</section>\n");
    }

    fn write_products(&self, out: &mut String) {
        let _ = write!(
            out,
            "<section id=\"products\"><h2>{}</h2>",
            t("产品", "Products")
        );
        self.table_start(
            out,
            "products",
            &[
                t("产品", "Product"),
                t("环节", "Segment"),
                t("状态", "Status"),
                t("本地企业数", "Local makers"),
                t("本地企业", "Firms"),
            ],
        );
        for entry in &self.report.products {
            let (szh, sen) = name_pair(
                self.graph.segment(&entry.segment).map(|s| &s.name),
                &entry.segment,
            );
            let _ = write!(
                out,
                "<tr id=\"p-{}\" data-status=\"{}\"><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td>{}<td>{}</td></tr>",
                esc(&entry.product),
                entry.status.as_str(),
                self.product(&entry.product),
                t(&esc(&szh), &esc(&sen)),
                entry.status.rank(),
                status_badge(entry.status),
                num(entry.local_makers.len()),
                self.firms(&entry.local_makers, entry.local_makers.len(), TABLE_FIRMS)
            );
        }
        out.push_str("</tbody></table></div></section>\n");
    }

    /// One kind of gap as an `<h3>` with its count, then "None." or a table of the first
    /// [`ROW_LIMIT`] rows (each already a `<tr>`) and how many there are in all.
    fn gap_section(
        &self,
        out: &mut String,
        heading: String,
        id: &str,
        headers: &[String],
        total: usize,
        rows: impl Iterator<Item = String>,
    ) {
        let _ = write!(out, "<h3>{heading} <small>({total})</small></h3>");
        if total == 0 {
            self.empty(out);
            return;
        }
        self.table_start(out, id, headers);
        for row in rows.take(ROW_LIMIT) {
            out.push_str(&row);
        }
        self.table_end(out, total);
    }

    /// The four kinds of link gap, each as a [`gap_section`](Self::gap_section).
    fn write_gaps(&self, out: &mut String) {
        let _ = write!(out, "<section id=\"gaps\"><h2>{}</h2>", t("缺口", "Gaps"));
        self.write_upstream_gaps(out);
        self.write_downstream_gaps(out);
        self.write_single_source(out);
        self.write_external_dependencies(out);
        out.push_str("</section>\n");
    }

    /// Upstream gaps: a local firm's input it neither makes nor buys.
    fn write_upstream_gaps(&self, out: &mut String) {
        let gaps = &self.report.upstream_gaps;
        self.gap_section(
            out,
            t(
                "上游：本地企业既不自产也未采购的投入",
                "Upstream: inputs a local firm neither makes nor buys",
            ),
            "upstream",
            &gap_headers([
                t("所需投入", "Needs"),
                t("本地可供企业", "Local firms that make it"),
            ]),
            gaps.len(),
            gaps.iter().map(|g| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td></tr>",
                    self.firm(&g.firm),
                    self.product(&g.product),
                    self.requirement(&g.requirement),
                    g.local_supplier_count,
                    self.firms(&g.local_suppliers, g.local_supplier_count, TABLE_FIRMS)
                )
            }),
        );
    }

    /// Downstream gaps: a local firm's product with a use in the chain, neither used nor
    /// sold.
    fn write_downstream_gaps(&self, out: &mut String) {
        let gaps = &self.report.downstream_gaps;
        self.gap_section(
            out,
            t(
                "下游：本地企业的产品有下游用途，但既未自用也未销售",
                "Downstream: products of local firms with a use in the chain, neither used nor sold",
            ),
            "downstream",
            &gap_headers([t("本地潜在客户", "Local firms that need it")]),
            gaps.len(),
            gaps.iter().map(|g| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td></tr>",
                    self.firm(&g.firm),
                    self.product(&g.product),
                    g.local_customer_count,
                    self.firms(&g.local_customers, g.local_customer_count, TABLE_FIRMS)
                )
            }),
        );
    }

    /// Inputs a local firm has from one supplier only.
    fn write_single_source(&self, out: &mut String) {
        let gaps = &self.report.single_source;
        self.gap_section(
            out,
            t("单一来源的投入", "Inputs from a single source"),
            "single-source",
            &gap_headers([t("投入", "Input"), t("唯一供应商", "The one supplier")]),
            gaps.len(),
            gaps.iter().map(|g| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    self.firm(&g.firm),
                    self.product(&g.product),
                    self.requirement(&g.requirement),
                    self.firm(&g.supplier)
                )
            }),
        );
    }

    /// Inputs whose every supplier is outside the region.
    fn write_external_dependencies(&self, out: &mut String) {
        let gaps = &self.report.external_dependencies;
        self.gap_section(
            out,
            t(
                "外部依赖：供应商全部在区域外",
                "External dependencies: every supplier outside the region",
            ),
            "external",
            &gap_headers([t("投入", "Input"), t("区域外供应商", "Suppliers outside")]),
            gaps.len(),
            gaps.iter().map(|g| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td></tr>",
                    self.firm(&g.firm),
                    self.product(&g.product),
                    self.requirement(&g.requirement),
                    g.suppliers.len(),
                    self.firms(&g.suppliers, g.suppliers.len(), TABLE_FIRMS)
                )
            }),
        );
    }

    fn write_closure(&self, out: &mut String) {
        let c = &self.report.closure;
        let _ = write!(
            out,
            "<section id=\"closure\"><h2>{}</h2><p>{} ",
            t("本地闭环", "Local closure"),
            t(
                &format!("可由本地投入生产的产品（{} 项）：", c.producible.len()),
                &format!(
                    "Products the region can make from its own inputs ({}):",
                    c.producible.len()
                )
            )
        );
        if c.producible.is_empty() {
            out.push('—');
        } else {
            let list: Vec<String> = c.producible.iter().map(|p| self.product(p)).collect();
            out.push_str(&list.join("<span class=\"sep\">, </span>"));
        }
        out.push_str("</p>");
        if c.blocked.is_empty() {
            self.empty(out);
        } else {
            self.table_start(
                out,
                "blocked",
                &[
                    t("终端产品", "End product"),
                    t("阻碍数", "Blocking"),
                    t("阻碍它的缺失产品", "Products it still needs"),
                ],
            );
            for b in &c.blocked {
                let list: Vec<String> = b.blocking.iter().map(|p| self.product(p)).collect();
                let _ = write!(
                    out,
                    "<tr><td><a href=\"#select={}\" class=\"select\">{}</a></td>{}<td>{}</td></tr>",
                    esc(&b.product),
                    {
                        let (zh, en) = self.product_names(&b.product);
                        t(&esc(&zh), &esc(&en))
                    },
                    num(b.blocking.len()),
                    list.join("<span class=\"sep\">, </span>")
                );
            }
            out.push_str("</tbody></table></div>");
        }
        out.push_str("</section>\n");
    }

    fn write_critical(&self, out: &mut String) {
        let list = &self.report.critical_firms;
        let _ = write!(
            out,
            "<section id=\"critical\"><h2>{}</h2><p class=\"hint\">{}</p>",
            t("关键企业", "Critical firms"),
            t(
                "失去后区域产业链受损的本地企业：产品状态下降、本地闭环缩小、唯一供应关系中断。",
                "Local firms the region could not afford to lose: products whose status would drop, producible products lost, inputs it alone supplies."
            )
        );
        if list.is_empty() {
            self.empty(out);
        } else {
            self.table_start(
                out,
                "critical",
                &[
                    t("企业", "Firm"),
                    t("影响", "Impact"),
                    t("状态下降的产品", "Products downgraded"),
                    t("失去闭环的产品", "No longer producible"),
                    t("唯一供应", "Sole supplier of"),
                ],
            );
            for f in list.iter().take(ROW_LIMIT) {
                let downgraded: Vec<String> = f
                    .downgraded
                    .iter()
                    .map(|d| {
                        format!(
                            "{} {} → {}",
                            self.product(&d.product),
                            status_badge(d.status),
                            status_badge(d.without)
                        )
                    })
                    .collect();
                let lost: Vec<String> = f.lost_producible.iter().map(|p| self.product(p)).collect();
                let sole: Vec<String> = f
                    .sole_supplier_of
                    .iter()
                    .take(TABLE_FIRMS)
                    .map(|s| {
                        format!(
                            "{} ({})",
                            self.firm(&s.firm),
                            self.requirement(&s.requirement)
                        )
                    })
                    .collect();
                let more = f.sole_supplier_of.len().saturating_sub(TABLE_FIRMS);
                let _ = write!(
                    out,
                    "<tr><td>{}</td>{}<td>{}</td><td>{}</td><td data-v=\"{}\">{}{}</td></tr>",
                    self.firm(&f.firm),
                    num(f.impact),
                    or_dash(downgraded.join("<br>")),
                    or_dash(lost.join("<span class=\"sep\">, </span>")),
                    f.sole_supplier_of.len(),
                    or_dash(sole.join("<br>")),
                    if more > 0 {
                        format!(
                            "<br><span class=\"more\">{}</span>",
                            t(&format!("…另 {more} 条"), &format!("… {more} more"))
                        )
                    } else {
                        String::new()
                    }
                );
            }
            self.table_end(out, list.len());
        }
        out.push_str("</section>\n");
    }

    fn write_concentration(&self, out: &mut String) {
        let list = &self.report.concentration;
        let _ = write!(
            out,
            "<section id=\"concentration\"><h2>{}</h2><p class=\"hint\">{}</p>",
            t("集中度", "Concentration"),
            t(
                "按本地产能计算的赫芬达尔–赫希曼指数（HHI，0–10 000）；高于 2 500 为高度集中。",
                "The Herfindahl–Hirschman index of local capacity (HHI, 0 to 10 000); above 2 500 is highly concentrated."
            )
        );
        if list.is_empty() {
            self.empty(out);
        } else {
            self.table_start(
                out,
                "concentration",
                &[
                    t("产品", "Product"),
                    t("运营企业", "Running makers"),
                    t("有产能数据", "With capacity"),
                    t("本地产能", "Local capacity"),
                    "HHI".to_string(),
                    t("最大份额", "Top share"),
                    t(
                        words::SHARE_OF_ALL.zh,
                        "Share of the dataset's total capacity",
                    ),
                ],
            );
            for c in list.iter().take(ROW_LIMIT) {
                let capacity = match (c.capacity, c.unit.as_deref()) {
                    (Some(v), Some(u)) => format!("{} {}", trim_number(v), esc(u)),
                    (Some(v), None) => trim_number(v),
                    _ => "—".to_string(),
                };
                let hhi = match c.hhi {
                    Some(h) if h > 2500 => format!(
                        "<td data-v=\"{h}\" class=\"high\">{h} <span class=\"flag\">{}</span></td>",
                        t("高度集中", "highly concentrated")
                    ),
                    Some(h) => format!("<td data-v=\"{h}\">{h}</td>"),
                    None => "<td data-v=\"-1\">—</td>".to_string(),
                };
                let _ = write!(
                    out,
                    "<tr><td>{}</td>{}{}<td data-v=\"{}\">{capacity}</td>{hhi}{}{}</tr>",
                    self.product(&c.product),
                    num(c.makers),
                    num(c.with_capacity),
                    c.capacity.unwrap_or(-1.0),
                    share(c.top_share),
                    share(c.share_of_all)
                );
            }
            self.table_end(out, list.len());
        }
        out.push_str("</section>\n");
    }

    fn write_candidates(&self, out: &mut String) {
        let list = &self.report.candidates;
        let _ = write!(
            out,
            "<section id=\"candidates\"><h2>{}</h2><p class=\"hint\">{}</p>",
            t("候选企业", "Candidates"),
            t(
                "可填补缺口的区域外企业。得分 = 3 × 与区域内企业或机构的联系（最多 3）+ 2 × 与本区域共享的上级区域 + 证据等级（A 3，B 2，C 1）。",
                "Firms outside the region that could fill a gap. Score = 3 × links with the region's firms or organizations (up to 3) + 2 × regions shared with the scope + evidence (A 3, B 2, C 1)."
            )
        );
        if list.is_empty() {
            self.empty(out);
            out.push_str("</section>\n");
            return;
        }
        self.table_start(
            out,
            "candidates",
            &[
                t("产品", "Product"),
                t("状态", "Status"),
                t("候选数", "Candidates"),
                t("企业", "Firm"),
                t("得分", "Score"),
                t("联系", "Links"),
                t("邻近", "Proximity"),
                t("证据", "Evidence"),
            ],
        );
        let mut rows = 0;
        for pc in list {
            let status = self.report.status_of(&pc.product);
            let status_cell = match status {
                Some(s) => format!("<td data-v=\"{}\">{}</td>", s.rank(), status_badge(s)),
                None => "<td>—</td>".to_string(),
            };
            let count = format!(
                "<td data-v=\"{}\">{}</td>",
                pc.count,
                t(
                    &format!("共 {} 家，列出 {} 家", pc.count, pc.firms.len()),
                    &format!(
                        "{} candidate{}, {} listed",
                        pc.count,
                        if pc.count == 1 { "" } else { "s" },
                        pc.firms.len()
                    )
                )
            );
            if pc.firms.is_empty() {
                let _ = write!(
                    out,
                    "<tr><td>{}</td>{status_cell}{count}<td>—</td><td data-v=\"-1\"></td><td data-v=\"-1\"></td><td data-v=\"-1\"></td><td data-v=\"-1\"></td></tr>",
                    self.product(&pc.product)
                );
                rows += 1;
            }
            for c in &pc.firms {
                if rows >= ROW_LIMIT * 2 {
                    break;
                }
                let _ = write!(
                    out,
                    "<tr><td>{}</td>{status_cell}{count}<td>{}</td>{}{}{}{}</tr>",
                    self.product(&pc.product),
                    self.firm(&c.firm),
                    num(c.score as usize),
                    num(c.links as usize),
                    num(c.proximity as usize),
                    num(c.evidence as usize)
                );
                rows += 1;
            }
        }
        out.push_str("</tbody></table></div></section>\n");
    }
}

/// The headers of a gap table: the firm and the product, then the gap's own columns.
fn gap_headers<const N: usize>(rest: [String; N]) -> Vec<String> {
    let mut headers = vec![t("企业", "Firm"), t("产品", "Product")];
    headers.extend(rest);
    headers
}

fn num(n: usize) -> String {
    format!("<td class=\"num\" data-v=\"{n}\">{n}</td>")
}

fn share(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("<td class=\"num\" data-v=\"{v}\">{:.1} %</td>", v * 100.0),
        None => "<td data-v=\"-1\">—</td>".to_string(),
    }
}

fn trim_number(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "—".to_string()
    } else {
        text
    }
}

const CSS: &str = r#"
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#d5dbe1;--bg:#f7f9fb;
--covered:#c6efce;--covered-b:#2e7d32;--single:#fff1b8;--single-b:#b7791f;
--unconfirmed:#ffe0c2;--unconfirmed-b:#d9480f;--planned:#dde4ff;--planned-b:#4c5fd5;
--missing:#ffd0d5;--missing-b:#c62828;--firm:#2f5f98}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#fff}
header{padding:18px 28px 8px;background:linear-gradient(180deg,#eef3f8,#fff)}
h1{margin:0 0 4px;font-size:26px}
h1 .rid{font-size:14px;color:var(--muted);font-weight:normal;font-family:ui-monospace,monospace}
h2{font-size:20px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #e3e8ee}
h3{font-size:16px;margin:18px 0 6px}
h3 small{color:var(--muted);font-weight:normal}
.meta{margin:0;color:var(--muted);font-size:14px}
.note{margin:6px 0 8px;padding:8px 12px;border-left:4px solid var(--planned-b);background:var(--planned);font-size:15px}
.lang{float:right}
.lang button{font:inherit;font-size:14px;padding:4px 12px;border:1px solid #9aa5b1;background:#fff;cursor:pointer}
.lang button:first-child{border-radius:6px 0 0 6px}.lang button:last-child{border-radius:0 6px 6px 0;border-left:0}
html[data-lang=zh] [data-set-lang=zh],html[data-lang=en] [data-set-lang=en]{background:#2f5f98;color:#fff;border-color:#2f5f98}
html[data-lang=zh] .en,html[data-lang=en] .zh{display:none}
main [id]{scroll-margin-top:calc(var(--nav-h,40px) + 10px)}
nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:6px 28px;font-size:14px}
nav a{margin-right:16px;color:#2f5f98;text-decoration:none}
main{padding:0 28px 28px}
.hint{color:var(--muted);font-size:14px;margin:4px 0 8px}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:14px;margin:6px 0}
.key{display:inline-flex;align-items:center;gap:6px}
.sw{display:inline-block;width:22px;height:14px;border-radius:4px;border:1.5px solid}
.firmkey{background:#e8f0fb;border-color:var(--firm)}
.selection{margin:6px 0;padding:6px 10px;border-left:4px solid #9aa5b1;background:var(--bg);font-size:14px}
.selection.on{border-color:var(--missing-b);background:#fff5f5}
.mapwrap{overflow-x:auto;border:1px solid var(--line);border-radius:10px;background:#fff;padding:6px}
#chain-map{display:block;max-width:none;font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
.seg rect{fill:#f3f6f9;stroke:#dde3ea}
.segname{font-size:17px;font-weight:600;fill:#334155;text-anchor:middle}
.segcount{font-size:12.5px;fill:var(--muted);text-anchor:middle}
.e{fill:none;stroke:#8895a3;stroke-width:1.5}
.e.alt{stroke-dasharray:6 4}
.e.hot{stroke:var(--missing-b);stroke-width:2.5}
.node .box{stroke-width:1.6}
.pname{font-size:14px;font-weight:600;fill:#1f2933;text-anchor:middle}
.pname.en{font-size:13px}
.pstatus{font-size:12px;fill:#3e4c59;text-anchor:middle}
.firmname{font-size:12px;fill:var(--firm);text-anchor:middle}
.firmagg rect{fill:#e8f0fb;stroke:var(--firm);stroke-width:1}
.firmagg text{font-weight:600}
.node.end{cursor:pointer}
.node a{text-decoration:none}
.st-covered .box,.sw.st-covered{fill:var(--covered);stroke:var(--covered-b);background:var(--covered);border-color:var(--covered-b)}
.st-single .box,.sw.st-single{fill:var(--single);stroke:var(--single-b);background:var(--single);border-color:var(--single-b)}
.st-unconfirmed .box,.sw.st-unconfirmed{fill:var(--unconfirmed);stroke:var(--unconfirmed-b);background:var(--unconfirmed);border-color:var(--unconfirmed-b)}
.st-planned .box,.sw.st-planned{fill:var(--planned);stroke:var(--planned-b);background:var(--planned);border-color:var(--planned-b)}
.st-missing .box,.sw.st-missing{fill:var(--missing);stroke:var(--missing-b);background:var(--missing);border-color:var(--missing-b)}
.st-unknown .box{fill:#fff;stroke:#9aa5b1}
#chain-map.picking .node{opacity:.35}
#chain-map.picking .e{opacity:.15}
#chain-map.picking .e.hot{opacity:1}
#chain-map.picking .node.selected,#chain-map.picking .node.blocking{opacity:1}
.node.selected .box{stroke:#111;stroke-width:4}
.node.blocking .box{stroke:var(--missing-b);stroke-width:4;stroke-dasharray:7 3}
.firmlist{margin:10px 0;padding:8px 14px;border:1px solid var(--line);border-radius:8px;background:var(--bg)}
.firmlist h3{margin:4px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 14px}
.card{min-width:112px;padding:8px 14px;border:1px solid var(--line);border-radius:10px;background:var(--bg);font-size:13px;color:var(--muted)}
.card b{display:block;font-size:24px;color:var(--ink)}
.card.st-covered{background:var(--covered);border-color:var(--covered-b)}
.card.st-single{background:var(--single);border-color:var(--single-b)}
.card.st-unconfirmed{background:var(--unconfirmed);border-color:var(--unconfirmed-b)}
.card.st-planned{background:var(--planned);border-color:var(--planned-b)}
.card.st-missing{background:var(--missing);border-color:var(--missing-b)}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;width:auto;min-width:50%;font-size:14px;margin:6px 0}
th,td{border-bottom:1px solid #e6eaee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6;position:relative;cursor:pointer;user-select:none;white-space:nowrap}
th::after{content:" ⇅";color:#9aa5b1;font-size:11px}
th.asc::after{content:" ▲";color:#2f5f98}th.desc::after{content:" ▼";color:#2f5f98}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:hover{background:#f5f8fb}
tr:target{background:#fff7d6;outline:2px solid #e0b200}
.badge{display:inline-block;padding:0 8px;border-radius:10px;border:1px solid;font-size:12.5px;white-space:nowrap}
.badge.st-covered{background:var(--covered);border-color:var(--covered-b)}
.badge.st-single{background:var(--single);border-color:var(--single-b)}
.badge.st-unconfirmed{background:var(--unconfirmed);border-color:var(--unconfirmed-b)}
.badge.st-planned{background:var(--planned);border-color:var(--planned-b)}
.badge.st-missing{background:var(--missing);border-color:var(--missing-b)}
a.prod{color:#1f4f86;text-decoration:none;border-bottom:1px dotted #1f4f86}
.firm{color:#2a3b4c}
.more{color:var(--muted);font-size:13px}
.none{color:var(--muted)}
td.high{color:#a61b1b;font-weight:600}
.flag{display:inline-block;font-size:12px;font-weight:normal;background:#ffd0d5;border:1px solid #c62828;border-radius:8px;padding:0 6px}
footer{padding:12px 28px;color:var(--muted);font-size:13px;border-top:1px solid var(--line)}
@media print{nav,.lang{display:none}.mapwrap{border:0;overflow:visible}#chain-map{max-width:100%;height:auto}}
"#;

const SCRIPT: &str = r#"
(function(){
var doc=document.documentElement;
function setLang(l){if(l!=="zh"&&l!=="en")return;doc.setAttribute("data-lang",l);doc.lang=l==="zh"?"zh-Hans":"en";try{localStorage.setItem("vrfb-lang",l);}catch(e){}}
try{var saved=localStorage.getItem("vrfb-lang");if(saved)setLang(saved);}catch(e){}
document.querySelectorAll("[data-set-lang]").forEach(function(b){b.addEventListener("click",function(){setLang(b.getAttribute("data-set-lang"));});});
var nav=document.querySelector("nav");
function navHeight(){if(nav)doc.style.setProperty("--nav-h",nav.offsetHeight+"px");}
navHeight();window.addEventListener("resize",navHeight);
var map=document.getElementById("chain-map");
var sel=document.getElementById("selection");
var initial=sel?sel.innerHTML:"";
function nameOf(id){var row=document.getElementById("p-"+id);var a=row&&row.querySelector("a.prod");return a?a.innerHTML:id;}
function select(id){
 if(!map)return;
 map.querySelectorAll(".node").forEach(function(n){n.classList.remove("selected","blocking");});
 map.querySelectorAll(".e").forEach(function(e){e.classList.remove("hot");});
 var node=null;map.querySelectorAll(".node.end").forEach(function(n){if(n.getAttribute("data-product")===id)node=n;});
 if(!node){map.classList.remove("picking");sel.classList.remove("on");sel.innerHTML=initial;return;}
 var ids=(node.getAttribute("data-blocking")||"").split(" ").filter(Boolean);
 var set={};set[id]=1;ids.forEach(function(b){set[b]=1;});
 node.classList.add("selected");
 map.querySelectorAll(".node").forEach(function(n){if(ids.indexOf(n.getAttribute("data-product"))>=0)n.classList.add("blocking");});
 map.querySelectorAll(".e").forEach(function(e){if(set[e.getAttribute("data-from")]&&set[e.getAttribute("data-to")])e.classList.add("hot");});
 map.classList.add("picking");sel.classList.add("on");reveal(node);
 var what=nameOf(id);
 if(ids.length){sel.innerHTML='<span class="zh">'+what+' 的本地链条仍缺 '+ids.length+' 项产品（红色虚线框）：</span><span class="en">A complete local chain for '+what+' still needs '+ids.length+' products (dashed red):</span> '+ids.map(nameOf).join(", ");}
 else if(node.getAttribute("data-producible")==="true"){sel.innerHTML='<span class="zh">'+what+' 可由本地投入生产。</span><span class="en">'+what+' can be made from local inputs.</span>';}
 else{sel.innerHTML='<span class="zh">报告未列出 '+what+' 的阻碍产品。</span><span class="en">The report lists no blocking products for '+what+'.</span>';}
}
function reveal(node){
 var box=map.parentNode,r=node.getBoundingClientRect(),b=box.getBoundingClientRect();
 if(r.left<b.left||r.right>b.right)box.scrollLeft+=r.left-b.left-(box.clientWidth-r.width)/2;
}
function fromHash(){
 var h=location.hash.replace(/^#/,"");try{h=decodeURIComponent(h);}catch(e){}var picked=false;
 h.split("&").forEach(function(kv){var i=kv.indexOf("=");if(i<0)return;var k=kv.slice(0,i),v=kv.slice(i+1);
  if(k==="select"){select(v);picked=true;}if(k==="lang")setLang(v);});
 if(!picked&&/^firms-/.test(h))showList(h);
}
function showList(id){document.querySelectorAll(".firmlist").forEach(function(d){d.hidden=d.id!==id;});var d=document.getElementById(id);if(d)d.scrollIntoView({block:"nearest"});}
document.querySelectorAll(".firmagg").forEach(function(a){a.addEventListener("click",function(ev){ev.preventDefault();showList(a.getAttribute("data-list"));});});
document.querySelectorAll(".node.end").forEach(function(n){n.addEventListener("keydown",function(ev){if(ev.key==="Enter")location.hash="select="+n.getAttribute("data-product");});});
window.addEventListener("hashchange",fromHash);fromHash();
function key(td){var v=td.getAttribute("data-v");return v!==null&&v!==""&&!isNaN(+v)?+v:td.textContent.trim();}
document.querySelectorAll("table.sortable").forEach(function(table){
 table.querySelectorAll("th").forEach(function(th,col){th.addEventListener("click",function(){
  var asc=!th.classList.contains("asc");table.querySelectorAll("th").forEach(function(h){h.classList.remove("asc","desc");});th.classList.add(asc?"asc":"desc");
  var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
  rows.forEach(function(r,i){r._i=i;});
  rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);var c=(typeof x==="number"&&typeof y==="number")?x-y:String(x).localeCompare(String(y),doc.lang);return (asc?c:-c)||a._i-b._i;});
  rows.forEach(function(r){body.appendChild(r);});
 });});
});
})();
"#;

#[cfg(test)]
mod tests {
    use super::{esc, fit, wrap2};

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(esc("乐山\u{7}"), "乐山");
    }

    #[test]
    fn fits_and_wraps() {
        assert_eq!(fit("全钒液流储能系统", 4.0), "全钒液…");
        assert_eq!(fit("Stack", 10.0), "Stack");
        let lines = wrap2("Vanadium-titanium magnetite concentrate", 14.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "Vanadium-titanium");
        assert!(wrap2("电堆", 4.0) == ["电堆"]);
    }
}
