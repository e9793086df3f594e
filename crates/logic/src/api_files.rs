//! What keeps a launch from paying for the whole API: the API files that run on first use
//! rather than at launch (`need` in `js/api.js`: platform.js, media.js, canvas.js,
//! queries.js and automation.js; parsing them was about a third of a launch, and most apps
//! use few of the calls they serve), and the typings' names sorted by the kind of stub
//! surface.js gives those mpsim does not serve (done here: matching them in JS was 2 ms of
//! every launch).
//!
//! Each lazy file is a function expression that `need` calls with the global object, the API
//! kit and the natives. Like the files a launch runs (`void function (global) {...}(...)`),
//! it is not wrapped in parentheses (`0, function (...) {...}`): boa's parser copies a
//! parenthesized expression whole, which was 2% of a launch.

use crate::js::{self, arg_string};
use boa_engine::{Context, JsResult, JsValue};

const PLATFORM_JS: &str = include_str!("js/platform.js");
const MEDIA_JS: &str = include_str!("js/media.js");
const CANVAS_JS: &str = include_str!("js/canvas.js");
const AUTOMATION_JS: &str = include_str!("js/automation.js");
const QUERIES_JS: &str = include_str!("js/queries.js");
/// The names each of those files serves, one file a line (`media: createVideoContext ...`):
/// what surface.js puts a stub under before the file runs.
const LAZY_NAMES: &str = include_str!("js/lazy_names.txt");

/// The `wx.*` names of the official typings (miniprogram-api-typings 5.2.3), one a line.
const API_NAMES: &str = include_str!("js/api_names.txt");

/// Words that mark a `create*`/`get*` name as a factory of an object with methods.
const OBJECT_WORDS: &[&str] = &[
    "Context",
    "Manager",
    "Task",
    "Animation",
    "Observer",
    "Worker",
    "Recorder",
    "Audio",
    "Camera",
    "Player",
    "Pusher",
    "Map",
    "Editor",
    "Socket",
];

/// What a name's stub does when mpsim does not serve it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StubKind {
    /// `onX`/`offX`: registers and stays quiet.
    Listener,
    /// `xSync`: throws.
    Sync,
    /// `createX`, or `getX` of a context or manager: warns and returns an inert object.
    Object,
    /// Anything else: fails through its callbacks or its promise.
    Async,
}

/// `name` starts with `prefix` and an upper-case letter (`onShow`, not `online`).
fn starts_word(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_uppercase())
}

fn stub_kind(name: &str) -> StubKind {
    if starts_word(name, "on") || starts_word(name, "off") {
        return StubKind::Listener;
    }
    if name.ends_with("Sync") {
        return StubKind::Sync;
    }
    let factory = ["create", "get"].iter().any(|p| {
        starts_word(name, p)
            && name
                .get(p.len() + 1..)
                .is_some_and(|rest| OBJECT_WORDS.iter().any(|w| rest.contains(w)))
    });
    if factory || starts_word(name, "create") {
        StubKind::Object
    } else {
        StubKind::Async
    }
}

/// The typings' names for surface.js, each after its stub kind: `listener onX`. (An array:
/// boa's `split` of one long string was a millisecond of every launch.)
pub fn api_names(ctx: &mut Context) -> JsValue {
    let lines = API_NAMES
        .lines()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| {
            let kind = match stub_kind(name) {
                StubKind::Listener => "listener",
                StubKind::Sync => "sync",
                StubKind::Object => "object",
                StubKind::Async => "async",
            };
            js::str_value(&format!("{kind} {name}"))
        })
        .collect::<Vec<_>>();
    js::array_of(lines, ctx)
}

/// `__native.apiFile(name)`: the function of API file `name`, for `need` to call.
pub fn api_file(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let name = arg_string(args, 0, ctx);
    let code = match name.as_str() {
        "platform" => PLATFORM_JS,
        "media" => MEDIA_JS,
        "canvas" => CANVAS_JS,
        "automation" => AUTOMATION_JS,
        "queries" => QUERIES_JS,
        _ => return Err(js::type_error(format!("no API file named {name}"))),
    };
    js::eval(ctx, code, &format!("mpsim/{name}.js"))
}

/// `__native.lazyNames()`: lazy_names.txt as `[file, [name...]]` pairs.
pub fn lazy_names(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let files = LAZY_NAMES
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(file, names)| {
            let names = names
                .split_whitespace()
                .map(js::str_value)
                .collect::<Vec<_>>();
            let names = js::array_of(names, ctx);
            js::array_of([js::str_value(file.trim()), names], ctx)
        })
        .collect::<Vec<_>>();
    Ok(js::array_of(files, ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_get_the_stub_their_shape_calls_for() {
        use StubKind::*;
        for (name, kind) in [
            ("onBLECharacteristicValueChange", Listener),
            ("offNetworkStatusChange", Listener),
            ("getBatteryInfoSync", Sync),
            ("createBLEConnection", Object),
            ("getRecorderManager", Object),
            ("createContext", Object),
            ("getSetting", Async),
            ("openBluetoothAdapter", Async),
        ] {
            assert_eq!(stub_kind(name), kind, "{name}");
        }
        assert!(API_NAMES.contains("\nopenBluetoothAdapter\n"));
    }
}
