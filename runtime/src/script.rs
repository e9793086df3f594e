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
//! {"event": NAME, "target": SELECTOR, "detail": {...}}   any other event from the view
//! {"pullDownRefresh": true} / {"reachBottom": true} / {"share": true}
//! {"resize": {"width": W, "height": H}}
//! ```

use crate::Simulator;
use serde_json::Value;

pub fn run_step(sim: &mut Simulator, step: &Value) -> Result<(), String> {
    let app = &mut sim.app;
    let obj = step.as_object().ok_or("a step must be a JSON object")?;
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(sel) = text("tap") {
        return sim.tap(&sel);
    }
    if let Some(sel) = text("input") {
        return app.input(&sel, &text("value").unwrap_or_default());
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
        return app.tap_tab(i as usize);
    }
    if obj.contains_key("back") {
        app.back();
        return Ok(());
    }
    if obj.contains_key("hide") {
        app.hide();
        return Ok(());
    }
    if obj.contains_key("show") {
        app.show();
        return Ok(());
    }
    if obj.contains_key("pullDownRefresh") {
        return if app.pull_down_refresh() {
            Ok(())
        } else {
            Err("the page does not enable pull-down refresh (enablePullDownRefresh)".into())
        };
    }
    if obj.contains_key("reachBottom") {
        app.reach_bottom();
        return Ok(());
    }
    if obj.contains_key("share") {
        app.share();
        return Ok(());
    }
    if let Some(size) = obj.get("resize") {
        let w = size
            .get("width")
            .and_then(Value::as_u64)
            .ok_or("`resize` takes {\"width\", \"height\"}")? as u32;
        let h = size
            .get("height")
            .and_then(Value::as_u64)
            .ok_or("`resize` takes {\"width\", \"height\"}")? as u32;
        app.resize(w, h);
        return Ok(());
    }
    // The user answers a modal ("confirm" / "cancel") or an action sheet (an index, "cancel").
    if let Some(choice) = obj.get("modal") {
        let confirm = choice.as_str() == Some("confirm");
        let answer = serde_json::json!({ "confirm": confirm, "cancel": !confirm });
        return if sim.app.answer_ui("showModal", &answer) {
            Ok(())
        } else {
            Err("no modal is waiting for an answer".into())
        };
    }
    if let Some(choice) = obj.get("actionSheet") {
        let answer = match choice.as_u64() {
            Some(i) => serde_json::json!({ "tapIndex": i }),
            None => serde_json::json!({ "fail": "cancel" }),
        };
        return if sim.app.answer_ui("showActionSheet", &answer) {
            Ok(())
        } else {
            Err("no action sheet is waiting for an answer".into())
        };
    }
    if let Some(ms) = obj.get("waitIdle") {
        let ms = ms.as_u64().ok_or("`waitIdle` takes milliseconds")?;
        sim.wait_idle(ms);
        return Ok(());
    }
    if let Some(ms) = obj.get("advance") {
        let ms = ms.as_u64().ok_or("`advance` takes milliseconds")?;
        sim.advance(ms);
        return Ok(());
    }
    for method in ["navigateTo", "redirectTo", "switchTab", "reLaunch"] {
        if let Some(url) = text(method) {
            app.navigate(method, &url);
            return Ok(());
        }
    }
    if let Some(name) = text("event") {
        let target = text("target").ok_or("`event` needs a `target` selector")?;
        return app.fire(
            &target,
            &name,
            obj.get("detail")
                .cloned()
                .unwrap_or(Value::Object(Default::default())),
        );
    }
    Err(format!("unknown step {step}"))
}

/// Parses an actions file.
pub fn parse(text: &str) -> Result<Vec<Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(steps)) => Ok(steps),
        Ok(_) => Err("an actions file is a JSON array of steps".into()),
        Err(e) => Err(format!("invalid JSON at {}:{}: {e}", e.line(), e.column())),
    }
}
