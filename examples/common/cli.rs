//! What the examples share: reading their arguments and their documents, with the exit
//! codes they promise (0 success, 1 an input does not load, 2 a usage error).
#![allow(dead_code)]

use std::path::Path;
use std::process::ExitCode;

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
