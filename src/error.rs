//! The crate's one error type, and the problems that validation reports.

use std::fmt;
use std::path::{Path, PathBuf};

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which kind of document a problem was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Document {
    /// A chain template (`chain@1`).
    Chain,
    /// A dataset (`dataset@1`).
    Dataset,
    /// A scenario (`scenario@1`): a hypothetical edit of a dataset.
    Scenario,
    /// A gap report (`gap-report@2`), read back for a diff.
    Report,
    /// A report diff (`report-diff@1`).
    ReportDiff,
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Document::Chain => "chain template",
            Document::Dataset => "dataset",
            Document::Scenario => "scenario",
            Document::Report => "gap report",
            Document::ReportDiff => "report diff",
        })
    }
}

pub use crate::problem::Problem;

/// Everything that can go wrong when reading, validating or writing documents.
///
/// Analyses on a built [`KnowledgeGraph`](crate::KnowledgeGraph) never fail: errors come
/// only from I/O and validation. The file a document was read from, when there is one, is
/// attached to the error ([`Error::file`]).
///
/// Broken JSON syntax stops a read, with its line and column; every other problem of a
/// document is collected, each with its place:
///
/// ```
/// use vrfb_chain::{Dataset, Error};
/// let err = Dataset::from_json_str("{\"format\": \"dataset@1\",\n \"chain\": ").unwrap_err();
/// match &err {
///     Error::Json { line, .. } => assert_eq!(*line, 2),
///     other => panic!("unexpected error {other}"),
/// }
/// let err = Dataset::from_json_str("{\"format\": \"dataset@1\",\n \"chain\": 7, \"sorces\": []}").unwrap_err();
/// assert_eq!(err.lines(), [
///     "dataset: chain: invalid type: integer `7`, expected a string (line 2, column 11)",
///     "dataset: unknown field `sorces`, expected one of `format`, `chain`, `as_of`, `sources`, \
///      `regions`, `firms`, `organizations`, `links` (line 2, column 14)",
/// ]);
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, read or written. The cause is part of the message.
    #[error("{}{action} failed: {message}", file_prefix(file))]
    Io {
        /// The file, when the I/O was on a named file.
        file: Option<PathBuf>,
        /// What was being done: `read` or `write`.
        action: &'static str,
        /// The operating system's message.
        message: String,
        /// The kind of the underlying I/O error.
        kind: std::io::ErrorKind,
    },
    /// The text is not JSON, or a value has the wrong JSON type (syntax and type errors).
    #[error(
        "{}{document}: invalid json at line {line}, column {column}: {message}",
        file_prefix(file)
    )]
    Json {
        /// The file, when the document was read from one.
        file: Option<PathBuf>,
        /// Which document was being read.
        document: Document,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error (0 when the input ends before the line has any).
        column: usize,
        /// serde_json's description of the problem.
        message: String,
    },
    /// The document is well-formed JSON but breaks rules of the data-format spec. Every
    /// problem found is listed, each with its JSON path.
    #[error("{}{document}: {} problem{}{}", file_prefix(file), problems.len(), if problems.len() == 1 { "" } else { "s" }, list_problems(problems))]
    Invalid {
        /// The file, when the document was read from one.
        file: Option<PathBuf>,
        /// Which document the problems are in.
        document: Document,
        /// All the problems, in document order.
        problems: Vec<Problem>,
    },
    /// An argument of an analysis is not acceptable: an unknown region, an option out of
    /// range.
    #[error("{0}")]
    InvalidArgument(String),
}

pub(crate) use crate::problem::{shorten, shorten_quoted};

/// The 1-based column in characters of the byte column `column` of 1-based `line`.
fn char_column(input: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match input[start..].iter().position(|&b| b == b'\n') {
            Some(at) => start += at + 1,
            None => return column,
        }
    }
    let end = (start + column).min(input.len());
    let text = String::from_utf8_lossy(&input[start..end]);
    // A character cut at the column counts once, as the column points into it.
    let chars = text.chars().count();
    // serde_json reports a value of the wrong type that it only peeked at (an array where
    // an object belongs) at the column before the value; point at the value itself.
    let before = column.checked_sub(1).and_then(|c| input.get(start + c));
    let at = input.get(end);
    let after_separator = before.is_none_or(|b| b" \t\r:,[{".contains(b));
    let value_starts = at.is_some_and(|b| b"[{\"-0123456789tfn".contains(b));
    if after_separator && value_starts {
        chars + 1
    } else {
        chars
    }
}

fn file_prefix(file: &Option<PathBuf>) -> String {
    match file {
        Some(path) => format!("{}: ", path.display()),
        None => String::new(),
    }
}

fn list_problems(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        out.push_str("\n  ");
        out.push_str(&p.to_string());
    }
    out
}

impl Error {
    /// The file the error is about, when there is one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Error::Io { file, .. } | Error::Json { file, .. } | Error::Invalid { file, .. } => {
                file.as_deref()
            }
            Error::InvalidArgument(_) => None,
        }
    }

    /// The validation problems, or an empty slice for I/O and JSON errors.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }

    /// One line per problem, each naming the file (when known) and the place in it: the form
    /// the examples print on standard error.
    ///
    /// ```
    /// use vrfb_chain::Dataset;
    /// let err = Dataset::from_json_str(r#"{"format": "dataset@2", "chain": "Bad"}"#).unwrap_err();
    /// assert_eq!(
    ///     err.lines(),
    ///     vec![
    ///         "dataset: format: unknown format `dataset@2`, expected `dataset@1`".to_string(),
    ///         "dataset: chain: invalid id `Bad`: use 1-64 characters from a-z 0-9 - _ .".to_string(),
    ///     ]
    /// );
    /// ```
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Invalid {
                file,
                document,
                problems,
            } => problems
                .iter()
                .map(|p| format!("{}{document}: {p}", file_prefix(file)))
                .collect(),
            other => vec![other.to_string()],
        }
    }

    /// The document the error is about, when it is about one.
    pub fn document(&self) -> Option<Document> {
        match self {
            Error::Json { document, .. } | Error::Invalid { document, .. } => Some(*document),
            Error::Io { .. } | Error::InvalidArgument(_) => None,
        }
    }

    /// The same error, naming the file the document came from. The loaders attach it
    /// themselves; use this when a document read from a file was checked later, as by
    /// [`KnowledgeGraph::new`](crate::KnowledgeGraph::new).
    ///
    /// ```
    /// use vrfb_chain::{Error, Problem, Document};
    /// let err = Error::Invalid { file: None, document: Document::Dataset,
    ///                            problems: vec![Problem::new("chain", "oops")] };
    /// assert_eq!(err.with_file("d.json").lines(), ["d.json: dataset: chain: oops"]);
    /// ```
    pub fn with_file(self, path: impl AsRef<Path>) -> Error {
        self.in_file(path.as_ref())
    }

    /// Attaches the file the document came from (done at the I/O boundary).
    pub(crate) fn in_file(mut self, path: &Path) -> Error {
        match &mut self {
            Error::Io { file, .. } | Error::Json { file, .. } | Error::Invalid { file, .. } => {
                *file = Some(path.to_path_buf())
            }
            Error::InvalidArgument(_) => {}
        }
        self
    }

    pub(crate) fn io(action: &'static str, err: std::io::Error) -> Error {
        Error::Io {
            file: None,
            action,
            message: err.to_string(),
            kind: err.kind(),
        }
    }

    /// A JSON error of `input`: columns are counted in characters, as an editor shows
    /// them (serde_json counts bytes), and long values in the message are shortened.
    /// An input of white space only is said to be empty, not to end while a value is read.
    pub(crate) fn json_in(document: Document, err: serde_json::Error, input: &[u8]) -> Error {
        let empty = err.is_eof() && input.iter().all(u8::is_ascii_whitespace);
        let mut error = Error::json(document, err);
        if let Error::Json {
            line,
            column,
            message,
            ..
        } = &mut error
        {
            *column = char_column(input, *line, *column);
            if empty {
                *message = "the document is empty: it holds no JSON value".into();
            }
        }
        error
    }

    pub(crate) fn json(document: Document, err: serde_json::Error) -> Error {
        if err.is_io() {
            return Error::Io {
                file: None,
                action: "read",
                message: err.to_string(),
                kind: std::io::Error::from(err).kind(),
            };
        }
        let line = err.line();
        let column = err.column();
        // serde_json appends " at line L column C" to its message; we report them apart.
        let mut message = err.to_string();
        let suffix = format!(" at line {line} column {column}");
        if message.ends_with(&suffix) {
            message.truncate(message.len() - suffix.len());
        }
        let message = shorten_quoted(&message);
        Error::Json {
            file: None,
            document,
            line,
            column,
            message,
        }
    }
}
