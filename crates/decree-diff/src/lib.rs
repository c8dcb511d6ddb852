//! What changed between two versions of a plan.
//!
//! [`diff`] is a pure function over two [`Records`]. Indicators are matched by
//! (index, catalog entry), then (index, code), then folded name; a target is
//! compared with the other plan's target of the same indicator and year, a baseline
//! with a baseline. Tasks are linked one to one by an optimal assignment over
//! scored candidates, and one to many where a plan splits, merges or repeats a task
//! per level (see [`pairing`](crate::pairing) for how). The result opens with a
//! [`Summary`], groups its changes by index and indicator, and lists every link
//! with its evidence. Renderers for text, JSON and HTML are in [`render`].

use decree_model::{Deadline, DeadlineKind, IndexName, Records};
use decree_norm::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

mod pairing;
pub mod render;
mod similarity;
mod targets;
pub use pairing::{Evidence, LinkKind, MIN_PAIR_SCORE, MIN_TEXT_SIMILARITY};
pub use similarity::{set_overlap, Grams};

/// What to compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Task links scoring under this are not made (the tasks count as removed and added).
    pub min_score: f64,
    /// Compare only these record kinds.
    pub only: Option<Only>,
}

impl Default for Options {
    fn default() -> Self {
        Options { min_score: MIN_PAIR_SCORE, only: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Only {
    Tasks,
    /// Indicators and their targets.
    Targets,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub summary: Summary,
    /// Changes by index (PCI, PAPI, SIPAS, PAR INDEX, then none) and indicator.
    pub groups: Vec<Group>,
    /// Every task link made, changed or not, with its evidence.
    pub links: Vec<Link>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.changes.is_empty())
    }

    /// Every change, group after group.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.groups.iter().flat_map(|g| &g.changes)
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

/// Counts an analyst reads first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub tasks: TaskCounts,
    pub targets: TargetCounts,
    pub indicators: IndicatorCounts,
}

/// Task counts. A one-to-one link counts once as kept when nothing differs, else
/// once under each of reworded, reassigned and re-dated that applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCounts {
    pub old: usize,
    pub new: usize,
    pub kept: usize,
    pub reworded: usize,
    pub reassigned: usize,
    pub redated: usize,
    pub split: usize,
    pub merged: usize,
    pub repeated: usize,
    pub added: usize,
    pub removed: usize,
}

/// Target counts: raised and lowered are targets asking more or less; `changed`
/// targets whose maximum, group or range changed only; `carried` targets and
/// baselines restated for another year and nothing else; baselines apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetCounts {
    pub carried: usize,
    pub raised: usize,
    pub lowered: usize,
    pub changed: usize,
    pub new: usize,
    pub dropped: usize,
    pub baselines_changed: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCounts {
    pub added: usize,
    pub removed: usize,
}

/// The changes under one index and indicator (`indicator` none: tasks of the index
/// tied to no indicator; `index` none: tasks tied to no index).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub index: Option<IndexName>,
    pub indicator: Option<IndicatorRef>,
    pub changes: Vec<Change>,
}

/// One task link: which tasks, how, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub old: Vec<String>,
    pub new: Vec<String>,
    /// The weakest member pair's score.
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Baseline,
    Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Raised,
    Lowered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    IndicatorAdded {
        indicator: IndicatorRef,
    },
    IndicatorRemoved {
        indicator: IndicatorRef,
    },
    TargetNew {
        indicator: IndicatorRef,
        role: Role,
        year: Option<i32>,
        raw: String,
    },
    TargetDropped {
        indicator: IndicatorRef,
        role: Role,
        year: Option<i32>,
        raw: String,
    },
    TargetChanged {
        old: IndicatorRef,
        new: IndicatorRef,
        role: Role,
        trend: Option<Trend>,
        old_raw: String,
        new_raw: String,
        fields: Vec<FieldChange>,
    },
    TaskAdded {
        task: TaskRef,
    },
    TaskRemoved {
        task: TaskRef,
    },
    TaskReworded {
        old: TaskRef,
        new: TaskRef,
        score: f64,
        similarity: f64,
    },
    TaskReassigned {
        old: TaskRef,
        new: TaskRef,
        score: f64,
    },
    TaskRedated {
        old: TaskRef,
        new: TaskRef,
        score: f64,
    },
    TaskSplit {
        old: TaskRef,
        new: Vec<TaskRef>,
        score: f64,
    },
    TaskRepeated {
        old: TaskRef,
        new: Vec<TaskRef>,
        score: f64,
    },
    TaskMerged {
        old: Vec<TaskRef>,
        new: TaskRef,
        score: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRef {
    pub id: String,
    pub index: IndexName,
    pub code: String,
    pub name: String,
}

/// One compared field of a measure: `value`, `rank`, `year`, `group`, `max`…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<FieldValue>,
    pub new: Option<FieldValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    Number(f64),
    Text(String),
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

/// Compares two versions of a document with the default options.
pub fn diff(old: &Records, new: &Records) -> Diff {
    diff_with(old, new, &Options::default())
}

/// Compares two versions of a document.
pub fn diff_with(old: &Records, new: &Records, options: &Options) -> Diff {
    let mut changes = Vec::new();
    if options.only != Some(Only::Tasks) {
        let pairs = targets::match_indicators(&old.indicators, &new.indicators);
        targets::indicator_changes(old, new, &pairs, &mut changes);
        targets::target_changes(old, new, &pairs, &mut changes);
    }
    let mut links = Vec::new();
    let mut tasks = TaskCounts { old: old.tasks.len(), new: new.tasks.len(), ..TaskCounts::default() };
    if options.only != Some(Only::Targets) {
        links = task_changes(old, new, options.min_score, &mut changes, &mut tasks);
    }
    let summary = summarise(&changes, tasks);
    Diff { old: side(old), new: side(new), summary, groups: group(old, new, changes), links }
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

fn task_ref(item: &pairing::Item) -> TaskRef {
    let t = item.task;
    TaskRef {
        id: t.id.clone(),
        code: t.code.clone(),
        index: t.index,
        indicator: t.indicator.clone(),
        text: t.text.clone(),
        lead: item.lead.clone(),
        support: item.support.clone(),
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

/// Links the tasks and turns each link (and each task left out) into changes.
fn task_changes(
    old: &Records,
    new: &Records,
    min_score: f64,
    changes: &mut Vec<Change>,
    counts: &mut TaskCounts,
) -> Vec<Link> {
    let p = pairing::prepare(&old.tasks, &new.tasks);
    let links = pairing::link(&p, min_score);
    let (mut old_used, mut new_used) = (vec![false; p.old.len()], vec![false; p.new.len()]);
    let refs = |side: &[pairing::Item], at: &[usize]| -> Vec<TaskRef> {
        at.iter().filter_map(|&k| side.get(k)).map(task_ref).collect()
    };
    let mut out = Vec::new();
    for l in &links {
        for &i in &l.old {
            mark(&mut old_used, i);
        }
        for &j in &l.new {
            mark(&mut new_used, j);
        }
        let score = l.evidence.iter().map(|e| e.score).fold(f64::INFINITY, f64::min);
        let score = if score.is_finite() { score } else { 0.0 };
        let (olds, news) = (refs(&p.old, &l.old), refs(&p.new, &l.new));
        match (l.kind, olds.as_slice(), news.as_slice()) {
            (LinkKind::Pair, [o], [n]) => {
                let deadlines = l.old.first().zip(l.new.first()).and_then(|(&i, &j)| p.old.get(i).zip(p.new.get(j)));
                let same = deadlines.is_none_or(|(a, b)| same_deadline(&a.task.deadline, &b.task.deadline));
                compare_pair(o, n, l, score, same, changes, counts)
            }
            (LinkKind::Split | LinkKind::Repeated, [o], _) => {
                let (old, new) = (o.clone(), news.clone());
                if l.kind == LinkKind::Split {
                    counts.split += 1;
                    changes.push(Change::TaskSplit { old, new, score });
                } else {
                    counts.repeated += 1;
                    changes.push(Change::TaskRepeated { old, new, score });
                }
            }
            (LinkKind::Merged, _, [n]) => {
                counts.merged += 1;
                changes.push(Change::TaskMerged { old: olds.clone(), new: n.clone(), score });
            }
            _ => {}
        }
        out.push(Link {
            kind: l.kind,
            old: olds.iter().map(|t| t.id.clone()).collect(),
            new: news.iter().map(|t| t.id.clone()).collect(),
            score,
            evidence: l.evidence.clone(),
        });
    }
    for (o, _) in p.old.iter().zip(&old_used).filter(|(_, u)| !**u) {
        counts.removed += 1;
        changes.push(Change::TaskRemoved { task: task_ref(o) });
    }
    for (n, _) in p.new.iter().zip(&new_used).filter(|(_, u)| !**u) {
        counts.added += 1;
        changes.push(Change::TaskAdded { task: task_ref(n) });
    }
    out
}

fn mark(v: &mut [bool], at: usize) {
    if let Some(x) = v.get_mut(at) {
        *x = true;
    }
}

fn compare_pair(
    o: &TaskRef,
    n: &TaskRef,
    l: &pairing::Link,
    score: f64,
    same_deadline: bool,
    changes: &mut Vec<Change>,
    counts: &mut TaskCounts,
) {
    let before = changes.len();
    let pair = || (o.clone(), n.clone());
    if o.text != n.text {
        let (old, new) = pair();
        let similarity = l.evidence.first().map_or(0.0, |e| e.text);
        counts.reworded += 1;
        changes.push(Change::TaskReworded { old, new, score, similarity });
    }
    if o.lead != n.lead || o.support != n.support {
        let (old, new) = pair();
        counts.reassigned += 1;
        changes.push(Change::TaskReassigned { old, new, score });
    }
    if !same_deadline {
        let (old, new) = pair();
        counts.redated += 1;
        changes.push(Change::TaskRedated { old, new, score });
    }
    if changes.len() == before {
        counts.kept += 1;
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

fn summarise(changes: &[Change], tasks: TaskCounts) -> Summary {
    let mut s = Summary { tasks, ..Summary::default() };
    for c in changes {
        match c {
            Change::IndicatorAdded { .. } => s.indicators.added += 1,
            Change::IndicatorRemoved { .. } => s.indicators.removed += 1,
            Change::TargetNew { role: Role::Target, .. } => s.targets.new += 1,
            Change::TargetDropped { role: Role::Target, .. } => s.targets.dropped += 1,
            c if only_year(c) => s.targets.carried += 1,
            Change::TargetChanged { role: Role::Baseline, .. } => s.targets.baselines_changed += 1,
            Change::TargetChanged { trend: Some(Trend::Raised), .. } => s.targets.raised += 1,
            Change::TargetChanged { trend: Some(Trend::Lowered), .. } => s.targets.lowered += 1,
            Change::TargetChanged { .. } => s.targets.changed += 1,
            _ => {}
        }
    }
    s
}

/// A measure restated for another year with the same value, rank and maximum (a
/// next year's plan carrying a figure over): counted, listed in JSON, not in text.
pub fn only_year(c: &Change) -> bool {
    matches!(c, Change::TargetChanged { fields, .. } if fields.iter().all(|f| f.field == "year"))
}

/// Where a change belongs: its index and indicator id.
fn key_of(c: &Change) -> (Option<IndexName>, Option<String>) {
    let task = |t: &TaskRef| (t.index, t.indicator.clone());
    match c {
        Change::IndicatorAdded { indicator: i }
        | Change::IndicatorRemoved { indicator: i }
        | Change::TargetNew { indicator: i, .. }
        | Change::TargetDropped { indicator: i, .. }
        | Change::TargetChanged { new: i, .. } => (Some(i.index), Some(i.id.clone())),
        Change::TaskAdded { task: t } | Change::TaskRemoved { task: t } => task(t),
        Change::TaskReworded { new: t, .. }
        | Change::TaskReassigned { new: t, .. }
        | Change::TaskRedated { new: t, .. }
        | Change::TaskMerged { new: t, .. } => task(t),
        Change::TaskSplit { old: t, .. } | Change::TaskRepeated { old: t, .. } => task(t),
    }
}

/// Groups changes by index, then indicator in the order the plans list them.
fn group(old: &Records, new: &Records, changes: Vec<Change>) -> Vec<Group> {
    let mut order: HashMap<&str, usize> = HashMap::new();
    let mut refs: HashMap<&str, IndicatorRef> = HashMap::new();
    for i in new.indicators.iter().chain(&old.indicators) {
        let next = order.len();
        order.entry(i.id.as_str()).or_insert(next);
        refs.entry(i.id.as_str()).or_insert_with(|| targets::indicator_ref(i));
    }
    let mut groups: Vec<Group> = Vec::new();
    for c in changes {
        let (index, indicator) = key_of(&c);
        let indicator = indicator.map(|id| {
            refs.get(id.as_str()).cloned().unwrap_or_else(|| IndicatorRef {
                id: id.clone(),
                index: index.unwrap_or(IndexName::Pci),
                code: id.split_once(':').map_or(id.clone(), |(_, c)| c.to_string()),
                name: String::new(),
            })
        });
        let at = groups
            .iter()
            .position(|g| g.index == index && g.indicator.as_ref().map(|i| &i.id) == indicator.as_ref().map(|i| &i.id));
        match at.and_then(|k| groups.get_mut(k)) {
            Some(g) => g.changes.push(c),
            None => groups.push(Group { index, indicator, changes: vec![c] }),
        }
    }
    let rank = |g: &Group| {
        let ind = g.indicator.as_ref().map_or(0, |i| 1 + order.get(i.id.as_str()).copied().unwrap_or(usize::MAX - 1));
        (g.index.is_none(), g.index, ind)
    };
    groups.sort_by_key(rank);
    groups
}
