//! wx storage on disk: one JSON file per app id under a data folder, replaced atomically
//! (written to a temporary file, flushed to the disk, then renamed over the old one) so a
//! crash or a kill never leaves half a file: the file is the old state or the new one.

use mpsim_logic::StorageBackend;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct DiskStorage {
    file: PathBuf,
}

impl DiskStorage {
    /// Storage of app `appid` under `data_dir` (`<data_dir>/<appid>/storage.json`).
    pub fn new(data_dir: &Path, appid: &str) -> DiskStorage {
        let safe: String = appid
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = if safe.is_empty() {
            "touristappid".to_string()
        } else {
            safe
        };
        DiskStorage {
            file: data_dir.join(name).join("storage.json"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.file
    }

    /// The app's folder, which also holds its user files (`usr/`, `store/`).
    pub fn app_folder(&self) -> &Path {
        self.file.parent().unwrap_or(&self.file)
    }
}

impl StorageBackend for DiskStorage {
    fn load(&self) -> Option<String> {
        std::fs::read_to_string(&self.file).ok()
    }

    fn save(&self, json: &str) -> Result<(), String> {
        let dir = self.file.parent().ok_or("storage path has no folder")?;
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        // One temporary file per process: two runs sharing a data folder do not mix halves.
        let tmp = self
            .file
            .with_extension(format!("json.{}.tmp", std::process::id()));
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(json.as_bytes())?;
            // On the disk before the rename makes it the storage, so that a power cut after
            // the rename cannot leave an empty file under the old name.
            f.sync_all()
        });
        written.map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, &self.file).map_err(|e| format!("{}: {e}", self.file.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_atomically_and_loads_back() {
        let dir = std::env::temp_dir().join(format!("mpsim-storage-{}", std::process::id()));
        let s = DiskStorage::new(&dir, "wx12/../34");
        assert!(s.path().starts_with(&dir));
        assert_eq!(s.load(), None);
        s.save(r#"{"k":"1"}"#).unwrap();
        assert_eq!(s.load().as_deref(), Some(r#"{"k":"1"}"#));
        let left: Vec<_> = std::fs::read_dir(s.path().parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, ["storage.json"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
