//! The batch at a glance: documents by format and status, failures with their
//! reasons, record counts and findings by rule.

use crate::{svg, Batch};
use decree_model::Severity;
use decree_xlsx::vocab;
use maud::{html, Markup};
use std::collections::BTreeMap;

pub fn section(batch: &Batch) -> Markup {
    html! {
        section.glance {
            h2 { "Tổng quan" }
            (formats(batch))
            (totals(batch))
            (failures(batch))
            (findings_by_rule(batch))
        }
    }
}

fn formats(batch: &Batch) -> Markup {
    // format → (ok, failed)
    let mut by_format: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in &batch.entries {
        let slot = by_format.entry(e.format.as_deref().unwrap_or("không rõ")).or_default();
        if e.status == "ok" {
            slot.0 += 1;
        } else {
            slot.1 += 1;
        }
    }
    let ok: usize = by_format.values().map(|v| v.0).sum();
    html! {
        h3 { "Tệp đầu vào theo định dạng và trạng thái" }
        table {
            tr { th { "Định dạng" } th { "Đọc được" } th { "Lỗi" } th { "Tổng" } }
            @for (format, (good, bad)) in &by_format {
                tr { td { (format) } td.n { (good) } td.n { (bad) } td.n { (good + bad) } }
            }
            tr { th { "Tổng" } th.n { (ok) } th.n { (batch.entries.len() - ok) } th.n { (batch.entries.len()) } }
        }
    }
}

fn totals(batch: &Batch) -> Markup {
    let sum = |f: fn(&decree_model::Records) -> usize| batch.documents.iter().map(f).sum::<usize>();
    html! {
        h3 { "Bản ghi" }
        table {
            tr {
                th { (vocab::DOCUMENTS_SHEET) } th { (vocab::INDICATORS_SHEET) } th { (vocab::TARGETS_SHEET) }
                th { (vocab::TASKS_SHEET) } th { (vocab::FINDINGS_SHEET) }
            }
            tr {
                td.n { (batch.documents.len()) } td.n { (sum(|r| r.indicators.len())) }
                td.n { (sum(|r| r.targets.len())) } td.n { (sum(|r| r.tasks.len())) }
                td.n { (sum(|r| r.findings.len())) }
            }
        }
    }
}

fn failures(batch: &Batch) -> Markup {
    html! {
        h3 { "Tệp không đọc được (" (batch.failures.len()) ")" }
        @if batch.failures.is_empty() {
            p.muted { "Không có: mọi tệp đều đọc được." }
        } @else {
            table {
                tr { th { "Tệp" } th { "Loại lỗi" } th { "Lý do" } }
                @for f in &batch.failures {
                    tr {
                        td { (f.path) }
                        td { (f.error_kind.as_deref().unwrap_or("")) }
                        td.err { (f.error.as_deref().unwrap_or("không rõ")) }
                    }
                }
            }
        }
    }
}

fn findings_by_rule(batch: &Batch) -> Markup {
    // rule → counts by severity (error, warning, info)
    let mut rules: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for f in batch.documents.iter().flat_map(|r| &r.findings) {
        let slot = rules.entry(f.rule.as_str()).or_default();
        slot[severity_index(f.severity)] += 1;
    }
    let bars: Vec<(String, usize)> = rules.iter().map(|(r, c)| ((*r).to_owned(), c.iter().sum())).collect();
    html! {
        h3 { "Phát hiện theo quy tắc" }
        table {
            tr {
                th { "Quy tắc" } th { (vocab::severity(Severity::Error)) }
                th { (vocab::severity(Severity::Warning)) } th { (vocab::severity(Severity::Info)) } th { "Tổng" }
            }
            @for (rule, c) in &rules {
                tr {
                    td { (rule) } td.n.err { (c[0]) } td.n.warn { (c[1]) } td.n { (c[2]) }
                    td.n { (c.iter().sum::<usize>()) }
                }
            }
        }
        (svg::count_bars(&bars))
    }
}

pub fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}
