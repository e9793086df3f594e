//! Resolving a `usingComponents` path to a component's base path (without extension).

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

/// Resolves `reference` as written in the JSON file `from`:
/// `/abs/path`, `./rel` or `../rel`, an alias from app.json `resolveAlias`, a bare path tried
/// first relative to `from` and then in `miniprogram_npm` folders from `from`'s folder up to the
/// root (as the official tool's npm build lays them out). A folder means its `index`.
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
    let mut reference = reference.to_string();
    for (pattern, target) in aliases {
        let p = pattern.trim_end_matches('*');
        if pattern.ends_with('*') && reference.starts_with(p) {
            reference = format!("{}{}", target.trim_end_matches('*'), &reference[p.len()..]);
            break;
        } else if reference == *pattern {
            reference = target.clone();
            break;
        }
    }
    let mut candidates = Vec::new();
    if reference.starts_with('/') || reference.starts_with('.') {
        candidates.push(vpath::resolve(from, &reference).ok_or(Unresolved::OutsideProject)?);
    } else {
        if let Some(p) = vpath::resolve(from, &reference) {
            candidates.push(p);
        }
        let mut dir = vpath::parent(from).to_string();
        loop {
            if let Some(p) = vpath::join(&dir, &format!("miniprogram_npm/{reference}")) {
                candidates.push(p);
            }
            if dir.is_empty() {
                break;
            }
            dir = vpath::parent(&dir).to_string();
        }
    }
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
