//! The baseline of the speed target: the time serde_json needs just to check a file's JSON
//! syntax, without building anything (`serde_json::from_slice::<serde::de::IgnoredAny>`).
//!
//! ```text
//! json_baseline FILE
//! ```
//!
//! Prints the file's size and the time to read it and to check it. Exit codes: 0 when the
//! file is one JSON value; 1 when it cannot be read or is not JSON; 2 on a usage error.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = &args[..] else {
        eprintln!("usage: json_baseline FILE");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("json_baseline: {path}: read failed: {e}");
            return ExitCode::from(1);
        }
    };
    let read = start.elapsed();
    let parse = Instant::now();
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
        eprintln!("json_baseline: {path}: {e}");
        return ExitCode::from(1);
    }
    let parsed = parse.elapsed();
    println!(
        "{path}: {} bytes, read {:.1} ms, syntax check {:.1} ms ({:.0} MB/s)",
        bytes.len(),
        read.as_secs_f64() * 1e3,
        parsed.as_secs_f64() * 1e3,
        bytes.len() as f64 / 1e6 / parsed.as_secs_f64()
    );
    ExitCode::SUCCESS
}
