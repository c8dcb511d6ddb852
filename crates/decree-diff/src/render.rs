//! Text, JSON and HTML renderings of a [`Diff`]: the summary first, then the
//! changes by index and indicator, each naming both sides. Document text can hold
//! anything, so every string is passed through [`printable`] (and HTML escaping).

use crate::{only_year, Change, Diff, FieldChange, FieldValue, Group, IndicatorRef, Role, Side, TaskRef, Trend};
use std::fmt::Write;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot encode the diff as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The diff as pretty JSON (the [`Diff`] type: summary, groups, links with evidence).
pub fn json(diff: &Diff) -> Result<String, RenderError> {
    // serde_json escapes C0 controls; DEL, C1 and bidi overrides it leaves raw.
    let raw = serde_json::to_string_pretty(diff)?;
    let mut out = String::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        // Raw line breaks are the layout's own: serde_json escapes those in strings.
        if c != '\n' && unsafe_char(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    Ok(out)
}

/// Characters a terminal acts on: controls (ESC, BEL, CSI…) and bidi overrides.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text safe to print on a terminal, on one line: line breaks and tabs as spaces,
/// other controls as `\u{1b}`-style escapes.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The summary, then one block per index and indicator.
pub fn text(diff: &Diff) -> String {
    let mut out = String::new();
    for line in summary_lines(diff) {
        let _ = writeln!(out, "{line}");
    }
    for g in diff.groups.iter().filter(|g| !g.changes.iter().all(only_year)) {
        let _ = writeln!(out, "\n== {} ==", printable(&group_title(g)));
        for change in g.changes.iter().filter(|c| !only_year(c)) {
            let (mark, what, detail) = describe(change);
            let _ = writeln!(out, "{mark} {}", printable(&what));
            for line in detail {
                let _ = writeln!(out, "    {}", printable(&line.text()));
            }
        }
    }
    out
}

/// The first lines of every rendering.
pub fn summary_lines(diff: &Diff) -> Vec<String> {
    let s = &diff.summary;
    let t = &s.tasks;
    let g = &s.targets;
    vec![
        summary(diff),
        format!("  old: {}", printable(&side_label(&diff.old))),
        format!("  new: {}", printable(&side_label(&diff.new))),
        format!(
            "  tasks ({} → {}): {} kept, {} reworded, {} reassigned, {} re-dated, {} split, {} merged, \
             {} repeated per level, {} added, {} removed",
            t.old,
            t.new,
            t.kept,
            t.reworded,
            t.reassigned,
            t.redated,
            t.split,
            t.merged,
            t.repeated,
            t.added,
            t.removed
        ),
        format!(
            "  targets: {} raised, {} lowered, {} otherwise changed, {} new, {} dropped; {} {} changed; \
             {} carried to another year unchanged",
            g.raised,
            g.lowered,
            g.changed,
            g.new,
            g.dropped,
            g.baselines_changed,
            plural(g.baselines_changed, "baseline", "baselines"),
            g.carried
        ),
        format!("  indicators: {} added, {} removed", s.indicators.added, s.indicators.removed),
    ]
}

/// One line: `no changes` or `6 changes`.
pub fn summary(diff: &Diff) -> String {
    match diff.changes().count() {
        0 => String::from("no changes"),
        n => format!("{n} {}", plural(n, "change", "changes")),
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn group_title(g: &Group) -> String {
    let index = g.index.map_or("no index", |i| i.as_str());
    match &g.indicator {
        Some(i) if i.name.is_empty() => format!("{index} · {}", i.id),
        Some(i) => format!("{index} · {} {}", i.code, i.name),
        None => format!("{index} · tasks tied to no indicator"),
    }
}

fn side_label(s: &Side) -> String {
    let number = s.number.as_deref().unwrap_or("(no number)");
    let issuer = s.issuer.as_deref().unwrap_or("?");
    let date = s.issued_on.as_deref().unwrap_or("?");
    format!("{number} · {issuer} · {date} · {}", s.path)
}

/// A detail line: which side it shows, and what.
enum Line {
    Old(String),
    New(String),
}

impl Line {
    fn text(&self) -> String {
        match self {
            Line::Old(s) => format!("- old {s}"),
            Line::New(s) => format!("+ new {s}"),
        }
    }
}

fn indicator(i: &IndicatorRef) -> String {
    format!("{} {}", i.id, i.name)
}

fn task(t: &TaskRef) -> String {
    let at = t.line.map_or(String::new(), |l| format!(" (line {l})"));
    format!("{}{at}: {}", t.id, short(&t.text))
}

fn task_full(t: &TaskRef) -> String {
    format!("{} · {} · deadline {}", task(t), bodies(t), t.deadline)
}

/// At most 160 characters, cut on a character boundary.
fn short(s: &str) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(160).collect();
    if chars.next().is_some() {
        head + "…"
    } else {
        head
    }
}

fn value(v: &Option<FieldValue>) -> String {
    match v {
        Some(FieldValue::Number(x)) => x.to_string(),
        Some(FieldValue::Text(t)) => t.clone(),
        None => String::from("—"),
    }
}

fn field(f: &FieldChange) -> String {
    format!("{}: {} → {}", f.field, value(&f.old), value(&f.new))
}

fn bodies(t: &TaskRef) -> String {
    format!("lead [{}] support [{}]", t.lead.join("; "), t.support.join("; "))
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Baseline => "baseline",
        Role::Target => "target",
    }
}

fn year(y: Option<i32>) -> String {
    y.map_or(String::new(), |y| format!(" {y}"))
}

/// Marker (`-` removed, `+` added, `~` changed), headline and detail lines.
fn describe(change: &Change) -> (char, String, Vec<Line>) {
    match change {
        Change::IndicatorAdded { indicator: i } => ('+', format!("indicator added: {}", indicator(i)), vec![]),
        Change::IndicatorRemoved { indicator: i } => ('-', format!("indicator removed: {}", indicator(i)), vec![]),
        Change::TargetNew { role: r, year: y, raw, .. } => {
            ('+', format!("new {}{}", role(*r), year(*y)), vec![Line::New(format!("as printed: {raw}"))])
        }
        Change::TargetDropped { role: r, year: y, raw, .. } => {
            ('-', format!("dropped {}{}", role(*r), year(*y)), vec![Line::Old(format!("as printed: {raw}"))])
        }
        Change::TargetChanged { role: r, trend, old_raw, new_raw, fields, .. } => {
            let how = match trend {
                Some(Trend::Raised) => "raised",
                Some(Trend::Lowered) => "lowered",
                None => "changed",
            };
            let fields: Vec<String> = fields.iter().map(field).collect();
            let lines = vec![Line::Old(old_raw.clone()), Line::New(new_raw.clone())];
            ('~', format!("{} {how}: {}", role(*r), fields.join(", ")), lines)
        }
        Change::TaskAdded { task: t } => ('+', String::from("task added"), vec![Line::New(task_full(t))]),
        Change::TaskRemoved { task: t } => ('-', String::from("task removed"), vec![Line::Old(task_full(t))]),
        Change::TaskReworded { old, new, score, similarity } => (
            '~',
            format!("task reworded (link {score:.2}, text similarity {similarity:.2})"),
            vec![Line::Old(format!("{}: {}", old.id, old.text)), Line::New(format!("{}: {}", new.id, new.text))],
        ),
        Change::TaskReassigned { old, new, score } => (
            '~',
            format!("task reassigned (link {score:.2})"),
            vec![
                Line::Old(format!("{} · {}", task(old), bodies(old))),
                Line::New(format!("{} · {}", task(new), bodies(new))),
            ],
        ),
        Change::TaskRedated { old, new, score } => (
            '~',
            format!("task re-dated (link {score:.2})"),
            vec![
                Line::Old(format!("{} · deadline {}", task(old), old.deadline)),
                Line::New(format!("{} · deadline {}", task(new), new.deadline)),
            ],
        ),
        Change::TaskSplit { old, new, score } => many_new('~', "task split", old, new, *score),
        Change::TaskRepeated { old, new, score } => many_new('~', "task repeated per level", old, new, *score),
        Change::TaskMerged { old, new, score } => {
            let mut lines: Vec<Line> = old.iter().map(|o| Line::Old(task_full(o))).collect();
            lines.push(Line::New(task_full(new)));
            ('~', format!("{} tasks merged into one (link {score:.2})", old.len()), lines)
        }
    }
}

fn many_new(mark: char, what: &str, old: &TaskRef, new: &[TaskRef], score: f64) -> (char, String, Vec<Line>) {
    let mut lines = vec![Line::Old(task_full(old))];
    lines.extend(new.iter().map(|n| Line::New(task_full(n))));
    (mark, format!("{what} into {} (link {score:.2})", new.len()), lines)
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}\
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}td.old,td.new{width:42%}\
tr.removed td.old{background:#fdd}tr.added td.new{background:#dfd}tr.changed td{background:#ffd}\
del{background:#f99;text-decoration:line-through}ins{background:#9e9;text-decoration:none}h2{margin-top:1.5em}";

/// A self-contained page: the summary, then per index and indicator a table with
/// the old plan on the left and the new on the right, changed words marked.
pub fn html(diff: &Diff) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>decree diff</title>\n\
         <style>{STYLE}</style></head><body>\n"
    );
    let mut lines = summary_lines(diff).into_iter();
    let _ = writeln!(out, "<h1>{}</h1>\n<ul>", escape(&lines.next().unwrap_or_default()));
    for l in lines {
        let _ = writeln!(out, "<li>{}</li>", escape(l.trim()));
    }
    out.push_str("</ul>\n");
    for g in diff.groups.iter().filter(|g| !g.changes.iter().all(only_year)) {
        let _ = writeln!(out, "<h2>{}</h2>", escape(&group_title(g)));
        out.push_str("<table><tr><th>change</th><th>old</th><th>new</th></tr>\n");
        for change in g.changes.iter().filter(|c| !only_year(c)) {
            let (mark, what, detail) = describe(change);
            let class = match mark {
                '-' => "removed",
                '+' => "added",
                _ => "changed",
            };
            let (old, new) = html_sides(change, &detail);
            let _ = writeln!(
                out,
                "<tr class=\"{class}\"><td>{}</td><td class=\"old\">{old}</td><td class=\"new\">{new}</td></tr>",
                escape(&what)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The old and new cells: reworded texts with their changed words marked.
fn html_sides(change: &Change, detail: &[Line]) -> (String, String) {
    if let Change::TaskReworded { old, new, .. } = change {
        let (a, b) = word_diff(&old.text, &new.text);
        return (format!("{}: {a}", escape(&old.id)), format!("{}: {b}", escape(&new.id)));
    }
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for l in detail {
        match l {
            Line::Old(s) => old.push(escape(s)),
            Line::New(s) => new.push(escape(s)),
        }
    }
    (old.join("<br>"), new.join("<br>"))
}

/// Both texts, escaped, with words only the old has in `<del>` and words only the
/// new has in `<ins>`.
fn word_diff(old: &str, new: &str) -> (String, String) {
    use similar::{ChangeTag, TextDiff};
    let d = TextDiff::from_words(old, new);
    let (mut a, mut b) = (String::new(), String::new());
    for c in d.iter_all_changes() {
        let v = escape(c.value());
        match c.tag() {
            ChangeTag::Equal => {
                a.push_str(&v);
                b.push_str(&v);
            }
            ChangeTag::Delete => {
                let _ = write!(a, "<del>{v}</del>");
            }
            ChangeTag::Insert => {
                let _ = write!(b, "<ins>{v}</ins>");
            }
        }
    }
    (a, b)
}

/// HTML-escaped and printable.
fn escape(s: &str) -> String {
    printable(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let s = printable("a\u{1b}]0;title\u{7}b\u{1b}[2Jc\u{9b}d\u{202e}e");
        assert!(!s.chars().any(unsafe_char), "{s}");
        assert!(s.contains("\\u{1b}]0;title\\u{7}"));
    }

    #[test]
    fn words_marked_and_escaped() {
        let (a, b) = word_diff("Rà soát <b> thủ tục", "Rà soát kỹ <b> thủ tục");
        assert_eq!(a, "Rà soát &lt;b&gt; thủ tục");
        assert!(b.contains("<ins>kỹ</ins>") || b.contains("<ins>kỹ </ins>"), "{b}");
    }
}
