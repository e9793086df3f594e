//! The app's file space on the phone: `wxfile://tmp/...` temp files (downloads, photos the
//! user picked, canvas exports) and `wxfile://usr/...` (wx.env.USER_DATA_PATH, written with
//! the FileSystemManager), besides the package's own files. Kept in memory for the run.

use mpsim_base::Vfs;
use std::collections::BTreeMap;

/// The folder wx.env.USER_DATA_PATH names.
pub const USER_DATA_PATH: &str = "wxfile://usr";

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

/// Every file the app made in this run, by its `wxfile://` path.
#[derive(Debug, Default)]
pub struct Files {
    files: BTreeMap<String, Source>,
    temp_count: usize,
}

impl Files {
    /// A new temp path for a file from `source`, keeping the extension of `name`.
    pub fn add_temp(&mut self, name: &str, source: Source) -> String {
        let base = name.split(['?', '#']).next().unwrap_or_default();
        let ext = base
            .rsplit_once('/')
            .map_or(base, |(_, f)| f)
            .rsplit_once('.')
            .map(|(_, e)| format!(".{e}"))
            .unwrap_or_default();
        self.temp_count += 1;
        let path = format!("wxfile://tmp/{}{ext}", self.temp_count);
        self.files.insert(path.clone(), source);
        path
    }

    pub fn get(&self, path: &str) -> Option<&Source> {
        self.files.get(path)
    }

    pub fn write(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(path.to_string(), Source::Bytes(bytes));
    }

    pub fn remove(&mut self, path: &str) -> bool {
        self.files.remove(path).is_some()
    }

    /// Every path, in order (folders are the prefixes of these).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// The bytes behind `path` as the app names it: a `wxfile://` file, a network URL (through
/// `fetch`, which also serves the album), or a file of the package (absolute, or relative to
/// the package root).
pub fn read(
    files: &Files,
    vfs: &dyn Vfs,
    path: &str,
    fetch: &dyn Fn(&Source) -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    if let Some(source) = files.get(path) {
        return match source {
            Source::Bytes(b) => Some(b.clone()),
            other => fetch(other),
        };
    }
    if path.starts_with("wxfile://") {
        return None;
    }
    if path.contains("://") {
        return fetch(&Source::Url(path.to_string()));
    }
    vfs.read(&mpsim_base::vpath::normalize(path)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_paths_count_up_and_keep_the_extension() {
        let mut f = Files::default();
        let a = f.add_temp("https://a.com/x/photo.JPG?w=1", Source::Url("u".into()));
        let b = f.add_temp("noext", Source::Album("n".into()));
        assert_eq!(a, "wxfile://tmp/1.JPG");
        assert_eq!(b, "wxfile://tmp/2");
        f.write("wxfile://usr/a.txt", b"hi".to_vec());
        let paths: Vec<&str> = f.paths().collect();
        assert_eq!(paths, [a.as_str(), b.as_str(), "wxfile://usr/a.txt"]);
        assert!(f.remove("wxfile://usr/a.txt") && !f.remove("wxfile://usr/a.txt"));
    }

    #[test]
    fn reads_come_from_written_bytes_the_network_or_the_package() {
        let mut f = Files::default();
        f.write("wxfile://usr/a.txt", b"hi".to_vec());
        let t = f.add_temp("d.png", Source::Url("https://cdn/d.png".into()));
        let vfs = mpsim_base::MemVfs::new().with("img/logo.png", b"png".to_vec());
        let fetch = |s: &Source| match s {
            Source::Url(u) if u == "https://cdn/d.png" => Some(b"remote".to_vec()),
            _ => None,
        };
        assert_eq!(
            read(&f, &vfs, "wxfile://usr/a.txt", &fetch),
            Some(b"hi".to_vec())
        );
        assert_eq!(read(&f, &vfs, &t, &fetch), Some(b"remote".to_vec()));
        assert_eq!(
            read(&f, &vfs, "/img/logo.png", &fetch),
            Some(b"png".to_vec())
        );
        assert_eq!(
            read(&f, &vfs, "img/logo.png", &fetch),
            Some(b"png".to_vec())
        );
        assert_eq!(read(&f, &vfs, "wxfile://usr/none", &fetch), None);
        assert_eq!(
            read(&f, &vfs, "https://cdn/d.png", &fetch),
            Some(b"remote".to_vec())
        );
    }
}
