//! An interrupted build leaves no staging folder: SIGTERM and Ctrl-C clean up before exiting,
//! and a later build removes what a killed (SIGKILL) build left.

use crate::support::book::BookTest;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A site big enough that a debug build takes a while.
fn big_site() -> BookTest {
    let mut test = BookTest::fixture("small");
    let body = "Some text with a [link](../guide.md) and **bold** words.\n\n".repeat(40);
    for i in 0..400 {
        test.write(
            &format!("content/en-US/bulk/page-{i}.md"),
            format!("---\ntitle: Page {i}\ndescription: d\nms.date: 2021-03-04\n---\n# Page {i}\n\n{body}"),
        );
    }
    test
}

/// The staging folders beside the output `out`.
fn staging_folders(out: &Path) -> Vec<String> {
    let name = out
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    std::fs::read_dir(out.parent().expect("a parent"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&format!(".{name}.staging-")))
                .collect()
        })
        .unwrap_or_default()
}

/// Starts `tolk build`, waits until its staging folder exists, sends `signal`, and returns the
/// exit status (`None` when killed).
fn interrupt(test: &BookTest, signal: &str) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(["build", "--root"])
        .arg(&test.root)
        .arg("--out")
        .arg(&test.out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run tolk");
    let started = Instant::now();
    let parent = test.out.parent().expect("a parent").to_path_buf();
    let marked = || {
        staging_folders(&test.out)
            .iter()
            .any(|s| parent.join(s).join("en-US").is_dir())
    };
    while !marked() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(marked(), "no staging folder with pages appeared");
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill(1)");
    assert!(sent.success());
    child.wait().expect("wait for tolk").code()
}

#[test]
fn sigterm_and_ctrl_c_remove_the_staging_folder_before_exiting() {
    let test = big_site();
    for (signal, code) in [("-TERM", 143), ("-INT", 130)] {
        let status = interrupt(&test, signal);
        assert_eq!(status, Some(code), "{signal}");
        assert_eq!(staging_folders(&test.out), Vec::<String>::new(), "{signal}");
        assert!(!test.out.exists(), "{signal}: a partial site was published");
    }
}

#[test]
fn a_later_build_removes_what_a_killed_build_left() {
    let mut test = big_site();
    assert_eq!(interrupt(&test, "-KILL"), None);
    assert_eq!(
        staging_folders(&test.out).len(),
        1,
        "SIGKILL cannot be caught"
    );
    test.write("content/en-US/bulk/page-0.md", "---\ntitle: T\n---\n# T\n");
    let run = test.cli(&["build"]);
    run.assert_exit(0);
    assert_eq!(staging_folders(&test.out), Vec::<String>::new());
}
