//! The same indicator stated with different values in one report — only within the same report,
//! the same part (a plan target is not a result) and, for figures, the same unit and no other
//! year named. Also the level of a standard (`đạt chuẩn quốc gia mức độ 2` / `mức độ 3`).

use std::collections::BTreeMap;

use super::fig::shown;
use super::{CheckInfo, Edit, Finding, Fix, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::model::{written, FigId};
use crate::numbers::{Bound, Value};
use crate::syntax::structure::SectionKind;
use crate::figures::extract::Mention;
use crate::reading::words::{names_in, periods_in};

pub const INFO: CheckInfo = CheckInfo {
    code: "cross-mention",
    default_severity: Severity::Warning,
    summary_vi: "Cùng một chỉ tiêu được nêu với hai giá trị khác nhau",
    summary_en: "One indicator is given two different values",
    example: "Tổng chi ngân sách 9,4 tỷ đồng (mục II) … tổng chi ngân sách 8 tỷ đồng (mục IV)",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    figures(a, out);
    levels(a, out);
    tables(a, out);
}

/// A figure as written, with the unit its table gives it when the cell has none (`15.340
/// triệu đồng`).
fn shown_with_unit(a: &Analysis, f: FigId) -> String {
    let s = shown(a, f);
    match &a.quantity(f).unit {
        Some(u) if !s.contains(u.name) => {
            if matches!(u.kind, crate::numbers::UnitKind::Percent | crate::numbers::UnitKind::PerMille) {
                format!("{s}{}", u.name)
            } else {
                format!("{s} {}", u.name)
            }
        }
        _ => s,
    }
}

/// A table row and a sentence of the same report stating the same indicator with different
/// values: the row's actual (or only) figure against the sentences' values, in the results of
/// the same report, for the same year and period. Said on the later of the two, unless some
/// sentence states the row's value.
fn tables(a: &Analysis, out: &mut Vec<Finding>) {
    use crate::tables::{Role, RowKind};
    if a.tables.is_empty() {
        return;
    }
    let plan_of = crate::figures::model::plan_sections(&a.structure);
    for t in &a.tables.list {
        let cols = crate::reading::table::columns(t);
        let value_cols: Vec<usize> = t.columns_with(Role::Value).collect();
        let Some(ac) = cols.actual.or_else(|| (value_cols.len() == 1).then(|| value_cols[0])) else { continue };
        let sec = a.structure.line_section.get(t.lines.start as usize).copied().flatten().map(|i| i as usize);
        if sec.is_some_and(|i| plan_of.get(i).copied().unwrap_or(false)) {
            continue;
        }
        let scope = sec.map(|i| a.structure.sections[i].scope).unwrap_or(0);
        let year = t.columns[ac].year;
        let table_periods = periods_in(&format!("{} {}", t.name, t.columns[ac].header));
        for row in &t.rows {
            let key = row.key.as_str();
            // (A total row too, when it names what it totals: `Tổng thu ngân sách xã`.)
            if !matches!(row.kind, RowKind::Item | RowKind::Total) || key.split_whitespace().count() < 2 || key.len() < 10 {
                continue;
            }
            let Some(tf) = row.fig(ac) else { continue };
            let Some(ids) = a.figures.by_key.get(key) else { continue };
            let (tq, _) = a.figures.settled(a.quantity(tf));
            let (Some(tw), Some(tu)) = (written(&tq), tq.unit.clone()) else { continue };
            if tq.bound != Bound::Exact {
                continue;
            }
            let mut agrees = false;
            let mut differing: Option<FigId> = None;
            for &j in ids {
                let c = &a.figures.ctx[j];
                if c.plan || c.scope != scope {
                    continue;
                }
                let id = a.figures.stmts[j];
                let s = a.statement(id);
                if let Some(y) = year {
                    if !s.years.is_empty() && !s.years.contains(&y) {
                        continue;
                    }
                }
                let Some(q) = s.value else { continue };
                let sf = FigId { line: id.line, q };
                let (sq, _) = a.figures.settled(a.quantity(sf));
                let Some(su) = &sq.unit else { continue };
                if !su.comparable(&tu) || !matches!(sq.value, Value::Exact(_)) || sq.bound != Bound::Exact {
                    continue;
                }
                let Some(sw) = written(&sq) else { continue };
                let Some(factor) = su.convert(rust_decimal::Decimal::ONE, &tu) else { continue };
                let tol = (sw.ulp * factor + tw.ulp) / rust_decimal::Decimal::TWO;
                if (sw.value * factor - tw.value).abs() <= tol {
                    agrees = true;
                    break;
                }
                // Another period named in the sentence's paragraph (`6 tháng đầu năm`).
                let text = match a.reading.paragraph_of(sf.line) {
                    Some(r) => a.slice(a.line_start(r.start as usize)..a.line_range(sf.line as usize).end).into_owned(),
                    None => a.line_text(sf.line as usize).into_owned(),
                };
                let p = periods_in(&text);
                if !p.is_empty() && p != table_periods {
                    continue;
                }
                differing.get_or_insert(sf);
            }
            let Some(sf) = differing.filter(|_| !agrees) else { continue };
            let (at, other) = if sf.line > tf.line { (sf, tf) } else { (tf, sf) };
            let (here, there) = (shown_with_unit(a, at), shown_with_unit(a, other));
            let (where_vi, where_en) = if at == sf { ("trong bảng ở dòng", "in the table on line") } else { ("ở dòng", "on line") };
            out.push(
                Finding::new(
                    INFO.code,
                    INFO.default_severity,
                    a.fig_range(at),
                    Message::new(
                        format!("«{}» ở đây là {here}, nhưng {where_vi} {} là {there}.", row.name, other.line + 1),
                        format!("“{}” is {here} here but {there} {where_en} {}.", row.name, other.line + 1),
                    ),
                )
                .with_related(a.fig_range(other), Message::new("Lần nêu khác", "Other mention")),
            );
        }
    }
}

/// May two sections speak of the same subject? Same section, one inside the other, or they part
/// ways high up (a summary of indicators and the detailed fields); sibling subsections low down
/// (`1.2. Trường Tiểu học`, `1.3. Trường THCS`) describe different subjects.
fn same_subject(a: &Analysis, x: Option<usize>, y: Option<usize>) -> bool {
    let (Some(x), Some(y)) = (x, y) else { return true };
    // Walk up from both (no allocation: this runs for every pair of mentions).
    let parent = |s: usize| a.structure.sections[s].parent;
    let depth = |mut s: usize| {
        let mut d = 0;
        while let Some(p) = parent(s) {
            d += 1;
            s = p;
        }
        d
    };
    let (mut px, mut py) = (x, y);
    let (mut dx, mut dy) = (depth(x), depth(y));
    while dx > dy {
        px = parent(px).unwrap_or(px);
        dx -= 1;
    }
    while dy > dx {
        py = parent(py).unwrap_or(py);
        dy -= 1;
    }
    // One inside the other (or the same section).
    if px == py {
        return true;
    }
    // Where they part: the two sections just below the common ancestor (or two roots).
    while let (Some(qx), Some(qy)) = (parent(px), parent(py)) {
        if qx == qy {
            break;
        }
        px = qx;
        py = qy;
    }
    let split = |c: usize| a.structure.sections[c].kind;
    matches!(split(px), SectionKind::Part | SectionKind::Group | SectionKind::Roman | SectionKind::Unnumbered)
        && matches!(split(py), SectionKind::Part | SectionKind::Group | SectionKind::Roman | SectionKind::Unnumbered)
}

/// The proper names and periods of the paragraph up to a line, memoised by line (one check
/// run compares the same lines many times in a long report; the document's memo keeps them
/// across runs, by text).
type Setting = std::sync::Arc<(std::collections::BTreeSet<String>, std::collections::BTreeSet<String>)>;
type Settings = std::cell::RefCell<rustc_hash::FxHashMap<u32, Setting>>;

/// Do two figures speak of the same subject and period: their paragraphs (up to their lines)
/// name the same places, schools or units, and the same periods (`tháng 9` is not `9 tháng`)?
/// A subject named in an earlier sentence (`Toàn xã Tân Lập có 860 hộ. Hộ nghèo 43 hộ …`)
/// holds for the sentences after it.
fn same_setting(a: &Analysis, memo: &Settings, x: FigId, y: FigId) -> bool {
    let setting = |f: FigId| {
        if let Some(v) = memo.borrow().get(&f.line) {
            return v.clone();
        }
        let text = match a.reading.paragraph_of(f.line) {
            Some(r) => a.slice(a.line_start(r.start as usize)..a.line_range(f.line as usize).end),
            None => a.line_text(f.line as usize),
        };
        let v = a.memo.settings.get_or(&text, || std::sync::Arc::new((names_in(&text), periods_in(&text))));
        memo.borrow_mut().insert(f.line, v.clone());
        v
    };
    setting(x) == setting(y)
}

/// [`names_in`] the sentence holding byte `offset`, through the document's memo.
fn names_at(a: &Analysis, offset: usize) -> std::sync::Arc<std::collections::BTreeSet<String>> {
    let text = sentence_text_at(a, offset);
    a.memo.names.get_or(&text, || std::sync::Arc::new(names_in(&text)))
}

/// The text of the sentence holding byte `offset`.
fn sentence_text_at(a: &Analysis, offset: usize) -> String {
    let line = a.line_of(offset);
    let p = a.reading.sentences_at(a, line as u32);
    p.on_line(line)
        .map(|k| &p.sentences[k])
        .find(|s| s.range.start <= offset && offset <= s.range.end)
        .map(|s| a.slice(s.range.clone()).into_owned())
        .unwrap_or_else(|| a.line_text(line).into_owned())
}

/// The line that opens the list a line belongs to: the nearest line above, in the same
/// section, that ends with `:` and states no figure (`- Dịp tết nguyên đán:`).
fn list_intro(a: &Analysis, line: usize) -> Option<usize> {
    a.figures.list_intro.get(line).copied().flatten().map(|l| l as usize)
}

fn figures(a: &Analysis, out: &mut Vec<Finding>) {
    let memo = Settings::default();
    let mut ids: Vec<usize> = Vec::new();
    for (key, all_ids) in &a.figures.by_key {
        let words = key.split_whitespace().count();
        if all_ids.len() < 2 || words < 2 || key.len() < 10 {
            continue;
        }
        // Only mentions in the same report and the same part are compared: bucket them first
        // (a file of many pasted reports must not cost mentions²). A stable sort by (report,
        // part) keeps the document order within a bucket; one buffer serves every key.
        ids.clear();
        ids.extend_from_slice(all_ids);
        let bucket = |j: &usize| (a.figures.ctx[*j].scope, a.figures.ctx[*j].plan);
        ids.sort_by_key(bucket);
        for group in ids.chunk_by(|x, y| bucket(x) == bucket(y)) {
            compare_mentions(a, &memo, group, out);
        }
    }
}

/// The level a move starts from (`tăng từ 24,8% lên 30,1%`): its year is named elsewhere, if at
/// all, so two such levels are no two values of one indicator.
fn move_start(a: &Analysis, f: FigId) -> bool {
    let start = a.quantity(f).range.start as usize;
    let text = a.line_text(f.line as usize);
    let before = text.get(..start).unwrap_or("");
    let last = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    crate::text::fold::fold_lower(last) == "từ"
}

/// The total a figure is read as a part of, if any.
fn whole_of(a: &Analysis, f: FigId) -> Option<FigId> {
    a.reading.about(f).find_map(|r| match &r.rel {
        crate::reading::relation::Rel::Parts { total, parts, .. } if parts.contains(&f) => Some(*total),
        _ => None,
    })
}

/// Compare each mention with the earlier ones of the same indicator in one report and part.
fn compare_mentions(a: &Analysis, memo: &Settings, ids: &[usize], out: &mut Vec<Finding>) {
    {
        for (n, &j) in ids.iter().enumerate() {
            let later = a.figures.stmts[j];
            // The cheap tests first (dense arrays): most mentions have no earlier one in the
            // same report, part and subject, and reading the statement and its figure costs
            // cache misses on a long file.
            let cl = &a.figures.ctx[j];
            let candidate = |&i: &usize| {
                let ce = &a.figures.ctx[i];
                a.figures.stmts[i].line != later.line && ce.scope == cl.scope && ce.plan == cl.plan && same_subject(a, ce.section, cl.section)
            };
            if !ids[..n].iter().any(candidate) {
                continue;
            }
            let ls = a.statement(later);
            let lf = FigId { line: later.line, q: ls.value.expect("indexed statements have values") };
            let (lq, _) = a.figures.settled(a.quantity(lf));
            let Some(lw) = written(&lq) else { continue };
            // Earlier mentions of the same thing (same report, part, subject, unit, basis, list).
            let mut earlier_mentions = Vec::new();
            // Two values in one sentence are set side by side on purpose (before and after, old
            // and new basis): `candidate` leaves them out.
            for &i in ids[..n].iter().filter(|i| candidate(i)) {
                let earlier = a.figures.stmts[i];
                let es = a.statement(earlier);
                let ef = FigId { line: earlier.line, q: es.value.expect("indexed statements have values") };
                let (eq, _) = a.figures.settled(a.quantity(ef));
                let (Some(eu), Some(lu)) = (&eq.unit, &lq.unit) else { continue };
                if !eu.comparable(lu) || !matches!((&eq.value, &lq.value), (Value::Exact(_), Value::Exact(_))) {
                    continue;
                }
                if !es.years.is_empty() && !ls.years.is_empty() && es.years != ls.years {
                    continue;
                }
                if es.basis != ls.basis {
                    continue;
                }
                if list_intro(a, earlier.line as usize) != list_intro(a, later.line as usize) {
                    continue;
                }
                // Parts of two different wholes (the officials' grades, then the party
                // members'): two things under one name.
                if let (Some(x), Some(y)) = (whole_of(a, ef), whole_of(a, lf)) {
                    if x != y {
                        continue;
                    }
                }
                let Some(ew) = written(&eq) else { continue };
                let Some(factor) = eu.convert(rust_decimal::Decimal::ONE, lu) else { continue };
                let ev = ew.value * factor;
                let tol = (ew.ulp * factor + lw.ulp) / rust_decimal::Decimal::TWO;
                let differs = (ev - lw.value).abs() > tol;
                // Another place, school or unit named, or another period (a month and nine
                // months): another subject. (Read only for values that differ: it reads the
                // paragraphs' text.)
                if (differs || eq.bound != lq.bound) && (!same_setting(a, memo, ef, lf) || move_start(a, ef) || move_start(a, lf)) {
                    continue;
                }
                earlier_mentions.push((ef, eq.bound, differs));
            }
            // A value restated somewhere before (the indicator may have variants) is no
            // contradiction; report against the first mention only when none agrees.
            let Some(&(ef, ebound, _)) = earlier_mentions.first() else { continue };
            let all_differ = earlier_mentions.iter().all(|m| m.2);
            let same_bounds = earlier_mentions.iter().any(|m| !m.2 && m.1 == lq.bound);
            {
                let (es_t, ls_t) = (shown(a, ef), shown(a, lf));
                let name = ls.name.as_ref().map(|r| a.slice(a.abs(later.line as usize, r.clone())).to_string()).unwrap_or_default();
                let earlier_line = ef.line;
                let finding = if all_differ && ebound == Bound::Exact && lq.bound == Bound::Exact {
                    Finding::new(
                        INFO.code,
                        INFO.default_severity,
                        a.fig_range(lf),
                        Message::new(
                            format!("«{name}» ở đây là {ls_t}, nhưng ở dòng {} là {es_t}.", earlier_line + 1),
                            format!("“{name}” is {ls_t} here but {es_t} on line {}.", earlier_line + 1),
                        ),
                    )
                } else if !all_differ && !same_bounds && ebound != lq.bound {
                    // Said on the loosely written one (`trên 93%`), pointing at the exact one.
                    let (at, other) = if lq.bound == Bound::Exact { (ef, lf) } else { (lf, ef) };
                    let (es_t, ls_t) = (shown(a, other), shown(a, at));
                    let earlier_line = other.line;
                    Finding::new(
                        INFO.code,
                        Severity::Info,
                        a.fig_range(at),
                        Message::new(
                            format!("«{name}» ở đây ghi {ls_t}, ở dòng {} ghi {es_t}: nên thống nhất cách nêu.", earlier_line + 1),
                            format!("“{name}” is written {ls_t} here and {es_t} on line {}: say it the same way.", earlier_line + 1),
                        ),
                    )
                } else {
                    continue;
                };
                let at = if finding.range == a.fig_range(lf) { lf } else { ef };
                let other = if at == lf { ef } else { lf };
                let mut finding = finding.with_related(a.fig_range(other), Message::new("Lần nêu khác", "Other mention"));
                // Either value may be the right one: offer each, here and there. A loosely
                // written one (`trên 93%`) only takes the exact one.
                finding.fixes.push(use_value(a, at, other, true));
                if all_differ {
                    finding.fixes.push(use_value(a, other, at, false));
                }
                out.push(finding);
            }
        }
    }
}

/// Write figure `from` (number and unit, as written there) in the place of figure `at`; `here`:
/// `at` is where the finding is shown.
fn use_value(a: &Analysis, at: FigId, from: FigId, here: bool) -> Fix {
    let value = shown(a, from);
    let title = if at.line == from.line {
        Message::new(format!("Dùng {value}"), format!("Use {value}"))
    } else if here {
        let line = from.line + 1;
        Message::new(format!("Dùng {value} như ở dòng {line}"), format!("Use {value} as on line {line}"))
    } else {
        let line = at.line + 1;
        Message::new(format!("Sửa dòng {line} thành {value} như ở đây"), format!("Change line {line} to {value} as here"))
    };
    Fix { title, edits: vec![Edit { range: a.fig_range(at), new_text: value }], certain: false }
}

/// `đạt chuẩn quốc gia mức độ N` in several places with different N.
fn levels(a: &Analysis, out: &mut Vec<Finding>) {
    // (report, key) → (line, range of the level digit, level, name as written).
    type Place<'a> = (usize, std::ops::Range<usize>, u32, &'a str);
    let mut seen: BTreeMap<(u32, String), Vec<Place>> = BTreeMap::new();
    for line in a.lines_with(crate::document::LineFlags::MENTIONS) {
        for m in &a.lines()[line].mentions {
            if let Mention::Level { key, name, level, range } = m {
                let scope = a.structure.section_at_line(line).map(|s| s.scope).unwrap_or(0);
                seen.entry((scope, key.clone())).or_default().push((line, a.abs(line, range.clone()), *level, name));
            }
        }
    }
    for mentions in seen.into_values() {
        let Some(&(first_line, ref first_range, first_level, _)) = mentions.first() else { continue };
        // The names around the first mention, read once for all the later ones.
        let mut first_names = None;
        for &(ref line, ref range, ref level, key) in mentions.iter().skip(1) {
            if *level == first_level || *line == first_line {
                continue;
            }
            // Two schools, two communes: another subject.
            let n1 = first_names.get_or_insert_with(|| names_at(a, first_range.start));
            if *n1 != names_at(a, range.start) {
                continue;
            }
            out.push(
                Finding::new(
                    INFO.code,
                    INFO.default_severity,
                    range.clone(),
                    Message::new(
                        format!("«{key}» ở đây là mức độ {level}, nhưng ở dòng {} là mức độ {first_level}.", first_line + 1),
                        format!("“{key}” is level {level} here but level {first_level} on line {}.", first_line + 1),
                    ),
                )
                .with_related(first_range.clone(), Message::new("Lần nêu trước", "Earlier mention"))
                .with_fix(Fix {
                    title: Message::new(
                        format!("Dùng mức độ {first_level} như ở dòng {}", first_line + 1),
                        format!("Use level {first_level} as on line {}", first_line + 1),
                    ),
                    edits: vec![Edit { range: range.clone(), new_text: first_level.to_string() }],
                    certain: false,
                })
                .with_fix(Fix {
                    title: Message::new(
                        format!("Sửa dòng {} thành mức độ {level} như ở đây", first_line + 1),
                        format!("Change line {} to level {level} as here", first_line + 1),
                    ),
                    edits: vec![Edit { range: first_range.clone(), new_text: level.to_string() }],
                    certain: false,
                }),
            );
        }
    }
}
