//! The gold scorer, a faithful port of the project's `score.py` so the tests need
//! nothing beside the repository.
//!
//! A gold file holds what a careful reader extracts from one source document: document
//! fields, tasks, targets, and the findings a cross-check must raise (and must not raise).
//! Format (JSON):
//!
//! ```text
//! {"document": null | {"number", "symbol", "doc_type", "doc_type_vi", "issuer", "place",
//!                      "issued_on", "title_prefix", "indices": [...],
//!                      "locality": {"name", "level"}, "signer": {"name", "position"},
//!                      "recipients_count"},
//!    (a field left out is not scored; a list value gives the acceptable spellings)
//!  "tasks": [{"code", "index", "text", "result", "lead": [...], "support": [...],
//!             "monitor": [...], "deadline": null | {"raw", "kind", "from", "to", "every"}}
//!            | {"optional": true, "snippet": "text an ambiguous item contains"}],
//!  "targets": [{"index", "code"?, "baseline"?: {"year", "value", "rank"?},
//!               "target"?: {"year", "value", "rank"?}, "max"?}],
//!  "findings": [{"rule", "near_line"?, "expected"?}],
//!  "forbidden_findings": [{"rule", "near_line"?}]}
//! ```
//!
//! Tasks match on text (first 120 characters, difflib similarity ≥ 0.8); targets on
//! index, code and exact numbers; agencies compare after case, whitespace and
//! "Ủy ban nhân dân" → "UBND" folding. The report is the same text score.py prints:
//! one indented note per miss, then the summary line
//! `doc=0.90 tasks_f1=0.95 fields=0.88 findings=2/2 false=0 [targets=3/3] (…)`.

use regex::Regex;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The figures of one scoring and the notes that explain them.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Share of the gold's document fields that are right (1.0 when none are scored).
    pub doc: f64,
    /// F1 of task matching.
    pub tasks_f1: f64,
    /// Mean field accuracy over matched tasks (0.0 when none matched).
    pub fields: f64,
    /// Gold findings raised, of all gold findings.
    pub findings: (usize, usize),
    /// Output findings that match a forbidden one.
    pub false_findings: usize,
    /// Gold targets found with the same numbers, of all; `None` when the gold has none.
    pub targets: Option<(usize, usize)>,
    /// `N matched of G gold, O out`.
    pub tasks: String,
    /// One line per miss, in score.py's order and wording.
    pub notes: Vec<String>,
}

impl Score {
    /// The last line of the report.
    pub fn summary(&self) -> String {
        let tg = self.targets.map(|(h, a)| format!(" targets={h}/{a}")).unwrap_or_default();
        format!(
            "doc={:.2} tasks_f1={:.2} fields={:.2} findings={}/{} false={}{tg} ({})",
            self.doc, self.tasks_f1, self.fields, self.findings.0, self.findings.1, self.false_findings, self.tasks
        )
    }

    /// The whole report: the notes indented, then the summary line.
    pub fn report(&self) -> String {
        let mut s: String = self.notes.iter().map(|n| format!("  {n}\n")).collect();
        s.push_str(&self.summary());
        s.push('\n');
        s
    }
}

static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"<[^>]+>"));
static UBND: LazyLock<Regex> = LazyLock::new(|| re(r"[uủ]ỷ ban nhân dân|ủy ban nhân dân"));
// Python's `\s` on str also takes the separators U+001C..U+001F.
static SPACE: LazyLock<Regex> = LazyLock::new(|| re(r"[\s\x1c-\x1f]+"));

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("scorer pattern {pattern}: {e}"))
}

/// Python's `str(x)` of a JSON value.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        _ => py_repr(v),
    }
}

/// Python's `repr(x)` of a JSON value as `json.load` builds it.
fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) if n.is_f64() => n.as_f64().map(|f| format!("{f:?}")).unwrap_or_default(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_repr_str(s),
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => {
            let items: Vec<String> = o.iter().map(|(k, v)| format!("{}: {}", py_repr_str(k), py_repr(v))).collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python truthiness.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Python `==` between JSON values: `2020 == 2020.0`.
fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Python's `float(x)`, `None` where it would raise.
fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::String(s) => s.trim().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// Folds text for comparison: NFC, lower case, markup dropped, "Ủy ban nhân dân" →
/// "ubnd", whitespace collapsed, edge punctuation trimmed.
pub fn norm(v: &Value) -> String {
    if v.is_null() {
        return String::new();
    }
    norm_str(&py_str(v))
}

/// [`norm`] of a string.
pub fn norm_str(s: &str) -> String {
    let s: String = s.nfc().collect::<String>().to_lowercase();
    let s = TAG.replace_all(&s, " ");
    let s = UBND.replace_all(&s, "ubnd");
    let s = SPACE.replace_all(&s, " ");
    s.trim_matches(&[' ', '-', ';', ',', '.', ':', '\t'][..]).to_owned()
}

/// difflib's `SequenceMatcher(None, a, b, autojunk=False).ratio()` on code points.
pub fn ratio(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut b2j: HashMap<char, Vec<usize>> = HashMap::new();
    for (j, c) in b.iter().enumerate() {
        b2j.entry(*c).or_default().push(j);
    }
    let matched = matching_chars(&a, &b, &b2j);
    2.0 * matched as f64 / total as f64
}

/// The sum of difflib's matching blocks: the longest match, then the same on each side.
fn matching_chars(a: &[char], b: &[char], b2j: &HashMap<char, Vec<usize>>) -> usize {
    let mut queue = vec![(0, a.len(), 0, b.len())];
    let mut matched = 0;
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(a, b2j, alo, ahi, blo, bhi);
        if k == 0 {
            continue;
        }
        matched += k;
        if alo < i && blo < j {
            queue.push((alo, i, blo, j));
        }
        if i + k < ahi && j + k < bhi {
            queue.push((i + k, ahi, j + k, bhi));
        }
    }
    matched
}

/// difflib's `find_longest_match` with no junk: the earliest longest common run.
/// (With no junk its extension loops never extend, so they are left out.)
fn longest_match(
    a: &[char],
    b2j: &HashMap<char, Vec<usize>>,
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
    let mut j2len: HashMap<usize, usize> = HashMap::new();
    for (i, c) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut next = HashMap::new();
        for &j in b2j.get(c).map(Vec::as_slice).unwrap_or_default() {
            if j < blo {
                continue;
            }
            if j >= bhi {
                break;
            }
            let k = j.checked_sub(1).and_then(|p| j2len.get(&p)).copied().unwrap_or(0) + 1;
            next.insert(j, k);
            if k > bestsize {
                (besti, bestj, bestsize) = (i + 1 - k, j + 1 - k, k);
            }
        }
        j2len = next;
    }
    (besti, bestj, bestsize)
}

/// Similarity of two texts after [`norm`]; 1.0 when both fold to nothing.
pub fn sim(a: &Value, b: &Value) -> f64 {
    sim_str(&norm(a), &norm(b))
}

fn sim_str(a: &str, b: &str) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    ratio(a, b)
}

/// The first `n` code points of a text value (Python `s[:n]`), `""` for null.
fn head(v: &Value, n: usize) -> String {
    v.as_str().map(|s| s.chars().take(n).collect()).unwrap_or_default()
}

/// F1 of two lists of body names: equal after [`norm`], or word sets with Jaccard ≥ 0.8.
pub fn agency_f1(gold: &Value, out: &Value) -> f64 {
    let fold = |v: &Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().map(norm).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
    };
    let (g, o) = (fold(gold), fold(out));
    if g.is_empty() && o.is_empty() {
        return 1.0;
    }
    if g.is_empty() || o.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; o.len()];
    let mut hit = 0usize;
    for x in &g {
        let tx: std::collections::HashSet<&str> = x.split_whitespace().collect();
        for (j, y) in o.iter().enumerate() {
            if used[j] {
                continue;
            }
            let ty: std::collections::HashSet<&str> = y.split_whitespace().collect();
            let union = tx.union(&ty).count().max(1);
            if x == y || tx.intersection(&ty).count() as f64 / union as f64 >= 0.8 {
                used[j] = true;
                hit += 1;
                break;
            }
        }
    }
    let (p, r) = (hit as f64 / o.len() as f64, hit as f64 / g.len() as f64);
    if hit == 0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Scores `out` (a document's records) against `gold`. `by_line` matches findings by
/// source line (text sources only).
pub fn score(gold: &Value, out: &Value, by_line: bool) -> Score {
    let mut notes = Vec::new();
    let doc = score_document(gold, out, &mut notes);
    let (tasks_f1, fields, tasks) = score_tasks(gold, out, &mut notes);
    let (findings, false_findings) = score_findings(gold, out, by_line, &mut notes);
    let targets = score_targets(gold, out, &mut notes);
    Score { doc, tasks_f1, fields, findings, false_findings, targets, tasks, notes }
}

fn score_document(gold: &Value, out: &Value, notes: &mut Vec<String>) -> f64 {
    let empty = Map::new();
    let gd = gold.get("document").and_then(Value::as_object).unwrap_or(&empty);
    let od = out.get("document").filter(|d| truthy(d)).unwrap_or(&Value::Null);
    let mut checks: Vec<(&str, bool)> = Vec::new();
    for k in ["number", "symbol", "doc_type", "doc_type_vi", "issuer", "place", "issued_on"] {
        if let Some(g) = gd.get(k) {
            let alts: Vec<&Value> = g.as_array().map(|a| a.iter().collect()).unwrap_or_else(|| vec![g]);
            let got = norm(&od[k]);
            checks.push((k, alts.iter().any(|a| norm(a) == got)));
        }
    }
    if let Some(g) = gd.get("indices") {
        checks.push(("indices", sorted(g) == sorted(&od["indices"])));
    }
    if let Some(p) = gd.get("title_prefix").filter(|p| truthy(p)) {
        checks.push(("title", norm(&od["title"]).starts_with(&norm(p))));
    }
    if let Some(gl) = gd.get("locality") {
        let loc = &od["locality"];
        checks.push(("locality", norm(&loc["name"]) == norm(&gl["name"]) && py_eq(&loc["level"], &gl["level"])));
    }
    if let Some(gs) = gd.get("signer") {
        let sg = &od["signer"];
        checks.push(("signer.name", norm(&sg["name"]) == norm(&gs["name"])));
        checks.push(("signer.position", norm(&sg["position"]) == norm(&gs["position"])));
    }
    if let Some(n) = gd.get("recipients_count") {
        let got = od["recipients"].as_array().map_or(0, Vec::len);
        checks.push(("recipients", num(n) == Some(got as f64)));
    }
    for (k, ok) in &checks {
        if !ok {
            notes.push(format!("document.{k}: wrong"));
        }
    }
    if checks.is_empty() {
        1.0
    } else {
        checks.iter().filter(|(_, ok)| *ok).count() as f64 / checks.len() as f64
    }
}

/// A list's items in Python's order (strings by code point), for an order-free compare.
fn sorted(v: &Value) -> Vec<String> {
    let mut items: Vec<String> = v.as_array().map(|a| a.iter().map(py_repr).collect()).unwrap_or_default();
    items.sort();
    items
}

fn score_tasks(gold: &Value, out: &Value, notes: &mut Vec<String>) -> (f64, f64, String) {
    let no = Vec::new();
    let gold_tasks = gold["tasks"].as_array().unwrap_or(&no);
    // Optional gold items: an output task holding the snippet is neither credited nor
    // counted against precision.
    let opt: Vec<String> = gold_tasks.iter().filter(|t| truthy(&t["optional"])).map(|t| norm(&t["snippet"])).collect();
    let gts: Vec<&Value> = gold_tasks.iter().filter(|t| !truthy(&t["optional"])).collect();
    let ots: Vec<&Value> = out["tasks"]
        .as_array()
        .unwrap_or(&no)
        .iter()
        .filter(|t| t.get("kind").is_none_or(|k| k == "task"))
        .filter(|t| {
            let text = norm(&t["text"]);
            !opt.iter().any(|o| text.contains(o.as_str()))
        })
        .collect();
    let mut pairs = Vec::new();
    let mut used = vec![false; ots.len()];
    for g in &gts {
        let gh = norm_str(&head(&g["text"], 120));
        let (mut best, mut bj) = (0.0, None);
        for (j, o) in ots.iter().enumerate() {
            if used[j] {
                continue;
            }
            let s = sim_str(&gh, &norm_str(&head(&o["text"], 120)));
            if s > best {
                (best, bj) = (s, Some(j));
            }
        }
        match bj {
            Some(j) if best >= 0.8 => {
                used[j] = true;
                pairs.push((*g, ots[j]));
            }
            _ => notes.push(format!("task missed: {} {}", py_str(&g["code"]), head(&g["text"], 60))),
        }
    }
    let tp = pairs.len();
    let prec = if ots.is_empty() { 0.0 } else { tp as f64 / ots.len() as f64 };
    let rec = if gts.is_empty() { 1.0 } else { tp as f64 / gts.len() as f64 };
    let f1 = if tp == 0 { f64::from(u8::from(gts.is_empty())) } else { 2.0 * prec * rec / (prec + rec) };
    let fs: Vec<f64> = pairs.iter().map(|(g, o)| task_fields(g, o, notes)).collect();
    let fields = if fs.is_empty() { 0.0 } else { fs.iter().sum::<f64>() / fs.len() as f64 };
    (f1, fields, format!("{tp} matched of {} gold, {} out", gts.len(), ots.len()))
}

/// The share of a matched task's fields that are right.
fn task_fields(g: &Value, o: &Value, notes: &mut Vec<String>) -> f64 {
    let mut f: Vec<f64> = Vec::new();
    let b = |x: bool| f64::from(u8::from(x));
    f.push(b(norm(&g["code"]) == norm(&o["code"])));
    f.push(b(py_eq(&g["index"], &o["index"])));
    f.push(b(sim(&g["text"], &o["text"]) >= 0.97));
    if truthy(&g["result"]) {
        f.push(b(sim(&g["result"], &o["result"]) >= 0.9));
    }
    for k in ["lead", "support", "monitor"] {
        if truthy(&g[k]) || truthy(&o[k]) {
            f.push(agency_f1(&g[k], &o[k]));
        }
    }
    let gd = &g["deadline"];
    if truthy(gd) {
        let od = &o["deadline"];
        f.push(b(norm(&od["raw"]) == norm(&gd["raw"])));
        f.push(b(["kind", "from", "to", "every"].iter().all(|k| py_eq(&od[*k], &gd[*k]))));
    }
    let v = f.iter().sum::<f64>() / f.len() as f64;
    if v < 1.0 {
        notes.push(format!("task fields {v:.2}: {} {}", py_str(&g["code"]), head(&g["text"], 50)));
    }
    v
}

fn finding_matches(spec: &Value, f: &Value, by_line: bool) -> bool {
    if f["rule"] != spec["rule"] {
        return false;
    }
    if by_line && !spec["near_line"].is_null() {
        let ln = &f["provenance"]["line"];
        return match (num(ln).filter(|_| !ln.is_null()), num(&spec["near_line"])) {
            (Some(l), Some(n)) => (l - n).abs() <= 3.0,
            _ => false,
        };
    }
    if !spec["expected"].is_null() {
        return match (num(&f["expected"]), num(&spec["expected"])) {
            (Some(got), Some(want)) => (got - want).abs() < 0.002,
            _ => false,
        };
    }
    true
}

fn score_findings(gold: &Value, out: &Value, by_line: bool, notes: &mut Vec<String>) -> ((usize, usize), usize) {
    let no = Vec::new();
    let ofs = out["findings"].as_array().unwrap_or(&no);
    let specs = gold["findings"].as_array().unwrap_or(&no);
    let mut hit = 0;
    for spec in specs {
        if ofs.iter().any(|f| finding_matches(spec, f, by_line)) {
            hit += 1;
        } else {
            notes.push(format!("finding missed: {}", py_repr(spec)));
        }
    }
    let mut false_findings = 0;
    for spec in gold["forbidden_findings"].as_array().unwrap_or(&no) {
        let n = ofs.iter().filter(|f| finding_matches(spec, f, by_line)).count();
        if n > 0 {
            false_findings += n;
            notes.push(format!("false finding: {}", py_repr(spec)));
        }
    }
    ((hit, specs.len()), false_findings)
}

fn same(a: &Value, b: &Value) -> bool {
    match (num(a), num(b)) {
        (Some(x), Some(y)) if !a.is_null() && !b.is_null() => (x - y).abs() < 1e-6,
        _ => false,
    }
}

/// Whether output target `o` carries gold target `g`'s index, code and numbers.
fn target_fits(g: &Value, o: &Value, indicators: &HashMap<String, &Value>) -> bool {
    let ind = o["indicator"].as_str().unwrap_or("");
    let (idx, code) = ind.split_once(':').unwrap_or((ind, ""));
    if !py_eq(&Value::from(idx), &g["index"]) || g.get("code").is_some_and(|c| !py_eq(&Value::from(code), c)) {
        return false;
    }
    for side in ["baseline", "target"] {
        let gm = &g[side];
        if gm.is_null() {
            continue;
        }
        let om = &o[side];
        if !same(&gm["value"], &om["value"]) {
            return false;
        }
        if ["year", "rank"].iter().any(|k| !gm[*k].is_null() && !py_eq(&gm[*k], &om[*k])) {
            return false;
        }
    }
    let max = indicators.get(ind).map_or(&Value::Null, |i| &i["max"]);
    g["max"].is_null() || same(&g["max"], max)
}

fn score_targets(gold: &Value, out: &Value, notes: &mut Vec<String>) -> Option<(usize, usize)> {
    let gts = gold["targets"].as_array().filter(|t| !t.is_empty())?;
    let no = Vec::new();
    let indicators: HashMap<String, &Value> = out["indicators"]
        .as_array()
        .unwrap_or(&no)
        .iter()
        .map(|i| (i["id"].as_str().unwrap_or_default().to_owned(), i))
        .collect();
    let ots = out["targets"].as_array().unwrap_or(&no);
    let mut hit = 0;
    for g in gts {
        if ots.iter().any(|o| target_fits(g, o, &indicators)) {
            hit += 1;
        } else {
            notes.push(format!(
                "target missed or wrong: {}:{} {} {}",
                py_str(&g["index"]),
                g.get("code").map(py_str).unwrap_or_default(),
                g.get("baseline").map_or("None".into(), py_repr),
                g.get("target").map_or("None".into(), py_repr),
            ));
        }
    }
    Some((hit, gts.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_is_difflibs() {
        // Figures from Python's difflib.SequenceMatcher(None, a, b, autojunk=False).ratio().
        assert_eq!(ratio("abcd", "bcde"), 0.75);
        assert_eq!(ratio("", ""), 1.0);
        assert!(
            (ratio("private Thread currentThread;", "private volatile Thread currentThread;")
                - 0.865_671_641_791_044_8)
                .abs()
                < 1e-12
        );
        // The earliest longest run ("tom") is taken; nothing matches on either side of it.
        assert!((ratio("tom cat", "cat tom") - 6.0 / 14.0).abs() < 1e-12);
        assert!((ratio("abxcd", "abcd xab") - 8.0 / 13.0).abs() < 1e-12);
    }

    #[test]
    fn norm_folds_the_committee() {
        assert_eq!(norm_str("  Ủy ban nhân dân <b>tỉnh</b>; "), "ubnd tỉnh");
        assert_eq!(norm(&Value::Null), "");
    }
}
