//! Tables in the text: the indicator tables of a report (`TT | Chỉ tiêu | ĐVT | KH 2024 | ƯTH
//! 2024 | % so KH`), read row by row.
//!
//! [`grid`] finds them in their three layouts (pipe, tabs, one cell per line) and cuts them into
//! cells; [`header`] reads each column's role from its header. This module makes rows of the
//! cells: the row's ordinal (`I`, `1`, `a`, `-`) and so its level, its indicator, its unit (the
//! `ĐVT` cell), its figures (quantities the line lexer found in its cells: a cell is a figure
//! of its line, [`FigId`]), totals (`Tổng số`, `Cộng`, `Toàn xã`) and `Trong đó` sub-rows.
//!
//! A cell's number carries no unit of its own (`12.500`): the table gives it one, the row's
//! `ĐVT` or `%` for a percentage column. [`Tables::quantity`] is that figure with its unit, read
//! by the same number lexer (`12.500 triệu đồng`); [`crate::analysis::Analysis::quantity`]
//! returns it for a table cell, so the judge and the editor features see cells as figures with
//! units. The relations are read from the rows by [`crate::reading::table`].
//!
//! Table lines are not running text: they are not joined into sentences, not read by the
//! sentence readers or the line extractor's statements, and a line `I` or `CHỈ TIÊU KINH TẾ`
//! inside a table is no heading.

pub mod flat;
pub mod grid;
pub mod header;

use std::ops::Range;
use std::sync::Arc;

use crate::figures::extract::Q;
use crate::figures::model::FigId;
use crate::numbers::{Quantity, Unit};
use crate::syntax::line::LineInfo;
use crate::text::fold::fold_ascii;
pub use grid::Layout;
pub use header::Role;

/// A column: its header as written (two header lines joined) and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub role: Role,
    pub year: Option<u32>,
    /// The unit its header names in a bracket (`Diện tích (ha)`, `Tỷ lệ (%)`).
    pub unit: Option<Unit>,
}

/// A cell: where it is and the figure it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub line: u32,
    /// Byte range in its line (trimmed).
    pub range: Range<u32>,
    pub fig: Option<FigId>,
    /// Written with a minus (`-2,1`, `−0,4`) or in brackets.
    pub negative: bool,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// An indicator with its figures.
    Item,
    /// A group heading (`I | CHỈ TIÊU KINH TẾ`), no figures.
    Group,
    /// `Tổng số`, `Tổng cộng`, `Cộng`, `Toàn xã`: the total of a column.
    Total,
    /// `Trong đó:` alone: the rows after it are some of the parts of the row before it.
    PartsIntro,
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// First and last line (one for pipe and tab tables).
    pub line: u32,
    pub last_line: u32,
    /// One cell per column (missing cells of a merged row are `None`).
    pub cells: Vec<Option<Cell>>,
    pub ordinal: String,
    /// The indicator as written (markup and the ordinal removed).
    pub name: String,
    /// Absolute line and byte range of the name, when there is one.
    pub name_at: Option<(u32, Range<u32>)>,
    /// The row's unit, from its `ĐVT` cell (or a bracket at the end of its name).
    pub unit: Option<Unit>,
    /// How deep the row is: 1 for `I`, 2 for `1`, 3 for `1.1`, 4 for `a`, 5 for `-`, 6 for `+`.
    pub rank: u8,
    pub kind: RowKind,
    /// Under a `Trong đó` (the row, or a row above it at its level, says so).
    pub in_subset: bool,
    /// Less is better (`hộ nghèo`, `suy dinh dưỡng`).
    pub lower_better: bool,
    /// The indicator key, as the line extractor makes it ([`crate::figures::extract::indicator_key`]).
    pub key: String,
}

impl Row {
    /// The figure in column `c`.
    pub fn fig(&self, c: usize) -> Option<FigId> {
        self.cells.get(c)?.as_ref()?.fig
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub layout: Layout,
    /// Its lines, from the header to the last row.
    pub lines: Range<u32>,
    /// The caption line above it (`Bảng 1. …`, `Biểu số 02: …`, `Một số chỉ tiêu chủ yếu:`).
    pub caption: Option<u32>,
    /// Its name: the caption, or its headers.
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The columns with role `r`, in order.
    pub fn columns_with(&self, r: Role) -> impl Iterator<Item = usize> + '_ {
        self.columns.iter().enumerate().filter(move |(_, c)| c.role == r).map(|(j, _)| j)
    }

    /// The row and column of a figure.
    pub fn cell_of(&self, f: FigId) -> Option<(usize, usize)> {
        let r = self.row_at(f.line)?;
        let c = self.rows[r].cells.iter().position(|c| c.as_ref().is_some_and(|c| c.fig == Some(f)))?;
        Some((r, c))
    }

    /// The row on a line (rows are in line order).
    pub fn row_at(&self, line: u32) -> Option<usize> {
        let k = self.rows.partition_point(|r| r.last_line < line);
        self.rows.get(k).filter(|r| r.line <= line && line <= r.last_line).map(|_| k)
    }
}

/// Every table of a document, and its cells' figures with the units the table gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    pub list: Vec<Table>,
    /// Tables that lost their lines (copied out of a PDF), read by their arithmetic alone; their
    /// lines stay running text.
    pub flat: Vec<flat::Flat>,
    /// Figures given a unit by their table, sorted by figure.
    overlay: Vec<(FigId, Quantity)>,
}

impl Tables {
    /// Find and read the tables of a document (`text(i)` is line `i` without its break).
    pub fn detect(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String) -> Tables {
        let grids = grid::find(lines, text);
        let mut out = Tables::default();
        for g in grids {
            let t = build(lines, text, g, &mut out.overlay);
            out.list.push(t);
        }
        out.flat = flat::find(lines, text, &out.line_ranges());
        // A cell a flat table reads as a percentage carries `%`, so that the judge reads it as one.
        let percent = unit_of("%");
        for f in out.flat.iter().flat_map(|t| t.percent.iter()) {
            let q = &lines[f.line as usize].quantities[f.q as usize];
            if let (None, Some(u)) = (&q.unit, &percent) {
                // Only when `%` leaves the number as it was read (`2.300 %` would be read 2,3).
                if let Some(nq) = with_unit(&text(f.line as usize), q, u, None).filter(|nq| nq.value == q.value) {
                    out.overlay.push((*f, nq));
                }
            }
        }
        out.overlay.sort_by_key(|(f, _)| *f);
        out.overlay.dedup_by_key(|(f, _)| *f);
        out
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The table holding `line`.
    pub fn at(&self, line: u32) -> Option<&Table> {
        let k = self.list.partition_point(|t| t.lines.end <= line);
        self.list.get(k).filter(|t| t.lines.start <= line)
    }

    /// Is `line` a line of a table?
    pub fn is_table_line(&self, line: usize) -> bool {
        !self.list.is_empty() && self.at(line as u32).is_some()
    }

    /// The line ranges of the tables.
    pub fn line_ranges(&self) -> Vec<Range<u32>> {
        self.list.iter().map(|t| t.lines.clone()).collect()
    }

    /// A table cell's figure with the unit its table gives it (`None` for other figures).
    pub fn quantity(&self, f: FigId) -> Option<&Quantity> {
        if self.overlay.is_empty() {
            return None;
        }
        self.overlay.binary_search_by_key(&f, |(g, _)| *g).ok().map(|k| &self.overlay[k].1)
    }

    /// A table's range for the outline (from its caption, when it has one, to its last line)
    /// and its selection (the caption, else the first header line), as byte ranges of `rope`.
    pub fn outline_ranges(&self, t: &Table, rope: &ropey::Rope) -> (Range<usize>, Range<usize>) {
        let n = rope.len_lines();
        let start_line = t.caption.unwrap_or(t.lines.start).min(t.lines.start) as usize;
        let line_start = |l: usize| if l < n { rope.line_to_byte(l) } else { rope.len_bytes() };
        // The end of a line without its break.
        let line_end = |l: usize| {
            if l >= n {
                return rope.len_bytes();
            }
            let s = rope.line_to_byte(l);
            let text = rope.line(l).to_string();
            s + text.trim_end_matches(['\n', '\r']).len()
        };
        let last = (t.lines.end.max(t.lines.start + 1) - 1) as usize;
        let range = line_start(start_line)..line_end(last).max(line_start(start_line));
        let sel_line = start_line;
        let sel = line_start(sel_line)..line_end(sel_line).max(line_start(sel_line));
        (range, sel)
    }

    /// The table, row and column of a figure.
    pub fn cell_of(&self, f: FigId) -> Option<(&Table, usize, usize)> {
        let t = self.at(f.line)?;
        let (r, c) = t.cell_of(f)?;
        Some((t, r, c))
    }
}

/// The words of a total row.
const TOTALS: &[&str] = &["tong so", "tong cong", "cong", "toan xa", "toan huyen", "toan phuong", "toan thi tran", "toan thi xa", "toan tinh", "tong", "tong chung", "cong chung", "toan don vi"];

/// A row's name cleaned: markup, a leading marker, a final colon.
fn clean_name(t: &str) -> String {
    let t = t.replace(['*', '_'], "");
    t.trim().trim_end_matches([':', '.']).trim().to_string()
}

/// A leading marker in a name (`- Lúa`, `+ Ngô`, `a) …`, `1. …`, `I. …`), and the rest.
fn split_marker(name: &str) -> (String, &str) {
    let t = name.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '+', '•', '–']) {
        if rest.starts_with(' ') {
            return (t[..t.len() - rest.len()].to_string(), rest.trim_start());
        }
    }
    let word: String = t.chars().take_while(|c| !c.is_whitespace()).collect();
    if word.ends_with(['.', ')']) && grid::is_ordinal(&word) && t.len() > word.len() {
        return (word.clone(), t[word.len()..].trim_start());
    }
    (String::new(), t)
}

/// The rank of an ordinal: 1 Roman, 2 `1`, 3 `1.1`, 4 a letter, 5 `-`, 6 `+`/`*`; 0 unknown.
fn rank_of(ordinal: &str) -> u8 {
    let t = ordinal.trim().trim_end_matches(['.', ')']);
    if t.is_empty() {
        return 0;
    }
    if matches!(t, "-" | "–" | "•") {
        return 5;
    }
    if matches!(t, "+" | "*") {
        return 6;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return 2;
    }
    if t.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        return 2 + t.matches('.').count().min(3) as u8;
    }
    if crate::syntax::numbering::roman_value(t).is_some() && t.chars().all(|c| c.is_ascii_uppercase()) {
        return 1;
    }
    if t.chars().count() == 1 && t.chars().all(|c| c.is_ascii_uppercase()) {
        return 1;
    }
    4
}

/// The unit a cell of text names (`triệu đồng`, `%`, `tạ/ha`, `hộ`), read by the number lexer.
fn unit_of(t: &str) -> Option<Unit> {
    let t = t.trim().trim_matches(['(', ')']).trim();
    if t.is_empty() || t.chars().count() > 30 {
        return None;
    }
    let probe = format!("1 {t}");
    crate::numbers::lex(&probe).into_iter().next()?.unit
}

/// Resolve what the header leaves open, from the whole table: a bare `So sánh`/`Tỷ lệ` is the
/// percentage of plan when the table has a plan and an actual column and no earlier one, the
/// comparison with the earlier period when it has an earlier one and no plan; of several
/// actual columns with years, those before the latest year are earlier periods.
fn resolve_roles(cols: &mut [Column]) {
    let latest = cols.iter().filter(|c| c.role == Role::Actual).filter_map(|c| c.year).max();
    if let Some(y) = latest {
        for c in cols.iter_mut() {
            if c.role == Role::Actual && c.year.is_some_and(|cy| cy < y) {
                c.role = Role::Previous;
            }
        }
    }
    let has = |r: Role| cols.iter().any(|c| c.role == r);
    let (plan, actual, prev) = (has(Role::Plan), has(Role::Actual), has(Role::Previous));
    let pp = has(Role::PlanPercent);
    let ch = cols.iter().any(|c| matches!(c.role, Role::Change { .. }));
    for c in cols.iter_mut().filter(|c| c.role == Role::Compare) {
        c.role = if plan && actual && (!prev || ch) && !pp {
            Role::PlanPercent
        } else if prev && actual && (!plan || pp) && !ch {
            Role::Change { index: true }
        } else {
            Role::Other
        };
    }
}

/// Make a table of a grid: columns with their roles, rows with their ordinals, names, units,
/// kinds and levels, cells with their figures; the figures the table gives a unit are added to
/// `overlay`.
fn build(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String, g: grid::Grid, overlay: &mut Vec<(FigId, Quantity)>) -> Table {
    let mut columns: Vec<Column> = g
        .headers
        .iter()
        .map(|h| {
            // A unit in a bracket (`Năm 2023 (tỷ đồng)`) is no part of the role.
            let bracket = h.rfind('(').and_then(|o| h[o..].find(')').map(|c| (o, o + c + 1)));
            let unit = bracket.and_then(|(o, c)| unit_of(&h[o + 1..c - 1]));
            let (role, year) = match (bracket, &unit) {
                (Some((o, c)), Some(u)) if u.kind != crate::numbers::UnitKind::Percent => header::role_of(&format!("{}{}", &h[..o], &h[c..])),
                _ => header::role_of(h),
            };
            Column { header: h.clone(), role, year, unit }
        })
        .collect();
    resolve_roles(&mut columns);
    // Columns the header names no role for but whose cells are figures.
    for (j, c) in columns.iter_mut().enumerate() {
        if c.role != Role::Other {
            continue;
        }
        let (mut figs, mut filled) = (0, 0);
        for cells in &g.rows {
            let Some(x) = cells.get(j).filter(|x| !x.text.is_empty()) else { continue };
            filled += 1;
            let li = &lines[x.line as usize];
            if li.quantities.iter().any(|q| q.number_range.start >= x.range.start && q.number_range.start < x.range.end) {
                figs += 1;
            }
        }
        if figs >= 2 && figs * 4 >= filled * 3 {
            c.role = Role::Value;
        }
    }
    // `Đơn vị` over names of places (not units) is the indicator column of a table of places.
    for (j, c) in columns.iter_mut().enumerate() {
        if c.role != Role::Unit {
            continue;
        }
        let texts: Vec<&str> = g.rows.iter().filter_map(|r| r.get(j)).map(|x| x.text.as_str()).filter(|t| !t.is_empty()).collect();
        let units = texts.iter().filter(|t| grid::is_unit(t)).count();
        if !texts.is_empty() && units * 2 < texts.len() {
            c.role = Role::Other;
        }
    }
    // The first text column is the indicator when no header says so.
    if !columns.iter().any(|c| c.role == Role::Indicator) {
        if let Some(c) = columns.iter_mut().find(|c| matches!(c.role, Role::Other)) {
            c.role = Role::Indicator;
        }
    }
    let col = |r: Role| columns.iter().position(|c| c.role == r);
    let (ord_col, name_col, unit_col) = (col(Role::Ordinal), col(Role::Indicator), col(Role::Unit));
    let mut rows: Vec<Row> = Vec::new();
    let mut seen_item = false;
    for cells in &g.rows {
        let line = cells.first().map(|c| c.line).unwrap_or(g.lines.start);
        let last_line = cells.last().map(|c| c.line).unwrap_or(line);
        let filled: Vec<&grid::CellText> = cells.iter().filter(|c| !c.text.is_empty()).collect();
        let txt = |j: Option<usize>| j.and_then(|j| cells.get(j)).map(|c| c.text.as_str()).unwrap_or("");
        // A merged row: one cell of text across the table.
        let merged = cells.len() < columns.len() || (filled.len() == 1 && !filled[0].text.chars().any(|c| c.is_ascii_digit()));
        let (mut ordinal, mut name_cell) = (txt(ord_col).to_string(), name_col.and_then(|j| cells.get(j)));
        if merged || name_cell.is_none_or(|c| c.text.is_empty()) {
            // The text is in another cell (a merged row, or a row written without its ordinal
            // column): the first non-ordinal text cell.
            name_cell = filled.iter().copied().find(|c| !grid::is_ordinal(&c.text) && c.text.chars().any(|ch| ch.is_alphabetic()));
            if ordinal.is_empty() {
                if let Some(o) = filled.iter().find(|c| grid::is_ordinal(&c.text)) {
                    ordinal = o.text.clone();
                }
            }
        }
        let raw_name = name_cell.map(|c| c.text.as_str()).unwrap_or("");
        let (marker, rest) = split_marker(raw_name);
        if ordinal.is_empty() {
            ordinal = marker;
        }
        let name = clean_name(rest);
        let folded = header::normalise(&name);
        let unit_text = txt(unit_col);
        let mut unit = unit_of(unit_text);
        if unit.is_none() && unit_col.is_none() {
            // `Tổng thu ngân sách (triệu đồng)`.
            if let Some(o) = name.rfind('(').filter(|_| name.ends_with(')')) {
                unit = unit_of(&name[o + 1..name.len() - 1]);
            }
        }
        let mut row_cells: Vec<Option<Cell>> = vec![None; columns.len()];
        let mut any_fig = false;
        for (j, c) in cells.iter().enumerate().take(columns.len()) {
            let li = &lines[c.line as usize];
            // The figure whose number starts in the cell.
            let fig = li.quantities.iter().position(|q| q.number_range.start >= c.range.start && q.number_range.start < c.range.end.max(c.range.start + 1)).map(|q| FigId { line: c.line, q: q as Q });
            let fig = fig.filter(|_| columns[j].role.is_figure());
            let negative = fig.is_some_and(|f| {
                let q = &li.quantities[f.q as usize];
                let before = c.text.get(..(q.number_range.start - c.range.start) as usize).unwrap_or("").trim();
                matches!(before, "-" | "−" | "–" | "(")
            });
            any_fig |= fig.is_some();
            row_cells[j] = Some(Cell { line: c.line, range: c.range.clone(), fig, negative });
        }
        // `Tổng thu ngân sách xã` opening a table (no item above it), unnumbered or numbered as
        // a group: the total of the rows under it.
        let opening_total = folded.starts_with("tong ") && !seen_item && matches!(rank_of(&ordinal), 0 | 1);
        let kind = if normalise_is_parts_intro(&folded) && !any_fig {
            RowKind::PartsIntro
        } else if (opening_total && any_fig) || TOTALS.contains(&folded.as_str()) || TOTALS.iter().any(|t| folded.starts_with(&format!("{t} ")) && folded.split_whitespace().count() <= 3 && t.starts_with("toan")) {
            RowKind::Total
        } else if !any_fig {
            RowKind::Group
        } else {
            RowKind::Item
        };
        let ascii = fold_ascii(&name);
        let name_at = name_cell.map(|c| {
            let off = c.text.len() - rest.len();
            let start = c.range.start + off as u32;
            (c.line, start..start + rest.trim_end().len() as u32)
        });
        seen_item |= kind == RowKind::Item;
        rows.push(Row {
            line,
            last_line,
            cells: row_cells,
            rank: rank_of(&ordinal),
            ordinal,
            key: crate::figures::extract::indicator_key(&name.replace("Trong đó", "").replace("trong đó", "")),
            lower_better: crate::figures::lexicon::lower_is_better_ascii(&ascii),
            name,
            name_at,
            unit,
            kind,
            in_subset: false,
        });
    }
    levels(&mut rows);
    let caption = caption_of(lines, text, g.lines.start);
    // A unit the caption gives the whole table (`Bảng 2. Thu ngân sách (triệu đồng)`).
    let table_unit = caption.and_then(|l| {
        let t = text(l as usize);
        let o = t.rfind('(')?;
        let c = t[o..].find(')')?;
        unit_of(&t[o + 1..o + c])
    });
    // A column of counts named by its header (`Số hộ`, `Hộ nghèo`, `Số lao động`).
    for c in columns.iter_mut().filter(|c| c.role == Role::Value && c.unit.is_none()) {
        c.unit = count_unit_in(&c.header);
    }
    // Units for the cells' figures.
    for row in &rows {
        for (j, c) in row.cells.iter().enumerate() {
            let Some(f) = c.as_ref().and_then(|c| c.fig) else { continue };
            let role = columns[j].role;
            let unit = if role.is_percent() { unit_of("%") } else { columns[j].unit.clone().or_else(|| row.unit.clone()).or_else(|| table_unit.clone()) };
            let li = &lines[f.line as usize];
            let q = &li.quantities[f.q as usize];
            if q.unit.is_some() && !(role.is_percent() && q.unit.as_ref().is_some_and(|u| u.kind != crate::numbers::UnitKind::Percent && u.kind != crate::numbers::UnitKind::PerMille)) {
                continue;
            }
            let Some(u) = unit else { continue };
            let line_text = text(f.line as usize);
            if let Some(nq) = with_unit(&line_text, q, &u, c.as_ref().map(|c| c.range.clone())) {
                overlay.push((f, nq));
            }
        }
    }
    let name = match caption {
        Some(l) => {
            let t = text(l as usize);
            crate::syntax::line::clean_title(&t).chars().take(100).collect()
        }
        None => columns.iter().map(|c| c.header.as_str()).filter(|h| !h.is_empty()).take(4).collect::<Vec<_>>().join(" | "),
    };
    Table { layout: g.layout, lines: g.lines.clone(), caption, name, columns, rows }
}

/// A count unit among a header's words (`Số hộ` → hộ, `Hộ nghèo` → hộ, `Số lao động`).
fn count_unit_in(header: &str) -> Option<Unit> {
    let words: Vec<&str> = header.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    for n in [2, 1] {
        for w in words.windows(n) {
            if let Some(u) = unit_of(&w.join(" ")).filter(|u| u.kind == crate::numbers::UnitKind::Count) {
                return Some(u);
            }
        }
    }
    None
}

fn normalise_is_parts_intro(folded: &str) -> bool {
    folded == "trong do" || folded == "chia ra" || folded == "bao gom" || folded == "gom"
}

/// Each row's rank when its ordinal gave none (a sub-row under `Trong đó`, a table without
/// ordinals), and which rows are under a `Trong đó`.
fn levels(rows: &mut [Row]) {
    let mut last_rank = 2u8;
    let mut subset_under: Option<u8> = None;
    for row in rows.iter_mut() {
        let folded = header::normalise(&row.name);
        let starts_subset = folded.starts_with("trong do ");
        if row.kind == RowKind::PartsIntro {
            subset_under = Some(last_rank);
            row.rank = last_rank + 1;
            continue;
        }
        if row.rank == 0 {
            row.rank = match row.kind {
                RowKind::Total => 0,
                _ if subset_under.is_some() || starts_subset => last_rank.max(2) + 1,
                _ => 2,
            };
        }
        if starts_subset && subset_under.is_none() {
            subset_under = Some(row.rank.saturating_sub(1));
        }
        if let Some(p) = subset_under {
            if row.rank <= p || row.kind == RowKind::Total {
                subset_under = None;
            } else {
                row.in_subset = true;
            }
        }
        if row.kind != RowKind::Total && !row.in_subset {
            last_rank = row.rank;
        }
    }
}

/// `q` read again by the number lexer with the unit `u` written after its number, with every
/// range put back where the number is in the line (the unit is not in the line: its range is
/// the number's end). `None` when the lexer reads it otherwise.
fn with_unit(line: &str, q: &Quantity, u: &Unit, cell: Option<Range<u32>>) -> Option<Quantity> {
    let nr = q.number_range.clone();
    let number = line.get(nr.start as usize..nr.end as usize)?;
    let unit_text = if u.kind == crate::numbers::UnitKind::Percent { "%".to_string() } else { unit_words(u) };
    let probe = format!("{number} {unit_text}");
    let mut nq = crate::numbers::lex(&probe).into_iter().next()?;
    if nq.number_range != (0..number.len() as u32) || nq.unit.is_none() {
        return None;
    }
    let shift = |r: &mut Range<u32>| {
        r.start += nr.start;
        r.end += nr.start;
    };
    shift(&mut nq.number_range);
    for n in nq.numerals.iter_mut() {
        shift(&mut n.range);
    }
    if let Some(un) = nq.unit.as_mut() {
        un.range = nr.end..nr.end;
    }
    // The figure keeps its place in the line: its own range, within its cell.
    let mut range = q.range.clone();
    if let Some(c) = cell {
        range.start = range.start.max(c.start).min(nr.start);
        range.end = range.end.min(c.end).max(nr.end);
    }
    nq.range = range;
    nq.bound = q.bound;
    nq.estimated = q.estimated;
    nq.equals_previous = false;
    Some(nq)
}

/// The words of a unit, for the lexer to read again (`triệu đồng`, `tạ/ha`, `hộ`).
fn unit_words(u: &Unit) -> String {
    let mut s = u.name.to_string();
    for p in u.per.iter() {
        s.push('/');
        s.push_str(p.name);
    }
    s
}

/// The caption of a table starting at line `first`: the nearest non-blank line above it, when
/// it names a table (`Bảng`, `Biểu`, `Phụ lục`, `Một số chỉ tiêu`) or ends with `:`.
fn caption_of(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String, first: u32) -> Option<u32> {
    let mut l = first as usize;
    for _ in 0..2 {
        l = l.checked_sub(1)?;
        if lines[l].kind != crate::syntax::line::LineKind::Blank {
            break;
        }
    }
    if lines[l].kind == crate::syntax::line::LineKind::Blank || lines[l].len > 300 {
        return None;
    }
    let t = text(l);
    let n = header::normalise(&t);
    let named = header::names_a_table(&n) || ["mot so chi tieu", "ket qua thuc hien", "cac chi tieu"].iter().any(|w| n.starts_with(w));
    (named || t.trim_end().trim_end_matches(['*', '_']).ends_with(':')).then_some(l as u32)
}

#[cfg(test)]
mod tests;
