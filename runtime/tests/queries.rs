#![allow(clippy::unwrap_used)]
//! Selector queries (and pageScrollTo, which uses one) are answered after the task's template
//! updates, from the view's layout, as on the phone: a query made right after a setData sees
//! what that setData renders.

use mpsim::{LaunchOptions, Simulator};

/// Runs a one-page app with this template and script until it is idle, and returns what it
/// logged (each console line's arguments as JSON).
fn console_of(name: &str, wxml: &str, js: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("mpsim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("app.json"), r#"{"pages": ["p/i"]}"#).unwrap();
    std::fs::write(dir.join("app.js"), "App({})").unwrap();
    std::fs::write(dir.join("p/i.wxml"), wxml).unwrap();
    std::fs::write(dir.join("p/i.js"), js).unwrap();
    let mut sim = Simulator::launch(&dir, LaunchOptions::default()).unwrap();
    sim.wait_idle(1000);
    let said = sim
        .take_trace()
        .iter()
        .filter(|l| l["type"] == "console")
        .map(|l| l["args"].to_string())
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    said
}

#[test]
fn a_query_after_set_data_sees_the_update() {
    let said = console_of(
        "a-query",
        "<view class='{{cls}}' style='height: 40px'>x</view>",
        "Page({ data: { cls: '' }, onLoad() { this.setData({ cls: 'box' }); wx.createSelectorQuery().select('.box').boundingClientRect((r) => console.log('found', String(!!r), r ? String(r.height) : '')).exec() } })",
    );
    assert_eq!(said, [r#"["found","true","40"]"#]);
}

#[test]
fn page_scroll_to_a_selector_scrolls_the_view_and_fires_on_page_scroll() {
    let said = console_of(
        "page-scroll",
        "<view style='height: 500px'>a</view><view id='b' style='height: 2000px'>b</view>",
        "Page({ onReady() { wx.pageScrollTo({ selector: '#b', offsetTop: -20 }).then((r) => console.log(r.errMsg)) }, onPageScroll(e) { console.log('scrolled', String(e.scrollTop)) } })",
    );
    assert_eq!(said, [r#"["pageScrollTo:ok"]"#, r#"["scrolled","480"]"#]);
}

#[test]
fn inline_text_elements_answer_with_the_box_of_their_text() {
    let said = console_of(
        "inline-text",
        "<view style='height: 30px'>top</view><view><text class='t' style='font-size: 20px'>hello</text></view>",
        "Page({ onReady() { wx.createSelectorQuery().select('.t').boundingClientRect((r) => console.log(String(!!r), r ? String(r.top) : '', r ? String(r.height > 0) : '')).exec() } })",
    );
    assert_eq!(said, [r#"["true","30","true"]"#]);
}

#[test]
fn fields_with_node_give_the_canvas_node() {
    let said = console_of(
        "fields-with",
        "<canvas id='c' type='2d' style='width: 100px; height: 50px'/>",
        "Page({ onReady() { wx.createSelectorQuery().select('#c').fields({ node: true, size: true }).exec((r) => console.log(typeof r[0].node.getContext, String(r[0].width))) } })",
    );
    assert_eq!(said, [r#"["function","100"]"#]);
}

/// The Canvas a query gives behaves as the HTML canvas apps are written against: one object
/// per node, a 300 x 150 bitmap until sized, pixels read back as drawn, state that saves and
/// restores, exports, images that load or fail.
#[test]
fn the_canvas_node_draws_and_reads_back() {
    let js = r#"
    Page({ onReady() {
      const q = () => wx.createSelectorQuery().select('#c').node();
      q().exec((first) => q().exec((second) => {
        const canvas = first[0].node;
        console.log('same', String(canvas === second[0].node), String(canvas.width), String(canvas.height));
        canvas.width = 20; canvas.height = 10;
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ff0000';
        ctx.fillRect(0, 0, 5, 5);
        ctx.save(); ctx.fillStyle = 'blue'; ctx.restore();
        const p = new Path2D(); p.rect(10, 0, 5, 5); ctx.fill(p);
        ctx.beginPath(); ctx.rect(0, 5, 4, 4);
        console.log('hit', String(ctx.isPointInPath(p, 12, 2)), String(ctx.isPointInPath(p, 1, 8)), String(ctx.isPointInPath(1, 8)));
        const d = ctx.getImageData(0, 0, 20, 10).data;
        console.log('pixels', d[0] + ',' + d[1] + ',' + d[3], String(d[(2 * 20 + 12) * 4]), String(d[(8 * 20 + 8) * 4 + 3]), ctx.fillStyle);
        const img = ctx.createImageData(1, 1); img.data.set([0, 255, 0, 255]);
        ctx.putImageData(img, 19, 9);
        console.log('put', String(ctx.getImageData(19, 9, 1, 1).data[1]));
        console.log('measure', String(ctx.measureText('abc').width > 0), ctx.canvas === canvas ? 'ctx.canvas' : '');
        console.log('url', canvas.toDataURL().slice(0, 22));
        try { ctx.arc(0, 0, -1, 0, 1); } catch (e) { console.log('throws', e.message.split(':')[0]); }
        canvas.width = 20;
        console.log('cleared', String(ctx.getImageData(0, 0, 1, 1).data[3]), ctx.fillStyle);
        const missing = canvas.createImage();
        missing.onerror = () => console.log('image', 'error');
        missing.src = '/nope.png';
      }));
    } })"#;
    let said = console_of(
        "canvas-node",
        "<canvas id='c' type='2d' style='width: 100px; height: 50px'/>",
        js,
    );
    assert_eq!(
        said,
        [
            r#"["same","true","300","150"]"#,
            r#"["hit","true","false","true"]"#,
            r##"["pixels","255,0,255","255","0","#ff0000"]"##,
            r#"["put","255"]"#,
            r#"["measure","true","ctx.canvas"]"#,
            r#"["url","data:image/png;base64,"]"#,
            r#"["throws","IndexSizeError"]"#,
            r##"["cleared","0","#000000"]"##,
            r#"["image","error"]"#,
        ]
    );
}

/// `vh` and `vw` are percents of the window the page is laid out in (below the navigation
/// bar), not of a fixed 375 x 667 screen.
#[test]
fn viewport_units_measure_the_window() {
    let said = console_of(
        "viewport-units",
        "<view id='v' style='height: 100vh; width: 50vw'/>",
        "Page({ onReady() { const h = wx.getSystemInfoSync().windowHeight; wx.createSelectorQuery().select('#v').boundingClientRect((r) => console.log(String(r.height === h), String(r.width))).exec() } })",
    );
    // Boxes are rounded to whole pixels, as taffy places them.
    assert_eq!(said, [r#"["true","188"]"#]);
}

/// Bad arguments to canvas calls are what apps pass by mistake: each is ignored or throws as
/// a browser does, and nothing takes the process down or its memory.
#[test]
fn a_canvas_survives_bad_arguments() {
    let js = r#"
    Page({ onReady() {
      wx.createSelectorQuery().select('#c').node().exec((r) => {
        const canvas = r[0].node;
        const ctx = canvas.getContext('2d');
        const tries = [
          () => { canvas.width = -5; canvas.height = NaN; },
          () => ctx.drawImage(undefined, 0, 0),
          () => ctx.drawImage({}, NaN, Infinity),
          () => ctx.arc(Infinity, 0, 5, 0, 7),
          () => ctx.arc(0, 0, 5, 0, 1e12),
          () => ctx.fillText(undefined, 0, 0),
          () => ctx.fillText('x', 0, 0, -1),
          () => { ctx.font = 'bold 1e9px serif'; ctx.fillText('big', 0, 0); },
          () => ctx.setLineDash([1, -1]),
          () => ctx.setLineDash([0, 0]),
          () => ctx.getImageData(0, 0, 1e9, 1e9),
          () => ctx.getImageData(0, 0, 0, 5),
          () => ctx.putImageData({ width: 3, height: 3, data: new Uint8ClampedArray(5) }, 0, 0),
          () => ctx.putImageData(null, 0, 0),
          () => ctx.createImageData(1e5, 1e5),
          () => ctx.transform(NaN, 0, 0, 1, 0, 0),
          () => { ctx.fillStyle = { nope: 1 }; ctx.fillRect(0, 0, 1, 1); },
          () => ctx.createLinearGradient(0, 0, 0, 0).addColorStop(2, 'red'),
          () => canvas.toDataURL('image/jpeg', 7),
          () => { canvas.width = 1e9; canvas.height = 1e9; },
        ];
        let thrown = 0;
        tries.forEach((t) => { try { t(); } catch (e) { thrown++; } });
        canvas.width = 4; canvas.height = 4;
        ctx.fillRect(0, 0, 4, 4);
        console.log('still drawing', String(ctx.getImageData(1, 1, 1, 1).data[3]), String(thrown > 0));
      });
    } })"#;
    let said = console_of("canvas-bad", "<canvas id='c' type='2d'/>", js);
    assert_eq!(said, [r#"["still drawing","255","true"]"#]);
}
