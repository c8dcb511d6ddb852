//! The lexicon: the Vietnamese words decree decides by (column titles, document
//! types, deadline cues), loaded once from `data/lexicon.json`, with one
//! diacritic-insensitive matcher. Code asks the lexicon; it does not spell words.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::text::fold;

const LEXICON_JSON: &str = include_str!("../../../data/lexicon.json");

/// What a column holds, by its title alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnRole {
    Stt,
    Monitor,
    Support,
    Lead,
    Deadline,
    Value,
    Result,
    Task,
    Group,
    /// A lead only where no other column of the table leads (`Người xử lý`).
    LeadWeak,
}

#[derive(Deserialize)]
struct Raw {
    stt_titles: Vec<String>,
    column_roles: RawRoles,
    value_target_words: Vec<String>,
    value_rank_words: Vec<String>,
    value_rank_titles: Vec<String>,
    deadline_cues: Vec<String>,
    doc_types: RawTypes,
    academic_titles: Vec<String>,
    signer_positions: Vec<String>,
    central_bodies: Vec<String>,
    table_kinds: RawKinds,
    body_heads: RawHeads,
}

#[derive(Deserialize)]
struct RawHeads {
    heads: Vec<String>,
}

#[derive(Deserialize)]
struct RawKinds {
    kinds: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
struct RawRoles {
    monitor: Vec<String>,
    support: Vec<String>,
    lead: Vec<String>,
    deadline: Vec<String>,
    value: Vec<String>,
    result: Vec<String>,
    task: Vec<String>,
    group: Vec<String>,
    lead_weak: Vec<String>,
}

#[derive(Deserialize)]
struct RawTypes {
    types: Vec<(String, String, String)>,
}

/// One document type: the abbreviation Decree 30 gives it, its name, the contract's
/// `doc_type` value.
#[derive(Debug, Clone)]
pub struct DocTypeEntry {
    pub abbr: String,
    pub name: String,
    pub doc_type: String,
    folded: String,
}

/// The loaded lexicon.
pub struct Lexicon {
    stt: Vec<String>,
    roles: Vec<(ColumnRole, Vec<String>)>,
    target_words: Vec<String>,
    rank_words: Vec<String>,
    rank_titles: Vec<String>,
    deadline_cues: Vec<String>,
    types: Vec<DocTypeEntry>,
    academic: Vec<String>,
    positions: Vec<String>,
    central: Vec<(String, String)>,
    table_kinds: Vec<(String, Vec<String>)>,
    body_heads: Vec<String>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    // The file ships inside the binary and a test reads it; a broken file is a build bug.
    #[allow(clippy::expect_used)]
    let raw: Raw = serde_json::from_str(LEXICON_JSON).expect("data/lexicon.json is valid");
    let r = raw.column_roles;
    let roles = vec![
        (ColumnRole::Monitor, r.monitor),
        (ColumnRole::Support, r.support),
        (ColumnRole::Lead, r.lead),
        (ColumnRole::Deadline, r.deadline),
        (ColumnRole::Value, r.value),
        (ColumnRole::Result, r.result),
        (ColumnRole::Task, r.task),
        (ColumnRole::Group, r.group),
        (ColumnRole::LeadWeak, r.lead_weak),
    ];
    let types = raw
        .doc_types
        .types
        .into_iter()
        .map(|(abbr, name, doc_type)| DocTypeEntry { folded: fold(&name), abbr, name, doc_type })
        .collect();
    Lexicon {
        stt: raw.stt_titles,
        roles,
        target_words: raw.value_target_words,
        rank_words: raw.value_rank_words,
        rank_titles: raw.value_rank_titles,
        deadline_cues: raw.deadline_cues,
        types,
        academic: raw.academic_titles,
        positions: raw.signer_positions,
        central: raw.central_bodies.into_iter().map(|n| (fold(&n), n)).collect(),
        table_kinds: raw.table_kinds.kinds,
        body_heads: raw.body_heads.heads,
    }
});

/// The lexicon, loaded on first use.
pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

/// Whether folded `text` holds folded `phrase` as whole words.
pub fn has_words(folded: &str, phrase: &str) -> bool {
    folded.match_indices(phrase).any(|(i, m)| {
        let before = folded[..i].chars().next_back();
        let after = folded[i + m.len()..].chars().next();
        before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
    })
}

impl Lexicon {
    /// Whether a column title names the row-number column (`STT`, `Số TT`).
    pub fn is_stt(&self, title: &str) -> bool {
        let f = fold(title);
        self.stt.contains(&f)
    }

    /// The role a column title gives, matching whole words inside one of its
    /// `/`-separated pieces (`Tiêu chí / Tiêu chí thành phần` is not `chỉ tiêu`).
    pub fn column_role(&self, title: &str) -> Option<ColumnRole> {
        if self.is_stt(title) {
            return Some(ColumnRole::Stt);
        }
        let pieces: Vec<String> = title.split('/').map(fold).collect();
        let has = |w: &str| pieces.iter().any(|p| has_words(p, w));
        self.roles.iter().find(|(_, words)| words.iter().any(|w| has(w))).map(|(role, _)| *role)
    }

    /// Whether a value column's title says it is a plan figure (`Chỉ tiêu 2024`).
    pub fn is_target_title(&self, title: &str) -> bool {
        let pieces: Vec<String> = title.split('/').map(fold).collect();
        self.target_words.iter().any(|w| pieces.iter().any(|p| has_words(p, w)))
    }

    /// Whether a (last) title piece names a rank: it starts with `Vị trí` or
    /// `Xếp hạng`, or is `Hạng` alone (`Hạng mục` is not a rank).
    pub fn is_rank_title(&self, piece: &str) -> bool {
        let f = fold(piece);
        self.rank_words.iter().any(|w| f.starts_with(w.as_str())) || self.rank_titles.contains(&f)
    }

    /// Whether folded text starts the way deadline cells do (`Quý I/2026`, `Trước …`).
    pub fn starts_like_deadline(&self, folded: &str) -> bool {
        self.deadline_cues.iter().any(|c| folded.starts_with(c.as_str()))
    }

    /// The type a heading names (`NGHỊ QUYẾT`, `Thông tư`), matched whole.
    pub fn doc_type_named(&self, heading: &str) -> Option<&DocTypeEntry> {
        let f = fold(heading);
        self.types.iter().find(|t| t.folded == f)
    }

    /// The type a symbol gives by Decree 30's abbreviations: its first part
    /// (`QĐ-UBND`, `TTr-SNV`, `HD/VPTW`) when that is a type, else a Công văn
    /// (whose symbol is the issuer's: `UBND-NCKSTTHC`).
    pub fn doc_type_of_symbol(&self, symbol: &str) -> Option<&DocTypeEntry> {
        let head = symbol.split(['-', '/']).next().unwrap_or("").trim();
        let folded = fold(head);
        let by_abbr = self.types.iter().find(|t| !t.abbr.is_empty() && fold(&t.abbr) == folded);
        // `UBTVQH15`: a body's name with no type part; the heading will tell.
        if by_abbr.is_none() && !symbol.contains(['-', '/']) {
            return None;
        }
        by_abbr.or_else(|| self.types.iter().find(|t| t.abbr.is_empty()))
    }

    /// Whether a word is an academic or professional title printed before a
    /// signer's name (`PGS.TS.`, `ThS.`).
    pub fn is_academic_title(&self, word: &str) -> bool {
        let parts: Vec<String> = word.split('.').map(fold).filter(|p| !p.is_empty()).collect();
        !parts.is_empty() && parts.iter().all(|p| self.academic.contains(p))
    }
}

impl Lexicon {
    /// Signers' positions as printed in capitals, longest first within a family
    /// (`PHÓ CHỦ TỊCH` before `CHỦ TỊCH`).
    pub fn signer_positions(&self) -> &[String] {
        &self.positions
    }

    /// Whether folded text opens with a body's head word (`so noi vu`, `chinh phu`).
    pub fn starts_like_body(&self, folded: &str) -> bool {
        self.body_heads
            .iter()
            .any(|h| folded.strip_prefix(h.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
    }

    /// Whether folded text opens with a document type and its number (`to trinh so
    /// 194`, `cong van so …`): a reference to a document.
    pub fn starts_like_doc_reference(&self, folded: &str) -> bool {
        self.types.iter().any(|t| {
            !t.folded.is_empty()
                && folded.strip_prefix(t.folded.as_str()).is_some_and(|r| r.starts_with(" so ") || r == " so")
        })
    }

    /// Whether folded text names a session (`ky hop`, `phien hop`) or a due day
    /// (`truoc 31 5 2026`): a deadline note however it starts.
    pub fn mentions_session_or_due_day(&self, folded: &str) -> bool {
        let due = ["truoc ", "cham nhat "].iter().any(|w| {
            folded.match_indices(w).any(|(i, _)| {
                let rest = folded[i + w.len()..].trim_start_matches("ngay ");
                rest.starts_with(|c: char| c.is_ascii_digit())
            })
        });
        due || has_words(folded, "ky hop") || has_words(folded, "phien hop")
    }

    /// What a table that assigns no work is, from its column titles (`Mã xét
    /// tuyển` → a code list).
    pub fn table_kind(&self, titles: &[String]) -> Option<&str> {
        let folded: Vec<String> = titles.iter().map(|t| fold(t)).collect();
        self.table_kinds
            .iter()
            .find(|(_, words)| words.iter().any(|w| folded.iter().any(|t| has_words(t, w))))
            .map(|(name, _)| name.as_str())
    }

    /// The usual spelling of a central body or public unit (`ỦY BAN THƯỜNG VỤ QUỐC
    /// HỘI` → `Ủy ban Thường vụ Quốc hội`), when the lexicon knows it.
    pub fn central_body(&self, name: &str) -> Option<&str> {
        let f = fold(name);
        self.central.iter().find(|(k, _)| *k == f).map(|(_, n)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_titles_take_their_roles() {
        let l = lexicon();
        let role = |t| l.column_role(t);
        assert_eq!(role("STT"), Some(ColumnRole::Stt));
        assert_eq!(role("Số TT"), Some(ColumnRole::Stt));
        assert_eq!(role("Cơ quan trình"), Some(ColumnRole::Lead));
        assert_eq!(role("Cơ quan chủ trì thẩm tra"), Some(ColumnRole::Lead));
        assert_eq!(role("Cơ quan tham gia thẩm tra"), Some(ColumnRole::Support));
        assert_eq!(role("Tiến độ trình UBTVQH"), Some(ColumnRole::Deadline));
        assert_eq!(role("Ngày dự kiến trình ban hành"), Some(ColumnRole::Deadline));
        assert_eq!(role("THOI GIAN HOAN THANH"), Some(ColumnRole::Deadline));
        assert_eq!(role("Thời gian thực hiện"), Some(ColumnRole::Deadline));
        assert_eq!(role("Người xử lý"), Some(ColumnRole::LeadWeak));
        assert_eq!(role("Tên gọi văn bản"), Some(ColumnRole::Task));
        assert_eq!(role("Tiêu chí / Tiêu chí thành phần"), Some(ColumnRole::Group));
        assert_eq!(role("Ghi chú"), None);
    }

    #[test]
    fn types_from_headings_and_symbols() {
        let l = lexicon();
        assert_eq!(l.doc_type_named("NGHỊ QUYẾT").map(|t| t.doc_type.as_str()), Some("resolution"));
        assert_eq!(l.doc_type_named("TỜ TRÌNH").map(|t| t.name.as_str()), Some("Tờ trình"));
        assert_eq!(l.doc_type_of_symbol("TTr-SNV").map(|t| t.name.as_str()), Some("Tờ trình"));
        assert_eq!(l.doc_type_of_symbol("QĐ-UBND").map(|t| t.doc_type.as_str()), Some("decision"));
        assert_eq!(l.doc_type_of_symbol("HD/VPTW").map(|t| t.name.as_str()), Some("Hướng dẫn"));
        assert_eq!(l.doc_type_of_symbol("UBND-NCKSTTHC").map(|t| t.name.as_str()), Some("Công văn"));
        assert!(l.doc_type_of_symbol("UBTVQH15").is_none());
    }

    #[test]
    fn central_bodies_keep_their_spelling() {
        assert_eq!(lexicon().central_body("ỦY BAN THƯỜNG VỤ QUỐC HỘI"), Some("Ủy ban Thường vụ Quốc hội"));
        assert_eq!(lexicon().central_body("Sở Nội vụ"), None);
    }

    #[test]
    fn academic_titles() {
        let l = lexicon();
        assert!(l.is_academic_title("PGS.TS."));
        assert!(l.is_academic_title("ThS."));
        assert!(!l.is_academic_title("Nguyễn"));
    }

    #[test]
    fn whole_words_only() {
        assert!(has_words("co quan chu tri tham tra", "chu tri"));
        assert!(!has_words("chu trinh", "chu tri"));
    }
}
