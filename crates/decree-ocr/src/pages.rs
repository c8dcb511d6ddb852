//! Where page images come from: image inputs (multi-page TIFF included), and
//! the image objects of scanned PDF pages, decoded in Rust (DCT, Flate) or,
//! where a page mixes images and strips (CCITT, JBIG2, MRC layers), rendered by
//! `pdftoppm` (poppler-utils).

use crate::raster::{self, Gray};
use crate::OcrError;
use decree_pdf::{lopdf, PageAsk};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Produces a page image when the cache does not have the page.
pub type Loader<'a> = Box<dyn FnOnce() -> Result<Gray, OcrError> + Send + 'a>;

fn hash(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().to_vec()
}

/// The pages of an image input: number, cache key, loader.
pub fn image_pages(bytes: &[u8]) -> Result<Vec<(u32, Vec<u8>, Loader<'_>)>, OcrError> {
    let file = hash(&[bytes]);
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        let pages = tiff_pages(bytes)?;
        return Ok(pages
            .into_iter()
            .enumerate()
            .map(|(i, g)| {
                let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
                let load: Loader<'_> = Box::new(move || Ok(g));
                (n, hash(&[&file, &n.to_le_bytes()]), load)
            })
            .collect());
    }
    let load: Loader<'_> = Box::new(move || raster::decode(bytes));
    Ok(vec![(1, hash(&[&file, &1u32.to_le_bytes()]), load)])
}

/// Most pages one TIFF may hold.
const MAX_TIFF_PAGES: usize = 500;

fn tiff_pages(bytes: &[u8]) -> Result<Vec<Gray>, OcrError> {
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    let bad = |e: tiff::TiffError| OcrError::Image(format!("TIFF: {e}"));
    let mut limits = Limits::default();
    limits.decoding_buffer_size = raster::MAX_PIXELS as usize * 4;
    let mut dec = Decoder::new(Cursor::new(bytes)).map_err(bad)?.with_limits(limits);
    let mut out = Vec::new();
    loop {
        let (w, h) = dec.dimensions().map_err(bad)?;
        raster::check_budget(u64::from(w), u64::from(h))?;
        let color = dec.colortype().map_err(bad)?;
        let white_is_zero = dec.get_tag_u32(tiff::tags::Tag::PhotometricInterpretation).is_ok_and(|p| p == 0);
        let DecodingResult::U8(buf) = dec.read_image().map_err(bad)? else {
            return Err(OcrError::Image("TIFF: only 8-bit and 1-bit samples are read".into()));
        };
        out.push(tiff_gray(w, h, color, white_is_zero, &buf)?);
        if !dec.more_images() || out.len() >= MAX_TIFF_PAGES {
            break;
        }
        dec.next_image().map_err(bad)?;
    }
    Ok(out)
}

fn tiff_gray(w: u32, h: u32, color: tiff::ColorType, white_is_zero: bool, buf: &[u8]) -> Result<Gray, OcrError> {
    use tiff::ColorType as C;
    let n = w as usize * h as usize;
    let px: Vec<u8> = match color {
        C::Gray(8) => buf.iter().map(|&v| if white_is_zero { 255 - v } else { v }).collect(),
        C::RGB(8) => buf.chunks_exact(3).map(|p| raster::gray_of([p[0], p[1], p[2]])).collect(),
        C::RGBA(8) => buf.chunks_exact(4).map(|p| raster::gray_of([p[0], p[1], p[2]])).collect(),
        C::Gray(1) => {
            let row = (w as usize).div_ceil(8);
            let mut px = Vec::with_capacity(n);
            for y in 0..h as usize {
                for x in 0..w as usize {
                    let bit = buf.get(y * row + x / 8).is_some_and(|b| b & (0x80 >> (x % 8)) != 0);
                    px.push(if bit != white_is_zero { 255 } else { 0 });
                }
            }
            px
        }
        other => return Err(OcrError::Image(format!("TIFF: colour type {other:?} not read"))),
    };
    if px.len() != n {
        return Err(OcrError::Image("TIFF: image data shorter than its size".into()));
    }
    Ok(Gray { width: w, height: h, px })
}

/// The PDF bytes written to a temporary file once, for `pdftoppm`.
pub struct TempPdf<'a> {
    bytes: &'a [u8],
    path: OnceLock<Result<PathBuf, String>>,
    hash: OnceLock<Vec<u8>>,
}

impl<'a> TempPdf<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, path: OnceLock::new(), hash: OnceLock::new() }
    }

    fn hash(&self) -> &[u8] {
        self.hash.get_or_init(|| hash(&[self.bytes]))
    }

    fn path(&self) -> Result<PathBuf, OcrError> {
        static N: AtomicU64 = AtomicU64::new(0);
        self.path
            .get_or_init(|| {
                let n = N.fetch_add(1, Ordering::Relaxed);
                let p = std::env::temp_dir().join(format!("decree-ocr-{}-{n}.pdf", std::process::id()));
                std::fs::write(&p, self.bytes).map(|()| p).map_err(|e| e.to_string())
            })
            .clone()
            .map_err(OcrError::Image)
    }
}

impl Drop for TempPdf<'_> {
    fn drop(&mut self) {
        if let Some(Ok(p)) = self.path.get() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A scanned PDF page's image: its one DCT or Flate image decoded here, or
/// the page rendered.
pub fn pdf_page<'a>(doc: &'a lopdf::Document, ask: &PageAsk, file: &'a TempPdf<'a>) -> (Vec<u8>, Loader<'a>) {
    let size = format!("{}x{}", ask.width, ask.height);
    let images = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.get_page_images(ask.id)))
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    if let [img] = images.as_slice() {
        let filters = img.filters.clone().unwrap_or_default();
        let (w, h) = (img.width.max(0) as u64, img.height.max(0) as u64);
        // One image filling the page: read its bytes ourselves.
        if filters.len() == 1 && filters[0] == "DCTDecode" {
            let data = img.content;
            let load: Loader<'a> = Box::new(move || {
                raster::check_budget(w, h)?;
                raster::decode(data)
            });
            return (hash(&[b"dct", data, size.as_bytes()]), load);
        }
        let bpc = img.bits_per_component.unwrap_or(8);
        let cs = img.color_space.clone().unwrap_or_default();
        if filters.iter().all(|f| f == "FlateDecode") && bpc == 8 && (cs == "DeviceGray" || cs == "DeviceRGB") {
            let id = img.id;
            let load: Loader<'a> = Box::new(move || {
                raster::check_budget(w, h)?;
                flate_image(doc, id, w, h, cs == "DeviceRGB")
            });
            return (hash(&[b"flate", img.content, size.as_bytes()]), load);
        }
    }
    let (number, width, height) = (ask.number, ask.width, ask.height);
    let load: Loader<'a> = Box::new(move || render(file, number, width, height));
    (hash(&[b"render", file.hash(), &number.to_le_bytes()]), load)
}

fn flate_image(doc: &lopdf::Document, id: lopdf::ObjectId, w: u64, h: u64, rgb: bool) -> Result<Gray, OcrError> {
    let stream = doc.get_object(id).and_then(lopdf::Object::as_stream).map_err(|e| OcrError::Image(e.to_string()))?;
    let data = stream.decompressed_content().map_err(|e| OcrError::Image(e.to_string()))?;
    let n = (w * h) as usize;
    let px: Vec<u8> = if rgb {
        data.chunks_exact(3).take(n).map(|p| raster::gray_of([p[0], p[1], p[2]])).collect()
    } else {
        data.into_iter().take(n).collect()
    };
    if px.len() != n {
        return Err(OcrError::Image("image data shorter than its size".into()));
    }
    Ok(Gray { width: w as u32, height: h as u32, px })
}

/// Renders one page at 300 dpi in colour (stamps are told by colour).
fn render(file: &TempPdf<'_>, number: u32, width_pt: f64, height_pt: f64) -> Result<Gray, OcrError> {
    let dpi = raster::TARGET_DPI;
    raster::check_budget((width_pt / 72.0 * dpi) as u64, (height_pt / 72.0 * dpi) as u64)?;
    let path = file.path()?;
    let n = number.to_string();
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-f", &n, "-l", &n])
        .arg(&path)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| OcrError::RendererMissing(e.to_string()))?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(OcrError::Image(format!("pdftoppm could not render page {number}")));
    }
    raster::decode(&out.stdout)
}
