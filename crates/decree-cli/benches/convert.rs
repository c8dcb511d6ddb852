//! Whole-pipeline time on the seed fixtures (read, layout, extract, check), one
//! core: `cargo bench -p decree-cli --bench convert`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;

fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.sort();
    files.into_iter().filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b))).collect()
}

fn convert_seeds(c: &mut Criterion) {
    let inputs = seeds();
    c.bench_function("convert all seeds", |b| {
        b.iter(|| {
            for (path, bytes) in &inputs {
                let records = decree::convert_bytes(bytes, path);
                std::hint::black_box(records.is_ok());
            }
        });
    });
    for (path, bytes) in &inputs {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        c.bench_function(&format!("convert {name}"), |b| {
            b.iter(|| std::hint::black_box(decree::convert_bytes(bytes, path).is_ok()));
        });
    }
}

/// The cross-checks alone, on records already extracted: their share of convert.
fn check_seeds(c: &mut Criterion) {
    let records: Vec<_> =
        seeds().iter().filter_map(|(p, b)| decree::convert_bytes(b, p).ok().map(|w| w.output)).collect();
    let reference = decree_check::Reference::shipped();
    c.bench_function("check all seeds", |b| {
        b.iter(|| {
            for r in &records {
                std::hint::black_box(decree_check::check(r, &reference).len());
            }
        });
    });
}

criterion_group!(benches, convert_seeds, check_seeds);
criterion_main!(benches);
