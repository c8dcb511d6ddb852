//! The report people read: one self-contained HTML file per batch (no network,
//! no script): the batch at a glance, then per document its header, its
//! targets drawn as inline SVG, its findings, its tasks by lead body and by
//! quarter, and what could not be read.
//!
//! It reads a `decree convert` output directory (`manifest.json`,
//! `errors.ndjson`, `<stem>.json`), so it is written after the batch. Every
//! text goes through maud's escaping; nothing from a document is ever markup.

mod document;
mod glance;
mod svg;

use decree_model::Records;
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is not what decree convert writes: {source}")]
    Json { path: PathBuf, source: serde_json::Error },
}

/// One input as the manifest records it (only what the report shows).
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub path: String,
    pub stem: String,
    pub format: Option<String>,
    pub status: String,
    pub error: Option<String>,
}

/// One line of `errors.ndjson`.
#[derive(Debug, Clone, Deserialize)]
pub struct Failure {
    pub path: String,
    pub error: Option<String>,
    /// What kind of failure (`encrypted`, `damaged`, `timed_out`…), when the batch says.
    #[serde(default)]
    pub error_kind: Option<String>,
}

/// A converted batch: what the report is made of.
#[derive(Debug, Default)]
pub struct Batch {
    pub entries: Vec<Entry>,
    pub failures: Vec<Failure>,
    pub documents: Vec<Records>,
}

#[derive(Deserialize)]
struct Manifest {
    inputs: Vec<Entry>,
}

/// Reads a `decree convert` output directory: the manifest's inputs, the
/// failures and each converted document's records.
pub fn read_batch(out: &Path) -> Result<Batch, ReportError> {
    let manifest: Manifest = serde_json::from_str(&read(&out.join("manifest.json"))?)
        .map_err(|source| ReportError::Json { path: out.join("manifest.json"), source })?;
    let errors_path = out.join("errors.ndjson");
    let mut failures = Vec::new();
    if errors_path.exists() {
        for line in read(&errors_path)?.lines().filter(|l| !l.trim().is_empty()) {
            let failure =
                serde_json::from_str(line).map_err(|source| ReportError::Json { path: errors_path.clone(), source })?;
            failures.push(failure);
        }
    }
    let mut documents = Vec::new();
    for entry in manifest.inputs.iter().filter(|e| e.status == "ok") {
        let path = out.join(format!("{}.json", entry.stem));
        let records = serde_json::from_str(&read(&path)?).map_err(|source| ReportError::Json { path, source })?;
        documents.push(records);
    }
    Ok(Batch { entries: manifest.inputs, failures, documents })
}

fn read(path: &Path) -> Result<String, ReportError> {
    std::fs::read_to_string(path).map_err(|source| ReportError::Io { path: path.to_owned(), source })
}

/// The report as one HTML page.
pub fn render(batch: &Batch) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Báo cáo decree" }
                style { (maud::PreEscaped(CSS)) }
            }
            body {
                h1 { "Báo cáo decree" }
                (glance::section(batch))
                (contents(batch))
                @for (n, records) in batch.documents.iter().enumerate() {
                    (document::section(n, records))
                }
            }
        }
    };
    page.into_string()
}

/// Writes the report of the output directory `out` to `html`; returns its size in bytes.
pub fn write_report(out: &Path, html: &Path) -> Result<usize, ReportError> {
    let page = render(&read_batch(out)?);
    let io = |source| ReportError::Io { path: html.to_owned(), source };
    if let Some(dir) = html.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = html.with_extension("html.tmp");
    std::fs::write(&tmp, page.as_bytes()).and_then(|()| std::fs::rename(&tmp, html)).map_err(io)?;
    Ok(page.len())
}

fn contents(batch: &Batch) -> Markup {
    html! {
        nav {
            h2 { "Văn bản" }
            ol {
                @for (n, r) in batch.documents.iter().enumerate() {
                    li {
                        a href=(format!("#doc-{n}")) { (document::label(r)) }
                        " · " span.muted { (r.document.source.path) }
                        " · " (r.targets.len()) " chỉ tiêu, " (r.tasks.len()) " nhiệm vụ, "
                        (r.findings.len()) " phát hiện"
                    }
                }
            }
        }
    }
}

const CSS: &str = "
body{font:14px/1.45 system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:0 auto;max-width:1100px;padding:0 16px 48px;color:#1d2733}
h1{margin:24px 0 8px}h2{margin:28px 0 8px;border-bottom:2px solid #dce6f1}h3{margin:18px 0 6px}
section.doc{border-top:4px solid #2f5d8a;margin-top:36px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d6dde5;padding:3px 7px;vertical-align:top;text-align:left}
th{background:#eef3f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
dl.head{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}dl.head dt{font-weight:600}dl.head dd{margin:0}
.muted{color:#66727f}.err{color:#b3261e}.warn{color:#9a6700}
details{margin:3px 0}summary{cursor:pointer}ol.tasks li{margin:3px 0}
.dl{color:#2f5d8a;white-space:nowrap}
svg{display:block;max-width:100%;height:auto;margin:4px 0}
svg text{font:11px system-ui,sans-serif;fill:#1d2733}
.b{fill:#b9c3cd}.t{fill:#2f8a5d}.q{fill:#2f5d8a}.o{fill:#b9c3cd}.g{stroke:#e4e9ee}.j{stroke:#2f8a5d;stroke-width:2}
.legend .sw{display:inline-block;width:12px;height:8px;margin:0 4px 0 10px}
";

#[cfg(test)]
mod tests;
