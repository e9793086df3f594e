#![allow(clippy::unwrap_used)]
//! Nothing escapes the sandbox: the app's files stay in its folders, modules in its package,
//! requests in its domain lists, and the host's own objects out of its reach.

mod support;

use mpsim_bridge::ToLogic;
use mpsim_logic::{LaunchOptions, NetRequest, NetResponse, Network};
use std::path::PathBuf;
use std::rc::Rc;
use support::*;

/// Runs `script` in a page's onLoad with `options` and returns the console lines and errors.
fn run(script: &str, extra: &[(&str, &str)], options: LaunchOptions) -> (Vec<String>, Vec<String>) {
    let page = format!("Page({{ onLoad() {{ {script} }} }})");
    let mut files = vec![
        ("app.json", r#"{"pages": ["p/i"]}"#),
        ("app.js", "App({})"),
        ("p/i.wxml", "<view/>"),
        ("p/i.js", page.as_str()),
    ];
    files.extend_from_slice(extra);
    let mut app = launch_with(&files, options);
    settle(&mut app);
    send(&mut app, ToLogic::WaitIdle { budget: 10_000 });
    let trace = app.trace();
    (console_lines(&trace), errors(&trace))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mpsim-sandbox-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn file_calls_cannot_leave_the_app_folders() {
    let dir = scratch("fs");
    let app = dir.join("app");
    let outside = dir.join("outside");
    std::fs::create_dir_all(app.join("usr")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, app.join("usr/link")).unwrap();
    let secret = outside.join("secret.txt").display().to_string();
    let script = format!(
        r#"
        const fs = wx.getFileSystemManager();
        const tryIt = (what, f) => {{ try {{ f(); console.log(what, 'done'); }} catch (e) {{ console.log(what, e.message); }} }};
        tryIt('climb', () => fs.readFileSync('../../outside/secret.txt', 'utf8'));
        tryIt('machine path', () => fs.readFileSync('{secret}', 'utf8'));
        tryIt('etc', () => fs.readFileSync('/etc/passwd', 'utf8'));
        tryIt('usr climb', () => fs.readFileSync(wx.env.USER_DATA_PATH + '/../../outside/secret.txt', 'utf8'));
        tryIt('write climb', () => fs.writeFileSync(wx.env.USER_DATA_PATH + '/../x.txt', 'x'));
        tryIt('write package', () => fs.writeFileSync('/p/i.js', 'hacked'));
        tryIt('write url', () => fs.writeFileSync('https://a.com/x', 'x'));
        tryIt('link read', () => fs.readFileSync(wx.env.USER_DATA_PATH + '/link/secret.txt', 'utf8'));
        tryIt('link write', () => fs.writeFileSync(wx.env.USER_DATA_PATH + '/link/new.txt', 'x'));
        tryIt('link list', () => fs.readdirSync(wx.env.USER_DATA_PATH + '/link'));
        tryIt('link rename', () => fs.renameSync(wx.env.USER_DATA_PATH + '/link/secret.txt', wx.env.USER_DATA_PATH + '/got.txt'));
        tryIt('unknown folder', () => fs.writeFileSync('wxfile://data/x', 'x'));
        tryIt('package copy', () => fs.copyFileSync('/p/i.wxml', wx.env.USER_DATA_PATH + '/copy.wxml'));
        tryIt('own file', () => console.log(fs.readFileSync(wx.env.USER_DATA_PATH + '/copy.wxml', 'utf8')));
        "#
    );
    let options = LaunchOptions {
        user_folder: Some(app.clone()),
        ..Default::default()
    };
    let (log, errors) = run(&script, &[], options);
    assert_eq!(errors, Vec::<String>::new());
    let denied = |what: &str, how: &str, path: &str| {
        format!("{what} {how}:fail permission denied, open {path}")
    };
    let link = if cfg!(unix) {
        "permission denied"
    } else {
        "no such file or directory"
    };
    assert_eq!(
        log,
        [
            denied("climb", "readFile", "../../outside/secret.txt"),
            format!("machine path readFile:fail no such file or directory, open {secret}"),
            "etc readFile:fail no such file or directory, open /etc/passwd".into(),
            denied(
                "usr climb",
                "readFile",
                "wxfile://usr/../../outside/secret.txt"
            ),
            denied("write climb", "writeFile", "wxfile://usr/../x.txt"),
            denied("write package", "writeFile", "/p/i.js"),
            denied("write url", "writeFile", "https://a.com/x"),
            format!("link read readFile:fail {link}, open wxfile://usr/link/secret.txt"),
            format!("link write writeFile:fail {link}, open wxfile://usr/link/new.txt"),
            format!("link list readdir:fail {link} wxfile://usr/link"),
            format!(
                "link rename rename:fail {link}, rename wxfile://usr/link/secret.txt -> wxfile://usr/got.txt"
            ),
            denied("unknown folder", "writeFile", "wxfile://data/x"),
            "package copy done".into(),
            "<view/>".into(),
            "own file done".into(),
        ]
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.txt")).unwrap(),
        "secret"
    );
    let left: Vec<_> = std::fs::read_dir(&outside)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(!dir.join("x.txt").exists() && !app.join("x.txt").exists());
    assert!(app.join("usr/copy.wxml").is_file());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn require_outside_the_package_is_refused() {
    let script = r#"
        for (const m of ['../../../etc/passwd', '/../x', 'fs', 'child_process']) {
          try { require(m); console.log(m, 'loaded'); } catch (e) { console.log(e.message); }
        }
    "#;
    let (log, errors) = run(script, &[], LaunchOptions::default());
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        log,
        [
            "require('../../../etc/passwd') from p/i.js: the path leaves the project, which mini-programs cannot do",
            "require('/../x') from p/i.js: the path leaves the project, which mini-programs cannot do",
            // Node's built-in modules do not exist on the phone: only the package's files.
            "module 'p/fs' is not defined, require args is 'fs' (from p/i.js)",
            "module 'p/child_process' is not defined, require args is 'child_process' (from p/i.js)",
        ]
    );
}

/// A network that answers everything, with one domain configured for requests.
struct OneDomain;

impl Network for OneDomain {
    fn fetch(&self, _: &NetRequest) -> NetResponse {
        NetResponse::Ok {
            status: 200,
            header: Default::default(),
            data: serde_json::json!("ok"),
            delay: 0,
        }
    }
    fn domains(&self, _: &str) -> Option<Vec<String>> {
        Some(vec!["https://api.shop.com".into()])
    }
}

#[test]
fn requests_outside_the_domain_list_fail() {
    let script = r#"
        for (const url of ['https://api.shop.com/items', 'https://evil.com/steal', 'https://api.shop.com.evil.com/x', 'file:///etc/passwd', 'http://127.0.0.1/x']) {
          wx.request({ url, success: (r) => console.log(url, r.data), fail: (e) => console.log(url, e.errMsg) });
        }
    "#;
    let options = LaunchOptions {
        network: Some(Rc::new(OneDomain)),
        ..Default::default()
    };
    let (log, errors) = run(script, &[], options);
    assert_eq!(errors, Vec::<String>::new());
    let mut log = log;
    log.sort();
    assert_eq!(
        log,
        [
            "file:///etc/passwd request:fail invalid url \"file:///etc/passwd\"",
            "http://127.0.0.1/x request:fail url not in domain list",
            "https://api.shop.com.evil.com/x request:fail url not in domain list",
            "https://api.shop.com/items ok",
            "https://evil.com/steal request:fail url not in domain list",
        ]
    );
}

#[test]
fn host_objects_are_out_of_reach() {
    let script = r#"
        const g = Function('return this')();
        console.log(typeof __native, typeof g.__native, (0, eval)('typeof __native'), typeof g.__wasm, typeof g.__apiNames);
        console.log(typeof process, typeof g.require === 'function' ? 'module require' : 'none', Object.keys(g).filter((k) => /native/i.test(k)).join() || 'no natives');
    "#;
    let (log, errors) = run(script, &[], LaunchOptions::default());
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        log,
        [
            "undefined undefined undefined undefined undefined",
            "undefined none no natives",
        ]
    );
}
