use super::*;
use std::os::unix::fs::symlink;

fn site() -> (tempfile::TempDir, PathBuf, SiteFs) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content/en-US")).unwrap();
    std::fs::write(tmp.path().join("secret"), "MARKER").unwrap();
    let fs = SiteFs::new(&root);
    (tmp, root, fs)
}

#[test]
fn regular_files_inside_are_read() {
    let (_tmp, root, fs) = site();
    std::fs::write(root.join("content/en-US/a.md"), "# A").unwrap();
    assert_eq!(fs.read(&root.join("content/en-US/a.md")).unwrap(), b"# A");
    assert_eq!(
        fs.read_head(&root.join("content/en-US/a.md"), 1).unwrap(),
        b"#"
    );
    assert!(fs
        .read(&root.join("content/en-US/b.md"))
        .unwrap_err()
        .is_not_found());
}

#[test]
fn links_are_refused_wherever_they_are() {
    let (tmp, root, fs) = site();
    let secret = tmp.path().join("secret");
    symlink(&secret, root.join("content/en-US/zz.md")).unwrap();
    symlink(tmp.path(), root.join("content/nl-NL")).unwrap();
    symlink("nowhere", root.join("content/dangling.md")).unwrap();
    for p in [
        "content/en-US/zz.md",
        "content/nl-NL/secret",
        "content/dangling.md",
    ] {
        let e = fs.read(&root.join(p)).unwrap_err();
        assert!(matches!(e.refusal, Refusal::Symlink), "{p}: {e}");
        assert!(!e.diagnostic().message.contains("MARKER"));
    }
    let (files, refused) = fs.walk(&root.join("content"));
    assert!(files.is_empty(), "{files:?}");
    assert_eq!(refused.len(), 3);
}

#[test]
fn paths_outside_the_root_are_refused() {
    let (tmp, root, fs) = site();
    for p in [tmp.path().join("secret"), root.join("../secret")] {
        let e = fs.read(&p).unwrap_err();
        assert!(
            matches!(e.refusal, Refusal::Outside),
            "{}: {e}",
            p.display()
        );
    }
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let (_tmp, root, fs) = site();
    let fifo = root.join("content/en-US/pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success(), "mkfifo");
    let e = fs.read(&fifo).unwrap_err();
    assert!(matches!(e.refusal, Refusal::Special("a FIFO")), "{e}");
    let (files, refused) = fs.walk(&root.join("content"));
    assert!(files.is_empty() && refused.len() == 1);
}

#[test]
fn a_relative_root_works() {
    let fs = SiteFs::new(Path::new("."));
    assert!(fs.read(Path::new("Cargo.toml")).is_ok());
    let e = fs.read(Path::new("/etc/hostname")).unwrap_err();
    assert!(matches!(e.refusal, Refusal::Outside), "{e}");
}

#[test]
fn walk_stat_stamps_the_files_walk_lists_and_sees_edits() {
    let (tmp, root, fs) = site();
    let a = root.join("content/en-US/a.md");
    std::fs::write(&a, "# A").unwrap();
    std::fs::create_dir(root.join("content/en-US/sub")).unwrap();
    std::fs::write(root.join("content/en-US/sub/b.md"), "# B").unwrap();
    symlink(tmp.path().join("secret"), root.join("content/en-US/zz.md")).unwrap();
    let (stamped, refused) = fs.walk_stat(&root.join("content"));
    let (plain, refused_plain) = fs.walk(&root.join("content"));
    let paths: Vec<PathBuf> = stamped.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(paths, plain);
    assert_eq!((refused.len(), refused_plain.len()), (1, 1));
    let before = stamped[0].1;
    assert_eq!(before.len, 3);
    std::fs::write(&a, "# A, longer").unwrap();
    let after = fs.walk_stat(&root.join("content")).0[0].1;
    assert_ne!(before, after);
    let now = std::time::SystemTime::now();
    assert!(after.is_racy(now, std::time::Duration::from_secs(2)));
    let later = now + std::time::Duration::from_secs(10);
    assert!(!after.is_racy(later, std::time::Duration::from_secs(2)));
}
