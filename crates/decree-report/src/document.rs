//! One document's section: header fields, targets by index, findings, tasks by
//! lead body and by quarter, and what could not be read.

use crate::svg::{self, Pair};
use decree_model::{DeadlineKind, Finding, Indicator, Measure, Provenance, Records, Target, Task};
use decree_xlsx::vocab;
use maud::{html, Markup};
use std::collections::{BTreeMap, HashMap};

/// How the report names a document: its number, else its file name.
pub fn label(r: &Records) -> String {
    let d = &r.document;
    d.number.clone().unwrap_or_else(|| d.source.path.rsplit(['/', '\\']).next().unwrap_or("").to_owned())
}

pub fn section(n: usize, r: &Records) -> Markup {
    let unparsed: Vec<&Finding> = r.findings.iter().filter(|f| f.rule == "unparsed").collect();
    let checks: Vec<&Finding> = r.findings.iter().filter(|f| f.rule != "unparsed").collect();
    html! {
        section.doc id=(format!("doc-{n}")) {
            h2 { (label(r)) }
            (header(r))
            (targets(r))
            h3 { "Phát hiện (" (checks.len()) ")" }
            (findings(&checks))
            (tasks_by_lead(&r.tasks))
            (timeline(&r.tasks))
            h3 { "Không đọc được (" (unparsed.len()) ")" }
            (findings(&unparsed))
        }
    }
}

fn header(r: &Records) -> Markup {
    let d = &r.document;
    let doc_type = d.doc_type_vi.as_deref().or(d.doc_type.map(vocab::doc_type));
    let period = d.period.as_ref().map(|p| {
        let year = |y: Option<i32>| y.map_or(String::from("?"), |y| y.to_string());
        format!("{} – {}", year(p.from), year(p.to))
    });
    let signer = d
        .signer
        .as_ref()
        .map(|s| [s.position.as_deref(), s.name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "));
    let fields = [
        ("Số hiệu", d.number.clone()),
        ("Loại văn bản", doc_type.map(str::to_owned)),
        ("Cơ quan ban hành", d.issuer.clone()),
        ("Địa phương", d.locality.as_ref().map(|l| format!("{} ({})", l.name, vocab::level(l.level)))),
        ("Ngày ban hành", d.issued_on.clone()),
        ("Trích yếu", d.title.clone()),
        ("Giai đoạn", period),
        ("Chỉ số", Some(vocab::indices(&d.indices)).filter(|s| !s.is_empty())),
        ("Người ký", signer.filter(|s| !s.is_empty())),
        ("Tệp nguồn", Some(format!("{} ({}, {} byte)", d.source.path, vocab::format(d.source.format), d.source.bytes))),
        ("Số trang", d.source.pages.map(|p| p.to_string())),
    ];
    html! {
        dl.head {
            @for (name, value) in fields {
                @if let Some(value) = value {
                    dt { (name) } dd { (value) }
                }
            }
        }
    }
}

fn targets(r: &Records) -> Markup {
    let indicators: HashMap<&str, &Indicator> = r.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut by_index: BTreeMap<&str, Vec<&Target>> = BTreeMap::new();
    for t in &r.targets {
        by_index.entry(t.indicator.split(':').next().unwrap_or("")).or_default().push(t);
    }
    let year = |m: Option<&Measure>| m.and_then(|m| m.year).map_or(String::new(), |y| format!(" {y}"));
    let first = r.targets.first();
    html! {
        h3 { "Chỉ tiêu (" (r.targets.len()) ")" }
        @if r.targets.is_empty() {
            p.muted { "Văn bản không có bảng chỉ tiêu." }
        } @else {
            p.legend {
                span.sw style="background:#b9c3cd" {} "cơ sở" (year(first.and_then(|t| t.baseline.as_ref())))
                span.sw style="background:#2f8a5d" {} "mục tiêu" (year(first.and_then(|t| t.target.as_ref())))
                span.muted { " — thang đo mỗi dòng: điểm tối đa của chỉ tiêu khi biết, nếu không thì 1, 10 hay 100; cuối dòng: điểm và xếp hạng (cơ sở → mục tiêu)" }
            }
            @for (index, list) in &by_index {
                h4 { (index) " (" (list.len()) ")" }
                (svg::pairs(&list.iter().map(|t| pair(t, indicators.get(t.indicator.as_str()).copied())).collect::<Vec<_>>()))
                @let ranked = ranks(list, &indicators);
                @if !ranked.is_empty() {
                    h4 { (index) ": xếp hạng" }
                    (svg::ranks(&ranked))
                }
            }
        }
    }
}

/// The ranked targets of one index, each indicator and pair of ranks once
/// (a plan prints the same row in several tables).
fn ranks(list: &[&Target], indicators: &HashMap<&str, &Indicator>) -> Vec<svg::Ranks> {
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for t in list {
        let (b, g) = (t.baseline.as_ref(), t.target.as_ref());
        let (from, to) = (b.and_then(|m| m.rank), g.and_then(|m| m.rank));
        if (from.is_none() && to.is_none()) || !seen.insert((t.indicator.as_str(), from, to)) {
            continue;
        }
        let printed = b.and_then(|m| m.rank_of).or(g.and_then(|m| m.rank_of)).unwrap_or(PROVINCES);
        let of = [from, to].into_iter().flatten().fold(printed, u32::max);
        rows.push(svg::Ranks {
            label: pair(t, indicators.get(t.indicator.as_str()).copied()).label,
            baseline: from,
            target: to,
            of,
        });
    }
    rows
}

/// The provinces ranked by PCI, PAPI, SIPAS and PAR INDEX.
const PROVINCES: u32 = 63;

fn pair(t: &Target, indicator: Option<&Indicator>) -> Pair {
    let code = t.indicator.split_once(':').map_or(t.indicator.as_str(), |(_, c)| c);
    let name = indicator.map_or("", |i| i.name.as_str());
    let mut label = format!("{code} {name}");
    if label.chars().count() > 46 {
        label = label.chars().take(45).collect::<String>() + "…";
    }
    let value = |m: Option<&Measure>| m.and_then(|m| m.value);
    let shown = |m: Option<&Measure>| match m {
        Some(m) => {
            let v = m.value.map_or(String::new(), number);
            let rank = m.rank.map_or(String::new(), |r| format!(" (hạng {r})"));
            let s = format!("{v}{rank}");
            if s.is_empty() {
                m.raw.clone()
            } else {
                s
            }
        }
        None => "—".to_owned(),
    };
    Pair {
        label,
        baseline: value(t.baseline.as_ref()),
        target: value(t.target.as_ref()),
        max: t.target.as_ref().and_then(|m| m.max).or(indicator.and_then(|i| i.max)),
        note: format!("{} → {}", shown(t.baseline.as_ref()), shown(t.target.as_ref())),
    }
}

/// A score as Vietnamese print it: decimal comma, no trailing zeros.
fn number(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

fn findings(list: &[&Finding]) -> Markup {
    html! {
        @if list.is_empty() {
            p.muted { "Không có." }
        } @else {
            table {
                tr { th { "Mức độ" } th { "Quy tắc" } th { "Nội dung" } th { "Vị trí" } }
                @for f in list {
                    tr {
                        td class=(severity_class(f)) { (vocab::severity(f.severity)) }
                        td { (f.rule) }
                        td { (f.message) }
                        td { (location(&f.provenance)) }
                    }
                }
            }
        }
    }
}

fn severity_class(f: &Finding) -> &'static str {
    match f.severity {
        decree_model::Severity::Error => "err",
        decree_model::Severity::Warning => "warn",
        decree_model::Severity::Info => "",
    }
}

fn location(p: &Provenance) -> String {
    let parts = [
        p.page.map(|n| format!("trang {n}")),
        p.line.map(|n| format!("dòng {n}")),
        p.table.map(|n| format!("bảng {}", n + 1)),
        p.row.map(|n| format!("hàng {}", n + 1)),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join(", ")
}

fn tasks_by_lead(tasks: &[Task]) -> Markup {
    let mut by_lead: BTreeMap<&str, Vec<&Task>> = BTreeMap::new();
    for t in tasks {
        if t.lead.is_empty() {
            by_lead.entry("(không ghi cơ quan chủ trì)").or_default().push(t);
        }
        for lead in &t.lead {
            by_lead.entry(lead.as_str()).or_default().push(t);
        }
    }
    let mut groups: Vec<(&str, Vec<&Task>)> = by_lead.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    html! {
        h3 { "Nhiệm vụ theo cơ quan chủ trì (" (tasks.len()) " nhiệm vụ)" }
        @for (lead, list) in &groups {
            details {
                summary { (lead) " — " (list.len()) }
                ol.tasks {
                    @for t in list {
                        li {
                            @if let Some(code) = &t.code { b { (code) } " " }
                            (t.text)
                            @if let Some(raw) = &t.deadline.raw { " " span.dl { "⏱ " (raw) } }
                        }
                    }
                }
            }
        }
    }
}

/// Tasks by the quarter their deadline ends in, then those without a date.
fn timeline(tasks: &[Task]) -> Markup {
    let mut quarters: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut other: BTreeMap<&'static str, usize> = BTreeMap::new();
    for t in tasks {
        let d = &t.deadline;
        match d.to.as_deref().or(d.from.as_deref()).and_then(quarter) {
            Some(q) => *quarters.entry(q).or_default() += 1,
            None => {
                let kind = match d.kind {
                    DeadlineKind::Recurring => "Định kỳ",
                    DeadlineKind::Event => "Theo sự kiện",
                    _ => "Không rõ hạn",
                };
                *other.entry(kind).or_default() += 1;
            }
        }
    }
    let mut cols: Vec<(String, usize)> = quarters.into_iter().map(|((y, q), n)| (format!("Q{q}/{y}"), n)).collect();
    cols.extend(other.into_iter().map(|(k, n)| (k.to_owned(), n)));
    html! {
        h3 { "Thời hạn theo quý" }
        @if tasks.is_empty() { p.muted { "Không có nhiệm vụ." } } @else { (svg::columns(&cols)) }
    }
}

/// `2024-06-30` (or `2024-06`) → (2024, 2); a year alone has no quarter.
fn quarter(iso: &str) -> Option<(i32, u32)> {
    let mut parts = iso.split('-');
    let year = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, (month - 1) / 3 + 1))
}
