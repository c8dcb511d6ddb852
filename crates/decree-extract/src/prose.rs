//! Tasks from the body's outline: items under "NHIỆM VỤ, GIẢI PHÁP" are tasks;
//! items under "TỔ CHỨC THỰC HIỆN" are duties of the body their heading names.

use crate::outline::{Item, MarkerKind, Outline};
use crate::{indices, Extraction};
use decree_model::{Deadline, Task, TaskKind};
use decree_norm::{fold, split_agencies};
use regex::Regex;
use std::sync::LazyLock;

/// `- Công chức tham mưu: Văn phòng - thống kê.`: a line that assigns the item above.
static ROLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:công chức|cán bộ|đơn vị|cơ quan|bộ phận)\s+(tham mưu|chủ trì|thực hiện|phối hợp|theo dõi)\s*:\s*(.*)$")
        .unwrap_or_else(|e| panic!("role regex: {e}"))
});

/// Verbs that end a sentence's subject: `Các sở, ban, ngành ... xây dựng kế hoạch`.
static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:chủ trì|xây dựng|tổ chức|thực hiện|triển khai|tham mưu|phối hợp|chịu trách nhiệm|có trách nhiệm|ban hành|rà soát|hướng dẫn|kiểm tra)\b")
        .unwrap_or_else(|e| panic!("action regex: {e}"))
});

/// Closing formulas of a plan, not duties.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(yêu cầu|trên đây|trong quá trình|quá trình|nếu có|đề nghị các)\b")
        .unwrap_or_else(|e| panic!("closing regex: {e}"))
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Tasks,
    Duties,
}

pub(crate) fn tasks(outline: &Outline, out: &mut Extraction) {
    for (i, item) in outline.items.iter().enumerate() {
        let Some(section) = section_of(outline, i) else {
            continue;
        };
        if is_role_line(item) || item.title || has_children(outline, i, section) || CLOSING.is_match(&item.text) {
            continue;
        }
        if section == Section::Tasks && item.kind == MarkerKind::None {
            continue;
        }
        out.tasks.push(task_of(outline, i, section));
    }
}

/// The section an item sits in, from its Roman-numbered (or top-level) ancestor.
fn section_of(outline: &Outline, i: usize) -> Option<Section> {
    outline.ancestors(i).into_iter().find_map(|a| {
        let t = crate::fold_head(&outline.items[a].text, 200);
        if t.contains("to chuc thuc hien") {
            Some(Section::Duties)
        } else if t.contains("nhiem vu giai phap")
            || t.contains("nhiem vu va giai phap")
            || t.starts_with("nhiem vu") && outline.items[a].kind == MarkerKind::Roman
        {
            // A section of tasks, not any heading that names a task (`III. KẾT QUẢ
            // THỰC HIỆN NHIỆM VỤ`, `4. Nhiệm vụ phát triển giải pháp xã hội`).
            Some(Section::Tasks)
        } else {
            None
        }
    })
}

fn is_role_line(item: &Item) -> bool {
    ROLE_LINE.is_match(&item.text)
}

/// An item with children other than role lines is a heading of its own list.
/// Running text under a task is a note; under a duty heading it is the duty.
fn has_children(outline: &Outline, i: usize, section: Section) -> bool {
    outline.children(i).any(|c| {
        let child = &outline.items[c];
        let counts = child.kind != MarkerKind::None || section == Section::Duties;
        counts && !is_role_line(child) && !CLOSING.is_match(&child.text)
    })
}

fn task_of(outline: &Outline, i: usize, section: Section) -> Task {
    let item = &outline.items[i];
    let ancestors = outline.ancestors(i);
    let path: Vec<String> = ancestors.iter().map(|&a| outline.items[a].label()).collect();
    let index = ancestors.iter().rev().find_map(|&a| indices::first(&outline.items[a].text));
    let mut task = Task {
        id: prose_id(&item.prov, i),
        kind: if section == Section::Duties { TaskKind::Duty } else { TaskKind::Task },
        code: code_of(item),
        path,
        index,
        indicator: None,
        text: item.text.clone(),
        result: None,
        lead: Vec::new(),
        support: Vec::new(),
        monitor: Vec::new(),
        deadline: Deadline::none(),
        provenance: item.prov.clone(),
    };
    for c in outline.children(i) {
        apply_role_line(&mut task, &outline.items[c].text);
    }
    if section == Section::Duties {
        assign_duty_body(&mut task, outline, &ancestors);
    } else if task.lead.is_empty() {
        task.lead = subject_bodies(&task.text);
    }
    task
}

/// A prose task's id: its line in text sources; in paged ones (no lines) its
/// page and its position in the outline, so two items never share an id.
fn prose_id(prov: &decree_model::Provenance, position: usize) -> String {
    match (prov.line, prov.page) {
        (Some(line), _) => format!("line{line}"),
        (None, Some(page)) => format!("p{page}i{position}"),
        (None, None) => format!("i{position}"),
    }
}

fn code_of(item: &Item) -> Option<String> {
    match item.kind {
        MarkerKind::Dash | MarkerKind::Plus | MarkerKind::None => None,
        _ => Some(item.marker.clone()),
    }
}

fn apply_role_line(task: &mut Task, line: &str) {
    let Some(c) = ROLE_LINE.captures(line) else {
        return;
    };
    let verb = fold(c.get(1).map_or("", |m| m.as_str()));
    let bodies = split_agencies(c.get(2).map_or("", |m| m.as_str()));
    let slot = match verb.as_str() {
        "phoi hop" => &mut task.support,
        "theo doi" => &mut task.monitor,
        _ => &mut task.lead,
    };
    slot.extend(bodies);
}

/// A duty's body: `Body: text` on the item itself, or `Body chủ trì ...`, or the
/// nearest heading above that names bodies (`2. Sở Nội vụ`).
fn assign_duty_body(task: &mut Task, outline: &Outline, ancestors: &[usize]) {
    if !task.lead.is_empty() {
        return;
    }
    if let Some((head, rest)) = task.text.split_once(':') {
        if head.chars().count() <= 160 && crate::columns::looks_like_agency(head) {
            task.lead = split_agencies(head);
            task.text = rest.trim().to_owned();
            return;
        }
    }
    for &a in ancestors.iter().rev() {
        let t = outline.items[a].text.trim_end_matches(['.', ':']);
        let t = t.strip_prefix("Đề nghị ").unwrap_or(t);
        if outline.items[a].kind != MarkerKind::Roman && crate::columns::looks_like_agency(t) {
            task.lead = split_agencies(t);
            return;
        }
    }
}

/// The bodies a task sentence names as its subject, before its first verb.
fn subject_bodies(text: &str) -> Vec<String> {
    let Some(m) = ACTION.find(text) else { return Vec::new() };
    let subject = &text[..m.start()];
    if subject.chars().count() > 160 || !crate::columns::looks_like_agency(subject) {
        return Vec::new();
    }
    split_agencies(subject)
}
