//! Resolving what a file names (a `usingComponents` path, a `require`) to a file of the
//! package: aliases, relative and absolute paths, `miniprogram_npm` folders.

use crate::dialect::Dialect;
use mpsim_base::{Vfs, vpath};

/// Why a component path did not resolve.
#[derive(Debug, PartialEq)]
pub enum Unresolved {
    Plugin,
    OutsideProject,
    NotFound(Vec<String>),
}

fn exists(vfs: &dyn Vfs, base: &str, d: &Dialect) -> bool {
    vfs.is_file(&format!("{base}.{}", d.template_ext)) || vfs.is_file(&format!("{base}.json"))
}

/// Applies app.json's `resolveAlias` (`"@lib/*": "/lib/*"` or an exact name) to a reference:
/// the first pattern that matches rewrites it.
pub fn apply_alias(reference: &str, aliases: &[(String, String)]) -> String {
    for (pattern, target) in aliases {
        let p = pattern.trim_end_matches('*');
        if pattern.ends_with('*') && reference.starts_with(p) {
            return format!("{}{}", target.trim_end_matches('*'), &reference[p.len()..]);
        } else if reference == pattern {
            return target.clone();
        }
    }
    reference.to_string()
}

/// The places `reference`, written in file `from`, may point to, in the order the platform
/// tries them: an `explicit` path (absolute or relative) only where it says; a bare name
/// relative to `from` first, then in the `miniprogram_npm` folders from `from`'s folder up to
/// the root (as the official tool's npm build lays them out). Both `require` and
/// `usingComponents` resolve this way. `Err` when the path leaves the project.
pub fn candidates(from: &str, reference: &str, explicit: bool) -> Result<Vec<String>, Unresolved> {
    if explicit {
        return vpath::resolve(from, reference)
            .map(|p| vec![p])
            .ok_or(Unresolved::OutsideProject);
    }
    let mut out = Vec::new();
    if let Some(p) = vpath::resolve(from, reference) {
        out.push(p);
    }
    let mut dir = vpath::parent(from).to_string();
    loop {
        if let Some(p) = vpath::join(&dir, &format!("miniprogram_npm/{reference}")) {
            out.push(p);
        }
        if dir.is_empty() {
            break;
        }
        dir = vpath::parent(&dir).to_string();
    }
    Ok(out)
}

/// Resolves `reference` as written in the JSON file `from` (see [`apply_alias`] and
/// [`candidates`]; a path starting with `/` or `.` is explicit). A folder means its `index`.
pub fn resolve_component(
    vfs: &dyn Vfs,
    from: &str,
    reference: &str,
    aliases: &[(String, String)],
    d: &Dialect,
) -> Result<String, Unresolved> {
    if reference.starts_with("plugin://") || reference.starts_with("plugin-private://") {
        return Err(Unresolved::Plugin);
    }
    let reference = apply_alias(reference, aliases);
    let explicit = reference.starts_with('/') || reference.starts_with('.');
    let candidates = candidates(from, &reference, explicit)?;
    for c in &candidates {
        if exists(vfs, c, d) {
            return Ok(c.clone());
        }
        let index = vpath::join(c, "index").unwrap_or_default();
        if exists(vfs, &index, d) {
            return Ok(index);
        }
    }
    Err(Unresolved::NotFound(candidates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::WECHAT;
    use mpsim_base::MemVfs;

    #[test]
    fn resolves_relative_absolute_npm_and_alias() {
        let vfs = MemVfs::new()
            .with("components/card/card.wxml", "")
            .with("components/card/card.json", "{}")
            .with("miniprogram_npm/vant/button/index.wxml", "")
            .with("pages/a/miniprogram_npm/local/index.wxml", "")
            .with("pages/a/sub/index.wxml", "");
        let from = "pages/a/a.json";
        let r = |s: &str| {
            resolve_component(
                &vfs,
                from,
                s,
                &[("@c/*".into(), "/components/*".into())],
                &WECHAT,
            )
        };
        assert_eq!(
            r("/components/card/card"),
            Ok("components/card/card".into())
        );
        assert_eq!(
            r("../../components/card/card"),
            Ok("components/card/card".into())
        );
        assert_eq!(
            r("vant/button"),
            Ok("miniprogram_npm/vant/button/index".into())
        );
        assert_eq!(r("local"), Ok("pages/a/miniprogram_npm/local/index".into()));
        assert_eq!(r("./sub"), Ok("pages/a/sub/index".into()));
        assert_eq!(r("@c/card/card"), Ok("components/card/card".into()));
        assert_eq!(r("plugin://x/y"), Err(Unresolved::Plugin));
        assert_eq!(r("../../../x"), Err(Unresolved::OutsideProject));
        assert!(matches!(r("nope"), Err(Unresolved::NotFound(_))));
    }
}
