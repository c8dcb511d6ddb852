//! Task tables: each row assigns a task to bodies with a result and a deadline.

use crate::columns::{align, align_after, Aligned, Role};
use crate::{indices, one_line, quote, unparsed, Context, Extraction};
use decree_layout::{Cell, Row, Table};
use decree_model::{Provenance, Task, TaskKind};
use decree_norm::{parse_deadline, split_agencies};

pub(crate) fn is_task_table(roles: &[Role]) -> bool {
    roles.contains(&Role::Task)
        && roles.iter().any(|r| matches!(r, Role::Lead | Role::Support | Role::Monitor | Role::Deadline | Role::Result))
}

/// A form to fill in: no body row has a task text of its own.
pub(crate) fn is_blank_form(table: &Table, roles: &[Role]) -> bool {
    let task_cols: Vec<usize> = (0..roles.len()).filter(|&c| matches!(roles[c], Role::Task | Role::Group)).collect();
    table.body().iter().all(|r| task_cols.iter().all(|&c| r.text_at(c).trim().trim_matches(['.', '…', '_']).is_empty()))
}

/// A body row after alignment, with where it came from.
struct Line {
    cells: Aligned,
    row: u32,
    prov: Provenance,
}

pub(crate) fn read(table: &Table, roles: &[Role], ctx: &Context, out: &mut Extraction) {
    let lines = joined_rows(table, roles);
    let mut groups: Vec<(usize, String)> = Vec::new();
    for mut line in lines {
        let code = unglue_code(&mut line.cells);
        if is_group_row(&line.cells, &code) {
            let name = one_line(first_text(&line.cells, &[Role::Task, Role::Group]));
            push_group(&mut groups, &code, &name);
            continue;
        }
        let mut text = one_line(line.cells.get(Role::Task));
        let group = one_line(line.cells.get(Role::Group));
        // A numbered row opens its own group level, even when its task cell was
        // merged into the row above, so deeper groups above it close.
        if !group.is_empty() || !code.is_empty() && roles.contains(&Role::Group) {
            push_group(&mut groups, &code, &group);
        }
        if text.is_empty() {
            text = group.clone();
        }
        if text.is_empty() {
            out.findings.push(unparsed(
                &line.prov,
                format!("Dòng bảng không có nội dung nhiệm vụ: {}", quote(&all_text(&line.cells))),
            ));
            continue;
        }
        let mut task = task_of(table, &line, &code, text, &groups, ctx);
        task.indicator = served_indicator(&task, &group, &groups, out);
        out.tasks.push(task);
    }
}

fn task_of(table: &Table, line: &Line, code: &str, text: String, groups: &[(usize, String)], ctx: &Context) -> Task {
    let annex = ctx.annex.as_ref();
    let mut path: Vec<String> = annex.map(|a| a.name.clone()).into_iter().collect();
    path.extend(groups.iter().map(|(_, g)| g.clone()));
    let index = groups
        .iter()
        .rev()
        .find_map(|(_, g)| indices::first(g))
        .or_else(|| annex.and_then(|a| (a.indices.len() == 1).then(|| a.indices[0])))
        .or_else(|| if annex.is_none() { ctx.index_hint } else { None });
    let cell = |r: Role| line.cells.get(r).trim().to_owned();
    let flat = |r: Role| one_line(line.cells.get(r));
    let mut lead = split_agencies(&cell(Role::Lead));
    let support = split_agencies(&cell(Role::Support));
    let mut monitor = split_agencies(&cell(Role::Monitor));
    if lead.is_empty() && support.is_empty() && monitor.is_empty() {
        if let Some(a) = annex {
            lead = a.lead.clone();
            monitor = a.monitor.clone();
        }
    }
    let result = Some(flat(Role::Result)).filter(|r| !r.is_empty());
    Task {
        id: format!("t{}r{}", table.index, line.row),
        kind: TaskKind::Task,
        code: Some(code.to_owned()).filter(|c| !c.is_empty()),
        path,
        index,
        indicator: None,
        text,
        result,
        lead,
        support,
        monitor,
        deadline: parse_deadline(&flat(Role::Deadline), ctx.plan_year),
        provenance: line.prov.clone(),
    }
}

/// Aligns every body row and joins the rows a page break cut in two.
fn joined_rows(table: &Table, roles: &[Role]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut merged = MergedAbove::default();
    for (i, row) in table.rows.iter().enumerate().skip(table.header_rows) {
        let covering = merged.advance(row, roles);
        if row.is_blank() {
            continue;
        }
        let cells = align(row, roles);
        let row_no = u32::try_from(i).unwrap_or(u32::MAX);
        match lines.last_mut() {
            Some(prev) if continues(row, &cells) => {
                let cont = align_after(row, roles, Some(&prev.cells));
                join(prev, cont);
            }
            _ => {
                let cells = if covering.is_empty() { cells } else { align(&with_cells(row, covering), roles) };
                lines.push(Line { cells, row: row_no, prov: row.prov.in_table(table.index, row_no) });
            }
        }
    }
    lines
}

/// Cells merged down over the rows below them (`row_span`; a spreadsheet or
/// Word table says so, a text dump cannot) in the columns that assign work: a
/// lead, result or deadline merged over several task rows applies to each of
/// them. Number, group and task cells are not carried: a number merged down is
/// printed once, a group is in the path already, a task is not repeated.
#[derive(Default)]
struct MergedAbove {
    /// Each open merge and how many more rows it covers.
    open: Vec<(Cell, usize)>,
}

impl MergedAbove {
    /// The cells covering `row` from above (where it has nothing of its own),
    /// then opens the merges `row` starts.
    fn advance(&mut self, row: &Row, roles: &[Role]) -> Vec<Cell> {
        let covering = self.open.iter().map(|(c, _)| c).filter(|c| !overlaps(row, c)).cloned().collect();
        self.open.iter_mut().for_each(|(_, left)| *left -= 1);
        self.open.retain(|(_, left)| *left > 0);
        let assigns = |c: &Cell| {
            matches!(roles.get(c.col), Some(Role::Lead | Role::Support | Role::Monitor | Role::Result | Role::Deadline))
        };
        for c in row.cells.iter().filter(|c| c.row_span > 1 && !c.text.trim().is_empty() && assigns(c)) {
            self.open.push((c.clone(), c.row_span - 1));
        }
        covering
    }
}

fn overlaps(row: &Row, cell: &Cell) -> bool {
    let end = cell.col + cell.col_span.max(1);
    row.cells.iter().any(|c| !c.text.trim().is_empty() && c.col < end && cell.col < c.col + c.col_span.max(1))
}

fn with_cells(row: &Row, extra: Vec<Cell>) -> Row {
    let mut row = row.clone();
    row.cells.extend(extra);
    row.cells.sort_by_key(|c| c.col);
    row
}

/// A row with no number that starts mid-sentence, or that a page break left
/// without a task of its own, continues the row above.
fn continues(row: &Row, cells: &Aligned) -> bool {
    if !cells.get(Role::Stt).is_empty() {
        return false;
    }
    let first = row.cells.iter().map(|c| c.text.trim()).find(|t| !t.is_empty()).unwrap_or("");
    let lower = first.chars().next().is_some_and(char::is_lowercase);
    lower || row.after_break && cells.get(Role::Task).is_empty() && cells.get(Role::Group).is_empty()
}

fn join(prev: &mut Line, cont: Aligned) {
    if prev.cells.get(Role::Group).is_empty() && !cont.get(Role::Group).is_empty() {
        split_glued_group(&mut prev.cells);
    }
    for (role, text) in cont.cells {
        let slot = prev.cells.get_mut(role);
        if !slot.is_empty() {
            slot.push(' ');
        }
        slot.push_str(&text);
    }
}

/// `Tiếp cận Rà soát, cải tiến...`: an export that lost the group column glued
/// the group's first words to the task. When the next page continues the group
/// (`đất đai`), the glued words are split back off.
fn split_glued_group(cells: &mut Aligned) {
    let task = cells.get(Role::Task).to_owned();
    let words: Vec<&str> = task.split(' ').collect();
    let cut = (1..words.len().min(6)).find(|&i| {
        let w = words[i];
        let prev_lower = words[i - 1].chars().next().is_some_and(char::is_lowercase);
        w == "-" || prev_lower && w.chars().next().is_some_and(char::is_uppercase)
    });
    if let Some(cut) = cut {
        *cells.get_mut(Role::Group) = words[..cut].join(" ");
        *cells.get_mut(Role::Task) = words[cut..].join(" ");
    }
}

/// The row's number. `III CHỈ SỐ … (PAPI)` in one cell (a dump that lost the tab
/// after the number) is split into the number and the section's name, so the row
/// still opens its section: whether the cell was read as the number (the name then
/// goes to the empty task cell) or, alone on its row, as the task or group.
fn unglue_code(cells: &mut Aligned) -> String {
    let stt = cells.get(Role::Stt).trim().to_owned();
    let named = first_text(cells, &[Role::Task, Role::Group]).to_owned();
    if !stt.is_empty() {
        match split_code(&stt) {
            Some((code, rest)) if named.is_empty() => {
                *cells.get_mut(Role::Task) = rest;
                *cells.get_mut(Role::Stt) = code.clone();
                code
            }
            _ => stt,
        }
    } else if let Some((code, rest)) =
        split_code(&named).filter(|(c, _)| !assigns(cells) && c.chars().all(|ch| "IVXL".contains(ch)))
    {
        // Only a Roman section number: a task may well start with a figure.
        let role = if cells.get(Role::Task).is_empty() { Role::Group } else { Role::Task };
        *cells.get_mut(role) = rest;
        *cells.get_mut(Role::Stt) = code.clone();
        code
    } else {
        stt
    }
}

/// `III CHỈ SỐ …` → (`III`, `CHỈ SỐ …`) when the words start with a capital.
fn split_code(text: &str) -> Option<(String, String)> {
    let (code, rest) = text.trim().split_once(char::is_whitespace)?;
    let rest = rest.trim();
    let capital = rest.chars().next().is_some_and(char::is_uppercase);
    (crate::columns::looks_like_code(code) && capital).then(|| (code.to_owned(), rest.to_owned()))
}

/// Whether the row gives anyone work: a body, a result or a deadline.
fn assigns(cells: &Aligned) -> bool {
    [Role::Lead, Role::Support, Role::Monitor, Role::Result, Role::Deadline].iter().any(|&r| !cells.get(r).is_empty())
}

fn is_group_row(cells: &Aligned, code: &str) -> bool {
    let assigned = assigns(cells);
    let name = first_text(cells, &[Role::Task, Role::Group]);
    let both = !cells.get(Role::Task).is_empty() && !cells.get(Role::Group).is_empty();
    !assigned && !both && !name.is_empty() && (!code.is_empty() || name.chars().count() <= 120)
}

fn first_text<'a>(cells: &'a Aligned, roles: &[Role]) -> &'a str {
    roles.iter().map(|&r| cells.get(r)).find(|t| !t.is_empty()).unwrap_or("")
}

fn all_text(cells: &Aligned) -> String {
    cells.cells.iter().map(|(_, t)| t.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" | ")
}

/// Nesting level of a group's number: `II` is 1, `1` is 2, `1.2` is 3.
fn level(code: &str) -> usize {
    let c = code.trim().trim_end_matches('.');
    if !c.is_empty() && c.chars().all(|ch| matches!(ch, 'I' | 'V' | 'X' | 'L')) {
        1
    } else if c.is_empty() {
        9
    } else {
        1 + c.split('.').count()
    }
}

/// Opens a group at its level. A name printed on a later row than its number
/// (the number's row had none) completes that group.
fn push_group(groups: &mut Vec<(usize, String)>, code: &str, name: &str) {
    if code.is_empty() {
        if let Some((_, last)) = groups.last_mut() {
            if looks_like_bare_code(last) {
                last.push(' ');
                last.push_str(name);
                return;
            }
        }
    }
    let lvl = level(code);
    groups.retain(|(l, _)| *l < lvl);
    let label = format!("{code} {name}").trim().to_owned();
    groups.push((lvl, label));
}

fn looks_like_bare_code(label: &str) -> bool {
    crate::columns::looks_like_code(label)
}

/// The indicator a task row serves: its own group cell, else the innermost
/// group above it, when the catalog knows the name.
fn served_indicator(task: &Task, group: &str, groups: &[(usize, String)], out: &mut Extraction) -> Option<String> {
    let index = task.index?;
    let names = std::iter::once(group.to_owned()).chain(groups.iter().rev().map(|(_, g)| strip_code(g).to_owned()));
    for name in names.filter(|n| !n.is_empty()) {
        if let Some(e) = crate::link::entry(index, &name) {
            return Some(crate::link::ensure_entry(out, index, e, &name));
        }
    }
    None
}

/// `1.2 Cơ hội tham gia` → `Cơ hội tham gia`.
fn strip_code(label: &str) -> &str {
    match label.split_once(' ') {
        Some((code, rest)) if crate::columns::looks_like_code(code) => rest,
        _ => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::table_roles;
    use decree_model::IndexName;

    fn row(cells: &[(usize, &str, usize)]) -> Row {
        let cells = cells.iter().map(|&(col, text, row_span)| Cell { row_span, ..Cell::new(col, text) }).collect();
        Row { cells, ..Row::default() }
    }

    /// Seed 000's district annex: the PAPI section's number and name in one cell
    /// (`III CHỈ SỐ …` with no tab) still open the PAPI section.
    #[test]
    fn a_section_number_glued_to_its_name_opens_the_section() {
        let table = Table {
            header_rows: 1,
            rows: vec![
                row(&[(0, "STT", 1), (1, "Nhiệm vụ", 1), (2, "Chủ trì", 1), (3, "Phối hợp", 1), (4, "Thời gian", 1)]),
                row(&[(0, "II", 1), (1, "CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (PCI)", 1)]),
                row(&[
                    (0, "9", 1),
                    (1, "Thực hiện các giải pháp nâng cao chất lượng đào tạo, dạy nghề", 1),
                    (2, "Phòng Lao động, Thương binh và Xã hội", 1),
                ]),
                row(&[(0, "III CHỈ SỐ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG (PAPI)", 1)]),
                row(&[
                    (0, "1", 1),
                    (1, "Thực hiện tốt việc tuyên truyền, phổ biến và tập huấn, bồi dưỡng", 1),
                    (2, "Phòng Nội vụ; Phòng Tư pháp", 1),
                    (4, "Trước ngày 31/8/2023", 1),
                ]),
            ],
            ..Table::default()
        };
        let roles = table_roles(&table);
        let mut out = Extraction::default();
        read(&table, &roles, &Context::default(), &mut out);
        let got: Vec<_> = out.tasks.iter().map(|t| (t.index, t.lead.len())).collect();
        assert_eq!(got, [(Some(IndexName::Pci), 1), (Some(IndexName::Papi), 2)], "{:?}", out.findings);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
    }

    /// A lead and a deadline merged down over three tasks apply to all three; the
    /// number merged down is printed once.
    #[test]
    fn cells_merged_down_assign_every_row_they_cover() {
        let table = Table {
            header_rows: 1,
            rows: vec![
                row(&[(0, "STT", 1), (1, "Nhiệm vụ", 1), (2, "Chủ trì", 1), (3, "Thời gian", 1)]),
                row(&[
                    (0, "1", 3),
                    (1, "Rà soát thủ tục hành chính nội bộ", 1),
                    (2, "Sở Nội vụ", 3),
                    (3, "Quý III/2024", 2),
                ]),
                row(&[(1, "Công khai kết quả giải quyết hồ sơ", 1)]),
                row(&[(1, "Đối thoại với doanh nghiệp hằng quý", 1), (3, "Thường xuyên", 1)]),
                row(&[(0, "2", 1), (1, "Kiểm tra công vụ định kỳ trong năm", 1), (2, "Thanh tra tỉnh", 1)]),
            ],
            ..Table::default()
        };
        let roles = table_roles(&table);
        let mut out = Extraction::default();
        read(&table, &roles, &Context::default(), &mut out);
        let got: Vec<(Option<&str>, &[String], &str)> = out
            .tasks
            .iter()
            .map(|t| (t.code.as_deref(), t.lead.as_slice(), t.deadline.raw.as_deref().unwrap_or("")))
            .collect();
        let (nv, tt) = (["Sở Nội vụ".to_owned()], ["Thanh tra tỉnh".to_owned()]);
        assert_eq!(
            got,
            [
                (Some("1"), &nv[..], "Quý III/2024"),
                (None, &nv[..], "Quý III/2024"),
                (None, &nv[..], "Thường xuyên"),
                (Some("2"), &tt[..], ""),
            ]
        );
    }
}
