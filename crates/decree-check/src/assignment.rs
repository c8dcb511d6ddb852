//! Tasks with no lead body, or no deadline, where their table or list gives
//! other tasks one (a table without that column raises nothing).

use crate::finding;
use decree_model::{DeadlineKind, Finding, Records, Severity, Task, TaskKind};
use std::collections::BTreeMap;

pub(crate) fn check(records: &Records, out: &mut Vec<Finding>) {
    let mut groups: BTreeMap<String, Vec<&Task>> = BTreeMap::new();
    for t in records.tasks.iter().filter(|t| t.kind == TaskKind::Task) {
        groups.entry(scope(t)).or_default().push(t);
    }
    for tasks in groups.values() {
        let has_lead_column = tasks.iter().any(|t| !t.lead.is_empty());
        let has_deadline_column = tasks.iter().any(|t| t.deadline.kind != DeadlineKind::None);
        for t in tasks {
            if has_lead_column && t.lead.is_empty() {
                out.push(finding(
                    "missing_lead",
                    Severity::Warning,
                    vec![t.id.clone()],
                    format!("Nhiệm vụ {} chưa có cơ quan chủ trì: {}.", label(t), quote(&t.text)),
                    None,
                    t.provenance.clone(),
                ));
            }
            if has_deadline_column && t.deadline.kind == DeadlineKind::None {
                out.push(finding(
                    "missing_deadline",
                    Severity::Info,
                    vec![t.id.clone()],
                    format!("Nhiệm vụ {} chưa có thời gian hoàn thành: {}.", label(t), quote(&t.text)),
                    None,
                    t.provenance.clone(),
                ));
            }
        }
    }
}

/// Tasks of one table, or of one list under the same heading.
fn scope(t: &Task) -> String {
    match t.provenance.table {
        Some(table) => format!("table {table}"),
        None => t.path.join(" › "),
    }
}

fn label(t: &Task) -> String {
    t.code.as_deref().map_or_else(|| format!("(dòng {})", t.provenance.line.unwrap_or(0)), |c| format!("«{c}»"))
}

fn quote(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("«{short}…»")
    } else {
        format!("«{short}»")
    }
}
