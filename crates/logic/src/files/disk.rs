//! The user folders on disk, in the app's data folder. Every path is checked against the
//! folder after the disk resolved it: a symlink (or a folder swapped for one) that leads out
//! is refused, so the app cannot read or write anything else on the machine.

use super::{FsError, Source, Stat, Tree};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub struct DiskTree {
    root: PathBuf,
}

fn io(e: std::io::Error) -> FsError {
    match e.kind() {
        ErrorKind::NotFound => FsError::NotFound,
        ErrorKind::PermissionDenied => FsError::PermissionDenied,
        ErrorKind::AlreadyExists => FsError::Exists,
        ErrorKind::DirectoryNotEmpty => FsError::NotEmpty,
        ErrorKind::IsADirectory => FsError::IsDirectory,
        ErrorKind::NotADirectory => FsError::NotDirectory,
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => FsError::QuotaExceeded,
        _ => FsError::Io(e.to_string()),
    }
}

impl DiskTree {
    pub fn new(root: PathBuf) -> DiskTree {
        DiskTree { root }
    }

    /// The disk path of `rel`, once its longest existing part is known to resolve inside the
    /// app's folder. The area folder is made on first use.
    fn path(&self, rel: &str) -> Result<PathBuf, FsError> {
        let area = rel.split('/').next().unwrap_or_default();
        std::fs::create_dir_all(self.root.join(area)).map_err(io)?;
        let root = self.root.canonicalize().map_err(io)?;
        let full = rel.split('/').fold(self.root.clone(), |p, s| p.join(s));
        let mut existing: &Path = &full;
        while std::fs::symlink_metadata(existing).is_err() {
            existing = existing.parent().ok_or(FsError::PermissionDenied)?;
        }
        // A dangling symlink does not resolve: it points nowhere the check can vouch for.
        let resolved = existing
            .canonicalize()
            .map_err(|_| FsError::PermissionDenied)?;
        if !resolved.starts_with(&root) {
            return Err(FsError::PermissionDenied);
        }
        Ok(full)
    }
}

impl Tree for DiskTree {
    fn stat(&self, rel: &str) -> Result<Option<Stat>, FsError> {
        let path = self.path(rel)?;
        match std::fs::metadata(&path) {
            Ok(m) => Ok(Some(Stat {
                dir: m.is_dir(),
                size: if m.is_dir() { 0 } else { m.len() },
                modified: m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_secs()),
            })),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(e)),
        }
    }

    fn read(&self, rel: &str) -> Result<Source, FsError> {
        let path = self.path(rel)?;
        if path.is_dir() {
            return Err(FsError::IsDirectory);
        }
        std::fs::read(path).map(Source::Bytes).map_err(io)
    }

    fn write(&mut self, rel: &str, bytes: Vec<u8>) -> Result<(), FsError> {
        std::fs::write(self.path(rel)?, bytes).map_err(io)
    }

    fn remove_file(&mut self, rel: &str) -> Result<(), FsError> {
        std::fs::remove_file(self.path(rel)?).map_err(io)
    }

    fn make_dir(&mut self, rel: &str) -> Result<(), FsError> {
        std::fs::create_dir(self.path(rel)?).map_err(io)
    }

    fn remove_empty_dir(&mut self, rel: &str) -> Result<(), FsError> {
        std::fs::remove_dir(self.path(rel)?).map_err(io)
    }

    fn list(&self, rel: &str) -> Result<Vec<String>, FsError> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(rel)?)
            .map_err(io)?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        std::fs::rename(self.path(from)?, self.path(to)?).map_err(io)
    }
}
