//! DarkMode variables: with `themeLocation` in app.json, values written `@name` in app.json's
//! `window` and `tabBar` and in pages' window fields come from the theme file's `light` (or
//! `dark`) set. mpsim renders the light theme, which is what `getSystemInfo().theme` reports.

use crate::json::{read_object, value_span};
use mpsim_base::{Diagnostic, Severity, SourceFile, Vfs};
use serde_json::{Map, Value};

/// The variables of one theme.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Theme {
    pub vars: Map<String, Value>,
}

impl Theme {
    /// Reads the `light` set of the theme file app.json names. A missing file or set is a
    /// diagnostic at the `themeLocation` value; no theme then leaves `@` values as written.
    pub fn load(
        vfs: &dyn Vfs,
        app_src: &SourceFile,
        app_raw: &Map<String, Value>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Theme> {
        let location = app_raw.get("themeLocation")?.as_str()?;
        let path = location.trim_start_matches('/');
        let Some((_, raw)) = read_object(vfs, path, diags) else {
            diags.push(Diagnostic::at(
                app_src,
                value_span(app_src, location),
                Severity::Error,
                "app-theme-missing",
                format!("themeLocation `{location}` does not exist"),
            ));
            return None;
        };
        let vars = raw
            .get("light")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        Some(Theme { vars })
    }

    /// Replaces every `@name` string under `value` with the variable's value. Unknown names
    /// stay as written and are returned, for diagnostics.
    pub fn apply(&self, value: &mut Value) -> Vec<String> {
        let mut unknown = Vec::new();
        self.walk(value, &mut unknown);
        unknown
    }

    fn walk(&self, value: &mut Value, unknown: &mut Vec<String>) {
        match value {
            Value::String(s) if s.starts_with('@') => match self.vars.get(&s[1..]) {
                Some(v) => *value = v.clone(),
                None => unknown.push(s.clone()),
            },
            Value::Array(items) => items.iter_mut().for_each(|v| self.walk(v, unknown)),
            Value::Object(map) => map.values_mut().for_each(|v| self.walk(v, unknown)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn variables_are_substituted_and_unknown_ones_reported() {
        let theme = Theme {
            vars: json!({"bg": "#ffffff", "icon": "image/a.png"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        };
        let mut v = json!({"backgroundColor": "@bg", "list": [{"iconPath": "@icon", "text": "@home"}], "n": 1});
        let unknown = theme.apply(&mut v);
        assert_eq!(
            v,
            json!({"backgroundColor": "#ffffff", "list": [{"iconPath": "image/a.png", "text": "@home"}], "n": 1})
        );
        assert_eq!(unknown, vec!["@home".to_string()]);
    }
}
