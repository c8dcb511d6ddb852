//! Items → layout blocks, with provenance and page breaks.

use crate::body::{Item, Para, RawTable};
use decree_layout::{Block, Heading, ListItem, Paragraph, Table};
use decree_model::Provenance;
use decree_norm::clean_text;

pub(crate) struct Emitter<'s> {
    pub blocks: Vec<Block>,
    /// 1-based index of the current body paragraph or table.
    line: u32,
    tables: u32,
    page: u32,
    /// Per section: whether it starts on a new page.
    sections: &'s [bool],
}

impl<'s> Emitter<'s> {
    pub fn new(sections: &'s [bool]) -> Self {
        Self { blocks: Vec::new(), line: 0, tables: 0, page: 0, sections }
    }

    /// Body items: each paragraph and each table takes the next line number.
    pub fn body(&mut self, items: Vec<Item>) {
        for item in items {
            self.line = self.line.saturating_add(1);
            self.item(item);
        }
    }

    fn item(&mut self, item: Item) {
        match item {
            Item::Para(p) => self.paragraph(p),
            Item::Table(t) => self.table(t),
        }
    }

    fn paragraph(&mut self, p: Para) {
        if p.break_before {
            self.page_break();
        }
        let text = clean_text(&p.text);
        let prov = Provenance::line(self.line);
        if !text.is_empty() {
            let block = match (p.heading, p.label) {
                (Some(level), number) => Block::Heading(Heading { level, number, text, prov }),
                (None, Some(marker)) => Block::ListItem(ListItem { marker, text, bold: p.bold, prov }),
                (None, None) => Block::Paragraph(Paragraph { text, bold: p.bold, prov }),
            };
            self.blocks.push(block);
        }
        // Text boxes read after their anchor, under its line number.
        for item in p.boxes {
            self.item(item);
        }
        let section_break = p.section_end.is_some_and(|i| self.sections.get(i + 1).copied().unwrap_or(false));
        if p.break_after || section_break {
            self.page_break();
        }
    }

    fn table(&mut self, t: RawTable) {
        let index = self.tables;
        self.tables += 1;
        let prov = Provenance { line: Some(self.line), table: Some(index), ..Provenance::default() };
        let (rows, header_rows) = crate::grid::build(t, &prov);
        self.blocks.push(Block::Table(Table { index, header_rows, rows, prov }));
    }

    fn page_break(&mut self) {
        self.page += 1;
        self.blocks.push(Block::PageBreak { page: self.page });
    }
}
