//! `word/document.xml` → items (paragraphs and tables) in reading order.
//!
//! A recursive descent over the pull parser's events: each function is entered
//! after its element's start tag and returns after its end tag. Recursion follows
//! the XML nesting, which [`Xml`] bounds.

use crate::numbering::Numbering;
use crate::styles::{clamp_u8, NumRef, Styles};
use crate::xml::{attr, attr_num, local, on_off, Xml};
use crate::DocxError;
use quick_xml::events::{BytesStart, Event};

/// Block content, in order: what a body, a cell, a text box or a content control holds.
#[derive(Debug)]
pub(crate) enum Item {
    Para(Para),
    Table(RawTable),
}

/// One paragraph as read: raw text (`\n` for manual line breaks), how much of it
/// is bold, and what its style and numbering make of it.
#[derive(Debug, Default)]
pub(crate) struct Para {
    pub text: String,
    /// Non-space characters in bold runs, in plain runs, and in runs that take
    /// bold from the paragraph style.
    pub bold_chars: usize,
    pub plain_chars: usize,
    pub styled_chars: usize,
    pub bold: bool,
    pub heading: Option<u8>,
    /// The automatic numbering label (`1.`, `a)`, `-`).
    pub label: Option<String>,
    pub break_before: bool,
    pub break_after: bool,
    /// This paragraph ends section N (its `w:pPr/w:sectPr`).
    pub section_end: Option<usize>,
    /// Text boxes anchored in the paragraph, read after it.
    pub boxes: Vec<Item>,
}

#[derive(Debug, Default)]
pub(crate) struct RawTable {
    pub rows: Vec<RawRow>,
}

#[derive(Debug, Default)]
pub(crate) struct RawRow {
    /// `w:gridBefore`: grid columns skipped before the first cell.
    pub before: usize,
    /// `w:tblHeader`: a header row repeated on every page.
    pub header: bool,
    /// A tracked deletion of the whole row.
    pub deleted: bool,
    pub cells: Vec<RawCell>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
pub(crate) struct RawCell {
    pub span: usize,
    pub vmerge: Merge,
    /// Legacy `w:hMerge` continuation: this cell widens the one before it.
    pub hmerge_continue: bool,
    pub deleted: bool,
    pub items: Vec<Item>,
}

/// Word allows at most 63 columns; larger spans are hostile and would make
/// consumers allocate per column.
const MAX_SPAN: u32 = 63;

#[derive(Default)]
struct ParaProps {
    style: Option<String>,
    num: NumRef,
    outline: Option<u8>,
}

#[derive(Default)]
struct RunProps {
    bold: Option<bool>,
    hidden: bool,
}

pub(crate) struct Parser<'a, 's> {
    xml: Xml<'a>,
    styles: &'s Styles,
    numbering: &'s mut Numbering,
    /// Open complex fields (`w:fldChar`): true once the field's result began.
    fields: Vec<bool>,
    /// How many of them are still in their code.
    in_code: usize,
    /// Per section in document order: whether it starts on a new page.
    pub sections: Vec<bool>,
}

/// Elements whose content is never text a reader sees: properties, deleted or
/// moved-away revisions, the fallback copy of alternate content, field codes.
const SKIP: [&str; 14] = [
    "sdtPr",
    "sdtEndPr",
    "del",
    "moveFrom",
    "Fallback",
    "altChunk",
    "tblPr",
    "tblGrid",
    "rPr",
    "pPrChange",
    "instrText",
    "delText",
    "delInstrText",
    "rt",
];

impl<'a, 's> Parser<'a, 's> {
    pub fn new(text: &'a [u8], styles: &'s Styles, numbering: &'s mut Numbering) -> Self {
        Self {
            xml: Xml::new(text, "word/document.xml"),
            styles,
            numbering,
            fields: Vec::new(),
            in_code: 0,
            sections: Vec::new(),
        }
    }

    /// Reads the whole part: the items of `w:body`.
    pub fn document(&mut self) -> Result<Vec<Item>, DocxError> {
        let mut items = Vec::new();
        loop {
            match self.xml.next()? {
                Event::Start(e) if local(&e) == "body" => self.blocks(&mut items)?,
                Event::Eof => return Ok(items),
                _ => {}
            }
        }
    }

    fn blocks(&mut self, out: &mut Vec<Item>) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Start(e) => self.block_child(&e, out)?,
                Event::Empty(e) => match local(&e) {
                    "p" => out.push(Item::Para(Para::default())),
                    "sectPr" => {
                        self.push_section(true);
                    }
                    _ => {}
                },
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// One child of block content. Unknown wrappers (content controls, custom
    /// XML, inserted revisions) are read through.
    fn block_child(&mut self, e: &BytesStart<'_>, out: &mut Vec<Item>) -> Result<(), DocxError> {
        match local(e) {
            "p" => {
                let p = self.paragraph()?;
                out.push(Item::Para(p));
            }
            "tbl" => {
                let t = self.table()?;
                out.push(Item::Table(t));
            }
            "sectPr" => {
                self.section()?;
            }
            name if SKIP.contains(&name) => self.xml.skip()?,
            _ => self.blocks(out)?,
        }
        Ok(())
    }

    fn paragraph(&mut self) -> Result<Para, DocxError> {
        let mut p = Para::default();
        let mut props = ParaProps::default();
        self.inline(&mut p, &mut props)?;
        // A field whose code never reached its result by the paragraph's end is
        // damaged: letting it hide the rest of the document would lose text.
        while self.fields.last() == Some(&false) {
            self.end_field();
        }
        self.finish_paragraph(&mut p, &props);
        Ok(p)
    }

    /// Paragraph content: runs, and the hyperlinks, content controls, simple
    /// fields, inserted revisions and math zones that wrap runs.
    fn inline(&mut self, p: &mut Para, props: &mut ParaProps) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Start(e) => match local(&e) {
                    "pPr" => self.paragraph_props(p, props)?,
                    "r" => self.run(p)?,
                    name if SKIP.contains(&name) => self.xml.skip()?,
                    _ => self.inline(p, props)?,
                },
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn paragraph_props(&mut self, p: &mut Para, props: &mut ParaProps) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Empty(e) => match local(&e) {
                    "pStyle" => props.style = attr(&e, "val").map(|v| v.into_owned()),
                    "outlineLvl" => props.outline = attr_num(&e, "val").map(clamp_u8),
                    "pageBreakBefore" => p.break_before |= on_off(&e),
                    "sectPr" => p.section_end = Some(self.push_section(true)),
                    _ => {}
                },
                Event::Start(e) => match local(&e) {
                    "numPr" => self.num_props(&mut props.num)?,
                    "sectPr" => p.section_end = Some(self.section()?),
                    _ => self.xml.skip()?,
                },
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn num_props(&mut self, num: &mut NumRef) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Empty(e) => match local(&e) {
                    "numId" => num.num_id = attr(&e, "val").map(|v| v.into_owned()),
                    "ilvl" => num.ilvl = attr_num(&e, "val").map(clamp_u8),
                    _ => {}
                },
                Event::Start(_) => self.xml.skip()?,
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A `w:sectPr`: records whether the section starts on a new page.
    fn section(&mut self) -> Result<usize, DocxError> {
        let mut new_page = true;
        loop {
            match self.xml.next()? {
                Event::Empty(e) if local(&e) == "type" => {
                    let kind = attr(&e, "val");
                    new_page = !matches!(kind.as_deref(), Some("continuous" | "nextColumn"));
                }
                Event::Start(_) => self.xml.skip()?,
                Event::End(_) | Event::Eof => return Ok(self.push_section(new_page)),
                _ => {}
            }
        }
    }

    fn push_section(&mut self, new_page: bool) -> usize {
        self.sections.push(new_page);
        self.sections.len() - 1
    }

    /// Style, outline level, numbering label and boldness, once the paragraph is read.
    fn finish_paragraph(&mut self, p: &mut Para, props: &ParaProps) {
        let style = self.styles.get(props.style.as_deref());
        let style_bold = style.is_some_and(|s| s.bold);
        let (bold, plain) = if style_bold {
            (p.bold_chars + p.styled_chars, p.plain_chars)
        } else {
            (p.bold_chars, p.plain_chars + p.styled_chars)
        };
        p.bold = bold > 0 && plain == 0;
        p.heading = match props.outline {
            Some(o) if o < 9 => Some(o + 1),
            Some(_) => None,
            None => style.and_then(|s| s.heading),
        };
        let num_id = props.num.num_id.as_deref().or_else(|| style.and_then(|s| s.num.num_id.as_deref()));
        let ilvl = props.num.ilvl.or_else(|| style.and_then(|s| s.num.ilvl)).unwrap_or(0);
        if let Some(id) = num_id.filter(|id| *id != "0") {
            p.label = self.numbering.next_label(id, ilvl);
        }
    }
}

/// Runs and their content.
impl Parser<'_, '_> {
    fn run(&mut self, p: &mut Para) -> Result<(), DocxError> {
        let mut rp = RunProps::default();
        loop {
            match self.xml.next()? {
                Event::Start(e) => match local(&e) {
                    "rPr" => rp = self.run_props()?,
                    "t" if self.visible(&rp) => {
                        let start = p.text.len();
                        self.xml.text_into(&mut p.text)?;
                        let added = count_visible(p.text.get(start..).unwrap_or(""));
                        tally(p, &rp, added);
                    }
                    "drawing" | "pict" | "object" | "AlternateContent" => self.graphic(p)?,
                    // Marks written with an end tag by some generators.
                    _ => {
                        self.run_mark(p, &e, &rp);
                        self.xml.skip()?;
                    }
                },
                Event::Empty(e) => self.run_mark(p, &e, &rp),
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Empty run elements: tabs, breaks, symbols, field characters.
    fn run_mark(&mut self, p: &mut Para, e: &BytesStart<'_>, rp: &RunProps) {
        let name = local(e);
        if name == "fldChar" {
            self.field_char(e);
            return;
        }
        if !self.visible(rp) {
            return;
        }
        match name {
            "tab" | "ptab" => p.text.push('\t'),
            "br" => match attr(e, "type").as_deref() {
                Some("page") if p.text.trim().is_empty() => p.break_before = true,
                Some("page") => p.break_after = true,
                Some("column") => p.text.push(' '),
                _ => p.text.push('\n'),
            },
            "cr" => p.text.push('\n'),
            "noBreakHyphen" => {
                p.text.push('-');
                tally(p, rp, 1);
            }
            "sym" => {
                let ch = symbol(attr(e, "char").as_deref().unwrap_or(""));
                p.text.push(ch);
                tally(p, rp, 1);
            }
            _ => {}
        }
    }

    fn run_props(&mut self) -> Result<RunProps, DocxError> {
        let mut rp = RunProps::default();
        loop {
            match self.xml.next()? {
                Event::Empty(e) => match local(&e) {
                    "b" => rp.bold = Some(on_off(&e)),
                    "vanish" => rp.hidden = on_off(&e),
                    "rStyle" => {
                        let id = attr(&e, "val").unwrap_or_default();
                        let bold = self.styles.by_id(&id).is_some_and(|s| s.bold);
                        rp.bold = rp.bold.or(bold.then_some(true));
                    }
                    _ => {}
                },
                Event::Start(_) => self.xml.skip()?,
                Event::End(_) | Event::Eof => return Ok(rp),
                _ => {}
            }
        }
    }

    /// Complex fields: the code between `begin` and `separate` is not text; the
    /// result between `separate` and `end` is what the reader sees.
    fn field_char(&mut self, e: &BytesStart<'_>) {
        match attr(e, "fldCharType").as_deref() {
            Some("begin") => {
                self.fields.push(false);
                self.in_code += 1;
            }
            Some("separate") => {
                if let Some(last) = self.fields.last_mut().filter(|r| !**r) {
                    *last = true;
                    self.in_code -= 1;
                }
            }
            Some("end") => self.end_field(),
            _ => {}
        }
    }

    fn end_field(&mut self) {
        if self.fields.pop() == Some(false) {
            self.in_code -= 1;
        }
    }

    /// Counted, not scanned: a hostile file may open millions of fields.
    fn visible(&self, rp: &RunProps) -> bool {
        !rp.hidden && self.in_code == 0
    }

    /// Drawings and VML shapes: only their text boxes hold text. Alternate
    /// content is read from its first choice; the fallback repeats it.
    fn graphic(&mut self, p: &mut Para) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Start(e) => match local(&e) {
                    "txbxContent" => self.blocks(&mut p.boxes)?,
                    "Fallback" => self.xml.skip()?,
                    _ => self.graphic(p)?,
                },
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// Tables.
impl Parser<'_, '_> {
    fn table(&mut self) -> Result<RawTable, DocxError> {
        let mut t = RawTable::default();
        self.table_rows(&mut t)?;
        Ok(t)
    }

    fn table_rows(&mut self, t: &mut RawTable) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Start(e) => match local(&e) {
                    "tr" => {
                        let row = self.row()?;
                        t.rows.push(row);
                    }
                    name if SKIP.contains(&name) => self.xml.skip()?,
                    // Rows wrapped in content controls or custom XML.
                    _ => self.table_rows(t)?,
                },
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn row(&mut self) -> Result<RawRow, DocxError> {
        let mut r = RawRow::default();
        self.row_cells(&mut r)?;
        Ok(r)
    }

    fn row_cells(&mut self, r: &mut RawRow) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Start(e) => match local(&e) {
                    "trPr" => self.row_props(r)?,
                    "tc" => {
                        let c = self.cell()?;
                        r.cells.push(c);
                    }
                    "tblPrEx" => self.xml.skip()?,
                    name if SKIP.contains(&name) => self.xml.skip()?,
                    _ => self.row_cells(r)?,
                },
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn row_props(&mut self, r: &mut RawRow) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Empty(e) => match local(&e) {
                    "gridBefore" => {
                        r.before = attr_num(&e, "val").unwrap_or(0).min(MAX_SPAN) as usize;
                    }
                    "tblHeader" => r.header = on_off(&e),
                    "del" => r.deleted = true,
                    _ => {}
                },
                Event::Start(e) if local(&e) == "del" => {
                    r.deleted = true;
                    self.xml.skip()?;
                }
                Event::Start(_) => self.xml.skip()?,
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn cell(&mut self) -> Result<RawCell, DocxError> {
        let mut c = RawCell { span: 1, vmerge: Merge::None, hmerge_continue: false, deleted: false, items: Vec::new() };
        loop {
            match self.xml.next()? {
                Event::Start(e) if local(&e) == "tcPr" => self.cell_props(&mut c)?,
                Event::Start(e) => self.block_child(&e, &mut c.items)?,
                Event::Empty(e) if local(&e) == "p" => c.items.push(Item::Para(Para::default())),
                Event::End(_) | Event::Eof => return Ok(c),
                _ => {}
            }
        }
    }

    fn cell_props(&mut self, c: &mut RawCell) -> Result<(), DocxError> {
        loop {
            match self.xml.next()? {
                Event::Empty(e) => match local(&e) {
                    "gridSpan" => {
                        c.span = attr_num(&e, "val").unwrap_or(1).clamp(1, MAX_SPAN) as usize;
                    }
                    "vMerge" => {
                        let restart = attr(&e, "val").as_deref() == Some("restart");
                        c.vmerge = if restart { Merge::Restart } else { Merge::Continue };
                    }
                    "hMerge" => c.hmerge_continue = attr(&e, "val").as_deref() != Some("restart"),
                    "cellDel" => c.deleted = true,
                    _ => {}
                },
                Event::Start(_) => self.xml.skip()?,
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

fn count_visible(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Counts `n` non-space characters as bold, plain or style-bold.
fn tally(p: &mut Para, rp: &RunProps, n: usize) {
    match rp.bold {
        Some(true) => p.bold_chars += n,
        Some(false) => p.plain_chars += n,
        None => p.styled_chars += n,
    }
}

/// `w:sym w:char="F02D"`: symbol-font codes sit in the private use area at
/// U+F000 + the font's code; ASCII codes are read as ASCII (Symbol's `-`, `+`),
/// the rest as a bullet.
fn symbol(code: &str) -> char {
    let Ok(n) = u32::from_str_radix(code.trim(), 16) else {
        return '•';
    };
    let base = if (0xF000..=0xF0FF).contains(&n) { n - 0xF000 } else { n };
    if (0x21..0x7F).contains(&base) || (base == n && !(0xE000..=0xF8FF).contains(&n)) {
        char::from_u32(base).unwrap_or('•')
    } else {
        '•'
    }
}
