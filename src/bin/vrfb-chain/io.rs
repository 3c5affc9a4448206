//! A Unix tool's manners: a closed standard output ends the program quietly, a closed
//! standard error is ignored, a spinner shows only on a terminal.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Why a command stopped, and the exit code that says so.
pub enum Failure {
    /// An input does not load, validate or cannot be written: exit 1.
    Input(Vec<String>),
    /// A usage error (unknown region, bad value): exit 2.
    Usage(Vec<String>),
    /// Standard output was closed by its reader (`| head`): exit 0, say nothing.
    Closed,
}

impl Failure {
    pub fn input(line: impl Into<String>) -> Failure {
        Failure::Input(vec![line.into()])
    }

    pub fn usage(line: impl Into<String>) -> Failure {
        Failure::Usage(vec![line.into()])
    }

    /// Every problem of a library error, one per line.
    pub fn from_error(e: &vrfb_chain::Error) -> Failure {
        match e {
            vrfb_chain::Error::InvalidArgument(message) => Failure::usage(message.clone()),
            other => Failure::Input(other.lines()),
        }
    }

    pub fn exit(self) -> ExitCode {
        match self {
            Failure::Closed => ExitCode::SUCCESS,
            Failure::Input(lines) => {
                for line in lines {
                    say(&format!("vrfb-chain: {line}"));
                }
                ExitCode::from(1)
            }
            Failure::Usage(lines) => {
                // The first line says what is wrong; the rest list matches or suggestions.
                for (i, line) in lines.iter().enumerate() {
                    if i == 0 {
                        say(&format!("vrfb-chain: {line}"));
                    } else {
                        say(line);
                    }
                }
                say("For more information, try '--help'.");
                ExitCode::from(2)
            }
        }
    }
}

/// `--out PATH` of a format that writes a folder (`csv`, `neo4j`): not a file.
pub fn folder_out<'p>(path: Option<&'p Path>, format: &str) -> Result<&'p Path, Failure> {
    let path = path.ok_or_else(|| Failure::usage(format!("--format {format} needs --out DIR")))?;
    if path.is_file() {
        return Err(Failure::usage(format!(
            "--out {}: that is a file, and --format {format} writes a folder of files: give \
             the path of a folder (it is made if missing)",
            path.display()
        )));
    }
    Ok(path)
}

/// `--out FILE` of a workbook: a file named `.xlsx`, which Excel and WPS open as one (a
/// workbook named `.csv` opens as garbled text).
pub fn workbook_out(path: Option<&Path>) -> Result<&Path, Failure> {
    let path = path.ok_or_else(|| Failure::usage("--format xlsx needs --out FILE.xlsx"))?;
    let xlsx = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return Err(Failure::usage(format!(
            "--out {}: a workbook needs a name ending in .xlsx, or Excel and WPS do not open \
             it as one",
            path.display()
        )));
    }
    Ok(path)
}

/// Standard output for a format that is not for reading in a terminal (a page of HTML):
/// refused when standard output is a terminal.
pub fn not_a_terminal(format: &str) -> Result<(), Failure> {
    if io::stdout().is_terminal() {
        return Err(Failure::usage(format!(
            "--format {format} is a file to open, not text to read here: give --out FILE, or \
             pipe it"
        )));
    }
    Ok(())
}

/// One line on standard error; a closed standard error is not a reason to stop.
pub fn say(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// A writer that remembers whether its reader went away, whatever the library made of the
/// error: then the program ends with 0, as `cat` does under `head`.
pub struct Sink {
    inner: Box<dyn Write>,
    name: String,
    closed: bool,
}

impl Sink {
    /// `--out FILE`, or standard output.
    /// The folders of a file that are missing are made.
    pub fn open(out: Option<&Path>) -> Result<Sink, Failure> {
        if let Some(parent) = out.and_then(|p| p.parent()) {
            if !parent.as_os_str().is_empty() && !parent.exists() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    Failure::input(format!("{}: write failed: {e}", parent.display()))
                })?;
            }
        }
        let (inner, name): (Box<dyn Write>, String) = match out {
            Some(path) => match File::create(path) {
                Ok(file) => (
                    Box::new(io::BufWriter::new(file)),
                    path.display().to_string(),
                ),
                Err(e) => {
                    return Err(Failure::input(format!(
                        "{}: write failed: {e}",
                        path.display()
                    )))
                }
            },
            None => (
                Box::new(io::BufWriter::new(io::stdout().lock())),
                "standard output".into(),
            ),
        };
        Ok(Sink {
            inner,
            name,
            closed: false,
        })
    }

    /// Runs `write` on the sink and flushes it; a broken pipe is [`Failure::Closed`].
    pub fn write_with<E: std::fmt::Display>(
        mut self,
        write: impl FnOnce(&mut Sink) -> Result<(), E>,
    ) -> Result<(), Failure> {
        let result = write(&mut self).map_err(|e| e.to_string());
        let result = result.and_then(|()| self.flush().map_err(|e| format!("write failed: {e}")));
        match result {
            Ok(()) => Ok(()),
            Err(_) if self.closed => Err(Failure::Closed),
            Err(message) if message.starts_with(&self.name) => Err(Failure::input(message)),
            Err(message) => Err(Failure::input(format!("{}: {message}", self.name))),
        }
    }

    /// Writes text.
    pub fn text(self, text: &str) -> Result<(), Failure> {
        self.write_with(|sink| sink.write_all(text.as_bytes()))
    }

    fn note(&mut self, e: io::Error) -> io::Error {
        if e.kind() == io::ErrorKind::BrokenPipe {
            self.closed = true;
        }
        e
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.note(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.note(e))
    }
}

/// A spinner on standard error while long work runs, when standard error is a terminal
/// (and not `--quiet`); nothing otherwise.
pub struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    pub fn start(message: &str, quiet: bool) -> Spinner {
        if quiet || !io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(Some(bar))
    }

    pub fn message(&self, message: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_string());
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
