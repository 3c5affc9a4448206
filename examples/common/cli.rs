//! What the examples share: reading their arguments and their documents, with the exit
//! codes they promise (0 success, 1 an input does not load, 2 a usage error).
#![allow(dead_code)]

use std::path::Path;
use std::process::ExitCode;

use vrfb_chain::analysis::{parse_min_grade, Options};
use vrfb_chain::registry::Registry;
use vrfb_chain::{builtin, Error, KnowledgeGraph};

/// The program's arguments, parsed by `parse`. `--help` (an empty error message) prints the
/// usage and ends with 0; any other error prints it with the usage and ends with 2.
pub fn args<A>(
    program: &str,
    usage: &str,
    parse: impl FnOnce(&[String]) -> Result<A, String>,
) -> Result<A, ExitCode> {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match parse(&argv) {
        Ok(args) => Ok(args),
        Err(message) if message.is_empty() => {
            println!("{usage}");
            Err(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("{program}: {message}\n{usage}");
            Err(ExitCode::from(2))
        }
    }
}

/// The graph of the files given, or of the built-in data (see [`builtin::load`]). When it
/// does not load, every problem goes to standard error, one per line, naming the file and
/// the place in it, and the exit code is 1.
pub fn graph(chain: Option<&str>, dataset: Option<&str>) -> Result<KnowledgeGraph, ExitCode> {
    builtin::load(chain.map(Path::new), dataset.map(Path::new)).map_err(report)
}

/// The compact [`Registry`] of the files given, as [`graph`] gives the graph.
pub fn registry(chain: Option<&str>, dataset: Option<&str>) -> Result<Registry, ExitCode> {
    builtin::load_registry(chain.map(Path::new), dataset.map(Path::new)).map_err(report)
}

/// Prints every line of `e` on standard error; exit code 1 (an input does not load).
pub fn report(e: Error) -> ExitCode {
    for line in e.lines() {
        eprintln!("{line}");
    }
    ExitCode::from(1)
}

/// The flags of the examples that run the gap analysis: the data, the region, the options
/// and where to write.
pub struct AnalysisArgs {
    pub chain: Option<String>,
    pub dataset: Option<String>,
    pub region: String,
    pub options: Options,
    pub out: Option<String>,
}

impl Default for AnalysisArgs {
    fn default() -> Self {
        AnalysisArgs {
            chain: None,
            dataset: None,
            region: builtin::DEFAULT_REGION.to_string(),
            options: Options::default(),
            out: None,
        }
    }
}

impl AnalysisArgs {
    /// Takes `flag`, its value from `value`, when it is one of these flags: `Ok(true)`;
    /// `Ok(false)` for another flag, which the caller reads.
    pub fn take(
        &mut self,
        flag: &str,
        value: &mut dyn FnMut() -> Result<String, String>,
    ) -> Result<bool, String> {
        match flag {
            "--chain" => self.chain = Some(value()?),
            "--dataset" => self.dataset = Some(value()?),
            "--region" => self.region = value()?,
            "--as-of" => {
                let v = value()?;
                self.options.as_of = Some(v.parse().map_err(|e| format!("--as-of: {e}"))?);
            }
            "--min-makers" => {
                let v = value()?;
                self.options.min_makers = match v.parse::<usize>() {
                    Ok(n) if n >= 1 => n,
                    _ => return Err(format!("--min-makers: `{v}` is not an integer ≥ 1")),
                };
            }
            "--min-grade" => {
                self.options.min_grade =
                    parse_min_grade(&value()?).map_err(|e| format!("--min-grade: {e}"))?;
            }
            "--top" => {
                let v = value()?;
                self.options.top_candidates = v
                    .parse()
                    .map_err(|_| format!("--top: `{v}` is not an integer ≥ 0"))?;
            }
            "--out" => self.out = Some(value()?),
            _ => return Ok(false),
        }
        Ok(true)
    }
}
