//! Sums, means, maxima, remaining points, values over their maximum, ranks.

use crate::precision::{decimals, half_unit};
use crate::{finding, Reference};
use decree_catalog::Aggregate;
use decree_model::{Finding, Indicator, Measure, Records, Severity, Target};
use std::collections::BTreeMap;

pub(crate) fn check(records: &Records, reference: &Reference, out: &mut Vec<Finding>) {
    for targets in by_table(records).values() {
        parents_and_children(records, reference, targets, out);
    }
    for t in &records.targets {
        for m in [&t.baseline, &t.target].into_iter().flatten() {
            remaining(t, m, out);
            over_max(records, t, m, out);
            rank_range(t, m, out);
        }
    }
    maxima(records, reference, out);
}

/// Table targets grouped by table, in row order.
fn by_table(records: &Records) -> BTreeMap<u32, Vec<&Target>> {
    let mut map: BTreeMap<u32, Vec<&Target>> = BTreeMap::new();
    for t in &records.targets {
        if let Some(table) = t.provenance.table {
            map.entry(table).or_default().push(t);
        }
    }
    map
}

pub(crate) fn indicator<'a>(records: &'a Records, id: &str) -> Option<&'a Indicator> {
    records.indicators.iter().find(|i| i.id == id)
}

/// A parent row against the rows of its children in the same table.
fn parents_and_children(records: &Records, reference: &Reference, targets: &[&Target], out: &mut Vec<Finding>) {
    for parent in targets {
        let children: Vec<&Target> = targets
            .iter()
            .filter(|c| indicator(records, &c.indicator).and_then(|i| i.parent.as_deref()) == Some(&parent.indicator))
            .copied()
            .collect();
        let Some(ind) = indicator(records, &parent.indicator) else { continue };
        if children.len() < 2 || ind.code.is_empty() {
            continue;
        }
        let aggregate = reference.catalog.index(ind.index).map(|e| e.aggregate);
        for side in [Side::Baseline, Side::Target] {
            match aggregate {
                Some(Aggregate::Sum) => sum_rule(parent, &children, side, out),
                Some(Aggregate::Mean) => mean_rule(parent, &children, side, out),
                Some(Aggregate::Weighted) | None => {}
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Side {
    Baseline,
    Target,
}

impl Side {
    fn of(self, t: &Target) -> Option<&Measure> {
        match self {
            Side::Baseline => t.baseline.as_ref(),
            Side::Target => t.target.as_ref(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Side::Baseline => "năm cơ sở",
            Side::Target => "chỉ tiêu",
        }
    }
}

/// The parent's and every child's measure on one side, when all have values.
fn values<'a>(parent: &'a Target, children: &[&'a Target], side: Side) -> Option<(&'a Measure, Vec<&'a Measure>)> {
    let p = side.of(parent).filter(|m| m.value.is_some())?;
    let cs: Option<Vec<&Measure>> = children.iter().map(|c| side.of(c).filter(|m| m.value.is_some())).collect();
    Some((p, cs?))
}

fn sum_rule(parent: &Target, children: &[&Target], side: Side, out: &mut Vec<Finding>) {
    let Some((p, cs)) = values(parent, children, side) else { return };
    let expected: f64 = cs.iter().filter_map(|m| m.value).sum();
    let actual = p.value.unwrap_or(0.0);
    // Each printed number may be off by half a unit of its last digit.
    let tolerance = half_unit(p) + cs.iter().map(|m| half_unit(m)).sum::<f64>() + 1e-9;
    if (expected - actual).abs() > tolerance {
        out.push(finding(
            "sum_mismatch",
            Severity::Error,
            subjects(parent, children),
            format!(
                "{} ({}) ghi «{}» nhưng tổng các chỉ số thành phần là {}; kiểm tra lại số liệu.",
                parent.indicator,
                side.name(),
                p.raw,
                fmt(expected, decimals(p))
            ),
            Some((expected, actual)),
            parent.provenance.clone(),
        ));
    }
}

fn mean_rule(parent: &Target, children: &[&Target], side: Side, out: &mut Vec<Finding>) {
    let Some((p, cs)) = values(parent, children, side) else { return };
    let expected = cs.iter().filter_map(|m| m.value).sum::<f64>() / cs.len() as f64;
    let actual = p.value.unwrap_or(0.0);
    // A mean is compared at the finest precision printed among the numbers.
    let places = cs.iter().map(|m| decimals(m)).chain([decimals(p)]).max().unwrap_or(0);
    let tolerance = 0.5 * 10f64.powi(-i32::try_from(places).unwrap_or(0)) + 1e-9;
    if (expected - actual).abs() > tolerance {
        let listed: Vec<String> = cs.iter().filter_map(|m| m.value).map(|v| fmt(v, places)).collect();
        out.push(finding(
            "mean_mismatch",
            Severity::Error,
            subjects(parent, children),
            format!(
                "{} ({}) ghi «{}» nhưng trung bình các tiêu chí ({}) là {}; kiểm tra lại số liệu.",
                parent.indicator,
                side.name(),
                p.raw,
                listed.join("; "),
                fmt(expected, places.max(1))
            ),
            Some((expected, actual)),
            parent.provenance.clone(),
        ));
    }
}

fn subjects(parent: &Target, children: &[&Target]) -> Vec<String> {
    std::iter::once(parent).chain(children.iter().copied()).map(|t| t.indicator.clone()).collect()
}

pub(crate) fn fmt(v: f64, places: u32) -> String {
    format!("{v:.*}", places as usize)
}

/// `đạt X/Y điểm, còn lại Z điểm`: Y − X must be Z.
fn remaining(t: &Target, m: &Measure, out: &mut Vec<Finding>) {
    let (Some(value), Some(max), Some(rest)) = (m.value, m.max, m.remaining) else { return };
    let expected = max - value;
    let tolerance = 2.0 * half_unit(m) + 1e-9;
    if (expected - rest).abs() > tolerance {
        out.push(finding(
            "remaining_mismatch",
            Severity::Error,
            vec![t.indicator.clone()],
            format!(
                "«{}»: {} − {} = {}, không phải {}; kiểm tra lại điểm còn lại.",
                m.raw,
                fmt(max, decimals(m)),
                fmt(value, decimals(m)),
                fmt(expected, decimals(m)),
                fmt(rest, decimals(m))
            ),
            Some((expected, rest)),
            t.provenance.clone(),
        ));
    }
}

/// A value above the maximum the document states for it.
fn over_max(records: &Records, t: &Target, m: &Measure, out: &mut Vec<Finding>) {
    let Some(value) = m.value else { return };
    let max = m.max.or_else(|| indicator(records, &t.indicator).and_then(|i| i.max));
    let max = max.or((m.unit == Some(decree_model::Unit::Percent)).then_some(100.0));
    let Some(max) = max else { return };
    if value > max + half_unit(m) + 1e-9 {
        out.push(finding(
            "exceeds_max",
            Severity::Error,
            vec![t.indicator.clone()],
            format!("{} ghi «{}», vượt điểm tối đa {}.", t.indicator, m.raw, fmt(max, 2)),
            Some((max, value)),
            t.provenance.clone(),
        ));
    }
}

/// Ranks run from 1 to the number ranked (`/63`; 63 provinces when unstated).
fn rank_range(t: &Target, m: &Measure, out: &mut Vec<Finding>) {
    let Some(rank) = m.rank else { return };
    let of = m.rank_of.unwrap_or(63);
    let bad_to = m.rank_to.is_some_and(|to| to < rank || to > of);
    if rank == 0 || rank > of || bad_to {
        out.push(finding(
            "rank_out_of_range",
            Severity::Error,
            vec![t.indicator.clone()],
            format!("{} ghi thứ hạng «{}», ngoài khoảng 1–{of}.", t.indicator, m.raw),
            Some((f64::from(of), f64::from(rank))),
            t.provenance.clone(),
        ));
    }
}

/// Maxima that should add up: children's to their parent's, and an index's
/// top-level fields to the index total (PAR INDEX: 100).
fn maxima(records: &Records, reference: &Reference, out: &mut Vec<Finding>) {
    for parent in &records.indicators {
        let children: Vec<&Indicator> =
            records.indicators.iter().filter(|c| c.parent.as_deref() == Some(parent.id.as_str())).collect();
        let total = match (parent.max, parent.code.is_empty()) {
            (Some(m), _) => Some(m),
            (None, true) => reference.catalog.index(parent.index).and_then(|e| e.max),
            (None, false) => None,
        };
        let Some(total) = total else { continue };
        let maxes: Option<Vec<f64>> = children.iter().map(|c| c.max).collect();
        let Some(maxes) = maxes.filter(|m| m.len() >= 2) else { continue };
        if parent.code.is_empty() && !complete_top_level(records, reference, parent, children.len()) {
            continue;
        }
        let sum: f64 = maxes.iter().sum();
        // Maxima are design values; only thirds get rounded (3.33 × 3 = 9.99).
        let tolerance = 0.005 * maxes.len() as f64 + 1e-9;
        if (sum - total).abs() > tolerance {
            let prov = records.targets.iter().find(|t| t.indicator == parent.id).map(|t| t.provenance.clone());
            out.push(finding(
                "max_total_mismatch",
                Severity::Warning,
                std::iter::once(&parent.id).chain(children.iter().map(|c| &c.id)).cloned().collect(),
                format!(
                    "Điểm tối đa các thành phần của {} cộng lại là {}, khác tổng {}.",
                    parent.id,
                    fmt(sum, 2),
                    fmt(total, 2)
                ),
                Some((total, sum)),
                prov.unwrap_or_default(),
            ));
        }
    }
}

/// The whole index is only checked when the document lists all its fields.
fn complete_top_level(records: &Records, reference: &Reference, parent: &Indicator, n: usize) -> bool {
    let Some(entry) = reference.catalog.index(parent.index) else { return false };
    let year = records.targets.iter().find_map(|t| t.baseline.as_ref().and_then(|m| m.year));
    let fields = entry
        .indicators
        .iter()
        .filter(|e| e.parent.as_deref() == Some(parent.index.as_str()))
        .filter(|e| year.is_none_or(|y| e.from_year.is_none_or(|f| f <= y) && e.to_year.is_none_or(|t| t >= y)))
        .count();
    fields == n && entry.aggregate == Aggregate::Sum
}
