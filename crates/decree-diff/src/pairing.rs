//! Linking the tasks of two plan versions.
//!
//! 1. Blocking: each old task is compared only with the new tasks that share its
//!    rarest words (an inverted index, at most [`CANDIDATES`] per task), so the work
//!    grows with the plan, not its square.
//! 2. Scoring: text (the best of trigram Dice, containment and key phrases), the
//!    overlap of the bodies named (gazetteer names) and the same index/indicator.
//! 3. Assignment: tasks identical in text and bodies are paired in order; the rest
//!    by an optimal assignment (Hungarian method) in each connected group of
//!    candidates, so one strong pair is never spoiled by a greedy earlier choice.
//! 4. Groups: a task left over that is wholly inside a paired task of the other
//!    side (or nearly the same text) joins that link: one old task split into
//!    several new ones, repeated for several levels, or several merged into one.

use crate::similarity::{set_overlap, Grams, Vocab};
use decree_catalog::canonical_agency;
use decree_model::Task;
use decree_norm::fold;
use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// Below this text score two tasks are never linked, whatever their bodies. Pairs
/// under it in seed 000 against 004 were different tasks sharing boilerplate.
pub const MIN_TEXT_SIMILARITY: f64 = 0.45;
/// Below this combined score (the default of `--min-score`) no link is made.
pub const MIN_PAIR_SCORE: f64 = 0.5;
/// New tasks compared with each old task.
const CANDIDATES: usize = 40;
/// The rarest words of a task that select its candidates.
const KEY_WORDS: usize = 12;
/// Longest posting list read for one word (words in more tasks say little).
const POSTING_CAP: usize = 2000;
/// Largest group (old × new tasks) solved exactly; larger ones, which only
/// boilerplate-heavy plans make, are paired greedily by score.
const EXACT_LIMIT: usize = 250 * 250;
/// A leftover task joins a link when this share of its word pairs is in the
/// linked task…
const PIECE_CONTAINED: f64 = 0.75;
/// …or its text is this close (the same duty restated for another level).
const PIECE_SIMILAR: f64 = 0.8;
/// Pieces this alike among themselves are one duty repeated, not a split.
const REPEAT_SIMILAR: f64 = 0.7;
/// Texts shorter than this (word pairs) prove little by containment.
const CONTAINMENT_MIN_PHRASES: f64 = 10.0;

/// Why two tasks were linked: each measure in 0..=1 and the score they make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub old: String,
    pub new: String,
    pub score: f64,
    /// Dice over character trigrams.
    pub text: f64,
    /// How much of the shorter text (its word pairs) lies inside the longer one.
    pub containment: f64,
    /// Shared word pairs, weighted by rarity across both plans.
    pub phrases: f64,
    /// Overlap of the bodies named (lead and support, gazetteer names).
    pub bodies: f64,
    pub same_index: bool,
    pub same_indicator: bool,
    /// The rarest word pairs both texts hold.
    pub shared_phrases: Vec<String>,
}

/// How a link joins its tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// One old task, one new task.
    Pair,
    /// One old task, several new ones each holding part of it.
    Split,
    /// One old task, restated for several levels or bodies.
    Repeated,
    /// Several old tasks, one new task holding them.
    Merged,
}

/// Positions of linked tasks with the evidence of each member pair.
pub(crate) struct Link {
    pub kind: LinkKind,
    pub old: Vec<usize>,
    pub new: Vec<usize>,
    pub evidence: Vec<Evidence>,
}

/// A task prepared for pairing.
pub(crate) struct Item<'a> {
    pub task: &'a Task,
    folded: String,
    grams: Grams,
    words: Vec<u32>,
    phrases: Vec<u32>,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    bodies: Vec<String>,
}

/// Both plans' tasks, prepared, with the vocabulary that weighs their words.
pub(crate) struct Prepared<'a> {
    pub old: Vec<Item<'a>>,
    pub new: Vec<Item<'a>>,
    words: Vocab,
    phrases: Vocab,
}

pub(crate) fn prepare<'a>(old: &'a [Task], new: &'a [Task]) -> Prepared<'a> {
    let (mut words, mut phrases) = (Vocab::default(), Vocab::default());
    let mut item = |task: &'a Task| {
        let folded = fold(&task.text);
        let canon = |names: &[String]| {
            let mut v: Vec<String> = names.iter().map(|n| canonical_agency(n)).collect();
            v.sort();
            v.dedup();
            v
        };
        let (lead, support) = (canon(&task.lead), canon(&task.support));
        let mut bodies: Vec<String> = lead.iter().chain(&support).cloned().collect();
        bodies.sort();
        bodies.dedup();
        Item {
            task,
            grams: Grams::from_folded(&folded),
            words: words.add(&folded, false),
            phrases: phrases.add(&folded, true),
            folded,
            lead,
            support,
            bodies,
        }
    };
    let old: Vec<Item> = old.iter().map(&mut item).collect();
    let new: Vec<Item> = new.iter().map(&mut item).collect();
    let docs = u32::try_from(old.len() + new.len()).unwrap_or(u32::MAX);
    words.docs = docs;
    phrases.docs = docs;
    Prepared { old, new, words, phrases }
}

/// A scored candidate pair.
#[derive(Clone, Copy)]
struct Edge {
    old: usize,
    new: usize,
    score: f64,
    dice: f64,
}

impl Prepared<'_> {
    /// The evidence for one pair (`shift`: how far apart they sit, 0..=1, which
    /// only settles ties between verbatim duplicates).
    fn measure(&self, i: usize, j: usize) -> Option<Evidence> {
        let (o, n) = (self.old.get(i)?, self.new.get(j)?);
        let common = f64::from(o.grams.common(&n.grams));
        let (lo, ln) = (o.grams.len(), n.grams.len());
        let text = if lo + ln == 0 { 1.0 } else { 2.0 * common / f64::from(lo + ln) };
        // Containment by word pairs: scattered trigrams of another sentence would
        // pass, its wording would not.
        let (a, b) =
            if o.phrases.len() <= n.phrases.len() { (&o.phrases, &n.phrases) } else { (&n.phrases, &o.phrases) };
        let containment = contained(a, b);
        let credible = (a.len() as f64 / CONTAINMENT_MIN_PHRASES).min(1.0);
        let phrases = self.phrases.weighted_dice(&o.phrases, &n.phrases);
        let text_score = text.max(0.9 * containment * credible).max(phrases);
        if text_score < MIN_TEXT_SIMILARITY {
            return None;
        }
        let bodies = set_overlap(&o.bodies, &n.bodies);
        let same_index = o.task.index == n.task.index;
        let same_indicator = same_index && o.task.indicator == n.task.indicator;
        let context = f64::from(u8::from(same_index)) * 0.5 + f64::from(u8::from(same_indicator)) * 0.5;
        let at = |k: usize, len: usize| k as f64 / len.max(1) as f64;
        let shift = (at(i, self.old.len()) - at(j, self.new.len())).abs();
        let score = 0.75 * text_score + 0.15 * bodies + 0.10 * context - 0.01 * shift;
        Some(Evidence {
            old: o.task.id.clone(),
            new: n.task.id.clone(),
            score: round(score),
            text: round(text),
            containment: round(containment),
            phrases: round(phrases),
            bodies: round(bodies),
            same_index,
            same_indicator,
            shared_phrases: Vec::new(),
        })
    }

    /// New tasks worth comparing with each old task: those sharing its rarest words,
    /// the most (by rarity) first.
    fn candidates(&self) -> Vec<Vec<usize>> {
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        for (j, n) in self.new.iter().enumerate() {
            for &w in &n.words {
                postings.entry(w).or_default().push(j);
            }
        }
        let mut acc = vec![0.0f64; self.new.len()];
        let mut touched: Vec<usize> = Vec::new();
        let mut out = Vec::with_capacity(self.old.len());
        for o in &self.old {
            let mut keys = o.words.clone();
            keys.sort_by_key(|&w| (self.words.df(w), w));
            for &w in keys.iter().take(KEY_WORDS) {
                let weight = self.words.idf(w) + 0.01;
                for &j in postings.get(&w).map_or(&[][..], Vec::as_slice).iter().take(POSTING_CAP) {
                    if let Some(a) = acc.get_mut(j) {
                        if *a == 0.0 {
                            touched.push(j);
                        }
                        *a += weight;
                    }
                }
            }
            touched.sort_by(|&a, &b| {
                let (x, y) = (acc.get(a).copied().unwrap_or(0.0), acc.get(b).copied().unwrap_or(0.0));
                y.total_cmp(&x).then(a.cmp(&b))
            });
            touched.truncate(CANDIDATES);
            out.push(touched.clone());
            for a in acc.iter_mut() {
                *a = 0.0;
            }
            touched.clear();
        }
        out
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Links the tasks of two versions; pairs scoring under `min_score` are not made.
pub(crate) fn link(p: &Prepared, min_score: f64) -> Vec<Link> {
    let mut edges: Vec<Edge> = Vec::new();
    for (i, cands) in p.candidates().into_iter().enumerate() {
        for j in cands {
            if let Some(e) = p.measure(i, j).filter(|e| e.score >= min_score) {
                edges.push(Edge { old: i, new: j, score: e.score, dice: e.text });
            }
        }
    }
    let mut old_to_new = identical_pairs(p);
    let taken: Vec<bool> = {
        let mut t = vec![false; p.new.len()];
        for j in old_to_new.iter().flatten() {
            if let Some(x) = t.get_mut(*j) {
                *x = true;
            }
        }
        t
    };
    let free: Vec<Edge> = edges
        .iter()
        .copied()
        .filter(|e| old_to_new.get(e.old).is_some_and(Option::is_none) && !taken.get(e.new).copied().unwrap_or(true))
        .collect();
    for (i, j) in assign(&free, p.old.len(), p.new.len(), min_score) {
        if let Some(slot) = old_to_new.get_mut(i) {
            *slot = Some(j);
        }
    }
    let mut links = gather(p, &edges, &old_to_new);
    for l in &mut links {
        l.kind = classify(p, l);
    }
    links
}

/// Links from the pairs, then each leftover task joined to the link it is part of.
fn gather(p: &Prepared, edges: &[Edge], old_to_new: &[Option<usize>]) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::new();
    let mut of_old: Vec<Option<usize>> = vec![None; p.old.len()];
    let mut of_new: Vec<Option<usize>> = vec![None; p.new.len()];
    for (i, j) in old_to_new.iter().enumerate().filter_map(|(i, j)| j.map(|j| (i, j))) {
        let Some(e) = p.measure(i, j).map(|e| p.explain(e, i, j)) else { continue };
        set(&mut of_old, i, links.len());
        set(&mut of_new, j, links.len());
        links.push(Link { kind: LinkKind::Pair, old: vec![i], new: vec![j], evidence: vec![e] });
    }
    let mut sorted = edges.to_vec();
    sorted.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.old.cmp(&b.old)).then(a.new.cmp(&b.new)));
    // A leftover new task: a piece of an old task (split, repeated).
    for e in &sorted {
        let (Some(None), Some(Some(l))) = (of_new.get(e.new), of_old.get(e.old)) else { continue };
        let l = *l;
        let fits = links.get(l).is_some_and(|x| x.old.len() == 1) && p.piece_of(&p.new, e.new, &p.old, e.old, e.dice);
        if let (true, Some(ev), Some(link)) = (fits, p.measure(e.old, e.new), links.get_mut(l)) {
            link.new.push(e.new);
            link.evidence.push(p.explain(ev, e.old, e.new));
            set(&mut of_new, e.new, l);
        }
    }
    // A leftover old task: merged into a new one.
    for e in &sorted {
        let (Some(None), Some(Some(l))) = (of_old.get(e.old), of_new.get(e.new)) else { continue };
        let l = *l;
        let fits = links.get(l).is_some_and(|x| x.new.len() == 1) && p.piece_of(&p.old, e.old, &p.new, e.new, e.dice);
        if let (true, Some(ev), Some(link)) = (fits, p.measure(e.old, e.new), links.get_mut(l)) {
            link.old.push(e.old);
            link.evidence.push(p.explain(ev, e.old, e.new));
            set(&mut of_old, e.old, l);
        }
    }
    for l in &mut links {
        l.old.sort_unstable();
        l.new.sort_unstable();
    }
    links
}

/// The share of the sorted ids `a` also in the sorted ids `b`.
fn contained(a: &[u32], b: &[u32]) -> f64 {
    let inside = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    inside as f64 / a.len().max(1) as f64
}

fn set(v: &mut [Option<usize>], at: usize, value: usize) {
    if let Some(slot) = v.get_mut(at) {
        *slot = Some(value);
    }
}

fn classify(p: &Prepared, l: &Link) -> LinkKind {
    if l.old.len() > 1 {
        return LinkKind::Merged;
    }
    if l.new.len() < 2 {
        return LinkKind::Pair;
    }
    let pieces: Vec<&Grams> = l.new.iter().filter_map(|&j| p.new.get(j).map(|n| &n.grams)).collect();
    let alike =
        pieces.iter().enumerate().all(|(k, a)| pieces.iter().skip(k + 1).all(|b| a.similarity(b) >= REPEAT_SIMILAR));
    if alike {
        LinkKind::Repeated
    } else {
        LinkKind::Split
    }
}

impl Prepared<'_> {
    /// Whether task `k` of `pieces` is part of task `w` of `wholes`: mostly inside it,
    /// or nearly the same text, and not under another index.
    fn piece_of(&self, pieces: &[Item], k: usize, wholes: &[Item], w: usize, dice: f64) -> bool {
        let (Some(piece), Some(whole)) = (pieces.get(k), wholes.get(w)) else { return false };
        let index_ok = piece.task.index.is_none() || whole.task.index.is_none() || piece.task.index == whole.task.index;
        // Word pairs, not trigrams: scattered trigrams of a different sentence
        // would pass, its wording would not.
        let inside = piece.phrases.len() >= 4 && contained(&piece.phrases, &whole.phrases) >= PIECE_CONTAINED;
        index_ok && (dice >= PIECE_SIMILAR || inside)
    }

    /// The evidence with the shared key phrases filled in.
    fn explain(&self, mut e: Evidence, i: usize, j: usize) -> Evidence {
        if let (Some(o), Some(n)) = (self.old.get(i), self.new.get(j)) {
            e.shared_phrases = self.phrases.rarest_shared(&o.phrases, &n.phrases, 3);
        }
        e
    }
}

/// Tasks whose folded text and bodies are the same on both sides, paired in order.
fn identical_pairs(p: &Prepared) -> Vec<Option<usize>> {
    let mut free: HashMap<(&str, &[String]), VecDeque<usize>> = HashMap::new();
    for (j, n) in p.new.iter().enumerate() {
        free.entry((n.folded.as_str(), n.bodies.as_slice())).or_default().push_back(j);
    }
    p.old
        .iter()
        .map(|o| free.get_mut(&(o.folded.as_str(), o.bodies.as_slice())).and_then(VecDeque::pop_front))
        .collect()
}

/// The best one-to-one pairs among `edges`, solved per connected group.
fn assign(edges: &[Edge], n_old: usize, n_new: usize, floor: f64) -> Vec<(usize, usize)> {
    let mut parent: Vec<usize> = (0..n_old + n_new).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while let Some(&p) = parent.get(x) {
            if p == x {
                break;
            }
            let grand = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(x) {
                *slot = grand;
            }
            x = p;
        }
        x
    }
    for e in edges {
        let (a, b) = (root(&mut parent, e.old), root(&mut parent, n_old + e.new));
        if let Some(slot) = parent.get_mut(a) {
            *slot = b;
        }
    }
    let mut groups: HashMap<usize, Vec<Edge>> = HashMap::new();
    for e in edges {
        groups.entry(root(&mut parent, e.old)).or_default().push(*e);
    }
    let mut keys: Vec<usize> = groups.keys().copied().collect();
    keys.sort_unstable();
    let mut out = Vec::new();
    for k in keys {
        if let Some(group) = groups.get(&k) {
            out.extend(assign_group(group, floor));
        }
    }
    out
}

fn assign_group(edges: &[Edge], floor: f64) -> Vec<(usize, usize)> {
    let mut olds: Vec<usize> = edges.iter().map(|e| e.old).collect();
    let mut news: Vec<usize> = edges.iter().map(|e| e.new).collect();
    for v in [&mut olds, &mut news] {
        v.sort_unstable();
        v.dedup();
    }
    if olds.len() * news.len() > EXACT_LIMIT {
        return greedy(edges);
    }
    // kuhn_munkres wants no more rows than columns.
    let flip = olds.len() > news.len();
    let (rows, cols) = if flip { (&news, &olds) } else { (&olds, &news) };
    let mut m = Matrix::new(rows.len(), cols.len(), 0i64);
    for e in edges {
        let (r, c) = if flip { (e.new, e.old) } else { (e.old, e.new) };
        if let (Ok(r), Ok(c)) = (rows.binary_search(&r), cols.binary_search(&c)) {
            // Positive for every candidate, so assigning one beats leaving it out.
            if let Some(w) = m.get_mut((r, c)) {
                *w = ((e.score - floor) * 1e6).round() as i64 + 1;
            }
        }
    }
    let (_, chosen) = kuhn_munkres(&m);
    let mut out = Vec::new();
    for (r, c) in chosen.into_iter().enumerate() {
        if m.get((r, c)).is_some_and(|w| *w > 0) {
            if let (Some(&a), Some(&b)) = (rows.get(r), cols.get(c)) {
                out.push(if flip { (b, a) } else { (a, b) });
            }
        }
    }
    out
}

fn greedy(edges: &[Edge]) -> Vec<(usize, usize)> {
    let mut sorted = edges.to_vec();
    sorted.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.old.cmp(&b.old)).then(a.new.cmp(&b.new)));
    let (mut used_old, mut used_new) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    let mut out = Vec::new();
    for e in sorted {
        if !used_old.contains(&e.old) && !used_new.contains(&e.new) {
            used_old.insert(e.old);
            used_new.insert(e.new);
            out.push((e.old, e.new));
        }
    }
    out
}
