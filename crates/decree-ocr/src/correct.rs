//! Vietnamese syllables: the inventory (data/vi-syllables.txt, generated from
//! the orthography by scripts/make-syllables, counts from the seeds), telling a
//! garbage text layer, and snapping OCR's misread syllables and body names.

use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

const SYLLABLES: &str = include_str!("../../../data/vi-syllables.txt");
const AGENCIES: &str = include_str!("../../../data/agencies.json");

struct Inventory {
    /// Syllable → count in the seeds.
    count: HashMap<String, u32>,
    /// Letters without tone and vowel marks (`đ` kept as `d`) → syllables.
    by_skeleton: HashMap<String, Vec<String>>,
}

static INVENTORY: LazyLock<Inventory> = LazyLock::new(|| {
    let mut count = HashMap::new();
    let mut by_skeleton: HashMap<String, Vec<String>> = HashMap::new();
    for line in SYLLABLES.lines() {
        let mut f = line.split('\t');
        let Some(s) = f.next().filter(|s| !s.is_empty()) else { continue };
        count.insert(s.to_owned(), f.next().and_then(|n| n.parse().ok()).unwrap_or(0));
        by_skeleton.entry(skeleton(s)).or_default().push(s.to_owned());
    }
    Inventory { count, by_skeleton }
});

/// Body names of the gazetteer as syllable lists, with their skeletons.
static BODIES: LazyLock<Vec<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
    let names = body_names(AGENCIES);
    names
        .into_iter()
        .map(|n| {
            let words: Vec<String> = n.split_whitespace().map(str::to_owned).collect();
            let skel = words.iter().map(|w| skeleton(&w.to_lowercase())).collect();
            (words, skel)
        })
        .filter(|(w, _)| w.len() >= 3)
        .collect()
});

fn body_names(json: &str) -> Vec<String> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else { return Vec::new() };
    let mut out = Vec::new();
    for a in v.get("agencies").and_then(|a| a.as_array()).into_iter().flatten() {
        out.extend(a.get("name").and_then(|n| n.as_str()).map(str::to_owned));
        for alias in a.get("aliases").and_then(|n| n.as_array()).into_iter().flatten() {
            out.extend(alias.as_str().map(str::to_owned));
        }
    }
    out
}

/// Letters with every mark removed (`đ` → `d`).
pub fn skeleton(s: &str) -> String {
    s.nfd().filter(|c| !is_mark(*c)).map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c }).collect()
}

fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x300..=0x36F)
}

pub fn is_syllable(lower: &str) -> bool {
    INVENTORY.count.contains_key(lower)
}

/// Whether a text layer is too broken to keep: fewer than 3 in 4 of its
/// words are Vietnamese syllables (`BOYTE`, `QUYETDINH`, `B O HI M`), or
/// almost none carries a mark (every diacritic lost).
pub fn is_garbage(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| w.nfc().collect::<String>().to_lowercase())
        .collect();
    if words.len() < 20 {
        return false;
    }
    let valid = words.iter().filter(|w| is_syllable(w)).count();
    let marked = words.iter().filter(|w| skeleton(w) != **w).count();
    (valid as f64) < 0.75 * words.len() as f64 || (words.len() >= 50 && (marked as f64) < 0.15 * words.len() as f64)
}

/// How far two spellings of one skeleton are: marks that differ, letter by letter.
fn distance(a: &str, b: &str) -> usize {
    let marks = |s: &str| -> Vec<Vec<char>> {
        let mut out: Vec<Vec<char>> = Vec::new();
        for c in s.nfd() {
            match out.last_mut() {
                Some(last) if is_mark(c) => last.push(c),
                _ => out.push(vec![if c == 'đ' { 'x' } else { '-' }]),
            }
        }
        out
    };
    let (ma, mb) = (marks(a), marks(b));
    ma.iter()
        .zip(&mb)
        .map(|(x, y)| {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.sort_unstable();
            y.sort_unstable();
            x.iter().filter(|c| !y.contains(c)).count() + y.iter().filter(|c| !x.contains(c)).count()
        })
        .sum()
}

/// The valid syllable nearest a word that is not one, by OCR's mark confusions.
/// `None` when the word is fine, not a word (digits, abbreviations), or no
/// single syllable is nearest.
pub fn snap(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    // A syllable the orthography allows but the seeds never use (`nầng`) is
    // suspect: it yields to a common one a single mark away.
    let own = INVENTORY.count.get(&lower).copied();
    if own.is_some_and(|c| c > 0) || !word.chars().all(char::is_alphabetic) || word.chars().count() > 7 {
        return None;
    }
    let upper = word.chars().all(|c| !c.is_lowercase());
    if upper && skeleton(word) == word {
        return None; // BHYT, UBND: abbreviations keep their letters
    }
    let candidates = INVENTORY.by_skeleton.get(&skeleton(&lower))?;
    let inv = &*INVENTORY;
    let key = |s: &String| (distance(&lower, s), std::cmp::Reverse(inv.count.get(s).copied().unwrap_or(0)));
    let others = || candidates.iter().filter(|s| **s != lower);
    let best = others().min_by_key(|s| key(s))?;
    let (d, c) = key(best);
    let tied = others().filter(|s| key(s) == (d, c)).count();
    if d > 3 || tied > 1 || (own.is_some() && (d > 1 || c.0 < 20)) {
        return None;
    }
    Some(match_case(word, best))
}

fn match_case(like: &str, s: &str) -> String {
    if like.chars().all(|c| !c.is_lowercase()) {
        return s.to_uppercase();
    }
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 0 && like.chars().next().is_some_and(char::is_uppercase) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Corrects one word, keeping punctuation around it.
pub fn correct_word(word: &str) -> String {
    let word: String = word.nfc().collect();
    let start = word.find(char::is_alphanumeric).unwrap_or(word.len());
    let end =
        word.rfind(char::is_alphanumeric).map_or(start, |i| i + word[i..].chars().next().map_or(1, char::len_utf8));
    if start >= end {
        return word;
    }
    match snap(&word[start..end]) {
        Some(fixed) => format!("{}{fixed}{}", &word[..start], &word[end..]),
        None => word,
    }
}

/// Snaps runs of words that spell a gazetteer body name but for marks.
pub fn snap_bodies(words: &mut [String]) {
    let skel: Vec<String> = words.iter().map(|w| skeleton(&w.to_lowercase())).collect();
    for (name, name_skel) in BODIES.iter() {
        let n = name.len();
        for i in 0..words.len().saturating_sub(n - 1) {
            if skel[i..i + n] != name_skel[..] {
                continue;
            }
            for (w, right) in words[i..i + n].iter_mut().zip(name) {
                if w.to_lowercase() != right.to_lowercase() && w.chars().all(char::is_alphabetic) {
                    *w = match_case(w, right);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inventory_knows_common_syllables_and_not_garbage() {
        for s in ["tỉnh", "nâng", "quyết", "định", "nghiệp", "khuyến", "hoà", "hòa", "thuý", "giữ", "quốc"]
        {
            assert!(is_syllable(s), "{s}");
        }
        for s in ["boyte", "quyetdinh", "tịnh̃", "bl"] {
            assert!(!is_syllable(s), "{s}");
        }
    }

    #[test]
    fn broken_text_layers_are_garbage_and_real_text_is_not() {
        let lost = "B O HI M XÃ H I VI T NAM C NG HÒA XÃ H I CH NGH A VI T NAM c l p T do H nh phúc \
                    S : /BHXH-CSYT V/v th c hi n ch ng trình B o hi m y t n m ";
        assert!(is_garbage(lost));
        let garbled = "BOYTE CONG HOA XA HOI CHU NGHIA VIETNAM QUYETDINH Ve viec ban hanh Huong dan \
                       BOTRUONG BOYTE Can cu Nghi dinh so ngay cua Chinh phu quy dinh chuc nang nhiem vu \
                       quyen han va co cau to chuc cua BoYte Xet de nghi cua Cuc truong";
        assert!(is_garbage(garbled));
        let good = "Căn cứ Nghị định số 95/2022/NĐ-CP ngày 15 tháng 11 năm 2022 của Chính phủ quy định \
                    chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Y tế; Theo đề nghị của Vụ \
                    trưởng Vụ Bảo hiểm y tế.";
        assert!(!is_garbage(good));
    }

    #[test]
    fn misread_marks_snap_to_the_nearest_syllable() {
        assert_eq!(correct_word("nầng"), "nâng");
        assert_eq!(correct_word("(thựcc"), "(thựcc");
        assert_eq!(correct_word("BHYT"), "BHYT");
        assert_eq!(correct_word("2023;"), "2023;");
        assert_eq!(correct_word("tính,"), "tính,");
    }

    #[test]
    fn body_names_snap_to_the_gazetteer() {
        let mut w: Vec<String> = "gửi Uy ban nhân dan tinh Bình".split(' ').map(str::to_owned).collect();
        snap_bodies(&mut w);
        assert_eq!(w.join(" "), "gửi Ủy ban nhân dân tỉnh Bình");
    }
}
