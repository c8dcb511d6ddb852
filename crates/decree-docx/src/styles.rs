//! `styles.xml`: what a paragraph or character style says about headings,
//! numbering and bold, with `basedOn` inheritance resolved once up front.

use crate::xml::{attr, attr_num, local, on_off, Xml};
use crate::DocxError;
use quick_xml::events::Event;
use std::collections::HashMap;

/// A numbering reference: `w:numId` and `w:ilvl`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NumRef {
    pub num_id: Option<String>,
    pub ilvl: Option<u8>,
}

/// One style as written, before inheritance.
#[derive(Debug, Clone, Default)]
struct RawStyle {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: NumRef,
    bold: Option<bool>,
}

/// A style with inheritance applied.
#[derive(Debug, Clone, Default)]
pub(crate) struct Style {
    /// 1-based heading level: `heading N` styles and styles with an outline level.
    pub heading: Option<u8>,
    pub num: NumRef,
    pub bold: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    /// The paragraph style of paragraphs that name none (`Normal`).
    default_paragraph: Option<String>,
}

impl Styles {
    pub fn get(&self, id: Option<&str>) -> Option<&Style> {
        let id = id.or(self.default_paragraph.as_deref())?;
        self.styles.get(id)
    }

    /// A style by id exactly (character styles: no default applies).
    pub fn by_id(&self, id: &str) -> Option<&Style> {
        self.styles.get(id)
    }

    pub fn parse(text: &[u8]) -> Result<Self, DocxError> {
        let mut xml = Xml::new(text, "word/styles.xml");
        let mut raw: HashMap<String, RawStyle> = HashMap::new();
        let mut default_paragraph = None;
        loop {
            match xml.next()? {
                Event::Start(e) if local(&e) == "style" => {
                    let id = attr(&e, "styleId").unwrap_or_default().into_owned();
                    let paragraph = attr(&e, "type").as_deref() == Some("paragraph");
                    if paragraph && attr(&e, "default").is_some_and(|v| v == "1" || v == "true") {
                        default_paragraph = Some(id.clone());
                    }
                    let style = read_style(&mut xml)?;
                    raw.insert(id, style);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let styles = raw.keys().map(|id| (id.clone(), resolve(&raw, id))).collect();
        Ok(Self { styles, default_paragraph })
    }
}

fn read_style(xml: &mut Xml<'_>) -> Result<RawStyle, DocxError> {
    let mut s = RawStyle::default();
    let mut section = "";
    loop {
        match xml.next()? {
            Event::Start(e) => match local(&e) {
                "pPr" => section = "pPr",
                "rPr" => section = "rPr",
                "numPr" => {}
                // Table-style conditional formats and the like are not ours.
                _ => xml.skip()?,
            },
            Event::Empty(e) => {
                let v = || attr(&e, "val").map(|v| v.into_owned());
                match (section, local(&e)) {
                    (_, "name") => s.name = v().unwrap_or_default().to_lowercase(),
                    (_, "basedOn") => s.based_on = v(),
                    ("pPr", "outlineLvl") => s.outline = attr_num(&e, "val").map(clamp_u8),
                    ("pPr", "numId") => s.num.num_id = v(),
                    ("pPr", "ilvl") => s.num.ilvl = attr_num(&e, "val").map(clamp_u8),
                    ("rPr", "b") => s.bold = Some(on_off(&e)),
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "pPr" | "rPr" => section = "",
                "numPr" => {}
                _ => return Ok(s),
            },
            Event::Eof => return Ok(s),
            _ => {}
        }
    }
}

pub(crate) fn clamp_u8(n: u32) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// Walks `basedOn` (at most 16 steps: chains are short, cycles are possible).
fn resolve(raw: &HashMap<String, RawStyle>, id: &str) -> Style {
    let mut out = Style::default();
    let (mut heading, mut outline, mut bold) = (None, None, None);
    let mut num = NumRef::default();
    let mut cur = raw.get(id);
    for _ in 0..16 {
        let Some(s) = cur else { break };
        heading = heading.or_else(|| heading_level(&s.name));
        outline = outline.or(s.outline);
        bold = bold.or(s.bold);
        num.num_id = num.num_id.or_else(|| s.num.num_id.clone());
        num.ilvl = num.ilvl.or(s.num.ilvl);
        cur = s.based_on.as_deref().and_then(|b| raw.get(b));
    }
    // Outline level 9 is "body text"; 0-8 are levels 1-9.
    out.heading = heading.or_else(|| outline.filter(|&o| o < 9).map(|o| o + 1));
    out.num = num;
    out.bold = bold.unwrap_or(false);
    out
}

/// `heading 3` → 3 (Word stores built-in style names in English whatever the UI language).
fn heading_level(name: &str) -> Option<u8> {
    let n: u8 = name.strip_prefix("heading ")?.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="u1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
        <w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Mine"/><w:basedOn w:val="u1"/>
        <w:rPr><w:b w:val="0"/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Outl"><w:name w:val="Outl"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Bul"><w:name w:val="Bul"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
      <w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>
    </w:styles>"#;

    #[test]
    fn headings_numbering_and_bold_are_inherited() {
        let s = Styles::parse(XML.as_bytes()).unwrap();
        let h = s.get(Some("u1")).unwrap();
        assert_eq!((h.heading, h.bold), (Some(1), true));
        let mine = s.get(Some("Mine")).unwrap();
        assert_eq!((mine.heading, mine.bold), (Some(1), false));
        assert_eq!(s.get(Some("Outl")).unwrap().heading, Some(3));
        assert_eq!(s.get(Some("Bul")).unwrap().num.num_id.as_deref(), Some("7"));
        assert_eq!(s.get(None).unwrap().heading, None);
        // A basedOn cycle ends.
        assert_eq!(s.get(Some("A")).unwrap().heading, None);
    }
}
