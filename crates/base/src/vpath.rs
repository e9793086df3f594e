//! Project-relative virtual paths: `/`-separated, no leading slash, no `.` or `..` segments.
//!
//! Mini-programs name files relative to the file that mentions them (`../common/a`) or to the
//! project root (`/utils/a`). Everything inside mpsim uses the normalised form, so a path is also
//! a stable key for caches and diagnostics.

/// Normalises `path`: folds `.` and `..`, drops empty segments and a leading `/`.
/// Returns `None` when `..` climbs above the root: the file would be outside the project.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The folder of a file path (`pages/a/b.wxml` -> `pages/a`; `b.wxml` -> ``).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    }
}

/// Resolves a reference made from inside file `from`: absolute (`/x`) from the root,
/// otherwise relative to `from`'s folder. `None` when it leaves the project.
pub fn resolve(from: &str, reference: &str) -> Option<String> {
    if reference.starts_with('/') {
        normalize(reference)
    } else {
        let dir = parent(from);
        if dir.is_empty() {
            normalize(reference)
        } else {
            normalize(&format!("{dir}/{reference}"))
        }
    }
}

/// Joins a folder and a relative path.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    if dir.is_empty() {
        normalize(rel)
    } else {
        normalize(&format!("{dir}/{rel}"))
    }
}

/// The extension of the last segment, without the dot.
pub fn extension(path: &str) -> Option<&str> {
    let name = &path[path.rfind('/').map(|i| i + 1).unwrap_or(0)..];
    name.rfind('.').filter(|&i| i > 0).map(|i| &name[i + 1..])
}

/// The path without its extension (`pages/a.wxml` -> `pages/a`).
pub fn strip_extension(path: &str) -> &str {
    match extension(path) {
        Some(ext) => &path[..path.len() - ext.len() - 1],
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_resolves() {
        assert_eq!(normalize("/a/./b//c/../d").as_deref(), Some("a/b/d"));
        assert_eq!(normalize("a/../.."), None);
        assert_eq!(
            resolve("pages/x/index.wxml", "../common/t").as_deref(),
            Some("pages/common/t")
        );
        assert_eq!(
            resolve("pages/x/index.wxml", "/utils/a.wxs").as_deref(),
            Some("utils/a.wxs")
        );
        assert_eq!(resolve("index.wxml", "./a").as_deref(), Some("a"));
        assert_eq!(resolve("index.wxml", "../a"), None);
        assert_eq!(extension("a/b.c/d.wxml"), Some("wxml"));
        assert_eq!(extension("a/b.c/d"), None);
        assert_eq!(extension(".hidden"), None);
        assert_eq!(strip_extension("a/b.wxml"), "a/b");
    }
}
