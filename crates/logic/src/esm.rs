//! ES module syntax rewritten to CommonJS, so `import`/`export` files run through the same
//! `require` as everything else and can be mixed with it (as real apps do).
//!
//! The rewrite works on statements that start a line, which is where bundlers and people put
//! them; exports are assigned when the module body finishes (functions right away, since they
//! are hoisted), which matches what `require` callers observe except inside import cycles.

/// Whether the source uses ES module syntax at the start of a line.
pub fn is_esm(src: &str) -> bool {
    src.lines().any(|l| {
        let t = l.trim_start();
        (t.starts_with("import ")
            || t.starts_with("import{")
            || t.starts_with("import'")
            || t.starts_with("import\""))
            || (t.starts_with("export ") || t.starts_with("export{"))
    })
}

/// Rewrites ES module syntax into CommonJS; other lines are kept, so line numbers stay put.
pub fn to_commonjs(src: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut head: Vec<String> =
        vec!["Object.defineProperty(exports, '__esModule', { value: true });".into()];
    let mut tail: Vec<String> = Vec::new();
    let lines: Vec<&str> = src.lines().collect();
    let mut i = 0;
    let mut tmp = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        let is_import = (t.starts_with("import ")
            || t.starts_with("import{")
            || t.starts_with("import'")
            || t.starts_with("import\""))
            && !t.starts_with("import(");
        let is_export = t.starts_with("export ") || t.starts_with("export{");
        if !is_import && !is_export {
            out.push(line.to_string());
            i += 1;
            continue;
        }
        // Gather a multi-line statement (`import {\n a,\n b\n} from 'x'`).
        let mut stmt = t.to_string();
        let start = i;
        while needs_more(&stmt) && i + 1 < lines.len() {
            i += 1;
            stmt.push(' ');
            stmt.push_str(lines[i].trim());
        }
        let consumed = i - start + 1;
        i += 1;
        let rewritten = if is_import {
            rewrite_import(&stmt, &mut tmp)
        } else {
            rewrite_export(&stmt, &mut head, &mut tail, &mut tmp)
        };
        out.push(rewritten);
        // Keep the line count: one output line per consumed input line.
        for _ in 1..consumed {
            out.push(String::new());
        }
    }
    let mut s = head.join(" ");
    s.push(' ');
    s.push_str(&out.join("\n"));
    s.push('\n');
    s.push_str(&tail.join("\n"));
    s
}

/// A statement is incomplete while braces are unbalanced or an import lacks its source.
fn needs_more(stmt: &str) -> bool {
    let open = stmt.matches('{').count();
    let close = stmt.matches('}').count();
    if stmt.starts_with("import") {
        return open > close
            || (!stmt.contains(" from")
                && !stmt.contains("from'")
                && !stmt.contains("from\"")
                && !stmt
                    .trim_start_matches("import")
                    .trim_start()
                    .starts_with(['\'', '"']));
    }
    if stmt.starts_with("export {") || stmt.starts_with("export{") {
        return open > close;
    }
    false
}

fn module_source(s: &str) -> Option<(String, &str)> {
    let q = s.find(['\'', '"'])?;
    let quote = s.as_bytes()[q] as char;
    let end = s[q + 1..].find(quote)? + q + 1;
    Some((
        s[q..=end].to_string(),
        s[end + 1..].trim_start_matches(';').trim(),
    ))
}

fn specifiers(list: &str) -> Vec<(String, String)> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.split_once(" as ") {
            Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
            None => (s.to_string(), s.to_string()),
        })
        .collect()
}

fn rewrite_import(stmt: &str, tmp: &mut usize) -> String {
    let body = stmt.trim_start_matches("import").trim();
    if body.starts_with(['\'', '"']) {
        return match module_source(body) {
            Some((src, rest)) => format!("require({src}); {rest}"),
            None => stmt.to_string(),
        };
    }
    let Some(from) = body.rfind("from") else {
        return stmt.to_string();
    };
    let (clause, source) = (body[..from].trim(), &body[from + 4..]);
    let Some((src, rest)) = module_source(source) else {
        return stmt.to_string();
    };
    *tmp += 1;
    let m = format!("__esm{tmp}");
    let mut decls = vec![format!("{m} = require({src})")];
    let mut clause = clause.to_string();
    // `X, { a }` / `X, * as ns` / `X`
    if !clause.starts_with('{') && !clause.starts_with('*') {
        let (default, more) = match clause.split_once(',') {
            Some((d, m2)) => (d.trim().to_string(), m2.trim().to_string()),
            None => (clause.trim().to_string(), String::new()),
        };
        decls.push(format!(
            "{default} = ({m} && {m}.__esModule ? {m}.default : {m})"
        ));
        clause = more;
    }
    if let Some(ns) = clause.strip_prefix('*') {
        let name = ns.trim().trim_start_matches("as").trim();
        decls.push(format!("{name} = {m}"));
    } else if clause.starts_with('{') {
        let inner = clause.trim_start_matches('{').trim_end_matches('}');
        for (imported, local) in specifiers(inner) {
            decls.push(format!("{local} = {m}.{imported}"));
        }
    }
    format!("var {}; {rest}", decls.join(", "))
}

/// The name a declaration introduces: `function* gen()` -> `gen`, ` a = 1` -> `a`.
fn declared_name(after_keyword: &str) -> String {
    after_keyword
        .trim_start()
        .trim_start_matches('*')
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .collect()
}

fn rewrite_export(
    stmt: &str,
    head: &mut Vec<String>,
    tail: &mut Vec<String>,
    tmp: &mut usize,
) -> String {
    let body = stmt.trim_start_matches("export").trim_start();
    if let Some(rest) = body.strip_prefix("default") {
        let rest = rest.trim_start();
        for kw in ["async function", "function", "class"] {
            if let Some(after) = rest.strip_prefix(kw) {
                let name = declared_name(after);
                if !name.is_empty() {
                    let line = format!("exports.default = {name};");
                    if kw == "class" {
                        tail.push(line)
                    } else {
                        head.push(line)
                    }
                    return rest.to_string();
                }
            }
        }
        return format!("exports.default = {rest}");
    }
    if body.starts_with('{') || body.starts_with('*') {
        let close = body
            .find('}')
            .map(|c| c + 1)
            .unwrap_or(if body.starts_with('*') { 1 } else { body.len() });
        let list = &body[..close];
        let after = body[close..].trim();
        if let Some(from) = after.strip_prefix("from") {
            let Some((src, rest)) = module_source(from) else {
                return stmt.to_string();
            };
            *tmp += 1;
            let m = format!("__esm{tmp}");
            if list == "*" {
                return format!(
                    "var {m} = require({src}); Object.keys({m}).forEach(function (k) {{ if (k !== 'default' && k !== '__esModule') exports[k] = {m}[k]; }}); {rest}"
                );
            }
            let assigns: Vec<String> = specifiers(list.trim_matches(['{', '}']))
                .into_iter()
                .map(|(a, b)| format!("exports.{b} = {m}.{a};"))
                .collect();
            return format!("var {m} = require({src}); {} {rest}", assigns.join(" "));
        }
        for (local, exported) in specifiers(list.trim_matches(['{', '}'])) {
            tail.push(format!("exports.{exported} = {local};"));
        }
        return after.trim_start_matches(';').to_string();
    }
    for kw in ["async function", "function", "class", "const", "let", "var"] {
        if let Some(after) = body.strip_prefix(kw) {
            let name = declared_name(after);
            if !name.is_empty() {
                let line = format!("exports.{name} = {name};");
                if kw.ends_with("function") {
                    head.push(line)
                } else {
                    tail.push(line)
                }
            }
            return body.to_string();
        }
    }
    stmt.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_module_syntax_at_line_starts() {
        assert!(is_esm("import a from './a'\n"));
        assert!(is_esm("const x = 1\nexport default x\n"));
        assert!(!is_esm("const s = 'import a from b'\nmodule.exports = {}"));
    }

    #[test]
    fn rewrites_imports_and_exports_keeping_lines() {
        let src = "import a, { b as c, d } from './m'\nimport * as ns from \"n\"\nimport {\n  e\n} from './e'\nexport const x = a + c\nexport function f() {}\nexport default { x }\nexport { d as dd }\nexport * from './all'\n";
        let out = to_commonjs(src);
        // Lines keep their numbers (exports gathered at the end come after them).
        assert_eq!(out.lines().nth(6), Some("function f() {}"));
        assert_eq!(out.lines().nth(5), Some("const x = a + c"));
        assert!(out.contains("a = (__esm1 && __esm1.__esModule ? __esm1.default : __esm1)"));
        assert!(out.contains("c = __esm1.b"));
        assert!(out.contains("ns = __esm2"));
        assert!(out.contains("e = __esm3.e"));
        assert!(out.contains("exports.x = x;"));
        assert!(out.contains("exports.f = f;"));
        assert!(out.contains("exports.default = { x }"));
        assert!(out.contains("exports.dd = d;"));
        assert!(out.contains("Object.keys(__esm4)"));
    }
}
