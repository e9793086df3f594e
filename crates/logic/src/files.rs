//! The app's file space on the phone: `wxfile://tmp/...` temp files (downloads, photos the
//! user picked, canvas exports), `wxfile://usr/...` (wx.env.USER_DATA_PATH, written with the
//! FileSystemManager) and `wxfile://store/...` (saved files), besides the package's own files,
//! which are read-only.
//!
//! Temp files live in memory for the run. The user folders live in memory too, or on disk in
//! the app's data folder when the embedder gives one ([`crate::LaunchOptions::user_folder`]),
//! so that they survive between runs as they do on the phone. Every path is checked before it
//! touches anything: `..` cannot climb out of its folder, a package path cannot leave the
//! package, and on disk a symlink that leads out of the app's folder is refused.

use mpsim_base::Vfs;
use std::path::Path;

mod disk;
mod memory;

/// The folder wx.env.USER_DATA_PATH names.
pub const USER_DATA_PATH: &str = "wxfile://usr";
/// The folders of the file space the app can write, as the first segment after `wxfile://`.
const AREAS: [&str; 3] = ["usr", "store", "tmp"];
/// The platform's limit on what the user folders hold together (`usr` and `store`).
pub const QUOTA: u64 = 200 * 1024 * 1024;

/// Where a file's bytes come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A network URL (wx.downloadFile): the embedder's network serves it.
    Url(String),
    /// A file of the album (chooseImage and friends): the embedder serves it.
    Album(String),
    /// Bytes the app wrote.
    Bytes(Vec<u8>),
}

/// Why a file operation failed, in the words of the platform's errMsg.
#[derive(Debug, Clone, PartialEq)]
pub enum FsError {
    NotFound,
    PermissionDenied,
    Exists,
    NotEmpty,
    IsDirectory,
    NotDirectory,
    NotPermitted,
    QuotaExceeded,
    /// The disk said no (full, read-only...): its message.
    Io(String),
}

impl std::fmt::Display for FsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FsError::NotFound => "no such file or directory",
            FsError::PermissionDenied => "permission denied",
            FsError::Exists => "file already exists",
            FsError::NotEmpty => "directory not empty",
            FsError::IsDirectory => "illegal operation on a directory",
            FsError::NotDirectory => "not a directory",
            FsError::NotPermitted => "operation not permitted",
            FsError::QuotaExceeded => "the maximum size of the file storage limit is exceeded",
            FsError::Io(e) => e,
        })
    }
}

/// Where a path the app names points.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A `wxfile://` file or folder: its area and the segments below it, `area/a/b`.
    File(String),
    /// A network URL.
    Url(String),
    /// A file of the package, normalised.
    Package(String),
}

impl Place {
    /// Reads where `path` points. `..` may fold inside a folder but not climb out of it.
    pub fn of(path: &str) -> Result<Place, FsError> {
        if path.contains('\0') {
            return Err(FsError::PermissionDenied);
        }
        if let Some(rest) = path.strip_prefix("wxfile://") {
            let mut parts: Vec<&str> = Vec::new();
            for seg in rest.split(['/', '\\']) {
                match seg {
                    "" | "." => {}
                    // The area itself cannot be popped: that would leave the app's folders.
                    ".." if parts.len() > 1 => {
                        parts.pop();
                    }
                    ".." => return Err(FsError::PermissionDenied),
                    s => parts.push(s),
                }
            }
            return match parts.first() {
                Some(area) if AREAS.contains(area) => Ok(Place::File(parts.join("/"))),
                _ => Err(FsError::PermissionDenied),
            };
        }
        if path.contains("://") {
            return Ok(Place::Url(path.to_string()));
        }
        mpsim_base::vpath::normalize(path)
            .map(Place::Package)
            .ok_or(FsError::PermissionDenied)
    }

    /// The `wxfile://` file or folder `path` names (the app's own files, the only ones it may
    /// write), or `PermissionDenied` for the package and URLs.
    fn app_file(path: &str) -> Result<String, FsError> {
        match Place::of(path)? {
            Place::File(rel) => Ok(rel),
            _ => Err(FsError::PermissionDenied),
        }
    }
}

/// What a stat says about a file or folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub dir: bool,
    pub size: u64,
    /// Seconds since 1970, when the disk keeps it.
    pub modified: Option<u64>,
}

/// A tree of files and folders below the area folders (`usr`, `store`, `tmp`), which always
/// exist. Paths are `area/a/b`. The operations are single steps; [`Files`] builds the
/// platform's semantics (recursive mkdir and rmdir, quotas) on them once for both kinds.
trait Tree {
    fn stat(&self, rel: &str) -> Result<Option<Stat>, FsError>;
    fn read(&self, rel: &str) -> Result<Source, FsError>;
    fn write(&mut self, rel: &str, bytes: Vec<u8>) -> Result<(), FsError>;
    fn remove_file(&mut self, rel: &str) -> Result<(), FsError>;
    fn make_dir(&mut self, rel: &str) -> Result<(), FsError>;
    fn remove_empty_dir(&mut self, rel: &str) -> Result<(), FsError>;
    /// The names directly inside a folder.
    fn list(&self, rel: &str) -> Result<Vec<String>, FsError>;
    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError>;
}

/// Every file the app made, by `wxfile://` path.
pub struct Files {
    /// `tmp`, in memory.
    temp: memory::MemoryTree,
    /// `usr` and `store`, in memory or on disk.
    user: Box<dyn Tree>,
    temp_count: usize,
}

impl Default for Files {
    fn default() -> Files {
        Files {
            temp: memory::MemoryTree::default(),
            user: Box::new(memory::MemoryTree::default()),
            temp_count: 0,
        }
    }
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Files")
            .field("temp_count", &self.temp_count)
            .finish()
    }
}

fn area(rel: &str) -> &str {
    rel.split('/').next().unwrap_or_default()
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(p, _)| p)
}

impl Files {
    /// User folders kept on disk under `folder` (`folder/usr`, `folder/store`).
    pub fn on_disk(folder: &Path) -> Files {
        Files {
            user: Box::new(disk::DiskTree::new(folder.to_path_buf())),
            ..Files::default()
        }
    }

    fn tree(&self, rel: &str) -> &dyn Tree {
        if area(rel) == "tmp" {
            &self.temp
        } else {
            self.user.as_ref()
        }
    }

    fn tree_mut(&mut self, rel: &str) -> &mut dyn Tree {
        if area(rel) == "tmp" {
            &mut self.temp
        } else {
            self.user.as_mut()
        }
    }

    /// A new temp path for a file from `source`, keeping the extension of `name`.
    pub fn add_temp(&mut self, name: &str, source: Source) -> String {
        let base = name.split(['?', '#']).next().unwrap_or_default();
        let ext = base
            .rsplit_once('/')
            .map_or(base, |(_, f)| f)
            .rsplit_once('.')
            .map(|(_, e)| format!(".{e}"))
            .filter(|e| e.len() <= 16 && !e.contains(['\\', '\0']))
            .unwrap_or_default();
        self.temp_count += 1;
        let rel = format!("tmp/{}{ext}", self.temp_count);
        self.temp.insert(&rel, source);
        format!("wxfile://{rel}")
    }

    /// What is at `path`, `None` when nothing is.
    pub fn stat(&self, path: &str) -> Result<Option<Stat>, FsError> {
        let rel = Place::app_file(path)?;
        self.tree(&rel).stat(&rel)
    }

    /// Where the bytes of the `wxfile://` file `path` come from.
    pub fn source(&self, path: &str) -> Result<Source, FsError> {
        let rel = Place::app_file(path)?;
        self.tree(&rel).read(&rel)
    }

    /// Writes (or, with `append`, adds to) a file whose folder exists.
    pub fn write(&mut self, path: &str, bytes: Vec<u8>, append: bool) -> Result<(), FsError> {
        let rel = Place::app_file(path)?;
        let old = self.tree(&rel).stat(&rel)?;
        match &old {
            Some(s) if s.dir => return Err(FsError::IsDirectory),
            None if append => return Err(FsError::NotFound),
            _ => {}
        }
        self.folder_exists(parent(&rel))?;
        let bytes = if append {
            match self.tree(&rel).read(&rel)? {
                Source::Bytes(mut b) => {
                    b.extend_from_slice(&bytes);
                    b
                }
                _ => return Err(FsError::NotPermitted),
            }
        } else {
            bytes
        };
        if area(&rel) != "tmp" {
            let used = self.used()? - old.map_or(0, |s| s.size);
            if used + bytes.len() as u64 > QUOTA {
                return Err(FsError::QuotaExceeded);
            }
        }
        self.tree_mut(&rel).write(&rel, bytes)
    }

    fn folder_exists(&self, rel: &str) -> Result<(), FsError> {
        match self.tree(rel).stat(rel)? {
            Some(s) if s.dir => Ok(()),
            Some(_) => Err(FsError::NotDirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Bytes held by the user folders together.
    fn used(&self) -> Result<u64, FsError> {
        let mut total = 0;
        for top in ["usr", "store"] {
            total += self.size_below(top)?;
        }
        Ok(total)
    }

    fn size_below(&self, rel: &str) -> Result<u64, FsError> {
        let mut total = 0;
        for name in self.user.list(rel)? {
            let child = format!("{rel}/{name}");
            // What cannot be looked at (a symlink leading out) holds nothing of the app's.
            match self.user.stat(&child) {
                Ok(Some(s)) if s.dir => total += self.size_below(&child)?,
                Ok(Some(s)) => total += s.size,
                _ => {}
            }
        }
        Ok(total)
    }

    /// Removes a file (not a folder).
    pub fn unlink(&mut self, path: &str) -> Result<(), FsError> {
        let rel = Place::app_file(path)?;
        match self.tree(&rel).stat(&rel)? {
            None => Err(FsError::NotFound),
            Some(s) if s.dir => Err(FsError::NotPermitted),
            Some(_) => self.tree_mut(&rel).remove_file(&rel),
        }
    }

    /// Makes a folder; with `recursive`, its missing parents too (and an existing folder is
    /// no error).
    pub fn mkdir(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        let rel = Place::app_file(path)?;
        match self.tree(&rel).stat(&rel)? {
            Some(s) if s.dir && recursive => return Ok(()),
            Some(_) => return Err(FsError::Exists),
            None => {}
        }
        if recursive && !parent(&rel).is_empty() {
            self.mkdir(&format!("wxfile://{}", parent(&rel)), true)?;
        } else {
            self.folder_exists(parent(&rel))?;
        }
        self.tree_mut(&rel).make_dir(&rel)
    }

    /// Removes a folder; with `recursive`, everything in it. The area folders stay.
    pub fn rmdir(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        let rel = Place::app_file(path)?;
        self.folder_exists(&rel)?;
        let names = self.tree(&rel).list(&rel)?;
        if !names.is_empty() && !recursive {
            return Err(FsError::NotEmpty);
        }
        for name in names {
            let child = format!("{rel}/{name}");
            match self.tree(&child).stat(&child)? {
                Some(s) if s.dir => self.rmdir(&format!("wxfile://{child}"), true)?,
                Some(_) => self.tree_mut(&child).remove_file(&child)?,
                None => {}
            }
        }
        if !rel.contains('/') {
            return Ok(());
        }
        self.tree_mut(&rel).remove_empty_dir(&rel)
    }

    /// The names in a folder.
    pub fn readdir(&self, path: &str) -> Result<Vec<String>, FsError> {
        let rel = Place::app_file(path)?;
        self.folder_exists(&rel)?;
        self.tree(&rel).list(&rel)
    }

    /// Moves a file or folder; the new place's folder must exist.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let (a, b) = (Place::app_file(from)?, Place::app_file(to)?);
        if self.tree(&a).stat(&a)?.is_none() {
            return Err(FsError::NotFound);
        }
        self.folder_exists(parent(&b))?;
        if !a.contains('/') || !b.contains('/') || b.starts_with(&format!("{a}/")) {
            return Err(FsError::NotPermitted);
        }
        if (area(&a) == "tmp") == (area(&b) == "tmp") {
            return self.tree_mut(&a).rename(&a, &b);
        }
        // Between memory and disk: copy, then remove.
        let Source::Bytes(bytes) = self.tree(&a).read(&a)? else {
            return Err(FsError::NotPermitted);
        };
        self.write(to, bytes, false)?;
        self.tree_mut(&a).remove_file(&a)
    }

    /// Every `wxfile://` file below `path`, as paths (for the saved-file list).
    pub fn files_below(&self, path: &str) -> Result<Vec<String>, FsError> {
        let rel = Place::app_file(path)?;
        let mut out = Vec::new();
        self.collect(&rel, &mut out)?;
        Ok(out)
    }

    fn collect(&self, rel: &str, out: &mut Vec<String>) -> Result<(), FsError> {
        for name in self.tree(rel).list(rel)? {
            let child = format!("{rel}/{name}");
            match self.tree(&child).stat(&child) {
                Ok(Some(s)) if s.dir => self.collect(&child, out)?,
                Ok(Some(_)) => out.push(format!("wxfile://{child}")),
                _ => {}
            }
        }
        Ok(())
    }
}

/// The bytes behind `path` as the app names it: a `wxfile://` file, a network URL (through
/// `fetch`, which also serves the album), or a file of the package (absolute, or relative to
/// the package root; it cannot climb out of the package).
pub fn read(
    files: &Files,
    vfs: &dyn Vfs,
    path: &str,
    fetch: &dyn Fn(&Source) -> Option<Vec<u8>>,
) -> Result<Vec<u8>, FsError> {
    match Place::of(path)? {
        Place::File(_) => match files.source(path)? {
            Source::Bytes(b) => Ok(b),
            other => fetch(&other).ok_or(FsError::NotFound),
        },
        Place::Url(url) => fetch(&Source::Url(url)).ok_or(FsError::NotFound),
        Place::Package(p) if vfs.is_dir(&p) => Err(FsError::IsDirectory),
        Place::Package(p) => vfs.read(&p).map_err(|_| FsError::NotFound),
    }
}

#[cfg(test)]
mod tests;
