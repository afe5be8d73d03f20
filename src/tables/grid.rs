//! Finding tables in the text and cutting them into cells, in the three layouts a table takes
//! when it is typed or pasted: a Markdown pipe table, tab-separated columns (copied from Word),
//! and one cell per line (copied out of a PDF or a web page: the header cells first, then each
//! row's cells in order).
//!
//! Only lines that may be table lines are looked at: lines marked as table rows by the line
//! lexer ([`WRAP_TABLE`]), and, for the one-cell-per-line layout, runs of short lines that open
//! with a header word (`TT`, `STT`, `Chỉ tiêu`, `Nội dung`).

use std::ops::Range;
use std::sync::Arc;

use super::header::{is_sub, may_group, normalise, role_of, Role};
use crate::syntax::line::{blank_out_comments, LineInfo, LineKind, WRAP_TABLE};

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// `| TT | Chỉ tiêu | … |`, with or without the `|---|` line.
    Pipe,
    /// Cells separated by tabs.
    Tab,
    /// One cell per line.
    CellPerLine,
}

/// The text of one cell: its line and its byte range there (trimmed, comments left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellText {
    pub line: u32,
    pub range: Range<u32>,
    pub text: String,
}

/// A table cut into cells: the header rows (as many cells as columns, a spanning header
/// repeated over the columns it spans) and the body rows (as written; a merged row may have
/// fewer cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub layout: Layout,
    pub lines: Range<u32>,
    /// Column headers, one string per column (the lines of a two-line header joined).
    pub headers: Vec<String>,
    pub rows: Vec<Vec<CellText>>,
}

/// The visible text of a line: comments blanked out, same byte offsets.
pub(super) fn visible(text: &str) -> String {
    if text.contains("<!--") {
        blank_out_comments(text)
    } else {
        text.to_string()
    }
}

/// A cell from `line[from..to]`, trimmed (and unescaped `\|` kept as written).
fn cell(line: u32, text: &str, from: usize, to: usize) -> CellText {
    let s = &text[from..to];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    CellText { line, range: (from + lead) as u32..(from + lead + t.len()) as u32, text: t.to_string() }
}

/// The cells of a pipe row (`| a | b |`, outer pipes optional), or `None` for the separator
/// line (`|---|:--:|`).
fn pipe_cells(line: u32, text: &str) -> Option<Vec<CellText>> {
    let t = text.trim();
    if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '+' | '=')) {
        return None;
    }
    let b = text.as_bytes();
    let mut seps: Vec<usize> = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if c == b'|' && (i == 0 || b[i - 1] != b'\\') {
            seps.push(i);
        }
    }
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let mut bounds: Vec<usize> = Vec::new();
    if seps.first() != Some(&start) {
        bounds.push(start);
    } else {
        bounds.push(start + 1);
        seps.remove(0);
    }
    let closed = seps.last().is_some_and(|&s| s + 1 == end);
    let mut out = Vec::new();
    let mut from = bounds[0];
    for &s in &seps {
        out.push(cell(line, text, from, s));
        from = s + 1;
    }
    if !closed && from < end {
        out.push(cell(line, text, from, end));
    }
    Some(out)
}

fn tab_cells(line: u32, text: &str) -> Vec<CellText> {
    let end = text.trim_end_matches(['\r', ' ']).len();
    let mut out = Vec::new();
    let mut from = 0;
    for (i, c) in text[..end].char_indices() {
        if c == '\t' {
            out.push(cell(line, text, from, i));
            from = i + 1;
        }
    }
    out.push(cell(line, text, from, end));
    // Trailing empty cells of a row (`…\t\t`) are kept: a merged row has them.
    out
}

fn non_empty(cells: &[CellText]) -> usize {
    cells.iter().filter(|c| !c.text.is_empty()).count()
}

/// A line of headers holds no figure but periods (`ƯTH 9 tháng`; years are no figures).
fn no_data_figures(li: &LineInfo) -> bool {
    li.quantities.iter().all(|q| q.unit.as_ref().is_some_and(|u| matches!(u.kind, crate::numbers::UnitKind::Period | crate::numbers::UnitKind::Time)))
}

/// A header row: no figures in it, at least three cells, and at least two of them read as
/// roles.
fn header_like(li: &LineInfo, cells: &[CellText]) -> bool {
    let roles = cells.iter().filter(|c| !matches!(role_of(&c.text).0, Role::Other)).count();
    no_data_figures(li) && cells.len() >= 3 && roles >= 2 && non_empty(cells) >= 3
}

/// A second header row under the first: every cell empty or a sub-column (`ƯTH/KH`, `KH`).
fn sub_header_like(li: &LineInfo, cells: &[CellText]) -> bool {
    no_data_figures(li)
        && non_empty(cells) >= 1
        && cells.iter().all(|c| c.text.is_empty() || is_sub(&c.text) || !matches!(role_of(&c.text).0, Role::Other | Role::Indicator | Role::Ordinal))
}

/// Column headers from one or two header rows: a cell of the first row spans the empty cells
/// after it when the second row has sub-columns there.
fn headers_of(first: &[CellText], second: Option<&[CellText]>, width: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(width);
    let mut last = String::new();
    for j in 0..width {
        let top = first.get(j).map(|c| c.text.as_str()).unwrap_or("");
        let sub = second.and_then(|s| s.get(j)).map(|c| c.text.as_str()).unwrap_or("");
        let top = if top.is_empty() && !sub.is_empty() { last.clone() } else { top.to_string() };
        if !top.is_empty() {
            last = top.clone();
        }
        out.push(match (top.is_empty(), sub.is_empty()) {
            (_, true) => top,
            (true, false) => sub.to_string(),
            (false, false) => format!("{top} {sub}"),
        });
    }
    out
}

/// Every table of the document, in order.
pub fn find(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String) -> Vec<Grid> {
    let mut out = Vec::new();
    let n = lines.len();
    let mut i = 0;
    // The lines the one-cell-per-line reader may look at in all (each try reads up to 4.000
    // lines): the document stays linear whatever it holds (a file of `TT` lines).
    let mut budget = 4 * n + 20_000;
    while i < n {
        let li = &lines[i];
        if li.wrap & WRAP_TABLE != 0 {
            // A run of table lines.
            let mut end = i;
            while end < n && lines[end].wrap & WRAP_TABLE != 0 {
                end += 1;
            }
            if let Some(g) = delimited(lines, text, i..end) {
                out.push(g);
            }
            i = end;
            continue;
        }
        if may_open_cells(li) {
            let t = visible(&text(i));
            if opens_header(&t) {
                if let Some(g) = cell_per_line(lines, text, i, &mut budget) {
                    i = g.lines.end as usize;
                    out.push(g);
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// A pipe or tab table over `run` (consecutive table lines): its header rows and body rows.
fn delimited(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String, run: Range<usize>) -> Option<Grid> {
    let mut rows: Vec<(usize, Vec<CellText>)> = Vec::new();
    let mut layout = None;
    for i in run.clone() {
        let t = visible(&text(i));
        let pipe = t.trim_start().starts_with('|') || (!t.contains('\t') && t.matches('|').count() >= 2);
        let l = if pipe { Layout::Pipe } else { Layout::Tab };
        if *layout.get_or_insert(l) != l {
            break;
        }
        let cells = if pipe {
            match pipe_cells(i as u32, &t) {
                Some(c) => c,
                None => continue,
            }
        } else {
            tab_cells(i as u32, &t)
        };
        rows.push((i, cells));
    }
    let layout = layout?;
    // The header: the first row that looks like one (a caption row above it is left out).
    let h = rows.iter().take(3).position(|(i, c)| header_like(&lines[*i], c))?;
    let width = rows[h].1.len();
    let mut body_from = h + 1;
    let second = rows.get(h + 1).filter(|(i, c)| sub_header_like(&lines[*i], c)).map(|(_, c)| c.as_slice());
    if second.is_some() {
        body_from += 1;
    }
    let headers = headers_of(&rows[h].1, second, width);
    let body: Vec<Vec<CellText>> = rows[body_from..].iter().map(|(_, c)| c.clone()).collect();
    if body.iter().filter(|r| non_empty(r) >= 2).count() == 0 {
        return None;
    }
    let first = rows[h].0 as u32;
    let last = rows.last().map(|(i, _)| *i as u32 + 1).unwrap_or(first + 1);
    Some(Grid { layout, lines: first..last.max(run.end as u32).min(run.end as u32), headers, rows: body })
}

/// A line that may be a cell of a one-cell-per-line table: short, not a table row.
fn may_open_cells(li: &LineInfo) -> bool {
    li.len <= 40 && matches!(li.kind, LineKind::Text(_)) && li.quantities.is_empty()
}

/// The first header cell of a one-cell-per-line table.
fn opens_header(t: &str) -> bool {
    let n = normalise(t);
    matches!(n.as_str(), "tt" | "stt" | "so tt" | "chi tieu" | "noi dung" | "ten chi tieu" | "cac chi tieu" | "chi tieu chu yeu")
}

/// The name of a total row (`Tổng số`, `Tổng cộng`, `Cộng`, `Toàn xã`).
pub fn is_total_name(t: &str) -> bool {
    let n = normalise(t);
    matches!(n.as_str(), "tong so" | "tong cong" | "cong" | "tong" | "toan xa" | "toan huyen" | "toan phuong" | "toan thi tran" | "cong chung" | "tong chung")
}

/// A short line that can be a cell.
fn cell_line(li: &LineInfo, t: &str) -> bool {
    li.kind != LineKind::Blank && li.wrap & WRAP_TABLE == 0 && t.trim().chars().count() <= 120 && !matches!(li.kind, LineKind::FootnoteDef { .. })
}

/// An ordinal cell: `I`, `II`, `1`, `12`, `1.1`, `a`, `đ`, `-`, `+`, `*` (with a `.` or `)`).
pub fn is_ordinal(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['.', ')']);
    if t.is_empty() || t.chars().count() > 6 {
        return false;
    }
    matches!(t, "-" | "+" | "*" | "–" | "•")
        || t.split('.').all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
        || crate::syntax::numbering::roman_value(t).is_some()
        || (t.chars().count() == 1 && t.chars().all(|c| c.is_lowercase() || c.is_ascii_uppercase()))
}

/// A cell that is a unit (`triệu đồng`, `ha`, `%`, `tạ/ha`): the number lexer reads it as the
/// whole unit of a number.
pub fn is_unit(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 24 {
        return false;
    }
    let probe = format!("1 {t}");
    crate::numbers::lex(&probe).first().and_then(|q| q.unit.as_ref()).is_some_and(|u| u.range.end as usize == probe.len())
}

/// Text with letters that is not a figure (a name cell).
fn is_name(t: &str, li: &LineInfo) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && li.quantities.is_empty() && !is_ordinal(t)
}

/// A one-cell-per-line table whose header starts at line `start`.
fn cell_per_line(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String, start: usize, budget: &mut usize) -> Option<Grid> {
    let n = lines.len();
    // The header cells: short lines without figures that read as roles or groups.
    let mut header: Vec<CellText> = Vec::new();
    let mut i = start;
    while i < n && header.len() < 16 && *budget > 0 {
        *budget -= 1;
        let li = &lines[i];
        let t = visible(&text(i));
        if !cell_line(li, &t) || !no_data_figures(li) {
            break;
        }
        let (role, _) = role_of(&t);
        // Under `TT`/`STT`, the header runs to the first ordinal and may hold any short label
        // (`Thôn`, `Số hộ`, `Số nhân khẩu`).
        let ordinal_table = header.first().is_some_and(|h| role_of(&h.text).0 == Role::Ordinal);
        if ordinal_table && is_ordinal(&t) {
            break;
        }
        let label = ordinal_table && li.quantities.is_empty() && t.split_whitespace().count() <= 6 && t.chars().any(|c| c.is_alphabetic());
        if matches!(role, Role::Other) && !may_group(&t) && !is_sub(&t) && !label {
            break;
        }
        header.push(cell(i as u32, &t, 0, t.len()));
        i += 1;
    }
    if header.len() < 3 {
        return None;
    }
    let body_start = i;
    let has_ordinal = matches!(role_of(&header[0].text).0, Role::Ordinal);
    // The lines after the header, up to a blank line or a line too long to be a cell.
    let mut cells: Vec<(usize, String)> = Vec::new();
    while i < n && cells.len() < 4000 && *budget > 0 {
        *budget -= 1;
        let li = &lines[i];
        let t = visible(&text(i));
        if !cell_line(li, &t) {
            break;
        }
        cells.push((i, t));
        i += 1;
    }
    // A total row (`Tổng số`, `Cộng`) has no ordinal: one cell less.
    let total_start = |k: usize| -> bool { has_ordinal && cells.get(k).is_some_and(|(_, t)| is_total_name(t)) };
    // Which of the cell lines hold no figure (indexed like `cells`).
    let no_figs: Vec<bool> = cells.iter().map(|(l, _)| lines[*l].quantities.is_empty()).collect();
    let row_start = |k: usize| -> bool {
        let Some((l, t)) = cells.get(k) else { return false };
        let li = &lines[*l];
        if has_ordinal {
            is_ordinal(t) && cells.get(k + 1).is_some_and(|(l2, t2)| is_name(t2, &lines[*l2]))
        } else {
            // A name, not a unit, and a unit, a figure or nothing after it.
            is_name(t, li) && !is_unit(t) && cells.get(k + 1).is_none_or(|(l2, t2)| is_unit(t2) || !lines[*l2].quantities.is_empty())
        }
    };
    // Try each width the header allows (each group header spanning sub-columns takes one
    // column less), keep the one that cuts the most rows cleanly.
    let mut best: Option<(usize, Vec<Range<usize>>)> = None;
    let h = header.len();
    for w in (h.saturating_sub(4).max(3)..=h).rev() {
        let rows = segment(&cells, w, &row_start, &total_start, &no_figs);
        let full = rows.iter().filter(|r| r.len() == w).count();
        if full >= 2 && best.as_ref().is_none_or(|(bw, br)| full > br.iter().filter(|r| r.len() == *bw).count()) {
            best = Some((w, rows));
        }
    }
    let (w, rows) = best?;
    let headers = spread_header(&header, w)?;
    let body: Vec<Vec<CellText>> = rows
        .iter()
        .map(|r| {
            let mut row: Vec<CellText> = r.clone().map(|k| cell(cells[k].0 as u32, &cells[k].1, 0, cells[k].1.len())).collect();
            // The total row's missing ordinal cell, so that its figures stay in their columns.
            if row.len() + 1 == w && total_start(r.start) {
                let l = cells[r.start].0 as u32;
                row.insert(0, CellText { line: l, range: 0..0, text: String::new() });
            }
            row
        })
        .collect();
    let last_line = rows.last().map(|r| cells[r.end - 1].0 + 1).unwrap_or(body_start);
    Some(Grid { layout: Layout::CellPerLine, lines: start as u32..last_line as u32, headers, rows: body })
}

/// Cut the lines after a header into rows of `w` cells: a row starts where `row_start` says;
/// a shorter row (a group heading, `Trong đó:`) holds no figure. Stops where the rows no
/// longer fit.
fn segment(cells: &[(usize, String)], w: usize, row_start: &dyn Fn(usize) -> bool, total_start: &dyn Fn(usize) -> bool, no_figs: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut k = 0;
    let mut totals: Vec<usize> = Vec::new();
    let merged = |t: &str| {
        let n = normalise(t);
        n == "trong do" || n.starts_with("trong do ") && n.split_whitespace().count() <= 3 || n == "chia ra"
    };
    while k < cells.len() {
        if merged(&cells[k].1) {
            out.push(k..k + 1);
            k += 1;
            continue;
        }
        if total_start(k) && w >= 2 && k + w - 1 <= cells.len() && (k + 1..k + w - 1).all(|j| !no_figs[j]) {
            totals.push(k);
            out.push(k..k + w - 1);
            k += w - 1;
            continue;
        }
        if !row_start(k) {
            break;
        }
        // A full row when the next start (or the end) is `w` lines on, or when it holds figures
        // and no other row starts inside it (the last row, before the text goes on).
        let fits = k + w <= cells.len() && (k + 2..k + w).all(|j| !merged(&cells[j].1));
        let next_ok = k + w == cells.len() || (k + w < cells.len() && (row_start(k + w) || merged(&cells[k + w].1)));
        let last_ok = fits && (k + 1..k + w).any(|j| !no_figs[j]) && !(k + 1..k + w).any(row_start);
        if fits && (next_ok || last_ok) {
            out.push(k..k + w);
            k += w;
            continue;
        }
        // A short row: the next start within `w` lines, no figure before it.
        match (k + 1..(k + w).min(cells.len())).find(|&j| row_start(j) || merged(&cells[j].1)) {
            Some(j) if (k..j).all(|x| no_figs[x]) => {
                out.push(k..j);
                k = j;
            }
            _ => break,
        }
    }
    // A last row cut short is not a row.
    while out.last().is_some_and(|r| r.len() != w && r.len() > 1 && !totals.contains(&r.start) && (r.clone()).any(|x| !no_figs[x])) {
        out.pop();
    }
    out
}

/// Column headers for `w` columns from `h >= w` header cells of a one-cell-per-line table:
/// each group cell (`So sánh (%)`) followed by its sub-cells (`ƯTH/KH`, `ƯTH/CK`) gives them
/// its name.
fn spread_header(cells: &[CellText], w: usize) -> Option<Vec<String>> {
    let h = cells.len();
    if h == w {
        return Some(cells.iter().map(|c| c.text.clone()).collect());
    }
    let mut groups = h - w;
    let mut out = Vec::new();
    let mut j = 0;
    while j < h {
        let c = &cells[j].text;
        let subs = cells[j + 1..].iter().take_while(|s| is_sub(&s.text)).count();
        if groups > 0 && may_group(c) && subs >= 2 {
            for s in &cells[j + 1..j + 1 + subs] {
                out.push(format!("{c} {}", s.text));
            }
            groups -= 1;
            j += 1 + subs;
        } else {
            out.push(c.clone());
            j += 1;
        }
    }
    (groups == 0 && out.len() == w).then_some(out)
}
