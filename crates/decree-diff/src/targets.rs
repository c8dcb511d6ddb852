//! Indicators matched across versions, and their targets compared: a target with
//! the other plan's target for the same indicator and year, a baseline with a
//! baseline.

use crate::{Change, FieldChange, FieldValue, IndicatorRef, Role, Trend};
use decree_model::{Direction, IndexName, Indicator, Measure, Records, Target};
use decree_norm::fold;
use std::collections::{HashMap, HashSet};

pub(crate) fn indicator_ref(i: &Indicator) -> IndicatorRef {
    IndicatorRef { id: i.id.clone(), index: i.index, code: i.code.clone(), name: i.name.clone() }
}

/// For each old indicator, the position of its new counterpart: by catalog entry,
/// then code, then folded name, each within the same index.
pub(crate) fn match_indicators(old: &[Indicator], new: &[Indicator]) -> Vec<Option<usize>> {
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

pub(crate) fn indicator_changes(old: &Records, new: &Records, pairs: &[Option<usize>], out: &mut Vec<Change>) {
    for (o, pair) in old.indicators.iter().zip(pairs) {
        if pair.is_none() {
            out.push(Change::IndicatorRemoved { indicator: indicator_ref(o) });
            for (role, m, _) in measures(&old.targets, &o.id) {
                out.push(Change::TargetDropped { indicator: indicator_ref(o), role, year: m.year, raw: m.raw.clone() });
            }
        }
    }
    let used: HashSet<usize> = pairs.iter().flatten().copied().collect();
    for (_, n) in new.indicators.iter().enumerate().filter(|(j, _)| !used.contains(j)) {
        out.push(Change::IndicatorAdded { indicator: indicator_ref(n) });
        for (role, m, _) in measures(&new.targets, &n.id) {
            out.push(Change::TargetNew { indicator: indicator_ref(n), role, year: m.year, raw: m.raw.clone() });
        }
    }
}

/// Every stated measure of an indicator: its role, the measure and the direction.
fn measures<'a>(targets: &'a [Target], indicator: &str) -> Vec<(Role, &'a Measure, Option<Direction>)> {
    let mut out = Vec::new();
    for t in targets.iter().filter(|t| t.indicator == indicator) {
        out.extend(t.baseline.iter().map(|m| (Role::Baseline, m, t.direction)));
        out.extend(t.target.iter().map(|m| (Role::Target, m, t.direction)));
    }
    out
}

/// Measures of matched indicators: same role and year first, then what is left of
/// a role in order (a next year's plan states the next year's target).
pub(crate) fn target_changes(old: &Records, new: &Records, pairs: &[Option<usize>], out: &mut Vec<Change>) {
    for (o, pair) in old.indicators.iter().zip(pairs) {
        let Some(n) = pair.and_then(|j| new.indicators.get(j)) else { continue };
        let before = measures(&old.targets, &o.id);
        let after = measures(&new.targets, &n.id);
        let mut used = vec![false; after.len()];
        let mut matched: Vec<Option<usize>> = vec![None; before.len()];
        for same_year in [true, false] {
            for (k, (role, m, _)) in before.iter().enumerate() {
                if matched.get(k).is_some_and(Option::is_some) {
                    continue;
                }
                let found = after.iter().enumerate().position(|(x, (r, b, _))| {
                    !used.get(x).copied().unwrap_or(true) && r == role && (!same_year || b.year == m.year)
                });
                if let Some(x) = found {
                    set(&mut used, x);
                    if let Some(slot) = matched.get_mut(k) {
                        *slot = Some(x);
                    }
                }
            }
        }
        for ((role, a, dir), m) in before.iter().zip(&matched) {
            match m.and_then(|x| after.get(x)) {
                Some((_, b, dir_new)) => {
                    let fields = compare(a, o, b, n);
                    if !fields.is_empty() {
                        out.push(Change::TargetChanged {
                            old: indicator_ref(o),
                            new: indicator_ref(n),
                            role: *role,
                            trend: trend(*role, &fields, dir_new.or(*dir)),
                            old_raw: a.raw.clone(),
                            new_raw: b.raw.clone(),
                            fields,
                        });
                    }
                }
                None => out.push(Change::TargetDropped {
                    indicator: indicator_ref(o),
                    role: *role,
                    year: a.year,
                    raw: a.raw.clone(),
                }),
            }
        }
        for ((role, b, _), _) in after.iter().zip(&used).filter(|(_, u)| !**u) {
            out.push(Change::TargetNew { indicator: indicator_ref(n), role: *role, year: b.year, raw: b.raw.clone() });
        }
    }
}

fn set(v: &mut [bool], at: usize) {
    if let Some(x) = v.get_mut(at) {
        *x = true;
    }
}

fn compare(a: &Measure, ai: &Indicator, b: &Measure, bi: &Indicator) -> Vec<FieldChange> {
    type Get = fn(&Measure) -> Option<f64>;
    let numbers: [(&str, Get); 5] = [
        ("year", |m| m.year.map(f64::from)),
        ("value", |m| m.value),
        ("value_to", |m| m.value_to),
        ("rank", |m| m.rank.map(f64::from)),
        ("rank_to", |m| m.rank_to.map(f64::from)),
    ];
    let num = |v: Option<f64>| v.map(FieldValue::Number);
    let mut out: Vec<FieldChange> =
        numbers.iter().filter_map(|(name, get)| changed(name, num(get(a)), num(get(b)))).collect();
    let group = |m: &Measure| m.group.clone().map(FieldValue::Text);
    out.extend(changed("group", group(a), group(b)));
    // The maximum is printed with the value (`1.00/2.5`) or stated on the indicator.
    out.extend(changed("max", num(a.max.or(ai.max)), num(b.max.or(bi.max))));
    out
}

fn changed(field: &str, old: Option<FieldValue>, new: Option<FieldValue>) -> Option<FieldChange> {
    let same = match (&old, &new) {
        (Some(FieldValue::Number(x)), Some(FieldValue::Number(y))) => (x - y).abs() < 1e-9,
        (Some(FieldValue::Text(x)), Some(FieldValue::Text(y))) => fold(x) == fold(y),
        (None, None) => true,
        _ => false,
    };
    (!same).then(|| FieldChange { field: field.to_string(), old, new })
}

/// Whether a changed target asks for more (raised) or less (lowered): a higher
/// value, or a lower one where lower is better; a better (smaller) rank.
fn trend(role: Role, fields: &[FieldChange], direction: Option<Direction>) -> Option<Trend> {
    if role != Role::Target {
        return None;
    }
    let delta = |name: &str| {
        fields.iter().find(|f| f.field == name).and_then(|f| match (&f.old, &f.new) {
            (Some(FieldValue::Number(a)), Some(FieldValue::Number(b))) => Some(b - a),
            _ => None,
        })
    };
    let better = match (delta("value"), delta("rank")) {
        (Some(d), _) if direction == Some(Direction::Down) => -d,
        (Some(d), _) => d,
        (None, Some(r)) => -r,
        (None, None) => return None,
    };
    if better > 0.0 {
        Some(Trend::Raised)
    } else if better < 0.0 {
        Some(Trend::Lowered)
    } else {
        None
    }
}
