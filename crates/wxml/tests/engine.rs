//! The template engine end to end: compile, render, update, and check the tree after each
//! step against a full re-render of the same data (an update must never drift from it).

#![allow(clippy::unwrap_used)]

use mpsim_base::{DataPath, MemVfs};
use mpsim_wxml::expr::eval::{NoWxs, WxsHost};
use mpsim_wxml::{CompileOptions, Compiler, DomTree, OpBuffer, TemplateInstance, TreeOp};
use serde_json::{Value, json};
use std::sync::Arc;

struct Harness {
    inst: TemplateInstance,
    sink: OpBuffer,
    tree: DomTree,
    data: Value,
    program: Arc<mpsim_wxml::TemplateProgram>,
}

fn compile(files: &[(&str, &str)]) -> Arc<mpsim_wxml::TemplateProgram> {
    let mut vfs = MemVfs::new();
    for (p, c) in files {
        vfs.insert(p, *c);
    }
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    let p = c.compile(files[0].0);
    let d = c.take_diagnostics();
    assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
    Arc::new(p)
}

impl Harness {
    fn new(files: &[(&str, &str)], data: Value) -> Harness {
        let program = compile(files);
        let mut h = Harness {
            inst: TemplateInstance::new(program.clone(), 0),
            sink: OpBuffer::starting_at(1),
            tree: DomTree::new(),
            data,
            program,
        };
        h.inst.render(&h.data, &NoWxs, &mut h.sink);
        let ops = h.sink.take();
        h.tree.apply(&ops).unwrap();
        h
    }

    fn markup(&self) -> String {
        self.tree.to_markup()
    }

    /// Applies a setData-like change and returns the operations it produced.
    fn set(&mut self, path: &str, value: Value) -> Vec<TreeOp> {
        let p = DataPath::parse(path).unwrap();
        mpsim_base::set_path(&mut self.data, p.segs(), value);
        self.inst.update(&self.data, &[p], &NoWxs, &mut self.sink);
        let ops = self.sink.take();
        self.tree.apply(&ops).unwrap();
        // The incremental result must equal a fresh render of the same data.
        let mut fresh = TemplateInstance::new(self.program.clone(), 0);
        let mut sink = OpBuffer::starting_at(1_000_000);
        fresh.render(&self.data, &NoWxs, &mut sink);
        let mut t = DomTree::new();
        t.apply(&sink.ops).unwrap();
        assert_eq!(
            self.tree.to_markup(),
            t.to_markup(),
            "update drifted from a fresh render after {path}"
        );
        ops
    }
}

#[test]
fn text_attributes_and_types() {
    let h = Harness::new(
        &[(
            "i.wxml",
            "<view class='a {{c}}' data-x='{{n}}' data-element-type='t' hidden='{{!show}}' bindtap='onTap' mark:m='{{n}}'>{{n}} / {{u}} / {{nul}} {{1/3}}</view>",
        )],
        json!({"c": "b", "n": 2, "show": true, "nul": null}),
    );
    assert_eq!(
        h.markup(),
        r#"<view class="a b" data-x=2 data-elementType="t" hidden=false bind:tap="onTap" mark:m=2>2 /  / null 0.3333333333333333</view>"#
    );
    let json = h.tree.to_json();
    assert_eq!(json[0]["dataset"], json!({"x": 2, "elementType": "t"}));
    assert_eq!(json[0]["events"], json!({"bind:tap": "onTap"}));
}

#[test]
fn if_elif_else_switches_branches() {
    let mut h = Harness::new(
        &[(
            "i.wxml",
            "<text>a</text><view wx:if='{{n > 1}}'>big</view><view wx:elif='{{n == 1}}'>one</view><view wx:else>zero</view><text>z</text>",
        )],
        json!({"n": 0}),
    );
    assert_eq!(h.markup(), "<text>a</text><view>zero</view><text>z</text>");
    h.set("n", json!(1));
    assert_eq!(h.markup(), "<text>a</text><view>one</view><text>z</text>");
    h.set("n", json!(5));
    assert_eq!(h.markup(), "<text>a</text><view>big</view><text>z</text>");
}

#[test]
fn for_iterates_arrays_objects_numbers_and_strings() {
    let h = Harness::new(
        &[(
            "i.wxml",
            "<view wx:for='{{3}}'>{{index}}:{{item}}</view>|<view wx:for='{{o}}'>{{index}}={{item}}</view>|<view wx:for='{{s}}' wx:for-item='ch'>{{ch}}</view>|<view wx:for='{{2.5}}'>{{item}}</view>",
        )],
        json!({"o": {"k": "v", "z": 1}, "s": "ab"}),
    );
    assert_eq!(
        h.markup(),
        "<view>0:0</view><view>1:1</view><view>2:2</view>|<view>k=v</view><view>z=1</view>|<view>a</view><view>b</view>|<view>0</view><view>1</view><view>2</view>"
    );
}

/// As the official compiler: `wx:for-item="{{day}}"` names the loop variable literally, so
/// neither `item` nor `day` is bound inside (both read the page data); a warning says so.
#[test]
fn a_braced_for_item_name_is_taken_literally_with_a_warning() {
    let src = "<view wx:for='{{list}}' wx:for-item='{{day}}'>{{day}}/{{item}}</view><view wx:for='{{list}}' wx:for-item=''>{{item}}</view>";
    let mut vfs = MemVfs::new();
    vfs.insert("i.wxml", src);
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    c.compile("i.wxml");
    let d = c.take_diagnostics();
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d.iter().all(|d| !d.is_error()));
    assert!(
        d[0].message.contains("`item` is not bound"),
        "{}",
        d[0].message
    );
    let h = Harness::new(
        &[("i.wxml", src)],
        json!({"list": [1, 2], "day": "d", "item": "i"}),
    );
    // An empty name keeps `item`.
    assert_eq!(
        h.markup(),
        "<view>d/i</view><view>d/i</view><view>1</view><view>2</view>"
    );
}

/// As the official compiler: an unquoted value starting with a letter runs to a stray closing
/// quote, which is dropped (a warning); other unquoted values stay errors.
#[test]
fn an_unquoted_attribute_value_is_read_without_its_stray_quote() {
    let src = "<image src=https://x/a.jpg?t=1\" mode=\"aspectFill\"/>";
    let mut vfs = MemVfs::new();
    vfs.insert("i.wxml", src);
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    c.compile("i.wxml");
    let d = c.take_diagnostics();
    assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
    assert!(d.iter().any(|d| d.code == "wxml-unquoted-attribute-value"));
    let h = Harness::new(&[("i.wxml", src)], json!({}));
    assert_eq!(
        h.markup(),
        "<image src=\"https://x/a.jpg?t=1\" mode=\"aspectFill\"></image>"
    );
    for bad in [
        "<view a=b>x</view>",
        "<view a=1\">x</view>",
        "<view a={{x}}\">x</view>",
    ] {
        let mut vfs = MemVfs::new();
        vfs.insert("i.wxml", bad);
        let mut c = Compiler::new(&vfs, CompileOptions::default());
        c.compile("i.wxml");
        assert!(c.take_diagnostics().iter().any(|d| d.is_error()), "{bad}");
    }
}

#[test]
fn keyed_reorder_moves_nodes_instead_of_recreating() {
    let mut h = Harness::new(
        &[(
            "i.wxml",
            "<view wx:for='{{list}}' wx:key='id'>{{item.id}}</view><text>end</text>",
        )],
        json!({"list": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}),
    );
    let ops = h.set("list", json!([{"id": "c"}, {"id": "b"}, {"id": "a"}]));
    assert_eq!(
        h.markup(),
        "<view>c</view><view>b</view><view>a</view><text>end</text>"
    );
    assert!(
        ops.iter().all(|o| matches!(o, TreeOp::Move { .. })),
        "{ops:?}"
    );
    assert_eq!(ops.len(), 2);
    let ops = h.set("list", json!([{"id": "b"}, {"id": "x"}, {"id": "c"}]));
    assert_eq!(
        h.markup(),
        "<view>b</view><view>x</view><view>c</view><text>end</text>"
    );
    assert_eq!(
        ops.iter()
            .filter(|o| matches!(o, TreeOp::Remove { .. }))
            .count(),
        1
    );
    assert_eq!(
        ops.iter()
            .filter(|o| matches!(o, TreeOp::CreateElement { .. }))
            .count(),
        1
    );
}

#[test]
fn keyed_this_and_expression_keys() {
    let mut h = Harness::new(
        &[(
            "i.wxml",
            "<block wx:for='{{l}}' wx:key='*this'><text>{{item}}</text></block>",
        )],
        json!({"l": ["x", "y"]}),
    );
    let ops = h.set("l", json!(["y", "x", "z"]));
    assert_eq!(h.markup(), "<text>y</text><text>x</text><text>z</text>");
    assert_eq!(
        ops.iter()
            .filter(|o| matches!(o, TreeOp::CreateText { .. }))
            .count(),
        1
    );
    let mut h = Harness::new(
        &[(
            "i.wxml",
            "<view wx:for='{{l}}' wx:key='{{item.k}}'>{{item.k}}</view>",
        )],
        json!({"l": [{"k": 1}, {"k": 2}]}),
    );
    let ops = h.set("l", json!([{"k": 2}, {"k": 1}]));
    assert_eq!(h.markup(), "<view>2</view><view>1</view>");
    assert_eq!(ops.len(), 1);
}

#[test]
fn one_item_update_touches_only_that_item() {
    let list: Vec<Value> = (0..100)
        .map(|i| json!({"id": i, "n": 0, "label": format!("L{i}")}))
        .collect();
    let mut h = Harness::new(
        &[(
            "i.wxml",
            "<view wx:for='{{list}}' wx:key='id' data-idx='{{index}}'>{{index}}. {{item.label}} ({{item.n}})</view>",
        )],
        json!({"list": list}),
    );
    let ops = h.set("list[42].n", json!(7));
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert!(matches!(&ops[0], TreeOp::SetText { text, .. } if text == "42. L42 (7)"));
}

#[test]
fn unkeyed_lists_patch_by_index() {
    let mut h = Harness::new(
        &[("i.wxml", "<view wx:for='{{l}}'>{{item}}</view>")],
        json!({"l": [1, 2, 3]}),
    );
    let ops = h.set("l", json!([1, 5]));
    assert_eq!(h.markup(), "<view>1</view><view>5</view>");
    assert_eq!(ops.len(), 2); // one SetText, one Remove
}

#[test]
fn nested_loops_and_conditions_inside_items() {
    let mut h = Harness::new(
        &[(
            "i.wxml",
            "<view wx:for='{{groups}}' wx:for-item='g' wx:key='name'><text>{{g.name}}</text><view wx:for='{{g.items}}' wx:if='{{item.on}}'>{{g.name}}-{{item.v}}-{{index}}</view></view>",
        )],
        json!({"groups": [{"name": "a", "items": [{"v": 1, "on": true}, {"v": 2, "on": false}]}]}),
    );
    assert_eq!(h.markup(), "<view><text>a</text><view>a-1-0</view></view>");
    h.set("groups[0].items[1].on", json!(true));
    assert_eq!(
        h.markup(),
        "<view><text>a</text><view>a-1-0</view><view>a-2-1</view></view>"
    );
    h.set("groups[0].name", json!("b"));
    assert_eq!(
        h.markup(),
        "<view><text>b</text><view>b-1-0</view><view>b-2-1</view></view>"
    );
    h.set(
        "groups",
        json!([{"name": "c", "items": []}, {"name": "b", "items": [{"v": 9, "on": true}]}]),
    );
    assert_eq!(
        h.markup(),
        "<view><text>c</text></view><view><text>b</text><view>b-9-0</view></view>"
    );
}

#[test]
fn templates_with_data_spread_and_dynamic_names() {
    let mut h = Harness::new(
        &[
            (
                "i.wxml",
                "<import src='t.wxml'/><block wx:for='{{list}}'><template is='{{item.kind}}' data='{{...item, index}}'/></block>",
            ),
            (
                "t.wxml",
                "<template name='a'><text>A{{index}}:{{v}}</text></template><template name='b'><view>B{{index}}:{{v}}</view></template>",
            ),
        ],
        json!({"list": [{"kind": "a", "v": 1}, {"kind": "b", "v": 2}]}),
    );
    assert_eq!(h.markup(), "<text>A0:1</text><view>B1:2</view>");
    h.set("list[0].v", json!(5));
    assert_eq!(h.markup(), "<text>A0:5</text><view>B1:2</view>");
    h.set("list[1].kind", json!("a"));
    assert_eq!(h.markup(), "<text>A0:5</text><text>A1:2</text>");
}

#[test]
fn include_sees_loop_variables() {
    let h = Harness::new(
        &[
            (
                "i.wxml",
                "<block wx:for='{{l}}'><include src='inc'/></block>",
            ),
            ("inc.wxml", "<text>{{item}}-{{index}}</text>"),
        ],
        json!({"l": [1, 2]}),
    );
    assert_eq!(h.markup(), "<text>1-0</text><text>2-1</text>");
}

#[test]
fn undefined_attribute_is_removed_and_null_kept() {
    let mut h = Harness::new(
        &[("i.wxml", "<view data-a='{{a}}' title='x{{a}}y'/>")],
        json!({"a": 1}),
    );
    assert_eq!(h.markup(), r#"<view data-a=1 title="x1y"></view>"#);
    h.set("a", json!(null));
    assert_eq!(h.markup(), r#"<view data-a=null title="xnully"></view>"#);
    let mut d = h.data.clone();
    d.as_object_mut().unwrap().remove("a");
    h.data = d;
    h.inst
        .update(&h.data, &[DataPath::key("a")], &NoWxs, &mut h.sink);
    let ops = h.sink.take();
    h.tree.apply(&ops).unwrap();
    assert_eq!(h.markup(), r#"<view title="xy"></view>"#);
}

struct Fmt;
impl WxsHost for Fmt {
    fn call(&self, _: u32, path: &[String], args: Vec<Value>) -> Result<Value, String> {
        match path {
            [f] if f == "twice" => Ok(json!(args[0].as_f64().unwrap_or(0.0) * 2.0)),
            _ => Err("no such function".into()),
        }
    }
    fn get(&self, _: u32, _: &[String]) -> Option<Value> {
        None
    }
}

#[test]
fn wxs_calls_render_and_failures_warn() {
    let program = compile(&[(
        "i.wxml",
        "<wxs module='m'>module.exports = {}</wxs><view>{{m.twice(n)}} {{m.oops()}}</view>",
    )]);
    let mut inst = TemplateInstance::new(program, 0);
    let mut sink = OpBuffer::starting_at(1);
    let warnings = inst.render(&json!({"n": 4}), &Fmt, &mut sink);
    let mut t = DomTree::new();
    t.apply(&sink.ops).unwrap();
    assert_eq!(t.to_markup(), "<view>8 </view>");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message.contains("no such function"));
}

/// Random keyed and unkeyed list edits (reorders, inserts, removals, nested conditions); after
/// each one the incremental tree must equal a fresh render (checked inside `Harness::set`).
#[test]
fn random_list_edits_match_fresh_renders() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    for template in [
        "<view wx:for='{{l}}' wx:key='id'><text wx:if='{{item.v % 2}}'>{{item.id}}</text><block wx:else>{{item.id}}!</block></view><text>end</text>",
        "<block wx:for='{{l}}' wx:key='id'><text>{{item.id}}</text><text wx:if='{{item.v > 2}}'>+</text></block><text>end</text>",
        "<view wx:for='{{l}}'>{{item.id}}:{{item.v}}</view>",
    ] {
        let mut h = Harness::new(&[("i.wxml", template)], json!({"l": []}));
        for _ in 0..150 {
            let len = rand(8);
            let mut ids: Vec<u64> = Vec::new();
            while (ids.len() as u64) < len {
                let id = rand(10);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let list: Vec<Value> = ids
                .iter()
                .map(|id| json!({"id": id, "v": rand(5)}))
                .collect();
            h.set("l", Value::Array(list));
            if !ids.is_empty() {
                let i = rand(ids.len() as u64);
                h.set(&format!("l[{i}].v"), json!(rand(5)));
            }
        }
    }
}

#[test]
fn duplicated_attributes_keep_the_last_as_wcc_does() {
    let h = Harness::new(
        &[("i.wxml", "<view a='1' a='2' value='{{x}}' value='3'/>")],
        json!({"x": 9}),
    );
    assert_eq!(h.markup(), r#"<view a="2" value="3"></view>"#);
}

#[test]
fn endless_template_recursion_stops_with_a_warning() {
    let program = compile(&[(
        "i.wxml",
        "<template name='t'><view><template is='t'/></view></template><template is='t'/>",
    )]);
    let mut inst = TemplateInstance::new(program, 0);
    let mut sink = OpBuffer::starting_at(1);
    let warnings = inst.render(&json!({}), &NoWxs, &mut sink);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("nests more than"),
        "{warnings:?}"
    );
}

#[test]
fn data_driven_template_recursion_renders_a_tree() {
    let h = Harness::new(
        &[(
            "i.wxml",
            "<template name='node'><view>{{name}}<block wx:for='{{children}}' wx:key='name'><template is='node' data='{{...item}}'/></block></view></template><template is='node' data='{{...root}}'/>",
        )],
        json!({"root": {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}, {"name": "d"}]}}),
    );
    assert_eq!(
        h.markup(),
        "<view>a<view>b<view>c</view></view><view>d</view></view>"
    );
}
