//! The file tree kept in memory: temp files always, the user folders when no data folder is
//! given.

use super::{AREAS, FsError, Source, Stat, Tree};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Default)]
pub struct MemoryTree {
    files: BTreeMap<String, Source>,
    /// Folders the app made (the area folders always exist and are not listed).
    dirs: BTreeSet<String>,
}

impl MemoryTree {
    pub fn insert(&mut self, rel: &str, source: Source) {
        self.files.insert(rel.to_string(), source);
    }

    fn is_dir(&self, rel: &str) -> bool {
        AREAS.contains(&rel) || self.dirs.contains(rel)
    }

    /// Every path (file or folder) strictly inside `rel`.
    fn inside<'a>(&'a self, rel: &str) -> impl Iterator<Item = &'a String> {
        let prefix = format!("{rel}/");
        let files = self.files.range(prefix.clone()..).map(|(k, _)| k);
        let dirs = self.dirs.range(prefix.clone()..);
        let p = prefix.clone();
        files
            .take_while(move |k| k.starts_with(&prefix))
            .chain(dirs.take_while(move |k| k.starts_with(&p)))
    }
}

impl Tree for MemoryTree {
    fn stat(&self, rel: &str) -> Result<Option<Stat>, FsError> {
        if self.is_dir(rel) {
            return Ok(Some(Stat {
                dir: true,
                size: 0,
                modified: None,
            }));
        }
        Ok(self.files.get(rel).map(|s| Stat {
            dir: false,
            size: match s {
                Source::Bytes(b) => b.len() as u64,
                _ => 0,
            },
            modified: None,
        }))
    }

    fn read(&self, rel: &str) -> Result<Source, FsError> {
        if self.is_dir(rel) {
            return Err(FsError::IsDirectory);
        }
        self.files.get(rel).cloned().ok_or(FsError::NotFound)
    }

    fn write(&mut self, rel: &str, bytes: Vec<u8>) -> Result<(), FsError> {
        self.files.insert(rel.to_string(), Source::Bytes(bytes));
        Ok(())
    }

    fn remove_file(&mut self, rel: &str) -> Result<(), FsError> {
        self.files.remove(rel).map(|_| ()).ok_or(FsError::NotFound)
    }

    fn make_dir(&mut self, rel: &str) -> Result<(), FsError> {
        self.dirs.insert(rel.to_string());
        Ok(())
    }

    fn remove_empty_dir(&mut self, rel: &str) -> Result<(), FsError> {
        if self.inside(rel).next().is_some() {
            return Err(FsError::NotEmpty);
        }
        self.dirs.remove(rel);
        Ok(())
    }

    fn list(&self, rel: &str) -> Result<Vec<String>, FsError> {
        let skip = rel.len() + 1;
        let names: BTreeSet<String> = self
            .inside(rel)
            .filter_map(|k| k[skip..].split('/').next().map(String::from))
            .collect();
        Ok(names.into_iter().collect())
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let moved = |k: &str| {
            (k == from || k.starts_with(&format!("{from}/")))
                .then(|| format!("{to}{}", &k[from.len()..]))
        };
        // Files keep their bytes; folders are keys alone, moved the same way.
        let files = std::mem::take(&mut self.files);
        self.files = files
            .into_iter()
            .map(|(k, source)| (moved(&k).unwrap_or(k), source))
            .collect();
        let dirs = std::mem::take(&mut self.dirs);
        self.dirs = dirs.into_iter().map(|k| moved(&k).unwrap_or(k)).collect();
        Ok(())
    }
}
