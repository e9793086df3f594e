//! The template engine: instantiates a [`TemplateProgram`] against data, then keeps the tree up
//! to date from the data paths that changed, re-running only the bindings that read them.
//!
//! The engine keeps an instance tree that mirrors the program (virtual nodes included) and
//! emits [`TreeOp`]s for the real nodes into a [`TreeSink`]. Each program node knows the names
//! its subtree reads, so an update skips every subtree the change cannot touch; a change inside
//! one list item (`list[3].n`) reaches only that item.

use crate::compile::static_path;
use crate::expr::eval::{Env, Val, WxsHost, eval_json, eval_reporting};
use crate::ops::{NodeId, TreeOp, TreeSink};
use crate::program::*;
use mpsim_base::{DataPath, PathSeg, js};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// A changed path, relative to a data root or a loop variable.
#[derive(Debug, Clone, PartialEq)]
struct Change {
    root: DepRoot,
    path: Vec<PathSeg>,
}

fn overlaps(a: &[PathSeg], b: &[PathSeg]) -> bool {
    a.iter().zip(b.iter()).all(|(x, y)| x.same_slot(y))
}

fn affected(deps: &[Dep], changes: &[Change]) -> bool {
    deps.iter().any(|d| {
        changes
            .iter()
            .any(|c| c.root == d.root && overlaps(&c.path, &d.path))
    })
}

fn touches(reads: &Reads, changes: &[Change]) -> bool {
    changes.iter().any(|c| reads.contains(&c.root))
}

#[derive(Debug)]
enum Inst {
    Element {
        node: NodeIdx,
        id: NodeId,
        attrs: Vec<Option<Value>>,
        children: Vec<Inst>,
    },
    Text {
        node: NodeIdx,
        id: NodeId,
        text: String,
    },
    Block {
        node: NodeIdx,
        children: Vec<Inst>,
    },
    If {
        node: NodeIdx,
        branch: Option<usize>,
        children: Vec<Inst>,
    },
    For {
        node: NodeIdx,
        items: Vec<ForItem>,
    },
    Call {
        node: NodeIdx,
        name: Option<String>,
        data: Value,
        children: Vec<Inst>,
    },
}

#[derive(Debug)]
struct ForItem {
    key: Option<String>,
    item: Value,
    index: Value,
    body: Vec<Inst>,
}

impl Inst {
    /// The first real node this instance puts in the tree (for insertion anchors).
    fn first_real(&self) -> Option<NodeId> {
        match self {
            Inst::Element { id, .. } | Inst::Text { id, .. } => Some(*id),
            Inst::Block { children, .. }
            | Inst::If { children, .. }
            | Inst::Call { children, .. } => children.iter().find_map(Inst::first_real),
            Inst::For { items, .. } => items
                .iter()
                .find_map(|i| i.body.iter().find_map(Inst::first_real)),
        }
    }

    /// The program node that rendered element `id`, if it is in this instance.
    fn source_of(&self, id: NodeId) -> Option<NodeIdx> {
        match self {
            Inst::Element {
                node,
                id: own,
                children,
                ..
            } => {
                if *own == id {
                    Some(*node)
                } else {
                    children.iter().find_map(|c| c.source_of(id))
                }
            }
            Inst::Text { .. } => None,
            Inst::Block { children, .. }
            | Inst::If { children, .. }
            | Inst::Call { children, .. } => children.iter().find_map(|c| c.source_of(id)),
            Inst::For { items, .. } => items
                .iter()
                .find_map(|i| i.body.iter().find_map(|c| c.source_of(id))),
        }
    }

    /// The real nodes at this instance's top level, in order.
    fn real_nodes(&self, out: &mut Vec<NodeId>) {
        match self {
            Inst::Element { id, .. } | Inst::Text { id, .. } => out.push(*id),
            Inst::Block { children, .. }
            | Inst::If { children, .. }
            | Inst::Call { children, .. } => children.iter().for_each(|c| c.real_nodes(out)),
            Inst::For { items, .. } => items
                .iter()
                .for_each(|i| i.body.iter().for_each(|c| c.real_nodes(out))),
        }
    }
}

/// A problem met while rendering (not while compiling): a missing template, a duplicate key,
/// a WXS function that threw.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderWarning {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// How deep the instance tree may grow. Real pages stay far below; recursive templates
/// without an end (`<template name="t"><template is="t"/></template>`) would otherwise exhaust
/// the stack.
const MAX_DEPTH: u32 = 200;

struct Ctx<'a> {
    prog: &'a TemplateProgram,
    wxs: &'a dyn WxsHost,
    sink: &'a mut dyn TreeSink,
    warnings: &'a mut Vec<RenderWarning>,
    depth: u32,
}

impl Ctx<'_> {
    fn warn(&mut self, node: NodeIdx, message: String) {
        let n = self.prog.node(node);
        let w = RenderWarning {
            line: n.line,
            col: n.col,
            message,
        };
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    fn eval<'v>(
        &mut self,
        node: NodeIdx,
        b: &'v Binding,
        data: &'v Value,
        scopes: &'v [&'v Value],
    ) -> Val<'v> {
        let env = Env {
            data,
            scopes,
            wxs: self.wxs,
        };
        let mut errors = Vec::new();
        let v = eval_reporting(&b.expr, &env, &mut |e| errors.push(e));
        for e in errors {
            self.warn(node, format!("WXS call failed: {e}"));
        }
        v
    }

    fn eval_json(&mut self, b: &Binding, data: &Value, scopes: &[&Value]) -> Option<Value> {
        let env = Env {
            data,
            scopes,
            wxs: self.wxs,
        };
        eval_json(&b.expr, &env)
    }

    fn text(&mut self, node: NodeIdx, parts: &[TPart], data: &Value, scopes: &[&Value]) -> String {
        let mut s = String::new();
        for p in parts {
            match p {
                TPart::Lit(l) => s.push_str(l),
                TPart::Expr(b) => {
                    let v = self.eval(node, b, data, scopes);
                    let v = match v {
                        Val::Wxs(..) => self
                            .eval_json(b, data, scopes)
                            .map(|j| js::value_to_string(&j))
                            .unwrap_or_default(),
                        other => other.to_display().into_owned(),
                    };
                    s.push_str(&v);
                }
            }
        }
        s
    }

    fn attr_value(
        &mut self,
        node: NodeIdx,
        v: &AttrValueP,
        data: &Value,
        scopes: &[&Value],
    ) -> Option<Value> {
        match v {
            AttrValueP::Static(s) => Some(s.clone()),
            AttrValueP::Typed(b) => self.eval_json(b, data, scopes),
            AttrValueP::Interp(parts) => Some(Value::String(self.text(node, parts, data, scopes))),
        }
    }

    fn create_list(
        &mut self,
        nodes: &[NodeIdx],
        data: &Value,
        scopes: &[&Value],
        parent: NodeId,
        before: Option<NodeId>,
    ) -> Vec<Inst> {
        nodes
            .iter()
            .map(|&n| self.create(n, data, scopes, parent, before))
            .collect()
    }

    fn create(
        &mut self,
        idx: NodeIdx,
        data: &Value,
        scopes: &[&Value],
        parent: NodeId,
        before: Option<NodeId>,
    ) -> Inst {
        if self.depth >= MAX_DEPTH {
            self.warn(idx, format!("the tree nests more than {MAX_DEPTH} levels deep (a template that calls itself without end?); rendering stops here"));
            return Inst::Block {
                node: idx,
                children: Vec::new(),
            };
        }
        self.depth += 1;
        let inst = self.create_node(idx, data, scopes, parent, before);
        self.depth -= 1;
        inst
    }

    fn create_node(
        &mut self,
        idx: NodeIdx,
        data: &Value,
        scopes: &[&Value],
        parent: NodeId,
        before: Option<NodeId>,
    ) -> Inst {
        let prog = self.prog;
        match &prog.node(idx).kind {
            PNodeKind::Element {
                tag,
                attrs,
                children,
            } => {
                let id = self.sink.alloc_id();
                let values: Vec<Option<Value>> = attrs
                    .iter()
                    .map(|a| self.attr_value(idx, &a.value, data, scopes))
                    .collect();
                let op_attrs = attrs
                    .iter()
                    .zip(&values)
                    .filter_map(|(a, v)| Some((a.key.clone(), v.clone()?)))
                    .collect();
                self.sink.op(TreeOp::CreateElement {
                    id,
                    parent,
                    before,
                    tag: tag.clone(),
                    attrs: op_attrs,
                });
                let children = self.create_list(children, data, scopes, id, None);
                Inst::Element {
                    node: idx,
                    id,
                    attrs: values,
                    children,
                }
            }
            PNodeKind::Text(parts) => {
                let id = self.sink.alloc_id();
                let text = self.text(idx, parts, data, scopes);
                self.sink.op(TreeOp::CreateText {
                    id,
                    parent,
                    before,
                    text: text.clone(),
                });
                Inst::Text {
                    node: idx,
                    id,
                    text,
                }
            }
            PNodeKind::Block(children) => Inst::Block {
                node: idx,
                children: self.create_list(children, data, scopes, parent, before),
            },
            PNodeKind::If(branches) => {
                let branch = self.pick_branch(idx, branches, data, scopes);
                let children = match branch {
                    Some(b) => vec![self.create(branches[b].1, data, scopes, parent, before)],
                    None => Vec::new(),
                };
                Inst::If {
                    node: idx,
                    branch,
                    children,
                }
            }
            PNodeKind::For { .. } => {
                let entries = self.for_entries(idx, data, scopes);
                let items = entries
                    .into_iter()
                    .map(|(key, item, index)| {
                        let body =
                            self.create_item(idx, &item, &index, data, scopes, parent, before);
                        ForItem {
                            key,
                            item,
                            index,
                            body,
                        }
                    })
                    .collect();
                Inst::For { node: idx, items }
            }
            PNodeKind::Call {
                name,
                data: data_b,
                file,
            } => {
                let name = self.call_name(idx, name, data, scopes);
                let tdata = match data_b {
                    Some(b) => match self.eval_json(b, data, scopes) {
                        Some(v @ Value::Object(_)) => v,
                        _ => Value::Object(Default::default()),
                    },
                    None => Value::Object(Default::default()),
                };
                let children =
                    self.create_template(idx, *file, name.as_deref(), &tdata, parent, before);
                Inst::Call {
                    node: idx,
                    name,
                    data: tdata,
                    children,
                }
            }
        }
    }

    fn create_template(
        &mut self,
        idx: NodeIdx,
        file: u32,
        name: Option<&str>,
        tdata: &Value,
        parent: NodeId,
        before: Option<NodeId>,
    ) -> Vec<Inst> {
        let Some(name) = name else { return Vec::new() };
        let prog = self.prog;
        match prog.template(file, name) {
            Some(t) => self.create_list(&t.body, tdata, &[], parent, before),
            None => {
                self.warn(idx, format!("template `{name}` not found"));
                Vec::new()
            }
        }
    }

    fn call_name(
        &mut self,
        idx: NodeIdx,
        name: &CallName,
        data: &Value,
        scopes: &[&Value],
    ) -> Option<String> {
        match name {
            CallName::Static(s) => Some(s.clone()),
            CallName::Dynamic(b) => {
                let v = self.eval(idx, b, data, scopes);
                match v {
                    Val::Undefined | Val::Null => None,
                    other => Some(other.to_display().into_owned()),
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn create_item(
        &mut self,
        idx: NodeIdx,
        item: &Value,
        index: &Value,
        data: &Value,
        scopes: &[&Value],
        parent: NodeId,
        before: Option<NodeId>,
    ) -> Vec<Inst> {
        let PNodeKind::For { body, .. } = &self.prog.node(idx).kind else {
            return Vec::new();
        };
        let mut inner: Vec<&Value> = scopes.to_vec();
        inner.push(item);
        inner.push(index);
        vec![self.create(*body, data, &inner, parent, before)]
    }

    fn pick_branch(
        &mut self,
        idx: NodeIdx,
        branches: &[(Option<Binding>, NodeIdx)],
        data: &Value,
        scopes: &[&Value],
    ) -> Option<usize> {
        branches.iter().position(|(cond, _)| match cond {
            Some(b) => self.eval(idx, b, data, scopes).truthy(),
            None => true,
        })
    }

    /// The (key, item, index) triples a `wx:for` iterates: arrays, objects (index is the key),
    /// numbers (0..n) and strings (characters), as WeChat does.
    fn for_entries(
        &mut self,
        idx: NodeIdx,
        data: &Value,
        scopes: &[&Value],
    ) -> Vec<(Option<String>, Value, Value)> {
        let PNodeKind::For {
            list,
            key,
            item_slot,
            ..
        } = &self.prog.node(idx).kind
        else {
            return Vec::new();
        };
        let v = self.eval(idx, list, data, scopes);
        let pairs: Vec<(Value, Value)> = match &v {
            Val::Json(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (v.clone(), Value::from(i)))
                .collect(),
            Val::Owned(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (v.clone(), Value::from(i)))
                .collect(),
            Val::Json(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| (v.clone(), Value::String(k.clone())))
                .collect(),
            Val::Owned(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| (v.clone(), Value::String(k.clone())))
                .collect(),
            Val::Num(n) if *n > 0.0 => {
                let count = n.ceil().min(mpsim_base::MAX_INDEX as f64) as usize;
                (0..count)
                    .map(|i| (Value::from(i), Value::from(i)))
                    .collect()
            }
            Val::Str(s) => s
                .chars()
                .enumerate()
                .map(|(i, c)| (Value::String(c.to_string()), Value::from(i)))
                .collect(),
            _ => Vec::new(),
        };
        let mut seen: HashMap<String, ()> = HashMap::new();
        let mut dup_reported = false;
        let mut out = Vec::with_capacity(pairs.len());
        for (item, index) in pairs {
            let k = match key {
                ForKey::None => None,
                ForKey::This => Some(js::value_to_string(&item)),
                ForKey::Field(f) => Some(match item.get(f) {
                    Some(v) => js::value_to_string(v),
                    None => String::new(),
                }),
                ForKey::Expr(b) => {
                    let mut inner: Vec<&Value> = scopes.to_vec();
                    inner.truncate(*item_slot as usize);
                    inner.push(&item);
                    inner.push(&index);
                    self.eval_json(b, data, &inner)
                        .map(|v| js::value_to_string(&v))
                }
            };
            // Duplicate keys cannot be matched; those items fall back to matching by position.
            let k = match k {
                Some(k) if seen.insert(k.clone(), ()).is_some() => {
                    if !dup_reported {
                        self.warn(idx, format!("duplicate wx:key value `{k}`; items with the same key are matched by position"));
                        dup_reported = true;
                    }
                    None
                }
                other => other,
            };
            out.push((k, item, index));
        }
        out
    }

    fn remove(&mut self, inst: &Inst) {
        let mut ids = Vec::new();
        inst.real_nodes(&mut ids);
        for id in ids {
            self.sink.op(TreeOp::Remove { id });
        }
    }

    /// Updates siblings from last to first, so each knows the real node that follows it.
    fn update_list(
        &mut self,
        insts: &mut [Inst],
        data: &Value,
        scopes: &[&Value],
        changes: &[Change],
        parent: NodeId,
        after: Option<NodeId>,
    ) {
        let mut anchor = after;
        for inst in insts.iter_mut().rev() {
            self.update(inst, data, scopes, changes, parent, anchor);
            anchor = inst.first_real().or(anchor);
        }
    }

    /// Updates one instance; the depth count keeps subtrees created during updates within
    /// [`MAX_DEPTH`] of the root too.
    fn update(
        &mut self,
        inst: &mut Inst,
        data: &Value,
        scopes: &[&Value],
        changes: &[Change],
        parent: NodeId,
        after: Option<NodeId>,
    ) {
        self.depth += 1;
        self.update_node(inst, data, scopes, changes, parent, after);
        self.depth -= 1;
    }

    fn update_node(
        &mut self,
        inst: &mut Inst,
        data: &Value,
        scopes: &[&Value],
        changes: &[Change],
        parent: NodeId,
        after: Option<NodeId>,
    ) {
        let prog = self.prog;
        let node_idx = match inst {
            Inst::Element { node, .. }
            | Inst::Text { node, .. }
            | Inst::Block { node, .. }
            | Inst::If { node, .. }
            | Inst::For { node, .. }
            | Inst::Call { node, .. } => *node,
        };
        let pnode = prog.node(node_idx);
        if !touches(&pnode.reads, changes) {
            return;
        }
        match (inst, &pnode.kind) {
            (
                Inst::Element {
                    id,
                    attrs: values,
                    children,
                    ..
                },
                PNodeKind::Element { attrs, .. },
            ) => {
                for (a, old) in attrs.iter().zip(values.iter_mut()) {
                    let hit = match &a.value {
                        AttrValueP::Static(_) => false,
                        AttrValueP::Typed(b) => affected(&b.deps, changes),
                        AttrValueP::Interp(parts) => parts
                            .iter()
                            .any(|p| matches!(p, TPart::Expr(b) if affected(&b.deps, changes))),
                    };
                    if hit {
                        let new = self.attr_value(node_idx, &a.value, data, scopes);
                        if new != *old {
                            self.sink.op(TreeOp::SetAttr {
                                id: *id,
                                key: a.key.clone(),
                                value: new.clone(),
                            });
                            *old = new;
                        }
                    }
                }
                self.update_list(children, data, scopes, changes, *id, None);
            }
            (Inst::Text { id, text, .. }, PNodeKind::Text(parts))
                if parts
                    .iter()
                    .any(|p| matches!(p, TPart::Expr(b) if affected(&b.deps, changes))) =>
            {
                let new = self.text(node_idx, parts, data, scopes);
                if new != *text {
                    self.sink.op(TreeOp::SetText {
                        id: *id,
                        text: new.clone(),
                    });
                    *text = new;
                }
            }
            (Inst::Block { children, .. }, PNodeKind::Block(_)) => {
                self.update_list(children, data, scopes, changes, parent, after);
            }
            (
                Inst::If {
                    branch, children, ..
                },
                PNodeKind::If(branches),
            ) => {
                let cond_hit = branches
                    .iter()
                    .any(|(c, _)| c.as_ref().is_some_and(|b| affected(&b.deps, changes)));
                let new_branch = if cond_hit {
                    self.pick_branch(node_idx, branches, data, scopes)
                } else {
                    *branch
                };
                if new_branch != *branch {
                    for c in children.drain(..) {
                        self.remove(&c);
                    }
                    if let Some(b) = new_branch {
                        children.push(self.create(branches[b].1, data, scopes, parent, after));
                    }
                    *branch = new_branch;
                } else {
                    self.update_list(children, data, scopes, changes, parent, after);
                }
            }
            (
                Inst::For { items, .. },
                PNodeKind::For {
                    list,
                    key,
                    item_slot,
                    index_slot,
                    ..
                },
            ) => {
                let key_hit = matches!(key, ForKey::Expr(b) if affected(&b.deps, changes));
                if !affected(&list.deps, changes) && !key_hit {
                    self.update_items(items, data, scopes, changes, parent, after, &[]);
                } else if let Some(item_changes) =
                    self.item_local_changes(list, key, *item_slot, changes, data, scopes, items)
                {
                    // The changes now expressed per item need not visit the other items, unless
                    // the item body reads the list's root by name as well.
                    let PNodeKind::For { body, .. } = &pnode.kind else {
                        return;
                    };
                    let body_reads = &prog.node(*body).reads;
                    let rest: Vec<Change> = changes
                        .iter()
                        .filter(|c| {
                            body_reads.contains(&c.root)
                                || !list
                                    .deps
                                    .iter()
                                    .any(|d| d.root == c.root && overlaps(&c.path, &d.path))
                        })
                        .cloned()
                        .collect();
                    self.update_items(items, data, scopes, &rest, parent, after, &item_changes);
                } else {
                    self.diff_list(
                        node_idx,
                        items,
                        data,
                        scopes,
                        changes,
                        parent,
                        after,
                        (*item_slot, *index_slot),
                    );
                }
            }
            (
                Inst::Call {
                    name,
                    data: tdata,
                    children,
                    ..
                },
                PNodeKind::Call {
                    name: name_b,
                    data: data_b,
                    file,
                },
            ) => {
                let name_hit = matches!(name_b, CallName::Dynamic(b) if affected(&b.deps, changes));
                let data_hit = data_b.as_ref().is_some_and(|b| affected(&b.deps, changes));
                let new_data = if data_hit {
                    match data_b
                        .as_ref()
                        .and_then(|b| self.eval_json(b, data, scopes))
                    {
                        Some(v @ Value::Object(_)) => v,
                        _ => Value::Object(Default::default()),
                    }
                } else {
                    Value::Null
                };
                let new_name = if name_hit {
                    self.call_name(node_idx, name_b, data, scopes)
                } else {
                    name.clone()
                };
                if new_name != *name {
                    for c in children.drain(..) {
                        self.remove(&c);
                    }
                    if data_hit {
                        *tdata = new_data;
                    }
                    *children = self.create_template(
                        node_idx,
                        *file,
                        new_name.as_deref(),
                        tdata,
                        parent,
                        after,
                    );
                    *name = new_name;
                } else if data_hit {
                    let tchanges = changed_keys(tdata, &new_data);
                    *tdata = new_data;
                    if !tchanges.is_empty() {
                        self.update_list(children, tdata, &[], &tchanges, parent, after);
                    }
                }
            }
            _ => {}
        }
    }

    /// When every change to the list is inside individual items (`list[3].n`) and leaves the
    /// keys alone, returns (item position, changes relative to the item).
    #[allow(clippy::too_many_arguments)]
    fn item_local_changes(
        &mut self,
        list: &Binding,
        key: &ForKey,
        item_slot: u16,
        changes: &[Change],
        data: &Value,
        scopes: &[&Value],
        items: &mut [ForItem],
    ) -> Option<Vec<(usize, Change)>> {
        let (root, base) = static_path(&list.expr)?;
        let mut local = Vec::new();
        for c in changes {
            let reads_list = list
                .deps
                .iter()
                .any(|d| d.root == c.root && overlaps(&c.path, &d.path));
            if !reads_list {
                continue;
            }
            if c.root != root
                || c.path.len() < base.len() + 2
                || !overlaps(&c.path[..base.len()], &base)
            {
                return None;
            }
            let pos = match &c.path[base.len()] {
                PathSeg::Index(i) => *i,
                PathSeg::Key(k) => k.parse().ok()?,
            };
            let rest = c.path[base.len() + 1..].to_vec();
            match key {
                ForKey::None => {}
                ForKey::Field(f) if !matches!(&rest[0], PathSeg::Key(k) if k == f) => {}
                _ => return None,
            }
            if pos >= items.len() {
                return None;
            }
            local.push((
                pos,
                Change {
                    root: DepRoot::Scope(item_slot),
                    path: rest,
                },
            ));
        }
        // Refresh the changed items' values from the data.
        let env = Env {
            data,
            scopes,
            wxs: self.wxs,
        };
        let list_val = crate::expr::eval::eval(&list.expr, &env);
        let Val::Json(Value::Array(arr)) = list_val else {
            return None;
        };
        if arr.len() != items.len() {
            return None;
        }
        for (pos, _) in &local {
            items[*pos].item = arr[*pos].clone();
        }
        Some(local)
    }

    /// Updates list items in place; `item_changes` adds per-item changes of the loop variable.
    #[allow(clippy::too_many_arguments)]
    fn update_items(
        &mut self,
        items: &mut [ForItem],
        data: &Value,
        scopes: &[&Value],
        changes: &[Change],
        parent: NodeId,
        after: Option<NodeId>,
        item_changes: &[(usize, Change)],
    ) {
        // The per-item changes grouped by position, once (a burst of setData calls can
        // change every item).
        let mut by_pos: std::collections::BTreeMap<usize, Vec<Change>> = Default::default();
        for (p, c) in item_changes {
            by_pos.entry(*p).or_default().push(c.clone());
        }
        if changes.is_empty() {
            // Only some items changed: visit just those, each with the first real node that
            // follows it as its anchor (found by looking forward, usually one step).
            for (pos, own) in by_pos.into_iter().rev() {
                let anchor = items[pos + 1..]
                    .iter()
                    .find_map(|it| it.body.iter().find_map(Inst::first_real))
                    .or(after);
                let ForItem {
                    item: value,
                    index,
                    body,
                    ..
                } = &mut items[pos];
                let mut inner: Vec<&Value> = scopes.to_vec();
                inner.push(value);
                inner.push(index);
                self.update_list(body, data, &inner, &own, parent, anchor);
            }
            return;
        }
        let mut anchor = after;
        let mut own: Vec<Change> = Vec::new();
        for (pos, item) in items.iter_mut().enumerate().rev() {
            own.clear();
            if let Some(local) = by_pos.get(&pos) {
                own.extend(local.iter().cloned());
            }
            own.extend(changes.iter().cloned());
            let ForItem {
                item: value,
                index,
                body,
                ..
            } = item;
            let mut inner: Vec<&Value> = scopes.to_vec();
            inner.push(value);
            inner.push(index);
            self.update_list(body, data, &inner, &own, parent, anchor);
            anchor = item.body.iter().find_map(Inst::first_real).or(anchor);
        }
    }

    /// Re-evaluates the list and reconciles: keyed items are kept and moved, unkeyed items are
    /// patched by position; the fewest moves are found with a longest increasing subsequence.
    #[allow(clippy::too_many_arguments)]
    fn diff_list(
        &mut self,
        idx: NodeIdx,
        items: &mut Vec<ForItem>,
        data: &Value,
        scopes: &[&Value],
        changes: &[Change],
        parent: NodeId,
        after: Option<NodeId>,
        slots: (u16, u16),
    ) {
        let entries = self.for_entries(idx, data, scopes);
        let mut old: Vec<Option<ForItem>> = items.drain(..).map(Some).collect();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, it) in old.iter().enumerate() {
            if let Some(Some(k)) = it.as_ref().map(|it| &it.key) {
                by_key.insert(k.clone(), i);
            }
        }
        // For each new entry, the old item it reuses.
        let mut sources: Vec<Option<usize>> = Vec::with_capacity(entries.len());
        for (pos, (key, _, _)) in entries.iter().enumerate() {
            let src = match key {
                Some(k) => by_key.remove(k),
                None => (pos < old.len() && old[pos].as_ref().is_some_and(|o| o.key.is_none()))
                    .then_some(pos),
            };
            sources.push(src);
        }
        let reused: Vec<bool> = {
            let mut r = vec![false; old.len()];
            for s in sources.iter().flatten() {
                r[*s] = true;
            }
            r
        };
        for (i, slot) in old.iter_mut().enumerate() {
            if !reused[i]
                && let Some(it) = slot.take()
            {
                it.body.iter().for_each(|b| self.remove(b));
            }
        }
        let keep = lis_mask(&sources);
        let mut new_items: Vec<ForItem> = Vec::with_capacity(entries.len());
        let mut pending: Vec<Vec<Change>> = Vec::with_capacity(entries.len());
        for ((key, item, index), src) in entries.into_iter().zip(&sources) {
            match src.and_then(|s| old[s].take()) {
                Some(mut it) => {
                    let mut own = Vec::new();
                    if it.item != item {
                        own.push(Change {
                            root: DepRoot::Scope(slots.0),
                            path: Vec::new(),
                        });
                        it.item = item;
                    }
                    if it.index != index {
                        own.push(Change {
                            root: DepRoot::Scope(slots.1),
                            path: Vec::new(),
                        });
                        it.index = index;
                    }
                    it.key = key;
                    pending.push(own);
                    new_items.push(it);
                }
                None => {
                    pending.push(Vec::new());
                    new_items.push(ForItem {
                        key,
                        item,
                        index,
                        body: Vec::new(),
                    });
                }
            }
        }
        // Place: from the end, create new items and move reused ones not in the kept sequence.
        let mut anchor = after;
        for (pos, it) in new_items.iter_mut().enumerate().rev() {
            match sources[pos] {
                None => {
                    let ForItem { item, index, .. } = &*it;
                    let body = self.create_item(idx, item, index, data, scopes, parent, anchor);
                    it.body = body;
                }
                Some(_) if !keep[pos] => {
                    let mut ids = Vec::new();
                    it.body.iter().for_each(|b| b.real_nodes(&mut ids));
                    for id in ids {
                        self.sink.op(TreeOp::Move {
                            id,
                            parent,
                            before: anchor,
                        });
                    }
                }
                Some(_) => {}
            }
            anchor = it.body.iter().find_map(Inst::first_real).or(anchor);
        }
        // Then update the reused items in their final places.
        let mut anchor = after;
        for (pos, it) in new_items.iter_mut().enumerate().rev() {
            if sources[pos].is_some() {
                let mut own = std::mem::take(&mut pending[pos]);
                own.extend(changes.iter().cloned());
                let ForItem {
                    item, index, body, ..
                } = it;
                let mut inner: Vec<&Value> = scopes.to_vec();
                inner.push(item);
                inner.push(index);
                self.update_list(body, data, &inner, &own, parent, anchor);
            }
            anchor = it.body.iter().find_map(Inst::first_real).or(anchor);
        }
        *items = new_items;
    }
}

/// Marks the entries whose old positions form a longest increasing subsequence: those stay
/// where they are, every other reused entry moves.
fn lis_mask(sources: &[Option<usize>]) -> Vec<bool> {
    let n = sources.len();
    let mut tails: Vec<usize> = Vec::new(); // indices into `sources`
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for (i, s) in sources.iter().enumerate() {
        let Some(v) = *s else { continue };
        let pos = tails.partition_point(|&t| sources[t].unwrap_or(0) < v);
        if pos > 0 {
            prev[i] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; n];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}

/// The top-level keys whose values differ between two template data objects.
fn changed_keys(old: &Value, new: &Value) -> Vec<Change> {
    let (Value::Object(a), Value::Object(b)) = (old, new) else {
        return vec![];
    };
    let mut out = Vec::new();
    for (k, v) in b {
        if a.get(k) != Some(v) {
            out.push(Change {
                root: DepRoot::Data(k.clone()),
                path: Vec::new(),
            });
        }
    }
    for k in a.keys() {
        if !b.contains_key(k) {
            out.push(Change {
                root: DepRoot::Data(k.clone()),
                path: Vec::new(),
            });
        }
    }
    out
}

/// A rendered template: the instance tree for one page or component.
#[derive(Debug)]
pub struct TemplateInstance {
    program: Arc<TemplateProgram>,
    root: NodeId,
    children: Vec<Inst>,
    rendered: bool,
}

impl TemplateInstance {
    /// An instance that will render under the real node `root` (the page or shadow root).
    pub fn new(program: Arc<TemplateProgram>, root: NodeId) -> TemplateInstance {
        TemplateInstance {
            program,
            root,
            children: Vec::new(),
            rendered: false,
        }
    }

    pub fn program(&self) -> &Arc<TemplateProgram> {
        &self.program
    }

    /// The program node (in [`TemplateProgram::nodes`]) that rendered element `id`.
    pub fn source_of(&self, id: NodeId) -> Option<NodeIdx> {
        self.children.iter().find_map(|c| c.source_of(id))
    }

    /// Builds the tree for `data`, emitting creation operations.
    pub fn render(
        &mut self,
        data: &Value,
        wxs: &dyn WxsHost,
        sink: &mut dyn TreeSink,
    ) -> Vec<RenderWarning> {
        let mut warnings = Vec::new();
        let prog = self.program.clone();
        let mut ctx = Ctx {
            prog: &prog,
            wxs,
            sink,
            warnings: &mut warnings,
            depth: 0,
        };
        for c in self.children.drain(..) {
            ctx.remove(&c);
        }
        let body = prog
            .files
            .get(prog.entry as usize)
            .map(|f| f.body.clone())
            .unwrap_or_default();
        self.children = ctx.create_list(&body, data, &[], self.root, None);
        self.rendered = true;
        warnings
    }

    /// Brings the tree up to date after the data at `changed` paths changed (`data` is the new
    /// whole data). An empty path list changes nothing; a path of `[]` is invalid and ignored.
    pub fn update(
        &mut self,
        data: &Value,
        changed: &[DataPath],
        wxs: &dyn WxsHost,
        sink: &mut dyn TreeSink,
    ) -> Vec<RenderWarning> {
        if !self.rendered {
            return self.render(data, wxs, sink);
        }
        let changes: Vec<Change> = changed
            .iter()
            .filter_map(|p| {
                let (first, rest) = p.segs().split_first()?;
                Some(Change {
                    root: DepRoot::Data(first.as_key().into_owned()),
                    path: rest.to_vec(),
                })
            })
            .collect();
        let mut warnings = Vec::new();
        if changes.is_empty() {
            return warnings;
        }
        let prog = self.program.clone();
        let mut ctx = Ctx {
            prog: &prog,
            wxs,
            sink,
            warnings: &mut warnings,
            depth: 0,
        };
        let root = self.root;
        ctx.update_list(&mut self.children, data, &[], &changes, root, None);
        warnings
    }

    /// Removes everything this instance rendered.
    pub fn clear(&mut self, sink: &mut dyn TreeSink) {
        let prog = self.program.clone();
        let mut warnings = Vec::new();
        let mut ctx = Ctx {
            prog: &prog,
            wxs: &crate::expr::eval::NoWxs,
            sink,
            warnings: &mut warnings,
            depth: 0,
        };
        for c in self.children.drain(..) {
            ctx.remove(&c);
        }
        self.rendered = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lis_keeps_the_longest_ordered_run() {
        // Old positions 0,1,2 reversed: only one can stay.
        assert_eq!(
            lis_mask(&[Some(2), Some(1), Some(0)])
                .iter()
                .filter(|k| **k)
                .count(),
            1
        );
        assert_eq!(
            lis_mask(&[Some(0), None, Some(1), Some(2)]),
            vec![true, false, true, true]
        );
        assert_eq!(
            lis_mask(&[Some(1), Some(2), Some(0)]),
            vec![true, true, false]
        );
    }
}
