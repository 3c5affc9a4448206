//! The HTML report: one self-contained page that shows every product with its status.
#![cfg(feature = "html")]

use vrfb_chain::analysis::{gaps, Options};
use vrfb_chain::{builtin, render, KnowledgeGraph};

/// Every value of an attribute in the page, in order.
fn attribute_values<'p>(page: &'p str, name: &str) -> Vec<&'p str> {
    let needle = format!(" {name}=\"");
    page.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &page[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn page_of(graph: &KnowledgeGraph, region: &str) -> String {
    let report = gaps(graph, region, &Options::default()).unwrap();
    render::html(graph, &report)
}

#[test]
fn the_page_is_self_contained() {
    let graph = builtin::vrfb_graph();
    for region in ["cn-sc-leshan-hitech", "cn-sc", "cn"] {
        let page = page_of(&graph, region);
        assert!(page.starts_with("<!DOCTYPE html>"), "{region}");
        assert!(page.trim_end().ends_with("</html>"), "{region}");
        for attr in ["src", "href"] {
            for value in attribute_values(&page, attr) {
                assert!(
                    !value.contains("://") && !value.starts_with("//"),
                    "{region}: {attr}=\"{value}\" reaches out"
                );
            }
        }
        // Scripts and styles are inline: no script or stylesheet is loaded from anywhere.
        assert!(!page.contains("<script src"), "{region}");
        assert!(!page.contains("<link"), "{region}");
        assert!(!page.contains("@import"), "{region}");
        assert!(!page.contains("url(http"), "{region}");
    }
}

#[test]
fn every_product_is_on_the_map_and_in_the_table_with_its_status() {
    let graph = builtin::vrfb_graph();
    for region in ["cn-sc-leshan-hitech", "cn-sc", "cn"] {
        let report = gaps(&graph, region, &Options::default()).unwrap();
        let page = render::html(&graph, &report);
        assert_eq!(report.products.len(), graph.chain().products.len());
        for p in &report.products {
            let status = p.status.as_str();
            let on_map = format!("data-product=\"{}\" data-status=\"{status}\"", p.product);
            assert_eq!(page.matches(&on_map).count(), 1, "{region}: {on_map}");
            let row = format!("<tr id=\"p-{}\" data-status=\"{status}\">", p.product);
            assert_eq!(page.matches(&row).count(), 1, "{region}: {row}");
            // Every link to the product's row has the row to go to.
            assert!(page.contains(&format!("href=\"#p-{}\"", p.product)));
        }
        // The map carries the report's blocking sets on the end products, for the highlight.
        for b in &report.closure.blocked {
            let attr = format!(
                "data-product=\"{}\" data-status=\"{}\" data-blocking=\"{}\"",
                b.product,
                report.status_of(&b.product).unwrap().as_str(),
                b.blocking.join(" ")
            );
            assert!(page.contains(&attr), "{region}: {attr}");
        }
        // The summary's counts are the report's.
        for status in vrfb_chain::analysis::ProductStatus::ALL {
            let card = format!(
                "<div class=\"card st-{}\"><b>{}</b>",
                status.as_str(),
                report.summary.of(status)
            );
            assert!(page.contains(&card), "{region}: {card}");
        }
    }
}

#[test]
fn candidates_say_how_many_there_are_and_how_many_are_listed() {
    let graph = builtin::vrfb_graph();
    let report = gaps(&graph, "cn-sc-leshan-hitech", &Options::default()).unwrap();
    let page = render::html(&graph, &report);
    let mut seen = 0;
    for pc in &report.candidates {
        let text = format!(
            "{} candidate{}, {} listed",
            pc.count,
            if pc.count == 1 { "" } else { "s" },
            pc.firms.len()
        );
        assert!(page.contains(&text), "{text}");
        seen += 1;
    }
    assert!(seen > 0, "the Leshan report has candidates");
}

#[test]
fn the_page_is_deterministic() {
    let graph = builtin::vrfb_graph();
    let report = gaps(&graph, "cn-sc", &Options::default()).unwrap();
    let first = render::html(&graph, &report);
    assert_eq!(first, render::html(&graph, &report));
    // The same data with its lists in another order gives the same page.
    let (chain, mut data) = builtin::vrfb_graph().into_parts();
    data.firms.reverse();
    data.links.reverse();
    data.regions.reverse();
    let shuffled = KnowledgeGraph::new(chain, data).unwrap();
    let again = gaps(&shuffled, "cn-sc", &Options::default()).unwrap();
    assert_eq!(first, render::html(&shuffled, &again));
}

#[test]
fn hostile_names_are_text() {
    let mut data = builtin::minimal_dataset();
    let hostile = "<script>alert(1)</script> & \"quoted\" 'firm' <img src=x onerror=y>";
    let stackco = data.firms.iter_mut().find(|f| f.id == "stackco").unwrap();
    stackco.name.zh = Some(hostile.to_string());
    stackco.name.en = Some(hostile.to_string());
    let graph = KnowledgeGraph::new(builtin::minimal_chain(), data).unwrap();
    let report = gaps(&graph, "city-a", &Options::default()).unwrap();
    assert!(report
        .products
        .iter()
        .any(|p| p.local_makers.iter().any(|f| f == "stackco")));
    let page = render::html(&graph, &report);
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img"));
    assert!(page
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;firm&#39;"));
    // The page's own script is the only one.
    assert_eq!(page.matches("<script").count(), 1);
}

#[test]
fn long_lists_are_cut_with_a_count() {
    // A synthetic country: thousands of firms, and a page that stays small.
    let data = vrfb_chain::synth::generate(3000, 7);
    let graph = KnowledgeGraph::new(builtin::vrfb_chain(), data).unwrap();
    let report = gaps(&graph, "cn", &Options::default()).unwrap();
    let page = render::html(&graph, &report);
    // Each table shows at most 200 rows, and says how many there are when it shows fewer.
    let sections = [
        ("t-upstream", report.upstream_gaps.len()),
        ("t-downstream", report.downstream_gaps.len()),
        ("t-single-source", report.single_source.len()),
        ("t-external", report.external_dependencies.len()),
        ("t-critical", report.critical_firms.len()),
    ];
    assert!(sections.iter().any(|&(_, n)| n > 200), "a long list to cut");
    for (id, n) in sections {
        let Some(table) = page.split(&format!("id=\"{id}\"")).nth(1) else {
            assert_eq!(n, 0, "{id}");
            continue;
        };
        let table = &table[..table.find("</table>").unwrap()];
        assert_eq!(table.matches("<tr>").count() - 1, n.min(200), "{id}");
        if n > 200 {
            assert!(
                page.contains(&format!("{n} in all, the first 200 listed")),
                "{id}"
            );
        }
    }
    // A product made by more than three local firms shows their count on the map.
    let many = report
        .products
        .iter()
        .find(|p| p.local_makers.len() > 3)
        .unwrap();
    assert!(page.contains(&format!("▸ {} firms · list", many.local_makers.len())));
    assert!(page.contains(&format!("id=\"firms-{}\" hidden", many.product)));
    assert!(page.len() < 2_000_000, "{} bytes", page.len());
}

/// The opening tag of the chain map's `<svg>`.
fn map_tag(page: &str) -> &str {
    let start = page.find("<svg id=\"chain-map\"").expect("a chain map");
    &page[start..start + page[start..].find('>').unwrap()]
}

/// The value of `name` in a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    attribute_values(tag, name).first().copied()
}

/// The page's CSS for the screen (what comes before its print rules).
fn screen_css(page: &str) -> &str {
    let start = page.find("<style>").unwrap();
    let css = &page[start..start + page[start..].find("</style>").unwrap()];
    &css[..css.find("@media print").unwrap_or(css.len())]
}

#[test]
fn the_map_is_drawn_at_its_natural_size_on_screen() {
    let graph = builtin::vrfb_graph();
    for region in ["cn-sc-leshan-hitech", "cn-sc", "cn"] {
        let page = page_of(&graph, region);
        let tag = map_tag(&page);
        // One user unit of the drawing is one CSS pixel: the size is the viewBox's.
        let view_box: Vec<&str> = attribute(tag, "viewBox").unwrap().split(' ').collect();
        assert_eq!(view_box.len(), 4, "{region}: {tag}");
        assert_eq!(
            attribute(tag, "width"),
            Some(view_box[2]),
            "{region}: {tag}"
        );
        assert_eq!(
            attribute(tag, "height"),
            Some(view_box[3]),
            "{region}: {tag}"
        );
        let width: f64 = view_box[2].parse().unwrap();
        assert!(width > 1400.0, "{region}: a map wider than a laptop screen");
        assert!(attribute(tag, "style").is_none(), "{region}: {tag}");
        // Nothing on screen scales it down to the page's width; the box around it scrolls.
        let css = screen_css(&page);
        let rule_of = |selector: &str| {
            let at = css.find(&format!("\n{selector}{{")).expect(selector);
            let rule = &css[at..];
            rule[..rule.find('}').unwrap()].to_string()
        };
        let map_rule = rule_of("#chain-map");
        for scaling in ["max-width:100%", "width:100%", "height:auto"] {
            assert!(!map_rule.contains(scaling), "{region}: {map_rule}");
        }
        assert!(rule_of(".mapwrap").contains("overflow-x:auto"));
        assert!(page.contains("<div class=\"mapwrap\"><svg id=\"chain-map\""));
        // So the labels are as big on screen as the CSS says: 12 px and more.
        for label in [
            ".pname",
            ".pname.en",
            ".pstatus",
            ".firmname",
            ".segname",
            ".segcount",
        ] {
            let rule = rule_of(label);
            let size = rule
                .split("font-size:")
                .nth(1)
                .and_then(|s| s.split("px").next())
                .and_then(|s| s.parse::<f64>().ok())
                .unwrap_or_else(|| panic!("{label} has a font size in px: {rule}"));
            assert!(size >= 12.0, "{region}: {label} is {size} px");
        }
    }
}

/// Every text of a workbook's sheets: titles, headers and text cells.
#[cfg(feature = "sheets")]
fn workbook_texts(sheets: &[vrfb_chain::sheets::Sheet]) -> Vec<String> {
    let mut texts = Vec::new();
    for sheet in sheets {
        texts.push(sheet.title.clone());
        texts.extend(sheet.headers.iter().cloned());
        for row in &sheet.rows {
            for cell in row {
                if let vrfb_chain::sheets::Value::Text(text) = cell {
                    texts.push(text.clone());
                }
            }
        }
    }
    texts
}

#[cfg(feature = "sheets")]
#[test]
fn the_page_and_the_workbook_use_the_same_words() {
    use vrfb_chain::analysis::ProductStatus;
    use vrfb_chain::render::words;
    let graph = builtin::vrfb_graph();
    for region in ["cn-sc-leshan-hitech", "cn-sc", "cn"] {
        let report = gaps(&graph, region, &Options::default()).unwrap();
        let page = render::html(&graph, &report);
        let sheets = vrfb_chain::sheets::report::sheets(&graph, &report);
        let texts = workbook_texts(&sheets);
        for status in ProductStatus::ALL {
            let w = words::status(status);
            // The page: the legend, the summary card and every badge.
            let zh = format!("<span class=\"zh\">{}</span>", w.zh);
            let en = format!("<span class=\"en\">{}</span>", w.en);
            assert!(page.contains(&zh), "{region}: {zh}");
            assert!(page.contains(&en), "{region}: {en}");
            // The workbook: the summary's figure and the segments' column.
            let figure = w.header();
            assert!(texts.contains(&figure), "{region}: {figure}");
        }
        // Each product's status, in the page's product table and the workbook's products
        // sheet, is the word of the same table.
        let products = sheets.iter().find(|s| s.key == "products").unwrap();
        let zh_column = products
            .headers
            .iter()
            .position(|h| h == "状态说明 (status, zh)")
            .unwrap();
        for (entry, row) in report.products.iter().zip(&products.rows) {
            let w = words::status(entry.status);
            assert_eq!(
                row[zh_column],
                vrfb_chain::sheets::Value::from(w.zh),
                "{region}: {}",
                entry.product
            );
            let at = page
                .find(&format!("<tr id=\"p-{}\"", entry.product))
                .unwrap();
            let html_row = &page[at..at + page[at..].find("</tr>").unwrap()];
            let badge = format!(
                "<span class=\"badge st-{}\"><span class=\"zh\">{}</span><span class=\"en\">{}</span></span>",
                entry.status.as_str(),
                w.zh,
                w.en
            );
            assert!(html_row.contains(&badge), "{region}: {html_row}");
        }
        // The words the two used to disagree on are gone from both.
        for old in ["仅一家", "待核实", "规划中", "占全国", "占全部数据"] {
            assert!(!page.contains(old), "{region}: {old} in the page");
            assert!(
                !texts.iter().any(|t| t.contains(old)),
                "{region}: {old} in the workbook"
            );
        }
        // The share of all is headed as the dataset's total, in both.
        assert!(page.contains(words::SHARE_OF_ALL.zh), "{region}");
        assert!(texts.contains(&words::SHARE_OF_ALL.header()), "{region}");
    }
}
