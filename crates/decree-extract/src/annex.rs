//! Annexes (`Phụ lục N`): where they start, and what their title says about whose
//! tasks they hold.

use crate::{block_text, indices};
use decree_layout::Block;
use decree_model::IndexName;
use decree_norm::{fold, split_agencies};
use regex::Regex;
use std::sync::LazyLock;

static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^ph[ụu]\s*l[ụu]c(?:\s+s[ốo])?\s*([0-9]+|[IVXLC]+)\b[.:]?\s*(.*)$")
        .unwrap_or_else(|e| panic!("annex regex: {e}"))
});

/// Who the annex title makes responsible: `THUỘC TRÁCH NHIỆM THEO DÕI, QUẢN LÝ
/// CỦA SỞ NỘI VỤ`.
static RESPONSIBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)thu[ộo]c\s+(?:tr[áa]ch\s+nhi[ệe]m|th[ẩa]m\s+quy[ềe]n)\s+(.{0,60}?)\s+c[ủu]a\s+(.+?)\s*$")
        .unwrap_or_else(|e| panic!("responsible regex: {e}"))
});

#[derive(Debug, Clone, Default)]
pub(crate) struct Annex {
    /// `Phụ lục 2`, as the path's first entry.
    pub name: String,
    /// Title lines under the heading, joined.
    pub title: String,
    pub lead: Vec<String>,
    pub monitor: Vec<String>,
    pub indices: Vec<IndexName>,
}

/// An annex heading starts a new annex.
pub(crate) fn start(block: &Block) -> Option<Annex> {
    if !matches!(block, Block::Heading(_) | Block::Paragraph(_)) {
        return None;
    }
    let text = block_text(block).trim();
    // `PHỤ LỤC` alone: the one annex of a document, unnumbered.
    if fold(text) == "phu luc" && !text.chars().any(char::is_lowercase) {
        return Some(Annex { name: "Phụ lục".to_owned(), ..Annex::default() });
    }
    let c = ANNEX.captures(text)?;
    let number = c.get(1).map_or("", |m| m.as_str());
    let mut annex = Annex { name: format!("Phụ lục {number}"), ..Annex::default() };
    let rest = c.get(2).map_or("", |m| m.as_str()).trim();
    if !rest.is_empty() {
        annex.note_title(rest);
    }
    Some(annex)
}

impl Annex {
    /// Reads a title line: indices named and responsible bodies.
    pub fn note_title(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() || text.starts_with('(') {
            return;
        }
        if !self.title.is_empty() {
            self.title.push(' ');
        }
        self.title.push_str(text);
        for i in indices::mentioned(text) {
            if !self.indices.contains(&i) {
                self.indices.push(i);
            }
        }
        if let Some(c) = RESPONSIBLE.captures(text) {
            let verb = fold(c.get(1).map_or("", |m| m.as_str()));
            let bodies = split_agencies(&sentence_case_body(c.get(2).map_or("", |m| m.as_str())));
            if verb.contains("theo doi") {
                self.monitor = bodies;
            } else {
                self.lead = bodies;
            }
        }
    }
}

/// `SỞ NỘI VỤ` → `Sở Nội vụ`; `ỦY BAN NHÂN DÂN CÁC HUYỆN, THÀNH PHỐ` → `UBND các
/// huyện, thành phố`. Text already in mixed case is kept.
pub(crate) fn sentence_case_body(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    let lower = name.to_lowercase();
    let lower = lower.replace("ủy ban nhân dân", "UBND").replace("uỷ ban nhân dân", "UBND");
    let mut out = String::new();
    let mut capitalize_next = true;
    for word in lower.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let bare = word.trim_end_matches([',', ';', '.']);
        let generic = matches!(
            bare,
            "các" | "tỉnh" | "huyện" | "xã" | "thành" | "phố" | "thị" | "trấn" | "phường" | "chi" | "nhánh"
        );
        if capitalize_next && !generic {
            out.push_str(&capitalize(word));
            capitalize_next = HEAD_WORDS.contains(&bare);
        } else {
            out.push_str(word);
            capitalize_next = (word == "và" || word.ends_with(',')) && !generic;
        }
    }
    out
}

/// Head words after which the body's own name starts (`Sở` + `Nội vụ`).
const HEAD_WORDS: [&str; 8] = ["sở", "ban", "cục", "phòng", "bộ", "hội", "đài", "báo"];

fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_in_capitals_get_sentence_case() {
        assert_eq!(sentence_case_body("SỞ NỘI VỤ"), "Sở Nội vụ");
        assert_eq!(sentence_case_body("SỞ KẾ HOẠCH VÀ ĐẦU TƯ"), "Sở Kế hoạch và Đầu tư");
        assert_eq!(sentence_case_body("ỦY BAN NHÂN DÂN CÁC XÃ, PHƯỜNG, THỊ TRẤN"), "UBND các xã, phường, thị trấn");
        assert_eq!(sentence_case_body("Sở Tư pháp"), "Sở Tư pháp");
    }

    #[test]
    fn annex_title_names_the_responsible_body() {
        let mut a = Annex::default();
        a.note_title("THUỘC TRÁCH NHIỆM THEO DÕI, QUẢN LÝ CỦA SỞ NỘI VỤ");
        assert_eq!(a.monitor, vec!["Sở Nội vụ"]);
        let mut b = Annex::default();
        b.note_title("THUỘC THẨM QUYỀN THAM MƯU CỦA SỞ XÂY DỰNG");
        assert_eq!(b.lead, vec!["Sở Xây dựng"]);
    }
}
