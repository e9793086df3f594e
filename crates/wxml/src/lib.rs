//! mpsim-wxml: WXML, from text to a live tree.
//!
//! - [`parse`]: a tolerant parser for real WXML (which is not XML): `{{ a < b }}` in text,
//!   `<wxs>` bodies as raw script, boolean attributes, entities, several roots, recovery from
//!   unclosed and mismatched tags, every problem reported with its position.
//! - [`expr`]: the `{{ }}` expression language, exactly as the official compiler accepts it.
//! - [`compile`]: WXML files to a [`TemplateProgram`], a serialisable IR (cacheable by hash).
//! - [`engine`]: instantiates a program against JSON data into tree operations, then updates it
//!   from changed data paths by re-running only the bindings that read them.

pub mod ast;
mod entities;
pub mod expr;
pub mod issue;
pub mod parser;

pub use issue::Issue;
pub use parser::{ParseOptions, Parsed, parse};
pub mod compile;
pub mod dialect;
pub mod program;

pub use compile::{CompileOptions, Compiler};
pub use program::TemplateProgram;
pub mod engine;
pub mod nodetree;
pub mod ops;
pub mod tree;

pub use engine::{RenderWarning, TemplateInstance};
pub use nodetree::{Extra, Node, NodeTree};
pub use ops::{NodeId, OpBuffer, TreeOp, TreeSink};
pub use tree::{DomTree, insert_attrs_json};

/// Decodes HTML character references (`&amp;`, `&#x4e2d;`, `&nbsp;`...); malformed ones stay
/// as written. For HTML-like text outside templates (`<rich-text nodes>`).
pub fn decode_entities(text: &str) -> String {
    entities::decode(text, &mut Vec::new())
}
