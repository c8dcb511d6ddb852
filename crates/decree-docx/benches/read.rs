//! Throughput of the Word reader on the `.docx` fixtures, in bytes of document
//! XML per second on one core: `cargo bench -p decree-docx --bench read`.
//!
//! `docx` reads whole files (unzip, styles, numbering, document, layout);
//! `document.xml` the main part alone, already unpacked; `quick-xml events only`
//! is the floor (the XML tokenizer doing nothing). All count the bytes of
//! `word/document.xml`, the figure the 50 MB/s target is stated in.
//!
//! Two groups: `word reader` measures wall-clock time; `word reader (CPU time)`
//! the CPU time of the benchmark thread (Linux `/proc/thread-self/stat`), which
//! stays the figure for one core when other processes share the machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

type Input = (Vec<u8>, String);

/// Every `.docx` under `fixtures/`, with its `word/document.xml` as text.
fn fixtures() -> Vec<Input> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    for dir in ["docx", "real/nd30-2020"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
    }
    files.retain(|p| p.extension().is_some_and(|e| e == "docx"));
    files.sort();
    let inputs: Vec<Input> = files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
            let mut xml = String::new();
            zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
            (bytes, xml)
        })
        .collect();
    assert!(!inputs.is_empty(), "no .docx fixtures (run scripts/make-fixtures)");
    inputs
}

fn functions<M: Measurement>(group: &mut BenchmarkGroup<'_, M>, inputs: &[Input]) {
    let xml_bytes: usize = inputs.iter().map(|(_, x)| x.len()).sum();
    group.throughput(Throughput::Bytes(xml_bytes as u64));
    group.bench_function("docx", |b| {
        b.iter(|| {
            for (bytes, _) in inputs {
                std::hint::black_box(decree_docx::read_docx(bytes).unwrap().blocks.len());
            }
        });
    });
    group.bench_function("document.xml", |b| {
        b.iter(|| {
            for (_, xml) in inputs {
                std::hint::black_box(decree_docx::read_document_part(xml).unwrap().blocks.len());
            }
        });
    });
    group.bench_function("quick-xml events only", |b| {
        b.iter(|| {
            for (_, xml) in inputs {
                let mut reader = quick_xml::Reader::from_str(xml);
                let mut n = 0usize;
                while !matches!(reader.read_event(), Ok(quick_xml::events::Event::Eof) | Err(_)) {
                    n += 1;
                }
                std::hint::black_box(n);
            }
        });
    });
}

fn wall(c: &mut Criterion) {
    let inputs = fixtures();
    let mut group = c.benchmark_group("word reader");
    functions(&mut group, &inputs);
    group.finish();
}

fn cpu(c: &mut Criterion<ThreadCpu>) {
    if cpu_seconds().is_none() {
        eprintln!("no /proc/thread-self/stat: CPU-time group skipped");
        return;
    }
    let inputs = fixtures();
    let mut group = c.benchmark_group("word reader (CPU time)");
    functions(&mut group, &inputs);
    group.finish();
}

/// CPU time of the calling thread, in nanoseconds as criterion's own timer.
struct ThreadCpu;

static WALL: WallTime = WallTime;

impl Measurement for ThreadCpu {
    type Intermediate = f64;
    type Value = f64;

    fn start(&self) -> f64 {
        cpu_seconds().unwrap_or(0.0)
    }
    fn end(&self, start: f64) -> f64 {
        (cpu_seconds().unwrap_or(0.0) - start) * 1e9
    }
    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }
    fn zero(&self) -> f64 {
        0.0
    }
    fn to_f64(&self, v: &f64) -> f64 {
        *v
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

/// User + system time of this thread from `/proc/thread-self/stat`, in clock
/// ticks of 1/100 s (the Linux default): samples are made long enough (about
/// two seconds each) for that resolution.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

criterion_group!(wall_benches, wall);
criterion_group! {
    name = cpu_benches;
    config = Criterion::default().with_measurement(ThreadCpu).sample_size(10).measurement_time(Duration::from_secs(20));
    targets = cpu
}
criterion_main!(wall_benches, cpu_benches);
