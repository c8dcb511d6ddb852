//! Column roles from table headers, and the alignment of a row's cells to them.
//!
//! Real tables shift: a page drops an empty column, a merged group cell vanishes,
//! a trailing tab appears. So a row is not read by position alone: its non-empty
//! cells are assigned to the header's roles in order, by a small dynamic program
//! that weighs what each cell looks like (a number, a body name, a deadline, a
//! sentence) against how far it sits from where the header puts that role.

use decree_layout::{Row, Table};
use decree_norm::{fold, lexicon, ColumnRole};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Stt,
    /// A group or indicator name beside the task (`Gia nhập thị trường`).
    Group,
    Task,
    Lead,
    Support,
    Monitor,
    Result,
    Deadline,
    /// A score column; `target` tells a plan column from a reference one.
    Value {
        target: bool,
        rank: bool,
        year: Option<i32>,
    },
    Other,
}

/// The text of each grid column's header, row titles joined top to bottom, with
/// a title spanning several columns carried over the empty cells beside it.
pub(crate) fn header_titles(table: &Table) -> Vec<String> {
    let width = table.width();
    let header = table.header();
    let mut titles = vec![String::new(); width];
    for (h, row) in header.iter().enumerate() {
        let mut carried = String::new();
        for (col, title) in titles.iter_mut().enumerate() {
            let own = row.text_at(col).trim();
            // An empty cell over sub-titles is covered by the title to its left.
            let sub_titled = header[h + 1..].iter().any(|r| !r.text_at(col).trim().is_empty());
            let text = if own.is_empty() && sub_titled { carried.clone() } else { own.to_owned() };
            if !own.is_empty() {
                carried = own.to_owned();
            }
            if !text.is_empty() {
                if !title.is_empty() {
                    title.push_str(" / ");
                }
                title.push_str(&text);
            }
        }
    }
    titles
}

/// Role of one column from its header title, by the lexicon's words
/// (`data/lexicon.json`); a year in the title makes it a score column.
pub(crate) fn role_of(title: &str) -> Role {
    let lex = lexicon();
    let year = year_in(&fold(title));
    match lex.column_role(title) {
        Some(ColumnRole::Stt) => Role::Stt,
        Some(ColumnRole::Monitor) => Role::Monitor,
        Some(ColumnRole::Support) => Role::Support,
        Some(ColumnRole::Lead) => Role::Lead,
        Some(ColumnRole::Deadline) => Role::Deadline,
        r if year.is_some() || r == Some(ColumnRole::Value) => {
            let last = title.rsplit(" / ").next().unwrap_or("");
            Role::Value { target: lex.is_target_title(title), rank: lex.is_rank_title(last), year }
        }
        Some(ColumnRole::Result) => Role::Result,
        Some(ColumnRole::Task) => Role::Task,
        Some(ColumnRole::Group) => Role::Group,
        Some(ColumnRole::LeadWeak | ColumnRole::Value) | None => Role::Other,
    }
}

fn year_in(folded: &str) -> Option<i32> {
    folded
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1990..=2100).contains(y))
}

/// Roles of a table's columns. A task table without a task column reads its
/// group column (`Lĩnh vực, tiêu chí`) as the task.
pub(crate) fn table_roles(table: &Table) -> Vec<Role> {
    let mut titles = header_titles(table);
    // An untitled column inside a header is the right half of a merged title.
    for i in 1..titles.len() {
        if titles[i].is_empty() && titles[..i].iter().any(|t| !t.is_empty()) {
            titles[i] = titles[i - 1].clone();
        }
    }
    let mut roles: Vec<Role> = titles.iter().map(|t| role_of(t)).collect();
    // `Người xử lý`: a lead only where no other column leads.
    if !roles.contains(&Role::Lead) {
        for (role, title) in roles.iter_mut().zip(&titles) {
            if lexicon().column_role(title) == Some(ColumnRole::LeadWeak) {
                *role = Role::Lead;
            }
        }
    }
    confirm_by_content(table, &mut roles);
    // An untitled first column of a titled header holds the row numbers.
    if titles.first().is_some_and(String::is_empty)
        && titles.iter().any(|t| !t.is_empty())
        && !roles.contains(&Role::Stt)
    {
        roles[0] = Role::Stt;
    }
    let assigns = roles.iter().any(|r| matches!(r, Role::Lead | Role::Support | Role::Monitor | Role::Deadline));
    if assigns && !roles.contains(&Role::Task) {
        if let Some(g) = roles.iter_mut().find(|r| **r == Role::Group) {
            *g = Role::Task;
        }
    }
    // Two adjacent task titles (a title spanning a group column and the task
    // column) make the first one the group.
    for i in 1..roles.len() {
        if roles[i] == Role::Task && roles[i - 1] == Role::Task {
            roles[i - 1] = Role::Group;
        }
    }
    roles
}

/// Roles checked against what the body's cells hold: of several columns with one
/// agency role, those whose cells are not bodies (`Văn bản đăng ký … của cơ quan
/// soạn thảo` holds letters, `Người xử lý` a clerk's name) lose it; of several
/// deadline columns the first keeps it. Where titles name no lead or deadline, a
/// column whose cells are bodies or deadlines takes that role.
fn confirm_by_content(table: &Table, roles: &mut [Role]) {
    let body = table.body();
    let share = |col: usize, test: fn(&str) -> bool| {
        let texts: Vec<&str> = body.iter().map(|r| r.text_at(col).trim()).filter(|t| !t.is_empty()).collect();
        let hits = texts.iter().filter(|t| test(t)).count();
        (hits as f64 / texts.len().max(1) as f64, texts.len())
    };
    for role in [Role::Lead, Role::Support, Role::Monitor] {
        let cols: Vec<usize> = (0..roles.len()).filter(|&c| roles[c] == role).collect();
        if cols.len() < 2 && !(role == Role::Lead && cols.len() == 1 && weak_title(table, cols[0])) {
            continue;
        }
        for c in cols {
            let (s, n) = share(c, looks_like_agency);
            if n >= 2 && s < 0.34 {
                roles[c] = Role::Other;
            }
        }
    }
    let mut deadlines = (0..roles.len()).filter(|&c| roles[c] == Role::Deadline).skip(1).collect::<Vec<_>>();
    deadlines.drain(..).for_each(|c| roles[c] = Role::Other);
    if !roles.contains(&Role::Task) {
        return;
    }
    for (role, test) in [(Role::Lead, looks_like_agency as fn(&str) -> bool), (Role::Deadline, looks_like_deadline)] {
        if roles.contains(&role) {
            continue;
        }
        let found = (0..roles.len()).find(|&c| {
            roles[c] == Role::Other && {
                let (s, n) = share(c, test);
                n >= 2 && s >= 0.6
            }
        });
        if let Some(c) = found {
            roles[c] = role;
        }
    }
}

/// Whether column `col`'s title is a weak lead title (`Người xử lý`).
fn weak_title(table: &Table, col: usize) -> bool {
    header_titles(table).get(col).is_some_and(|t| lexicon().column_role(t) == Some(ColumnRole::LeadWeak))
}

/// A row's texts by role, after alignment.
#[derive(Debug, Clone, Default)]
pub(crate) struct Aligned {
    pub cells: Vec<(Role, String)>,
}

impl Aligned {
    pub fn get(&self, role: Role) -> &str {
        self.cells.iter().find(|(r, _)| *r == role).map_or("", |(_, t)| t.as_str())
    }

    pub fn get_mut(&mut self, role: Role) -> &mut String {
        if let Some(i) = self.cells.iter().position(|(r, _)| *r == role) {
            return &mut self.cells[i].1;
        }
        self.cells.push((role, String::new()));
        let last = self.cells.len() - 1;
        &mut self.cells[last].1
    }
}

/// Assigns the row's non-empty cells to `roles`, in order.
pub(crate) fn align(row: &Row, roles: &[Role]) -> Aligned {
    align_after(row, roles, None)
}

/// Like [`align`]; with `prev`, the row is read as the continuation of `prev`
/// after a page break, so a fragment prefers a cell that `prev` left unfinished.
pub(crate) fn align_after(row: &Row, roles: &[Role], prev: Option<&Aligned>) -> Aligned {
    let cells: Vec<Slot> = row
        .cells
        .iter()
        .map(|c| Slot { col: c.col, span: c.col_span.max(1), text: c.text.trim() })
        .filter(|s| !s.text.is_empty())
        .collect();
    let used = row.cells.iter().rposition(|c| !c.text.trim().is_empty()).map_or(0, |i| row.cells[i].col + 1);
    // A row may sit one or more columns off its page's grid, either way.
    let shift = roles.len() as isize - used as isize;
    let assignment = best_assignment(&cells, roles, shift, prev);
    let mut out = Aligned::default();
    for (Slot { text, .. }, role_idx) in cells.iter().zip(assignment) {
        let role = roles.get(role_idx).copied().unwrap_or(Role::Other);
        let slot = out.get_mut(role);
        if !slot.is_empty() {
            // Two lead columns (`Cơ quan trình`, `Cơ quan chủ trì thẩm tra`) are two bodies.
            slot.push(if matches!(role, Role::Lead | Role::Support | Role::Monitor) { '\n' } else { ' ' });
        }
        slot.push_str(text);
    }
    out
}

/// Dynamic program over (cell, role): each cell takes a role index not lower
/// than the previous cell's (equal only when both spill into the same column).
/// A non-empty cell: where it sits on the grid, and its text.
#[derive(Clone, Copy)]
struct Slot<'a> {
    col: usize,
    span: usize,
    text: &'a str,
}

impl Slot<'_> {
    /// Grid distance from this cell to column `r` (zero inside its span), the
    /// row also read as if anchored to the right by `shift` columns. Inside a span
    /// the first column wins ties by a hair: a group row merged across the table
    /// (`I | Chỉ số PAPI` over every column) names the column it starts in.
    fn distance(&self, r: usize, shift: isize) -> f64 {
        let r = r as isize;
        let d = |start: isize| {
            let end = start + self.span as isize - 1;
            if r < start {
                start - r
            } else {
                (r - end).max(0)
            }
        };
        let col = self.col as isize;
        let inside = (r - col).clamp(0, self.span as isize - 1);
        d(col).min(d(col + shift)) as f64 + 0.01 * inside as f64
    }
}

fn best_assignment(cells: &[Slot], roles: &[Role], shift: isize, prev: Option<&Aligned>) -> Vec<usize> {
    let m = roles.len().max(1);
    let n = cells.len();
    if n == 0 {
        return Vec::new();
    }
    let neg = f64::NEG_INFINITY;
    // What each cell looks like is the same for every role: fold its text once.
    let looks: Vec<Looks> = cells.iter().map(|c| Looks::of(c.text)).collect();
    let mut score = vec![vec![neg; m]; n];
    let mut back = vec![vec![0usize; m]; n];
    for i in 0..n {
        for r in 0..m {
            let role = roles.get(r).copied().unwrap_or(Role::Other);
            let here = match prev {
                Some(p) => fit_continuation(cells[i], looks[i], role, r, shift, p.get(role)),
                None => fit(cells[i], looks[i], role, r, shift),
            };
            if i == 0 {
                score[i][r] = here;
                continue;
            }
            // Strictly increasing roles; a repeat of the same role costs a lot.
            for p in 0..=r {
                let step = if p == r { -4.0 } else { 0.0 };
                let s = score[i - 1][p] + here + step;
                if s > score[i][r] {
                    score[i][r] = s;
                    back[i][r] = p;
                }
            }
        }
    }
    let mut r = (0..m).max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b])).unwrap_or(0);
    let mut out = vec![0; n];
    for i in (0..n).rev() {
        out[i] = r;
        r = back[i][r];
    }
    out
}

/// How well `cell` fits `role` at grid column `r`.
fn fit(cell: Slot, looks: Looks, role: Role, r: usize, shift: isize) -> f64 {
    looks.affinity(cell.text, role) - 1.5 * cell.distance(r, shift)
}

/// How well a fragment continues the cell `before` of the row above.
fn fit_continuation(cell: Slot, looks: Looks, role: Role, r: usize, shift: isize, before: &str) -> f64 {
    let text = cell.text;
    let dist = cell.distance(r, shift);
    let lower = text.chars().next().is_some_and(char::is_lowercase);
    let finished = before.trim_end().ends_with(['.', '!', '?', ';']);
    let bonus = match role {
        Role::Stt => -6.0,
        Role::Deadline if lower => -2.0,
        _ if before.is_empty() => -1.0,
        _ if !finished && lower => 3.0,
        _ if !finished => 1.0,
        _ if lower => -1.0,
        _ => 0.0,
    };
    bonus + 0.5 * looks.affinity(text, role) - 1.5 * dist
}

/// The role-independent features of a cell's text.
#[derive(Debug, Clone, Copy)]
struct Looks {
    len: usize,
    deadline: bool,
    agency: bool,
}

impl Looks {
    fn of(text: &str) -> Self {
        Looks { len: text.chars().count(), deadline: looks_like_deadline(text), agency: looks_like_agency(text) }
    }

    fn affinity(self, text: &str, role: Role) -> f64 {
        affinity_of(text, self, role)
    }
}

fn affinity_of(text: &str, looks: Looks, role: Role) -> f64 {
    let Looks { len, deadline, agency } = looks;
    match role {
        Role::Stt => {
            if looks_like_code(text) {
                4.0
            } else {
                -6.0
            }
        }
        Role::Deadline if deadline && len <= 80 => 3.0,
        Role::Deadline if len > 25 => -3.0,
        Role::Deadline => -1.0,
        Role::Lead | Role::Support | Role::Monitor if deadline => -2.0,
        Role::Lead | Role::Support | Role::Monitor if agency && len <= 250 => 2.0,
        Role::Lead | Role::Support | Role::Monitor if len > 40 => -1.5,
        Role::Lead | Role::Support | Role::Monitor => 0.0,
        Role::Task if deadline => -3.0,
        Role::Task if agency && len < 60 => -1.0,
        Role::Task if len >= 60 => 2.5,
        Role::Task if len >= 25 => 1.5,
        Role::Task => 0.0,
        Role::Result if deadline => -2.0,
        Role::Result if agency && len < 100 => -2.0,
        Role::Result if text.starts_with('-') || text.contains('%') => 1.0,
        Role::Result => 0.5,
        Role::Group if deadline => -3.0,
        Role::Group if agency => -1.0,
        Role::Group if len <= 60 => 0.5,
        Role::Group => -2.0,
        Role::Value { .. } if decree_norm::parse_measure(text, None).is_some() => 1.0,
        Role::Value { .. } => -1.0,
        Role::Other => 0.0,
    }
}

/// A row number as printed: `1`, `1.2`, `II`, `(3)`, `a`.
pub(crate) fn looks_like_code(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']).trim_start_matches('(');
    !t.is_empty()
        && t.len() <= 12
        && (t.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            || t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')))
}

pub(crate) fn looks_like_deadline(text: &str) -> bool {
    if text.len() > 200 {
        return false;
    }
    let t = fold(text);
    if t.split_whitespace().count() > 14 {
        return false;
    }
    lexicon().starts_like_deadline(&t)
        || lexicon().mentions_session_or_due_day(&t)
        || t.starts_with("cham nhat")
        || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && (t.contains('/') || t.contains("20"))
        || t.starts_with("theo ") && t.split_whitespace().count() <= 8
}

pub(crate) fn looks_like_agency(text: &str) -> bool {
    let t = crate::fold_head(text.trim_start_matches(['-', '+', '•', ' ']), 40);
    let t = t.trim_start();
    // `Tổ chức` is mostly the verb (organise); as a body it is followed by its kind.
    if let Some(rest) = t.strip_prefix("to chuc ") {
        return ["chinh tri", "xa hoi", "dai dien", "doan the", "cong doan", "tin dung", "hoi"]
            .iter()
            .any(|k| rest.starts_with(k));
    }
    // `Tờ trình số 194/TTr-CAT`, `Công văn số …`: a document, not a body (`Tờ` folds like `Tổ`).
    if lexicon().starts_like_doc_reference(t) {
        return false;
    }
    lexicon().starts_like_body(t) || t.starts_with("cac ") && text.split_whitespace().nth(12).is_none()
}
