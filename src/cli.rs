//! The command line: `baocao-ls [--stdio]` serves LSP; `check` prints findings; `outline`
//! prints the tree. This is a thin layer: it reads files, calls the analysis and formats.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use ropey::Rope;

use crate::analysis::{Analysis, Config};
use crate::checks::{Finding, Locale, Severity};
use crate::syntax::structure::Structure;

#[derive(Debug, Parser)]
#[command(name = "baocao-ls", version, about = "Máy chủ ngôn ngữ (LSP) cho báo cáo kinh tế - xã hội")]
pub struct Cli {
    /// Serve LSP over stdin/stdout (the default when no command is given).
    #[arg(long)]
    pub stdio: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports (files or folders) and print the findings.
    Check {
        /// Report files, or folders searched for *.txt and *.md.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of the messages.
        #[arg(long, default_value = "vi")]
        locale: String,
        /// Print a summary (files, size, time, throughput) to stderr.
        #[arg(long)]
        stats: bool,
        /// Worker threads (default: every core).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Print the figures and claims read on each line (to see what the checks compare).
    Figures { file: PathBuf },
    /// Print the outline of a report.
    Outline {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            crate::server::run_stdio();
            ExitCode::SUCCESS
        }
        Some(Command::Check { paths, format, locale, stats, jobs }) => {
            let Some(locale) = Locale::parse(&locale) else {
                eprintln!("baocao-ls: ngôn ngữ không hỗ trợ: {locale} (dùng vi hoặc en)");
                return ExitCode::from(2);
            };
            check(&paths, format, locale, stats, jobs)
        }
        Some(Command::Outline { file, format }) => outline(&file, format),
        Some(Command::Figures { file }) => figures(&file),
    }
}

/// Read a report: a clear message instead of a panic for a missing file, a folder, bad UTF-8.
pub fn read_report(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: không đọc được tệp ({e})", path.display()))?;
    if meta.is_dir() {
        return Err(format!("{}: là thư mục, không phải tệp", path.display()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: không đọc được tệp ({e})", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("{}: không phải văn bản UTF-8 (byte lỗi ở vị trí {})", path.display(), e.utf8_error().valid_up_to())
    })?;
    // A byte-order mark is not part of the text.
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Files to check: the files given, and *.txt / *.md under the folders given (sorted).
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let rd = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                for entry in rd.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
                        out.push(path);
                    }
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    Ok(out)
}

struct FileResult {
    path: PathBuf,
    bytes: usize,
    outcome: Result<(Rope, Vec<Finding>), String>,
}

fn check(paths: &[PathBuf], format: Format, locale: Locale, stats: bool, jobs: Option<usize>) -> ExitCode {
    let files = match collect_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("baocao-ls: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let workers = jobs
        .unwrap_or_else(crate::par::all_cores)
        .clamp(1, 64);
    let config = Config { locale, ..Config::default() };
    let results = analyse_parallel(&files, workers, &config);
    let elapsed = started.elapsed();

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut any_error = false;
    let mut bad_input = false;
    let mut json = Vec::new();
    for r in &results {
        match &r.outcome {
            Err(e) => {
                eprintln!("baocao-ls: {e}");
                bad_input = true;
            }
            Ok((rope, findings)) => {
                for f in findings {
                    any_error |= f.severity == Severity::Error;
                    let (line, col) = line_col(rope, f.range.start);
                    match format {
                        Format::Text => {
                            let _ = writeln!(
                                out,
                                "{}:{}:{}: {} {} {}",
                                r.path.display(),
                                line,
                                col,
                                f.severity.as_str(),
                                f.code,
                                f.message.get(locale)
                            );
                        }
                        Format::Json => json.push(finding_json(&r.path, rope, f, locale)),
                    }
                }
            }
        }
    }
    if format == Format::Json {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&json).unwrap_or_default());
    }
    let _ = out.flush();
    if stats {
        let total: usize = results.iter().map(|r| r.bytes).sum();
        let secs = elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "baocao-ls: {} tệp, {:.1} MB, {} luồng, {:.3} s, {:.1} MB/s",
            results.len(),
            total as f64 / 1e6,
            workers,
            secs,
            total as f64 / 1e6 / secs
        );
    }
    if bad_input {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn analyse_parallel(files: &[PathBuf], workers: usize, config: &Config) -> Vec<FileResult> {
    crate::par::map(files.len(), workers, |i| {
        let path = &files[i];
        match read_report(path) {
            Ok(text) => {
                let a = Analysis::from_text(&text, config);
                FileResult { path: path.clone(), bytes: text.len(), outcome: Ok((a.rope().clone(), a.findings)) }
            }
            Err(e) => FileResult { path: path.clone(), bytes: 0, outcome: Err(e) },
        }
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(rope: &Rope, offset: usize) -> (usize, usize) {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let col = rope.byte_to_char(offset) - rope.line_to_char(line);
    (line + 1, col + 1)
}

fn finding_json(path: &Path, rope: &Rope, f: &Finding, locale: Locale) -> serde_json::Value {
    let (line, col) = line_col(rope, f.range.start);
    let (end_line, end_col) = line_col(rope, f.range.end);
    serde_json::json!({
        "file": path.display().to_string(),
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "severity": f.severity.as_str(),
        "code": f.code,
        "message": f.message.get(locale),
        "related": f.related.iter().map(|r| {
            let (l, c) = line_col(rope, r.range.start);
            serde_json::json!({"line": l, "column": c, "message": r.message.get(locale)})
        }).collect::<Vec<_>>(),
        "fixes": f.fixes.iter().map(|x| serde_json::json!({
            "title": x.title.get(locale),
            "certain": x.certain,
            "edits": x.edits.iter().map(|e| {
                let (l, c) = line_col(rope, e.range.start);
                let (el, ec) = line_col(rope, e.range.end);
                serde_json::json!({"line": l, "column": c, "end_line": el, "end_column": ec, "new_text": e.new_text})
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Read and analyse one report, or say why not (exit status 2).
fn analyse_file(path: &Path) -> Result<Analysis, ExitCode> {
    match read_report(path) {
        Ok(text) => Ok(Analysis::from_text(&text, &Config::default())),
        Err(e) => {
            eprintln!("baocao-ls: {e}");
            Err(ExitCode::from(2))
        }
    }
}

fn outline(path: &Path, format: Format) -> ExitCode {
    let a = match analyse_file(path) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Text => {
            let _ = write!(out, "{}", render_outline(&a.structure));
        }
        Format::Json => {
            let tree = outline_json(&a.structure, &a.structure.roots);
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&tree).unwrap_or_default());
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}

fn figures(path: &Path) -> ExitCode {
    let a = match analyse_file(path) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let _ = write!(out, "{}", render_figures(&a));
    let _ = out.flush();
    ExitCode::SUCCESS
}

/// Every statement the claim extractor read, line by line, with the role of each figure.
pub fn render_figures(a: &Analysis) -> String {
    use crate::figures::model::FigId;
    let mut out = String::new();
    for (k, id) in a.figures.stmts.iter().enumerate() {
        let s = a.statement(*id);
        let fig = |q: Option<u32>| q.map(|q| a.slice(a.fig_range(FigId { line: id.line, q })).to_string());
        let mut parts = Vec::new();
        if let Some(n) = &s.name {
            parts.push(format!("«{}»", a.slice(a.abs(id.line as usize, n.clone()))));
        }
        for (label, q) in [("giá trị", s.value), ("kế hoạch", s.plan), ("% KH", s.plan_percent), ("đếm", s.count)] {
            if let Some(t) = fig(q) {
                parts.push(format!("{label}={t}"));
            }
        }
        if let Some((f, p)) = s.ratio {
            parts.push(format!("tỷ lệ={} ~ {}", fig(Some(f)).unwrap_or_default(), fig(Some(p)).unwrap_or_default()));
        }
        if let Some((p, w)) = &s.share {
            parts.push(format!("chiếm={} của «{w}»", fig(Some(*p)).unwrap_or_default()));
        }
        for c in &s.changes {
            parts.push(format!("{}={}", if c.dir == crate::figures::extract::Direction::Up { "tăng" } else { "giảm" }, fig(Some(c.q)).unwrap_or_default()));
        }
        let others: Vec<String> = s.others.iter().filter_map(|&q| fig(Some(q))).collect();
        if !others.is_empty() {
            parts.push(format!("khác=[{}]", others.join(", ")));
        }
        let flags: Vec<&str> = [
            (s.parts_follow, "có-thành-phần"),
            (s.is_part, "là-thành-phần"),
            (s.all_met, "đều-đạt"),
            (s.hedged, "rào-đón"),
            (a.figures.ctx[k].plan, "kế-hoạch"),
        ]
        .into_iter()
        .filter_map(|(b, n)| b.then_some(n))
        .collect();
        out.push_str(&format!("L{}: {} {}\n", id.line + 1, parts.join(" "), flags.join(" ")));
    }
    for pl in &a.figures.parts_lists {
        let parts: Vec<String> = pl.parts.iter().map(|&p| format!("L{} {}", p.line + 1, a.slice(a.fig_range(p)))).collect();
        out.push_str(&format!("tổng L{} {} = {}\n", pl.total.line + 1, a.slice(a.fig_range(pl.total)), parts.join(" + ")));
    }
    for r in &a.reading.relations {
        out.push_str(&format!("liên hệ: {}\n", crate::reading::describe(a, r)));
    }
    out
}

/// The outline as indented text, one section a line: `L<line> <number> <name>`.
pub fn render_outline(s: &Structure) -> String {
    fn walk(s: &Structure, ids: &[usize], depth: usize, out: &mut String) {
        for &i in ids {
            let sec = &s.sections[i];
            let num = if sec.number_text.is_empty() { String::new() } else { format!("{} ", sec.number_text) };
            let kind = format!("{:?}", sec.kind);
            out.push_str(&format!(
                "{}{}{} [{} L{}-{}]\n",
                "  ".repeat(depth),
                num,
                sec.name,
                kind,
                sec.line + 1,
                sec.last_line + 1
            ));
            walk(s, &sec.children, depth + 1, out);
        }
    }
    let mut out = String::new();
    walk(s, &s.roots, 0, &mut out);
    out
}

fn outline_json(s: &Structure, ids: &[usize]) -> Vec<serde_json::Value> {
    ids.iter()
        .map(|&i| {
            let sec = &s.sections[i];
            serde_json::json!({
                "kind": format!("{:?}", sec.kind),
                "number": sec.number_text,
                "name": sec.name,
                "line": sec.line + 1,
                "last_line": sec.last_line + 1,
                "children": outline_json(s, &sec.children),
            })
        })
        .collect()
}
