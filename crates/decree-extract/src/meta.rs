//! Document metadata: number, type, issuer, place and date, title, period,
//! indices, signer and recipients, read from the head and the signature block.

use crate::{annex, block_text, indices};
use decree_layout::{Block, Layout};
use decree_model::{DocType, Document, Level, Locality, Period, Signer};
use decree_norm::{clean_text, fold, parse_issued};
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^s[ốo]\s*:?\s*([0-9]*)\s*((?:/\s*[0-9]{4}\s*)?/\s*[\p{L}0-9&\-.]+)"));
static LOCALITY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+((?:\p{Lu}[\p{Ll}\p{M}]*(?:\s+|$))+)")
});
static PERIOD_RANGE: LazyLock<Regex> = LazyLock::new(|| re(r"((?:19|20)\d\d)\s*[-–đến]+\s*((?:19|20)\d\d)"));
/// `TM. CHÍNH PHỦ`, `KT. CHỦ TỊCH`: who the signer signs for, alone on its line.
static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:TM|KT|Q|TL|TUQ)\.\s*\S"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)năm\s+((?:19|20)\d\d)"));
static SIGN_POSITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(TM|KT|Q|TL|TUQ)\.?\s+(.*?)\s+)?(PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ THỦ TƯỚNG|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|TRƯỞNG PHÒNG)$",
    )
});

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("meta regex {p}: {e}"))
}

pub(crate) fn is_recipients_heading(text: &str) -> bool {
    crate::fold_head(text, 12).starts_with("noi nhan")
}

/// Fills the document's metadata fields from the layout.
pub(crate) fn fill(doc: &mut Document, layout: &Layout) {
    let texts = head_texts(layout);
    for t in &texts {
        if doc.number.is_none() && doc.symbol.is_none() {
            read_number(doc, t);
        }
        if doc.issued_on.is_none() {
            if let Some((place, date)) = parse_issued(t) {
                doc.place = place;
                doc.issued_on = date;
            }
        }
    }
    read_type_and_title(doc, &texts);
    read_issuer(doc, &texts);
    doc.period = doc.title.as_deref().and_then(period_of);
    doc.indices = document_indices(layout);
    read_signature(doc, layout);
}

/// Texts of the blocks before the first annex, table cells included (Word puts
/// the header and the signature in tables).
fn head_texts(layout: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    for b in &layout.blocks {
        if annex::start(b).is_some() {
            break;
        }
        match b {
            Block::Table(t) if t.index < 2 => {
                // Word's header table holds several lines per cell (issuer, `Số: …`;
                // motto, place and date): each line is a text of its own.
                for row in &t.rows {
                    for c in &row.cells {
                        out.extend(c.text.split('\n').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned));
                    }
                }
            }
            Block::Table(_) | Block::PageBreak { .. } => {}
            other => out.push(block_text(other).to_owned()),
        }
        if out.len() > 60 {
            break;
        }
    }
    out
}

fn read_number(doc: &mut Document, text: &str) {
    let Some(c) = NUMBER.captures(text.trim()) else {
        return;
    };
    let digits = c.get(1).map_or("", |m| m.as_str());
    let rest: String = c.get(2).map_or("", |m| m.as_str()).chars().filter(|ch| !ch.is_whitespace()).collect();
    let symbol = rest.rsplit('/').next().unwrap_or("").trim_end_matches('.').to_owned();
    doc.symbol = Some(symbol).filter(|s| !s.is_empty());
    doc.number = (!digits.is_empty()).then(|| format!("{digits}{rest}").trim_end_matches('.').to_owned());
}

const TYPES: [(&str, DocType, &str); 12] = [
    ("ke hoach", DocType::Plan, "Kế hoạch"),
    ("quyet dinh", DocType::Decision, "Quyết định"),
    ("nghi dinh", DocType::Decree, "Nghị định"),
    ("chi thi", DocType::Directive, "Chỉ thị"),
    ("nghi quyet", DocType::Resolution, "Nghị quyết"),
    ("bao cao", DocType::Report, "Báo cáo"),
    ("chuong trinh", DocType::Program, "Chương trình"),
    ("cong van", DocType::OfficialLetter, "Công văn"),
    ("thong bao", DocType::Other, "Thông báo"),
    ("to trinh", DocType::Other, "Tờ trình"),
    ("huong dan", DocType::Other, "Hướng dẫn"),
    ("thong tu", DocType::Other, "Thông tư"),
];

/// The type heading is a short line in capitals (`KẾ HOẠCH`); the title is the
/// line under it.
fn read_type_and_title(doc: &mut Document, texts: &[String]) {
    for (i, t) in texts.iter().enumerate() {
        let is_caps = t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
        if t.chars().count() > 24 {
            continue;
        }
        let f = fold(t);
        let Some((_, ty, vi)) = TYPES.iter().find(|(k, _, _)| f == *k) else {
            continue;
        };
        if !is_caps {
            continue;
        }
        doc.doc_type = Some(*ty);
        doc.doc_type_vi = Some((*vi).to_owned());
        doc.title = texts.get(i + 1).map(|s| clean_text(s)).filter(|s| !s.is_empty());
        return;
    }
    if let Some(sym) = doc.symbol.as_deref() {
        doc.doc_type = Some(type_from_symbol(sym));
    }
}

fn type_from_symbol(symbol: &str) -> DocType {
    let head = symbol.split('-').next().unwrap_or("").to_uppercase();
    match head.as_str() {
        "KH" => DocType::Plan,
        "QĐ" | "QD" => DocType::Decision,
        "NĐ" | "ND" => DocType::Decree,
        "CT" => DocType::Directive,
        "NQ" => DocType::Resolution,
        "BC" => DocType::Report,
        "CTR" => DocType::Program,
        _ => DocType::OfficialLetter,
    }
}

/// The issuer from the header (`ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH`, `CHÍNH PHỦ`),
/// else from the locality the title names.
fn read_issuer(doc: &mut Document, texts: &[String]) {
    for (i, t) in texts.iter().enumerate().take(12) {
        // `ỦY BAN NHÂN DÂN` / `TỈNH BÌNH ĐỊNH` on two lines of a header cell.
        let joined;
        let t = match texts.get(i + 1) {
            Some(next) if crate::fold_head(t, 20) == "uy ban nhan dan" => {
                joined = format!("{t} {next}");
                &joined
            }
            _ => t,
        };
        let f = crate::fold_head(t, 120);
        if f == "chinh phu" {
            doc.issuer = Some("Chính phủ".to_owned());
            doc.locality = Some(Locality { name: "Việt Nam".to_owned(), level: Level::National });
            return;
        }
        if let Some(rest) = f.strip_prefix("uy ban nhan dan ") {
            if let Some(loc) = locality_in(&annex::sentence_case_body(t)) {
                doc.issuer = Some(format!("UBND {} {}", level_word(&loc, rest), loc.name));
                doc.locality = Some(loc);
                return;
            }
        }
    }
    let title = doc.title.clone().unwrap_or_default();
    let Some(mut loc) = locality_in(&title) else {
        return;
    };
    if let Some(place) = doc.place.as_deref() {
        if loc.name.starts_with(place) {
            loc.name = place.to_owned();
        }
    }
    let word = LOCALITY.captures(&title).and_then(|c| c.get(1)).map_or("", |m| m.as_str()).to_owned();
    if doc.symbol.as_deref().is_some_and(|s| s.contains("UBND")) {
        doc.issuer = Some(format!("UBND {word} {}", loc.name));
    }
    doc.locality = Some(loc);
}

fn level_word(loc: &Locality, folded_rest: &str) -> &'static str {
    match loc.level {
        Level::Province if folded_rest.starts_with("thanh pho") => "thành phố",
        Level::Province => "tỉnh",
        Level::District if folded_rest.starts_with("huyen") => "huyện",
        Level::District if folded_rest.starts_with("quan") => "quận",
        Level::District if folded_rest.starts_with("thi xa") => "thị xã",
        Level::District => "thành phố",
        Level::Commune if folded_rest.starts_with("phuong") => "phường",
        Level::Commune if folded_rest.starts_with("thi tran") => "thị trấn",
        Level::Commune => "xã",
        Level::National => "",
    }
}

const CENTRAL_CITIES: [&str; 5] = ["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"];

fn locality_in(text: &str) -> Option<Locality> {
    let c = LOCALITY.captures(text)?;
    let word = c.get(1)?.as_str().to_lowercase();
    let name = c.get(2)?.as_str().trim().to_owned();
    let level = match word.as_str() {
        "tỉnh" => Level::Province,
        "thành phố" if CENTRAL_CITIES.contains(&name.as_str()) => Level::Province,
        "thành phố" | "huyện" | "quận" | "thị xã" => Level::District,
        _ => Level::Commune,
    };
    Some(Locality { name, level })
}

fn period_of(title: &str) -> Option<Period> {
    if let Some(c) = PERIOD_RANGE.captures(title) {
        let from = c.get(1).and_then(|m| m.as_str().parse().ok());
        let to = c.get(2).and_then(|m| m.as_str().parse().ok());
        return Some(Period { from, to });
    }
    let year: i32 = YEAR.captures(title)?.get(1)?.as_str().parse().ok()?;
    let open = fold(title).contains("nhung nam tiep theo");
    Some(Period { from: Some(year), to: (!open).then_some(year) })
}

fn document_indices(layout: &Layout) -> Vec<decree_model::IndexName> {
    let mut out = Vec::new();
    for b in &layout.blocks {
        for i in indices::mentioned(block_text(b)) {
            if !out.contains(&i) {
                out.push(i);
            }
        }
    }
    out
}

/// Recipients follow "Nơi nhận:"; the signer's authority, position and name
/// stand beside or after them.
fn read_signature(doc: &mut Document, layout: &Layout) {
    let texts = tail_texts(layout);
    let mut in_recipients = false;
    let mut recipients: Vec<String> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        if is_recipients_heading(t) {
            in_recipients = true;
            let rest = t.split_once(':').map_or("", |(_, r)| r).trim();
            if !rest.is_empty() {
                recipients.push(rest.to_owned());
            }
            continue;
        }
        if in_recipients {
            if let Some(r) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
                recipients.push(r.to_owned());
                continue;
            }
            // A recipient wrapped onto a second line (`- Các bộ, cơ quan ngang bộ,`
            // / `cơ quan thuộc Chính phủ;`) continues the entry above.
            if let Some(last) = recipients.last_mut().filter(|l| starts_lower(t) || l.trim_end().ends_with(',')) {
                last.push(' ');
                last.push_str(t.trim());
                continue;
            }
            in_recipients = false;
        }
        if doc.signer.is_none() {
            if let Some(signer) = signer_at(&texts, i) {
                doc.signer = Some(signer);
            }
        }
    }
    doc.recipients.extend(recipients.iter().map(|r| clean_recipient(r)));
}

fn starts_lower(t: &str) -> bool {
    t.trim_start().chars().next().is_some_and(char::is_lowercase)
}

fn clean_recipient(r: &str) -> String {
    r.trim().trim_end_matches([';', '.', ',']).trim().to_owned()
}

/// Block texts from the last section up to the first annex, list markers kept.
fn tail_texts(layout: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    for b in &layout.blocks {
        if annex::start(b).is_some() {
            break;
        }
        match b {
            Block::ListItem(l) => out.push(format!("{} {}", l.marker, l.text)),
            Block::Table(t) => {
                for row in &t.rows {
                    for c in &row.cells {
                        out.extend(c.text.split('\n').map(str::to_owned));
                    }
                }
            }
            Block::PageBreak { .. } => {}
            other => out.push(block_text(other).to_owned()),
        }
    }
    out
}

fn signer_at(texts: &[String], i: usize) -> Option<Signer> {
    let line = texts.get(i)?.trim();
    // A signature table puts the authority (`TM. CHÍNH PHỦ`) and the position
    // (`THỦ TƯỚNG`) on lines of their own.
    let (line, next) = match texts.get(i + 1) {
        Some(pos) if AUTHORITY.is_match(line) && !SIGN_POSITION.is_match(line) && !AUTHORITY.is_match(pos.trim()) => {
            (format!("{line} {}", pos.trim()), i + 2)
        }
        _ => (line.to_owned(), i + 1),
    };
    let c = SIGN_POSITION.captures(&line)?;
    let authority = c.get(1).map(|p| {
        let body = c.get(2).map_or("", |m| m.as_str());
        format!("{}. {}", p.as_str().to_uppercase(), sentence_case(body))
    });
    let position = c.get(3).map(|m| position_case(m.as_str()));
    let name = texts
        .get(next..)
        .unwrap_or_default()
        .iter()
        .take(6)
        .map(|t| t.trim())
        .find(|t| is_person_name(t))
        .map(str::to_owned);
    Some(Signer { name, position, authority })
}

fn is_person_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
        })
}

fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut cs = lower.chars();
    cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default()
}

fn position_case(p: &str) -> String {
    sentence_case(p).replace("chủ tịch", "Chủ tịch").replace("thủ tướng", "Thủ tướng").replace("giám đốc", "Giám đốc")
}
