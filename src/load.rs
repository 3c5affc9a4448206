//! Reading documents and holding them to the rules: a template or a dataset is parsed, then
//! checked by `validate`, and only a document without problems comes out. The model types
//! (`chain`, `dataset`) know nothing of the rules; this module joins the two, one layer
//! above both.

use std::io::Read;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer};

use crate::chain::Chain;
use crate::dataset::Dataset;
use crate::error::{Error, Problem, Result};
use crate::{reader, validate};

impl<'de> Deserialize<'de> for Chain {
    /// Deserializes through the one reader of templates: the value is taken whole, written
    /// as JSON and read, so that every rule is the reader's. Problems become one custom
    /// error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Chain, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let bytes = serde_json::to_vec(&value).map_err(de::Error::custom)?;
        Chain::from_slice(&bytes).map_err(|e| de::Error::custom(e.lines().join("; ")))
    }
}

impl Chain {
    /// Parses and validates a template from JSON text.
    ///
    /// # Errors
    /// [`Error::Json`] for broken JSON syntax (with line and column), [`Error::Invalid`]
    /// with every other problem at once: values of the wrong type, unknown, repeated and
    /// missing keys (with line and column), and every rule the template breaks.
    #[allow(clippy::should_implement_trait)]
    pub fn from_json_str(text: &str) -> Result<Chain> {
        Chain::from_slice(text.as_bytes())
    }

    /// Parses and validates a template from JSON bytes.
    ///
    /// # Errors
    /// As [`Chain::from_json_str`]; bytes that are not UTF-8 are a JSON error.
    pub fn from_slice(bytes: &[u8]) -> Result<Chain> {
        reader::template::chain(bytes)
    }

    /// Reads, parses and validates a template from a reader.
    ///
    /// # Errors
    /// As [`Chain::from_json_str`], and [`Error::Io`] when reading fails.
    pub fn from_reader<R: Read>(mut reader: R) -> Result<Chain> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("read", e))?;
        Chain::from_slice(&bytes)
    }

    /// Reads, parses and validates a template file. Errors name the file.
    ///
    /// # Errors
    /// As [`Chain::from_reader`], with the file attached.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Chain> {
        let path = path.as_ref();
        let bytes = crate::read::file(path)?;
        Chain::from_slice(&bytes).map_err(|e| e.in_file(path))
    }

    /// Checks the template against every rule of the spec, returning all problems found
    /// (empty when it is valid). Loading does this already; use it on a template built in
    /// code.
    pub fn validate(&self) -> Vec<crate::Problem> {
        let mut problems = validate::chain(self);
        crate::problem::sort(&mut problems);
        problems
    }
}

impl<'de> Deserialize<'de> for Dataset {
    /// Deserializes through the one reader: the value is taken whole, written as JSON and
    /// read, so that every rule is the reader's. Problems become one custom error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Dataset, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let bytes = serde_json::to_vec(&value).map_err(de::Error::custom)?;
        Dataset::from_slice(&bytes).map_err(|e| de::Error::custom(e.lines().join("; ")))
    }
}

impl Dataset {
    /// Parses and validates a dataset from JSON text.
    ///
    /// # Errors
    /// [`Error::Json`] for broken JSON syntax (with line and column), [`Error::Invalid`]
    /// with every other problem of the document at once, each with its place.
    pub fn from_json_str(text: &str) -> Result<Dataset> {
        Dataset::from_slice(text.as_bytes())
    }

    /// Parses and validates a dataset from JSON bytes.
    ///
    /// # Errors
    /// As [`Dataset::from_json_str`]; bytes that are not UTF-8 are a JSON error.
    pub fn from_slice(bytes: &[u8]) -> Result<Dataset> {
        let options = reader::Options {
            template: None,
            keep: crate::reader::Keep::Dataset,
            rules: reader::Rules::All,
        };
        let read = reader::read(bytes, options)?;
        Ok(read.dataset.unwrap_or_default())
    }

    /// Reads, parses and validates a dataset from a reader.
    ///
    /// # Errors
    /// As [`Dataset::from_json_str`], and [`Error::Io`] when reading fails.
    pub fn from_reader<R: Read>(mut reader: R) -> Result<Dataset> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("read", e))?;
        Dataset::from_slice(&bytes)
    }

    /// Reads, parses and validates a dataset file. Errors name the file.
    ///
    /// # Errors
    /// As [`Dataset::from_reader`], with the file attached.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Dataset> {
        let path = path.as_ref();
        let bytes = crate::read::file(path)?;
        Dataset::from_slice(&bytes).map_err(|e| e.in_file(path))
    }

    /// Checks the dataset on its own against every rule of the spec that does not need the
    /// template, returning all problems found (empty when it is valid). Loading does this
    /// already; use it on a dataset built or edited in code. The rules are the reader's:
    /// the dataset is checked on its JSON.
    pub fn validate(&self) -> Vec<Problem> {
        match reader::check(self, None) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().to_vec(),
        }
    }
}
