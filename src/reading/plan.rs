//! Reader: a percentage of plan and the actual and plan it is computed from, where the line
//! extractor did not tie them.
//!
//! - the actual and the plan as two amounts with a slash: `6.021 triệu đồng/6.945 triệu đồng,
//!   bằng 86,7% chỉ tiêu giao`, `14.706 con/14.829 con, đạt 99% KH` (certain), and a fraction
//!   of the same unit `42/40 ha, đạt 105% kế hoạch` (certain);
//! - the plan before the actual, or after the percentage, in the same sentence: `dự toán giao
//!   48 tỷ đồng, thực hiện 30,2 tỷ đồng, đạt 62,9%`, `… bằng 55% kế hoạch (kế hoạch cả năm là
//!   3.000 lao động)`;
//! - the plan in an earlier sentence of the paragraph or section: `Kế hoạch vốn năm là 48 tỷ
//!   đồng. … giải ngân 30,2 tỷ đồng, đạt 62,9% kế hoạch` (probable), also with a bare `(đạt
//!   96,2%)` after the actual when the sentence before states the plan in the same unit;
//! - a sentence that is nothing but the percentage (`Trong đó lúa 115/116 ha. Đạt 99,13% so với
//!   kế hoạch.`): the actual is the last figure of the sentence before.

use super::passage::{Passages, Sentence};
use super::relation::{Operand, Rel, Relation, Sure};
use super::words::*;
use crate::analysis::Analysis;
use crate::figures::model::FigId;

/// At most this many figures around the actual are looked at for its plan.
const MAX_SCAN: usize = 16;

pub fn read(a: &Analysis, p: &Passages, range: std::ops::Range<usize>, out: &mut Vec<Relation>) {
    for si in range {
        let s = &p.sentences[si];
        if s.rates() == 0 {
            continue;
        }
        for i in 0..s.figs.len() {
            let (pf, pq) = fig_q(a, s, i);
            if !is_rate(pq) || is_threshold(pq) || pq.value.exact().is_none() || pq.unit.as_ref().is_some_and(|u| u.kind != crate::numbers::UnitKind::Percent) {
                continue;
            }
            let before = s.before(i);
            if change_before(before).is_some() || change_clause(before) {
                continue;
            }
            let linked = i == 0 || ends_with_any(before, &["đạt", "bằng", "=", "đạt được", "chiếm", "chiếm tỷ lệ", "ước đạt", "thực hiện", "đạt tỷ lệ", "tỷ lệ", "tỉ lệ"]).is_some() || before.trim() == "(" || before.trim() == ",";
            let of_plan = plan_after(s.after(i)) || plan_clause_before(before);
            if !linked && !of_plan {
                continue;
            }
            // `đạt 10% so với chỉ tiêu là 14%`: a rate and its plan.
            if of_plan && i + 1 < s.figs.len() && is_rate(a.quantity(s.figs[i + 1])) && s.after(i).contains("là") {
                continue;
            }
            // The actual: the amount before it in its sentence, or the last figure of the
            // sentence before when this one opens with the percentage.
            let Some((actual, actual_ix, actual_s)) = actual_of(a, p, si, s, i) else { continue };
            let aq = a.quantity(actual);
            let ties = s.gap_range(i);
            // A fraction of the same unit: actual over plan.
            if is_fraction(aq) {
                // `13/15 chỉ tiêu …, hầu hết đạt 60% kế hoạch trở lên`: indicators counted, each
                // against its own plan; the count is no actual over a plan.
                let counts_indicators = aq.noun().is_some_and(|n| matches!(n, "chỉ tiêu" | "tiêu chí" | "nhiệm vụ"));
                if of_plan && !counts_indicators {
                    out.push(Relation::new(Rel::Ratio { part: Operand::Num(actual), whole: Operand::Den(actual), stated: pf }, Sure::Certain, "plan").tied_by(ties));
                }
                continue;
            }
            // `A/L`: two amounts with a slash; `A/dự toán L`: the plan named after the slash.
            let t = &p.sentences[actual_s];
            let named = slash_plan(t.after(actual_ix));
            if actual_ix + 1 < t.figs.len() && (t.after(actual_ix).trim() == "/" || named) && (actual_s != si || actual_ix + 1 < i) {
                let (lf, lq) = fig_q(a, t, actual_ix + 1);
                if is_amount(lq) && same_kind(aq, lq) {
                    let rel = if of_plan || named { Rel::OfPlan { actual, plan: lf, stated: pf } } else { Rel::Ratio { part: Operand::Fig(actual), whole: Operand::Fig(lf), stated: pf } };
                    out.push(Relation::new(rel, Sure::Certain, "plan").tied_by(ties));
                    continue;
                }
            }
            // A plan figure named with a plan word: in this sentence, then earlier ones.
            let near = if actual_s == si { actual_ix } else { 0 };
            for (plan, sure) in plans_for(a, p, si, actual, near, pf, i, of_plan) {
                // A plan from elsewhere must be of the actual's size: within a factor of three
                // of what the stated percentage implies (a plan of another indicator is not).
                if sure != Sure::Certain && !plausible(a, actual, plan, pf) {
                    continue;
                }
                out.push(Relation::new(Rel::OfPlan { actual, plan, stated: pf }, sure, "plan").tied_by(ties.clone()));
            }
        }
    }
}

/// `so với kế hoạch đạt 98%`, `so với dự toán, bằng 105%`: a plan word in the clause before a
/// percentage that ends with a link word.
fn plan_clause_before(before: &str) -> bool {
    let c = before.rsplit([';', '(', ')', '.']).next().unwrap_or(before);
    ends_with_any(c, &["đạt", "bằng", "=", "đạt được"]).is_some()
        && has_any(c, &["so với kế hoạch", "so kế hoạch", "so với kh", "so kh", "so với dự toán", "so dự toán", "so với chỉ tiêu", "so với nghị quyết"])
}

/// The actual a percentage of plan is said of: the nearest amount before it in the sentence
/// (not a plan, a change or a rate), or, when nothing comes before it, the last amount or
/// fraction of the sentence before in the same paragraph. Returns the figure, its index and
/// its sentence.
/// The gap of a pair whose plan is named after the slash: `/dự toán`, `/kế hoạch`.
fn slash_plan(gap: &str) -> bool {
    gap.trim().strip_prefix('/').is_some_and(|r| matches!(r.trim(), "dự toán" | "kế hoạch" | "kh" | "chỉ tiêu" | "kế hoạch năm" | "dự toán năm" | "kế hoạch vốn"))
}

fn actual_of(a: &Analysis, p: &Passages, si: usize, s: &Sentence, i: usize) -> Option<(FigId, usize, usize)> {
    let good = |t: &Sentence, k: usize| {
        let q = a.quantity(t.figs[k]);
        (is_amount(q) || (is_fraction(q) && q.unit.is_some())) && !is_threshold(q) && change_before(t.before(k)).is_none() && !plan_before(t.before(k))
    };
    // The figure right before, or the one before a `/` pair (`A/L`, `A/dự toán L`).
    if i > 0 {
        let mut k = i - 1;
        if k > 0 && (s.before(k).trim() == "/" || slash_plan(s.before(k))) {
            k -= 1;
        }
        if good(s, k) && !s.before(i).contains(';') {
            return Some((s.figs[k], k, si));
        }
        return None;
    }
    // The sentence opens with the percentage: `Đạt 99,13% so với kế hoạch.`
    let head = s.before(0).trim().trim_matches(|c: char| !c.is_alphanumeric());
    if si == 0 || head.split_whitespace().count() > 3 || (!head.is_empty() && ends_with_any(head, &["đạt", "bằng", "đạt được", "ước đạt", "đạt tỷ lệ"]).is_none()) {
        return None;
    }
    let prev = si - 1;
    let t = &p.sentences[prev];
    if t.para != s.para || t.figs.is_empty() {
        return None;
    }
    let mut k = t.figs.len() - 1;
    if k > 0 && t.before(k).trim() == "/" {
        k -= 1;
    }
    good(t, k).then_some((t.figs[k], k, prev))
}

/// Plan figures for an actual: named with a plan word (`kế hoạch`, `dự toán`, `chỉ tiêu`,
/// `giao`, `bố trí`…) in the same unit, in the percentage's sentence (certain in the same
/// clause, probable elsewhere in it), else in the nearest earlier sentence of the paragraph
/// or section that names one (probable). A bare `đạt X%` (no plan word after it) takes a plan
/// only from its own sentence or the one just before.
#[allow(clippy::too_many_arguments)]
fn plans_for(a: &Analysis, p: &Passages, si: usize, actual: FigId, actual_ix: usize, stated: FigId, stated_ix: usize, of_plan: bool) -> Vec<(FigId, Sure)> {
    let aq = a.quantity(actual);
    let mut out = Vec::new();
    let range = if of_plan { 2 } else { 0 };
    // The words naming the actual (its own clause), to know its plan among other amounts.
    let actual_words = p.sentence_of(actual).and_then(|k| Some(own_clause(p.sentences[k].before(p.sentences[k].index_of(actual)?)))).map(name_pairs).unwrap_or_default();
    for k in earlier_sentences(a, p, si, range) {
        if !of_plan && k + 1 < si {
            break;
        }
        let t = &p.sentences[k];
        // `Theo kế hoạch năm 2024, xã mở lớp dạy nghề cho 240 lao động.`: a sentence
        // framed as the plan, with one amount of the actual's kind, states the plan.
        let framed = k != si && {
            let head = t.before(0).trim_start();
            starts_with_any(head, &["theo kế hoạch", "kế hoạch", "theo chỉ tiêu", "chỉ tiêu", "theo nghị quyết", "nghị quyết", "mục tiêu"]).is_some()
                && !has_any(head, &["đạt", "đã", "được"])
                && (0..t.figs.len()).filter(|&j| {
                    let q = a.quantity(t.figs[j]);
                    is_amount(q) && same_kind(aq, q)
                }).count() == 1
        };
        // An earlier sentence that states an actual of its own keeps its plan, unless its plan
        // names the actual's source (`ngân sách nhà nước bố trí 17,5 tỷ đồng, Nhân dân đóng góp
        // 18,2 tỷ đồng. … giải ngân vốn Nhà nước 16,9 tỷ đồng, đạt 96,6% kế hoạch`).
        let own_actual = k != si && !framed && (t.figs.len().saturating_sub(MAX_SCAN)..t.figs.len()).any(|j| {
            let q = a.quantity(t.figs[j]);
            is_amount(q) && same_kind(aq, q) && !plan_before(t.before(j)) && change_before(t.before(j)).is_none()
        });
        if own_actual && (!of_plan || actual_words.is_empty()) {
            continue;
        }
        // (A long sentence is searched near the actual only.)
        let near = if k == si { actual_ix } else { t.figs.len() };
        let from = near.saturating_sub(MAX_SCAN);
        for j in from..t.figs.len().min(near + MAX_SCAN) {
            let f = t.figs[j];
            if f == actual || f == stated {
                continue;
            }
            let q = a.quantity(f);
            if !(plan_before(t.before(j)) || framed) || !is_amount(q) || !same_kind(aq, q) || q.value.exact().is_none() || is_threshold(q) {
                continue;
            }
            if own_actual && !shares_name(own_clause(t.before(j)), &actual_words) {
                continue;
            }
            // A plan after the percentage is in a bracket right after it (`bằng 80% kế hoạch (kế
            // hoạch cả năm là 800 lao động)`); later in the sentence it is another item's.
            if k == si && j > stated_ix && !(j == stated_ix + 1 && t.after(stated_ix).contains('(')) {
                continue;
            }
            // In the same clause as the percentage (its bracket, or no `;` between): certain.
            let same_clause = k == si && {
                let (x, y) = (actual_ix, stated_ix);
                let (lo, hi) = (x.min(y).min(j), x.max(y).max(j));
                (lo + 1..=hi).all(|g| !t.gap(g).contains(';'))
            };
            out.push((f, if same_clause && of_plan { Sure::Certain } else { Sure::Probable }));
        }
        if !out.is_empty() {
            break;
        }
    }
    out.truncate(3);
    out
}

/// Is actual ÷ plan within a factor of three of the stated percentage?
fn plausible(a: &Analysis, actual: FigId, plan: FigId, stated: FigId) -> bool {
    use rust_decimal::Decimal;
    let (aq, pq, sq) = (a.quantity(actual), a.quantity(plan), a.quantity(stated));
    let (Some(av), Some(pv), Some(sv)) = (aq.base_value().or(aq.value.exact()), pq.base_value().or(pq.value.exact()), sq.value.exact()) else { return false };
    // (`vượt 6,3%`: the actual is 106,3% of the plan.)
    let sv = if super::judge::says_excess(a, stated) { sv + Decimal::ONE_HUNDRED } else { sv };
    if pv.is_zero() || sv.is_zero() {
        return false;
    }
    let r = av * Decimal::ONE_HUNDRED / pv;
    r * Decimal::from(3) >= sv && r <= sv * Decimal::from(3)
}

/// Words that name no source or subject of a figure (money, plan, time, place kinds, links).
const GENERIC: &[&str] = &[
    "vốn", "đầu", "tư", "ngân", "sách", "nguồn", "thu", "chi", "kế", "hoạch", "giao", "bố", "trí", "phân", "bổ", "dự", "toán",
    "chỉ", "tiêu", "đạt", "đã", "được", "thực", "hiện", "giải", "tính", "đến", "ngày", "năm", "tháng", "huyện", "xã", "tỉnh",
    "thị", "trấn", "toàn", "tổng", "trong", "đó", "của", "cho", "và", "các", "từ", "là", "với", "số", "có", "ước", "mới",
    "cả", "kh", "cộng", "gồm", "địa", "bàn",
];

/// The pairs of neighbouring words of a clause (folded, as the gaps are) that can name a source
/// (`nhà nước`, `nhân dân`, `trái phiếu`): both words specific.
fn name_pairs(clause: &str) -> Vec<(String, String)> {
    let ws: Vec<String> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    ws.windows(2).filter(|p| !GENERIC.contains(&p[0].as_str()) && !GENERIC.contains(&p[1].as_str())).map(|p| (p[0].clone(), p[1].clone())).collect()
}

/// Does a plan's clause name the actual's source (a pair of specific words in common)?
fn shares_name(clause: &str, actual: &[(String, String)]) -> bool {
    name_pairs(clause).iter().any(|p| actual.contains(p))
}
