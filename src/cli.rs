//! The command line: `baocao-ls [--stdio]` serves LSP; `check` prints findings; `outline`
//! prints the tree; `convert` prints a Word file as Markdown. This is a thin layer: it reads
//! files, calls the analysis and formats. A `.docx` is read as the Markdown [`crate::docx`]
//! makes of it, so the lines `check` gives for it are the lines `convert` prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use ropey::Rope;

use crate::analysis::{Analysis, Config};
use crate::checks::{Finding, Locale, Severity};
use crate::server::config::EnableMode;
use crate::server::state::decide_report;
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
    ///
    /// Which files are reports follows the language server's rule: `*.baocao`, `*.bc.txt` and
    /// `*.bc.md` always; other `*.txt`, `*.md` and `*.docx` files when they look like a report;
    /// a `<!-- baocao-ls on -->` or `<!-- baocao-ls off -->` comment in the file decides first.
    /// A Word file (`*.docx`) is checked as the Markdown `convert` prints: the line numbers are
    /// that text's.
    Check {
        /// Report files, or folders searched for *.txt, *.md, *.baocao and *.docx (hidden
        /// folders, node_modules and Word's `~$` lock files are skipped).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Check every file, also those that do not look like a report (as the editor setting
        /// `baocao.enable: always`; a file's own `<!-- baocao-ls off -->` still wins).
        #[arg(long)]
        force: bool,
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
    /// Print a Word file (.docx) as Markdown: paragraphs, headings with the numbers Word draws,
    /// pipe tables, footnotes. `check` gives its findings at the lines of this text.
    Convert {
        file: PathBuf,
        /// Language of the error message.
        #[arg(long, default_value = "vi")]
        locale: String,
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
        Some(Command::Check { paths, force, format, locale, stats, jobs }) => {
            let Some(locale) = Locale::parse(&locale) else {
                eprintln!("baocao-ls: ngôn ngữ không hỗ trợ: {locale} (dùng vi hoặc en)");
                return ExitCode::from(2);
            };
            let mode = if force { EnableMode::Always } else { EnableMode::Auto };
            check(&paths, CheckOptions { format, locale, stats, jobs, mode })
        }
        Some(Command::Outline { file, format }) => outline(&file, format),
        Some(Command::Figures { file }) => figures(&file),
        Some(Command::Convert { file, locale }) => {
            let Some(locale) = Locale::parse(&locale) else {
                eprintln!("baocao-ls: ngôn ngữ không hỗ trợ: {locale} (dùng vi hoặc en)");
                return ExitCode::from(2);
            };
            convert(&file, locale)
        }
    }
}

/// Whether a path names a Word file (`.docx`, any case).
pub fn is_docx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Read a Word file as Markdown ([`crate::docx::convert`]): a one-line message on bad input.
pub fn read_docx(path: &Path, locale: Locale) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: không đọc được tệp ({e})", path.display()))?;
    if meta.is_dir() {
        return Err(format!("{}: là thư mục, không phải tệp", path.display()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: không đọc được tệp ({e})", path.display()))?;
    crate::docx::convert(&bytes).map(|c| c.text).map_err(|e| format!("{}: {}", path.display(), e.to_line(locale)))
}

/// Read a report to analyse: a Word file as its Markdown, any other file as UTF-8 text.
pub fn read_source(path: &Path, locale: Locale) -> Result<String, String> {
    if is_docx(path) {
        read_docx(path, locale)
    } else {
        read_report(path)
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

/// The language an editor opens a file with, from its name, as the VS Code extension and the
/// Neovim plugin map it: `*.baocao`, `*.bc.txt`, `*.bc.md` are `baocao` (always a report),
/// `*.md` is `markdown`, anything else `plaintext` (a report when it looks like one). A
/// `*.docx` is read as Markdown, so it is `markdown`.
pub fn language_of(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_lowercase();
    if name.ends_with(".baocao") || name.ends_with(".bc.txt") || name.ends_with(".bc.md") {
        "baocao"
    } else if name.ends_with(".md") || name.ends_with(".docx") {
        "markdown"
    } else {
        "plaintext"
    }
}

/// A file to check, and whether it was named on the command line (then a skip is reported).
struct Target {
    path: PathBuf,
    named: bool,
}

/// Files to check: the files given, and *.txt / *.md / *.baocao / *.docx under the folders
/// given (sorted). Hidden folders (`.git`, …) and `node_modules` are not searched; symbolic
/// links to folders are not followed; `~$….docx`, the lock file Word keeps beside an open
/// document, is no report.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<Target>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let rd = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                for entry in rd.flatten() {
                    let path = entry.path();
                    let Ok(kind) = entry.file_type() else { continue };
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    if kind.is_dir() {
                        if !name.starts_with('.') && name != "node_modules" {
                            stack.push(path);
                        }
                    } else if (matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md" | "baocao"))
                        || (is_docx(&path) && !name.starts_with("~$")))
                        && path.is_file()
                    {
                        out.push(Target { path, named: false });
                    }
                }
            }
        } else {
            out.push(Target { path: p.clone(), named: true });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

struct CheckOptions {
    format: Format,
    locale: Locale,
    stats: bool,
    jobs: Option<usize>,
    /// `Auto`: the server's rule; `Always` with `--force`.
    mode: EnableMode,
}

/// Why a file was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    /// It does not look like a report.
    NotAReport,
    /// It says `<!-- baocao-ls off -->`.
    SwitchedOff,
}

struct FileResult {
    path: PathBuf,
    named: bool,
    bytes: usize,
    outcome: Result<Result<(Rope, Vec<Finding>), Skip>, String>,
}

fn check(paths: &[PathBuf], opts: CheckOptions) -> ExitCode {
    let CheckOptions { format, locale, stats, jobs, mode } = opts;
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
    let results = analyse_parallel(&files, workers, &config, mode, locale);
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
            Ok(Err(skip)) => {
                // A file found in a folder is skipped silently, as the editor ignores it.
                if r.named {
                    let path = r.path.display();
                    match (skip, locale) {
                        (Skip::NotAReport, Locale::Vi) => eprintln!(
                            "baocao-ls: {path}: không giống một báo cáo, bỏ qua (kiểm tra bằng --force, hoặc ghi <!-- baocao-ls on --> vào tệp)"
                        ),
                        (Skip::NotAReport, Locale::En) => eprintln!(
                            "baocao-ls: {path}: does not look like a report, skipped (check it with --force, or write <!-- baocao-ls on --> in the file)"
                        ),
                        (Skip::SwitchedOff, Locale::Vi) => {
                            eprintln!("baocao-ls: {path}: tệp ghi <!-- baocao-ls off -->, bỏ qua")
                        }
                        (Skip::SwitchedOff, Locale::En) => {
                            eprintln!("baocao-ls: {path}: the file says <!-- baocao-ls off -->, skipped")
                        }
                    }
                }
            }
            Ok(Ok((rope, findings))) => {
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
        let reports = results.iter().filter(|r| matches!(r.outcome, Ok(Ok(_)))).count();
        let secs = elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "baocao-ls: {} tệp ({} báo cáo), {:.1} MB, {} luồng, {:.3} s, {:.1} MB/s",
            results.len(),
            reports,
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

fn analyse_parallel(files: &[Target], workers: usize, config: &Config, mode: EnableMode, locale: Locale) -> Vec<FileResult> {
    crate::par::map(files.len(), workers, |i| {
        let Target { path, named } = &files[i];
        let (path, named) = (path.clone(), *named);
        match read_source(&path, locale) {
            Ok(text) => {
                let a = Analysis::from_text(&text, config);
                // The language server's rule (`decide_report`), with the language an editor
                // would give the file.
                let outcome = if decide_report(&a, language_of(&path), mode) {
                    Ok((a.rope().clone(), a.findings))
                } else if a.enable_override() == Some(false) {
                    Err(Skip::SwitchedOff)
                } else {
                    Err(Skip::NotAReport)
                };
                FileResult { path, named, bytes: text.len(), outcome: Ok(outcome) }
            }
            Err(e) => FileResult { path, named, bytes: 0, outcome: Err(e) },
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
    match read_source(path, Locale::Vi) {
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
            let _ = write!(out, "{}", render_outline_with(&a.structure, &a.tables));
        }
        Format::Json => {
            let tree = outline_json(&a.structure, &a.structure.roots);
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&tree).unwrap_or_default());
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}

/// Print a Word file as Markdown.
fn convert(path: &Path, locale: Locale) -> ExitCode {
    match read_docx(path, locale) {
        Ok(text) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("baocao-ls: {e}");
            ExitCode::from(2)
        }
    }
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
    render_outline_with(s, &crate::tables::Tables::default())
}

/// Writes the tables of a section (or of none) starting between two lines, at a depth.
type TablesAt<'a> = dyn Fn(Option<usize>, usize, u32, u32, &mut String) + 'a;

/// [`render_outline`] with each table under the innermost section holding it:
/// `<name> [Table L<first>-<last>]`.
pub fn render_outline_with(s: &Structure, tables: &crate::tables::Tables) -> String {
    let table_line = |t: &crate::tables::Table, depth: usize| {
        format!("{}{} [Table L{}-{}]\n", "  ".repeat(depth), t.name, t.lines.start + 1, t.lines.end)
    };
    let section_of = |t: &crate::tables::Table| s.line_section.get(t.lines.start as usize).copied().flatten().map(|i| i as usize);
    let walk_tables = |sec: Option<usize>, depth: usize, before: u32, after: u32, out: &mut String| {
        for t in tables.list.iter().filter(|t| section_of(t) == sec && t.lines.start >= after && t.lines.start < before) {
            out.push_str(&table_line(t, depth));
        }
    };
    fn walk(s: &Structure, ids: &[usize], depth: usize, out: &mut String, tables: &TablesAt) {
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
            // The section's tables, between its children in line order.
            let mut from = sec.line;
            for &c in &sec.children {
                tables(Some(i), depth + 1, s.sections[c].line, from, out);
                walk(s, &[c], depth + 1, out, tables);
                from = s.sections[c].line;
            }
            tables(Some(i), depth + 1, u32::MAX, from, out);
        }
    }
    let mut out = String::new();
    walk_tables(None, 0, u32::MAX, 0, &mut out);
    walk(s, &s.roots, 0, &mut out, &walk_tables);
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
