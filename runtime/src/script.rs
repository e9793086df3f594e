//! Actions scripts: a JSON array of steps, run in order, each until the app is idle.
//!
//! ```text
//! {"tap": SELECTOR}                      the user taps the first matching node
//! {"input": SELECTOR, "value": TEXT}     the user types into an input
//! {"scroll": "page", "top": PX}          the page scrolls to `top` (onPageScroll, onReachBottom)
//! {"scroll": SELECTOR, "top": PX, "left": PX}   a scroll-view scrolls (scroll, scrolltolower...)
//! {"tab": INDEX}                         the user taps a tabBar item
//! {"back": true}                         the user presses back
//! {"hide": true} / {"show": true}        the app goes to the background / comes back
//! {"advance": MS}                        virtual time moves on
//! {"modal": "confirm"|"cancel"}        the user answers the modal on screen
//! {"actionSheet": INDEX|"cancel"}        ... or the action sheet
//! {"waitIdle": MS}                       time runs until no timer or network answer is due
//!                                        (at most MS)
//! {"navigateTo"|"redirectTo"|"switchTab"|"reLaunch": URL}
//! {"navigateBack": DELTA}                app code goes back DELTA pages
//! {"event": NAME, "target": SELECTOR, "detail": {...}}   any other event from the view
//! {"pullDownRefresh": true} / {"reachBottom": true} / {"share": true}
//! {"resize": {"width": W, "height": H}}
//! {"screenshot": "NAME.png"} / {"tree": "NAME.tree.json"}
//!                                        checkpoints for `mpsim test` (see [`crate::suite`]):
//!                                        the screen or the page's tree is compared here with
//!                                        `expected/NAME...`; a plain run skips them
//! ```

use crate::Simulator;
use serde_json::Value;

pub fn run_step(sim: &mut Simulator, step: &Value) -> Result<(), String> {
    let obj = step.as_object().ok_or("a step must be a JSON object")?;
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(sel) = text("tap") {
        return sim.tap(&sel);
    }
    if let Some(sel) = text("input") {
        return sim.input(&sel, &text("value").unwrap_or_default());
    }
    if let Some(target) = obj.get("scroll") {
        let num = |k: &str| obj.get(k).and_then(Value::as_f64).unwrap_or(0.0) as f32;
        return match target.as_str().unwrap_or("page") {
            "page" => {
                sim.scroll_page(num("top"));
                Ok(())
            }
            selector => sim.scroll_view(selector, num("left"), num("top")),
        };
    }
    if let Some(i) = obj.get("tab").and_then(Value::as_u64) {
        return sim.tab(i as usize);
    }
    if let Some(found) = Checkpoint::of(step) {
        // Compared by the suite runner; nothing happens to the app.
        return found.map(|_| ());
    }
    let flag = |k: &str| obj.contains_key(k);
    if flag("back") {
        sim.back();
    } else if flag("hide") {
        sim.hide();
    } else if flag("show") {
        sim.show();
    } else if flag("pullDownRefresh") {
        return sim.pull_down_refresh();
    } else if flag("reachBottom") {
        return sim.reach_bottom();
    } else if flag("share") {
        sim.share();
    } else if let Some(size) = obj.get("resize") {
        let side = |k: &str| {
            size.get(k)
                .and_then(Value::as_u64)
                .ok_or("`resize` takes {\"width\", \"height\"}")
        };
        sim.resize(side("width")? as u32, side("height")? as u32);
    } else if let Some(choice) = obj.get("modal") {
        // The user answers a modal ("confirm" / "cancel") or an action sheet (an index,
        // "cancel").
        return sim.answer_modal(choice.as_str() == Some("confirm"));
    } else if let Some(choice) = obj.get("actionSheet") {
        return sim.answer_action_sheet(choice.as_u64());
    } else if let Some(ms) = obj.get("waitIdle") {
        sim.wait_idle(ms.as_u64().ok_or("`waitIdle` takes milliseconds")?);
    } else if let Some(ms) = obj.get("advance") {
        sim.advance(ms.as_u64().ok_or("`advance` takes milliseconds")?);
    } else if let Some((method, url)) = ["navigateTo", "redirectTo", "switchTab", "reLaunch"]
        .into_iter()
        .find_map(|m| text(m).map(|u| (m, u)))
    {
        sim.navigate(method, &url);
    } else if let Some(delta) = obj.get("navigateBack") {
        let delta = delta
            .as_u64()
            .ok_or("`navigateBack` takes a number of pages")?;
        sim.navigate("navigateBack", &delta.to_string());
    } else if let Some(name) = text("event") {
        let target = text("target").ok_or("`event` needs a `target` selector")?;
        let detail = obj
            .get("detail")
            .cloned()
            .unwrap_or(Value::Object(Default::default()));
        return sim.fire(&target, &name, detail);
    } else {
        return Err(format!("unknown step {step}"));
    }
    Ok(())
}

/// A step that asks `mpsim test` to compare what is on screen with a golden file in the case's
/// `expected/` folder.
#[derive(Clone, Debug, PartialEq)]
pub enum Checkpoint {
    /// The screen's pixels against `expected/NAME.png`.
    Screenshot(String),
    /// The composed tree of the page on screen against `expected/NAME.tree.json`.
    Tree(String),
}

impl Checkpoint {
    /// The checkpoint `step` asks for: `None` when it is an ordinary step, an error when it
    /// names a file the runner must not write (a path, or the wrong extension).
    pub fn of(step: &Value) -> Option<Result<Checkpoint, String>> {
        let (key, ext, make): (_, _, fn(String) -> Checkpoint) =
            if let Some(v) = step.get("screenshot") {
                (v, ".png", Checkpoint::Screenshot)
            } else if let Some(v) = step.get("tree") {
                (v, ".tree.json", Checkpoint::Tree)
            } else {
                return None;
            };
        let name = match key.as_str() {
            Some(n) => n,
            None => return Some(Err(format!("a checkpoint names a file: {step}"))),
        };
        let plain = !name.contains(['/', '\\']) && !name.starts_with('.');
        Some(if plain && name.len() > ext.len() && name.ends_with(ext) {
            Ok(make(name.to_string()))
        } else {
            Err(format!(
                "`{name}`: a checkpoint names a file in expected/ ending in {ext}"
            ))
        })
    }

    /// The golden's file name inside `expected/`.
    pub fn file(&self) -> &str {
        match self {
            Checkpoint::Screenshot(n) | Checkpoint::Tree(n) => n,
        }
    }
}

/// Parses an actions file.
pub fn parse(text: &str) -> Result<Vec<Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(steps)) => Ok(steps),
        Ok(_) => Err("an actions file is a JSON array of steps".into()),
        Err(e) => Err(format!("invalid JSON at {}:{}: {e}", e.line(), e.column())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn checkpoints_name_plain_files_of_their_kind() {
        assert_eq!(
            Checkpoint::of(&json!({"screenshot": "home.png"})),
            Some(Ok(Checkpoint::Screenshot("home.png".into())))
        );
        assert_eq!(
            Checkpoint::of(&json!({"tree": "cart.tree.json"})),
            Some(Ok(Checkpoint::Tree("cart.tree.json".into())))
        );
        for bad in [
            json!({"screenshot": "../home.png"}),
            json!({"screenshot": "home.jpg"}),
            json!({"tree": "cart.json"}),
            json!({"tree": ".tree.json"}),
            json!({"screenshot": 3}),
        ] {
            assert!(matches!(Checkpoint::of(&bad), Some(Err(_))), "{bad}");
        }
        assert_eq!(Checkpoint::of(&json!({"tap": ".a"})), None);
    }
}
