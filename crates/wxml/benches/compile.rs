//! `cargo bench -p mpsim-wxml`: WXML parse+compile throughput on a generated 2,000-line page,
//! and instantiating / updating the list1000 benchmark component. Prints medians.

#![allow(clippy::unwrap_used)]

use mpsim_base::{DataPath, MemVfs};
use mpsim_wxml::expr::eval::NoWxs;
use mpsim_wxml::{CompileOptions, Compiler, OpBuffer, TemplateInstance};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A page like real ones: nested loops, conditions, templates, wxs, bindings, ~2,000 lines.
fn generated_page() -> String {
    let mut s = String::from(
        "<wxs module=\"fmt\">module.exports = { p: function (x) { return x + '!' } }</wxs>\n",
    );
    s.push_str("<template name=\"cell\">\n  <view class=\"cell {{active ? 'on' : ''}}\" data-id=\"{{id}}\">\n    <text>{{title}} &amp; {{fmt.p(sub)}}</text>\n  </view>\n</template>\n");
    let mut lines = s.lines().count();
    let mut i = 0;
    while lines < 2000 {
        s.push_str(&format!(
            "<view class=\"section s{i}\" wx:if=\"{{{{sections[{i}].show && count > {i}}}}}\">\n  <text class=\"h\">{{{{sections[{i}].title}}}} ({{{{count - {i}}}}})</text>\n  <view wx:for=\"{{{{sections[{i}].items}}}}\" wx:key=\"id\" wx:for-item=\"it\" bindtap=\"onTap\" data-idx=\"{{{{index}}}}\">\n    <template is=\"cell\" data=\"{{{{...it, active: it.id === current}}}}\"/>\n    <block wx:for=\"{{{{it.tags}}}}\" wx:key=\"*this\"><text class=\"tag\">#{{{{item}}}}</text></block>\n  </view>\n</view>\n<view wx:elif=\"{{{{loading}}}}\">Loading...</view>\n<view wx:else class=\"empty\" style=\"height: {{{{h}}}}rpx; color: {{{{c || '#999'}}}}\">Nothing</view>\n"
        ));
        lines += 9;
        i += 1;
    }
    s
}

fn bench_compile() {
    let page = generated_page();
    let vfs = MemVfs::new().with("index.wxml", page.as_str());
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let mut c = Compiler::new(&vfs, CompileOptions::default());
        let p = c.compile("index.wxml");
        std::hint::black_box(&p);
        times.push(t.elapsed());
        let d = c.take_diagnostics();
        assert!(d.is_empty(), "{:?}", d.first());
    }
    let m = median(times);
    let mbps = page.len() as f64 / m.as_secs_f64() / 1e6;
    println!(
        "wxml parse+compile: {} lines, {} KB: median {:.2} ms = {:.1} MB/s",
        page.lines().count(),
        page.len() / 1024,
        m.as_secs_f64() * 1e3,
        mbps
    );
}

fn bench_list1000() {
    let wxml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/list1000/components/list1000/index.wxml"))
        .unwrap_or_else(|_| "<view class=\"list\"><view wx:for=\"{{list}}\" wx:key=\"id\" class=\"item\" data-idx=\"{{index}}\" bindtap=\"onTap\">{{index}}. {{item.label}} ({{item.n}})</view></view>".into());
    let vfs = MemVfs::new().with("index.wxml", wxml.as_str());
    let mut c = Compiler::new(&vfs, CompileOptions::default());
    let program = Arc::new(c.compile("index.wxml"));
    let list: Vec<Value> = (0..1000)
        .map(|i| json!({"id": i, "label": format!("Item {i}"), "n": 0}))
        .collect();
    let mut data = json!({ "list": list });
    let mut inst_times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let mut inst = TemplateInstance::new(program.clone(), 0);
        let mut sink = OpBuffer::starting_at(1);
        inst.render(&data, &NoWxs, &mut sink);
        std::hint::black_box(&sink.ops);
        inst_times.push(t.elapsed());
    }
    let mut inst = TemplateInstance::new(program.clone(), 0);
    let mut sink = OpBuffer::starting_at(1);
    inst.render(&data, &NoWxs, &mut sink);
    sink.take();
    let mut upd = Vec::new();
    for k in 0..1000 {
        let i = (k * 37) % 1000;
        data["list"][i]["n"] = json!(k + 1);
        let path = DataPath::parse(&format!("list[{i}].n")).expect("path");
        let t = Instant::now();
        inst.update(&data, &[path], &NoWxs, &mut sink);
        upd.push(t.elapsed());
        assert_eq!(sink.take().len(), 1);
    }
    println!(
        "list1000 instantiate (1,000 items): median {:.3} ms",
        median(inst_times).as_secs_f64() * 1e3
    );
    println!(
        "list1000 update one item (list[i].n): median {:.2} us",
        median(upd).as_secs_f64() * 1e6
    );
}

fn main() {
    bench_compile();
    bench_list1000();
}
