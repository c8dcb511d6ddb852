//! Agency cells to one entry per body.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{clean_text, re};

/// Line and paragraph breaks, which separate bodies; `clean_text` would join them.
static HARD_BREAK: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\r\n|\r|\n|<br\s*/?>|</?(?:p|li|div|tr)\b[^<>]*>"));

/// Head nouns that open the name of a body (lowercase; both tone placements), with the key
/// that tells one head from another when a head repeats.
const HEADS: &[(&str, &str)] = &[
    ("ủy ban nhân dân", "ubnd"),
    ("uỷ ban nhân dân", "ubnd"),
    ("ubnd", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("hđnd", "hđnd"),
    ("ủy ban", "ủy ban"),
    ("uỷ ban", "ủy ban"),
    ("mttq", "mttq"),
    ("mặt trận", "mặt trận"),
    ("văn phòng", "văn phòng"),
    ("công an", "công an"),
    ("thanh tra", "thanh tra"),
    ("bảo hiểm", "bảo hiểm"),
    ("chi cục", "chi cục"),
    ("cục", "cục"),
    ("tòa án", "tòa án"),
    ("toà án", "tòa án"),
    ("viện", "viện"),
    ("kho bạc", "kho bạc"),
    ("ngân hàng", "ngân hàng"),
    ("liên đoàn", "liên đoàn"),
    ("hiệp hội", "hiệp hội"),
    ("hội", "hội"),
    ("trung tâm", "trung tâm"),
    ("tổ", "tổ"),
    ("tỉnh đoàn", "tỉnh đoàn"),
    ("thành đoàn", "thành đoàn"),
    ("đoàn", "đoàn"),
    ("bộ chỉ huy", "bộ chỉ huy"),
    ("bộ", "bộ"),
    ("trường", "trường"),
    ("bưu điện", "bưu điện"),
    ("hải quan", "hải quan"),
    ("điện lực", "điện lực"),
    ("công ty", "công ty"),
    ("chi nhánh", "chi nhánh"),
    ("cảnh sát", "cảnh sát"),
    ("huyện ủy", "huyện ủy"),
    ("huyện uỷ", "huyện ủy"),
    ("tỉnh ủy", "tỉnh ủy"),
    ("tỉnh uỷ", "tỉnh ủy"),
    ("thị ủy", "thị ủy"),
    ("thị uỷ", "thị ủy"),
    ("thành ủy", "thành ủy"),
    ("thành uỷ", "thành ủy"),
    ("đảng ủy", "đảng ủy"),
    ("đảng uỷ", "đảng ủy"),
    ("công chức", "công chức"),
    ("đài", "đài"),
    ("báo", "báo"),
    ("sở", "sở"),
    ("ban", "ban"),
    ("phòng", "phòng"),
];

/// One-word heads that are also common nouns: alone, or before a word like "ngành", they
/// belong to a collective ("Các Sở, Ban, Ngành") rather than name a body.
const BARE: &[&str] = &["sở", "ban", "phòng", "cục", "tổ", "đoàn", "bộ", "hội", "viện", "đài", "báo", "trường"];
const GENERIC_NEXT: &[&str] =
    &["ngành", "ban", "sở", "phòng", "đơn", "địa", "cơ", "và", "các", "hoặc", "có", "liên", "trực", "thuộc"];
/// Head + next word that is not a body ("Tổ chức", "Báo cáo").
const NOT_BODIES: &[&str] = &[
    "tổ chức",
    "tổ quốc",
    "báo cáo",
    "ban hành",
    "hội nghị",
    "hội thảo",
    "trường hợp",
    "phòng chống",
    "phòng ngừa",
    "sở hữu",
    "bộ máy",
    "đoàn kết",
];
/// After a bullet dash, these open a new entry too.
const COLLECTIVES: &[&str] = &[
    "các ",
    "cơ quan",
    "đơn vị",
    "thôn",
    "khu phố",
    "ấp ",
    "người đứng đầu",
    "lãnh đạo",
    "thủ trưởng",
    "chủ tịch",
    "doanh nghiệp",
];
/// Words after which a repeated head belongs to the same name ("Văn phòng HĐND và UBND").
const CONNECTORS: &[&str] = &["của", "thuộc", "và", "với", "cho", "tại", "trực", "hoặc", "&", "/"];
const LEVELS: &[&str] =
    &["huyện", "xã", "tỉnh", "phường", "thị xã", "thị trấn", "thành phố", "cơ sở", "trung ương", "khu phố"];

fn lower_prefix(s: &str, chars: usize) -> String {
    s.chars().take(chars).collect::<String>().to_lowercase()
}

fn first_word(s: &str) -> &str {
    s.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("")
}

/// The key of the head noun `s` opens with, when `s` (capitalised) names a new body.
fn body_head(s: &str) -> Option<&'static str> {
    if !s.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let low = lower_prefix(s, 40);
    let (head, key) = HEADS
        .iter()
        .filter(|(h, _)| low.starts_with(h) && !low[h.len()..].starts_with(char::is_alphanumeric))
        .max_by_key(|(h, _)| h.len())?;
    let rest = low[head.len()..].trim_start();
    let next = first_word(rest);
    if NOT_BODIES.iter().any(|nb| low.starts_with(nb) && !low[nb.len()..].starts_with(char::is_alphanumeric)) {
        return None;
    }
    if BARE.contains(head) && (next.is_empty() || GENERIC_NEXT.contains(&next)) {
        return None;
    }
    Some(key)
}

/// What a bullet dash may introduce: a body or a capitalised collective ("Các sở, ngành").
fn opens_entry(s: &str) -> bool {
    let capital = s.chars().next().is_some_and(char::is_uppercase);
    body_head(s).is_some() || (capital && COLLECTIVES.iter().any(|c| lower_prefix(s, 30).starts_with(c)))
}

fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Byte offsets of characters outside brackets; when the brackets do not balance they are
/// ignored, so one stray "(" cannot glue a whole cell together.
fn top_level(text: &str) -> Vec<(usize, char)> {
    let mut depth = 0i32;
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ if depth == 0 => out.push((i, c)),
            _ => {}
        }
        if depth < 0 {
            break;
        }
    }
    if depth != 0 {
        return text.char_indices().collect();
    }
    out
}

/// Cuts `text` before each offset in `cuts`, dropping `skip` bytes (the marker) there.
fn cut_at(text: &str, cuts: &[(usize, usize)]) -> Vec<String> {
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for &(at, skip) in cuts {
        if let Some(piece) = text.get(start..at) {
            out.push(piece.to_string());
        }
        start = at + skip;
    }
    out.push(text.get(start..).unwrap_or("").to_string());
    out
}

/// A bullet dash: after whitespace (or at the start), before an entry. "Sở Lao động -
/// Thương binh và Xã hội" and "Văn phòng HĐND - UBND" are names, not lists.
fn is_bullet_dash(text: &str, i: usize, c: char) -> bool {
    let before = &text[..i];
    if !matches!(c, '-' | '–' | '—') || !(before.is_empty() || before.ends_with(char::is_whitespace)) {
        return false;
    }
    let after = text[i + c.len_utf8()..].trim_start();
    if before.trim().is_empty() {
        return true;
    }
    let prev_word = before.split_whitespace().next_back().unwrap_or("");
    opens_entry(after) && !(is_acronym(prev_word) && is_acronym(first_word(after)))
}

/// Splits at ";", "•", "+ " bullets and bullet dashes, outside brackets.
fn split_list(text: &str) -> Vec<String> {
    let mut cuts = Vec::new();
    for (i, c) in top_level(text) {
        let before_ws = text[..i].is_empty() || text[..i].ends_with(char::is_whitespace);
        let after_ws = text[i + c.len_utf8()..].starts_with(char::is_whitespace);
        let bullet = match c {
            ';' | '•' | '●' | '▪' => true,
            '+' => before_ws && after_ws,
            _ => is_bullet_dash(text, i, c),
        };
        if bullet {
            cuts.push((i, c.len_utf8()));
        }
    }
    cut_at(text, &cuts)
}

/// "UBND cấp huyện" + "cấp xã" gives the head "UBND" for "UBND cấp xã".
fn level_head<'a>(previous: &'a str, piece: &str) -> Option<&'a str> {
    // A body name is short; a long run of text is not a head to repeat.
    if previous.len() > 300 {
        return None;
    }
    let rest = lower_prefix(piece, 20);
    let rest = rest.strip_prefix("cấp ")?;
    if !LEVELS.iter().any(|l| rest.starts_with(l) && !rest[l.len()..].starts_with(char::is_alphanumeric)) {
        return None;
    }
    let at = previous.rfind(" cấp ")?;
    Some(previous[..at].trim()).filter(|h| !h.is_empty())
}

/// Splits at commas where the next part names a new body (or a level under the same head).
fn split_commas(text: &str) -> Vec<String> {
    let cuts: Vec<(usize, usize)> =
        top_level(text).into_iter().filter(|(_, c)| *c == ',').map(|(i, _)| (i, 1)).collect();
    let mut parts: Vec<String> = Vec::new();
    for piece in cut_at(text, &cuts) {
        let t = piece.trim_start();
        let unjoined = t.strip_prefix("và ").or_else(|| t.strip_prefix("hoặc ")).map(str::trim_start);
        let level = parts.last().and_then(|prev| level_head(prev, t)).map(|h| format!("{h} {t}"));
        match parts.last_mut() {
            None => parts.push(piece),
            Some(_) if unjoined.is_some_and(|r| body_head(r).is_some()) => {
                parts.push(unjoined.unwrap_or(t).to_string());
            }
            Some(_) if body_head(t).is_some() => parts.push(t.to_string()),
            // `Hội đồng Dân tộc, các Ủy ban khác của Quốc hội`: a lowercase `các` before a
            // capitalised body opens a new entry.
            Some(_) if t.strip_prefix("các ").is_some_and(|r| body_head(r).is_some()) => parts.push(t.to_string()),
            Some(_) if level.is_some() => parts.extend(level),
            Some(prev) => {
                prev.push(',');
                prev.push_str(&piece);
            }
        }
    }
    parts
}

/// Splits where the opening head repeats without a comma: "UBND cấp huyện UBND cấp xã".
fn split_repeated_head(text: &str) -> Vec<String> {
    let t = text.trim();
    let Some(key) = body_head(t) else {
        return vec![t.to_string()];
    };
    let mut cuts = Vec::new();
    for (i, _) in top_level(t).into_iter().skip(1) {
        let before = &t[..i];
        let prev_word = before.split_whitespace().last().unwrap_or("").to_lowercase();
        let at_word = before.ends_with(char::is_whitespace);
        if at_word && !CONNECTORS.contains(&prev_word.as_str()) && body_head(&t[i..]) == Some(key) {
            cuts.push((i, 0));
        }
    }
    cut_at(t, &cuts)
}

/// Trims bullets and punctuation; drops entries that are only a connector.
fn tidy(entry: &str) -> Option<String> {
    let strip = |c: char| c.is_whitespace() || ",;.:-–—•+*".contains(c);
    let mut t = entry.trim_matches(strip);
    // "; và Sở Tư pháp": the connector goes, but a wrapped fragment "và Môi trường" stays.
    for connector in ["và ", "Và ", "hoặc ", "Hoặc "] {
        if let Some(rest) = t.strip_prefix(connector).filter(|r| body_head(r.trim_start()).is_some()) {
            t = rest.trim_start();
        }
    }
    let folded = crate::fold(t);
    let filler = ["", "va", "hoac", "cac", "va cac", "khac", "cung"];
    (!filler.contains(&folded.as_str())).then(|| t.to_string())
}

/// One entry per body named in a lead/support cell.
///
/// Splits at line breaks (and `<br>`, `<p>`, `<li>`), `;`, `•`, `+ ` bullets, and a
/// bullet dash (`- `) before a body or a capitalised collective; at a comma only when the
/// next part is a capitalised head noun naming a body (`Sở`, `UBND`, `Ban Quản lý`, ...,
/// but not a bare `Ban`/`Sở` inside "Các Sở, Ban, Ngành") or a level after a part with
/// "cấp" (`UBND cấp huyện, cấp xã` gives two, the head repeated); and where the opening
/// head repeats with no comma. Never inside brackets, never at " và ". A "/" keeps
/// alternatives as one entry (`Phòng Kinh tế hạ tầng/Phòng Kinh tế`).
pub fn split_agencies(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in HARD_BREAK.split(raw) {
        let text = clean_text(line);
        for item in split_list(&text) {
            for part in split_commas(&item) {
                out.extend(split_repeated_head(&part).iter().filter_map(|e| tidy(e)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn check(raw: &str, expected: &[&str]) {
        assert_eq!(split_agencies(raw), expected, "{raw:?}");
    }

    #[test]
    fn seed_000_lists() {
        check(
            "- Tổ Kiểm tra công vụ; - Sở Nội vụ; Thanh tra tỉnh",
            &["Tổ Kiểm tra công vụ", "Sở Nội vụ", "Thanh tra tỉnh"],
        );
        check("- Văn phòng UBND tỉnh; - Sở Tư pháp", &["Văn phòng UBND tỉnh", "Sở Tư pháp"]);
        check(
            "Ban Quản lý Khu kinh tế; Ban Bồi thường Giải phóng mặt bằng tỉnh; Ban quản lý dự án giao thông; Ban quản lý dự án nông nghiệp và Phát triển nông thôn",
            &[
                "Ban Quản lý Khu kinh tế",
                "Ban Bồi thường Giải phóng mặt bằng tỉnh",
                "Ban quản lý dự án giao thông",
                "Ban quản lý dự án nông nghiệp và Phát triển nông thôn",
            ],
        );
        check(
            "- Các sở, ban ngành, đơn vị thuộc và trực thuộc UBND tỉnh; - Các cơ quan trung ương trên địa bàn tỉnh",
            &["Các sở, ban ngành, đơn vị thuộc và trực thuộc UBND tỉnh", "Các cơ quan trung ương trên địa bàn tỉnh"],
        );
        check(
            "Sở Thông tin và Truyền thông; - Văn phòng UBND tỉnh",
            &["Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"],
        );
        check(
            "- Thanh tra tỉnh; Các sở, ngành; - UBND các huyện, thị xã, thành phố",
            &["Thanh tra tỉnh", "Các sở, ngành", "UBND các huyện, thị xã, thành phố"],
        );
        check("- Sở Nội vụ - Văn phòng UBND tỉnh", &["Sở Nội vụ", "Văn phòng UBND tỉnh"]);
        check("- Các sở, ban, ngành - UBND cấp huyện,", &["Các sở, ban, ngành", "UBND cấp huyện"]);
        check("Văn phòng HĐND & UBND; Thanh tra", &["Văn phòng HĐND & UBND", "Thanh tra"]);
        check("Văn phòng HĐND&UBND;", &["Văn phòng HĐND&UBND"]);
        check(
            "Bru điện; các cơ quan, đơn vị, địa phương có liên quan",
            &["Bru điện", "các cơ quan, đơn vị, địa phương có liên quan"],
        );
        check("Cục Thuế; Cục Hải quan", &["Cục Thuế", "Cục Hải quan"]);
    }

    #[test]
    fn seed_000_markup() {
        check(
            r#"<ul style="list-style-type: none"> - Sở Thông tin và Truyền thông; - Các sở, ban, ngành - UBND các huyện, thị xã, thành phố </ul>"#,
            &["Sở Thông tin và Truyền thông", "Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
        );
        check(
            r#"<ul style="list-style-type: none"> - Các sở, ban, ngành, Ban Quản lý Khu kinh tế tỉnh - UBND các huyện, thị xã, thành phố </ul>"#,
            &["Các sở, ban, ngành", "Ban Quản lý Khu kinh tế tỉnh", "UBND các huyện, thị xã, thành phố"],
        );
        check("<p>Phòng Lao động, Thương binh và Xã hội</p>", &["Phòng Lao động, Thương binh và Xã hội"]);
        check("<p>Sở Nội vụ</p><p>Sở Tư pháp</p>", &["Sở Nội vụ", "Sở Tư pháp"]);
        check("Sở Nội vụ\nSở Tư pháp", &["Sở Nội vụ", "Sở Tư pháp"]);
        check("Sở Nội vụ<br/>- Sở Tư pháp", &["Sở Nội vụ", "Sở Tư pháp"]);
    }

    #[test]
    fn commas() {
        check("Sở Tư pháp, Sở Nội vụ", &["Sở Tư pháp", "Sở Nội vụ"]);
        check(
            "Các sở, ban, ngành, UBND các huyện, thị xã, thành phố",
            &["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
        );
        check("UBND các xã, phường, thị trấn, Ban QLDAĐTĐ", &["UBND các xã, phường, thị trấn", "Ban QLDAĐTĐ"]);
        check(
            "Đảng ủy, HĐND, Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị xã hội cấp xã",
            &["Đảng ủy", "HĐND", "Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị xã hội cấp xã"],
        );
        check("HĐND, MTTQ và các đoàn thể chính trị - xã hội", &["HĐND", "MTTQ và các đoàn thể chính trị - xã hội"]);
        check(
            "Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình tỉnh, Báo Bình Định",
            &["Sở Thông tin và Truyền thông", "Đài Phát thanh và Truyền hình tỉnh", "Báo Bình Định"],
        );
        check("Sở Nội vụ, và Sở Tư pháp", &["Sở Nội vụ", "Sở Tư pháp"]);
        check("Hội đồng Dân tộc, các Ủy ban khác của Quốc hội", &["Hội đồng Dân tộc", "các Ủy ban khác của Quốc hội"]);
        check("Công an tỉnh, Bảo hiểm xã hội tỉnh", &["Công an tỉnh", "Bảo hiểm xã hội tỉnh"]);
        check(
            "Ủy ban nhân dân tỉnh, Uỷ ban MTTQ Việt Nam tỉnh",
            &["Ủy ban nhân dân tỉnh", "Uỷ ban MTTQ Việt Nam tỉnh"],
        );
    }

    #[test]
    fn kept_whole() {
        for one in [
            "Sở Lao động, Thương binh và Xã hội",
            "Sở Lao động - Thương binh và Xã hội",
            "Phòng Tài chính - Kế hoạch",
            "Các sở, ban, ngành",
            "Các Sở, Ban, Ngành",
            "Các sở, ban ngành",
            "UBND các huyện, thị xã, thành phố",
            "Các tổ chức, cơ quan, đơn vị có liên quan",
            "Các sở, ngành, cơ quan có liên quan",
            "Công an xã, phường, thị trấn",
            "Các phòng chuyên môn, cơ quan có liên quan",
            "Phòng Kinh tế hạ tầng/Phòng Kinh tế",
            "Trung tâm Văn hóa-Thể thao",
            "Văn phòng HĐND - UBND tỉnh",
            "Tổ công tác của Chủ tịch UBND tỉnh",
            "Văn phòng - thống kê",
            "Sở Nội vụ và Sở Tư pháp",
            "Các công chức có liên quan (Tư pháp - hộ tịch; Văn hoá - xã hội; Kế toán - ngân sách...)",
            "Các tổ chức chính trị - xã hội, các cơ quan, đơn vị, khu phố",
        ] {
            check(one, &[one]);
        }
    }

    #[test]
    fn levels_and_repeats() {
        check("UBND cấp huyện, cấp xã", &["UBND cấp huyện", "UBND cấp xã"]);
        check("UBND cấp huyện UBND cấp xã", &["UBND cấp huyện", "UBND cấp xã"]);
        check("Công an cấp tỉnh, cấp huyện, cấp xã", &["Công an cấp tỉnh", "Công an cấp huyện", "Công an cấp xã"]);
        check("Ủy ban nhân dân cấp huyện, cấp xã", &["Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp xã"]);
        check("Sở Nội vụ Sở Tư pháp", &["Sở Nội vụ", "Sở Tư pháp"]);
        check("Các sở, ngành, cấp huyện", &["Các sở, ngành, cấp huyện"]);
    }

    #[test]
    fn seed_002_cells() {
        check("Công chức VPTK", &["Công chức VPTK"]);
        check("Các công chức; đơn vị có liên quan", &["Các công chức", "đơn vị có liên quan"]);
        check(
            "Các công chức khác; các tổ chức, cơ quan, đơn vị, khu phố có liên quan",
            &["Các công chức khác", "các tổ chức, cơ quan, đơn vị, khu phố có liên quan"],
        );
        check(
            "Các công chức khác; bưu điện; các tổ chức, cơ quan, đơn vị có liên quan",
            &["Các công chức khác", "bưu điện", "các tổ chức, cơ quan, đơn vị có liên quan"],
        );
        check(
            "Các công chức khác; các tổ chức, cơ quan, đơn vị, khu phố có liên quan; Công an phường",
            &["Các công chức khác", "các tổ chức, cơ quan, đơn vị, khu phố có liên quan", "Công an phường"],
        );
        check("<b>Các công chức có liên quan</b>", &["Các công chức có liên quan"]);
        check(
            "Các công chức; các tổ chức, đơn vị có liên quan",
            &["Các công chức", "các tổ chức, đơn vị có liên quan"],
        );
    }

    #[test]
    fn cleanup() {
        check("", &[]);
        check(" ; - ; và ", &[]);
        check("• Sở Y tế • Sở Xây dựng", &["Sở Y tế", "Sở Xây dựng"]);
        check("+ Sở Y tế + Sở Xây dựng.", &["Sở Y tế", "Sở Xây dựng"]);
        check("-Sở Tài chính;", &["Sở Tài chính"]);
        check("Sở Nội vụ; và Sở Tư pháp", &["Sở Nội vụ", "Sở Tư pháp"]);
        check("và Môi trường", &["và Môi trường"]);
        check("Sở Nội vụ (chủ trì, Sở Tư pháp", &["Sở Nội vụ (chủ trì", "Sở Tư pháp"]);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            for entry in split_agencies(&s) {
                prop_assert!(!entry.is_empty());
            }
        }

        #[test]
        fn never_panics_listlike(s in "(Sở |UBND |cấp |huyện|xã|, |; |- |\\(|\\)|và |Các |•|\\+ |[A-Za-zĐđỦủ ]){0,30}") {
            for entry in split_agencies(&s) {
                prop_assert_eq!(entry.trim(), entry.as_str());
            }
        }
    }
}
