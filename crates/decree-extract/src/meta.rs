//! Document metadata: number, type, issuer, place and date, title, period,
//! indices, signer and recipients, read from the head and the signature block.

use crate::fold_head;
use crate::{annex, block_text, indices};
use decree_layout::{Block, Layout};
use decree_model::{DocType, Document, Level, Locality, Period, Signer};
use decree_norm::{clean_text, fold, lexicon, parse_issued};
use regex::Regex;
use std::sync::LazyLock;

/// `Số: 107/KH-UBND`, `Số: /TB-UBND` (number left blank), `30/2020/NĐ-CP`,
/// `Số 36-HD/VPTW` (a party document's type joined by a dash).
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^s[ốo]\s*:?\s*([0-9]*)\s*((?:-\s*\p{L}[\p{L}0-9]*\s*)?(?:/\s*[0-9]{4}\s*)?/\s*[\p{L}0-9&\-.]+)")
});
static LOCALITY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+((?:\p{Lu}[\p{Ll}\p{M}]*(?:\s+|$))+)")
});
static PASSED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)thông qua\s+(ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|ngày\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})")
});
static PERIOD_RANGE: LazyLock<Regex> = LazyLock::new(|| re(r"((?:19|20)\d\d)\s*[-–đến]+\s*((?:19|20)\d\d)"));
/// `TM. CHÍNH PHỦ`, `KT. CHỦ TỊCH`: who the signer signs for, alone on its line.
static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:TM|KT|Q|TL|TUQ)\.\s*\S"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)năm\s+((?:19|20)\d\d)"));
/// `KT. CHỦ TỊCH PHÓ CHỦ TỊCH`, `BỘ TRƯỞNG`: the positions are the lexicon's.
static SIGN_POSITION: LazyLock<Regex> = LazyLock::new(|| {
    let mut positions: Vec<String> = lexicon().signer_positions().iter().map(|p| regex::escape(p)).collect();
    positions.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    re(&format!(r"(?i)^(?:(TM|KT|Q|TL|TUQ)\.?\s+(.*?)\s+)?({})$", positions.join("|")))
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
            if let Some((place, date)) = parse_issued(t).or_else(|| parse_issued(after_number(t))) {
                doc.place = place;
                doc.issued_on = date;
            }
        }
    }
    if doc.issued_on.is_none() {
        doc.issued_on = passed_on(layout);
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

/// What follows the number on a line that holds both (`Số: 3030/QĐ-ĐHBK Hà Nội,
/// ngày 17 tháng 03 năm 2026`, two columns a PDF put on one line).
fn after_number(t: &str) -> &str {
    let t = t.trim();
    match NUMBER.find(t) {
        Some(m) => &t[m.end()..],
        None => "",
    }
}

/// `… được Ủy ban Thường vụ Quốc hội … thông qua ngày 14 tháng 8 năm 2025`: the date
/// of a resolution printed without a date line.
fn passed_on(layout: &Layout) -> Option<String> {
    layout.blocks.iter().rev().find_map(|b| {
        let c = PASSED.captures(block_text(b))?;
        parse_issued(c.get(1)?.as_str()).and_then(|(_, date)| date)
    })
}

fn read_number(doc: &mut Document, text: &str) {
    let text = text.trim();
    // `Nghị quyết số: 96/2025/UBTVQH15`: the type printed before `số`.
    let text = match text.char_indices().find(|(i, _)| fold_head(&text[*i..], 2) == "so") {
        Some((i, _)) if i > 0 && lexicon().doc_type_named(&text[..i]).is_some() => &text[i..],
        _ => text,
    };
    let Some(c) = NUMBER.captures(text) else {
        return;
    };
    let digits = c.get(1).map_or("", |m| m.as_str());
    let rest: String = c.get(2).map_or("", |m| m.as_str()).chars().filter(|ch| !ch.is_whitespace()).collect();
    let symbol = match rest.strip_prefix('-') {
        Some(party) => party.trim_end_matches('.').to_owned(),
        None => rest.rsplit('/').next().unwrap_or("").trim_end_matches('.').to_owned(),
    };
    doc.symbol = Some(symbol).filter(|s| !s.is_empty());
    doc.number = (!digits.is_empty()).then(|| format!("{digits}{rest}").trim_end_matches('.').to_owned());
}

/// The type heading is a short line in capitals (`KẾ HOẠCH`, `TỜ TRÌNH`); the title
/// is the line under it. With no heading, the symbol gives the type by Decree 30's
/// abbreviations, and a letter's `V/v …` line is its title.
fn read_type_and_title(doc: &mut Document, texts: &[String]) {
    for (i, t) in texts.iter().enumerate() {
        let is_caps = t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
        if t.chars().count() > 24 || !is_caps {
            continue;
        }
        let Some(entry) = lexicon().doc_type_named(t) else {
            continue;
        };
        doc.doc_type = Some(doc_type(&entry.doc_type));
        doc.doc_type_vi = Some(entry.name.clone());
        doc.title = texts.get(i + 1).map(|s| clean_text(s)).filter(|s| !s.is_empty());
        return;
    }
    if let Some(entry) = doc.symbol.as_deref().and_then(|s| lexicon().doc_type_of_symbol(s)) {
        doc.doc_type = Some(doc_type(&entry.doc_type));
        doc.doc_type_vi = Some(entry.name.clone());
    }
    if doc.title.is_none() {
        doc.title = texts.iter().take(30).find_map(|t| about_line(t));
    }
}

/// The subject of a letter: `V/v thời gian tổ chức đại hội` → `thời gian tổ chức đại hội`.
fn about_line(text: &str) -> Option<String> {
    let t = text.trim();
    let rest = ["V/v", "v/v", "V/V", "Về việc"].iter().find_map(|p| t.strip_prefix(p))?;
    Some(clean_text(rest.trim_start_matches([':', ' ']))).filter(|s| !s.is_empty())
}

fn doc_type(key: &str) -> DocType {
    match key {
        "plan" => DocType::Plan,
        "decision" => DocType::Decision,
        "decree" => DocType::Decree,
        "directive" => DocType::Directive,
        "resolution" => DocType::Resolution,
        "report" => DocType::Report,
        "official_letter" => DocType::OfficialLetter,
        "program" => DocType::Program,
        _ => DocType::Other,
    }
}

/// The issuer from the header (`ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH`, `CHÍNH PHỦ`),
/// else from the locality the title names.
fn read_issuer(doc: &mut Document, texts: &[String]) {
    if let Some((issuer, locality)) = header_issuer(texts) {
        doc.issuer = Some(issuer);
        doc.locality = locality.or(doc.locality.take());
        return;
    }
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

/// The issuer from the header block's capitals, read as Decree 30 lays it out: the
/// issuing body under its parent (`UBND TỈNH BÌNH THUẬN` over `SỞ NỘI VỤ` is `Sở Nội
/// vụ tỉnh Bình Thuận`; `BỘ GIÁO DỤC VÀ ĐÀO TẠO` over `ĐẠI HỌC BÁCH KHOA HÀ NỘI` is
/// the university), or a central body alone (`ỦY BAN THƯỜNG VỤ QUỐC HỘI`). A
/// people's committee alone is left to the caller, which knows its levels.
fn header_issuer(texts: &[String]) -> Option<(String, Option<Locality>)> {
    let lines = header_lines(texts);
    let (body, parent) = match lines.as_slice() {
        [] => return None,
        [one] => (one.as_str(), None),
        [.., parent, body] => (body.as_str(), Some(parent.as_str())),
    };
    let fb = fold(body);
    if fb == "chinh phu" {
        // The existing reading of `CHÍNH PHỦ`.
        return None;
    }
    let parent_loc = parent.and_then(caps_locality);
    if let Some(rest) = fb.strip_prefix("uy ban nhan dan ").or_else(|| fb.strip_prefix("ubnd ")) {
        let loc = caps_locality(body)?;
        return Some((format!("UBND {} {}", level_word(&loc, rest), loc.name), Some(loc)));
    }
    let name = lexicon().central_body(body).map_or_else(|| annex::sentence_case_body(body), str::to_owned);
    match parent_loc {
        Some(loc) if caps_locality(body).is_none() => {
            let folded_parent = fold(parent.unwrap_or(""));
            let rest = folded_parent.trim_start_matches("uy ban nhan dan ").trim_start_matches("ubnd ");
            let issuer = format!("{name} {} {}", level_word(&loc, rest), loc.name);
            Some((issuer, Some(loc)))
        }
        _ => {
            let national = lexicon().central_body(body).is_some();
            let loc = national.then(|| Locality { name: "Việt Nam".to_owned(), level: Level::National });
            Some((name, loc))
        }
    }
}

/// The locality a line in capitals names: `UBND TỈNH BÌNH THUẬN` → Bình Thuận, a
/// province (the place's words take capitals, the level word does not).
fn caps_locality(line: &str) -> Option<Locality> {
    let lower = line.to_lowercase();
    let cased: Vec<String> = lower
        .split_whitespace()
        .scan(false, |in_name, w| {
            let level = matches!(w, "tỉnh" | "huyện" | "quận" | "xã" | "phường" | "thị" | "trấn" | "thành" | "phố");
            let out = if *in_name && !level { capitalize_word(w) } else { w.to_owned() };
            *in_name = *in_name || level && !matches!(w, "thị" | "thành");
            Some(out)
        })
        .collect();
    locality_in(&cased.join(" "))
}

fn capitalize_word(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The capitals of the header's left column, in order, with the motto, the number
/// and the date line cut away (a PDF line may hold both columns).
fn header_lines(texts: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A header block stands beside the motto or above the number (a workbook's
    // capitals are column titles).
    let framed = texts.iter().take(8).any(|t| {
        let f = fold(t);
        f.contains("cong hoa xa hoi chu nghia") || NUMBER.is_match(t.trim()) || f.contains(" so ")
    });
    if !framed {
        return out;
    }
    for t in texts.iter().take(8) {
        // The header block stands above the type heading.
        if lexicon().doc_type_named(t).is_some() {
            break;
        }
        for piece in left_column(t) {
            push_header_line(&mut out, piece);
        }
    }
    out
}

/// The parts of a header line that belong to the left column: a PDF line may run
/// across both (`BỘ GIÁO DỤC VÀ ĐÀO TẠO CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM ĐẠI HỌC
/// BÁCH KHOA HÀ NỘI` is the ministry, the motto, then the university), so the motto
/// is cut out and what stands on either side kept; the number and what follows it
/// go.
fn left_column(t: &str) -> Vec<&str> {
    let t = t.trim();
    // `Số: …` (not `SỞ …`): the number line and the date beside it.
    if t.starts_with("Số") || t.starts_with("SỐ") {
        return Vec::new();
    }
    let mut pieces = vec![t];
    for motto in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập", "ĐỘC LẬP"]
    {
        pieces = pieces
            .into_iter()
            .flat_map(|p| match p.find(motto) {
                // `Độc lập - Tự do - Hạnh phúc` runs to its end; the republic's name is cut alone.
                Some(i) if motto.starts_with('Đ') => vec![&p[..i]],
                Some(i) => vec![&p[..i], &p[i + motto.len()..]],
                None => vec![p],
            })
            .collect();
    }
    pieces
        .into_iter()
        .map(|p| match p.find("Số:").or_else(|| p.find("SỐ:")) {
            Some(i) => &p[..i],
            None => p,
        })
        .collect()
}

/// Keeps a header piece that is a body name in capitals; joins `ỦY BAN NHÂN DÂN` /
/// `TỈNH BÌNH THUẬN`, one name on two lines.
fn push_header_line(out: &mut Vec<String>, piece: &str) {
    let left = piece.trim().trim_matches(|c: char| c == '-' || c == '_' || c.is_whitespace());
    let is_caps = left.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !left.chars().any(char::is_lowercase);
    if !is_caps || parse_issued(left).is_some() || lexicon().doc_type_named(left).is_some() {
        return;
    }
    match out.last_mut() {
        Some(prev) if fold(prev) == "uy ban nhan dan" => {
            prev.push(' ');
            prev.push_str(left);
        }
        _ => out.push(left.to_owned()),
    }
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
            // A second list belongs to a form annexed to the document.
            if !recipients.is_empty() {
                break;
            }
            in_recipients = true;
            let rest = t.split_once(':').map_or("", |(_, r)| r).trim();
            if !rest.is_empty() {
                recipients.push(rest.to_owned());
            }
            continue;
        }
        if in_recipients {
            if let Some(r) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
                // `- UBND, Sở Tài chính cấp tỉnh; - Mặt trận Tổ quốc;`: two entries on one line.
                recipients.extend(r.split("; - ").map(str::to_owned));
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
        .map(without_titles)
        .find(|t| is_person_name(t))
        .map(str::to_owned);
    Some(Signer { name, position, authority })
}

/// `PGS.TS. Nguyễn Phong Điền` → `Nguyễn Phong Điền`.
fn without_titles(t: &str) -> &str {
    let mut rest = t.trim();
    while let Some((first, tail)) = rest.split_once(char::is_whitespace) {
        if !lexicon().is_academic_title(first) {
            break;
        }
        rest = tail.trim_start();
    }
    rest
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
