//! Shares of one whole: `chiếm X%` of the same whole in sibling sections, or a breakdown on one
//! line (`Loại Tốt 92,3%; Loại Khá 7,5%; Loại TB 0,2%`, `Trong đó nông nghiệp 8,5%; …`).
//! Shares of one whole cannot add up to more than 100%; a classification (`loại …`) adds up to
//! exactly 100%. A bare number among percentages in such a list has lost its `%` sign.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::fig::vi_auto;
use super::{CheckInfo, Edit, Finding, Fix, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{sum, Written};
use crate::figures::model::{written, FigId};
use crate::numbers::{Quantity, UnitKind};
use crate::text::fold::fold_ascii;

pub const INFO: CheckInfo = CheckInfo {
    code: "shares-sum",
    default_severity: Severity::Warning,
    summary_vi: "Các tỷ lệ thành phần của cùng một tổng thể cộng lại khác 100%",
    summary_en: "Shares of one whole do not add up to 100%",
    example: "Loại Tốt 92,3%; Loại Khá 7,5%; Loại TB 0,5% (= 100,3%)",
};

pub const MISSING_PERCENT: CheckInfo = CheckInfo {
    code: "number-format",
    default_severity: Severity::Info,
    summary_vi: "Cách viết số khác với phần còn lại của văn bản (dấu thập phân kiểu Anh, thiếu %)",
    summary_en: "A number is written unlike the rest of the document (English decimal point, missing %)",
    example: "114.63% trong văn bản viết 52,3%; Loại giỏi 33,1; Loại khá 48,2%",
};

fn is_pct(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent && u.per.is_empty())
}

/// Shares of one whole: the percentages, the bare numbers among them (a `%` lost), and whether
/// they should cover the whole (a classification: exactly 100%).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShareGroup {
    pub figs: Vec<FigId>,
    pub bare: Vec<FigId>,
    pub exhaustive: bool,
}

impl ShareGroup {
    /// The sum of the shares, with the interval their rounding allows.
    pub fn total(&self, a: &Analysis) -> Option<(Decimal, Decimal, Decimal)> {
        total(a, &self.figs)
    }
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    // Only lines with figures can hold a breakdown: walk those (a long file is mostly other
    // lines, and reading each one's statements is a cache miss).
    for &line in &a.figures.quantity_lines {
        let line = line as usize;
        for g in line_breakdowns(a, line) {
            for &b in &g.bare {
                out.push(missing_percent(a, b));
            }
            report(a, &g, out);
        }
    }
    for g in chiem_groups(a) {
        report(a, &g, out);
    }
}

/// The group of shares a figure belongs to, if any (for the hover card).
pub fn group_of(a: &Analysis, fig: FigId) -> Option<ShareGroup> {
    if let Some(g) = line_breakdowns(a, fig.line as usize).into_iter().find(|g| g.figs.contains(&fig)) {
        return Some(g);
    }
    let k = a.figures.stmts.iter().position(|id| id.line == fig.line && a.statement(*id).share.as_ref().is_some_and(|(q, _)| *q == fig.q))?;
    let key = chiem_key(a, k)?;
    let figs: Vec<FigId> = (0..a.figures.stmts.len()).filter(|&j| chiem_key(a, j).as_ref() == Some(&key)).filter_map(|j| share_fig(a, j)).collect();
    (figs.len() >= 2).then(|| ShareGroup { figs, ..Default::default() })
}

/// Sum of percentages with the tolerance their rounding allows.
fn total(a: &Analysis, figs: &[FigId]) -> Option<(Decimal, Decimal, Decimal)> {
    let ws: Vec<Written> = figs.iter().filter_map(|&f| written(&a.figures.settled(a.quantity(f)).0)).collect();
    if ws.len() != figs.len() {
        return None;
    }
    sum(&ws)
}

fn report(a: &Analysis, g: &ShareGroup, out: &mut Vec<Finding>) {
    let (figs, exhaustive) = (&g.figs[..], g.exhaustive);
    let Some((s, lo, hi)) = total(a, figs) else { return };
    let hundred = Decimal::ONE_HUNDRED;
    let list: Vec<String> = figs.iter().map(|&f| vi_auto(a.quantity(f).value.exact().unwrap_or_default(), 3)).collect();
    let (sev, vi_msg, en_msg) = if lo > hundred {
        (INFO.default_severity, "vượt quá 100%", "more than 100%")
    } else if exhaustive && hi < hundred {
        (Severity::Info, "chưa đủ 100% (thiếu một loại?)", "less than 100% (a category missing?)")
    } else {
        return;
    };
    let first = figs[0];
    let last = *figs.last().expect("non-empty");
    // On one line, the whole breakdown; across lines, the share that takes the sum over.
    let range = if first.line == last.line { a.fig_range(first).start..a.fig_range(last).end } else { a.fig_range(last) };
    let mut f = Finding::new(
        INFO.code,
        sev,
        range,
        Message::new(
            format!("Các tỷ lệ thành phần cộng lại {}% ({}), {vi_msg}.", vi_auto(s, 3), list.join(" + ")),
            format!("The shares add up to {}% ({}), {en_msg}.", vi_auto(s, 3), list.join(" + ")),
        ),
    );
    for &x in figs {
        f = f.with_related(a.fig_range(x), Message::new("Tỷ lệ thành phần", "Share"));
    }
    out.push(f);
}

/// Breakdowns written on line `line`: a run of statements whose values are percentages, opened
/// by `Trong đó` or made of categories (`Loại …`).
fn line_breakdowns(a: &Analysis, line: usize) -> Vec<ShareGroup> {
    let li = &a.lines()[line];
    let mut out = Vec::new();
    if li.statements.len() < 2 && li.statements.iter().all(|s| s.parts_from.is_none()) {
        return out;
    }
    let mut run: Vec<FigId> = Vec::new();
    let mut bare: Vec<FigId> = Vec::new();
    let mut categories = 0;
    let mut opened = false;
    let flush = |run: &mut Vec<FigId>, bare: &mut Vec<FigId>, categories: usize, opened: bool, out: &mut Vec<ShareGroup>| {
        let exhaustive = categories >= 2 && categories + 1 >= run.len();
        if run.len() >= 2 && (opened || exhaustive) {
            out.push(ShareGroup { figs: std::mem::take(run), bare: std::mem::take(bare), exhaustive });
        }
        run.clear();
        bare.clear();
    };
    for s in &li.statements {
        // Percentages after `trong đó` inside a statement (`… đạt 100%, trong đó loại giỏi 40,3%`).
        if let Some(from) = s.parts_from {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = true;
            for &q in &s.others {
                let qq = &li.quantities[q as usize];
                if qq.range.start >= from && is_pct(qq) {
                    run.push(FigId { line: line as u32, q });
                    categories += fold_ascii(&a.slice(a.abs(line, from..qq.range.start))).contains("loai") as usize;
                }
            }
            continue;
        }
        let Some(v) = s.value else {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = s.is_part;
            continue;
        };
        let q = &li.quantities[v as usize];
        let is_category = s.category;
        let id = FigId { line: line as u32, q: v };
        // A share is a bare category and its percentage (`nông nghiệp 8,5%`, `Loại Khá có
        // 7,5%`); a rate reached (`đạt 100% quân số`, `tỷ lệ khá giỏi đạt 75% trở lên`) is not.
        let rate_like = q.bound != crate::numbers::Bound::Exact || s.rate_like;
        if s.is_part {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = true;
        }
        if is_pct(q) && s.plan.is_none() && s.ratio.is_none() && !rate_like {
            run.push(id);
            categories += is_category as usize;
        } else if q.unit.is_none() && is_category && q.value.exact().is_some() && !s.key.is_empty() {
            // `Loại giỏi 33,1;` among percentages.
            run.push(id);
            bare.push(id);
            categories += 1;
        } else {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = false;
        }
    }
    flush(&mut run, &mut bare, categories, opened, &mut out);
    out
}

fn missing_percent(a: &Analysis, f: FigId) -> Finding {
    let r = a.number_range(f);
    Finding::new(
        MISSING_PERCENT.code,
        MISSING_PERCENT.default_severity,
        r.clone(),
        Message::new(
            "Số này đứng giữa các tỷ lệ phần trăm nhưng thiếu ký hiệu %.",
            "This number stands among percentages but has no % sign.",
        ),
    )
    .with_fix(Fix {
        title: Message::new("Thêm ký hiệu %", "Add the % sign"),
        edits: vec![Edit { range: r.end..r.end, new_text: "%".into() }],
        certain: false,
    })
}

/// What groups `chiếm X% <whole>` shares (statement `k` of `figures.stmts`): the part (scope and
/// plan or results), the whole's name and the parent section.
type ChiemKey = (u32, bool, String, Option<usize>);

fn chiem_key(a: &Analysis, k: usize) -> Option<ChiemKey> {
    let id = *a.figures.stmts.get(k)?;
    let s = a.statement(id);
    let (q, whole) = s.share.as_ref()?;
    if whole.split_whitespace().count() < 2 || !is_pct(&a.lines()[id.line as usize].quantities[*q as usize]) {
        return None;
    }
    let ctx = &a.figures.ctx[k];
    let parent = ctx.section.and_then(|sec| a.structure.sections[sec].parent);
    Some((ctx.scope, ctx.plan, whole.clone(), parent))
}

fn share_fig(a: &Analysis, k: usize) -> Option<FigId> {
    let id = a.figures.stmts[k];
    a.statement(id).share.as_ref().map(|(q, _)| FigId { line: id.line, q: *q })
}

/// `chiếm X% <whole>` in sibling sections (or in one section): grouped by [`chiem_key`].
fn chiem_groups(a: &Analysis) -> Vec<ShareGroup> {
    let mut groups: BTreeMap<ChiemKey, Vec<FigId>> = BTreeMap::new();
    for k in 0..a.figures.stmts.len() {
        if let (Some(key), Some(f)) = (chiem_key(a, k), share_fig(a, k)) {
            groups.entry(key).or_default().push(f);
        }
    }
    groups.into_values().filter(|figs| figs.len() >= 2).map(|figs| ShareGroup { figs, ..Default::default() }).collect()
}
