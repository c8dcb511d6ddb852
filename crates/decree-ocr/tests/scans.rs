//! OCR end to end on small committed scans, and hostile page images. These
//! need `tesseract` with `vie` and `pdftoppm` (installed by `.ci/run`).

#![allow(clippy::expect_used)]
use decree_layout::{Block, Layout};
use decree_ocr::{Ocr, OcrError};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/scans").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn ocr() -> Ocr {
    Ocr { cache: None, ..Ocr::default() }
}

fn text(layout: &Layout) -> String {
    let mut s = String::new();
    for b in &layout.blocks {
        match b {
            Block::Paragraph(p) => s.push_str(&p.text),
            Block::Heading(h) => s.push_str(&h.text),
            Block::ListItem(l) => s.push_str(&l.text),
            Block::Table(t) => t.rows.iter().flat_map(|r| &r.cells).for_each(|c| s.push_str(&c.text)),
            Block::PageBreak { .. } => {}
        }
        s.push('\n');
    }
    s
}

#[test]
fn a_scanned_page_reads_as_text_and_a_repeat_comes_from_the_cache() {
    let bytes = fixture("002_p1_scan200.pdf");
    let dir = tempfile::tempdir().expect("temp dir");
    let ocr = Ocr { cache: Some(dir.path().to_owned()), ..Ocr::default() };
    let started = std::time::Instant::now();
    let (layout, notes) = ocr.read_pdf(&bytes).expect("reads");
    let first = started.elapsed();
    let t = text(&layout);
    assert!(notes.iter().all(|n| n.kind != "no_text_layer"), "{notes:?}");
    for phrase in ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH"]
    {
        assert!(t.contains(phrase), "{phrase} not in:\n{t}");
    }
    let started = std::time::Instant::now();
    let (again, _) = ocr.read_pdf(&bytes).expect("reads again");
    assert_eq!(text(&again), t);
    assert!(started.elapsed() * 5 < first, "cache: {:?} vs {first:?}", started.elapsed());
}

#[test]
fn a_one_pixel_image_is_a_clear_result_not_a_panic() {
    let mut png = Vec::new();
    let img = image::GrayImage::from_pixel(1, 1, image::Luma([255]));
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("encode");
    match ocr().read_image(&png) {
        Ok((layout, _)) => assert!(text(&layout).trim().is_empty()),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// A TIFF header announcing 30,000 × 30,000 pixels and no data.
fn huge_tiff() -> Vec<u8> {
    let mut t = b"II*\0\x08\0\0\0".to_vec();
    let entries: [(u16, u16, u32); 7] =
        [(256, 4, 30_000), (257, 4, 30_000), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 200), (279, 4, 16)];
    t.extend((entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(1u32.to_le_bytes());
        t.extend(value.to_le_bytes());
    }
    t.extend(0u32.to_le_bytes());
    t
}

#[test]
fn a_huge_image_is_refused_by_its_header() {
    let err = ocr().read_image(&huge_tiff()).expect_err("over the pixel budget");
    assert!(matches!(err, OcrError::TooLarge { width: 30_000, height: 30_000, .. }), "{err}");
}

#[test]
fn a_truncated_jpeg_is_an_error_or_a_page_never_a_panic() {
    let mut jpeg = Vec::new();
    let img = image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    img.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).expect("encode");
    jpeg.truncate(jpeg.len() / 3);
    let _ = ocr().read_image(&jpeg);
}

#[test]
fn a_jbig2_page_with_a_broken_dictionary_gets_a_finding() {
    let bytes = fixture("broken_jbig2.pdf");
    let (layout, notes) = ocr().read_pdf(&bytes).expect("the file opens");
    assert!(text(&layout).trim().is_empty());
    assert!(notes.iter().any(|n| n.page == Some(1)), "{notes:?}");
}
