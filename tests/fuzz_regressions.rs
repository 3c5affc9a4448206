//! Every input the fuzzer ever found a crash with (`tests/fuzz_regressions/`), and the fuzz
//! seeds (`fuzz/seeds/`), through the fuzz target's pipeline.

mod common;

#[test]
fn fuzz_inputs_run_without_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in ["tests/fuzz_regressions", "fuzz/seeds"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
            .collect();
        files.sort();
        for file in files {
            let input = std::fs::read(&file).expect("readable");
            if let Some((chain, data)) = common::split(&input) {
                common::exercise(chain, data);
            }
            common::exercise_scenario(&input);
            common::exercise_reading_back(&input);
            count += 1;
        }
    }
    assert!(count >= 4, "the seeds are there");
}
