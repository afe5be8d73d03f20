//! Benchmarks that print figures and assert nothing. Run with
//!
//! ```sh
//! cargo bench --bench latency            # everything
//! cargo bench --bench latency -- quick   # fewer repetitions
//! cargo bench --bench latency -- server  # only some parts: throughput, edits, features, phases, server
//! ```
//!
//! `cargo bench` builds with the release profile, which has no debug info; for a profiler or a
//! flame graph use `cargo bench --profile profiling --bench latency` (release code with symbols).
//!
//! What it measures, in process (the analysis itself, no I/O):
//! - full analysis throughput (MB/s) on the corpus;
//! - open → diagnostics and edit → diagnostics latency (median, p95, max over ≥ 200 edits spread
//!   through the file) at 64 KB, 1 MB and 10 MB reports built by concatenating the corpus —
//!   an edit is applied to the document, the snapshot analysed and the findings converted to
//!   LSP diagnostics, exactly as the server does between a didChange and a publish;
//! - outline, hover and completion latency at 1 MB;
//! - where an edit's time goes at 10 MB: each phase of the analysis and each check alone (one
//!   thread), the profile behind the edit figures;
//! - over the wire (`server`), with the release server (`baocao-ls`) started as an editor would,
//!   timed by the client at 64 KB, 1 MB and 10 MB: open → first diagnostics; edit → fresh
//!   diagnostics; outline (documentSymbol) and hover requests between the edits; publishes per
//!   burst of 10 edits written at once; peak resident memory (VmHWM) over all of it.

use std::time::{Duration, Instant};

use baocao_ls::analysis::{Analysis, Config};
use baocao_ls::document::Document;
use baocao_ls::server::convert::{self, Encoding};
use baocao_ls::server::proto;
use tower_lsp_server::ls_types::Uri;

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    ["khe-tre-2020.txt", "huong-tra-2021.txt", "cam-giang-2021.txt"]
        .iter()
        .map(|n| std::fs::read_to_string(format!("{dir}/{n}")).expect("corpus"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn report_of_size(base: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + base.len());
    while s.len() < size {
        s.push_str(base);
        s.push('\n');
    }
    s
}

struct Stats {
    median: Duration,
    p95: Duration,
    max: Duration,
    n: usize,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let n = v.len();
    Stats { median: v[n / 2], p95: v[(n * 95 / 100).min(n - 1)], max: v[n - 1], n }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn print(name: &str, s: &Stats) {
    println!("{name:<44} median {:>10}  p95 {:>10}  max {:>10}  (n = {})", ms(s.median), ms(s.p95), ms(s.max), s.n);
}

/// What the server does after an edit before it can publish: analyse the snapshot and turn the
/// findings into LSP diagnostics.
fn diagnostics(doc: &Document, uri: &Uri) -> usize {
    let a = Analysis::new(doc, &Config::default());
    let rope = a.rope();
    let diags: Vec<_> = a.findings.iter().map(|f| proto::diagnostic(rope, uri, f, Encoding::Utf16, Default::default(), true)).collect();
    diags.len()
}

fn throughput(base: &str, reps: usize) {
    let start = Instant::now();
    let mut findings = 0;
    for _ in 0..reps {
        findings += Analysis::from_text(base, &Config::default()).findings.len();
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (base.len() * reps) as f64 / 1e6;
    println!("full analysis throughput on the corpus ({:.0} KB × {reps}): {:.1} MB/s ({findings} findings)", base.len() as f64 / 1e3, mb / secs);
}

fn edits(size_name: &str, text: &str, n_edits: usize) {
    let uri: Uri = "file:///bench.txt".parse().expect("uri");
    // Open → first diagnostics: lex every line, build the tree, run the checks. As many opens
    // as 40 MB of text allows (40 at 1 MB, so the p95 is not just the slowest of a handful).
    let mut opens = Vec::new();
    for _ in 0..((40usize << 20) / text.len().max(1)).clamp(5, 40) {
        let t = Instant::now();
        let doc = Document::new(text);
        diagnostics(&doc, &uri);
        opens.push(t.elapsed());
    }
    print(&format!("{size_name}: open → diagnostics"), &stats(opens));

    let mut doc = Document::new(text);
    let mut lat = Vec::with_capacity(n_edits);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let pieces = ["x", " ", "1. Kinh tế\n", "\n", "đạt 98,3%", "ế"];
    for i in 0..n_edits {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Spread through the file: the i-th edit lands in the i-th slice of it.
        let slice = doc.len() / n_edits;
        let mut at = (i * slice + (seed as usize % slice.max(1))).min(doc.len());
        while !doc.is_char_boundary(at) {
            at -= 1;
        }
        let piece = pieces[(seed >> 33) as usize % pieces.len()];
        let t = Instant::now();
        doc.edit(at..at, piece).expect("valid edit");
        diagnostics(&doc, &uri);
        lat.push(t.elapsed());
    }
    print(&format!("{size_name}: edit → diagnostics"), &stats(lat));
}

fn features_at_1mb(text: &str, n: usize) {
    let doc = Document::new(text);
    let a = Analysis::new(&doc, &Config::default());
    let rope = a.rope();
    let mut outline = Vec::new();
    for _ in 0..n.min(50) {
        let t = Instant::now();
        let syms = proto::document_symbols(rope, &a.structure, &a.tables, Encoding::Utf16);
        std::hint::black_box(syms);
        outline.push(t.elapsed());
    }
    print("1 MB: outline (documentSymbol)", &stats(outline.clone()));

    // Hover at figures and headings spread through the file; completion at line starts.
    let lines = a.line_count();
    let mut hover = Vec::new();
    let mut completion = Vec::new();
    for i in 0..n {
        let line = i * lines / n;
        let start = a.line_start(line);
        let offset = a.lines()[line].quantities.first().map(|q| start + q.range.start as usize).unwrap_or(start);
        let pos = convert::position(rope, offset, Encoding::Utf16);
        let t = Instant::now();
        let off = convert::offset(rope, pos, Encoding::Utf16).expect("position");
        std::hint::black_box(baocao_ls::ide::hover::hover(&a, off, Default::default()));
        hover.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(completion_at(&a, start));
        completion.push(t.elapsed());
    }
    print("1 MB: hover", &stats(hover));
    print("1 MB: completion", &stats(completion));
}

/// Each phase of the analysis after an edit, and each check alone, timed separately (one
/// thread; the checks share the cores in the server).
fn phases(size_name: &str, text: &str, n: usize) {
    use baocao_ls::document::line_text;
    use baocao_ls::figures::model::{self, Figures};
    use baocao_ls::syntax::structure;
    let doc = Document::new(text);
    let a = Analysis::new(&doc, &Config::default());
    let time = |f: &mut dyn FnMut()| {
        let lat = (0..n)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        stats(lat)
    };
    let lines = doc.lines().to_vec();
    let starts = doc.line_starts();
    let rope = doc.rope().clone();
    let text_of = |i: usize| line_text(&rope, i).into_owned();
    let row = |name: &str, s: Stats| print(&format!("{size_name}: {name}"), &s);
    row("phase: line starts", time(&mut || drop(std::hint::black_box(doc.line_starts()))));
    row("phase: structure", time(&mut || drop(std::hint::black_box(structure::build(&lines, &starts)))));
    row("phase: tables", time(&mut || drop(std::hint::black_box(baocao_ls::tables::Tables::detect(&lines, &text_of)))));
    let table_lines = a.tables.line_ranges();
    let flags = doc.flags().to_vec();
    let inp = model::Input { lines: &lines, flags: &flags, starts: &starts, structure: &a.structure, text: &text_of, tables: &table_lines };
    row("phase: figures", time(&mut || drop(std::hint::black_box(Figures::build(&inp)))));
    row("phase: reading (all, nothing cached)", time(&mut || drop(std::hint::black_box(baocao_ls::reading::Reading::build(&a)))));
    let cache = baocao_ls::reading::Cache::default();
    drop(baocao_ls::reading::Reading::build_with(&a, Some(&cache)));
    row("phase: reading (all cached)", time(&mut || drop(std::hint::black_box(baocao_ls::reading::Reading::build_with(&a, Some(&cache))))));
    let passages = baocao_ls::reading::passage::build(&a);
    row("  sentences", time(&mut || drop(std::hint::black_box(baocao_ls::reading::passage::build(&a)))));
    for (name, read) in baocao_ls::reading::READERS {
        row(&format!("  reader {name}"), time(&mut || {
            let mut out = Vec::new();
            read(&a, &passages, 0..passages.sentences.len(), &mut out);
            std::hint::black_box(out);
        }));
    }
    row("phase: all checks", time(&mut || drop(std::hint::black_box(baocao_ls::checks::run_all(&a)))));
    for (name, check) in baocao_ls::checks::RUNS {
        row(&format!("  check {name}"), time(&mut || {
            let mut out = Vec::new();
            check(&a, &mut out);
            std::hint::black_box(out);
        }));
    }
    let uri: Uri = "file:///bench.txt".parse().expect("uri");
    row("phase: to LSP diagnostics", time(&mut || {
        let d: Vec<_> = a.findings.iter().map(|f| proto::diagnostic(&rope, &uri, f, Encoding::Utf16, Default::default(), true)).collect();
        std::hint::black_box(d);
    }));
}

fn completion_at(a: &Analysis, offset: usize) -> usize {
    let opts = baocao_ls::ide::completion::CompletionOptions::default();
    baocao_ls::ide::completion::complete(a, offset, &opts).len()
}

#[path = "../tests/common/mod.rs"]
mod common;

/// Open → first `publishDiagnostics` over stdio, `n` times (each document opened, answered and
/// closed): the whole round trip as an editor sees it, and the part after the client has written
/// the message (what the server spends reading, decoding, analysing and answering).
fn server_open(size_name: &str, text: &str, n: usize) {
    use serde_json::json;
    let mut c = common::Client::start();
    c.initialize(common::caps(false, false));
    let (mut whole, mut after_write) = (Vec::new(), Vec::new());
    for i in 0..n {
        let uri = format!("file:///bench/open-{i}.txt");
        let t = Instant::now();
        c.open(&uri, "baocao", text);
        let written = Instant::now();
        c.diagnostics(&uri, 1);
        whole.push(t.elapsed());
        after_write.push(written.elapsed());
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
        c.inbox.clear();
    }
    print(&format!("{size_name}: server open → first diagnostics"), &stats(whole));
    print(&format!("{size_name}:   of which after the client wrote it"), &stats(after_write));
    let _ = c.shutdown();
}

/// One document in the release server over stdio, as a writer uses it: `n` edits spread through
/// the file, each followed by its diagnostics (edit written → `publishDiagnostics` of that
/// version read), with an outline and a hover request after every other edit (the outline is
/// also asked again for the same version, as editors do when a panel is refreshed); then bursts
/// of 10 edits written at once, counting the publishes each causes; then the server's peak
/// resident memory (VmHWM) over all of it.
fn server(size_name: &str, text: &str, n: usize) {
    use serde_json::{json, Value};
    let mut c = common::Client::start();
    c.initialize(common::caps(false, false));
    let uri = "file:///bench/report.txt";
    let t = Instant::now();
    c.open(uri, "baocao", text);
    c.diagnostics(uri, 1);
    let open = t.elapsed();
    let lines = text.split('\n').count() as u64;
    let (mut edit, mut outline, mut outline_again, mut hover) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // The same, up to the last byte of the answer read off the pipe (without the client's own
    // parsing of the JSON into a `serde_json::Value`, which at 10 MB costs more than the server).
    let (mut edit_read, mut outline_read) = (Vec::new(), Vec::new());
    let read = |c: &common::Client, t: Instant| c.last_arrival.map_or(t.elapsed(), |a| a.saturating_duration_since(t));
    let mut version = 1i64;
    let mut symbols = 0;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next_line = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % lines.max(1)
    };
    let pos = |line: u64| json!({"line": line, "character": 0});
    for i in 0..n {
        version += 1;
        let line = next_line();
        let t = Instant::now();
        c.change(uri, version, json!([{"range": {"start": pos(line), "end": pos(line)}, "text": "x"}]));
        c.diagnostics(uri, version);
        edit.push(t.elapsed());
        edit_read.push(read(&c, t));
        if i % 2 == 0 {
            for times in [&mut outline, &mut outline_again] {
                let t = Instant::now();
                let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
                times.push(t.elapsed());
                outline_read.push(read(&c, t));
                symbols = r.as_array().map_or(0, Vec::len);
            }
            let t = Instant::now();
            let _ = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": next_line(), "character": 2}}));
            hover.push(t.elapsed());
        }
        c.inbox.clear();
    }
    let (mut bursts, mut last_ok) = (Vec::new(), true);
    for _ in 0..5 {
        let first = version + 1;
        for _ in 0..10 {
            version += 1;
            let line = next_line();
            c.change(uri, version, json!([{"range": {"start": pos(line), "end": pos(line)}, "text": "y"}]));
        }
        c.diagnostics(uri, version);
        // A request answered after the last publish: whatever was queued has arrived.
        let _ = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": uri}}));
        let versions: Vec<i64> = c
            .inbox
            .iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics")
            .filter_map(|m: &Value| m["params"]["version"].as_i64())
            .collect();
        last_ok &= versions.iter().all(|&v| (first..version).contains(&v));
        bursts.push(versions.len() + 1);
        c.inbox.clear();
    }
    let hwm = c.peak_memory_kb().unwrap_or(0);
    print(&format!("{size_name}: server edit → diagnostics"), &stats(edit));
    print(&format!("{size_name}: server outline, first for a version ({symbols} roots)"), &stats(outline.clone()));
    print(&format!("{size_name}: server outline, asked again"), &stats(outline_again.clone()));
    let mut all_outlines = outline.clone();
    all_outlines.extend(outline_again.iter().copied());
    print(&format!("{size_name}: server outline, all"), &stats(all_outlines));
    print(&format!("{size_name}: server hover"), &stats(hover));
    print(&format!("{size_name}: server edit → diagnostics, last byte read"), &stats(edit_read));
    print(&format!("{size_name}: server outline, all, last byte read"), &stats(outline_read));
    println!(
        "{size_name}: server open → first diagnostics {}; publishes per burst of 10 edits {:?} (the last for the last version: {}); peak RSS {:.1} MB (document {:.1} MB)",
        ms(open),
        bursts,
        if last_ok { "yes" } else { "NO" },
        hwm as f64 / 1024.0,
        text.len() as f64 / 1e6,
    );
    let _ = c.shutdown();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "quick");
    // Name parts to run only those: throughput, edits, features, phases, server.
    let parts = ["throughput", "edits", "features", "phases", "server"];
    let chosen: Vec<&str> = parts.iter().copied().filter(|p| args.iter().any(|a| a == p)).collect();
    let run = |p: &str| chosen.is_empty() || chosen.contains(&p);
    let base = corpus();
    println!("baocao-ls benchmarks — {} cores", baocao_ls::par::all_cores());
    if run("throughput") {
        throughput(&base, if quick { 5 } else { 40 });
    }
    let n = if quick { 50 } else { 250 };
    if run("edits") {
        edits("64 KB", &report_of_size(&base, 64 << 10), n);
        edits("1 MB", &report_of_size(&base, 1 << 20), n);
        edits("10 MB", &report_of_size(&base, 10 << 20), if quick { 20 } else { 200 });
    }
    if run("features") {
        features_at_1mb(&report_of_size(&base, 1 << 20), if quick { 50 } else { 300 });
    }
    if run("phases") {
        phases("1 MB", &report_of_size(&base, 1 << 20), if quick { 20 } else { 100 });
        phases("10 MB", &report_of_size(&base, 10 << 20), if quick { 5 } else { 20 });
    }
    if run("server") {
        let (n_open, n_edit) = if quick { (5, 40) } else { (40, 200) };
        server_open("64 KB", &report_of_size(&base, 64 << 10), n_open);
        server_open("1 MB", &report_of_size(&base, 1 << 20), n_open);
        server_open("10 MB", &report_of_size(&base, 10 << 20), if quick { 3 } else { 10 });
        server("64 KB", &report_of_size(&base, 64 << 10), n_edit);
        server("1 MB", &report_of_size(&base, 1 << 20), n_edit);
        server("10 MB", &report_of_size(&base, 10 << 20), n_edit / 2);
    }
}
