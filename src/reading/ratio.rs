//! Reader: a percentage and the part and whole it is computed from, wherever the text puts them.
//!
//! The part is tied to the percentage by the words between them, in either order:
//! - `a/b …, đạt tỷ lệ X%` and `X% (a/b học sinh)` (a fraction: certain);
//! - `86 hộ, chiếm (tỷ lệ) 6,94%`, `86 hộ (6,94%)`, `42 hộ, tương ứng 8,5%`, and the other
//!   way round `8,5%, tương ứng (với) 42 hộ`, `8,5% (42 hộ)`.
//!
//! The whole is named:
//! - right after the part: `219.400 em … trên tổng số 2,28 triệu học sinh`, `763/2.141`
//!   written as two amounts `6.021 triệu đồng/6.945 triệu đồng` (certain);
//! - before it in the sentence, the paragraph or up to two paragraphs of the section before:
//!   a figure of the same kind and noun, larger than the part, marked as a whole (`Toàn xã có
//!   1.240 hộ, trong đó …`, `tổng diện tích tự nhiên 3.100 ha`, the figure right before `trong
//!   đó`) (probable), or any such figure (possible);
//! - by name after the percentage: `chiếm 18% tổng vốn đầu tư` and the figure stated for
//!   `tổng vốn đầu tư` in the same report and part (probable).
//!
//! Several readings may be made of one percentage (two possible parts, several possible
//! wholes); the checks take an agreeing one as the explanation, and report a contradiction
//! only through the most certain reading when none agrees.
//!
//! [`read_same_whole`]: amounts and their percentages of one whole that is not stated
//! (`hộ nghèo 86 hộ, tỷ lệ 6,94%; hộ cận nghèo 120 hộ, tỷ lệ 9,68%`; `lần lượt 120 và 95 hộ,
//! tương đương 60% và 47,5%`) must imply the same whole.

use super::passage::{Passages, Sentence};
use super::relation::{Operand, Rel, Relation, Sure};
use super::words::*;
use crate::analysis::Analysis;
use crate::figures::model::FigId;
use crate::numbers::Quantity;

/// At most this many earlier paragraphs of the section are searched for a whole.
const PARAS_BACK: usize = 2;

pub fn read(a: &Analysis, p: &Passages, range: std::ops::Range<usize>, out: &mut Vec<Relation>) {
    for si in range {
        let s = &p.sentences[si];
        if s.rates() == 0 {
            continue;
        }
        if s.figs.len() < 2 && !(s.figs.len() == 1 && si > 0) {
            continue;
        }
        // A paired list ties each percentage to its own amount.
        let listed = paired_list(a, s);
        for i in 0..s.figs.len() {
            let (pf, pq) = fig_q(a, s, i);
            if !share_percent(s, i, pq) {
                continue;
            }
            // A fraction tied to it: certain, nothing else to look for.
            if let Some(fr) = fraction_of(a, s, i) {
                push(out, Relation::new(Rel::Ratio { part: Operand::Num(fr), whole: Operand::Den(fr), stated: pf }, Sure::Certain, "ratio").tied_by(s.gap_range(i)));
                continue;
            }
            let parts = match listed.iter().find(|l| l.1 == pf) {
                Some(&(x, _)) => vec![(x, i.saturating_sub(2))],
                None => parts_of(a, s, i),
            };
            // `đạt X%`, `bằng X%` after an amount is as often a percentage of an unstated plan
            // as a share: one possible reading only.
            let weak = ends_with_any(s.before(i), &["đạt", "bằng", "đạt được"]).is_some() && !listed.iter().any(|l| l.1 == pf);
            for (k, (part, ix)) in parts.into_iter().enumerate() {
                for (whole, sure) in wholes_of(a, p, si, s, part, ix, i) {
                    // A second possible part is only ever one reading among others.
                    let sure = if k > 0 || weak { Sure::Possible } else { sure };
                    push(out, Relation::new(Rel::Ratio { part: Operand::Fig(part), whole: Operand::Fig(whole), stated: pf }, sure, "ratio").tied_by(s.gap_range(i)));
                }
            }
        }
    }
}

/// Add a relation unless the same one is there.
fn push(out: &mut Vec<Relation>, r: Relation) {
    if !out.iter().rev().take(8).any(|o| o.rel == r.rel) {
        out.push(r);
    }
}

/// Can figure `i` be the share of a part in a whole? A plain percentage, exact or roughly so,
/// not a change (`tăng 5%`), not a percentage of plan or an index (`97% kế hoạch`, `bằng 99,3%
/// so với cùng kỳ`), not a threshold (`từ 80% trở lên`).
pub fn share_percent(s: &Sentence, i: usize, q: &Quantity) -> bool {
    if !is_rate(q) || is_threshold(q) || q.value.exact().is_none() {
        return false;
    }
    let before = s.before(i);
    if change_before(before).is_some() || change_clause(before) || ends_with_any(before, &["gấp", "bình quân"]).is_some() {
        return false;
    }
    let after = s.after(i).trim_start();
    if starts_with_any(after, NOT_A_SHARE_AFTER).is_some() && starts_with_any(after, &["so với tổng", "so tổng"]).is_none() {
        return false;
    }
    // `bằng 110% so cùng kỳ` is caught above; `đạt 98%` with a plan word before the actual is the
    // plan reader's.
    true
}

/// The fraction a percentage is stated for: right before it (`9/12 thôn, đạt tỷ lệ 75%`, with
/// any words that end with a link word), or in a bracket right after it (`96,5% (386/400)`).
fn fraction_of(a: &Analysis, s: &Sentence, i: usize) -> Option<FigId> {
    // In a bracket right after it first: `đạt 87,7% (8.481/9.669); xã B đạt 85,7% (…)`.
    if i + 1 < s.figs.len() {
        let (f, q) = fig_q(a, s, i + 1);
        let gap = s.after(i).trim();
        if is_fraction(q) && (gap == "(" || gap == "(gồm" || gap == ", tương ứng" || gap == "=") {
            return Some(f);
        }
    }
    // A period said of the fraction between it and its percentage (`15/18 thôn được công nhận
    // 3 năm liên tục, đạt tỷ lệ 83,3%`; `1.164/1.200 gia đình … 02 năm (2022-2023), đạt tỷ
    // lệ 97%`) is passed over.
    let period = |k: usize| a.quantity(s.figs[k]).unit.as_ref().is_some_and(|u| matches!(u.kind, crate::numbers::UnitKind::Period));
    if i > 1 && period(i - 1) && is_fraction(a.quantity(s.figs[i - 2])) {
        let gap = format!("{} {}", s.before(i - 1), s.before(i));
        if !gap.contains(';') && !change_clause(&gap) && crate::figures::extract::ratio_link(s.before(i)) && gap.chars().count() <= 160 && !s.before(i - 1).contains([')', '(']) {
            return Some(s.figs[i - 2]);
        }
    }
    if i > 0 {
        let (f, q) = fig_q(a, s, i - 1);
        let gap = s.before(i);
        // Not out of a bracket the fraction was in, not across a clause, not a change.
        let closed = gap.contains(')') && !gap.contains('(');
        // The percentage alone in a bracket closing the fraction's clause: `có 12/18 xã đạt
        // chuẩn nông thôn mới (66,7%)`.
        let bracketed = gap.trim_end().ends_with('(') && gap.matches('(').count() == 1 && s.after(i).trim_start().starts_with(')') && gap.chars().count() <= 100;
        // (`53/54 tỉnh có tỷ lệ tiêm vắc-xin … đạt 95,2%`: the rate of something else, named
        // between them, which the counted units reach.)
        let other_rate = crate::figures::extract::named_rate(gap);
        if is_fraction(q) && !closed && !other_rate && !gap.contains([';']) && !change_clause(gap) && (crate::figures::extract::ratio_link(gap) || bracketed) && gap.chars().count() <= 160 {
            return Some(f);
        }
    }
    None
}

/// The amounts a share is stated for, nearest first: the figure before it when the words
/// between end with a share word or open a bracket (`86 hộ, chiếm 6,94%`, `86 hộ (6,94%)`),
/// the figure after it in a bracket or after `tương ứng` (`8,5% (42 hộ)`, `8,5%, tương ứng 42
/// hộ`). A second amount before the first, in the same clause, is a second possible part
/// (`181 hộ nghèo với 882 nhân khẩu, tương đương tỷ lệ 42%`).
fn parts_of(a: &Analysis, s: &Sentence, i: usize) -> Vec<(FigId, usize)> {
    let mut out = Vec::new();
    let usable = |k: usize| {
        let (_, q) = fig_q(a, s, k);
        is_amount(q) && !is_threshold(q) && change_before(s.before(k)).is_none() && !plan_before(s.before(k))
    };
    if i > 0 && usable(i - 1) {
        let gap = s.before(i);
        let t = gap.trim();
        let short = gap.chars().count() <= 70 && !gap.contains([';', '.']);
        // (`1.240 tỷ đồng, trong đó tiền gửi dân cư chiếm 72,5%, đạt 899 tỷ đồng`: the figure
        // before `trong đó` is the whole; the part, if any, comes after the share.)
        let whole_before = starts_with_any(t.trim_start_matches([',', ' ']), &["trong đó", "trong số đó", "trong số"]).is_some();
        if short && !whole_before && (t == "(" || t == "," || t == "=" || ends_with_any(gap, SHARE_LINKS).is_some()) {
            // `5.820 người trên tổng số 6.000 người, đạt tỷ lệ 97%`: the figure before is the
            // whole named after its part.
            if i > 1 && usable(i - 2) && ends_with_any(s.before(i - 1), WHOLE_AFTER_PART).is_some() && s.before(i - 1).chars().count() <= 40 && !s.before(i - 1).contains([';', '.', ',']) {
                out.push((s.figs[i - 2], i - 2));
                return out;
            }
            out.push((s.figs[i - 1], i - 1));
            // A second amount just before, in the same clause.
            if i > 1 && usable(i - 2) {
                let g2 = s.before(i - 1);
                if g2.chars().count() <= 40 && !g2.contains([';', '.', '(']) && ends_with_any(g2, &["với", "và", ","]).is_some() {
                    out.push((s.figs[i - 2], i - 2));
                }
            }
        }
    }
    // The part's own change between it and its share (`… đạt 19,44 tỷ đồng, tăng 12,0% so
    // với năm trước, chiếm 40% doanh thu du lịch …`).
    if out.is_empty() && i > 1 && usable(i - 2) && is_rate(a.quantity(s.figs[i - 1])) && change_before(s.before(i - 1)).is_some() {
        let (g1, g2) = (s.before(i - 1), s.before(i));
        let tied = g1.trim().trim_start_matches(',').trim().chars().count() <= 6 && !g1.contains([';', '.', '(']);
        if tied && g2.chars().count() <= 60 && !g2.contains([';', '.', '(', ')']) && ends_with_any(g2, CHIEM).is_some() {
            out.push((s.figs[i - 2], i - 2));
        }
    }
    if out.is_empty() && i + 1 < s.figs.len() && usable(i + 1) {
        let gap = s.after(i);
        let t = gap.trim().trim_start_matches(',').trim();
        // (`chiếm tỷ trọng 91,8%, đạt 2,25 tỷ USD`: a share said with `chiếm`, then its amount.)
        let said_share = ends_with_any(s.before(i), CHIEM).is_some();
        // (Or the whole named between them: `chiếm tỷ trọng 98,6% tổng giá trị xuất khẩu của tỉnh
        // tương đương với 2,42 tỷ USD`, `(chiếm 98% giá trị xuất khẩu toàn tỉnh) đạt 10,56 tỷ USD`.)
        let named_between = said_share
            && t.chars().count() <= 70
            && !t.trim_end_matches(") đạt").contains(['(', ')', ';', '.', ','])
            && (t.ends_with(") đạt") || ends_with_any(t, &["tương đương với", "tương đương", "tương ứng với", "tương ứng"]).is_some());
        if t == "(" || starts_with_any(t, EQUIV).is_some_and(|w| t.len() - w.len() <= 12) || t == "với" || (said_share && (t == "đạt" || t == "là") && !gap.contains([';', '.'])) || named_between {
            out.push((s.figs[i + 1], i + 1));
        }
    }
    out
}

/// The wholes a part may be taken from, with how sure each reading is (at most three, the
/// surest first).
fn wholes_of(a: &Analysis, p: &Passages, si: usize, s: &Sentence, part: FigId, ix: usize, pct: usize) -> Vec<(FigId, Sure)> {
    let pq = a.quantity(part);
    let Some(pv) = crate::reading::judge::approximate(pq).map(|w| w.value) else { return Vec::new() };
    // A bare number (`930 và 248 hộ`) is only ever taken with a whole named right next to it.
    let bare = pq.unit.is_none();
    // Named right after the part: `… trên tổng số 2,28 triệu học sinh`, `A/B`.
    if ix + 1 < s.figs.len() && ix + 1 != pct {
        let (wf, wq) = fig_q(a, s, ix + 1);
        let gap = s.after(ix);
        let slash = gap.trim() == "/";
        let named = ends_with_any(gap, WHOLE_AFTER_PART).is_some() && gap.chars().count() <= 80;
        if (slash || named) && is_amount(wq) && (same_kind(pq, wq) || both_counts(pq, wq)) {
            return vec![(wf, Sure::Certain)];
        }
    }
    // Or right after the percentage: `3.150 người (62,5%) trên tổng số 5.040 người`.
    if pct + 1 < s.figs.len() && pct + 1 != ix {
        let (wf, wq) = fig_q(a, s, pct + 1);
        let gap = s.after(pct);
        // … or named after it, then stated: `chiếm 3,5% tổng thu ngân sách 12 tỷ đồng`.
        let t = gap.trim_start();
        // (Or in a bracket at the end of the name: `chiếm 3,4% tổng số hộ của huyện (4.176 hộ)`.)
        let in_bracket = gap.trim_end().ends_with('(') && gap.matches('(').count() == 1 && s.after(pct + 1).trim_start().starts_with(')');
        let named_then_stated = starts_with_any(t, &["tổng", "của tổng", "so với tổng"]).is_some()
            && !gap.trim_end().trim_end_matches('(').contains([',', ';', '(', ')', '.', ':'])
            && (in_bracket || !gap.contains('('))
            && gap.chars().count() <= 50;
        if (ends_with_any(gap, WHOLE_AFTER_PART).is_some() && gap.chars().count() <= 40 || named_then_stated) && is_amount(wq) && (same_kind(pq, wq) || both_counts(pq, wq)) {
            return vec![(wf, Sure::Certain)];
        }
    }
    let mut out: Vec<(FigId, Sure)> = Vec::new();
    if bare {
        return out;
    }
    let named_whole = s.after(pct).to_string();
    let named_place = place_of(named_whole.split([',', ';', '.', '(', ')']).next().unwrap_or(""));
    // What the percentage is the rate of (`tỷ lệ hộ nghèo … 1,2% (5 hộ)`): poor households
    // over all households, so a count of that same category (`tổng số hộ nghèo … 126 hộ`,
    // another place's) is never its whole.
    let rate_of: Option<String> = {
        let clause = own_clause(s.before(pct));
        clause.find("tỷ lệ").or_else(|| clause.find("tỉ lệ")).and_then(|at| {
            let words: Vec<&str> = clause[at..].split_whitespace().skip(2).take(2).collect();
            (words.len() == 2 && words.iter().all(|w| w.chars().all(char::is_alphabetic))).then(|| words.join(" "))
        })
    };
    // Tiers: the sentence, the rest of its paragraph, then each earlier paragraph. A tier with
    // a marked whole ends the search (its other candidates stay: any may be the one).
    let tier = |k: usize| if k == si { 0 } else if p.sentences[k].para == s.para { 1 } else { 2 + (s.para - p.sentences[k].para) as usize };
    let mut done_tier: Option<usize> = None;
    let siblings = if s.first_line == s.last_line { super::passage::list_siblings_above(a, s.first_line as usize) } else { 0 };
    for k in earlier_sentences(a, p, si, PARAS_BACK + siblings) {
        let t = &p.sentences[k];
        if done_tier.is_some_and(|d| tier(k) > d) || (!out.is_empty() && t.para != s.para) {
            break;
        }
        let upto = if k == si { ix } else { t.figs.len() };
        // (A long sentence is searched near the part only.)
        for j in (upto.saturating_sub(16)..upto).rev() {
            let (wf, wq) = fig_q(a, t, j);
            if !is_amount(wq) || !same_kind(pq, wq) || is_threshold(wq) || change_before(t.before(j)).is_some() || plan_before(t.before(j)) {
                continue;
            }
            let Some(wv) = crate::reading::judge::approximate(wq).map(|w| w.value) else { continue };
            // A figure given with its own share (`25.650 hộ nghèo (tỷ lệ 6,06%)`) is a part of
            // some larger whole, not the whole.
            // (Unless that share is the very percentage being read.)
            if j + 1 < t.figs.len() && !(k == si && j + 1 == pct) && is_rate(a.quantity(t.figs[j + 1])) && {
                let g = t.after(j).trim();
                // (`541.709 doanh nghiệp đang hoạt động trong khu vực dịch vụ, chiếm 66,8%`: the
                // link may come after a long name, within its clause.)
                g == "(" || ends_with_any(g, SHARE_LINKS).is_some_and(|_| g.chars().count() <= 24 || g.chars().count() <= 80 && !g.contains([';', '.', '(', ')']))
            } {
                continue;
            }
            if rate_of.as_deref().is_some_and(|r| has_word(own_clause(t.before(j)), r)) {
                continue;
            }
            let conv = pq.unit.as_ref().zip(wq.unit.as_ref()).and_then(|(u, w)| u.convert(rust_decimal::Decimal::ONE, w)).unwrap_or(rust_decimal::Decimal::ONE);
            if wv <= pv * conv {
                continue;
            }
            // Marked as a whole: right before `trong đó` (or the next sentence opens with it),
            // after a total word, or named after the percentage.
            let after_w = t.after(j);
            let before_w = t.before(j);
            let opens_parts = starts_with_any(after_w.trim_start_matches([',', ' ', ':', '.', ';']), &["trong đó", "gồm", "bao gồm", "trong số đó", "chia ra"]).is_some()
                || (k != si
                    // (The sentence's last amount: what follows it is its own rates, `…, tăng 8,2%
                    // so với cùng kỳ.`)
                    && (j + 1..t.figs.len()).all(|m| is_rate(a.quantity(t.figs[m])))
                    && p.sentences.get(k + 1).is_some_and(|n| starts_with_any(n.before(0), &["trong đó", "cụ thể"]).is_some()));
            // `(Riêng) thôn Đông có 320 hộ; …`: a place that has a plain number of its units.
            let place_has = ends_with_any(own_clause(before_w), &["có"]).is_some()
                && has_any(own_clause(before_w), &["xã", "thôn", "bản", "huyện", "phường", "thị trấn", "tổ dân phố", "trường", "làng", "khu phố"])
                && starts_with_any(after_w.trim_start(), &[",", ";", ".", "(", "trong đó", "với"]).is_some();
            // The whole named after the percentage by its place (`chiếm 66,8% doanh nghiệp của
            // cả nước`) and that place having the figure (`cả nước có 811.538 doanh nghiệp`).
            let by_place = named_place.is_some() && place_of(own_clause(before_w)) == named_place;
            let total_word = marked_whole(before_w) || place_has || by_place;
            let by_name = whole_named(a, &named_whole, before_w);
            let sure = if opens_parts || by_name || total_word { Sure::Probable } else { Sure::Possible };
            if sure == Sure::Probable {
                done_tier = Some(tier(k));
            }
            // From another paragraph, only a figure marked as a whole.
            if t.para != s.para && sure != Sure::Probable {
                continue;
            }
            out.push((wf, sure));
            if out.len() >= 3 {
                break;
            }
        }
        if out.len() >= 3 {
            break;
        }
    }
    // The surest first; among equals, the nearest.
    out.sort_by_key(|&(_, s)| s);
    out
}

/// The whole place a text names (`cả nước`, `toàn quốc`, `toàn tỉnh`, `cả huyện`, `toàn xã`…),
/// as its level.
fn place_of(text: &str) -> Option<&'static str> {
    let words: Vec<&str> = text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    (0..words.len().saturating_sub(1)).filter(|&i| matches!(words[i], "cả" | "toàn")).find_map(|i| {
        Some(match (words[i + 1], words.get(i + 2).copied().unwrap_or("")) {
            ("nước" | "quốc", _) => "nước",
            ("thành", "phố") => "thành phố",
            ("thị", "xã") => "thị xã",
            ("thị", "trấn") => "thị trấn",
            ("tỉnh", _) => "tỉnh",
            ("huyện", _) => "huyện",
            ("quận", _) => "quận",
            ("xã", _) => "xã",
            ("phường", _) => "phường",
            _ => return None,
        })
    })
}

fn both_counts(x: &Quantity, y: &Quantity) -> bool {
    use crate::numbers::UnitKind::Count;
    x.unit.as_ref().is_some_and(|u| u.kind == Count) && y.unit.as_ref().is_some_and(|u| u.kind == Count)
}

/// Does the text after a percentage (`chiếm 18% tổng vốn đầu tư`) name the whole that the
/// words before a figure name (`… tổng vốn đầu tư toàn xã hội đạt`)? At least two words of the
/// name after the percentage, in order, among the words before the figure.
fn whole_named(_a: &Analysis, after_pct: &str, before_whole: &str) -> bool {
    let name = after_pct.trim_start().split([',', ';', '.', '(', ')']).next().unwrap_or("");
    let words: Vec<&str> = name.split_whitespace().filter(|w| !matches!(*w, "của" | "trong" | "toàn" | "so" | "với" | "và")).take(4).collect();
    if words.len() < 2 || !has_any(&words[0..1].join(" "), &["tổng", "số", "dân", "diện", "kim", "vốn", "giá", "thu", "chi", "lao", "tổng số"]) && words.len() < 3 {
        return false;
    }
    let key = words[..words.len().min(3)].join(" ");
    has_word(before_whole, &key) || (words.len() >= 2 && has_word(before_whole, &words[..2].join(" ")))
}

/// Amounts and their percentages of a whole that is not stated, which must all imply the same
/// whole: pairs in one sentence or in one paragraph, of the same noun, each tied as in
/// [`read`] and none already explained by a stated whole. Two pairs are compared only when
/// written as a paired list (`120 và 95 hộ, tương đương 60% và 47,5%`; `lần lượt …`); three
/// or more when at least two agree.
pub fn read_same_whole(a: &Analysis, p: &Passages, range: std::ops::Range<usize>, out: &mut Vec<Relation>) {
    // Pairs of each paragraph, grouped by noun.
    let mut i = range.start;
    while i < range.end {
        let para = p.sentences[i].para;
        let mut pairs: Vec<(FigId, FigId, usize)> = Vec::new();
        let mut j = i;
        while j < range.end && p.sentences[j].para == para {
            let s = &p.sentences[j];
            for k in 0..s.figs.len() {
                let (pf, pq) = fig_q(a, s, k);
                if !share_percent(s, k, pq) || fraction_of(a, s, k).is_some() {
                    continue;
                }
                if let Some(&(x, xi)) = parts_of(a, s, k).first() {
                    // A level at one time and another at another time (`giảm từ 3.586 hộ,
                    // chiếm 10,74% xuống còn 2.900 hộ, chiếm 8,65%`) have different wholes.
                    let moved = move_from(own_clause(s.before(xi))) || move_to(own_clause(s.before(xi)));
                    // (Years up to the percentage: a change `so với năm 2019` after it is not
                    // another time of this level.)
                    if !moved && years_in(&s.gaps().take(k + 1).collect::<String>()).iter().collect::<std::collections::BTreeSet<_>>().len() < 2 {
                        pairs.push((x, pf, j));
                    }
                }
            }
            let listed = paired_list(a, s);
            for w in listed.chunks(2) {
                out.push(Relation::new(Rel::SameWhole { pairs: w.to_vec() }, Sure::Probable, "same-whole"));
            }
            pairs.retain(|x| !listed.iter().any(|l| l.1 == x.1));
            j += 1;
        }
        // One relation per noun with enough pairs. (A paragraph of more pairs than a list of
        // shares has is a table or a long enumeration: left alone.)
        if pairs.len() > 24 {
            pairs.clear();
        }
        let mut used = vec![false; pairs.len()];
        for m in 0..pairs.len() {
            if used[m] {
                continue;
            }
            let noun = a.quantity(pairs[m].0);
            let group: Vec<usize> = (m..pairs.len()).filter(|&n| !used[n] && same_kind(noun, a.quantity(pairs[n].0))).collect();
            for &n in &group {
                used[n] = true;
            }
            if group.len() >= 2 {
                let ps: Vec<(FigId, FigId)> = group.iter().map(|&n| (pairs[n].0, pairs[n].1)).collect();
                let paired = ps.len() == 2 && group.iter().all(|&n| pairs[n].2 == pairs[group[0]].2) && paired_words(&p.sentences[pairs[group[0]].2]);
                // (Pairs all tied to their named whole need no implied one.)
                if !named_once(a, &ps, out) && (ps.len() >= 3 || paired) {
                    out.push(Relation::new(Rel::SameWhole { pairs: ps }, Sure::Probable, "same-whole"));
                }
            }
        }
        i = j;
    }
}

/// A list of amounts with their shares whose whole is named once, at its first item (`có
/// 541 doanh nghiệp dịch vụ, chiếm 66,8% tổng số doanh nghiệp …; công nghiệp có 258 doanh
/// nghiệp, chiếm 31,8%; nông nghiệp 11 doanh nghiệp, chiếm 1,4%`): the whole read for the first
/// pair is the whole of every other pair of the list. When the shares add up to 100%, the list
/// is the whole's complete breakdown, so the amounts add up to the whole. Whether every pair
/// is now tied to the whole.
fn named_once(a: &Analysis, ps: &[(FigId, FigId)], out: &mut Vec<Relation>) -> bool {
    // The whole the reader tied to the first pair, sure enough to build on.
    let whole_of = |out: &[Relation], x: FigId, pf: FigId| {
        out.iter().find_map(|r| match r.rel {
            Rel::Ratio { part: Operand::Fig(pt), whole: Operand::Fig(w), stated } if pt == x && stated == pf && r.sure != Sure::Possible && r.reader == "ratio" => Some(w),
            _ => None,
        })
    };
    let Some(w) = whole_of(out, ps[0].0, ps[0].1) else { return false };
    // Any other pair read with another whole: not one list of one whole.
    if ps[1..].iter().any(|&(x, pf)| out.iter().any(|r| matches!(r.rel, Rel::Ratio { part: Operand::Fig(pt), whole, stated } if pt == x && stated == pf && whole != Operand::Fig(w) && r.sure != Sure::Possible))) {
        return false;
    }
    // (The whole is named before the list, or in its first item.)
    if ps.iter().any(|&(x, _)| x == w) || w.line > ps[0].0.line {
        return false;
    }
    for &(x, pf) in &ps[1..] {
        if whole_of(out, x, pf).is_none() {
            out.push(Relation::new(Rel::Ratio { part: Operand::Fig(x), whole: Operand::Fig(w), stated: pf }, Sure::Probable, "same-whole"));
        }
    }
    let total: Option<rust_decimal::Decimal> = ps.iter().map(|&(_, pf)| a.quantity(pf).value.exact()).sum();
    let slack = rust_decimal::Decimal::new(ps.len() as i64, 1);
    if total.is_some_and(|t| (t - rust_decimal::Decimal::ONE_HUNDRED).abs() <= slack) {
        let parts = ps.iter().map(|&(x, _)| x).collect();
        out.push(Relation::new(Rel::Parts { total: w, parts, complete: super::relation::Completeness::Said, lines_below: false }, Sure::Probable, "same-whole"));
    }
    true
}

/// `lần lượt`, or two amounts and two percentages joined by `và`.
fn paired_words(s: &Sentence) -> bool {
    s.gaps().any(|g| has_word(g, "lần lượt"))
        || s.gaps().filter(|g| g.trim() == "và").count() >= 2
}

/// `120 và 95 hộ, tương đương 60% và 47,5%`: two amounts joined by `và`, then two percentages
/// joined by `và` after `tương đương`/`tương ứng`/`chiếm`/`lần lượt`.
fn paired_list(a: &Analysis, s: &Sentence) -> Vec<(FigId, FigId)> {
    let mut out = Vec::new();
    for k in 0..s.figs.len().saturating_sub(3) {
        let (x1, q1) = fig_q(a, s, k);
        let (x2, q2) = fig_q(a, s, k + 1);
        let (p1, r1) = fig_q(a, s, k + 2);
        let (p2, r2) = fig_q(a, s, k + 3);
        let and1 = s.after(k).trim() == "và";
        let and2 = s.after(k + 2).trim() == "và";
        let link = ends_with_any(s.after(k + 1), SHARE_LINKS).is_some() || ends_with_any(s.after(k + 1), EQUIV).is_some() || has_word(s.after(k + 1), "lần lượt");
        // `120 và 95 hộ`: the noun may be written only after the second amount.
        let kind_ok = same_kind(q1, q2) || (q1.unit.is_none() && q2.unit.is_some());
        if and1 && and2 && link && kind_ok && is_rate(r1) && is_rate(r2) && is_amount(q2) {
            out.push((x1, p1));
            out.push((x2, p2));
        }
    }
    out
}
