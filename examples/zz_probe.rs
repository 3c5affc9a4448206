use vrfb_chain::{
    analysis::{gaps, Options},
    registry::Registry,
    KnowledgeGraph,
};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let chain = std::fs::read(&args[1]).unwrap();
    let data = std::fs::read(&args[2]).unwrap();
    let t = std::time::Instant::now();
    let reg = Registry::from_json_slices(&chain, &data).unwrap();
    eprintln!("registry {:?} one_pass={}", t.elapsed(), reg.one_pass());
    let t = std::time::Instant::now();
    let graph = KnowledgeGraph::from_json_slices(&chain, &data).unwrap();
    eprintln!("graph {:?}", t.elapsed());
    for region in &args[3..] {
        for o in [
            Options::default(),
            Options {
                min_makers: 1,
                min_grade: None,
                top_candidates: 2,
                as_of: None,
            },
        ] {
            let t = std::time::Instant::now();
            let rep = reg.gaps(region, &o).unwrap();
            let tg = t.elapsed();
            let a = rep.to_json_string();
            let ta = t.elapsed();
            eprintln!("analysis {:?} + json {:?}; entries up {} down {} single {} ext {}", tg, ta - tg, rep.upstream_gaps.len(), rep.downstream_gaps.len(), rep.single_source.len(), rep.external_dependencies.len());
            let t = std::time::Instant::now();
            let b = gaps(&graph, region, &o).unwrap().to_json_string();
            eprintln!(
                "{region}: same={} reg {:?} graph {:?}",
                a == b,
                ta,
                t.elapsed()
            );
        }
    }
}
