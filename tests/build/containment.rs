//! Property: whatever links and special files an author or translator plants in a site (links
//! to a secret file or folder outside the root, dangling links, FIFOs), no byte of the secret
//! reaches the output folder or the build's diagnostics, and the build neither panics nor
//! hangs. Cases are random trees over the fixture `small` (proptest, a modest case count).

use super::security::{assert_no_marker_in, make_fifo, plant_secret, MARKER};
use crate::support::book::BookTest;
use proptest::prelude::*;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

/// Where things get planted (`{n}` is the plant's number).
const PLACES: &[&str] = &[
    "content/en-US/p{n}.md",
    "content/en-US/media/m{n}.png",
    "content/en-US/media/m{n}.svg",
    "content/en-US/sub{n}",
    "content/nl-NL/p{n}.md",
    "content/tr-TR",
    "locales/nl-NL/z{n}.ftl",
    "locales/tr-TR",
    "static/s{n}.css",
    "templates/404.html",
    "form.yaml",
    "book.toml",
];

#[derive(Debug, Clone, Copy)]
enum Plant {
    LinkToSecretFile,
    LinkToSecretFolder,
    Dangling,
    Fifo,
}

fn plant() -> impl Strategy<Value = (usize, Plant)> {
    let kind = prop_oneof![
        Just(Plant::LinkToSecretFile),
        Just(Plant::LinkToSecretFolder),
        Just(Plant::Dangling),
        Just(Plant::Fifo),
    ];
    (0..PLACES.len(), kind)
}

/// A page that shows and links every media file a plant may have become.
const REFS: &str = "---\ntitle: Refs\ndescription: d\n---\n# Refs\n\n![a](media/m0.png) ![b](media/m1.svg) ![c](media/m2.png)\n\n[d](media/m3.svg) [e](sub0/x.png) [f](p1.md)\n";

fn plant_all(test: &mut BookTest, plants: &[(usize, Plant)]) {
    let secret_page =
        "---\ntitle: {MARKER}\ndescription: {MARKER}\n---\n# {MARKER}\n\n{MARKER} = {MARKER}\n";
    let file = plant_secret(test, "secret.md", secret_page);
    for name in ["site.ftl", "guide.md", "x.png", "m0.png", "s.css"] {
        plant_secret(test, &format!("secretdir/{name}"), secret_page);
    }
    let folder = file.parent().expect("test setup").join("secretdir");
    test.write("content/en-US/refs.md", REFS);
    test.write("content/nl-NL/refs.md", REFS);
    for (n, (place, kind)) in plants.iter().enumerate() {
        let path = test
            .root
            .join(PLACES[*place].replace("{n}", &n.to_string()));
        if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(&path).expect("test setup");
        } else if path.symlink_metadata().is_ok() {
            std::fs::remove_file(&path).expect("test setup");
        }
        std::fs::create_dir_all(path.parent().expect("test setup")).expect("test setup");
        match kind {
            Plant::LinkToSecretFile => symlink(&file, &path).expect("test setup"),
            Plant::LinkToSecretFolder => symlink(&folder, &path).expect("test setup"),
            Plant::Dangling => symlink("../../nowhere", &path).expect("test setup"),
            Plant::Fifo => make_fifo(&path),
        }
    }
}

/// Builds in another thread, failing when it takes longer than `limit` (a FIFO opened for
/// reading blocks until a writer comes: never).
fn build_or_hang(root: &Path, out: &Path, limit: Duration) -> tolk::site::BuildReport {
    let options = tolk::site::BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        write: true,
        deny_warnings: false,
    };
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(tolk::site::build(&options));
    });
    receive
        .recv_timeout(limit)
        .expect("the build finished in time, without a panic")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn nothing_outside_the_root_reaches_output_or_log(
        plants in proptest::collection::vec(plant(), 1..6)
    ) {
        let mut test = BookTest::fixture("small");
        plant_all(&mut test, &plants);
        let report = build_or_hang(&test.root, &test.out, Duration::from_secs(60));
        let log: String = report.diagnostics.iter().map(|d| format!("{d}\n")).collect();
        prop_assert!(!log.contains(MARKER), "the secret reached the log:\n{}", log);
        prop_assert!(report.diagnostics.has_errors(), "a planted file went unnoticed:\n{}", log);
        assert_no_marker_in(&test.out);
    }
}
