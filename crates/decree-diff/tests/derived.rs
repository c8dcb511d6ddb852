//! Plan pairs with known truth (`scripts/make-diff-pairs`): each seed's records and a
//! next year's plan derived from them by a planning office's edits. The diff's task
//! links are scored against the true ones: every (old task, new task) pair a link
//! makes counts once, so a three-way split is three pairs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_diff::{diff, render, Change, LinkKind, Trend};
use decree_model::Records;
use serde::Deserialize;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Truth {
    old: String,
    new: String,
    links: Vec<TrueLink>,
    removed: Vec<String>,
    added: Vec<String>,
    targets_raised: Vec<String>,
}

#[derive(Deserialize)]
struct TrueLink {
    kind: String,
    old: Vec<String>,
    new: Vec<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/diff/derived")
}

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn pairs<'a>(links: impl Iterator<Item = (&'a [String], &'a [String])>) -> HashSet<(String, String)> {
    links.flat_map(|(o, n)| o.iter().flat_map(move |a| n.iter().map(move |b| (a.clone(), b.clone())))).collect()
}

#[test]
fn derived_pairs_are_linked_as_their_truth_says() {
    let truths: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
            .collect();
        v.sort();
        v
    };
    assert!(!truths.is_empty());
    let mut kinds: BTreeSet<&str> = BTreeSet::new();
    for path in &truths {
        let truth: Truth = read(path);
        let old: Records = read(&dir().join(&truth.old));
        let new: Records = read(&dir().join(&truth.new));
        let d = diff(&old, &new);
        let made = pairs(d.links.iter().map(|l| (l.old.as_slice(), l.new.as_slice())));
        let real = pairs(truth.links.iter().map(|l| (l.old.as_slice(), l.new.as_slice())));
        let hit = made.intersection(&real).count();
        let precision = hit as f64 / made.len().max(1) as f64;
        let recall = hit as f64 / real.len().max(1) as f64;
        eprintln!(
            "{}: precision {precision:.3} recall {recall:.3} ({hit} of {} made, {} true)",
            truth.old,
            made.len(),
            real.len()
        );
        let wrong: Vec<_> = made.difference(&real).take(5).collect();
        let missed: Vec<_> = real.difference(&made).take(5).collect();
        assert!(precision >= 0.95, "{}: precision {precision:.3}; wrong e.g. {wrong:?}", truth.old);
        assert!(recall >= 0.90, "{}: recall {recall:.3}; missed e.g. {missed:?}", truth.old);

        // The one-to-many edits are found as their own kinds.
        for l in truth.links.iter().filter(|l| l.kind != "pair") {
            let kind = match l.kind.as_str() {
                "split" => LinkKind::Split,
                "merged" => LinkKind::Merged,
                _ => LinkKind::Repeated,
            };
            if d.links.iter().any(|m| m.kind == kind && m.old == l.old && m.new == l.new) {
                kinds.insert(kind_name(kind));
            } else {
                eprintln!("{}: {} {:?} → {:?} not found as such", truth.old, l.kind, l.old, l.new);
            }
        }
        let removed: HashSet<&String> = d.changes().filter_map(removed_id).collect();
        let added: HashSet<&String> = d.changes().filter_map(added_id).collect();
        if truth.removed.iter().all(|r| removed.contains(r)) {
            kinds.insert("removed");
        }
        if truth.added.iter().all(|a| added.contains(a)) {
            kinds.insert("added");
        }
        let raised: HashSet<&str> = d
            .changes()
            .filter_map(|c| match c {
                Change::TargetChanged { new, trend: Some(Trend::Raised), .. } => Some(new.id.as_str()),
                _ => None,
            })
            .collect();
        if !truth.targets_raised.is_empty() && truth.targets_raised.iter().all(|t| raised.contains(t.as_str())) {
            kinds.insert("targets raised");
        }
        for c in d.changes() {
            match c {
                Change::TaskReworded { .. } => kinds.insert("reworded"),
                Change::TaskReassigned { .. } => kinds.insert("reassigned"),
                Change::TaskRedated { .. } => kinds.insert("re-dated"),
                _ => false,
            };
        }
        assert!(render::text(&d).starts_with(&render::summary(&d)));
    }
    let all =
        ["added", "merged", "re-dated", "reassigned", "removed", "repeated", "reworded", "split", "targets raised"];
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), all);
}

fn kind_name(k: LinkKind) -> &'static str {
    match k {
        LinkKind::Split => "split",
        LinkKind::Merged => "merged",
        LinkKind::Repeated => "repeated",
        LinkKind::Pair => "pair",
    }
}

fn removed_id(c: &Change) -> Option<&String> {
    match c {
        Change::TaskRemoved { task } => Some(&task.id),
        _ => None,
    }
}

fn added_id(c: &Change) -> Option<&String> {
    match c {
        Change::TaskAdded { task } => Some(&task.id),
        _ => None,
    }
}
