#![allow(clippy::unwrap_used)]
//! wx storage survives a crash: `mpsim trace` runs `fixtures/storage-crash`'s writer (1,000
//! whole states stored one after another) with `--data-dir`, is killed with SIGKILL in the
//! middle, and the storage file it leaves must be JSON that a new run loads, holding one
//! whole state, never a torn one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/storage-crash")
}

fn mpsim(data: &Path, page: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mpsim"));
    c.arg("trace")
        .arg(fixture())
        .args(["--page", page, "--data-dir"])
        .arg(data);
    c
}

/// What the reader page finds: its console line and any warning of the run.
fn read_back(data: &Path) -> (String, Vec<String>) {
    let out = mpsim(data, "pages/read/read").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut line = String::new();
    let mut warnings = Vec::new();
    for l in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        match v["type"].as_str() {
            Some("console") => {
                line = v["args"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            Some("warning" | "error") => warnings.push(l.to_string()),
            _ => {}
        }
    }
    (line, warnings)
}

#[test]
fn a_writer_killed_mid_write_leaves_a_whole_state_that_loads() {
    let root = std::env::temp_dir().join(format!("mpsim-storage-crash-{}", std::process::id()));
    let mut interrupted = 0;
    // Kill at different moments after the first write reached the disk.
    for (round, delay_ms) in [0u64, 5, 20, 60, 150, 300, 500].into_iter().enumerate() {
        let data = root.join(round.to_string());
        let _ = std::fs::remove_dir_all(&data);
        let file = data.join("wxstoragecrash01/storage.json");
        let mut writer = mpsim(&data, "pages/write/write")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !file.exists() && start.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(
            file.exists(),
            "round {round}: the writer never wrote storage"
        );
        std::thread::sleep(Duration::from_millis(delay_ms));
        // Child::kill is SIGKILL on Unix: no destructor, no flush, the process just stops.
        writer.kill().unwrap();
        writer.wait().unwrap();

        let text = std::fs::read_to_string(&file).unwrap();
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
        assert!(
            parsed.is_ok(),
            "round {round}: storage.json is broken: {text:.200}"
        );
        let (line, warnings) = read_back(&data);
        assert_eq!(warnings, Vec::<String>::new(), "round {round}");
        let words: Vec<&str> = line.split(' ').collect();
        assert_eq!(words.len(), 4, "round {round}: {line}");
        assert_eq!(
            (words[0], words[2], words[3]),
            ("state", "whole", "kept"),
            "round {round}: {line}"
        );
        let n: u32 = words[1].parse().unwrap();
        assert!(n <= 1000, "{line}");
        if n < 1000 {
            interrupted += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    // Rounds that ended after the last write prove nothing; most must have cut the loop.
    assert!(
        interrupted >= 3,
        "only {interrupted} of 7 kills came mid-loop"
    );
}
