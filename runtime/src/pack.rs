//! One file holding a mini-program and how to launch it: what `mpsim web` writes beside the
//! browser build, and what the browser's logic worker loads. The app folder's files, the
//! mock rules' folder when there is one, and the launch settings travel together, so a
//! static server needs to serve one file for the app.
//!
//! The format is a small binary one (no base64, which would grow the app by a third): the
//! magic `MPSIMPK1`, a little-endian u32 count, then per file a u32 path length, the UTF-8
//! path, a u32 data length and the bytes. Paths are `app/...` for the app, `mock/...` for the
//! rules' folder, and `launch.json`.

use mpsim_base::{DiskVfs, MemVfs, Vfs};
use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8; 8] = b"MPSIMPK1";
const LAUNCH: &str = "launch.json";

/// How the packed app starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    /// The first page with its query; the entry page when `None`.
    pub page: Option<String>,
    /// A device preset or `WxH@DPR`.
    pub device: String,
    /// The mock rules file's name inside the mock folder, when the network is mocked.
    pub mock_rules: Option<String>,
}

/// A packed app.
#[derive(Debug, Clone, Default)]
pub struct Pack {
    pub app: MemVfs,
    /// The folder of the mock rules file.
    pub mock: MemVfs,
    pub launch: Launch,
}

impl Pack {
    /// Packs the app folder `dir` (every file but hidden ones and node_modules, as the
    /// compiler sees it), and the folder of `mock_rules` when given.
    pub fn from_folder(
        dir: &Path,
        mock_rules: Option<&Path>,
        launch: Launch,
    ) -> Result<Pack, String> {
        let app = copy(&DiskVfs::new(dir))?;
        let mut launch = launch;
        let mock = match mock_rules {
            None => MemVfs::new(),
            Some(rules) => {
                if !rules.is_file() {
                    return Err(format!("{}: no such mock rules file", rules.display()));
                }
                let name = rules.file_name().map(|n| n.to_string_lossy().into_owned());
                launch.mock_rules = name;
                copy(&DiskVfs::new(rules.parent().unwrap_or(Path::new("."))))?
            }
        };
        Ok(Pack { app, mock, launch })
    }

    /// The pack as one file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        for (prefix, vfs) in [("app", &self.app), ("mock", &self.mock)] {
            for path in vfs.list_files("") {
                if let Ok(bytes) = vfs.read(&path) {
                    entries.push((format!("{prefix}/{path}"), bytes));
                }
            }
        }
        let launch = serde_json::to_vec(&self.launch).unwrap_or_default();
        entries.push((LAUNCH.into(), launch));
        out.extend((entries.len() as u32).to_le_bytes());
        for (path, bytes) in entries {
            out.extend((path.len() as u32).to_le_bytes());
            out.extend(path.as_bytes());
            out.extend((bytes.len() as u32).to_le_bytes());
            out.extend(bytes);
        }
        out
    }

    /// Reads a pack; a truncated or foreign file is an error saying so.
    pub fn from_bytes(bytes: &[u8]) -> Result<Pack, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err("not an mpsim app pack (the file does not start with MPSIMPK1)".into());
        }
        let count = r.u32()?;
        let mut pack = Pack::default();
        for _ in 0..count {
            let len = r.u32()? as usize;
            let path = String::from_utf8(r.take(len)?.to_vec())
                .map_err(|_| "a path in the pack is not UTF-8".to_string())?;
            let len = r.u32()? as usize;
            let data = r.take(len)?;
            if let Some(p) = path.strip_prefix("app/") {
                pack.app.insert(p, data);
            } else if let Some(p) = path.strip_prefix("mock/") {
                pack.mock.insert(p, data);
            } else if path == LAUNCH {
                pack.launch = serde_json::from_slice(data)
                    .map_err(|e| format!("the pack's launch.json: {e}"))?;
            }
        }
        Ok(pack)
    }
}

/// Every file of `vfs` in memory.
fn copy(vfs: &dyn Vfs) -> Result<MemVfs, String> {
    let mut out = MemVfs::new();
    for path in vfs.list_files("") {
        let bytes = vfs.read(&path).map_err(|e| e.to_string())?;
        out.insert(&path, bytes);
    }
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end =
            end.ok_or_else(|| format!("the pack ends early (at byte {})", self.bytes.len()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_folder_reads_back_whole() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/network");
        let launch = Launch {
            page: Some("pages/index/index?x=1".into()),
            device: "iphonex".into(),
            mock_rules: None,
        };
        let pack = Pack::from_folder(&dir, Some(&dir.join("mock/rules.json")), launch).unwrap();
        let back = Pack::from_bytes(&pack.to_bytes()).unwrap();
        assert_eq!(back.launch.mock_rules.as_deref(), Some("rules.json"));
        assert_eq!(back.launch.device, "iphonex");
        let files = back.app.list_files("");
        assert_eq!(files, DiskVfs::new(&dir).list_files(""));
        assert!(files.iter().any(|f| f == "app.json"));
        assert_eq!(
            back.app.read("app.json"),
            DiskVfs::new(&dir).read("app.json")
        );
        assert!(back.mock.is_file("rules.json"));
    }

    #[test]
    fn a_foreign_or_cut_file_is_refused() {
        assert!(
            Pack::from_bytes(b"PK\x03\x04 zip")
                .unwrap_err()
                .contains("MPSIMPK1")
        );
        let bytes = Pack::default().to_bytes();
        let cut = &bytes[..bytes.len() - 3];
        assert!(Pack::from_bytes(cut).unwrap_err().contains("ends early"));
        let mut huge = MAGIC.to_vec();
        huge.extend(u32::MAX.to_le_bytes());
        huge.extend(u32::MAX.to_le_bytes());
        assert!(Pack::from_bytes(&huge).is_err());
    }
}
