//! A tolerant tokenizer for page content streams.
//!
//! Our own rather than lopdf's content parser: a damaged stream should still give
//! the text before the damage (lopdf rejects the whole stream), it never
//! allocates for the numbers and names that make up most of a page, and every
//! loop here is bounded by the input length and by nesting limits.

use std::borrow::Cow;

/// Deepest array nesting read; deeper content is skipped as one opaque operand.
const MAX_DEPTH: usize = 8;
/// Most elements kept in one array (a `TJ` array of a long line has a few hundred).
const MAX_ARRAY: usize = 100_000;

/// An operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand<'a> {
    Num(f64),
    Name(Cow<'a, [u8]>),
    Str(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    /// Booleans, null, dictionaries: read past, never used.
    Other,
}

impl Operand<'_> {
    pub fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// One token: an operand or an operator.
#[derive(Debug, PartialEq)]
pub(crate) enum Token<'a> {
    Operand(Operand<'a>),
    Op(&'a [u8]),
}

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the stream.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_white();
            let b = self.peek()?;
            match b {
                b']' | b')' | b'>' | b'}' | b'{' => {
                    // Stray closing delimiters: damage, read past.
                    self.pos += 1;
                }
                b'/' | b'(' | b'<' | b'[' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    return Some(Token::Operand(self.operand(0)));
                }
                _ => return Some(self.keyword()),
            }
        }
    }

    /// A bare word: an operator, or `true`/`false`/`null`.
    fn keyword(&mut self) -> Token<'a> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        let word = &self.data[start..self.pos];
        match word {
            b"true" | b"false" | b"null" => Token::Operand(Operand::Other),
            _ => Token::Op(word),
        }
    }

    fn operand(&mut self, depth: usize) -> Operand<'a> {
        self.skip_white();
        let Some(b) = self.peek() else { return Operand::Other };
        match b {
            b'/' => self.name(),
            b'(' => self.literal(),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => self.dictionary(),
            b'<' => self.hex(),
            b'[' => self.array(depth),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            _ => {
                // A keyword inside an array or dictionary (`true`, a stray operator).
                self.keyword();
                Operand::Other
            }
        }
    }

    fn number(&mut self) -> Operand<'a> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') {
                break;
            }
            self.pos += 1;
        }
        Operand::Num(parse_number(&self.data[start..self.pos]))
    }

    fn name(&mut self) -> Operand<'a> {
        self.pos += 1;
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        let raw = &self.data[start..self.pos];
        if raw.contains(&b'#') {
            Operand::Name(Cow::Owned(decode_name(raw)))
        } else {
            Operand::Name(Cow::Borrowed(raw))
        }
    }

    fn literal(&mut self) -> Operand<'a> {
        self.pos += 1;
        let start = self.pos;
        let mut depth = 1usize;
        let mut escaped = false;
        // Fast path: a string without escapes is borrowed as is.
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        let raw = &self.data[start..self.pos - 1];
                        return Operand::Str(if escaped { Cow::Owned(unescape(raw)) } else { Cow::Borrowed(raw) });
                    }
                }
                _ => {}
            }
        }
        // Unterminated: the rest of the stream is the string.
        let raw = self.data.get(start..).unwrap_or_default();
        Operand::Str(Cow::Owned(unescape(raw)))
    }

    fn hex(&mut self) -> Operand<'a> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_value(b) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        Operand::Str(Cow::Owned(out))
    }

    fn array(&mut self, depth: usize) -> Operand<'a> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_white();
            match self.peek() {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) if depth >= MAX_DEPTH => {
                    self.skip_nested(b'[', b']');
                    return Operand::Other;
                }
                Some(_) => {
                    let before = self.pos;
                    let item = self.operand(depth + 1);
                    if items.len() < MAX_ARRAY {
                        items.push(item);
                    }
                    if self.pos == before {
                        // A byte no rule consumes (a stray delimiter): step over it.
                        self.pos += 1;
                    }
                }
            }
        }
        Operand::Array(items)
    }

    /// Skips a `<< ... >>` dictionary (marked-content properties, inline images).
    fn dictionary(&mut self) -> Operand<'a> {
        let mut depth = 0usize;
        while self.pos < self.data.len() {
            if self.data[self.pos..].starts_with(b"<<") {
                depth += 1;
                self.pos += 2;
            } else if self.data[self.pos..].starts_with(b">>") {
                self.pos += 2;
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            } else if self.data[self.pos] == b'(' {
                // Strings may hold `>>`.
                self.literal();
            } else {
                self.pos += 1;
            }
        }
        Operand::Other
    }

    /// Skips to the bracket closing the one the lexer sits inside.
    fn skip_nested(&mut self, open: u8, close: u8) {
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == open {
                depth += 1;
            } else if b == close {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
        }
    }

    /// After an `ID` operator: skips the inline image's data up to `EI`.
    pub fn skip_inline_image(&mut self) {
        let data = self.data;
        let mut i = self.pos + 1;
        while i + 2 <= data.len() {
            let before_ok = i == 0 || is_white(data[i - 1]);
            let after_ok = data.get(i + 2).is_none_or(|&b| is_white(b));
            if before_ok && after_ok && &data[i..i + 2] == b"EI" {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Reads a number leniently: producers write `-.5`, `5.`, and damaged files `--5`
/// or `1.2.3`; the longest readable prefix counts, anything else is zero.
pub(crate) fn parse_number(raw: &[u8]) -> f64 {
    let s = std::str::from_utf8(raw).unwrap_or("");
    let s = s.trim_start_matches('+');
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start_matches('-')),
        None => (false, s),
    };
    let mut end = 0;
    let mut dot = false;
    for (i, c) in digits.char_indices() {
        if c == '.' && !dot {
            dot = true;
        } else if !c.is_ascii_digit() {
            break;
        }
        end = i + 1;
    }
    let v: f64 = digits.get(..end).and_then(|d| d.parse().ok()).unwrap_or(0.0);
    let v = if v.is_finite() { v } else { 0.0 };
    if neg {
        -v
    } else {
        v
    }
}

fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'#' {
            let hi = raw.get(i + 1).copied().and_then(hex_value);
            let lo = raw.get(i + 2).copied().and_then(hex_value);
            if let (Some(h), Some(l)) = (hi, lo) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&e) = raw.get(i) else { break };
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xFF) as u8);
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<Token<'_>> {
        let mut l = Lexer::new(s.as_bytes());
        std::iter::from_fn(|| l.next_token()).collect()
    }

    #[test]
    fn reads_operands_and_operators() {
        let t = tokens("BT /F1 12 Tf 1 0 0 1 -.5 72. Tm [(A\\(b\\)) -250 <0041>] TJ ET");
        assert_eq!(t[0], Token::Op(b"BT"));
        assert_eq!(t[1], Token::Operand(Operand::Name(Cow::Borrowed(b"F1"))));
        assert_eq!(t[2], Token::Operand(Operand::Num(12.0)));
        assert_eq!(t[8], Token::Operand(Operand::Num(-0.5)));
        assert_eq!(t[9], Token::Operand(Operand::Num(72.0)));
        let Token::Operand(Operand::Array(items)) = &t[11] else { panic!("array expected: {:?}", t[11]) };
        assert_eq!(items[0], Operand::Str(Cow::Owned(b"A(b)".to_vec())));
        assert_eq!(items[1], Operand::Num(-250.0));
        assert_eq!(items[2], Operand::Str(Cow::Owned(vec![0, 0x41])));
        assert_eq!(t[12], Token::Op(b"TJ"));
    }

    #[test]
    fn survives_damage() {
        for s in ["(unterminated", "<4", "[[[[[[[[[[[[[[[[[[[ 1", "]]>> ) 1 2 re", "1.2.3 --4 Td", "<< /A (>>) >> BDC"]
        {
            let t = tokens(s);
            assert!(t.len() < 20, "{s}: {t:?}");
        }
        assert_eq!(parse_number(b"--4"), -4.0);
        assert_eq!(parse_number(b"1.2.3"), 1.2);
    }

    #[test]
    fn octal_escapes_and_inline_images() {
        let t = tokens("(\\101\\102C) Tj");
        assert_eq!(t[0], Token::Operand(Operand::Str(Cow::Owned(b"ABC".to_vec()))));
        let data = b"BI /W 1 ID \xff\x00EI\xff EI Q";
        let mut l = Lexer::new(data);
        while let Some(tok) = l.next_token() {
            if tok == Token::Op(b"ID") {
                l.skip_inline_image();
                break;
            }
        }
        assert_eq!(l.next_token(), Some(Token::Op(b"Q")));
    }
}
