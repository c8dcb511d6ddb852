//! Cross-checks: where a plan contradicts itself or the official record.
//!
//! Checks read records only; they never parse text. Each rule returns findings
//! that point at records by id; a finding never changes a record. Every rule
//! has a test with a consistent case that must stay silent: a false alarm costs
//! as much trust as a miss.

use decree_catalog::{Catalog, OfficialScores};
use decree_model::{Finding, Provenance, Records, Severity};

mod arithmetic;
mod assignment;
mod direction;
mod numbering;
mod official;
mod precision;

/// Data the rules compare against.
pub struct Reference<'a> {
    pub catalog: &'a Catalog,
    pub official: &'a OfficialScores,
}

impl Reference<'static> {
    /// The catalog and official scores shipped with decree.
    pub fn shipped() -> Self {
        Reference { catalog: Catalog::get(), official: OfficialScores::get() }
    }
}

/// Runs every rule. Findings come back in a stable order.
pub fn check(records: &Records, reference: &Reference) -> Vec<Finding> {
    let mut out = Vec::new();
    arithmetic::check(records, reference, &mut out);
    numbering::check(records, &mut out);
    direction::check(records, &mut out);
    assignment::check(records, &mut out);
    official::check(records, reference, &mut out);
    unknown_indicators(records, &mut out);
    out
}

/// Replaces the findings of `records` with extraction's own (`unparsed`, ...)
/// plus a fresh run of the rules, so re-checking an output is idempotent.
pub fn recheck(records: &mut Records, reference: &Reference) {
    records.findings.retain(|f| !RULES.contains(&f.rule.as_str()));
    let fresh = check(records, reference);
    records.findings.extend(fresh);
}

/// Rule codes this crate owns.
pub const RULES: [&str; 13] = [
    "sum_mismatch",
    "mean_mismatch",
    "max_total_mismatch",
    "remaining_mismatch",
    "duplicate_code",
    "numbering_gap",
    "target_below_baseline",
    "exceeds_max",
    "rank_out_of_range",
    "missing_lead",
    "missing_deadline",
    "official_mismatch",
    "unknown_indicator",
];

fn unknown_indicators(records: &Records, out: &mut Vec<Finding>) {
    for ind in records.indicators.iter().filter(|i| i.catalog.is_none() && !i.code.is_empty()) {
        let prov =
            records.targets.iter().find(|t| t.indicator == ind.id).map(|t| t.provenance.clone()).unwrap_or_default();
        out.push(finding(
            "unknown_indicator",
            Severity::Info,
            vec![ind.id.clone()],
            format!(
                "Chỉ tiêu «{}» ({}) không có trong danh mục chỉ số {}; kiểm tra lại tên hoặc bổ sung danh mục.",
                ind.name, ind.id, ind.index
            ),
            None,
            prov,
        ));
    }
}

/// A finding with its fields in order.
pub(crate) fn finding(
    rule: &str,
    severity: Severity,
    subjects: Vec<String>,
    message: String,
    numbers: Option<(f64, f64)>,
    provenance: Provenance,
) -> Finding {
    Finding {
        rule: rule.to_owned(),
        severity,
        subjects,
        message,
        expected: numbers.map(|(e, _)| round4(e)),
        actual: numbers.map(|(_, a)| round4(a)),
        provenance,
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
