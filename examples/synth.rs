//! Writes a synthetic dataset of any size, for benchmarks.
//!
//! ```text
//! synth --firms N [--seed S] [--shape registry|deep] [--chain-out FILE] [--out FILE]
//! ```
//!
//! The dataset is the same for the same `--firms`, `--seed` (default 1) and `--shape`, byte
//! for byte; see `vrfb_chain::synth`. It is written one record per line to FILE, or to
//! standard output. Two shapes:
//!
//! - `registry` (the default): a national registry of the built-in VRFB template
//!   (26 products in 5 segments). At 100 000 firms it is about 74 MB with about 342 000
//!   links (3.4 per firm).
//! - `deep`: the same registry of a generated template of 240 products in 12 segments
//!   (`synth::Shape::Deep`: `synth::generate_chain(12, 240, seed)`): at seed 1, 465
//!   requirements against the VRFB template's 26, 28 end products against 4, input chains
//!   25 products long against 7; about as many links per firm (3.6; 361 000 links and
//!   76 MB at 100 000 firms). It exercises what grows with the template: the products'
//!   statuses, the closure, blocking and concentration of the analysis, the product
//!   sections of the reports, and the reader's product ids. `--chain-out FILE` is
//!   required: the dataset needs the template (`gap_report --chain FILE --dataset ...`).
//!
//! `--chain-out FILE` writes the template (indented JSON) for either shape.
//!
//! ```text
//! cargo run --release --example synth -- --firms 100000 --seed 1 --out /tmp/synth-100k.json
//! cargo run --release --example synth -- --firms 100000 --seed 1 --shape deep \
//!     --chain-out /tmp/deep.chain.json --out /tmp/deep-100k.json
//! ```
//!
//! Exit codes: 0 on success; 1 when writing fails; 2 on a usage error.

#[path = "common/cli.rs"]
mod cli;

use std::process::ExitCode;

use vrfb_chain::synth::{self, Shape};
use vrfb_chain::Chain;

const USAGE: &str = "usage: synth --firms N [--seed S] [--shape registry|deep] [--chain-out FILE] \
[--out FILE]
  --shape registry  a national registry of the built-in VRFB template (26 products; the default)
  --shape deep      the same of a generated template of 240 products in 12 segments (at
                    seed 1, 465 requirements, chains 25 products long); needs --chain-out
  --chain-out FILE  write the template too (indented JSON): gap_report --chain FILE ...";

struct Args {
    firms: usize,
    seed: u64,
    shape: Shape,
    chain_out: Option<String>,
    out: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut firms = None;
    let mut parsed = Args {
        firms: 0,
        seed: 1,
        shape: Shape::Registry,
        chain_out: None,
        out: None,
    };
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
                parsed.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not an integer ≥ 0"))?;
            }
            "--shape" => {
                parsed.shape = match value()?.as_str() {
                    "registry" => Shape::Registry,
                    "deep" => Shape::Deep,
                    v => return Err(format!("--shape: `{v}` is not registry or deep")),
                }
            }
            "--chain-out" => parsed.chain_out = Some(value()?.clone()),
            "--out" => parsed.out = Some(value()?.clone()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    parsed.firms = firms.ok_or("--firms is required")?;
    if parsed.shape == Shape::Deep && parsed.chain_out.is_none() {
        return Err("--shape deep needs --chain-out FILE for its template".into());
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match cli::args("synth", USAGE, parse_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let chain = args.shape.chain(args.seed);
    let dataset = synth::generate_for(&chain, args.firms, args.seed);
    let written = write_chain(&chain, args.chain_out.as_deref()).and_then(|()| match &args.out {
        Some(path) => std::fs::File::create(path)
            .map_err(|e| format!("{path}: create failed: {e}"))
            .and_then(|file| synth::write_json(&dataset, file).map_err(|e| format!("{path}: {e}"))),
        None => synth::write_json(&dataset, std::io::stdout().lock())
            .map_err(|e| format!("standard output: {e}")),
    });
    match written {
        Ok(()) => {
            if let Some(path) = &args.out {
                eprintln!(
                    "synth: {path}: {} firms, {} organizations, {} regions, {} sources, {} links; \
                     template `{}`, {} products",
                    dataset.firms.len(),
                    dataset.organizations.len(),
                    dataset.regions.len(),
                    dataset.sources.len(),
                    dataset.links.len(),
                    chain.id,
                    chain.products.len()
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

/// Writes the template to `path`, if there is one.
fn write_chain(chain: &Chain, path: Option<&str>) -> Result<(), String> {
    let Some(path) = path else { return Ok(()) };
    std::fs::File::create(path)
        .map_err(|e| format!("{path}: create failed: {e}"))
        .and_then(|file| chain.to_writer(file).map_err(|e| format!("{path}: {e}")))
}
