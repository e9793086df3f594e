#![allow(clippy::unwrap_used)]
//! The calls the phone or its user answers (account, location, album, payment, cloud,
//! update check) and the objects apps create (files, audio, animations, ads), with and
//! without mock rules.

mod support;

use mpsim_bridge::ToLogic;
use mpsim_logic::platform::{AlbumFile, CloudFunction, PlatformMocks};
use mpsim_logic::{LaunchOptions, NetRequest, NetResponse, Network};
use serde_json::json;
use std::rc::Rc;
use support::*;

/// A 2x1 PNG: the album's only photo in these tests.
fn photo() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&2u32.to_be_bytes());
    png.extend_from_slice(&1u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0]);
    png
}

struct Mocks(PlatformMocks);

impl Network for Mocks {
    fn fetch(&self, _: &NetRequest) -> NetResponse {
        NetResponse::Fail {
            message: "offline".into(),
            delay: 0,
        }
    }
    fn platform(&self) -> PlatformMocks {
        self.0.clone()
    }
    fn album_file(&self, name: &str) -> Option<Vec<u8>> {
        (name == "cat.png").then(photo)
    }
}

/// Runs `script` in a page's onLoad, lets its answers arrive, and returns the console lines
/// and the errors of the run.
fn run(script: &str, mocks: Option<PlatformMocks>) -> (Vec<String>, Vec<String>) {
    let page = format!("Page({{ onLoad() {{ {script} }} }})");
    let files = [
        ("app.json", r#"{"pages": ["p/i"]}"#),
        ("app.js", "App({})"),
        ("p/i.wxml", "<view/>"),
        ("p/i.js", page.as_str()),
    ];
    let options = LaunchOptions {
        network: mocks.map(|m| Rc::new(Mocks(m)) as Rc<dyn Network>),
        ..Default::default()
    };
    let mut app = launch_with(&files, options);
    settle(&mut app);
    send(&mut app, ToLogic::WaitIdle { budget: 10_000 });
    send(&mut app, ToLogic::Hide);
    send(&mut app, ToLogic::Show);
    let trace = app.trace();
    (console_lines(&trace), errors(&trace))
}

#[test]
fn without_rules_the_phone_answers_as_a_fresh_install() {
    let (log, errors) = run(
        r#"
        wx.login().then((r) => console.log('login', r.code));
        wx.getSetting({ success: (r) => console.log('setting', r.authSetting['scope.userLocation']) });
        wx.getLocation().then((r) => console.log('location', r.latitude, r.longitude));
        wx.chooseImage({ fail: (e) => console.log(e.errMsg) });
        wx.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'MD5', paySign: 's' }).then((r) => console.log(r.errMsg));
        wx.getUpdateManager().onCheckForUpdate((r) => console.log('update', r.hasUpdate));
        wx.cloud.init();
        wx.cloud.callFunction({ name: 'login' }).catch((e) => console.log('cloud', e.errMsg.slice(0, 28)));
        wx.onAppShow(() => console.log('app shown'));
        wx.onAppHide(() => console.log('app hidden'));
        console.log('base64', wx.arrayBufferToBase64(new Uint8Array([104, 105]).buffer), new Uint8Array(wx.base64ToArrayBuffer('aGk=')).join());
        "#,
        None,
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        log,
        [
            "base64 aGk= 104,105",
            // Callbacks run before the promise form's reactions.
            "setting true",
            "chooseImage:fail cancel",
            "login mpsim-login-code-1",
            "location 39.908823 116.39747",
            "requestPayment:ok",
            "cloud cloud.callFunction:fail Erro",
            "update false",
            "app hidden",
            "app shown",
        ]
    );
}

#[test]
fn mock_rules_answer_account_location_album_payment_and_cloud() {
    let mut m = PlatformMocks::default();
    m.login.code = Some("code-from-rules".into());
    m.permissions.insert("scope.userLocation".into(), false);
    m.album.push(AlbumFile {
        name: "cat.png".into(),
        size: 33,
        kind: "image".into(),
        width: 2,
        height: 1,
    });
    m.payment.fail = Some("cancel".into());
    m.cloud.functions.insert(
        "getGoods".into(),
        CloudFunction {
            result: json!({"total": 2}),
            ..Default::default()
        },
    );
    m.cloud.collections.insert(
        "goods".into(),
        vec![
            json!({"_id": "a", "name": "tea", "price": 30, "tag": "drink"}),
            json!({"_id": "b", "name": "cake", "price": 12, "tag": "food"}),
            json!({"_id": "c", "name": "milk", "price": 8, "tag": "drink"}),
        ],
    );
    let (log, errors) = run(
        r#"
        wx.login({ success: (r) => console.log('login', r.code) });
        wx.getLocation({ fail: (e) => console.log(e.errMsg) });
        wx.authorize({ scope: 'scope.userLocation' }).catch((e) => console.log(e.errMsg));
        wx.chooseImage({ count: 3 }).then((r) => {
          console.log('picked', r.tempFilePaths.join(), r.tempFiles[0].size);
          return wx.getImageInfo({ src: r.tempFilePaths[0] });
        }).then((i) => console.log('info', i.width, i.height, i.type));
        wx.requestPayment({ fail: (e) => console.log(e.errMsg) });
        wx.cloud.callFunction({ name: 'getGoods' }).then((r) => console.log('fn', r.result.total));
        // The cloud SDK returns its promise also when given callbacks.
        wx.cloud.callFunction({ name: 'getGoods', success: () => {} }).then((r) => console.log('both', r.result.total));
        const db = wx.cloud.database();
        const _ = db.command;
        db.collection('goods').where({ tag: 'drink', price: _.gt(10) }).get().then((r) => console.log('where', r.data.map((d) => d.name).join()));
        db.collection('goods').orderBy('price', 'asc').limit(2).get().then((r) => console.log('ordered', r.data.map((d) => d.name).join()));
        db.collection('goods').where({ price: _.lt(20) }).count().then((r) => console.log('count', r.total));
        db.collection('goods').doc('b').get().then((r) => console.log('doc', r.data.name));
        db.collection('goods').doc('zz').get().catch((e) => console.log('missing', e.errMsg.slice(0, 17)));
        db.collection('goods').add({ data: { name: 'jam', price: 5 } })
          .then(() => db.collection('goods').doc('a').update({ data: { price: _.inc(1) } }))
          .then(() => db.collection('goods').where({ price: _.in([5, 31]) }).get())
          .then((r) => console.log('after writes', r.data.map((d) => d.name + d.price).join()));
        "#,
        Some(m),
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        log,
        [
            "login code-from-rules",
            "getLocation:fail auth deny",
            "requestPayment:fail cancel",
            "authorize:fail auth deny",
            "picked wxfile://tmp/1.png 33",
            "fn 2",
            "both 2",
            "where tea",
            "ordered milk,cake",
            "count 2",
            "doc cake",
            "missing document.get:fail",
            "info 2 1 png",
            "after writes tea31,jam5",
        ]
    );
}

#[test]
fn files_audio_animations_and_ads_behave_as_documented() {
    let (log, errors) = run(
        r#"
        const fs = wx.getFileSystemManager();
        const dir = wx.env.USER_DATA_PATH + '/notes';
        fs.mkdirSync(dir);
        fs.writeFileSync(dir + '/a.txt', '你好', 'utf8');
        fs.appendFileSync(dir + '/a.txt', '!', 'utf8');
        console.log('read', fs.readFileSync(dir + '/a.txt', 'utf8'), fs.statSync(dir + '/a.txt').size, fs.readdirSync(dir).join());
        try { fs.readFileSync(dir + '/none.txt', 'utf8'); } catch (e) { console.log(e.message); }
        fs.readFile({ filePath: '/p/i.wxml', encoding: 'utf8', success: (r) => console.log('package', r.data) });
        fs.access({ path: dir + '/b.txt', fail: (e) => console.log(e.errMsg.slice(0, 17)) });
        const audio = wx.createInnerAudioContext();
        audio.onPlay(() => console.log('playing', audio.paused));
        audio.src = 'https://a.com/x.mp3';
        audio.play();
        const a = wx.createAnimation({ duration: 300 });
        a.translateX(10).opacity(0.5).step().rotate(45).step({ duration: 100 });
        const out = a.export();
        console.log('animation', out.actions.length, out.actions[0].animates[1].args.join(), out.actions[1].option.transition.duration);
        const ad = wx.createInterstitialAd({ adUnitId: 'x' });
        ad.onError((e) => console.log('ad', e.errCode));
        ad.show().catch((e) => console.log('show', e.errCode));
        const canvas = wx.createOffscreenCanvas({ type: '2d', width: 80, height: 60 });
        canvas.getContext('2d').fillRect(0, 0, 10, 10);
        wx.canvasToTempFilePath({ canvas, destWidth: 40, destHeight: 30, success: (r) => wx.getImageInfo({ src: r.tempFilePath, success: (i) => console.log('canvas', i.width, i.height) }) });
        wx.canvasToTempFilePath({ canvasId: 'none', fail: (e) => console.log(e.errMsg) });
        "#,
        None,
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        log,
        [
            "read 你好! 7 a.txt",
            "readFile:fail no such file or directory, open wxfile://usr/notes/none.txt",
            "animation 2 opacity,0.5 100",
            "package <view/>",
            "access:fail no su",
            "show 1004",
            "playing false",
            "ad 1004",
            "ad 1004",
            "canvas 40 30",
            "canvasToTempFilePath:fail canvas is empty",
        ]
    );
}

#[test]
fn legacy_regexp_statics_follow_the_last_match_as_on_the_phone() {
    // The date-format helper of many apps: RegExp.$1 after test() and replace().
    let (log, errors) = run(
        r#"
        Date.prototype.format = function (f) {
          if (/(y+)/.test(f)) f = f.replace(RegExp.$1, String(this.getFullYear()).substr(4 - RegExp.$1.length));
          return f;
        };
        console.log(new Date(2024, 0, 1).format('yy/MM'));
        /(\d+)-(\d+)/.exec('a 12-34 b');
        console.log(RegExp.$2, RegExp.lastMatch, RegExp.leftContext, RegExp.rightContext, RegExp.lastParen);
        /nomatch/.test('x');
        console.log(RegExp.$1);
        "#,
        None,
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(log, ["24/MM", "34 12-34 a   b 34", "12"]);
}

#[test]
fn this_in_arrows_inside_arrows_is_the_enclosing_functions() {
    // boa 0.22 alone gets this wrong; modules are rewritten before they run (arrows.rs).
    let (log, errors) = run(
        r#"
        const page = this;
        new Promise((resolve) => {
          wx.getSystemInfo({ success: (res) => { console.log('page', this === page, typeof this.setData); resolve(); } });
        });
        const o = { m() { return [1].map(() => [1].map(() => this === o)[0])[0]; } };
        console.log('method', o.m());
        "#,
        None,
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(log, ["method true", "page true function"]);
}

#[test]
fn next_tick_runs_once_set_data_has_reached_the_component_tree() {
    // vant's pickers: setData, then on wx.nextTick select the columns the template made.
    let files = [
        (
            "app.json",
            r#"{"pages": ["p/i"], "usingComponents": {"pk": "/c/pk", "col": "/c/col"}}"#,
        ),
        ("app.js", "App({})"),
        ("p/i.wxml", "<pk id='pk'/>"),
        ("p/i.js", "Page({})"),
        ("c/pk.json", r#"{"component": true}"#),
        ("c/pk.wxml", "<col class='c' wx:for='{{cols}}'/>"),
        (
            "c/pk.js",
            "Component({ data: { cols: [] }, lifetimes: { attached() { this.setData({ cols: [1, 2] }); wx.nextTick(() => console.log('columns', this.selectAllComponents('.c').length)); Promise.resolve().then(() => console.log('microtask', this.selectAllComponents('.c').length)); } } })",
        ),
        ("c/col.json", r#"{"component": true}"#),
        ("c/col.wxml", "<view/>"),
        ("c/col.js", "Component({})"),
    ];
    let app = launch(&files, None);
    let trace = app.trace();
    assert_eq!(errors(&trace), Vec::<String>::new());
    assert_eq!(console_lines(&trace), ["microtask 0", "columns 2"]);
}

#[test]
fn date_strings_parse_as_on_the_phone() {
    let (log, errors) = run(
        r#"
        const t = (s) => { const d = new Date(s); return isNaN(d.getTime()) ? 'NaN' : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()].join('.'); };
        console.log(t('2020/05/19'), t('2020/5/9 08:30'), t('2020/05/19 12:30:45'), t('05/19/2020'), t('May 19, 2020'));
        // iOS refuses a space between an ISO date and its time, and so does mpsim's iPhone.
        console.log(t('2020-05-19'), t('2020-05-19 12:30:00'), t('2020/13/01'), String(Date.parse('2020/05/19') === new Date(2020, 4, 19).getTime()));
        "#,
        None,
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        log,
        [
            "2020.5.19.0.0.0 2020.5.9.8.30.0 2020.5.19.12.30.45 2020.5.19.0.0.0 2020.5.19.0.0.0",
            "2020.5.19.0.0.0 NaN NaN true",
        ]
    );
}

#[test]
fn sockets_reach_the_scripted_servers_and_no_other() {
    let m = PlatformMocks {
        sockets: vec![mpsim_logic::platform::SocketScript {
            url: "wss://live.shop.com/room/*".into(),
            messages: vec![
                mpsim_logic::platform::SocketMessage {
                    data: "welcome".into(),
                    delay: 10,
                },
                mpsim_logic::platform::SocketMessage {
                    data: "gift:rocket".into(),
                    delay: 500,
                },
            ],
            replies: vec![mpsim_logic::platform::SocketReply {
                when: "ping".into(),
                data: "pong".into(),
                delay: 5,
            }],
            echo: true,
            close_after: Some(2_000),
        }],
        ..Default::default()
    };
    let (log, errors) = run(
        r#"
        const t = wx.connectSocket({ url: 'wss://live.shop.com/room/7' });
        t.onOpen(() => { console.log('open'); t.send({ data: 'ping' }); t.send({ data: 'hello' }); });
        t.onMessage((m) => console.log('got', m.data, Date.now() - start));
        t.onClose((c) => console.log('closed', c.code));
        const start = Date.now();
        const other = wx.connectSocket({ url: 'wss://elsewhere.com/x' });
        other.onError((e) => console.log('other', e.errMsg));
        other.onClose((c) => console.log('other closed', c.code));
        "#,
        Some(m),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        log,
        [
            "open",
            "other no socket server in the mock rules matches wss://elsewhere.com/x",
            "other closed 1006",
            "got hello 0",
            "got pong 5",
            "got welcome 10",
            "got gift:rocket 510",
            "closed 1000"
        ]
    );
}
