//! Baselines that differ from the officially published score.
//!
//! PAPI dimensions (D1–D8) and totals are published per province and year; a
//! plan's reference-year value for its own province is compared with the
//! published one, rounded as the plan prints it.

use crate::arithmetic::{fmt, indicator};
use crate::precision::{decimals, half_unit};
use crate::{finding, Reference};
use decree_model::{Finding, IndexName, Level, Records, Severity};

pub(crate) fn check(records: &Records, reference: &Reference, out: &mut Vec<Finding>) {
    let Some(loc) = records.document.locality.as_ref().filter(|l| l.level == Level::Province) else { return };
    for t in &records.targets {
        let Some(ind) = indicator(records, &t.indicator).filter(|i| i.index == IndexName::Papi) else { continue };
        let Some(b) = t.baseline.as_ref() else { continue };
        let (Some(value), Some(year)) = (b.value, b.year) else { continue };
        let Some(scores) = reference.official.papi(&loc.name, year) else { continue };
        let published = match ind.catalog.as_deref().or(Some(ind.id.as_str())) {
            Some("PAPI") => scores.total,
            Some(key) => dimension(key).and_then(|d| scores.dimensions.get(d).copied().flatten()),
            None => None,
        };
        let Some(published) = published else { continue };
        if (published - value).abs() > half_unit(b) + 1e-9 {
            out.push(finding(
                "official_mismatch",
                Severity::Warning,
                vec![t.indicator.clone()],
                format!(
                    "{} năm {year} của {} ghi «{}» nhưng điểm công bố chính thức là {}.",
                    t.indicator,
                    loc.name,
                    b.raw,
                    fmt(published, decimals(b).max(2))
                ),
                Some((published, value)),
                t.provenance.clone(),
            ));
        }
    }
}

/// `PAPI:3` → dimension index 2; sub-dimensions have no published score here.
fn dimension(key: &str) -> Option<usize> {
    let code = key.strip_prefix("PAPI:")?;
    let n: usize = code.parse().ok()?;
    (1..=8).contains(&n).then(|| n - 1)
}
