//! Text, JSON and HTML renderings of a [`Diff`].

use crate::{Change, Diff, FieldChange, IndicatorRef, Side, TaskRef};
use std::fmt::Write;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot encode the diff as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The diff as pretty JSON (the [`Diff`] type, serde).
pub fn json(diff: &Diff) -> Result<String, RenderError> {
    Ok(serde_json::to_string_pretty(diff)? + "\n")
}

/// One line per change, `diff -u` style markers: `-` removed, `+` added, `~` changed.
pub fn text(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "--- {}", side_label(&diff.old));
    let _ = writeln!(out, "+++ {}", side_label(&diff.new));
    for change in &diff.changes {
        let (mark, what, detail) = describe(change);
        let _ = writeln!(out, "{mark} {what}");
        for line in detail {
            let _ = writeln!(out, "    {line}");
        }
    }
    let _ = writeln!(out, "{}", summary(diff));
    out
}

/// A self-contained HTML page with one table row per change.
pub fn html(diff: &Diff) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>decree diff</title>\n<style>\
         body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;\
         padding:4px 8px;vertical-align:top}.m-{background:#fdd}.m\\+{background:#dfd}.m~{background:#ffd}\
         </style></head><body>\n",
    );
    let _ = writeln!(out, "<p>old: {}<br>new: {}</p>", escape(&side_label(&diff.old)), escape(&side_label(&diff.new)));
    let _ = writeln!(out, "<p>{}</p>", escape(&summary(diff)));
    out.push_str("<table><tr><th></th><th>change</th><th>details</th></tr>\n");
    for change in &diff.changes {
        let (mark, what, detail) = describe(change);
        let detail: Vec<String> = detail.iter().map(|d| escape(d)).collect();
        let _ = writeln!(
            out,
            "<tr class=\"m{mark}\"><td>{mark}</td><td>{}</td><td>{}</td></tr>",
            escape(&what),
            detail.join("<br>")
        );
    }
    out.push_str("</table></body></html>\n");
    out
}

fn side_label(s: &Side) -> String {
    let number = s.number.as_deref().unwrap_or("(no number)");
    let issuer = s.issuer.as_deref().unwrap_or("?");
    let date = s.issued_on.as_deref().unwrap_or("?");
    format!("{number} · {issuer} · {date} · {}", s.path)
}

/// Counts per kind of change, e.g. `3 targets changed, 1 task removed`.
pub fn summary(diff: &Diff) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for change in &diff.changes {
        let kind = kind(change);
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    if counts.is_empty() {
        return String::from("no changes");
    }
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!("{} changes: {}", diff.changes.len(), parts.join(", "))
}

fn kind(change: &Change) -> &'static str {
    match change {
        Change::IndicatorAdded { .. } => "indicators added",
        Change::IndicatorRemoved { .. } => "indicators removed",
        Change::TargetAdded { .. } => "targets added",
        Change::TargetRemoved { .. } => "targets removed",
        Change::TargetChanged { .. } => "targets changed",
        Change::TaskAdded { .. } => "tasks added",
        Change::TaskRemoved { .. } => "tasks removed",
        Change::TaskReworded { .. } => "tasks reworded",
        Change::TaskReassigned { .. } => "tasks reassigned",
        Change::TaskRedated { .. } => "tasks re-dated",
    }
}

fn indicator(i: &IndicatorRef) -> String {
    format!("indicator {} {}", i.id, i.name)
}

fn task(t: &TaskRef) -> String {
    let at = t.line.map_or(String::new(), |l| format!(" (line {l})"));
    format!("task {}{at}: {}", t.id, short(&t.text))
}

/// At most 100 characters, cut on a character boundary.
fn short(s: &str) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(100).collect();
    if chars.next().is_some() {
        head + "…"
    } else {
        head
    }
}

fn field(f: &FieldChange) -> String {
    let show = |v: Option<f64>| v.map_or(String::from("—"), |x| x.to_string());
    format!("{}: {} → {}", f.field, show(f.old), show(f.new))
}

fn bodies(t: &TaskRef) -> String {
    format!("lead [{}] support [{}]", t.lead.join("; "), t.support.join("; "))
}

/// Marker, headline and detail lines of one change.
fn describe(change: &Change) -> (char, String, Vec<String>) {
    match change {
        Change::IndicatorAdded { indicator: i } => ('+', indicator(i), vec![]),
        Change::IndicatorRemoved { indicator: i } => ('-', indicator(i), vec![]),
        Change::TargetAdded { indicator: i, raw } => ('+', format!("target of {}", indicator(i)), raw_line(raw)),
        Change::TargetRemoved { indicator: i, raw } => ('-', format!("target of {}", indicator(i)), raw_line(raw)),
        Change::TargetChanged { new, fields, .. } => {
            ('~', format!("target of {}", indicator(new)), fields.iter().map(field).collect())
        }
        Change::TaskAdded { task: t } => ('+', task(t), vec![bodies(t), format!("deadline {}", t.deadline)]),
        Change::TaskRemoved { task: t } => ('-', task(t), vec![bodies(t), format!("deadline {}", t.deadline)]),
        Change::TaskReworded { old, new, similarity } => (
            '~',
            format!("reworded {} → {} (similarity {similarity:.2})", old.id, new.id),
            vec![format!("- {}", old.text), format!("+ {}", new.text)],
        ),
        Change::TaskReassigned { old, new } => {
            ('~', format!("reassigned {}", task(new)), vec![format!("- {}", bodies(old)), format!("+ {}", bodies(new))])
        }
        Change::TaskRedated { old, new } => {
            ('~', format!("re-dated {}", task(new)), vec![format!("- {}", old.deadline), format!("+ {}", new.deadline)])
        }
    }
}

fn raw_line(raw: &Option<String>) -> Vec<String> {
    raw.iter().map(|r| format!("as printed: {r}")).collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
