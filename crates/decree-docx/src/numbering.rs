//! `numbering.xml` and the counters that turn automatic numbering into the labels
//! a reader sees (`1.`, `1.2.`, `a)`, `II.`, `-`).
//!
//! Counters are kept per abstract numbering, so two lists (`w:num`) built on the
//! same abstract numbering continue each other as they do in Word, unless a list
//! overrides a level's start, which makes it count on its own.

use crate::styles::clamp_u8;
use crate::xml::{attr, attr_num, local, Xml};
use crate::DocxError;
use quick_xml::events::Event;
use std::collections::HashMap;

const LEVELS: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Decimal,
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    Bullet,
    None,
}

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    text: String,
    /// `w:lvlRestart`: the (1-based) level whose new item restarts this one; 0 never.
    restart: Option<u32>,
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Self { start: 1, format: Format::Decimal, text: String::new(), restart: None, legal: false }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: Vec<Option<Level>>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// Levels this list redefines or restarts (`w:lvlOverride`).
    overrides: Vec<(usize, Option<u32>, Option<Level>)>,
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
    /// Current value of each level, per counter key; `None` before first use.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
}

impl Numbering {
    pub fn parse(text: &[u8]) -> Result<Self, DocxError> {
        let mut xml = Xml::new(text, "word/numbering.xml");
        let mut out = Self::default();
        loop {
            match xml.next()? {
                Event::Start(e) if local(&e) == "abstractNum" => {
                    let id = attr(&e, "abstractNumId").unwrap_or_default().into_owned();
                    let levels = read_levels(&mut xml)?;
                    out.abstracts.insert(id, Abstract { levels });
                }
                Event::Start(e) if local(&e) == "num" => {
                    let id = attr(&e, "numId").unwrap_or_default().into_owned();
                    let num = read_num(&mut xml)?;
                    out.nums.insert(id, num);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The label of the next paragraph numbered `num_id` at `ilvl`, advancing the
    /// counters; `None` for no numbering (`numId` 0, an unknown list, format none).
    pub fn next_label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let num = self.nums.get(num_id)?;
        let abs = self.abstracts.get(&num.abstract_id)?;
        let levels: Vec<Level> = (0..LEVELS).map(|i| level_of(abs, num, i).unwrap_or_default()).collect();
        let key = if num.overrides.is_empty() { format!("a{}", num.abstract_id) } else { format!("n{num_id}") };
        let counters = self.counters.entry(key).or_insert_with(|| {
            let mut c = [None; LEVELS];
            // A start override is where this list's own count begins.
            for (i, start, _) in &num.overrides {
                if let (Some(slot), Some(s)) = (c.get_mut(*i), start) {
                    *slot = Some(s.saturating_sub(1));
                }
            }
            c
        });
        advance(counters, &levels, ilvl);
        render(counters, &levels, ilvl)
    }
}

fn level_of(abs: &Abstract, num: &Num, i: usize) -> Option<Level> {
    let over = num.overrides.iter().find(|(l, _, lvl)| *l == i && lvl.is_some()).and_then(|(_, _, lvl)| lvl.clone());
    over.or_else(|| abs.levels.get(i).cloned().flatten())
}

/// Counts one item at `ilvl` and restarts the levels below it.
fn advance(counters: &mut [Option<u32>; LEVELS], levels: &[Level], ilvl: usize) {
    let start = levels.get(ilvl).map_or(1, |l| l.start);
    if let Some(c) = counters.get_mut(ilvl) {
        *c = Some(c.map_or(start, |v| v.saturating_add(1)));
    }
    for (deeper, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
        let restart = levels.get(deeper).and_then(|l| l.restart);
        // lvlRestart names the outermost level that restarts this one (0: never).
        let restarts = match restart {
            None => true,
            Some(0) => false,
            Some(r) => (ilvl as u32) < r,
        };
        if restarts {
            *c = None;
        }
    }
}

fn render(counters: &[Option<u32>; LEVELS], levels: &[Level], ilvl: usize) -> Option<String> {
    let lvl = levels.get(ilvl)?;
    if lvl.format == Format::None && !lvl.text.contains('%') {
        return Some(lvl.text.trim().to_owned()).filter(|t| !t.is_empty());
    }
    if lvl.format == Format::Bullet {
        return Some(bullet(&lvl.text));
    }
    let mut out = String::new();
    let mut chars = lvl.text.chars().peekable();
    while let Some(ch) = chars.next() {
        let digit = chars.peek().and_then(|d| d.to_digit(10));
        match digit {
            Some(d) if ch == '%' && (1..=9).contains(&d) => {
                chars.next();
                let i = d as usize - 1;
                let l = levels.get(i).cloned().unwrap_or_default();
                let value = counters.get(i).copied().flatten().unwrap_or(l.start);
                let format = if lvl.legal { Format::Decimal } else { l.format };
                out.push_str(&format_number(value, format));
            }
            _ => out.push(ch),
        }
    }
    Some(out.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Bullets drawn from Symbol or Wingdings fonts sit in the private use area;
/// a reader sees a dot (or the dash/plus the Symbol code stands for).
fn bullet(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c as u32 {
            0xF02D => '-',
            0xF02B => '+',
            0xE000..=0xF8FF => '•',
            _ => c,
        })
        .collect();
    let t = mapped.trim();
    if t.is_empty() {
        "•".to_owned()
    } else {
        t.to_owned()
    }
}

fn format_number(n: u32, format: Format) -> String {
    match format {
        Format::DecimalZero if n < 10 => format!("0{n}"),
        Format::UpperRoman => roman(n),
        Format::LowerRoman => roman(n).to_lowercase(),
        Format::UpperLetter => letters(n),
        Format::LowerLetter => letters(n).to_lowercase(),
        Format::None | Format::Bullet => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Word's letter numbering: A..Z, then AA..ZZ, AAA.. (the letter repeated).
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".to_owned();
    }
    let idx = (n - 1) % 26;
    let times = ((n - 1) / 26 + 1).min(64) as usize;
    let ch = char::from(b'A' + idx as u8);
    std::iter::repeat_n(ch, times).collect()
}

fn read_levels(xml: &mut Xml<'_>) -> Result<Vec<Option<Level>>, DocxError> {
    let mut levels = vec![None; LEVELS];
    loop {
        match xml.next()? {
            Event::Start(e) if local(&e) == "lvl" => {
                let i = attr_num(&e, "ilvl").unwrap_or(0) as usize;
                let lvl = read_level(xml)?;
                if let Some(slot) = levels.get_mut(i) {
                    *slot = Some(lvl);
                }
            }
            Event::Start(_) => xml.skip()?,
            Event::End(_) | Event::Eof => return Ok(levels),
            _ => {}
        }
    }
}

fn read_level(xml: &mut Xml<'_>) -> Result<Level, DocxError> {
    let mut lvl = Level::default();
    loop {
        match xml.next()? {
            Event::Empty(e) => match local(&e) {
                "start" => lvl.start = attr_num(&e, "val").unwrap_or(1),
                "numFmt" => lvl.format = format_of(attr(&e, "val").as_deref().unwrap_or("")),
                "lvlText" => lvl.text = attr(&e, "val").unwrap_or_default().into_owned(),
                "lvlRestart" => lvl.restart = attr_num(&e, "val"),
                "isLgl" => lvl.legal = crate::xml::on_off(&e),
                _ => {}
            },
            Event::Start(_) => xml.skip()?,
            Event::End(_) | Event::Eof => return Ok(lvl),
            _ => {}
        }
    }
}

fn read_num(xml: &mut Xml<'_>) -> Result<Num, DocxError> {
    let mut num = Num::default();
    loop {
        match xml.next()? {
            Event::Empty(e) if local(&e) == "abstractNumId" => {
                num.abstract_id = attr(&e, "val").unwrap_or_default().into_owned();
            }
            Event::Start(e) if local(&e) == "lvlOverride" => {
                let i = usize::from(clamp_u8(attr_num(&e, "ilvl").unwrap_or(0)));
                let (start, lvl) = read_override(xml)?;
                num.overrides.push((i, start, lvl));
            }
            Event::Start(_) => xml.skip()?,
            Event::End(_) | Event::Eof => return Ok(num),
            _ => {}
        }
    }
}

fn read_override(xml: &mut Xml<'_>) -> Result<(Option<u32>, Option<Level>), DocxError> {
    let (mut start, mut lvl) = (None, None);
    loop {
        match xml.next()? {
            Event::Empty(e) if local(&e) == "startOverride" => start = attr_num(&e, "val"),
            Event::Start(e) if local(&e) == "lvl" => lvl = Some(read_level(xml)?),
            Event::Start(_) => xml.skip()?,
            Event::End(_) | Event::Eof => return Ok((start, lvl)),
            _ => {}
        }
    }
}

fn format_of(v: &str) -> Format {
    match v {
        "decimalZero" => Format::DecimalZero,
        "upperRoman" => Format::UpperRoman,
        "lowerRoman" => Format::LowerRoman,
        "upperLetter" => Format::UpperLetter,
        "lowerLetter" => Format::LowerLetter,
        "bullet" => Format::Bullet,
        "none" => Format::None,
        // decimal, and the rarer formats (ordinal, enclosed digits...) read as digits.
        _ => Format::Decimal,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="2">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%1)"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
    </w:numbering>"#;

    #[test]
    fn outline_numbering_counts_and_restarts() {
        let mut n = Numbering::parse(XML.as_bytes()).unwrap();
        let mut next = |lvl| n.next_label("1", lvl).unwrap();
        assert_eq!(next(0), "I.");
        assert_eq!(next(1), "1.");
        assert_eq!(next(2), "1.1.");
        assert_eq!(next(2), "1.2.");
        assert_eq!(next(3), "a)");
        assert_eq!(next(3), "b)");
        assert_eq!(next(1), "2.");
        assert_eq!(next(3), "a)");
        assert_eq!(next(0), "II.");
        assert_eq!(next(1), "1.");
    }

    #[test]
    fn bullets_and_overrides() {
        let mut n = Numbering::parse(XML.as_bytes()).unwrap();
        assert_eq!(n.next_label("2", 0).as_deref(), Some("•"));
        assert_eq!(n.next_label("2", 1).as_deref(), Some("-"));
        assert_eq!(n.next_label("3", 0).as_deref(), Some("(1)"));
        assert_eq!(n.next_label("3", 0).as_deref(), Some("(2)"));
        // Same abstract list, no override: continues.
        assert_eq!(n.next_label("5", 0).as_deref(), Some("(3)"));
        // A start override counts on its own.
        assert_eq!(n.next_label("4", 0).as_deref(), Some("(5)"));
        assert_eq!(n.next_label("0", 0), None);
        assert_eq!(n.next_label("99", 0), None);
    }

    #[test]
    fn number_formats() {
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(letters(1), "A");
        assert_eq!(letters(27), "AA");
        assert_eq!(format_number(7, Format::DecimalZero), "07");
    }
}
