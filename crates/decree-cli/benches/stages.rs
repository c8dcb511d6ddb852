//! Each pipeline stage on its own, per input format, one core, so a regression
//! shows in the stage that caused it: read (bytes to layout: parsing and layout),
//! extract (layout to records), check (cross-checks) and export (JSON and NDJSON).
//! `cargo bench -p decree-cli --bench stages`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use decree_model::Format;
use std::hint::black_box;
use std::path::PathBuf;

/// One fixture per format, all made from the same seed plan (000).
const FIXTURES: [(&str, Format); 5] = [
    ("seeds/000_384f955878bb2b4b.txt", Format::Txt),
    ("docx/000_384f955878bb2b4b.docx", Format::Docx),
    ("sheets/000_384f955878bb2b4b.xlsx", Format::Xlsx),
    ("pdf/000_384f955878bb2b4b.pdf", Format::Pdf),
    ("pdf/chromium/000_384f955878bb2b4b.pdf", Format::Pdf),
];

fn label(path: &str) -> String {
    path.replace("_384f955878bb2b4b", "")
}

fn stages(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let reference = decree_check::Reference::shipped();
    let mut group = c.benchmark_group("stage");
    group.sample_size(20);
    for (rel, format) in FIXTURES {
        let path = root.join(rel);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipping {rel}: not found (scripts/make-fixtures makes it)");
            continue;
        };
        let Some(reader) = decree::registry::reader_for(format) else { continue };
        let Ok(decree::Warned { output: layout, warnings: notes }) = reader.read(&bytes, format) else { continue };
        let name = label(rel);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("read", &name), &bytes, |b, bytes| {
            b.iter(|| black_box(reader.read(bytes, format).is_ok()))
        });
        let document = decree::base_document(&path, &bytes, format, layout.pages);
        group.bench_function(BenchmarkId::new("extract", &name), |b| {
            b.iter(|| black_box(decree_extract::extract(&layout, &notes, document.clone()).tasks.len()))
        });
        let records = decree_extract::extract(&layout, &notes, document);
        group.bench_function(BenchmarkId::new("check", &name), |b| {
            b.iter(|| black_box(decree_check::check(&records, &reference).len()))
        });
        group.bench_function(BenchmarkId::new("export", &name), |b| {
            b.iter(|| {
                let json = decree_export::to_json(&records).map(|s| s.len()).unwrap_or(0);
                let lines = decree_export::ndjson_lines(&records).map(|l| l.len()).unwrap_or(0);
                black_box((json, lines))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
