//! One table: its body lines gathered across pages up to where the table
//! ends, and cut into rows where the STT numbering continues. The rows are
//! cut into columns in [`super::grid`].

use super::cells::{Col, SegLine};
use super::grid::{build, parts, Segment};
use super::header::{self, Header, Role};
use super::lex::{ends_table, is_all_caps, is_annex_heading, span, starts_like_cell, starts_lower, Line};
use super::numbering::{self, Num, Numbering, RowNum};
use super::Pages;
use decree_layout::{Block, Table};

/// A body line, or a page boundary between body lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Line(usize),
    Break,
}

/// Reads the table whose header is `header`; returns the table block, then a
/// page break block for every page number inside it, and the index of the
/// first line after the table.
pub(super) fn read(lines: &[Line], header: &Header, index: u32, pages: &mut Pages) -> (Vec<Block>, usize) {
    let before = pages.clone();
    let (mut items, mut breaks, mut end) = gather(lines, header, pages);
    let (mut table, cols, segments) = cut_table(lines, header, &items, index);
    if let Some(at) = prose_start(&segments, &cols) {
        // Running text follows the last row: the table ends where it starts.
        items.retain(|item| !matches!(item, Item::Line(i) if *i >= at));
        breaks.retain(|&(i, _)| i < at);
        *pages = before;
        pages.resume(breaks.last().map(|b| b.1));
        table = cut_table(lines, header, &items, index).0;
        end = at;
    }
    let mut blocks = vec![Block::Table(table)];
    blocks.extend(breaks.into_iter().map(|(_, page)| Block::PageBreak { page }));
    (blocks, end)
}

fn cut_table(lines: &[Line], header: &Header, items: &[Item], index: u32) -> (Table, Vec<Col>, Vec<Segment>) {
    let mut segments = segment(lines, items);
    let numeric = header.roles.contains(&Role::Value);
    for seg in &mut segments {
        seg.parts = parts(&seg.lines, numeric);
    }
    let (table, cols) = build(header, &segments, index);
    (table, cols, segments)
}

/// Index of the line where running text starts inside the last row: a line
/// much wider than any line of the other rows (a paragraph across the page),
/// with the headings right before it; the whole row when its numbered first
/// line is that text.
fn prose_start(segments: &[Segment], cols: &[Col]) -> Option<usize> {
    let (last, others) = segments.split_last()?;
    let seen = others.iter().flat_map(|s| &s.lines).map(|l| span(&l.text)).fold(0.0, f32::max);
    let prior = cols.iter().map(|c| c.role.prior_width()).fold(0.0, f32::max);
    let limit = if seen > 0.0 { seen } else { prior } * 1.3 + 3.0;
    let wide = last.lines.iter().position(|l| span(&l.text) > limit && starts_like_cell(&l.text))?;
    let mut first = wide;
    while first > 0 && last.lines.get(first - 1).is_some_and(|l| is_heading(&l.text)) {
        first -= 1;
    }
    let line = last.lines.get(first)?;
    let no = if first > 0 {
        line.no
    } else if line.no == last.line_no {
        // The row number heads the running text (`3. Chỉ số hài lòng ...`).
        last.line_no
    } else {
        return None;
    };
    usize::try_from(no).ok().map(|n| n.saturating_sub(1))
}

/// A numbered or capitalised heading of running text (`3. Tổ chức thực hiện`).
fn is_heading(text: &str) -> bool {
    is_all_caps(text) || numbering::parse(text).is_some_and(|n| !n.rest.is_empty())
}

/// Collects body lines until the table ends, dropping page numbers and the
/// header repeated at the top of each page. Page numbers come with their line.
fn gather(lines: &[Line], header: &Header, pages: &mut Pages) -> (Vec<Item>, Vec<(usize, u32)>, usize) {
    let mut items = Vec::new();
    let mut breaks = Vec::new();
    let mut i = header.end;
    while let Some(line) = lines.get(i) {
        if line.is_blank() {
            i += 1;
            continue;
        }
        if let Some(page) = pages.break_at(lines, i) {
            breaks.push((i, page));
            push_break(&mut items);
            i += 1;
            continue;
        }
        if let Some(next) = repeated_header(lines, i, header) {
            push_break(&mut items);
            i = next;
            continue;
        }
        if is_annex_heading(&line.text) || ends_table(&line.text) || header::parse(lines, i).is_some() {
            break;
        }
        if line.gap_before {
            push_break(&mut items);
        }
        items.push(Item::Line(i));
        i += 1;
    }
    (items, breaks, i)
}

fn push_break(items: &mut Vec<Item>) {
    if items.last().is_some_and(|l| *l != Item::Break) {
        items.push(Item::Break);
    }
}

/// If the header repeats at `i` (a new page), the index after it.
fn repeated_header(lines: &[Line], i: usize, header: &Header) -> Option<usize> {
    let first = lines.get(i)?;
    if header.keys.first().is_some_and(|k| *k == first.text) {
        let mut keys = header.keys.iter().skip(1).peekable();
        let mut end = i + 1;
        for (j, line) in lines.iter().enumerate().skip(i + 1) {
            if line.is_blank() {
                continue;
            }
            match keys.next() {
                Some(k) if *k == line.text => end = j + 1,
                _ => break,
            }
        }
        return Some(end);
    }
    // The same columns worded a little differently on a later page.
    let again = header::parse(lines, i)?;
    (again.roles == header.roles).then_some(again.end)
}

/// Cuts the body into rows at the lines that continue the numbering.
fn segment(lines: &[Line], items: &[Item]) -> Vec<Segment> {
    let mut segs: Vec<Segment> = Vec::new();
    let mut numbering = Numbering::default();
    let mut brk = false;
    let mut new_row_after_break = false;
    for item in items {
        let Item::Line(i) = *item else {
            brk = !segs.is_empty();
            new_row_after_break = brk;
            continue;
        };
        let Some(line) = lines.get(i) else { continue };
        if let Some(rn) = numbering::parse(&line.text).filter(|rn| numbering.accepts(rn)) {
            numbering.push(&rn.num);
            segs.push(numbered(line, &rn, new_row_after_break));
            brk = false;
            new_row_after_break = false;
            continue;
        }
        if segs.is_empty() {
            segs.push(Segment { line_no: line.no, ..Segment::default() });
        }
        if let Some(seg) = segs.last_mut() {
            let first = seg.lines.is_empty();
            seg.lines.push(SegLine {
                no: line.no,
                text: line.text.clone(),
                brk: brk && !first,
                space: line.space_before && !first,
            });
        }
        brk = false;
    }
    segs.into_iter().flat_map(split_group).collect()
}

fn numbered(line: &Line, rn: &RowNum, after_break: bool) -> Segment {
    let mut seg = Segment {
        number: rn.printed.to_owned(),
        line_no: line.no,
        after_break,
        group: !rn.rest.is_empty() && !matches!(rn.num, Num::Arabic(_)),
        ..Segment::default()
    };
    if !rn.rest.is_empty() {
        let text = rn.rest.to_owned();
        seg.lines.push(SegLine { no: line.no, text, brk: false, space: false });
    }
    seg
}

/// A group row printed across the table (`I Chỉ số PAPI`) may be followed by
/// a row without a number of its own; that row's cells then come right after
/// the title and are split off as a row.
fn split_group(mut seg: Segment) -> Vec<Segment> {
    let title_caps = seg.lines.first().is_some_and(|l| is_all_caps(&l.text));
    let runs_on = seg.lines.get(1).is_none_or(|l| title_caps && is_all_caps(&l.text) || starts_lower(&l.text));
    if !seg.group || seg.lines.len() < 3 || runs_on {
        return vec![seg];
    }
    let rest = seg.lines.split_off(1);
    let first = rest.first().map_or(seg.line_no, |l| l.no);
    let after_break = rest.first().is_some_and(|l| l.brk);
    let row = Segment { line_no: first, after_break, lines: rest, ..Segment::default() };
    vec![seg, row]
}
