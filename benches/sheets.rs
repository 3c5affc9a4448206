//! Spreadsheet import and export on synthetic datasets (`vrfb_chain::synth`, seed 1) of 10k
//! and 100k firms: importing a workbook (read, resolve names, validate, build the graph's
//! checks), importing the same tables as CSV, and writing the workbook.
//!
//! ```text
//! cargo bench --bench sheets --features sheets
//! VRFB_BENCH_SIZES=10000 cargo bench --bench sheets --features sheets
//! ```
//!
//! Throughput is in firms per second.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use vrfb_chain::sheets::{self, import};
use vrfb_chain::{builtin, synth};

fn sizes() -> Vec<usize> {
    std::env::var("VRFB_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn bench(c: &mut Criterion) {
    let chain = builtin::vrfb_chain();
    let mut group = c.benchmark_group("sheets");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(1));
    for firms in sizes() {
        let dataset = synth::generate(firms, 1);
        group.throughput(Throughput::Elements(firms as u64));
        let book = sheets::dataset::to_xlsx(&dataset).expect("the workbook writes");
        let csv: Vec<(String, Vec<u8>)> = sheets::dataset::sheets(&dataset)
            .iter()
            .map(|s| {
                (
                    format!("{}.csv", s.key),
                    sheets::csv_bytes(s).expect("CSV writes"),
                )
            })
            .collect();
        let csv: Vec<(&str, &[u8])> = csv
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        group.bench_with_input(BenchmarkId::new("import_xlsx", firms), &book, |b, book| {
            b.iter(|| {
                import::from_xlsx_bytes(black_box(book), "bench.xlsx", &chain).expect("imports")
            })
        });
        group.bench_with_input(BenchmarkId::new("import_csv", firms), &csv, |b, csv| {
            b.iter(|| import::from_csv_files(black_box(csv), &chain).expect("imports"))
        });
        group.bench_with_input(BenchmarkId::new("write_xlsx", firms), &dataset, |b, d| {
            b.iter(|| sheets::dataset::to_xlsx(black_box(d)).expect("writes"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
