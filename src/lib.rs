//! # vrfb-chain
//!
//! A knowledge graph of the vanadium redox flow battery (VRFB, 全钒液流电池) industry
//! chain, built on [petgraph], with a gap analysis that finds the missing upstream and
//! downstream links of a region's chain (补链、强链、延链). Every fact carries its sources and
//! an evidence grade, so that each verdict can be traced to what supports it.
//!
//! ```
//! use vrfb_chain::builtin;
//!
//! let graph = builtin::minimal_graph();
//! // Who makes stacks, and who supplies them with membranes?
//! let makers: Vec<&str> = graph.makers("stack").iter().map(|f| f.id.as_str()).collect();
//! assert_eq!(makers, ["stackco"]);
//! let suppliers: Vec<&str> = graph.suppliers("stackco").iter().map(|t| t.firm.id.as_str()).collect();
//! assert_eq!(suppliers, ["membraneco"]);
//! ```
//!
//! ## Module map
//!
//! - [`chain`]: the chain template ([`Chain`]): segments, products, requirements.
//! - [`dataset`]: the dataset ([`Dataset`]): sources, regions, firms, organizations, links.
//! - [`graph`]: [`KnowledgeGraph`], the validated pair indexed as a petgraph graph, and its
//!   queries.
//! - [`analysis`]: the gap analysis ([`analysis::gaps`] → [`analysis::GapReport`],
//!   `gap-report@2`), one file per section, and report diffs ([`analysis::diff`]).
//! - [`registry`]: [`registry::Registry`], the reader's compact store with its template,
//!   for the gap analysis of national registries: the graph's reports, in a fraction of
//!   its time and memory.
//! - [`scenario`]: scenarios (`scenario@1`), hypothetical edits of a dataset.
//! - [`render`]: people-facing text: the Markdown gap report and report diff, and with the
//!   `html` feature the report as one self-contained HTML page with the chain map.
//! - [`export`]: writers for the tools people use: the dataset JSON, NetworkX node-link,
//!   GraphML, Cytoscape.js, a Graphviz chain map and Neo4j import files.
//! - [`lookup`]: regions and firms by id or by name, as people name them, and (feature
//!   `suggest`) the nearest to a mistyped one.
//! - [`warnings`]: what a report's reader needs to be told: facts it does not count, and why.
//! - `sheets` (feature `sheets`): spreadsheets in and out: import a dataset from CSV or
//!   `.xlsx`, the gap report and the dataset as workbooks.
//! - [`builtin`]: the data compiled into the crate.
//! - [`synth`]: a seeded generator of synthetic datasets of any size, for benchmarks.
//! - [`error`]: [`Error`]; [`problem`]: [`Problem`], a typed place ([`problem::Location`])
//!   and rule ([`problem::Kind`]).
//!
//! Every document, whether read from a file or built in code, is checked by one reader
//! (`reader`, internal): one pass over the bytes, each rule of the data format written
//! once, every problem reported at once with its place: datasets, templates and scenarios
//! through the same tolerant visitors. Its module documentation has the table of which
//! function checks which rule.
//!
//! The modules form layers, each importing only those below it (no import cycle):
//!
//! | layer | modules |
//! |---|---|
//! | base | `error`, `problem`, `date`, `name`, `hash`, `object`, `read`, `write` |
//! | model | `chain`, `dataset` (the serde forms, knowing nothing of the rules) |
//! | reading and rules | `reader` (every dataset rule, one pass, into the store; the shape of templates and scenarios), `validate` (the template's content rules), `load` (the documents' loaders) |
//! | stores | `store` (the resolved rows, and every record compact for the exports), `graph` ([`KnowledgeGraph`], built from the store and keeping it), `registry` (the store with its template), `lookup` (things by id or name, and the nearest to a mistyped one), `scenario` (which names the nearest in its problems) |
//! | analysis | `analysis` (the store trait it reads, one file per section) |
//! | presentation | `render`, `export`, `sheets`, `warnings`, `builtin`, `synth` |
//!
//! (The `registry` implements the analysis's input trait, so it sits above the trait's
//! module; the analysis itself imports no store but the graph it is called on.)
//!
//! [petgraph]: https://docs.rs/petgraph
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod builtin;
pub mod chain;
pub mod dataset;
mod date;
pub mod error;
pub mod export;
pub mod graph;
mod hash;
mod load;
pub mod lookup;
mod name;
mod object;
pub mod problem;
mod read;
mod reader;
pub mod registry;
pub mod render;
pub mod scenario;
#[cfg(feature = "sheets")]
pub mod sheets;
mod store;
pub mod synth;
mod validate;
pub mod warnings;
mod write;

pub use chain::{Chain, Name, Product, Requirement, Segment, CHAIN_FORMAT};
pub use dataset::{
    Capacity, Dataset, Extra, Fact, Firm, Grade, Link, LinkKind, Makes, Organization,
    OrganizationKind, Region, RegionKind, Source, Status, DATASET_FORMAT,
};
pub use date::{Date, DateError};
pub use error::{Document, Error, Problem, Result};
pub use graph::{Edge, KnowledgeGraph, Node, Party, Trade};
pub use validate::{is_valid_id, MAX_ID_LEN};

// The README's examples are compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
