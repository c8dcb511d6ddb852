//! Pages per second on the fixture PDFs, one core: the reader alone (parse and
//! layout) and the whole pipeline (parse, layout, extract, check).
//! `cargo bench -p decree-pdf --bench read`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;

/// Fixture PDFs of both producers, with their page counts.
fn fixtures() -> Vec<(String, PathBuf, Vec<u8>, u64)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf");
    let mut out = Vec::new();
    for (producer, dir) in [("libreoffice", root.clone()), ("chromium", root.join("chromium"))] {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
        files.sort();
        for path in files {
            let Ok(bytes) = std::fs::read(&path) else { continue };
            let pages = decree_pdf::read_pdf(&bytes).ok().and_then(|(l, _)| l.pages).unwrap_or(1);
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            out.push((format!("{producer}/{stem}"), path, bytes, u64::from(pages)));
        }
    }
    out
}

fn pages_per_second(c: &mut Criterion) {
    let inputs = fixtures();
    let total: u64 = inputs.iter().map(|i| i.3).sum();
    let mut all = c.benchmark_group("pdf all fixtures");
    all.sample_size(10).throughput(Throughput::Elements(total));
    all.bench_function("read", |b| {
        b.iter(|| {
            inputs.iter().for_each(|(_, _, bytes, _)| {
                std::hint::black_box(decree_pdf::read_pdf(bytes).is_ok());
            })
        })
    });
    all.bench_function("convert", |b| {
        b.iter(|| {
            inputs.iter().for_each(|(_, p, bytes, _)| {
                std::hint::black_box(decree::convert_bytes(bytes, p).is_ok());
            })
        })
    });
    all.finish();
    let mut each = c.benchmark_group("pdf convert");
    each.sample_size(10);
    for (name, path, bytes, pages) in &inputs {
        each.throughput(Throughput::Elements(*pages));
        each.bench_function(name.as_str(), |b| {
            b.iter(|| std::hint::black_box(decree::convert_bytes(bytes, path).is_ok()))
        });
    }
    each.finish();
}

criterion_group!(benches, pages_per_second);
criterion_main!(benches);
