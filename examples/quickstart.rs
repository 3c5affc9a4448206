//! Loads the minimal example data and answers a few questions about it.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use vrfb_chain::{builtin, Fact};

fn main() {
    let graph = builtin::minimal_graph();
    let (nodes, edges) = graph.size();
    println!(
        "chain `{}`: {} products; dataset: {} firms, {} links; graph: {nodes} nodes, {edges} edges",
        graph.chain().id,
        graph.chain().products.len(),
        graph.dataset().firms.len(),
        graph.dataset().links.len(),
    );

    let leader = graph.firm("leader").expect("the minimal data has a leader");
    println!("\nfirm `leader`: {}", leader.name.display());
    let path: Vec<&str> = graph
        .region_path(&leader.region)
        .unwrap_or_default()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    println!("  located in: {}", path.join(" → "));
    for fact in &leader.makes {
        let grade = graph.grade(fact).map_or("none", |g| g.as_str());
        println!(
            "  makes {} ({}, evidence {grade})",
            fact.product, fact.status
        );
    }
    for trade in graph.suppliers("leader") {
        println!("  supplied with {} by {}", trade.product, trade.firm.id);
    }
    for link in graph.links_of("leader") {
        println!("  link: {} {} → {}", link.kind, link.from, link.to);
    }

    println!("\nmakers of v2o5:");
    let as_of = graph.dataset().as_of;
    for firm in graph.makers("v2o5") {
        for fact in firm.makes.iter().filter(|m| m.product == "v2o5") {
            println!(
                "  {} ({}, valid at {}: {})",
                firm.id,
                fact.status,
                as_of.map_or("any date".to_string(), |d| d.to_string()),
                fact.is_valid_at(as_of)
            );
        }
    }

    println!("\nfirms in province-a:");
    for firm in graph.firms_in("province-a").unwrap_or_default() {
        println!("  {} in {}", firm.id, firm.region);
    }
}
