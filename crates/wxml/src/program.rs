//! The compiled form of WXML: a flat arena of template nodes, serialisable so that a compiled
//! project can be cached by content hash and shipped across the bridge.

use crate::expr::Expr;
use mpsim_base::PathSeg;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Index of a node in [`TemplateProgram::nodes`].
pub type NodeIdx = u32;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TemplateProgram {
    pub nodes: Vec<PNode>,
    pub files: Vec<FileProgram>,
    pub wxs: Vec<WxsModule>,
    /// The file the program renders (index into `files`).
    pub entry: u32,
    /// Every element tag the program can create, where it is written: whoever knows the
    /// page's `usingComponents` can report the tags that are neither built in nor declared.
    #[serde(default)]
    pub tags: Vec<TagUse>,
}

/// An element tag as written in a template file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagUse {
    pub tag: String,
    /// Index into [`TemplateProgram::files`].
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileProgram {
    pub path: String,
    pub body: Vec<NodeIdx>,
    /// Templates callable from this file: its own, then those of the files it imports.
    pub templates: Vec<(String, TemplateRef)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateRef {
    /// The file whose scope the body resolves nested `<template is>` in.
    pub file: u32,
    pub body: Vec<NodeIdx>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WxsModule {
    pub name: String,
    /// The WXML file that declares it.
    pub declared_in: String,
    pub source: WxsSource,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum WxsSource {
    /// A `.wxs` file, project-relative.
    File(String),
    /// Inline script, with the 1-based line it starts on in `declared_in`.
    Inline { code: String, line: u32 },
}

/// Where a dependency path starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DepRoot {
    Data(String),
    Scope(u16),
}

/// A data path an expression reads: a change at, above or below it re-runs the expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dep {
    pub root: DepRoot,
    pub path: Vec<PathSeg>,
}

/// An expression with the paths it reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Binding {
    pub expr: Expr,
    pub deps: Vec<Dep>,
}

/// Text with bindings, as compiled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TPart {
    Lit(String),
    Expr(Binding),
}

/// How an attribute reaches the node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AttrKey {
    /// An ordinary attribute or component property (`class`, `src`, `scroll-y`).
    Attr(String),
    /// `data-foo-bar` -> dataset key `fooBar`.
    Data(String),
    /// `mark:x`.
    Mark(String),
    /// An event binding (`bindtap`, `catch:touchstart`, `capture-bind:tap`, `mut-bind:tap`).
    Event { kind: EventKind, name: String },
    /// `model:value`: two-way binding of a property.
    Model(String),
    /// `generic:name="comp-tag"`.
    Generic(String),
}

impl AttrKey {
    /// The attribute as it would be written in WXML (for tree dumps and messages).
    pub fn display(&self) -> String {
        match self {
            AttrKey::Attr(n) => n.clone(),
            AttrKey::Data(k) => format!("data:{k}"),
            AttrKey::Mark(k) => format!("mark:{k}"),
            AttrKey::Event { kind, name } => format!("{}:{name}", kind.prefix()),
            AttrKey::Model(k) => format!("model:{k}"),
            AttrKey::Generic(k) => format!("generic:{k}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventKind {
    Bind,
    Catch,
    MutBind,
    CaptureBind,
    CaptureCatch,
    CaptureMutBind,
}

impl EventKind {
    pub fn prefix(self) -> &'static str {
        match self {
            EventKind::Bind => "bind",
            EventKind::Catch => "catch",
            EventKind::MutBind => "mut-bind",
            EventKind::CaptureBind => "capture-bind",
            EventKind::CaptureCatch => "capture-catch",
            EventKind::CaptureMutBind => "capture-mut-bind",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum AttrValueP {
    Static(Value),
    /// `"{{expr}}"` exactly: the value keeps its type; undefined removes the attribute.
    Typed(Binding),
    /// Text mixed with bindings: always a string.
    Interp(Vec<TPart>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PAttr {
    pub key: AttrKey,
    pub value: AttrValueP,
}

/// How list items are matched between renders.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ForKey {
    None,
    /// `wx:key="id"`: the item's field.
    Field(String),
    /// `wx:key="*this"`: the item itself (strings and numbers).
    This,
    /// `wx:key="{{expr}}"`: an expression over the item.
    Expr(Binding),
}

/// Which names a subtree reads: a change to none of them skips the subtree.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Reads {
    pub roots: Vec<DepRoot>,
}

impl Reads {
    pub fn add(&mut self, root: &DepRoot) {
        if let Err(i) = self.roots.binary_search(root) {
            self.roots.insert(i, root.clone());
        }
    }

    pub fn contains(&self, root: &DepRoot) -> bool {
        self.roots.binary_search(root).is_ok()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum PNodeKind {
    Element {
        tag: String,
        attrs: Vec<PAttr>,
        children: Vec<NodeIdx>,
    },
    Text(Vec<TPart>),
    /// `<block>` without directives, or an included file.
    Block(Vec<NodeIdx>),
    /// A `wx:if` / `wx:elif` / `wx:else` chain; a branch without condition is the else.
    If(Vec<(Option<Binding>, NodeIdx)>),
    For {
        list: Binding,
        item_slot: u16,
        index_slot: u16,
        key: ForKey,
        body: NodeIdx,
    },
    /// `<template is="name" data="{{...}}">`.
    Call {
        name: CallName,
        data: Option<Binding>,
        file: u32,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum CallName {
    Static(String),
    Dynamic(Binding),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PNode {
    pub kind: PNodeKind,
    pub reads: Reads,
    /// 1-based source position, for runtime warnings.
    pub line: u32,
    pub col: u32,
}

impl TemplateProgram {
    pub fn node(&self, idx: NodeIdx) -> &PNode {
        &self.nodes[idx as usize]
    }

    /// Finds a template by name in a file's scope.
    pub fn template(&self, file: u32, name: &str) -> Option<&TemplateRef> {
        self.files
            .get(file as usize)?
            .templates
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
    }
}
