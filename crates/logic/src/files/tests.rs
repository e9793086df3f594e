use super::*;

/// A fresh folder for one disk test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mpsim-files-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Both kinds of user folders, so every rule is checked on each.
fn both(name: &str) -> Vec<(Files, Option<PathBuf>)> {
    let dir = scratch(name);
    vec![
        (Files::default(), None),
        (Files::on_disk(&dir.join("app")), Some(dir)),
    ]
}

use std::path::PathBuf;

#[test]
fn temp_paths_count_up_and_keep_the_extension() {
    let mut f = Files::default();
    let a = f.add_temp("https://a.com/x/photo.JPG?w=1", Source::Url("u".into()));
    let b = f.add_temp("noext", Source::Album("n".into()));
    assert_eq!(a, "wxfile://tmp/1.JPG");
    assert_eq!(b, "wxfile://tmp/2");
    assert_eq!(f.source(&a), Ok(Source::Url("u".into())));
    assert_eq!(
        f.readdir("wxfile://tmp"),
        Ok(vec!["1.JPG".into(), "2".into()])
    );
}

#[test]
fn places_fold_dots_but_never_climb_out() {
    assert_eq!(
        Place::of("wxfile://usr/a/../b/./c"),
        Ok(Place::File("usr/b/c".into()))
    );
    for bad in [
        "wxfile://usr/..",
        "wxfile://usr/../tmp/x",
        "wxfile://usr/a/../../store",
        "wxfile://../etc/passwd",
        "wxfile://etc/passwd",
        "wxfile://usr/a\0b",
        "wxfile://usr\\..\\..\\x",
    ] {
        assert_eq!(Place::of(bad), Err(FsError::PermissionDenied), "{bad}");
    }
    assert_eq!(
        Place::of("../../etc/passwd"),
        Err(FsError::PermissionDenied)
    );
    // An absolute path of the machine is a package path: it can only name a package file.
    assert_eq!(
        Place::of("/etc/passwd"),
        Ok(Place::Package("etc/passwd".into()))
    );
    assert_eq!(
        Place::of("https://cdn/a.png"),
        Ok(Place::Url("https://cdn/a.png".into()))
    );
}

#[test]
fn files_and_folders_follow_the_platform_rules() {
    for (mut f, dir) in both("rules") {
        let kind = if dir.is_some() { "disk" } else { "memory" };
        f.write("wxfile://usr/a.txt", b"hi".to_vec(), false)
            .unwrap();
        f.write("wxfile://usr/a.txt", b"!".to_vec(), true).unwrap();
        assert_eq!(
            f.source("wxfile://usr/a.txt"),
            Ok(Source::Bytes(b"hi!".to_vec())),
            "{kind}"
        );
        assert_eq!(
            f.write("wxfile://usr/none/a.txt", vec![], false),
            Err(FsError::NotFound),
            "{kind}"
        );
        assert_eq!(
            f.write("wxfile://usr/b.txt", vec![], true),
            Err(FsError::NotFound),
            "{kind}"
        );
        assert_eq!(
            f.mkdir("wxfile://usr/x/y", false),
            Err(FsError::NotFound),
            "{kind}"
        );
        f.mkdir("wxfile://usr/x/y", true).unwrap();
        f.mkdir("wxfile://usr/x/y", true).unwrap();
        assert_eq!(
            f.mkdir("wxfile://usr/x", false),
            Err(FsError::Exists),
            "{kind}"
        );
        assert_eq!(
            f.write("wxfile://usr/x", vec![], false),
            Err(FsError::IsDirectory),
            "{kind}"
        );
        assert_eq!(
            f.unlink("wxfile://usr/x"),
            Err(FsError::NotPermitted),
            "{kind}"
        );
        f.write("wxfile://usr/x/y/z.bin", vec![1, 2, 3], false)
            .unwrap();
        assert_eq!(
            f.readdir("wxfile://usr"),
            Ok(vec!["a.txt".into(), "x".into()]),
            "{kind}"
        );
        assert_eq!(
            f.readdir("wxfile://usr/a.txt"),
            Err(FsError::NotDirectory),
            "{kind}"
        );
        let st = f.stat("wxfile://usr/x/y/z.bin").unwrap().unwrap();
        assert!(!st.dir && st.size == 3, "{kind}");
        assert_eq!(
            f.rmdir("wxfile://usr/x", false),
            Err(FsError::NotEmpty),
            "{kind}"
        );
        f.rename("wxfile://usr/x", "wxfile://usr/w").unwrap();
        assert_eq!(
            f.files_below("wxfile://usr/w"),
            Ok(vec!["wxfile://usr/w/y/z.bin".into()])
        );
        f.rename("wxfile://usr/w/y/z.bin", "wxfile://tmp/z.bin")
            .unwrap();
        assert_eq!(
            f.source("wxfile://tmp/z.bin"),
            Ok(Source::Bytes(vec![1, 2, 3]))
        );
        f.rmdir("wxfile://usr/w", true).unwrap();
        assert_eq!(f.stat("wxfile://usr/w"), Ok(None), "{kind}");
        f.rmdir("wxfile://usr", true).unwrap();
        assert_eq!(f.readdir("wxfile://usr"), Ok(vec![]), "{kind}");
        assert_eq!(
            f.unlink("wxfile://usr/a.txt"),
            Err(FsError::NotFound),
            "{kind}"
        );
        if let Some(d) = dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

#[test]
fn the_user_folders_have_a_quota() {
    let mut f = Files::default();
    let half = vec![0u8; (QUOTA / 2) as usize];
    f.write("wxfile://usr/a", half.clone(), false).unwrap();
    f.write("wxfile://store/b", half.clone(), false).unwrap();
    assert_eq!(
        f.write("wxfile://usr/c", vec![0], false),
        Err(FsError::QuotaExceeded)
    );
    // Rewriting a file counts its new size, not both.
    f.write("wxfile://usr/a", half, false).unwrap();
    // Temp files are not the user's storage.
    f.write("wxfile://tmp/c", vec![0; 16], false).unwrap();
}

#[test]
fn user_folders_on_disk_last_between_runs() {
    let dir = scratch("persist");
    Files::on_disk(&dir)
        .write("wxfile://usr/n.txt", b"1".to_vec(), false)
        .unwrap();
    assert!(dir.join("usr/n.txt").is_file());
    let again = Files::on_disk(&dir);
    assert_eq!(
        again.source("wxfile://usr/n.txt"),
        Ok(Source::Bytes(b"1".to_vec()))
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(unix)]
#[test]
fn symlinks_leading_out_of_the_app_folder_are_refused() {
    let dir = scratch("symlink");
    let app = dir.join("app");
    let outside = dir.join("outside");
    std::fs::create_dir_all(app.join("usr")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "secret").unwrap();
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, app.join("usr").join(name)).unwrap()
    };
    link(&outside, "out");
    link(&outside.join("secret.txt"), "secret.txt");
    link(&dir.join("nowhere"), "dangling");
    std::fs::create_dir_all(app.join("usr/inner")).unwrap();
    link(&app.join("usr/inner"), "inner-link");
    let mut f = Files::on_disk(&app);
    assert_eq!(
        f.source("wxfile://usr/secret.txt").err(),
        Some(FsError::PermissionDenied)
    );
    assert_eq!(
        f.source("wxfile://usr/out/secret.txt").err(),
        Some(FsError::PermissionDenied)
    );
    assert_eq!(
        f.write("wxfile://usr/out/new.txt", vec![1], false).err(),
        Some(FsError::PermissionDenied)
    );
    assert_eq!(
        f.write("wxfile://usr/dangling", vec![1], false).err(),
        Some(FsError::PermissionDenied)
    );
    assert_eq!(
        f.readdir("wxfile://usr/out").err(),
        Some(FsError::PermissionDenied)
    );
    assert_eq!(
        f.mkdir("wxfile://usr/out/d", true).err(),
        Some(FsError::PermissionDenied)
    );
    assert_eq!(
        f.unlink("wxfile://usr/secret.txt").err(),
        Some(FsError::PermissionDenied)
    );
    assert_eq!(
        f.rename("wxfile://usr/out/secret.txt", "wxfile://usr/got")
            .err(),
        Some(FsError::PermissionDenied)
    );
    assert!(!outside.join("new.txt").exists() && outside.join("secret.txt").exists());
    // A link that stays inside is an ordinary folder, and the rest of the folder still works.
    f.write("wxfile://usr/inner-link/a", vec![2], false)
        .unwrap();
    assert_eq!(f.source("wxfile://usr/inner/a"), Ok(Source::Bytes(vec![2])));
    f.write("wxfile://usr/ok", vec![3], false).unwrap();
    // The whole user folder swapped for a link out.
    std::fs::remove_dir_all(app.join("store")).ok();
    std::os::unix::fs::symlink(&outside, app.join("store")).unwrap();
    assert_eq!(
        f.readdir("wxfile://store").err(),
        Some(FsError::PermissionDenied)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn reads_come_from_written_bytes_the_network_or_the_package() {
    let mut f = Files::default();
    f.write("wxfile://usr/a.txt", b"hi".to_vec(), false)
        .unwrap();
    let t = f.add_temp("d.png", Source::Url("https://cdn/d.png".into()));
    let vfs = mpsim_base::MemVfs::new().with("img/logo.png", b"png".to_vec());
    let fetch = |s: &Source| match s {
        Source::Url(u) if u == "https://cdn/d.png" => Some(b"remote".to_vec()),
        _ => None,
    };
    let read = |p: &str| read(&f, &vfs, p, &fetch);
    assert_eq!(read("wxfile://usr/a.txt"), Ok(b"hi".to_vec()));
    assert_eq!(read(&t), Ok(b"remote".to_vec()));
    assert_eq!(read("/img/logo.png"), Ok(b"png".to_vec()));
    assert_eq!(read("img/logo.png"), Ok(b"png".to_vec()));
    assert_eq!(read("img"), Err(FsError::IsDirectory));
    assert_eq!(read("wxfile://usr/none"), Err(FsError::NotFound));
    assert_eq!(read("https://cdn/d.png"), Ok(b"remote".to_vec()));
    assert_eq!(read("../outside.txt"), Err(FsError::PermissionDenied));
    assert_eq!(read("/etc/passwd"), Err(FsError::NotFound));
}
