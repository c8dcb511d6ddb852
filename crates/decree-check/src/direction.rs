//! A target worse than its own baseline, given the indicator's direction.

use crate::arithmetic::fmt;
use crate::finding;
use crate::precision::decimals;
use decree_model::{Direction, Finding, Records, Severity};

pub(crate) fn check(records: &Records, out: &mut Vec<Finding>) {
    for t in &records.targets {
        // Silent when the direction is unknown: a guess would raise false alarms.
        let Some(direction) = t.direction else { continue };
        let (Some(b), Some(g)) = (t.baseline.as_ref(), t.target.as_ref()) else { continue };
        let (Some(bv), Some(gv)) = (b.value, g.value) else { continue };
        if b.unit.is_some() && g.unit.is_some() && b.unit != g.unit {
            continue;
        }
        let worse = match direction {
            Direction::Up => gv < bv,
            Direction::Down => gv > bv,
        };
        if worse {
            let places = decimals(b).max(decimals(g));
            let way = if direction == Direction::Up { "thấp hơn" } else { "cao hơn" };
            out.push(finding(
                "target_below_baseline",
                Severity::Warning,
                vec![t.indicator.clone()],
                format!(
                    "Chỉ tiêu {} của {} ({}) {way} kết quả năm {} ({}); kiểm tra lại mục tiêu.",
                    g.year.map_or(String::new(), |y| format!("năm {y}")),
                    t.indicator,
                    fmt(gv, places),
                    b.year.map_or(String::from("cơ sở"), |y| y.to_string()),
                    fmt(bv, places)
                ),
                Some((bv, gv)),
                t.provenance.clone(),
            ));
        }
    }
}
