//! `.doc` (Word 97-2003) through LibreOffice: `soffice --headless --convert-to
//! docx` in a private temporary directory, with a time limit.

use crate::DocxError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A plan of a few hundred pages converts in seconds; a hung converter is
/// killed after this. `DECREE_SOFFICE_TIMEOUT` (seconds) overrides it.
const DEFAULT_TIMEOUT: u64 = 60;

/// Converts a `.doc` file's bytes to `.docx` bytes.
pub(crate) fn doc_to_docx(bytes: &[u8]) -> Result<Vec<u8>, DocxError> {
    let soffice = find_soffice().ok_or(DocxError::NoLibreOffice)?;
    let io = |what: &str, e: std::io::Error| DocxError::Convert(format!("{what}: {e}"));
    let dir = tempfile::tempdir().map_err(|e| io("cannot make a temporary directory", e))?;
    let input = dir.path().join("input.doc");
    let out_dir = dir.path().join("out");
    std::fs::write(&input, bytes).map_err(|e| io("cannot write the temporary copy", e))?;
    let log =
        std::fs::File::create(dir.path().join("soffice.log")).map_err(|e| io("cannot write the converter log", e))?;
    let mut cmd = Command::new(&soffice);
    // A private profile: a LibreOffice already running for the user (or a
    // conversion running in parallel) must not take over this one.
    cmd.arg(format!("-env:UserInstallation={}", file_url(&dir.path().join("profile"))))
        .args(["--headless", "--norestore", "--convert-to", "docx", "--outdir"])
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().map_err(|e| io(&format!("cannot run {}", soffice.display()), e))?;
    let limit = timeout();
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                kill(&mut child);
                return Err(DocxError::ConvertTimeout(limit.as_secs()));
            }
            Err(e) => return Err(io("lost the converter process", e)),
        }
    };
    let output = out_dir.join("input.docx");
    std::fs::read(&output).map_err(|_| {
        let log = std::fs::read_to_string(dir.path().join("soffice.log")).unwrap_or_default();
        let tail: String = log.lines().rev().take(3).collect::<Vec<_>>().join(" / ");
        DocxError::Convert(format!("no output ({status}); {}", tail.trim()))
    })
}

fn timeout() -> Duration {
    let secs =
        std::env::var("DECREE_SOFFICE_TIMEOUT").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(DEFAULT_TIMEOUT);
    Duration::from_secs(secs)
}

/// Kills the converter and the processes it started (`soffice` runs
/// `soffice.bin` as a child in its process group).
fn kill(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// `soffice` (or `libreoffice`) on PATH. `DECREE_SOFFICE` names one elsewhere.
pub fn find_soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DECREE_SOFFICE").map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .find_map(|dir| ["soffice", "libreoffice", "soffice.exe"].iter().map(|n| dir.join(n)).find(|p| p.is_file()))
}

fn file_url(path: &Path) -> String {
    let s = path.display().to_string();
    if s.starts_with('/') {
        format!("file://{s}")
    } else {
        format!("file:///{}", s.replace('\\', "/"))
    }
}
