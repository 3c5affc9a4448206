//! Writes a synthetic VRFB dataset of any size, for benchmarks.
//!
//! ```text
//! synth --firms N [--seed S] [--out FILE]
//! ```
//!
//! The dataset is valid against the built-in VRFB template and the same for the same
//! `--firms` and `--seed` (default 1), byte for byte; see `vrfb_chain::synth`. It is written
//! one record per line to FILE, or to standard output. At 100 000 firms it is about 70 MB
//! with about 300 000 links:
//!
//! ```text
//! cargo run --release --example synth -- --firms 100000 --seed 1 --out /tmp/synth-100k.json
//! ```
//!
//! Exit codes: 0 on success; 1 when writing fails; 2 on a usage error.

#[path = "common/cli.rs"]
mod cli;

use std::process::ExitCode;

use vrfb_chain::synth;

const USAGE: &str = "usage: synth --firms N [--seed S] [--out FILE]";

struct Args {
    firms: usize,
    seed: u64,
    out: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut firms = None;
    let mut seed = 1;
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--firms" => {
                let v = value()?;
                firms = Some(
                    v.parse()
                        .map_err(|_| format!("--firms: `{v}` is not an integer ≥ 0"))?,
                );
            }
            "--seed" => {
                let v = value()?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not an integer ≥ 0"))?;
            }
            "--out" => out = Some(value()?.clone()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let firms = firms.ok_or("--firms is required")?;
    Ok(Args { firms, seed, out })
}

fn main() -> ExitCode {
    let args = match cli::args("synth", USAGE, parse_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let dataset = synth::generate(args.firms, args.seed);
    let written = match &args.out {
        Some(path) => std::fs::File::create(path)
            .map_err(|e| format!("{path}: create failed: {e}"))
            .and_then(|file| synth::write_json(&dataset, file).map_err(|e| format!("{path}: {e}"))),
        None => synth::write_json(&dataset, std::io::stdout().lock())
            .map_err(|e| format!("standard output: {e}")),
    };
    match written {
        Ok(()) => {
            if let Some(path) = &args.out {
                eprintln!(
                    "synth: {path}: {} firms, {} organizations, {} regions, {} sources, {} links",
                    dataset.firms.len(),
                    dataset.organizations.len(),
                    dataset.regions.len(),
                    dataset.sources.len(),
                    dataset.links.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("synth: {message}");
            ExitCode::from(1)
        }
    }
}
