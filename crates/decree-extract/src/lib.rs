//! Extracts decree records from the shared [`Layout`].
//!
//! Extraction never sees a file format: it walks the layout's blocks in reading
//! order, keeping the context a reader keeps (which annex, which section of the
//! plan, which index the last sentence named), and hands tables and outline items
//! to the modules that know their shapes.

use decree_layout::{Block, Layout};
use decree_model::{Document, Finding, Indicator, Provenance, Records, Severity, Target, Task, SCHEMA_ID};

mod annex;
mod columns;
mod indices;
mod link;
mod meta;
mod outline;
mod prose;
mod prose_targets;
mod target_table;
mod task_table;

/// What extraction produced for one document, before cross-checks.
#[derive(Debug, Default)]
pub struct Extraction {
    pub indicators: Vec<Indicator>,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub findings: Vec<Finding>,
}

/// Extracts all records; `document` carries the id and source already set.
/// A reader's notes (a page without a text layer, a page it could not read)
/// become findings, one per note, so a skipped page never goes unnoticed.
pub fn extract(layout: &Layout, notes: &[decree_layout::Note], mut document: Document) -> Records {
    meta::fill(&mut document, layout);
    let year = document.issued_on.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok());
    let plan_year = document.period.as_ref().and_then(|p| p.from).or(year);
    let ex = extract_records(layout, plan_year);
    let mut findings = ex.findings;
    findings.extend(notes.iter().map(note_finding));
    Records {
        schema: SCHEMA_ID.to_owned(),
        document,
        indicators: ex.indicators,
        targets: ex.targets,
        tasks: ex.tasks,
        findings,
    }
}

/// The context a reader keeps while reading the blocks in order.
#[derive(Debug, Default)]
pub(crate) struct Context {
    pub annex: Option<annex::Annex>,
    /// Index named by the latest paragraph or heading, for the table that follows.
    pub index_hint: Option<decree_model::IndexName>,
    /// Year the plan is for: targets default to it, baselines to the year before.
    pub plan_year: Option<i32>,
}

pub(crate) fn extract_records(layout: &Layout, plan_year: Option<i32>) -> Extraction {
    let mut out = Extraction::default();
    let mut ctx = Context { plan_year, ..Context::default() };
    let mut body = outline::Outline::default();
    let mut main_blocks: Vec<&Block> = Vec::new();
    // The signature block (from "Nơi nhận") ends the body's outline.
    let mut signed = false;
    for block in &layout.blocks {
        if let Some(a) = annex::start(block) {
            ctx.annex = Some(a);
            ctx.index_hint = None;
            continue;
        }
        signed = signed || meta::is_recipients_heading(block_text(block));
        match block {
            Block::Table(table) => read_table(table, &mut ctx, &mut out),
            Block::PageBreak { .. } => {}
            other => {
                let text = block_text(other);
                if let Some(a) = ctx.annex.as_mut() {
                    a.note_title(text);
                } else if !signed {
                    main_blocks.push(other);
                }
                if let Some(i) = indices::first(text) {
                    ctx.index_hint = Some(i);
                }
            }
        }
    }
    body.extend(&main_blocks);
    prose::tasks(&body, &mut out);
    prose_targets::targets(&body, plan_year, &mut out);
    finalize_indicators(&mut out);
    unique_task_ids(&mut out.tasks);
    out
}

/// Ids are keys downstream (the store, diff): a second task with an id already
/// taken (two items on one line) gets `-2`, `-3`, ... in document order.
fn unique_task_ids(tasks: &mut [decree_model::Task]) {
    let mut seen = std::collections::HashSet::new();
    for task in tasks.iter_mut() {
        let mut n = 1;
        let base = task.id.clone();
        while !seen.insert(task.id.clone()) {
            n += 1;
            task.id = format!("{base}-{n}");
        }
    }
}

fn read_table(table: &decree_layout::Table, ctx: &mut Context, out: &mut Extraction) {
    let roles = columns::table_roles(table);
    if task_table::is_task_table(&roles) && task_table::is_blank_form(table, &roles) {
        out.findings.push(not_assigning(table, "biểu mẫu trống"));
    } else if task_table::is_task_table(&roles) {
        task_table::read(table, &roles, ctx, out);
    } else if target_table::is_target_table(&roles) {
        target_table::read(table, &roles, ctx, out);
    } else {
        let titles = columns::header_titles(table);
        let kind = decree_norm::lexicon().table_kind(&titles).unwrap_or("bảng khác");
        out.findings.push(not_assigning(table, kind));
    }
}

/// The one finding for a table that assigns no work (a code list, spending norms,
/// a blank form): what it is and its column titles, as information, not a warning
/// per row.
fn not_assigning(table: &decree_layout::Table, kind: &str) -> Finding {
    let titles: Vec<String> =
        columns::header_titles(table).into_iter().filter(|t| !t.is_empty()).map(|t| one_line(&t)).collect();
    let mut f = unparsed(
        &table.prov,
        format!(
            "Bảng {} ({} dòng) là {kind}, không giao nhiệm vụ hay chỉ tiêu{}; các dòng của nó không được trích xuất.",
            table.index + 1,
            table.rows.len(),
            if titles.is_empty() { String::new() } else { format!(" (cột: {})", quote(&titles.join(" | "))) }
        ),
    );
    f.severity = Severity::Info;
    f
}

pub(crate) fn block_text(block: &Block) -> &str {
    match block {
        Block::Heading(h) => &h.text,
        Block::Paragraph(p) => &p.text,
        Block::ListItem(l) => &l.text,
        Block::Table(_) | Block::PageBreak { .. } => "",
    }
}

/// A finding for content that could not be placed in any record.
pub(crate) fn unparsed(prov: &Provenance, message: String) -> Finding {
    Finding {
        rule: "unparsed".to_owned(),
        severity: Severity::Warning,
        subjects: Vec::new(),
        message,
        expected: None,
        actual: None,
        provenance: prov.clone(),
    }
}

/// Adds the whole-index indicators that codes point to as parents, and sorts.
fn finalize_indicators(out: &mut Extraction) {
    let mut seen: std::collections::BTreeSet<String> = out.indicators.iter().map(|i| i.id.clone()).collect();
    let mut add = Vec::new();
    for ind in &out.indicators {
        let whole = ind.index.as_str().to_owned();
        if !seen.contains(&whole) {
            seen.insert(whole.clone());
            add.push(Indicator {
                id: whole,
                index: ind.index,
                code: String::new(),
                name: indices::display_name(ind.index).to_owned(),
                parent: None,
                max: None,
                catalog: Some(ind.index.as_str().to_owned()),
            });
        }
    }
    out.indicators.extend(add);
}

/// [`fold`](decree_norm::fold) of the first `chars` characters: enough to test how
/// a text starts without folding a whole (possibly huge) paragraph.
pub(crate) fn fold_head(text: &str, chars: usize) -> String {
    let end = text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
    decree_norm::fold(&text[..end])
}

/// A cell's paragraphs on one line.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Short quote of a text for messages.
pub(crate) fn quote(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("«{short}…»")
    } else {
        format!("«{short}»")
    }
}

fn note_finding(n: &decree_layout::Note) -> Finding {
    Finding {
        rule: n.kind.clone(),
        severity: Severity::Warning,
        subjects: Vec::new(),
        message: n.message.clone(),
        expected: None,
        actual: None,
        provenance: Provenance { page: n.page, ..Provenance::default() },
    }
}

#[cfg(test)]
mod notes_tests {
    use super::*;

    #[test]
    fn notes_become_findings_with_their_page() {
        let doc = Document::new(
            "sha256:0".to_owned(),
            decree_model::Source {
                path: "x.pdf".to_owned(),
                format: decree_model::Format::Pdf,
                bytes: 0,
                pages: Some(2),
            },
        );
        let notes = [decree_layout::Note::new("no_text_layer", 2, "Trang 2 không có lớp văn bản.")];
        let records = extract(&Layout::default(), &notes, doc);
        let f = records.findings.iter().find(|f| f.rule == "no_text_layer").unwrap_or_else(|| panic!("no finding"));
        assert_eq!(f.provenance.page, Some(2));
    }
}
