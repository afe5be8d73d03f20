//! Ties the hover reads from the wording around a figure, beyond the ones the claim extractor
//! makes (and the checks rely on):
//! - more percentages of plan: a second one (`…, đạt 211,39% so với dự toán, 192,95% chỉ tiêu
//!   phấn đấu`) and a bare `đạt 36%` after an amount with no plan named (uncertain);
//! - a percentage computed from two counts of the same thing on its line (`bầu đủ 26 đại biểu,
//!   … cơ cấu nữ là 19,2% (có 5 đại biểu nữ)`);
//! - parts in running text that add up exactly to a total (`tiếp nhận 34 đơn; … giải quyết 25
//!   đơn, 01 đơn đang xử lý; có 08 đơn …`);
//! - a share of a whole stated elsewhere by name (`chiếm 2,44% tổng dư nợ`);
//! - parts stated as the totals of the subsections of a total's section;
//! - the same figure stated elsewhere about the same thing (`12,5 tấn/ha` and `125 tạ/ha`).
//!
//! These are read, not parsed: the card says so (`có thể`), only ties that agree with the
//! figures are offered, and no finding is ever built on them (precision stays with the checks).

use rust_decimal::Decimal;

use crate::analysis::Analysis;
use crate::figures::compare::{agree, Agreement};
use crate::figures::lexicon::{contains_words, ends_with_word, starts_with_word, PARTS_WORDS, PLAN_WORDS};
use crate::figures::model::{FigId, StmtId};
use crate::ide::figure::{self, Role};
use crate::numbers::{Bound, Quantity, Unit, UnitKind, Value};
use crate::text::fold::{fold_ascii, fold_lower};

/// A percentage of plan of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanPercent {
    pub fig: FigId,
    /// Said to be of a plan (`… chỉ tiêu`, `… kế hoạch`), rather than a bare `đạt 36%`.
    pub sure: bool,
}

fn is_percent(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent && u.per.is_empty())
}

fn is_rate(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille) && u.per.is_empty())
}

/// The figures of line `line` that play a role other than value or "other" in a statement
/// (plans, percentages of plan, changes…): never parts, never the same figure as a value.
fn tied_elsewhere(a: &Analysis, line: usize, q: u32) -> bool {
    a.lines()[line]
        .statements
        .iter()
        .any(|s| matches!(figure::role(s, q), Some(Role::Plan | Role::PlanPercent | Role::Change(_) | Role::FractionPercent | Role::Share)))
}

/// Percentages of plan of statement `id` beyond the one the extractor tied to its value:
/// another percentage followed by a plan word in the statement, the statements of the same
/// clause that state only a percentage of plan, and (when the statement names no plan at all)
/// a percentage right after `đạt` (not sure: it may be of something else).
pub fn more_plan_percents(a: &Analysis, id: StmtId) -> Vec<PlanPercent> {
    let line = id.line as usize;
    let li = &a.lines()[line];
    let s = a.statement(id);
    let Some(v) = s.value else { return Vec::new() };
    if is_rate(&li.quantities[v as usize]) {
        return Vec::new();
    }
    let text = a.line_text(line);
    let mut out = Vec::new();
    for &o in &s.others {
        let q = &li.quantities[o as usize];
        if !is_percent(q) || (q.range.end as usize) > text.len() {
            continue;
        }
        let after = fold_lower(&text[q.range.end as usize..]);
        let after = after.strip_prefix(" so với").unwrap_or(&after);
        if starts_with_word(after, PLAN_WORDS).is_some() {
            out.push(PlanPercent { fig: FigId { line: id.line, q: o }, sure: true });
        } else if s.plan.is_none()
            && s.plan_percent.is_none()
            && o > v
            && after.trim_start().chars().next().is_none_or(|c| matches!(c, ',' | ';' | '.' | ')'))
        {
            let before = fold_lower(&text[li.quantities[v as usize].range.end as usize..q.range.start as usize]);
            if before.split_whitespace().count() <= 2 && ends_with_word(&before, &["đạt"]).is_some() {
                out.push(PlanPercent { fig: FigId { line: id.line, q: o }, sure: false });
            }
        }
    }
    for t in li.statements[id.i as usize + 1..].iter().take_while(|t| t.clause == s.clause && t.value.is_none()) {
        if let (Some(p), None) = (t.plan_percent, t.plan) {
            out.push(PlanPercent { fig: FigId { line: id.line, q: p }, sure: true });
        }
    }
    out
}

/// The statement whose value a valueless statement's percentage of plan is about (the
/// statement before it in the same clause: `442,4 tỷ đồng, đạt 211,39% …, 192,95% chỉ tiêu`).
pub fn owner_of_plan_percent(a: &Analysis, fig: FigId) -> Option<StmtId> {
    let li = &a.lines()[fig.line as usize];
    let i = li.statements.iter().position(|s| s.plan_percent == Some(fig.q) && s.value.is_none() && s.plan.is_none())?;
    let clause = li.statements[i].clause;
    let j = li.statements[..i].iter().rposition(|s| s.value.is_some() || s.clause != clause)?;
    (li.statements[j].clause == clause).then_some(StmtId { line: fig.line, i: j as u32 })
}

/// A percentage computed from two counts of the same thing on its line: the count next to it
/// (`19,2% (có 5 đại biểu nữ)`, `07 đại biểu = 26,9%`) over an earlier, larger count of the
/// same unit (`26 đại biểu`) — the nearest one whose ratio, rounded or truncated, is the
/// stated percentage. (part, whole, computed percentage)
pub fn ratio_of_counts(a: &Analysis, fig: FigId) -> Option<(FigId, FigId, Decimal)> {
    let line = fig.line as usize;
    let qs = &a.lines()[line].quantities;
    let p = &qs[fig.q as usize];
    let pv = p.value.exact().filter(|v| is_percent(p) && *v > Decimal::ZERO && *v < Decimal::ONE_HUNDRED)?;
    let d = crate::checks::fig::decimals(p);
    fn count(q: &Quantity) -> Option<(Decimal, &str)> {
        let u = q.unit.as_ref().filter(|u| u.kind == UnitKind::Count && u.per.is_empty())?;
        let v = q.value.exact().filter(|v| v.fract().is_zero() && *v > Decimal::ZERO)?;
        (q.bound == Bound::Exact).then_some((v, u.name))
    }
    // The count next to the percentage: the nearer of its neighbours, within a few words.
    let text = a.line_text(line);
    let gap = |x: usize, y: usize| text.get(x..y).map(|s| s.chars().count());
    let i = fig.q as usize;
    let before =
        i.checked_sub(1).filter(|&j| count(&qs[j]).is_some()).and_then(|j| Some((j, gap(qs[j].range.end as usize, p.range.start as usize)?)));
    let after = Some(i + 1)
        .filter(|&j| j < qs.len() && count(&qs[j]).is_some())
        .and_then(|j| Some((j, gap(p.range.end as usize, qs[j].range.start as usize)?)));
    let (c, g) = match (before, after) {
        (Some(b), Some(x)) => {
            if x.1 < b.1 {
                x
            } else {
                b
            }
        }
        (Some(b), None) => b,
        (None, Some(x)) => x,
        (None, None) => return None,
    };
    if g > 40 {
        return None;
    }
    let (cv, unit) = count(&qs[c])?;
    // The whole: an earlier count of the same unit, nearest first.
    (0..c.min(i)).rev().find_map(|w| {
        let (wv, wu) = count(&qs[w])?;
        if wu != unit || wv <= cv {
            return None;
        }
        let pct = cv.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(wv)?;
        (agree(pv, d, pct, pct, pct) == Agreement::Exact).then_some((
            FigId { line: fig.line, q: c as u32 },
            FigId { line: fig.line, q: w as u32 },
            pct,
        ))
    })
}

/// A computed percentage written as the text writes it: rounded, or truncated when that is what
/// gives the stated figure (`1 422 900 000 / 58 123 000 000` = 2,448…% is written `2,44%`).
pub fn as_stated(pct: Decimal, stated: Decimal, d: u32) -> (Decimal, bool) {
    let r = crate::figures::compare::round(pct, d);
    if r == stated {
        return (r, false);
    }
    let t = crate::figures::compare::truncate(pct, d);
    if t == stated {
        (t, true)
    } else {
        (r, false)
    }
}

/// A share of a whole named after it and stated elsewhere (`Nợ quá hạn 1 tỷ 422 triệu 900
/// nghìn đồng, chiếm 2,44% tổng dư nợ` and `Dư nợ cho vay: 58 tỷ 123 triệu đồng` on another
/// line): the nearest statement of the report whose name holds the whole's words, with a value
/// of the same kind larger than the part, whose ratio (rounded or truncated) is the stated
/// share. (whole, computed percentage)
pub fn share_of_named_whole(a: &Analysis, fig: FigId) -> Option<(FigId, Decimal)> {
    let li = &a.lines()[fig.line as usize];
    let s = li.statements.iter().find(|s| s.share.as_ref().is_some_and(|(p, _)| *p == fig.q))?;
    let (_, whole) = s.share.as_ref()?;
    if whole.split_whitespace().count() < 2 {
        return None;
    }
    let (pq, _) = a.figures.settled(&li.quantities[fig.q as usize]);
    let pv = pq.value.exact().filter(|v| is_percent(&pq) && *v > Decimal::ZERO && *v < Decimal::ONE_HUNDRED)?;
    let d = crate::checks::fig::decimals(&pq);
    let (vq, _) = a.figures.settled(&li.quantities[s.value? as usize]);
    let vq = vq.into_owned();
    if is_rate(&vq) {
        return None;
    }
    let v = vq.value.exact()?;
    let scope = |line: usize| a.structure.section_at_line(line).map(|s| s.scope).unwrap_or(0);
    let my_scope = scope(fig.line as usize);
    let mut best: Option<(u32, FigId, Decimal)> = None;
    for sid in &a.figures.stmts {
        let o = a.statement(*sid);
        let Some(ov) = o.value else { continue };
        if sid.line == fig.line || !contains_words(&o.key, whole) || scope(sid.line as usize) != my_scope {
            continue;
        }
        let wf = FigId { line: sid.line, q: ov };
        let (wq, _) = a.figures.settled(a.quantity(wf));
        let Some(w) = crate::figures::model::in_unit_of(&wq, &vq).map(|w| w.value).filter(|w| *w > v) else { continue };
        let Some(pct) = v.checked_mul(Decimal::ONE_HUNDRED).and_then(|x| x.checked_div(w)) else { continue };
        if agree(pv, d, pct, pct, pct) != Agreement::Exact {
            continue;
        }
        let dist = sid.line.abs_diff(fig.line);
        if best.is_none_or(|(bd, _, _)| dist < bd) {
            best = Some((dist, wf, pct));
        }
    }
    best.map(|(_, w, p)| (w, p))
}

/// Totals stated in a section's opening lines and made up of the totals of its subsections
/// (`1.2. Công nghiệp … và xây dựng: Tổng thu nhập … 35.161 triệu đồng`, then `a) …: Tổng thu
/// nhập từ công nghiệp … 6.219 triệu đồng`, `b) …: Tổng thu nhập từ hoạt động xây dựng 28.942
/// triệu đồng`): the first `Tổng …` figure of the same kind in each subsection, when there are
/// two or more and they add up exactly to the total.
pub fn parts_in_subsections(a: &Analysis, total: FigId) -> Option<PartsReading> {
    let line = total.line as usize;
    let li = &a.lines()[line];
    // `Tổng …` before the figure (the name may be too long to be kept as one).
    let says_total = |l: u32, s: &crate::figures::extract::Statement| {
        let text = a.line_text(l as usize);
        let lead = text.get(s.span.start as usize..).unwrap_or("");
        fold_ascii(lead.trim_start_matches(|c: char| !c.is_alphanumeric())).starts_with("tong ")
    };
    let st = li.statements.iter().find(|s| s.value == Some(total.q))?;
    if !says_total(total.line, st) {
        return None;
    }
    let (tq, _) = a.figures.settled(&li.quantities[total.q as usize]);
    let tq = tq.into_owned();
    let tv = tq.value.exact()?;
    let tu = tq.unit.as_ref()?;
    if is_rate(&tq) {
        return None;
    }
    let si = a.structure.line_section.get(line).copied().flatten()? as usize;
    let sec = &a.structure.sections[si];
    // The total opens the section: it comes before the first subsection.
    let first_child = sec.children.first().map(|&c| a.structure.sections[c].line)?;
    if total.line >= first_child {
        return None;
    }
    let mut parts = Vec::new();
    let mut sum = Decimal::ZERO;
    for &c in &sec.children {
        let child = &a.structure.sections[c];
        let found = (child.line..=child.last_line).find_map(|l| {
            let cl = a.lines().get(l as usize)?;
            cl.statements.iter().find_map(|s| {
                let v = s.value.filter(|_| says_total(l, s))?;
                let f = FigId { line: l, q: v };
                let (q, _) = a.figures.settled(a.quantity(f));
                if !q.unit.as_ref().is_some_and(|u| u.comparable(tu)) {
                    return None;
                }
                Some((f, crate::figures::model::in_unit_of(&q, &tq)?.value))
            })
        });
        if let Some((f, w)) = found {
            parts.push(f);
            sum += w;
        }
    }
    (parts.len() >= 2 && sum == tv).then_some(PartsReading { parts, sum, exact: true, disposition: false })
}

/// The sources a fund's capital is made of (`vốn điều lệ`, `vốn huy động`, `huy động tiền gửi`,
/// `vốn vay`…), as against what it is used for (`dư nợ`, `nợ quá hạn`, `gửi NHHT`): keys that
/// start with `von` or hold `huy dong`.
fn is_funds_source(key: &str) -> bool {
    key == "von" || key.starts_with("von ") || contains_words(key, "huy dong")
}

/// The sources listed under a fund's total capital (`Tổng nguồn vốn … 111 tỷ 186 triệu đồng`,
/// then `Trong đó:` and `- Vốn điều lệ: 3.400.000.000đ; Huy động tiền gửi: 107 tỷ 646 triệu
/// đồng, …; Nợ quá hạn …; Gửi NHHT …`): the amounts on the list lines below whose names are
/// sources (the rest of such lists are uses of the capital, not parts of it), two or more, at
/// most the total.
pub fn funds_sources(a: &Analysis, total: FigId) -> Option<PartsReading> {
    let li = &a.lines()[total.line as usize];
    let st = li.statements.iter().find(|s| s.value == Some(total.q))?;
    if !contains_words(&st.key, "nguon von") {
        return None;
    }
    let (tq, _) = a.figures.settled(&li.quantities[total.q as usize]);
    let tv = tq.value.exact()?;
    if !tq.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Money(_)) && u.per.is_empty()) || tq.bound != Bound::Exact && tq.bound != Bound::About {
        return None;
    }
    let mut parts = Vec::new();
    let mut sum = Decimal::ZERO;
    let mut k = total.line as usize + 1;
    let mut seen = 0;
    while k < a.line_count() && seen < 6 {
        let lk = &a.lines()[k];
        if lk.kind == crate::syntax::line::LineKind::Blank {
            k += 1;
            continue;
        }
        seen += 1;
        let intro = lk.statements.first().is_some_and(|s| s.is_part);
        if !(intro || matches!(lk.kind, crate::syntax::line::LineKind::Bullet { .. })) {
            break;
        }
        for s in lk.statements.iter().filter(|s| is_funds_source(&s.key)) {
            let Some(v) = s.value else { continue };
            let f = FigId { line: k as u32, q: v };
            let (q, _) = a.figures.settled(a.quantity(f));
            if q.bound != Bound::Exact {
                continue;
            }
            let Some(w) = crate::figures::model::in_unit_of(&q, &tq) else { continue };
            parts.push(f);
            sum += w.value;
        }
        k += 1;
    }
    (parts.len() >= 2 && sum <= tv).then_some(PartsReading { parts, sum, exact: sum == tv, disposition: false })
}

/// The ways the parts of a total are read: in the running text, in its subsections, among a
/// fund's listed sources, and what became of a received total.
const READINGS: [fn(&Analysis, FigId) -> Option<PartsReading>; 4] = [parts_in_text, parts_in_subsections, funds_sources, what_became_of];

/// Every reading of the parts of a total (see `READINGS`).
pub fn parts_readings(a: &Analysis, total: FigId) -> Vec<PartsReading> {
    READINGS.iter().filter_map(|r| r(a, total)).collect()
}

/// A total above a figure whose reading ([`parts_readings`]) counts it as a part: the nearest of
/// the figures before it on its line and on the three non-blank lines above (at most 30), each
/// larger than it. (total, reading)
pub fn part_of_reading(a: &Analysis, fig: FigId) -> Option<(FigId, PartsReading)> {
    // Values compared in their units' base (`3.400.000.000đ` is less than `111 tỷ`).
    let base = |q: &Quantity| q.value.exact().and_then(|v| v.checked_mul(q.unit.as_ref().map_or(Decimal::ONE, |u| u.scale)));
    let fv = base(&a.figures.settled(a.quantity(fig)).0)?;
    let mut line = fig.line as usize;
    let mut upto = fig.q as usize;
    let mut tried = 0;
    let mut lines_up = 0;
    loop {
        for q in (0..upto).rev() {
            let t = FigId { line: line as u32, q: q as u32 };
            let (tq, _) = a.figures.settled(a.quantity(t));
            if base(&tq).is_none_or(|v| v <= fv) {
                continue;
            }
            tried += 1;
            if let Some(r) = READINGS.iter().find_map(|r| r(a, t).filter(|r| r.parts.contains(&fig))) {
                return Some((t, r));
            }
            if tried >= 30 {
                return None;
            }
        }
        // The line above (blank lines skipped), three at most.
        let prev = (line.saturating_sub(4)..line).rev().find(|&k| a.lines()[k].kind != crate::syntax::line::LineKind::Blank)?;
        lines_up += 1;
        if lines_up > 3 {
            return None;
        }
        line = prev;
        upto = a.lines()[line].quantities.len();
    }
}

/// Items a count is about, found by name: the names listed after `là` in its sentence (`02 đơn
/// vị, doanh nghiệp … là DNTN Hoàng Mai và Công ty TNHH Hoàng Thanh Bình`), or the headings of
/// its part named with its noun (`3/3 trường` and `1.1. Trường Mầm non`, `1.2. Trường Tiểu
/// học`, `1.3. Trường THCS`). Offered only when there are as many as the count says (of a
/// fraction `3/3`, its whole): the names, and the line of each heading.
pub fn items_named(a: &Analysis, fig: FigId) -> Option<Vec<(String, Option<u32>)>> {
    let q = a.quantity(fig);
    let noun = q.noun()?;
    let n = match q.value {
        Value::Exact(v) => v,
        Value::Fraction { den, .. } => den,
        Value::Range { .. } => return None,
    };
    let n = usize::try_from(n.mantissa()).ok().filter(|k| n.scale() == 0 && (2..=20).contains(k))?;
    let names = names_after_la(a, fig).filter(|v| v.len() == n).or_else(|| headings_named(a, fig.line as usize, noun).filter(|v| v.len() == n))?;
    Some(names)
}

/// `… là A và B, C …`: runs of capitalised words after `là`, in the count's sentence, separated
/// by commas or `và`; anything else ends the list.
fn names_after_la(a: &Analysis, fig: FigId) -> Option<Vec<(String, Option<u32>)>> {
    let text = a.line_text(fig.line as usize);
    let after = text.get(a.quantity(fig).range.end as usize..)?;
    // The sentence: to a full stop followed by a space, or a semicolon.
    let end = after.char_indices().find(|&(i, c)| c == ';' || (c == '.' && after[i + 1..].starts_with(' '))).map_or(after.len(), |(i, _)| i);
    let sentence = &after[..end];
    let folded = fold_lower(sentence);
    // `là` as a word, once.
    let at = folded.match_indices(" là ").next()?.0;
    // The fold keeps the text's layout for precomposed text; otherwise no reading.
    if folded.len() != sentence.len() {
        return None;
    }
    let mut names: Vec<(String, Option<u32>)> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let capital = |w: &str| w.chars().next().is_some_and(crate::text::chars::is_uppercase);
    let words: Vec<&str> = sentence[at + " là ".len()..].split(' ').filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let core = w.trim_end_matches(',');
        // A lower-case word inside a name (`Công ty TNHH …`, `Hợp tác xã Nông nghiệp …`) has a
        // capitalised word after it.
        let inside = !cur.is_empty()
            && core.len() == w.len()
            && core != "và"
            && words[i + 1..].iter().take(2).take_while(|n| !n.ends_with(',') && **n != "và").any(|n| capital(n));
        if capital(core) || inside {
            cur.push(core);
            if core.len() != w.len() {
                names.push((cur.join(" "), None));
                cur.clear();
            }
        } else if core == "và" && !cur.is_empty() {
            names.push((cur.join(" "), None));
            cur.clear();
        } else {
            break;
        }
    }
    if !cur.is_empty() {
        names.push((cur.join(" "), None));
    }
    (names.len() >= 2).then_some(names)
}

/// The headings of the part holding `line` whose title starts with `noun` (`Trường …`).
fn headings_named(a: &Analysis, line: usize, noun: &str) -> Option<Vec<(String, Option<u32>)>> {
    let sec = a.structure.part_at_line(line)?;
    let noun = fold_lower(noun);
    let found: Vec<(String, Option<u32>)> = a
        .structure
        .sections
        .iter()
        .filter(|s| s.line >= sec.line && s.last_line <= sec.last_line && s.line as usize != line)
        .filter(|s| {
            let name = fold_lower(&s.name);
            name.strip_prefix(noun.as_str()).is_some_and(|r| r.starts_with(' '))
        })
        .map(|s| (format!("{} {}", s.number_text, s.name).trim().to_string(), Some(s.line)))
        .collect();
    (found.len() >= 2).then_some(found)
}

/// Count units that name cases of one kind of work and may be mixed in one list (`4.836 lượt
/// công dân. Trong đó: khai sinh 715 trường hợp … 2.923 lượt`), and people (`23 cán bộ … 07 đ/c`).
const CASES: &[&str] = &["lượt", "trường hợp", "hồ sơ"];
const PEOPLE: &[&str] = &["người", "cán bộ", "công chức", "đồng chí", "đại biểu"];

fn part_unit_fits(part: &Quantity, total: &Quantity) -> bool {
    match (&part.unit, &total.unit) {
        // `… là 275` with its unit on the next line.
        (None, Some(t)) => t.kind == UnitKind::Count,
        (Some(p), Some(t)) if p.kind == UnitKind::Count && t.kind == UnitKind::Count => {
            p.name == t.name || [CASES, PEOPLE].iter().any(|g| g.contains(&p.name) && g.contains(&t.name))
        }
        (Some(p), Some(t)) => p.comparable(t) && p.per.is_empty(),
        (_, None) => false,
    }
}

/// Does a line end its sentence (so the next line starts a new one)?
fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', ':', ';', '!', '?', ')', '"', '”'])
}

/// Parts read from the text: the figures, their sum in the total's unit, and whether they add
/// up exactly to the total (else they are a partial list, less than it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartsReading {
    pub parts: Vec<FigId>,
    pub sum: Decimal,
    pub exact: bool,
    /// What became of the total (handled, passed on…) rather than its kinds.
    pub disposition: bool,
}

/// Verbs before a total whose parts are what became of it (`tiếp nhận 34 đơn; … giải quyết 25
/// đơn, 01 đơn đang xử lý; 08 đơn chuyển …`).
const RECEIVED: &[&str] = &["tiếp nhận", "thụ lý", "nhận được"];

/// Parts in running text that add up exactly to a total: the figures right after it (or after
/// a bracket that opens right after it; in its paragraph, skipping figures of another kind), as
/// many as add up to the total. Only where the text announces parts (`trong đó`, `gồm`, `như`,
/// a colon or a bracket between the total and the first part, or `tiếp nhận` before the total),
/// and never as an extension of a list the extractor tied (that list, short of its total, is a
/// finding to see, not to explain away). Not for a total whose tied list adds up already.
pub fn parts_in_text(a: &Analysis, total: FigId) -> Option<PartsReading> {
    let (tq, _) = a.figures.settled(a.quantity(total));
    let tv = tq.value.exact().filter(|v| *v > Decimal::ONE)?;
    if tq.bound != Bound::Exact && tq.bound != Bound::About
        || tq.unit.as_ref().is_none_or(|u| {
            !u.per.is_empty() || matches!(u.kind, UnitKind::Percent | UnitKind::PerMille | UnitKind::Period | UnitKind::Age | UnitKind::Time)
        })
    {
        return None;
    }
    let tied: Vec<&crate::figures::model::PartsList> = a.figures.parts_lists.iter().filter(|pl| pl.total == total && pl.parts.len() >= 2).collect();
    // A tied list that adds up is the answer already.
    if tied.iter().any(|pl| adds_up(a, &pl.parts, &tq, tv)) {
        return None;
    }
    // The reading layer's list, when it adds up (it reads `,` and `;` mixed in one list, which
    // the line model cuts at the `;`).
    let read = a.reading.about(total).find_map(|r| match &r.rel {
        // (The kinds, in the total's own sentence: not what became of it in the next one.)
        crate::reading::relation::Rel::Parts { total: t, parts, .. } if *t == total && parts.len() >= 2 && adds_up(a, parts, &tq, tv) && same_sentence(a, total, parts) => Some(parts.clone()),
        _ => None,
    });
    if let Some(parts) = read {
        return Some(PartsReading { parts, sum: tv, exact: true, disposition: received(a, total, &tq) });
    }
    let home = a.line_text(total.line as usize);
    let t_end = (tq.range.end as usize).min(home.len());
    // A bracket right after the total qualifies it (`958 hồ sơ (trong đó 12 hồ sơ trực tuyến)`).
    let after_total = home.get(t_end..).unwrap_or("");
    let skip_to = if after_total.trim_start().starts_with('(') {
        let open = t_end + after_total.len() - after_total.trim_start().len();
        home[open..].find(')').map_or(home.len(), |c| open + c)
    } else {
        t_end
    };
    let cands = candidates_after(a, &tq, total.line as usize, total.q as usize + 1);
    // From the first figure after the total, else from the first after its bracket.
    let after_bracket = cands.iter().position(|c| c.0.line != total.line || a.quantity(c.0).range.start as usize >= skip_to);
    let starts = [Some(0), after_bracket.filter(|&i| i > 0)];
    starts.into_iter().flatten().find_map(|i| run_from(a, total, &tq, tv, &cands[i..], &tied))
}

/// The figures after quantity `from` of `line` that may be parts of a total `tq`, with their
/// values in its unit, to the end of the paragraph (a line that does not end its sentence
/// continues on the next non-blank one); at most 40.
fn candidates_after(a: &Analysis, tq: &Quantity, line: usize, from: usize) -> Vec<(FigId, Decimal)> {
    let mut cands: Vec<(FigId, Decimal)> = Vec::new();
    let mut line = line;
    let mut from = from;
    loop {
        let li = &a.lines()[line];
        for (k, q) in li.quantities.iter().enumerate().skip(from) {
            if tied_elsewhere(a, line, k as u32) || q.bound != Bound::Exact && q.bound != Bound::About || !part_unit_fits(q, tq) {
                continue;
            }
            let (sq, _) = a.figures.settled(q);
            // Counts of different nouns (`cán bộ`, `đ/c`) are taken as written.
            let w = match sq.unit.as_ref().map(|u| u.kind) {
                Some(UnitKind::Count) | None => sq.value.exact(),
                _ => crate::figures::model::in_unit_of(&sq, tq).map(|w| w.value),
            };
            let Some(w) = w else { continue };
            cands.push((FigId { line: line as u32, q: k as u32 }, w));
        }
        if cands.len() >= 40 || ends_sentence(&a.line_text(line)) {
            break;
        }
        let Some(next) = (line + 1..a.line_count().min(line + 4)).find(|&k| a.lines()[k].kind != crate::syntax::line::LineKind::Blank) else {
            break;
        };
        if !a.line_text(next).trim_start().starts_with(|c: char| c.is_lowercase()) {
            break;
        }
        line = next;
        from = 0;
    }
    cands
}

/// The run of `cands` from the first one that adds up to `tv`, when the text between the total
/// and it announces parts (see [`parts_in_text`]).
fn run_from(
    a: &Analysis,
    total: FigId,
    tq: &Quantity,
    tv: Decimal,
    cands: &[(FigId, Decimal)],
    tied: &[&crate::figures::model::PartsList],
) -> Option<PartsReading> {
    let first = cands.first()?.0;
    let home = a.line_text(total.line as usize);
    let t_end = (tq.range.end as usize).min(home.len());
    let to = if first.line == total.line { (a.quantity(first).range.start as usize).max(t_end) } else { home.len() };
    let between = fold_lower(home.get(t_end..to).unwrap_or(""));
    let before = fold_lower(home.get(..tq.range.start as usize).unwrap_or(""));
    let words: Vec<&str> = before.split_whitespace().collect();
    let before_tail = words[words.len().saturating_sub(4)..].join(" ");
    let announced = between.contains([':', '('])
        || PARTS_WORDS.iter().chain(&["như"]).any(|w| contains_words(&between, w))
        || RECEIVED.iter().any(|w| contains_words(&before_tail, w));
    if !announced {
        return None;
    }
    // Not the tied list and more (`244,7 ha. Trong đó: 1,8 ha; 232,6 ha. … 10,3 ha`).
    let extends_tied = |run: &[FigId]| tied.iter().any(|pl| pl.parts.iter().all(|p| run.contains(p)));
    let mut s = Decimal::ZERO;
    for (j, c) in cands.iter().enumerate() {
        if c.1 >= tv || s + c.1 > tv {
            break;
        }
        s += c.1;
        if s == tv && j > 0 {
            let run: Vec<FigId> = cands[..=j].iter().map(|c| c.0).collect();
            return (!extends_tied(&run)).then_some(PartsReading { parts: run, sum: s, exact: true, disposition: false });
        }
    }
    nested_reading(a, cands, tv).filter(|r| !extends_tied(&r.parts))
}

/// Do `parts`, in the unit of the total `tq`, add up exactly to its value `tv`?
/// Are the parts on the total's line, in its sentence?
fn same_sentence(a: &Analysis, total: FigId, parts: &[FigId]) -> bool {
    let Some(last) = parts.iter().max() else { return false };
    if parts.iter().any(|p| p.line != total.line) {
        return false;
    }
    let home = a.line_text(total.line as usize);
    let (from, to) = (a.quantity(total).range.end as usize, a.quantity(*last).range.start as usize);
    home.get(from..to).is_some_and(|between| !between.contains(". "))
}

fn adds_up(a: &Analysis, parts: &[FigId], tq: &Quantity, tv: Decimal) -> bool {
    let ws: Option<Vec<Decimal>> = parts.iter().map(|&p| crate::figures::model::in_unit_of(&a.figures.settled(a.quantity(p)).0, tq).map(|w| w.value)).collect();
    ws.is_some_and(|ws| ws.iter().sum::<Decimal>() == tv)
}

/// Is there a receiving verb (`tiếp nhận`, `thụ lý`…) in the four words before a total?
fn received(a: &Analysis, total: FigId, tq: &Quantity) -> bool {
    let home = a.line_text(total.line as usize);
    let before = fold_lower(home.get(..tq.range.start as usize).unwrap_or(""));
    let words: Vec<&str> = before.split_whitespace().collect();
    let tail = words[words.len().saturating_sub(4)..].join(" ");
    RECEIVED.iter().any(|w| contains_words(&tail, w))
}

/// What became of a received total whose own list of kinds adds up (the list the extractor
/// tied, or one read by [`parts_in_text`]): the figures after that list, in its paragraph
/// (`tiếp nhận 21 vụ việc: Trong đó có (06 vụ tai nạn …, 01 vụ ma túy). … trực tiếp hòa giải
/// 03 vụ …, 04 vụ trộm cắp. Báo cáo Công an huyện 11 vụ (trong đó 03 vụ …)`), read as parts
/// that add up exactly to the total, or as a nested list short of it.
pub fn what_became_of(a: &Analysis, total: FigId) -> Option<PartsReading> {
    let (tq, _) = a.figures.settled(a.quantity(total));
    let tq = tq.as_ref();
    let tv = tq.value.exact().filter(|v| *v > Decimal::ONE)?;
    if !received(a, total, tq) {
        return None;
    }
    let kinds = match a.figures.parts_lists.iter().find(|pl| pl.total == total && pl.parts.len() >= 2 && adds_up(a, &pl.parts, tq, tv)) {
        Some(pl) => pl.parts.clone(),
        None => parts_in_text(a, total).filter(|r| r.exact)?.parts,
    };
    let last = kinds.iter().copied().max_by_key(|f| (f.line, f.q))?;
    let mut r = disposition_after(a, tq, tv, last)?;
    r.disposition = true;
    Some(r)
}

/// The figures after `last` read as what became of a total `tq` of value `tv`.
fn disposition_after(a: &Analysis, tq: &Quantity, tv: Decimal, last: FigId) -> Option<PartsReading> {
    let cands = candidates_after(a, tq, last.line as usize, last.q as usize + 1);
    let mut s = Decimal::ZERO;
    for (j, c) in cands.iter().enumerate() {
        if c.1 >= tv || s + c.1 > tv {
            break;
        }
        s += c.1;
        if s == tv && j > 0 {
            return Some(PartsReading { parts: cands[..=j].iter().map(|c| c.0).collect(), sum: s, exact: true, disposition: false });
        }
    }
    nested_reading(a, &cands, tv)
}

/// Does a new sentence start between figures `x` and `y` (a full stop, `!` or `?`, then a
/// capital)?
fn new_sentence_between(a: &Analysis, x: FigId, y: FigId) -> bool {
    if x.line != y.line {
        return ends_sentence(&a.line_text(x.line as usize));
    }
    let text = a.line_text(x.line as usize);
    let (from, to) = (a.quantity(x).range.end as usize, a.quantity(y).range.start as usize);
    let Some(between) = text.get(from..to.max(from)) else { return false };
    between.char_indices().any(|(i, c)| {
        matches!(c, '.' | '!' | '?') && between[i + 1..].trim_start().chars().next().is_some_and(crate::text::chars::is_uppercase)
    })
}

/// A list of parts with lists of their own (`12 vụ. Trong đó đã giải quyết 09 vụ (tự hòa giải
/// 07 vụ; xử phạt 01 vụ; xác minh 01 vụ), 02 vụ chuyển Công an huyện`): every figure to the
/// end of the paragraph is a part or one of the parts that add up exactly to the part before
/// them. Offered when at least one part has such a list (the nesting is what makes the reading
/// safe), there are two parts or more, and they add up to less than the total (the rest is not
/// said). A sentence whose first figure would take the sum to the total or beyond ends it.
fn nested_reading(a: &Analysis, cands: &[(FigId, Decimal)], tv: Decimal) -> Option<PartsReading> {
    let mut parts = Vec::new();
    let mut sum = Decimal::ZERO;
    let mut nested = false;
    let mut i = 0;
    while i < cands.len() {
        let (f, v) = cands[i];
        if v >= tv || sum + v >= tv {
            // A new sentence that would reach the total is about something else (`… 11 vụ
            // (trong đó …). Xử lý hành chính 5 vụ …`): the reading ends before it.
            if i > 0 && nested && parts.len() >= 2 && new_sentence_between(a, cands[i - 1].0, f) {
                break;
            }
            return None;
        }
        sum += v;
        parts.push(f);
        // The figures right after it that add up to it, two or more, are its own parts.
        let mut sub = Decimal::ZERO;
        let mut end = None;
        for (j, c) in cands.iter().enumerate().skip(i + 1) {
            sub += c.1;
            if sub == v && j > i + 1 {
                end = Some(j);
                break;
            }
            if sub > v {
                break;
            }
        }
        match end {
            Some(e) => {
                nested = true;
                i = e + 1;
            }
            None => i += 1,
        }
    }
    (nested && parts.len() >= 2).then_some(PartsReading { parts, sum, exact: false, disposition: false })
}

/// Words that say nothing about which indicator a figure is (verbs, plan words, places).
const STOP: &[&str] = &[
    "ty", "ti", "le", "uoc", "dat", "la", "co", "cac", "cua", "da", "duoc", "so", "voi", "nam", "tren", "duoi", "khoang", "tang", "giam", "con",
    "tong", "chiem", "trong", "do", "theo", "thi", "tran", "xa", "phuong", "tiep", "tuc", "va", "nhung", "cho", "tai", "den", "nay", "tu", "o",
    "muc", "ke", "hoach", "chi", "tieu", "thuc", "hien", "the", "nhu", "sau", "ket", "qua", "cu", "tro", "len", "hon", "it", "nhat", "khong", "mot",
    "de", "ra", "deu", "ban", "nhieu", "hang", "moi", "cung", "ky", "gan", "khac", "thang", "ngay", "dien", "tich", "quy", "mo",
];

/// The content words around a figure: up to 12 before it (from the start of its statement, or
/// of its sentence or bracket) and up to 5 after it (to the next figure or punctuation), folded
/// without accents, abbreviations expanded, stop words dropped.
fn words_around(a: &Analysis, f: FigId) -> Vec<String> {
    let line = f.line as usize;
    let text = a.line_text(line);
    let q = a.quantity(f);
    let (qs, qe) = (q.range.start as usize, q.range.end as usize);
    let li = &a.lines()[line];
    let stmt_start = li.statements.iter().filter(|s| figure::role(s, f.q).is_some()).map(|s| s.span.start as usize).min();
    let start = stmt_start.unwrap_or_else(|| {
        let b = text.as_bytes();
        (0..qs.min(b.len()))
            .rev()
            .find(|&i| matches!(b[i], b';' | b'(' | b')' | b'!' | b'?') || b[i] == b'.' && b.get(i + 1).is_none_or(|c| !c.is_ascii_digit()))
            .map_or(0, |i| i + 1)
    });
    let before = text.get(start.min(qs)..qs).unwrap_or("");
    let after_all = text.get(qe..).unwrap_or("");
    let cut = after_all.find(|c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | '.' | '(' | ')')).unwrap_or(after_all.len());
    let after = &after_all[..cut];
    let words = |s: &str| -> Vec<String> {
        let f = fold_ascii(s);
        let ws: Vec<&str> =
            f.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit())).collect();
        let joined = ws.join(" ");
        figure::key_words(&joined).into_iter().filter(|w| !STOP.contains(w)).map(str::to_string).collect()
    };
    let mut b = words(before);
    let n = b.len();
    if n > 12 {
        b.drain(..n - 12);
    }
    b.extend(words(after).into_iter().take(5));
    b
}

/// Do the words around two figures say they are about the same thing? A pair of adjacent
/// content words in common (`hộ nghèo`, `khu dân cư`), or, for two figures with the same bound
/// (`dưới 1,0%`), two content words in common.
fn same_subject(x: &[String], y: &[String], same_bound: bool) -> bool {
    let pairs = |w: &[String]| w.windows(2).map(|p| (p[0].clone(), p[1].clone())).collect::<Vec<_>>();
    let py = pairs(y);
    if pairs(x).iter().any(|p| py.contains(p)) {
        return true;
    }
    same_bound && {
        let mut common: Vec<&String> = x.iter().filter(|w| y.contains(w)).collect();
        common.sort();
        common.dedup();
        common.len() >= 2
    }
}

/// A unit without its time denominator (`tấn/ha/năm` → `tấn/ha`, `%/năm` → `%`).
fn without_time(u: &Unit) -> Unit {
    let mut u = u.clone();
    u.per = u.per.iter().filter(|p| p.kind != UnitKind::Period).cloned().collect();
    u
}

/// A quantity's exact value in the base unit of its kind, time denominators left out (`125
/// tạ/ha` and `12,5 tấn/ha/năm` give the same), without allocating: a quick filter before
/// [`same_value`].
fn base_key(q: &Quantity) -> Option<(UnitKind, Decimal)> {
    let u = q.unit.as_ref()?;
    let mut v = q.value.exact()?.checked_mul(u.scale)?;
    for p in u.per.iter().filter(|p| p.kind != UnitKind::Period) {
        v = v.checked_div(p.scale).filter(|_| !p.scale.is_zero())?;
    }
    Some((u.kind, v.normalize()))
}

/// Is the value of `g` the value of `q` (`125 tạ/ha` is `12,5 tấn/ha/năm`, `9/9 thanh niên`
/// is `09 thanh niên`)?
fn same_value(q: &Quantity, g: &Quantity) -> bool {
    let (Some(qu), Some(gu)) = (&q.unit, &g.unit) else {
        return matches!((&q.value, &g.value), (Value::Fraction { num: a, den: b }, Value::Fraction { num: c, den: d }) if a == c && b == d && q.unit.is_none() && g.unit.is_none());
    };
    let (qu, gu) = (without_time(qu), without_time(gu));
    if !qu.comparable(&gu) {
        return false;
    }
    match (&q.value, &g.value) {
        (Value::Exact(v), Value::Exact(w)) => gu.convert(*w, &qu).is_some_and(|x| x == *v),
        (Value::Fraction { num: a, den: b }, Value::Fraction { num: c, den: d }) => a == c && b == d,
        (Value::Exact(v), Value::Fraction { num, den }) | (Value::Fraction { num, den }, Value::Exact(v)) => {
            qu.kind == UnitKind::Count && num == v && num == den
        }
        _ => false,
    }
}

/// A figure specific enough that the same value elsewhere is the same figure: four significant
/// digits or more (`159.917 triệu đồng`), or a yield per area (`12,5 tấn/ha`).
fn distinctive(q: &Quantity) -> bool {
    let Some(u) = &q.unit else { return false };
    if without_time(u).per.iter().any(|p| p.kind == UnitKind::Area) {
        return true;
    }
    q.value.exact().is_some_and(|v| {
        let digits = v.normalize().mantissa().unsigned_abs().to_string();
        digits.trim_end_matches('0').len() >= 4
    }) && !matches!(u.kind, UnitKind::Percent | UnitKind::PerMille)
}

/// Other figures of the same report with the same value about the same thing (see
/// `same_subject`), one per line, in document order, not on the figure's own line.
pub fn same_figure_elsewhere(a: &Analysis, f: FigId) -> Vec<FigId> {
    let (q, _) = a.figures.settled(a.quantity(f));
    let q = q.into_owned();
    // Too common to mean anything: 100%, 0, one item; and figures without a unit.
    let trivial = match &q.value {
        Value::Exact(v) => {
            q.unit.is_none()
                || v.is_zero()
                || (is_percent(&q) && *v == Decimal::ONE_HUNDRED)
                || (q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Count) && *v <= Decimal::ONE)
        }
        Value::Fraction { num, .. } => num.is_zero(),
        Value::Range { .. } => true,
    } || q.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Period | UnitKind::Age | UnitKind::Time));
    if trivial {
        return Vec::new();
    }
    let scope = |line: usize| a.structure.section_at_line(line).map(|s| s.scope).unwrap_or(0);
    let my_scope = scope(f.line as usize);
    let specific = distinctive(&q);
    let key = base_key(&q);
    let kind = q.unit.as_ref().map(|u| u.kind);
    // The lines of the report (several may be pasted into one file).
    let (mut lo, mut hi) = (u32::MAX, 0);
    for sec in a.structure.sections.iter().filter(|s| s.scope == my_scope) {
        lo = lo.min(sec.line);
        hi = hi.max(sec.last_line);
    }
    if my_scope == 0 || lo > hi {
        lo = 0;
    }
    let hi = if lo > hi { a.line_count() } else { (hi as usize + 1).min(a.line_count()) };
    let mut mine: Option<Vec<String>> = None;
    let mut out = Vec::new();
    for (line, li) in a.lines().iter().enumerate().take(hi).skip(lo as usize) {
        if line == f.line as usize || li.quantities.is_empty() {
            continue;
        }
        for (k, g) in li.quantities.iter().enumerate() {
            if g.unit.as_ref().map(|u| u.kind) != kind {
                continue;
            }
            let quick = match (&q.value, &g.value) {
                (Value::Exact(_), Value::Exact(_)) => key.is_some() && base_key(g) == key,
                (Value::Fraction { .. }, _) | (_, Value::Fraction { .. }) => same_value(&q, g),
                _ => false,
            };
            if !quick {
                continue;
            }
            let gf = FigId { line: line as u32, q: k as u32 };
            if scope(line) != my_scope {
                break;
            }
            let (gq, _) = a.figures.settled(g);
            if !same_value(&q, &gq) {
                continue;
            }
            let ok = specific && distinctive(&gq) || {
                let m = mine.get_or_insert_with(|| words_around(a, f));
                let same_bound = q.bound == gq.bound && q.bound != Bound::Exact;
                same_subject(m, &words_around(a, gf), same_bound)
            };
            if ok {
                out.push(gf);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;

    fn fig(a: &Analysis, t: &str, at: &str) -> FigId {
        figure::figure_at(a, t.find(at).unwrap() + 1).unwrap()
    }

    fn shown(a: &Analysis, f: FigId) -> String {
        crate::checks::fig::shown(a, f)
    }

    #[test]
    fn second_and_bare_percentages_of_plan() {
        let t = "- Tổng thu thực hiện 442,4 tỷ đồng, đạt 211,39% so với dự toán tỉnh giao, 192,95 % chỉ tiêu phấn đấu; thu tiền sử dụng đất 303 tỷ đồng, đạt 505% kế hoạch tỉnh giao và 378,75% chỉ tiêu phấn đấu.\n\
                 Trong đó: Các khoản thu cân đối là: 918.065.459 đạt 36%.\n\
                 - Thu nhập bình quân 55 triệu đồng, đạt 36% so với năm 2015.\n";
        let a = Analysis::from_text(t, &Config::default());
        let owner = owner_of_plan_percent(&a, fig(&a, t, "192,95")).unwrap();
        let more = more_plan_percents(&a, owner);
        assert_eq!(more.iter().map(|p| (shown(&a, p.fig), p.sure)).collect::<Vec<_>>(), [("192,95 %".to_string(), true)]);
        let land = figure::target_of_figure(&a, fig(&a, t, "303")).stmt.unwrap().1;
        let more = more_plan_percents(&a, land);
        assert_eq!(more.iter().map(|p| (shown(&a, p.fig), p.sure)).collect::<Vec<_>>(), [("378,75%".to_string(), true)]);
        let bare = figure::target_of_figure(&a, fig(&a, t, "918")).stmt.unwrap().1;
        let more = more_plan_percents(&a, bare);
        assert_eq!(more.iter().map(|p| (shown(&a, p.fig), p.sure)).collect::<Vec<_>>(), [("36%".to_string(), false)]);
        // A percentage against a year is not of a plan.
        let income = figure::target_of_figure(&a, fig(&a, t, "55 triệu")).stmt.unwrap().1;
        assert!(more_plan_percents(&a, income).is_empty());
    }

    #[test]
    fn ratios_of_counts_on_a_line() {
        let t = "Kết quả bầu đủ 26 đại biểu, cơ cấu nữ là 19,2% (có 5 đại biểu nữ) đại biểu là người ngoài đảng 7,7% (02 đại biểu) đại biểu dưới 40 tuổi là 07 đại biểu = 26,9%.\n\
                 Đã tiếp nhận 958 hồ sơ, đã giải quyết 946 hồ sơ, có 931 hồ sơ trước hẹn chiếm 97,2%.\n\
                 Có 12 xã, trong đó 5 xã đạt 45%.\n";
        let a = Analysis::from_text(t, &Config::default());
        let r = |at: &str| ratio_of_counts(&a, fig(&a, t, at)).map(|(c, w, p)| (shown(&a, c), shown(&a, w), crate::figures::compare::round(p, 1)));
        assert_eq!(r("19,2"), Some(("5 đại biểu".into(), "26 đại biểu".into(), Decimal::new(192, 1))));
        assert_eq!(r("7,7"), Some(("02 đại biểu".into(), "26 đại biểu".into(), Decimal::new(77, 1))));
        assert_eq!(r("26,9"), Some(("07 đại biểu".into(), "26 đại biểu".into(), Decimal::new(269, 1))));
        // The whole that gives the stated percentage (not the nearer 946).
        assert_eq!(r("97,2"), Some(("931 hồ sơ".into(), "958 hồ sơ".into(), Decimal::new(972, 1))));
        // 5/12 is 41,7%, not 45%: nothing is offered.
        assert_eq!(r("45%"), None);
    }

    #[test]
    fn parts_in_running_text() {
        let t = "Đã tiếp nhận 34 đơn; đã giải quyết dứt điểm 25 đơn, 01 đơn đang xử lý; có 08 đơn không thuộc thẩm quyền.\n\
                 Tiếp nhận 12 vụ, việc. Trong đó đã giải quyết 09 vụ, việc (tự hòa giải 07 vụ, việc; xử phạt 01 vụ 05 đối tượng 3.000.000đ; xác minh 01 vụ việc, 02 vụ việc chuyển.\n\
                 Tổng số nguồn là 317 thanh niên, trong đó miễn hoãn là 275\n\n\
                 thanh niên; đủ điều kiện là 42 thanh niên.\n\
                 Có 23 cán bộ tham gia, trong đó xuất sắc 07 đ/c, tốt 15 đ/c; hoàn thành 01 đ/c.\n\
                 Chuyển đổi khoảng 40,25 ha đất lúa sang trồng các loại cây khác như cây sen 14,25 ha, rau màu 16 ha, đậu 10 ha.\n\
                 Có 20 hộ nghèo, 5 hộ cận nghèo.\n";
        let a = Analysis::from_text(t, &Config::default());
        let p = |at: &str| parts_in_text(&a, fig(&a, t, at)).filter(|r| r.exact).map(|r| r.parts.iter().map(|&f| shown(&a, f)).collect::<Vec<_>>());
        assert_eq!(p("34 đơn").unwrap(), ["25 đơn", "01 đơn", "08 đơn"]);
        // The other kind of count (`05 đối tượng`) and money are skipped.
        assert_eq!(p("09 vụ").unwrap(), ["07 vụ, việc", "01 vụ", "01 vụ việc"]);
        assert_eq!(p("12 vụ"), None);
        // … but 09 with its own parts, then 02, is a partial list of the 12: 11, one short.
        let r = parts_in_text(&a, fig(&a, t, "12 vụ")).unwrap();
        assert_eq!((r.parts.iter().map(|&f| shown(&a, f)).collect::<Vec<_>>(), r.sum, r.exact), (vec!["09 vụ, việc".to_string(), "02 vụ việc".to_string()], Decimal::from(11), false));
        // Across a page break, with the unit on the next line.
        assert_eq!(p("317").unwrap(), ["275", "42 thanh niên"]);
        assert_eq!(p("23 cán bộ").unwrap(), ["07 đ/c", "15 đ/c", "01 đ/c"]);
        assert_eq!(p("40,25").unwrap(), ["14,25 ha", "16 ha", "10 ha"]);
        assert_eq!(p("20 hộ"), None);
        // Items of one list are not parts of each other; a tied list short of its total is not
        // made up with a later figure.
        let t = "Tiếp nhận 21 vụ việc: Trong đó có (06 vụ tai nạn giao thông, 03 vụ tự tử, 01 vụ đánh bạc, 01 vụ gây thương, 01 vụ ma túy).\n\
                 Có 11 thầy cô đạt sáng kiến cấp huyện, 2 thầy cô đạt cấp ngành, 4 thầy cô đạt CSTĐ, 3 thầy cô được tặng giấy khen, 2 thầy cô được tặng bằng khen.\n\
                 - Nông nghiệp: Tổng diện tích gieo trồng 244,7 ha. Trong đó: Diện tích màu là 1,8 ha; diện tích gieo cấy là: 232,6 ha. Diện tích bỏ không gieo cấy 10,3 ha.\n";
        let a = Analysis::from_text(t, &Config::default());
        let p = |at: &str| parts_in_text(&a, fig(&a, t, at)).filter(|r| r.exact).map(|r| r.parts.iter().map(|&f| shown(&a, f)).collect::<Vec<_>>());
        assert_eq!(p("06 vụ"), None);
        assert_eq!(p("11 thầy"), None);
        assert_eq!(p("244,7"), None);
    }

    #[test]
    fn what_became_of_a_received_total() {
        // The kinds add up to the 21 received; what became of them is read after that list,
        // sentence by sentence, until a sentence that would take it past the total.
        let t = "Công an đã tiếp nhận 21 vụ việc: Trong đó có (06 vụ tai nạn, 03 vụ tự tử, 06 trộm cắp, 03 vụ gây thương, 01 vụ xâm hại, 01 vụ đánh bạc, 01 vụ ma túy). Công an trực tiếp hòa giải 03 vụ tai nạn, xử lý 01 vụ xâm hại, 01 vụ đánh bạc, 04 vụ trộm cắp. Báo cáo Công an huyện 11 vụ (trong đó 03 vụ tai nạn, 03 vụ tự tử, 02 trộm cắp, 02 vụ gây thương, 01 vụ ma túy). Xử lý hành chính 5 vụ.\n\
                 Tiếp nhận 10 đơn (04 đơn khiếu nại, 06 đơn tố cáo). Đã giải quyết 08 đơn, đang giải quyết 02 đơn.\n\
                 Có 10 đơn (04 đơn khiếu nại, 06 đơn tố cáo). Đã giải quyết 08 đơn, đang giải quyết 02 đơn.\n";
        let a = Analysis::from_text(t, &Config::default());
        assert_eq!(parts_in_text(&a, fig(&a, t, "21 vụ")), None);
        let r = what_became_of(&a, fig(&a, t, "21 vụ")).unwrap();
        assert_eq!(
            (r.parts.iter().map(|&f| shown(&a, f)).collect::<Vec<_>>(), r.sum, r.exact, r.disposition),
            (vec!["03 vụ".into(), "01 vụ".into(), "01 vụ".into(), "04 vụ".into(), "11 vụ".to_string()], Decimal::from(20), false, true)
        );
        // From a part: the total it belongs to.
        let (total, r2) = part_of_reading(&a, fig(&a, t, "04 vụ trộm")).unwrap();
        assert_eq!((shown(&a, total), r2), ("21 vụ việc".to_string(), r));
        // Kinds read from the text (not tied), then what became of them, exactly.
        let names = |r: PartsReading| (r.parts.iter().map(|&f| shown(&a, f)).collect::<Vec<_>>(), r.exact);
        assert_eq!(parts_in_text(&a, fig(&a, t, "10 đơn (04")).map(names), Some((vec!["04 đơn".to_string(), "06 đơn".into()], true)));
        assert_eq!(what_became_of(&a, fig(&a, t, "10 đơn (04")).map(names), Some((vec!["08 đơn".to_string(), "02 đơn".into()], true)));
        // Not without a receiving verb before the total.
        let line3 = t.lines().nth(2).unwrap();
        let at = t.find(line3).unwrap() + line3.find("10 đơn").unwrap() + 1;
        assert_eq!(what_became_of(&a, figure::figure_at(&a, at).unwrap()), None);
    }

    #[test]
    fn items_found_by_name() {
        let t = "PHẦN THỨ NHẤT\n1. Giáo dục\nCó 3/3 trường đạt chuẩn Quốc gia; 2/2 xã đạt chuẩn.\n1.1. Trường Mầm non\nTốt.\n1.2. Trường Tiểu học\nTốt.\n1.3. Trường THCS\nTốt.\n\
                 Hiện nay có 02 đơn vị, doanh nghiệp đầu tư hệ thống tưới là DNTN Hoàng Mai và Công ty TNHH Hoàng Thanh Bình với tổng diện tích 4,05 ha.\n\
                 Có 3 hợp tác xã tham gia là Hợp tác xã Nông nghiệp Khe Tre, HTX Hương Phú và HTX Thượng Lộ.\n\
                 Có 3 đơn vị tham gia là DNTN Hoàng Mai và Công ty TNHH Hoàng Thanh Bình.\n";
        let a = Analysis::from_text(t, &Config::default());
        let names = |at: &str| items_named(&a, fig(&a, t, at)).map(|v| v.into_iter().map(|(n, l)| (n, l.map(|l| l + 1))).collect::<Vec<_>>());
        assert_eq!(
            names("3/3").unwrap(),
            [("1.1. Trường Mầm non".to_string(), Some(4)), ("1.2. Trường Tiểu học".into(), Some(6)), ("1.3. Trường THCS".into(), Some(8))]
        );
        // Two `xã` headings are not there: nothing.
        assert_eq!(names("2/2"), None);
        assert_eq!(names("02 đơn").unwrap(), [("DNTN Hoàng Mai".to_string(), None), ("Công ty TNHH Hoàng Thanh Bình".into(), None)]);
        assert_eq!(names("3 hợp tác").unwrap().len(), 3);
        // Two names for three: nothing.
        assert_eq!(names("3 đơn"), None);
    }

    #[test]
    fn the_sources_of_a_funds_capital() {
        let t = "- Tổng nguồn vốn là 111 tỷ 186 triệu đồng, đạt 114,63% so với kế hoạch.\n\n\
                 Trong đó:\n\n\
                 - Vốn điều lệ: 3.400.000.000đ; Huy động tiền gửi: 107 tỷ 646 triệu đồng, đạt 119,61% kế hoạch; Nợ quá hạn là 1 tỷ 422 triệu đồng; Gửi NHHT: 51 tỷ 850 triệu đồng.\n";
        let a = Analysis::from_text(t, &Config::default());
        let r = funds_sources(&a, fig(&a, t, "111 tỷ")).unwrap();
        assert_eq!(r.parts.iter().map(|&f| shown(&a, f)).collect::<Vec<_>>(), ["3.400.000.000đ", "107 tỷ 646 triệu đồng"]);
        assert_eq!((r.sum, r.exact), (Decimal::new(111_046, 3), false));
        assert_eq!(part_of_reading(&a, fig(&a, t, "3.400")).map(|(f, _)| shown(&a, f)).as_deref(), Some("111 tỷ 186 triệu đồng"));
        // Uses of the capital are not parts of it; a total that is not a fund's capital has none.
        assert_eq!(part_of_reading(&a, fig(&a, t, "51 tỷ")), None);
        let t2 = t.replace("Tổng nguồn vốn", "Tổng thu ngân sách");
        let a = Analysis::from_text(&t2, &Config::default());
        assert_eq!(funds_sources(&a, fig(&a, &t2, "111 tỷ")), None);
    }

    #[test]
    fn a_share_of_a_whole_stated_elsewhere() {
        let t = "Dư nợ cho vay: 58 tỷ 123 triệu đồng, đạt 83,03% kế hoạch.\n\
                 Trong đó:\n\
                 - Nợ quá hạn là 1 tỷ 422 triệu 900 nghìn đồng, chiếm 2,44 % tổng dư nợ; nợ xấu 0,5 tỷ đồng, chiếm 5% tổng dư nợ.\n";
        let a = Analysis::from_text(t, &Config::default());
        let (w, p) = share_of_named_whole(&a, fig(&a, t, "2,44")).unwrap();
        assert_eq!(shown(&a, w), "58 tỷ 123 triệu đồng");
        // 2,448…% is written 2,44%: truncated, not rounded.
        assert_eq!(as_stated(p, Decimal::new(244, 2), 2), (Decimal::new(244, 2), true));
        // 0,5/58,123 is 0,86%, not 5%: nothing is offered.
        assert_eq!(share_of_named_whole(&a, fig(&a, t, "5%")), None);
    }

    #[test]
    fn totals_of_subsections() {
        let t = "1.2. Công nghiệp và xây dựng\n\
                 Tổng thu nhập từ công nghiệp và xây dựng ước đạt 35.161 triệu đồng, đạt 114% kế hoạch năm.\n\
                 a) Công nghiệp\n\
                 Có 12 cơ sở sản xuất.\n\
                 Tổng thu nhập từ công nghiệp ước đạt 6.219 triệu đồng, chiếm 17,7%.\n\
                 b) Xây dựng\n\
                 Tổng thu nhập từ hoạt động xây dựng ước đạt 28.942 triệu đồng.\n\
                 c) Quản lý đô thị\n\
                 Thực hiện tốt công tác quản lý.\n";
        let a = Analysis::from_text(t, &Config::default());
        let parts = parts_in_subsections(&a, fig(&a, t, "35.161")).unwrap().parts;
        assert_eq!(parts.iter().map(|&f| shown(&a, f)).collect::<Vec<_>>(), ["6.219 triệu đồng", "28.942 triệu đồng"]);
        // Not when they do not add up.
        let t2 = t.replace("28.942", "28.940");
        let a = Analysis::from_text(&t2, &Config::default());
        assert_eq!(parts_in_subsections(&a, fig(&a, &t2, "35.161")), None);
    }

    #[test]
    fn the_same_figure_elsewhere() {
        let t = "1. Kinh tế\n\
                 - Tốc độ tăng trưởng kinh tế là 8% (chỉ tiêu là 10%); sản lượng nông nghiệp quy thóc ước đạt: 12,5 tấn/ha/năm.\n\
                 - Tỷ lệ hộ nghèo 1,82%, tăng 0,11%; hộ cận nghèo 1,63%, giảm 0,4%.\n\
                 Năng suất bình quân năm ước đạt 125 tạ/ha. Kinh tế tiếp tục phát triển trên 8%/năm.\n\
                 Số hộ nghèo: 47/2.582 chiếm tỉ lệ: 1,82%; hộ nghèo còn 1,63% giảm 0,08%; tỷ lệ lao động qua đào tạo 8%.\n";
        let a = Analysis::from_text(t, &Config::default());
        let lines = |at: &str| same_figure_elsewhere(&a, fig(&a, t, at)).iter().map(|f| f.line + 1).collect::<Vec<_>>();
        assert_eq!(lines("12,5"), [4]);
        assert_eq!(lines("125 tạ"), [2]);
        assert_eq!(lines("8% (chỉ"), [4]);
        assert_eq!(lines("1,82%, tăng"), [5]);
        // `hộ cận nghèo 1,63%` is not `hộ nghèo còn 1,63%`.
        assert!(lines("1,63%, giảm").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        let t = "Có 5 đại biểu = 100%; 0 hộ; 3/0 hộ; 1.5 tấn/ha/năm (đạt\r\n 2 tấn/ha)\nđạt 7%\n\n¹ 12 lượt\n";
        let a = Analysis::from_text(t, &Config::default());
        for line in 0..a.line_count() {
            for q in 0..a.lines()[line].quantities.len() {
                let f = FigId { line: line as u32, q: q as u32 };
                let _ = (ratio_of_counts(&a, f), parts_in_text(&a, f), same_figure_elsewhere(&a, f), owner_of_plan_percent(&a, f));
                let _ = (share_of_named_whole(&a, f), parts_in_subsections(&a, f), funds_sources(&a, f), part_of_reading(&a, f), what_became_of(&a, f), items_named(&a, f));
            }
            for i in 0..a.lines()[line].statements.len() {
                let _ = more_plan_percents(&a, StmtId { line: line as u32, i: i as u32 });
            }
        }
    }
}
