//! What changed between two versions of a plan.
//!
//! [`diff`] is a pure function over two [`Records`]: indicators are matched by
//! (index, catalog key), then (index, code), then folded name; targets of matched
//! indicators are compared field by field; tasks are paired by text similarity
//! (character trigrams), agency overlap and same index/indicator, with a threshold
//! below which a task counts as added or removed. Renderers for text, JSON and
//! HTML are in [`render`].

use decree_catalog::canonical_agency;
use decree_model::{Deadline, DeadlineKind, IndexName, Indicator, Measure, Records, Target, Task};
use decree_norm::fold;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

pub mod render;
mod similarity;
pub use similarity::{set_overlap, Grams};

/// Below this text similarity two tasks are never paired, whatever their bodies.
/// Set from a spot check of seed 000 against 004: pairs between 0.4 and 0.5 were
/// all different tasks that merely share boilerplate (`Thực hiện tốt…`, `TTHC`).
pub const MIN_TEXT_SIMILARITY: f64 = 0.5;
/// Below this combined score a task is reported as added or removed.
pub const MIN_PAIR_SCORE: f64 = 0.5;

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
    /// Every task pairing made, changed or not, for review.
    pub task_pairs: Vec<TaskPair>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Which document a side is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub document_id: String,
    pub path: String,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    IndicatorAdded { indicator: IndicatorRef },
    IndicatorRemoved { indicator: IndicatorRef },
    TargetAdded { indicator: IndicatorRef, raw: Option<String> },
    TargetRemoved { indicator: IndicatorRef, raw: Option<String> },
    TargetChanged { old: IndicatorRef, new: IndicatorRef, fields: Vec<FieldChange> },
    TaskAdded { task: TaskRef },
    TaskRemoved { task: TaskRef },
    TaskReworded { old: TaskRef, new: TaskRef, similarity: f64 },
    TaskReassigned { old: TaskRef, new: TaskRef },
    TaskRedated { old: TaskRef, new: TaskRef },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRef {
    pub id: String,
    pub index: IndexName,
    pub code: String,
    pub name: String,
}

/// One compared number of a target: `target.value`, `baseline.rank`, `max`…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRef {
    pub id: String,
    pub code: Option<String>,
    pub index: Option<IndexName>,
    pub indicator: Option<String>,
    pub text: String,
    /// Bodies under their gazetteer names.
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub deadline: String,
    pub line: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskPair {
    pub old: String,
    pub new: String,
    pub similarity: f64,
    pub score: f64,
}

/// Compares two versions of a document.
pub fn diff(old: &Records, new: &Records) -> Diff {
    let mut changes = Vec::new();
    let pairs = match_indicators(&old.indicators, &new.indicators);
    indicator_changes(old, new, &pairs, &mut changes);
    target_changes(old, new, &pairs, &mut changes);
    let task_pairs = task_changes(&old.tasks, &new.tasks, &mut changes);
    Diff { old: side(old), new: side(new), changes, task_pairs }
}

fn side(r: &Records) -> Side {
    let d = &r.document;
    Side {
        document_id: d.id.clone(),
        path: d.source.path.clone(),
        number: d.number.clone(),
        issuer: d.issuer.clone(),
        issued_on: d.issued_on.clone(),
    }
}

fn indicator_ref(i: &Indicator) -> IndicatorRef {
    IndicatorRef { id: i.id.clone(), index: i.index, code: i.code.clone(), name: i.name.clone() }
}

/// For each old indicator, the position of its new counterpart.
fn match_indicators(old: &[Indicator], new: &[Indicator]) -> Vec<Option<usize>> {
    type Key = fn(&Indicator) -> Option<(IndexName, String)>;
    let keys: [Key; 3] = [
        |i| i.catalog.clone().map(|c| (i.index, c)),
        |i| Some((i.index, i.code.clone())),
        |i| Some((i.index, fold(&i.name))),
    ];
    let mut matched: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    for key in keys {
        let mut free: HashMap<(IndexName, String), Vec<usize>> = HashMap::new();
        for (j, n) in new.iter().enumerate().rev().filter(|(j, _)| !taken.get(*j).copied().unwrap_or(true)) {
            if let Some(k) = key(n) {
                free.entry(k).or_default().push(j);
            }
        }
        for (slot, o) in matched.iter_mut().zip(old) {
            if slot.is_some() {
                continue;
            }
            // Reversed above, so pop() hands out the first free candidate.
            if let Some(j) = key(o).and_then(|k| free.get_mut(&k)).and_then(Vec::pop) {
                *slot = Some(j);
                if let Some(t) = taken.get_mut(j) {
                    *t = true;
                }
            }
        }
    }
    matched
}

fn indicator_changes(old: &Records, new: &Records, pairs: &[Option<usize>], changes: &mut Vec<Change>) {
    for (o, pair) in old.indicators.iter().zip(pairs) {
        if pair.is_none() {
            changes.push(Change::IndicatorRemoved { indicator: indicator_ref(o) });
        }
    }
    let used: HashSet<usize> = pairs.iter().flatten().copied().collect();
    for (j, n) in new.indicators.iter().enumerate() {
        if !used.contains(&j) {
            changes.push(Change::IndicatorAdded { indicator: indicator_ref(n) });
        }
    }
}

/// Targets of indicators present in both versions, compared in order per indicator;
/// targets of added or removed indicators go with their indicator.
fn target_changes(old: &Records, new: &Records, pairs: &[Option<usize>], changes: &mut Vec<Change>) {
    let new_targets = group_targets(&new.targets);
    let old_targets = group_targets(&old.targets);
    for (o, pair) in old.indicators.iter().zip(pairs) {
        let Some(n) = pair.and_then(|j| new.indicators.get(j)) else { continue };
        let before = old_targets.get(o.id.as_str()).map_or(&[][..], Vec::as_slice);
        let after = new_targets.get(n.id.as_str()).map_or(&[][..], Vec::as_slice);
        for k in 0..before.len().max(after.len()) {
            match (before.get(k), after.get(k)) {
                (Some(a), Some(b)) => {
                    let fields = compare_targets(a, o, b, n);
                    if !fields.is_empty() {
                        changes.push(Change::TargetChanged { old: indicator_ref(o), new: indicator_ref(n), fields });
                    }
                }
                (Some(a), None) => changes.push(Change::TargetRemoved { indicator: indicator_ref(o), raw: raw(a) }),
                (None, Some(b)) => changes.push(Change::TargetAdded { indicator: indicator_ref(n), raw: raw(b) }),
                (None, None) => {}
            }
        }
    }
}

fn group_targets(targets: &[Target]) -> HashMap<&str, Vec<&Target>> {
    let mut map: HashMap<&str, Vec<&Target>> = HashMap::new();
    for t in targets {
        map.entry(t.indicator.as_str()).or_default().push(t);
    }
    map
}

fn raw(t: &Target) -> Option<String> {
    t.target.as_ref().or(t.baseline.as_ref()).map(|m| m.raw.clone())
}

fn compare_targets(a: &Target, ai: &Indicator, b: &Target, bi: &Indicator) -> Vec<FieldChange> {
    type Get = fn(&Target) -> Option<f64>;
    let fields: [(&str, Get); 5] = [
        ("baseline.value", |t| t.baseline.as_ref().and_then(|m| m.value)),
        ("baseline.rank", |t| t.baseline.as_ref().and_then(|m| m.rank).map(f64::from)),
        ("baseline.year", |t| t.baseline.as_ref().and_then(|m| m.year).map(f64::from)),
        ("target.value", |t| t.target.as_ref().and_then(|m| m.value)),
        ("target.rank", |t| t.target.as_ref().and_then(|m| m.rank).map(f64::from)),
    ];
    let mut out: Vec<FieldChange> = fields.iter().filter_map(|(name, get)| changed(name, get(a), get(b))).collect();
    // The maximum is printed with the target (`1.00/2.5`) or stated on the indicator.
    let max = |t: &Target, i: &Indicator| t.target.as_ref().and_then(|m: &Measure| m.max).or(i.max);
    out.extend(changed("max", max(a, ai), max(b, bi)));
    out
}

fn changed(field: &str, old: Option<f64>, new: Option<f64>) -> Option<FieldChange> {
    let same = match (old, new) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    };
    (!same).then(|| FieldChange { field: field.to_string(), old, new })
}

/// A task prepared for pairing.
struct Prepared<'a> {
    task: &'a Task,
    grams: Grams,
    lead: Vec<String>,
    support: Vec<String>,
}

fn prepare(task: &Task) -> Prepared<'_> {
    let canon = |names: &[String]| {
        let mut v: Vec<String> = names.iter().map(|n| canonical_agency(n)).collect();
        v.sort();
        v.dedup();
        v
    };
    Prepared { task, grams: Grams::new(&task.text), lead: canon(&task.lead), support: canon(&task.support) }
}

fn task_ref(p: &Prepared) -> TaskRef {
    let t = p.task;
    TaskRef {
        id: t.id.clone(),
        code: t.code.clone(),
        index: t.index,
        indicator: t.indicator.clone(),
        text: t.text.clone(),
        lead: p.lead.clone(),
        support: p.support.clone(),
        deadline: deadline_text(&t.deadline),
        line: t.provenance.line,
    }
}

fn deadline_text(d: &Deadline) -> String {
    match (&d.raw, &d.from, &d.to) {
        (Some(raw), _, _) => raw.clone(),
        (None, Some(from), Some(to)) => format!("{from}..{to}"),
        _ => String::from("(none)"),
    }
}

/// Pairs tasks greedily by descending score and reports what differs.
fn task_changes(old: &[Task], new: &[Task], changes: &mut Vec<Change>) -> Vec<TaskPair> {
    let old: Vec<Prepared> = old.iter().map(prepare).collect();
    let new: Vec<Prepared> = new.iter().map(prepare).collect();
    let paired = pair_tasks(&old, &new);
    let mut new_used = vec![false; new.len()];
    let mut pairs = Vec::new();
    for (i, o) in old.iter().enumerate() {
        let Some(&(j, similarity, score)) = paired.get(&i) else {
            changes.push(Change::TaskRemoved { task: task_ref(o) });
            continue;
        };
        let Some(n) = new.get(j) else { continue };
        if let Some(u) = new_used.get_mut(j) {
            *u = true;
        }
        pairs.push(TaskPair { old: o.task.id.clone(), new: n.task.id.clone(), similarity, score });
        compare_tasks(o, n, similarity, changes);
    }
    for (n, used) in new.iter().zip(&new_used) {
        if !used {
            changes.push(Change::TaskAdded { task: task_ref(n) });
        }
    }
    pairs
}

/// Old position → (new position, text similarity, score).
fn pair_tasks(old: &[Prepared], new: &[Prepared]) -> HashMap<usize, (usize, f64, f64)> {
    let mut candidates = Vec::new();
    for (i, o) in old.iter().enumerate() {
        for (j, n) in new.iter().enumerate() {
            let sim = o.grams.similarity(&n.grams);
            if sim < MIN_TEXT_SIMILARITY {
                continue;
            }
            let score = pair_score(o, n, sim, relative_shift(i, old.len(), j, new.len()));
            if score >= MIN_PAIR_SCORE {
                candidates.push((score, sim, i, j));
            }
        }
    }
    // Highest score first; ties by position so the result never depends on hashing.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut taken_new = HashSet::new();
    let mut paired = HashMap::new();
    for (score, sim, i, j) in candidates {
        if !paired.contains_key(&i) && taken_new.insert(j) {
            paired.insert(i, (j, sim, score));
        }
    }
    paired
}

fn relative_shift(i: usize, n_old: usize, j: usize, n_new: usize) -> f64 {
    let at = |k: usize, n: usize| k as f64 / n.max(1) as f64;
    (at(i, n_old) - at(j, n_new)).abs()
}

/// Text similarity dominates; shared bodies and the same index/indicator settle
/// between near-equal texts (plans repeat a task verbatim for several bodies); the
/// position term only breaks exact ties between duplicates.
fn pair_score(o: &Prepared, n: &Prepared, sim: f64, shift: f64) -> f64 {
    let mut both_old: Vec<String> = o.lead.iter().chain(&o.support).cloned().collect();
    both_old.sort();
    let mut both_new: Vec<String> = n.lead.iter().chain(&n.support).cloned().collect();
    both_new.sort();
    let agency = set_overlap(&both_old, &both_new);
    let context = match (o.task.index == n.task.index, o.task.indicator == n.task.indicator) {
        (true, true) => 1.0,
        (true, false) => 0.5,
        _ => 0.0,
    };
    0.75 * sim + 0.15 * agency + 0.10 * context - 0.01 * shift
}

fn compare_tasks(o: &Prepared, n: &Prepared, similarity: f64, changes: &mut Vec<Change>) {
    let pair = || (task_ref(o), task_ref(n));
    if o.task.text != n.task.text {
        let (old, new) = pair();
        changes.push(Change::TaskReworded { old, new, similarity });
    }
    if o.lead != n.lead || o.support != n.support {
        let (old, new) = pair();
        changes.push(Change::TaskReassigned { old, new });
    }
    if !same_deadline(&o.task.deadline, &n.task.deadline) {
        let (old, new) = pair();
        changes.push(Change::TaskRedated { old, new });
    }
}

/// Dates and spans compare by value; event and unparsed deadlines by their folded text.
fn same_deadline(a: &Deadline, b: &Deadline) -> bool {
    let text = |d: &Deadline| d.raw.as_deref().map(fold);
    a.kind == b.kind
        && a.from == b.from
        && a.to == b.to
        && a.every == b.every
        && (a.kind != DeadlineKind::Event || text(a) == text(b))
}
