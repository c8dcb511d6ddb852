//! A content-stream interpreter that keeps what layout needs: each glyph's text,
//! position and size, the straight lines and thin rectangles that rule tables,
//! and whether images were drawn.
//!
//! Why our own rather than pdf-extract's `OutputDev`: pdf-extract panics by
//! design on fonts and operators it does not expect and drops text of fonts it
//! cannot map; here every operator is optional, a damaged operand is skipped,
//! and work is bounded (operators per page, form nesting, glyphs).
//!
//! The interpreter reports what it sees to a [`Device`], in the manner of
//! hayro's: [`RawPage`] is the device layout analysis uses; another consumer
//! (an image finder for OCR, a debugging dump) implements the same trait.

use crate::cmap::Code;
use crate::font::Font;
use crate::lexer::{Lexer, Operand, Token};
use crate::model::{Glyph, RawPage, Ruling};
use crate::objects::{get, get_dict, get_name, numbers, ref_id, resolve, stream_data};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Operators read per page before giving up on the rest.
const MAX_OPS: usize = 4_000_000;
/// Glyphs kept per page.
const MAX_GLYPHS: usize = 500_000;
/// Rulings kept per page.
const MAX_RULINGS: usize = 200_000;
/// Form XObjects nested inside each other.
const MAX_FORM_DEPTH: usize = 8;
/// Graphics states saved (`q`) without restoring.
const MAX_SAVED: usize = 256;
/// A filled rectangle this thin (points) is a ruling.
const THIN: f64 = 3.0;

/// What the interpreter reports, in page space (points, origin top left).
pub(crate) trait Device {
    /// A shown glyph: its text (empty when no map gave one), extent along the
    /// baseline, baseline y, size on the page and weight.
    fn glyph(&mut self, text: &str, x0: f64, x1: f64, y: f64, size: f64, bold: bool);
    /// A glyph not upright as displayed (a stamp, a vertical label, a page turned by `/Rotate`).
    fn sideways_glyph(&mut self);
    /// A straight ruling (a stroked line, or a filled rectangle thin enough to be one).
    fn ruling(&mut self, ruling: Ruling);
    /// An image drawn (inline or an XObject), with the object when it has one.
    fn image(&mut self, object: Option<ObjectId>);
    /// The interpreter stopped at a work limit.
    fn truncated(&mut self);
}

impl Device for RawPage {
    fn glyph(&mut self, text: &str, x0: f64, x1: f64, y: f64, size: f64, bold: bool) {
        if text.is_empty() {
            self.unmapped += 1;
            return;
        }
        let space = text.chars().all(char::is_whitespace);
        let start = self.text.len() as u32;
        self.text.push_str(text);
        let len = text.len() as u32;
        self.glyphs.push(Glyph { x0, x1: x1.max(x0), y, size, bold, space, start, len });
    }

    fn sideways_glyph(&mut self) {
        self.sideways += 1;
    }

    fn ruling(&mut self, ruling: Ruling) {
        self.rulings.push(ruling);
    }

    fn image(&mut self, _object: Option<ObjectId>) {
        self.images += 1;
    }

    fn truncated(&mut self) {
        self.truncated = true;
    }
}

/// An affine matrix `[a b c d e f]`, row-vector convention as in the PDF spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix([f64; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub fn new(v: &[f64]) -> Option<Matrix> {
        let m: [f64; 6] = v.get(..6)?.try_into().ok()?;
        m.iter().all(|x| x.is_finite()).then_some(Matrix(m))
    }

    /// `self` then `other`.
    pub fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    pub fn vector(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, ..] = self.0;
        (a * x + c * y, b * x + d * y)
    }

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_space: f64,
    word_space: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
    stroke_visible: bool,
    fill_visible: bool,
}

impl GState {
    fn new(ctm: Matrix) -> Self {
        GState {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            stroke_visible: true,
            fill_visible: true,
        }
    }
}

/// Fonts loaded so far in a document, by object id.
#[derive(Default)]
pub(crate) struct FontCache {
    fonts: HashMap<ObjectId, Rc<Font>>,
}

/// The transform from a page's user space to its displayed, top-left space,
/// and the displayed size.
pub(crate) fn page_frame(doc: &Document, page: &Dictionary, extra: i64) -> (Matrix, f64, f64) {
    let bx = inherited(doc, page, b"CropBox")
        .or_else(|| inherited(doc, page, b"MediaBox"))
        .and_then(|o| if let Object::Array(a) = o { Some(numbers(doc, a)) } else { None })
        .filter(|v| v.len() == 4)
        .unwrap_or_else(|| vec![0.0, 0.0, 612.0, 792.0]);
    let (x0, y0, x1, y1) = (bx[0].min(bx[2]), bx[1].min(bx[3]), bx[0].max(bx[2]), bx[1].max(bx[3]));
    let rotate = inherited(doc, page, b"Rotate").and_then(crate::objects::number).unwrap_or(0.0) as i64;
    let (w, h) = (x1 - x0, y1 - y0);
    match (rotate + extra).rem_euclid(360) {
        90 => (Matrix([0.0, 1.0, 1.0, 0.0, -y0, -x0]), h, w),
        180 => (Matrix([-1.0, 0.0, 0.0, 1.0, x1, -y0]), w, h),
        270 => (Matrix([0.0, -1.0, -1.0, 0.0, y1, x1]), h, w),
        _ => (Matrix([1.0, 0.0, 0.0, -1.0, -x0, y1]), w, h),
    }
}

/// A page attribute, looked up the page tree (`/MediaBox`, `/Resources` and
/// `/Rotate` are inheritable).
pub(crate) fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get_dict(doc, node, b"Parent")?;
    }
    None
}

/// Interprets one page. A page whose text mostly runs sideways as displayed
/// (a portrait page turned with `/Rotate`, a landscape table drawn rotated)
/// is read again turned so that its text is upright.
pub(crate) fn read_page(doc: &Document, page_id: ObjectId, number: u32, cache: &mut FontCache) -> RawPage {
    let first = read_turned(doc, page_id, number, cache, 0);
    if first.sideways <= first.glyphs.len() || first.sideways < 20 {
        return first;
    }
    let mut best = first;
    for extra in [90, 270, 180] {
        let turned = read_turned(doc, page_id, number, cache, extra);
        if turned.glyphs.len() > best.glyphs.len() {
            best = turned;
        }
    }
    best
}

fn read_turned(doc: &Document, page_id: ObjectId, number: u32, cache: &mut FontCache, extra: i64) -> RawPage {
    let mut out = RawPage { number, ..RawPage::default() };
    let Ok(page) = doc.get_dictionary(page_id) else { return out };
    let (base, w, h) = page_frame(doc, page, extra);
    out.width = w;
    out.height = h;
    let resources =
        inherited(doc, page, b"Resources").and_then(|o| if let Object::Dictionary(d) = o { Some(d) } else { None });
    let content = doc
        .get_page_contents(page_id)
        .into_iter()
        .filter_map(|id| doc.objects.get(&id).and_then(|o| stream_data(doc, o)));
    let mut data = Vec::new();
    for part in content {
        if data.len() + part.len() > crate::objects::MAX_STREAM {
            out.truncated = true;
            break;
        }
        data.extend_from_slice(&part);
        data.push(b'\n');
    }
    let mut interp = Interp { doc, cache, out: &mut out, ops: 0, glyphs: 0, rulings: 0, codes: Vec::new() };
    interp.run(&data, resources, GState::new(base), 0);
    out
}

struct Interp<'a, 'o> {
    doc: &'a Document,
    cache: &'o mut FontCache,
    out: &'o mut dyn Device,
    ops: usize,
    /// Glyphs and rulings reported, against the work limits.
    glyphs: usize,
    rulings: usize,
    codes: Vec<Code>,
}

/// Text object state.
struct Text {
    tm: Matrix,
    tlm: Matrix,
}

/// The path being built, in page space.
#[derive(Default)]
struct Path {
    lines: Vec<((f64, f64), (f64, f64))>,
    start: Option<(f64, f64)>,
    current: Option<(f64, f64)>,
}

impl<'a> Interp<'a, '_> {
    fn run(&mut self, data: &[u8], resources: Option<&'a Dictionary>, gs: GState, depth: usize) {
        let mut lexer = Lexer::new(data);
        let mut operands: Vec<Operand> = Vec::new();
        let mut gs = gs;
        let mut saved: Vec<GState> = Vec::new();
        let mut text = Text { tm: Matrix::IDENTITY, tlm: Matrix::IDENTITY };
        let mut path = Path::default();
        while let Some(tok) = lexer.next_token() {
            let op = match tok {
                Token::Operand(o) => {
                    if operands.len() < 64 {
                        operands.push(o);
                    }
                    continue;
                }
                Token::Op(op) => op,
            };
            self.ops += 1;
            if self.ops > MAX_OPS || self.glyphs > MAX_GLYPHS {
                self.out.truncated();
                return;
            }
            let nums: Vec<f64> = operands.iter().filter_map(Operand::num).collect();
            match op {
                b"q" if saved.len() < MAX_SAVED => saved.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = saved.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    if let Some(m) = Matrix::new(&nums) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                b"BT" => text = Text { tm: Matrix::IDENTITY, tlm: Matrix::IDENTITY },
                b"ID" => lexer.skip_inline_image(),
                b"EI" => self.out.image(None),
                b"Do" => self.draw_object(&operands, resources, &gs, depth),
                b"RG" | b"G" | b"K" | b"SC" | b"SCN" => gs.stroke_visible = visible(&nums),
                b"rg" | b"g" | b"k" | b"sc" | b"scn" => gs.fill_visible = visible(&nums),
                // A new colour space starts at its initial colour, black.
                b"CS" => gs.stroke_visible = true,
                b"cs" => gs.fill_visible = true,
                _ => {
                    if !self.text_op(op, &operands, &nums, &mut gs, &mut text, resources) {
                        self.path_op(op, &nums, &gs, &mut path);
                    }
                }
            }
            operands.clear();
        }
    }

    /// Text state and showing operators; false when `op` is none of them.
    fn text_op(
        &mut self,
        op: &[u8],
        operands: &[Operand],
        nums: &[f64],
        gs: &mut GState,
        t: &mut Text,
        resources: Option<&'a Dictionary>,
    ) -> bool {
        let n = |i: usize| nums.get(i).copied().unwrap_or(0.0);
        match op {
            b"Tf" => {
                gs.size = n(0);
                gs.font = operands.first().and_then(|o| match o {
                    Operand::Name(name) => Some(self.font(resources, name)),
                    _ => None,
                });
            }
            b"Tc" => gs.char_space = n(0),
            b"Tw" => gs.word_space = n(0),
            b"Tz" => gs.hscale = n(0) / 100.0,
            b"TL" => gs.leading = n(0),
            b"Ts" => gs.rise = n(0),
            b"Td" => next_line(t, n(0), n(1)),
            b"TD" => {
                gs.leading = -n(1);
                next_line(t, n(0), n(1));
            }
            b"Tm" => {
                if let Some(m) = Matrix::new(nums) {
                    t.tm = m;
                    t.tlm = m;
                }
            }
            b"T*" => next_line(t, 0.0, -gs.leading),
            b"Tj" | b"'" | b"\"" | b"TJ" => {
                if op == b"\"" {
                    gs.word_space = n(0);
                    gs.char_space = n(1);
                }
                if op != b"Tj" && op != b"TJ" {
                    next_line(t, 0.0, -gs.leading);
                }
                match operands.last() {
                    Some(Operand::Str(s)) => self.show(s, gs, t),
                    Some(Operand::Array(items)) => {
                        for item in items {
                            match item {
                                Operand::Str(s) => self.show(s, gs, t),
                                Operand::Num(adj) => {
                                    let tx = -adj / 1000.0 * gs.size * gs.hscale;
                                    t.tm = Matrix::translate(tx, 0.0).then(&t.tm);
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            b"Tr" | b"ET" => {}
            _ => return false,
        }
        true
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let entry = resources.and_then(|r| get_dict(doc, r, b"Font")).and_then(|fonts| fonts.get(name).ok());
        let Some(entry) = entry else { return Rc::new(Font::fallback()) };
        if let Some(id) = ref_id(entry) {
            if let Some(f) = self.cache.fonts.get(&id) {
                return f.clone();
            }
        }
        let font = match resolve(doc, entry) {
            Object::Dictionary(d) => Rc::new(Font::load(doc, d)),
            _ => Rc::new(Font::fallback()),
        };
        if let Some(id) = ref_id(entry) {
            self.cache.fonts.insert(id, font.clone());
        }
        font
    }

    /// Lays out one shown string, glyph by glyph.
    fn show(&mut self, bytes: &[u8], gs: &GState, t: &mut Text) {
        let Some(font) = gs.font.clone() else { return };
        let size = gs.size;
        let params = Matrix([size * gs.hscale, 0.0, 0.0, size, 0.0, gs.rise]);
        let mut codes = std::mem::take(&mut self.codes);
        font.show(bytes, &mut codes, |s| {
            let trm = params.then(&t.tm).then(&gs.ctm);
            let (x, y) = trm.apply(0.0, 0.0);
            let (dx, dy) = trm.vector(1.0, 0.0);
            let (ux, uy) = trm.vector(0.0, 1.0);
            let glyph_size = (ux * ux + uy * uy).sqrt();
            // Upright, left-to-right text only; rotated text (a stamp, a
            // vertical label) is not part of the reading order.
            let upright = dx > 0.0 && dy.abs() <= 0.2 * dx && uy < 0.0;
            if upright && glyph_size > 0.5 && self.glyphs < MAX_GLYPHS {
                self.glyphs += 1;
                self.out.glyph(s.text, x, x + s.width * dx, y, glyph_size, font.bold);
            } else if !upright && !s.text.trim().is_empty() {
                self.out.sideways_glyph();
            }
            let advance = (s.width * size + gs.char_space + if s.is_space { gs.word_space } else { 0.0 }) * gs.hscale;
            t.tm = Matrix::translate(advance, 0.0).then(&t.tm);
        });
        self.codes = codes;
    }

    fn path_op(&mut self, op: &[u8], nums: &[f64], gs: &GState, path: &mut Path) {
        let ctm = gs.ctm;
        match op {
            b"m" if nums.len() >= 2 => {
                let p = ctm.apply(nums[0], nums[1]);
                path.start = Some(p);
                path.current = Some(p);
            }
            b"l" if nums.len() >= 2 => {
                let p = ctm.apply(nums[0], nums[1]);
                if let Some(c) = path.current {
                    path.lines.push((c, p));
                }
                path.current = Some(p);
            }
            b"c" | b"v" | b"y" => {
                // Curves are not rulings: move on to the curve's end.
                if let (Some(&y), Some(&x)) = (nums.last(), nums.get(nums.len().saturating_sub(2))) {
                    path.current = Some(ctm.apply(x, y));
                }
            }
            b"h" => {
                if let (Some(c), Some(s)) = (path.current, path.start) {
                    path.lines.push((c, s));
                    path.current = Some(s);
                }
            }
            b"re" if nums.len() >= 4 => {
                let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
                let pts = [ctm.apply(x, y), ctm.apply(x + w, y), ctm.apply(x + w, y + h), ctm.apply(x, y + h)];
                for i in 0..4 {
                    path.lines.push((pts[i], pts[(i + 1) % 4]));
                }
                path.start = Some(pts[0]);
                path.current = Some(pts[0]);
            }
            b"S" | b"s" => self.stroke(path, gs),
            b"f" | b"F" | b"f*" => self.fill(path, gs),
            b"B" | b"B*" | b"b" | b"b*" => {
                self.fill(path, gs);
                self.stroke(path, gs);
            }
            b"n" => {}
            _ => return,
        }
        if matches!(op, b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n") {
            *path = Path::default();
        }
    }

    fn stroke(&mut self, path: &Path, gs: &GState) {
        if !gs.stroke_visible {
            return;
        }
        for &(a, b) in &path.lines {
            self.add_ruling(a, b);
        }
    }

    /// Filled shapes: a rectangle (or a closed four-sided path) thin in one
    /// direction is a ruling along the other.
    fn fill(&mut self, path: &Path, gs: &GState) {
        if !gs.fill_visible || path.lines.is_empty() {
            return;
        }
        for quad in path.lines.chunks(4) {
            let xs = quad.iter().flat_map(|(a, b)| [a.0, b.0]);
            let ys = quad.iter().flat_map(|(a, b)| [a.1, b.1]);
            let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
            let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= THIN && w > h {
                self.add_ruling((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
            } else if w <= THIN && h > w {
                self.add_ruling(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
            }
        }
    }

    fn add_ruling(&mut self, a: (f64, f64), b: (f64, f64)) {
        if self.rulings >= MAX_RULINGS {
            return;
        }
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        let r = if dy <= 0.5 && dx > 0.5 {
            Ruling { horizontal: true, at: (a.1 + b.1) / 2.0, from: a.0.min(b.0), to: a.0.max(b.0) }
        } else if dx <= 0.5 && dy > 0.5 {
            Ruling { horizontal: false, at: (a.0 + b.0) / 2.0, from: a.1.min(b.1), to: a.1.max(b.1) }
        } else {
            return;
        };
        if r.at.is_finite() && r.from.is_finite() && r.to.is_finite() {
            self.rulings += 1;
            self.out.ruling(r);
        }
    }

    /// `Do`: a form is interpreted in place; an image is counted.
    fn draw_object(&mut self, operands: &[Operand], resources: Option<&'a Dictionary>, gs: &GState, depth: usize) {
        let doc = self.doc;
        let Some(Operand::Name(name)) = operands.first() else { return };
        let Some(xobjects) = resources.and_then(|r| get_dict(doc, r, b"XObject")) else { return };
        let Some(entry) = xobjects.get(name).ok() else { return };
        let Object::Stream(stream) = resolve(doc, entry) else { return };
        match get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.out.image(ref_id(entry)),
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                let Some(data) = stream_data(doc, entry) else { return };
                let matrix = get(doc, &stream.dict, b"Matrix")
                    .and_then(|o| if let Object::Array(a) = o { Matrix::new(&numbers(doc, a)) } else { None })
                    .unwrap_or(Matrix::IDENTITY);
                let own = get_dict(doc, &stream.dict, b"Resources").or(resources);
                let mut inner = gs.clone();
                inner.ctm = matrix.then(&gs.ctm);
                self.run(&data, own, inner, depth + 1);
            }
            _ => {}
        }
    }
}

/// Whether a colour shows on white paper: white (or near) does not draw a ruling.
fn visible(components: &[f64]) -> bool {
    match components.len() {
        1 | 3 => components.iter().any(|&c| c < 0.95),
        4 => components.iter().any(|&c| c > 0.05),
        _ => true,
    }
}

fn next_line(t: &mut Text, tx: f64, ty: f64) {
    t.tlm = Matrix::translate(tx, ty).then(&t.tlm);
    t.tm = t.tlm;
}
