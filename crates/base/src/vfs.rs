//! The file systems mpsim reads projects through.
//!
//! The core crates never touch `std::fs` directly: they must also run in a browser (wasm32),
//! where a project arrives as an in-memory map. Paths are project-relative (see [`crate::vpath`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VfsError {
    NotFound(String),
    /// The path names a place outside the project root.
    OutsideRoot(String),
    /// The file exists but is not valid UTF-8.
    NotText(String),
    Io(String, String),
}

impl std::fmt::Display for VfsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VfsError::NotFound(p) => write!(f, "file not found: {p}"),
            VfsError::OutsideRoot(p) => write!(f, "path leaves the project folder: {p}"),
            VfsError::NotText(p) => write!(f, "file is not UTF-8 text: {p}"),
            VfsError::Io(p, e) => write!(f, "cannot read {p}: {e}"),
        }
    }
}

impl std::error::Error for VfsError {}

/// Read access to one project's files. Implementations must refuse paths outside their root.
pub trait Vfs {
    fn read(&self, path: &str) -> Result<Vec<u8>, VfsError>;

    fn is_file(&self, path: &str) -> bool;

    fn is_dir(&self, path: &str) -> bool;

    /// Every file below `dir` (recursively), as project-relative paths, sorted.
    fn list_files(&self, dir: &str) -> Vec<String>;

    fn read_text(&self, path: &str) -> Result<String, VfsError> {
        let bytes = self.read(path)?;
        let mut text = String::from_utf8(bytes).map_err(|_| VfsError::NotText(path.into()))?;
        // A UTF-8 byte-order mark is common in files saved by Windows editors; compilers ignore it.
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        Ok(text)
    }
}

/// A project folder on disk.
#[derive(Debug, Clone)]
pub struct DiskVfs {
    root: PathBuf,
}

impl DiskVfs {
    pub fn new(root: impl Into<PathBuf>) -> DiskVfs {
        DiskVfs { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn full(&self, path: &str) -> Result<PathBuf, VfsError> {
        let norm =
            crate::vpath::normalize(path).ok_or_else(|| VfsError::OutsideRoot(path.into()))?;
        Ok(if norm.is_empty() {
            self.root.clone()
        } else {
            self.root.join(norm)
        })
    }

    fn walk(&self, dir: &Path, rel: &str, out: &mut Vec<String>, depth: usize) {
        // Deep trees are either generated junk or symlink loops; stop well before trouble.
        if depth > 32 {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                if name == "node_modules" || name.starts_with('.') {
                    continue;
                }
                self.walk(&entry.path(), &child_rel, out, depth + 1);
            } else if ft.is_file() {
                out.push(child_rel);
            }
        }
    }
}

impl Vfs for DiskVfs {
    fn read(&self, path: &str) -> Result<Vec<u8>, VfsError> {
        let full = self.full(path)?;
        std::fs::read(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => VfsError::NotFound(path.into()),
            _ => VfsError::Io(path.into(), e.to_string()),
        })
    }

    fn is_file(&self, path: &str) -> bool {
        self.full(path).map(|p| p.is_file()).unwrap_or(false)
    }

    fn is_dir(&self, path: &str) -> bool {
        self.full(path).map(|p| p.is_dir()).unwrap_or(false)
    }

    fn list_files(&self, dir: &str) -> Vec<String> {
        let Ok(full) = self.full(dir) else {
            return Vec::new();
        };
        let rel = crate::vpath::normalize(dir).unwrap_or_default();
        let mut out = Vec::new();
        self.walk(&full, &rel, &mut out, 0);
        out.sort();
        out
    }
}

/// A project held in memory: tests, fuzzing, and the browser build.
#[derive(Debug, Clone, Default)]
pub struct MemVfs {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemVfs {
    pub fn new() -> MemVfs {
        MemVfs::default()
    }

    /// Adds or replaces a file. The path is normalised; one that leaves the root is ignored.
    pub fn insert(&mut self, path: &str, contents: impl Into<Vec<u8>>) -> &mut MemVfs {
        if let Some(p) = crate::vpath::normalize(path) {
            self.files.insert(p, contents.into());
        }
        self
    }

    pub fn with(mut self, path: &str, contents: impl Into<Vec<u8>>) -> MemVfs {
        self.insert(path, contents);
        self
    }
}

impl Vfs for MemVfs {
    fn read(&self, path: &str) -> Result<Vec<u8>, VfsError> {
        let p = crate::vpath::normalize(path).ok_or_else(|| VfsError::OutsideRoot(path.into()))?;
        self.files.get(&p).cloned().ok_or(VfsError::NotFound(p))
    }

    fn is_file(&self, path: &str) -> bool {
        crate::vpath::normalize(path).is_some_and(|p| self.files.contains_key(&p))
    }

    fn is_dir(&self, path: &str) -> bool {
        let Some(p) = crate::vpath::normalize(path) else {
            return false;
        };
        if p.is_empty() {
            return true;
        }
        let prefix = format!("{p}/");
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    fn list_files(&self, dir: &str) -> Vec<String> {
        let Some(p) = crate::vpath::normalize(dir) else {
            return Vec::new();
        };
        if p.is_empty() {
            return self.files.keys().cloned().collect();
        }
        let prefix = format!("{p}/");
        self.files
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect()
    }
}

/// A view of a sub-folder of another Vfs: a project whose `miniprogramRoot` is `miniprogram/`
/// is read through one of these, so app paths stay relative to the app root.
pub struct SubVfs<'a> {
    inner: &'a dyn Vfs,
    prefix: String,
}

impl<'a> SubVfs<'a> {
    pub fn new(inner: &'a dyn Vfs, prefix: &str) -> SubVfs<'a> {
        SubVfs {
            inner,
            prefix: crate::vpath::normalize(prefix).unwrap_or_default(),
        }
    }

    fn full(&self, path: &str) -> Option<String> {
        let p = crate::vpath::normalize(path)?;
        Some(if self.prefix.is_empty() {
            p
        } else if p.is_empty() {
            self.prefix.clone()
        } else {
            format!("{}/{p}", self.prefix)
        })
    }
}

impl Vfs for SubVfs<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, VfsError> {
        let full = self
            .full(path)
            .ok_or_else(|| VfsError::OutsideRoot(path.into()))?;
        self.inner.read(&full).map_err(|e| match e {
            VfsError::NotFound(_) => VfsError::NotFound(path.into()),
            other => other,
        })
    }

    fn is_file(&self, path: &str) -> bool {
        self.full(path).is_some_and(|p| self.inner.is_file(&p))
    }

    fn is_dir(&self, path: &str) -> bool {
        self.full(path).is_some_and(|p| self.inner.is_dir(&p))
    }

    fn list_files(&self, dir: &str) -> Vec<String> {
        let Some(full) = self.full(dir) else {
            return Vec::new();
        };
        let cut = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        };
        self.inner
            .list_files(&full)
            .into_iter()
            .filter_map(|p| p.get(cut..).map(str::to_string))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mem_vfs_reads_lists_and_refuses_escapes() {
        let vfs = MemVfs::new()
            .with("a/b.txt", "hi")
            .with("/a/c/d.txt", "\u{feff}bom")
            .with("z", "");
        assert_eq!(vfs.read_text("a/./b.txt").as_deref(), Ok("hi"));
        assert_eq!(vfs.read_text("a/c/d.txt").as_deref(), Ok("bom"));
        assert!(vfs.is_dir("a") && vfs.is_dir("a/c") && !vfs.is_dir("a/b.txt"));
        assert_eq!(vfs.list_files("a"), vec!["a/b.txt", "a/c/d.txt"]);
        assert_eq!(vfs.read("../x"), Err(VfsError::OutsideRoot("../x".into())));
        assert_eq!(vfs.read("nope"), Err(VfsError::NotFound("nope".into())));
    }

    #[test]
    fn disk_vfs_lists_a_folder() {
        let dir = std::env::temp_dir().join(format!("mpsim-vfs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("p")).expect("temp dir");
        std::fs::write(dir.join("p/x.wxml"), "<view/>").expect("write");
        let vfs = DiskVfs::new(&dir);
        assert_eq!(vfs.list_files(""), vec!["p/x.wxml"]);
        assert!(vfs.is_file("p/x.wxml") && vfs.is_dir("p"));
        assert!(matches!(
            vfs.read("../etc/passwd"),
            Err(VfsError::OutsideRoot(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
