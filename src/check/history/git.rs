//! Running git for [`super`]: fixed arguments, never a shell, paths after `--`, the variables
//! that would point git at another repository removed, and only reading commands (`rev-parse`,
//! `ls-files`, `log`, `cat-file`), which run no hooks.

use super::Unavailable;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// `git -C dir` with the options every call shares.
fn command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        // Paths as they are; and no fsmonitor hook, which a site's own git config could name.
        .args(["-c", "core.quotepath=off", "-c", "core.fsmonitor=false"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    command
}

fn spawn_error(e: std::io::Error) -> Unavailable {
    match e.kind() {
        std::io::ErrorKind::NotFound => Unavailable::NoGit,
        _ => Unavailable::Failed(e.to_string()),
    }
}

/// What one finished git command printed, and whether it succeeded.
pub struct Output {
    pub success: bool,
    pub stdout: Vec<u8>,
    /// Standard error, trimmed: git's own words for a failure.
    pub stderr: String,
}

/// Runs `git -C dir args...` to the end.
pub fn run(dir: &Path, args: &[&str]) -> Result<Output, Unavailable> {
    let output = command(dir)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(spawn_error)?;
    Ok(Output {
        success: output.status.success(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
    })
}

/// Runs `git -C dir args...`; its standard output, or [`Unavailable::Failed`] with git's words.
pub fn read(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Unavailable> {
    let output = run(dir, args)?;
    if output.success {
        Ok(output.stdout)
    } else {
        Err(Unavailable::Failed(output.stderr))
    }
}

/// One `git cat-file --batch` for the life of a lookup: blobs by id, one process for all of
/// them instead of a `git show` per version.
pub struct Blobs {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Blobs {
    /// Starts `git cat-file --batch` in the work tree `top`.
    pub fn start(top: &Path) -> Result<Blobs, Unavailable> {
        let mut child = command(top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(spawn_error)?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Unavailable::Failed("git cat-file has no pipes".into()));
        };
        Ok(Blobs {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
        })
    }

    /// The content of blob `id`; `Ok(None)` when the repository lacks it.
    pub fn get(&mut self, id: &str) -> std::io::Result<Option<Vec<u8>>> {
        let broken = || std::io::Error::new(std::io::ErrorKind::BrokenPipe, "git cat-file ended");
        let stdin = self.stdin.as_mut().ok_or_else(broken)?;
        // An id is hex: a newline in it would ask for a second object.
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        stdin.write_all(id.as_bytes())?;
        stdin.write_all(b"\n")?;
        stdin.flush()?;
        let mut header = String::new();
        if self.stdout.read_line(&mut header)? == 0 {
            return Err(broken());
        }
        // `<id> <type> <size>`, or `<id> missing`.
        let mut fields = header.split_whitespace().skip(1);
        let (Some(kind), Some(size)) = (fields.next(), fields.next()) else {
            return Ok(None);
        };
        let size: usize = size
            .parse()
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, header.clone()))?;
        let mut content = vec![0; size + 1];
        self.stdout.read_exact(&mut content)?;
        content.pop();
        Ok((kind == "blob").then_some(content))
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        // Closing its input ends `cat-file`.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
