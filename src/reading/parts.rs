//! Reader: a total and the parts listed for it in running text, and whether the list must be
//! complete.
//!
//! A list opens right after the total:
//! - `trong đó`, `trong số đó`: in reports a list of two parts or more after `trong đó` is
//!   nearly always the whole breakdown (`2.786 ha lúa, trong đó lúa xuân 1.088 ha, lúa mùa 1.698
//!   ha`), so it is read as complete unless its words say it is not (`như`, `chủ yếu`, `một số`,
//!   `tiêu biểu`, `…`); one part alone is a subset;
//! - `gồm`, `bao gồm`, `gồm có`, `chia ra`, `cụ thể`: complete;
//! - a bracket right after the total holding only named parts (`1.095 con (bò 970 con, trâu 125
//!   con)`): complete;
//! - a colon (`có 9 trường học: 02 trường mầm non, 04 trường tiểu học, 03 trường THCS`):
//!   complete;
//! - the next sentence opening with `Trong đó`, `Cụ thể`, `Gồm` after a total that ends its
//!   sentence.
//!
//! Items are split at `;` (or at `,` when the list has no `;`); each item's part is its first
//! amount in the total's unit that is not a change, a plan or a rate (`thóc 888.132 tấn, giảm
//! 0,34% (3.042 tấn)` gives 888.132 tấn). An item naming what is left (`còn lại`, `khác`)
//! closes the list: it is complete. A nested bracket inside an item (a sub-breakdown) is
//! skipped.
//!
//! Items received and what became of them: `tiếp nhận 34 đơn; đã giải quyết 25 đơn, 01 đơn
//! đang xử lý, 08 đơn không thuộc thẩm quyền (chuyển cấp trên)`: every item received is in one
//! state or another, so the states add up to what was received (a usual list: a clear shortfall
//! is said, gently).
//!
//! The parts lists of the document model (parts on the lines below a total) are made complete
//! by the same rule when their intro says nothing against it.

use super::passage::{Passages, Sentence};
use super::relation::{Completeness, Rel, Relation, Sure};
use super::words::*;
use crate::analysis::Analysis;
use crate::figures::model::FigId;
use crate::numbers::Quantity;

/// Words after a total that open the complete list of its parts.
const COMPLETE_OPENERS: &[&str] = &["bao gồm", "gồm có", "gồm", "chia ra", "cụ thể", "cụ thể như sau", "cụ thể là", "chia theo"];

/// Words after a total that open a list of its parts which may be partial.
const SUBSET_OPENERS: &[&str] = &["trong đó", "trong số đó", "trong số này"];

pub fn read(a: &Analysis, p: &Passages, range: std::ops::Range<usize>, out: &mut Vec<Relation>) {
    for si in range {
        let s = &p.sentences[si];
        what_became_of_received(a, p, si, out);
        // A list opens with a word, a bracket or a colon after a total (or the next sentence
        // opens it).
        let next_opens = p.sentences.get(si + 1).is_some_and(|n| n.words().contains("trong") || n.words().contains("gồm") || n.words().contains("cụ thể"));
        let opens_here = ["trong đó", "trong số", "gồm", "cụ thể", "chia ra", "chia theo", "(", ":"].iter().any(|w| s.words().contains(w));
        if !next_opens && (s.figs.len() < 2 || !opens_here) {
            continue;
        }
        for t in 0..s.figs.len() {
            let (tf, tq) = fig_q(a, s, t);
            if !is_amount(tq) || is_threshold(tq) || change_before(s.before(t)).is_some() || crate::figures::extract::plan_lead(s.before(t)) {
                continue;
            }
            let Some(list) = list_after(a, p, si, t) else { continue };
            // (A list of one part read here still says the model's reading of this list is not
            // to be used: see `merge`.)
            if list.parts.is_empty() {
                continue;
            }
            let complete = if list.parts.len() < 2 { Completeness::Subset } else { list.complete };
            out.push(Relation::new(Rel::Parts { total: tf, parts: list.parts, complete, lines_below: false }, Sure::Probable, "parts"));
        }
    }
}

/// Parts listed after a total, and whether they must make it whole.
struct List {
    parts: Vec<FigId>,
    complete: Completeness,
}

/// The list that opens right after figure `t` of sentence `si`, if any.
fn list_after(a: &Analysis, p: &Passages, si: usize, t: usize) -> Option<List> {
    let s = &p.sentences[si];
    let tq = a.quantity(s.figs[t]);
    let after = s.after(t);
    let mut head = after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.'));
    // A few words may name what the total counts before the list opens (`2.786 ha lúa, trong
    // đó`, `37 trường học đạt chuẩn quốc gia (13 trường mầm non, …)`).
    // (Not a colon: after words, a colon ends a label, `… tiểu đường: 4.149`.)
    if let Some(k) = head.find('(').into_iter().chain(["trong đó", "gồm", "bao gồm"].iter().filter_map(|w| head.find(w))).min() {
        let words = &head[..k];
        if k > 0 && words.split_whitespace().count() <= 8 && !words.contains([';', '.', ')']) && !words.chars().any(|c| c.is_ascii_digit()) && !has_any(words, &["tăng", "giảm", "đạt", "chiếm", "so với"]) {
            head = head[k..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        }
    }
    // Where the list is: (sentence, first figure index, end condition), how it opened.
    let (sent, from, bracket, opener_complete) = if head.starts_with('(') && !head[1..].trim_start().is_empty() {
        // `1.095 con (bò 970 con, trâu 125 con)`: a bracket of named parts; `(trong đó …)`
        // and `(gồm …)` too.
        let inner = head[1..].trim_start();
        let complete = starts_with_any(inner, SUBSET_OPENERS).is_none();
        (si, t + 1, true, complete)
    } else if let Some(w) = starts_with_any(head, COMPLETE_OPENERS) {
        let _ = w;
        (si, t + 1, false, true)
    } else if starts_with_any(head, SUBSET_OPENERS).is_some() {
        (si, t + 1, false, false)
    } else if head.starts_with(':') || after.trim_start().starts_with(':') {
        (si, t + 1, false, true)
    } else if t + 1 == s.figs.len() && p.sentences.get(si + 1).is_some_and(|n| n.para == s.para || (n.para == s.para + 1 && n.first_line == s.last_line + 1)) {
        // The next sentence opens the list.
        let n = &p.sentences[si + 1];
        let nh = n.before(0).trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '+' | '*' | '•'));
        if let Some(w) = starts_with_any(nh, COMPLETE_OPENERS) {
            let _ = w;
            (si + 1, 0, false, true)
        } else if starts_with_any(nh, SUBSET_OPENERS).is_some() {
            (si + 1, 0, false, false)
        } else {
            return None;
        }
    } else {
        return None;
    };
    let ls = &p.sentences[sent];
    let items = items(a, ls, from, bracket, tq);
    let parts: Vec<FigId> = items.iter().filter_map(|i| i.part).collect();
    let region: String = (from..=ls.figs.len().min(items.last().map(|i| i.last + 1).unwrap_or(from))).filter(|&g| g < ls.gap_count()).map(|g| ls.gap(g)).collect::<Vec<_>>().join(" # ");
    let remainder = items.iter().any(|i| i.remainder);
    // What is left named after the last part, with no figure (`…; số còn lại thuộc diện
    // khác`): the parts are not all given.
    let tail = items.last().map(|i| ls.gap(i.last + 1)).unwrap_or("");
    let unstated_rest = has_any(tail, REMAINDER_WORDS);
    let partial = PARTIAL_WORDS.iter().any(|w| region.contains(w)) || (sent == si && head.len() > 2 && has_any(prefix(head, 40), &["như", "chủ yếu", "một số"]));
    // Items that give their own shares of the total (`đất lúa 812 ha, chiếm 26,2%; đất lâm
    // nghiệp 1.395 ha, chiếm 45%`) are a list of notable parts when those shares stay under
    // 100%.
    let shares: Vec<rust_decimal::Decimal> = (from..ls.figs.len().min(items.last().map(|i| i.last + 1).unwrap_or(from)))
        .filter(|&k| is_rate(a.quantity(ls.figs[k])) && ends_with_any(ls.before(k), &["chiếm", "chiếm tỷ lệ", "tỷ lệ", "chiếm tỉ lệ"]).is_some())
        .filter_map(|k| a.quantity(ls.figs[k]).value.exact())
        .collect();
    let noted = !shares.is_empty() && shares.iter().copied().sum::<rust_decimal::Decimal>() < rust_decimal::Decimal::from(99);
    // A list opening another list inside it (`38 trường, trong đó … quản lý 35 trường gồm:
    // 14 …, 13 …, 8 …`), ending with an ellipsis, or with an item whose figure is not in the
    // total's unit, is not read as complete.
    let nested = (from + 1..ls.figs.len().min(items.last().map(|i| i.last + 1).unwrap_or(from))).any(|k| has_any(ls.gap(k), &["trong đó", "gồm", "bao gồm", "cụ thể", "riêng"]));
    let trailing = tail.trim_start().starts_with("...") || tail.trim_start().starts_with('…');
    let unread = items.iter().any(|i| i.part.is_none() && i.figures > 0);
    let complete = if partial || noted || unstated_rest || nested || trailing || unread {
        Completeness::Subset
    } else if opener_complete || remainder {
        Completeness::Said
    } else if parts.len() >= 2 {
        Completeness::Usual
    } else {
        Completeness::Subset
    };
    Some(List { parts, complete })
}

/// One item of a list.
struct Item {
    part: Option<FigId>,
    /// How many figures it holds (a figure with no part among them: unread).
    figures: usize,
    /// Its last figure's index.
    last: usize,
    /// It names what is left (`còn lại`, `khác`).
    remainder: bool,
}

/// The items of a list starting at figure `from` of sentence `s`: split at `;`, or at `,`
/// when there is no `;`; in a bracket, up to its end.
fn items(a: &Analysis, s: &Sentence, from: usize, bracket: bool, total: &Quantity) -> Vec<Item> {
    let n = s.figs.len();
    // The end of the list: the closing bracket, or the end of the sentence.
    let mut end = n;
    let mut depth = 0i32;
    if bracket {
        for k in from..n {
            let g = &s.gap(k + 1);
            depth += g.matches('(').count() as i32 - g.matches(')').count() as i32;
            if depth < 0 {
                end = k + 1;
                break;
            }
        }
    }
    let semis = (from + 1..end).any(|k| s.gap(k).contains(';'));
    let sep = if semis { ';' } else { ',' };
    let mut out: Vec<Item> = Vec::new();
    let mut cur = Item { part: None, figures: 0, last: from, remainder: false };
    let mut nest = 0i32;
    for k in from..end {
        let before = &s.gap(k);
        // A new item starts when the words before this figure hold the separator (outside a
        // nested bracket).
        let opens = before.matches('(').count() as i32;
        let closes = before.matches(')').count() as i32;
        // (In a bracket list, the list's own bracket is level one.)
        let base = bracket as i32;
        let q = a.quantity(s.figs[k]);
        // A writer who mixes `,` and `;` (`xuất sắc 07 đ/c, tốt 15 đ/c; hoàn thành 01 đ/c`):
        // a second amount of the total's kind after a comma is a part of its own.
        // (Named before its number, as the first was: `, 02 vụ việc chuyển …` names it after,
        // and may belong to another list.)
        let named = before.rsplit(',').next().is_some_and(|w| w.chars().any(char::is_alphabetic));
        let another = semis && cur.part.is_some() && before.contains(',') && named && is_amount(q) && same_kind(total, q) && !is_rate(q) && change_before(before).is_none();
        let split = k > from && nest == base && (before.contains(sep) || another || (!semis && has_word(before, "và")));
        nest = (nest + opens - closes).max(0);
        if split {
            out.push(std::mem::replace(&mut cur, Item { part: None, figures: 0, last: k, remainder: false }));
        }
        cur.last = k;
        if nest == base && !is_rate(q) && change_before(before).is_none() {
            cur.figures += 1;
        }
        // A number the lexer did not take as a figure (`02 trộm cắp`: no unit it knows) is an
        // item that cannot be counted.
        if nest == base && before.split(|c: char| !c.is_ascii_digit()).any(|w| (1..=3).contains(&w.len())) {
            cur.figures += 1;
        }
        let own = own_clause(before);
        if has_any(own, REMAINDER_WORDS) {
            cur.remainder = true;
        }
        if cur.part.is_none() && nest == base && is_amount(q) && same_kind(total, q) && !is_threshold(q) && change_before(before).is_none() && !crate::figures::extract::plan_lead(before) {
            cur.part = Some(s.figs[k]);
        }
    }
    out.push(cur);
    // An item whose text mentions `trong đó` again opens a nested list: it ends the list.
    out
}

/// The parts lists of the document model (`trong đó` inline or on the lines below) are
/// complete when they have two parts or more and their words say nothing against it.
pub fn complete_model_lists(a: &Analysis, out: &mut [Relation]) {
    for r in out.iter_mut() {
        if r.reader != "statements" {
            continue;
        }
        let Rel::Parts { total, parts, complete, .. } = &mut r.rel else { continue };
        if *complete != Completeness::Subset || parts.len() < 2 {
            continue;
        }
        let (first, last) = (a.fig_range(*total).end, parts.last().map(|&p| a.fig_range(p).start).unwrap_or(0));
        if last <= first || last - first > 4000 {
            continue;
        }
        // The words up to the end of the last part's sentence too (`…; số còn lại thuộc
        // diện khác`).
        let last_part = *parts.last().expect("two parts");
        // (To the end of the last part's line: a remainder named after it is on it.)
        let end = a.line_range(last_part.line as usize).end.max(a.fig_range(last_part).end);
        let text = crate::text::fold::fold_lower(&a.slice(first..last));
        let rest = crate::text::fold::fold_lower(&a.slice(a.fig_range(last_part).end..end));
        let nested = has_any(&text, &["gồm", "bao gồm", "cụ thể", "riêng"]) || text.matches("trong đó").count() > 1;
        if PARTIAL_WORDS.iter().all(|w| !text.contains(w) && !rest.contains(w)) && !has_any(&text, &["chiếm"]) && !has_any(&rest, REMAINDER_WORDS) && !nested {
            *complete = Completeness::Usual;
        }
    }
}

/// A figure said to be received (`tiếp nhận 958 hồ sơ`, `nhận được 07 đơn`).
const RECEIVED: &[&str] = &["tiếp nhận", "nhận được", "thụ lý", "đã nhận"];
/// States of what was received: dealt with …
const DONE: &[&str] = &["giải quyết", "xử lý", "hòa giải thành", "đã giải quyết", "giải quyết xong", "giải quyết dứt điểm", "đã xử lý", "xử lý xong", "trả kết quả", "giải quyết và trả", "đã trả"];
/// … or not (yet), or passed on.
const OPEN: &[&str] = &["đang giải quyết", "đang xử lý", "đang xem xét", "đang thụ lý", "đang thẩm định", "chưa giải quyết", "chưa xử lý", "chuyển", "trả lại", "hướng dẫn", "không thuộc thẩm quyền", "tồn", "quá hạn", "rút đơn"];

/// `tiếp nhận 958 hồ sơ …, đã giải quyết 946 hồ sơ, 12 hồ sơ đang giải quyết`: the states of
/// what was received, in its sentence and the next of the paragraph, at least one dealt with
/// and one not, in the unit of what was received.
fn what_became_of_received(a: &Analysis, p: &Passages, si: usize, out: &mut Vec<Relation>) {
    let s = &p.sentences[si];
    if s.figs.len() < 2 && p.sentences.get(si + 1).is_none_or(|n| n.para != s.para) || !has_any(s.words(), RECEIVED) {
        return;
    }
    for t in 0..s.figs.len() {
        let (tf, tq) = fig_q(a, s, t);
        let Some(unit) = tq.unit.as_ref() else { continue };
        if !is_amount(tq) || is_threshold(tq) || !has_any(own_clause(s.before(t)), RECEIVED) {
            continue;
        }
        if tq.value.exact().is_none() {
            continue;
        }
        let mut parts = Vec::new();
        let (mut done, mut open) = (false, false);
        let next = p.sentences.get(si + 1).filter(|n| n.para == s.para).map(|_| si + 1);
        'scan: for (k, from) in std::iter::once((si, t + 1)).chain(next.map(|n| (n, 0))) {
            let ks = &p.sentences[k];
            for j in from..ks.figs.len() {
                let (f, q) = fig_q(a, ks, j);
                if q.unit.as_ref().is_none_or(|u| u.name != unit.name) || !is_amount(q) {
                    continue;
                }
                // A breakdown of a state (`…, trong đó 931 hồ sơ đúng hạn`) ends the states.
                if !parts.is_empty() && has_any(ks.before(j), &["trong đó", "trong số"]) && !has_any(own_clause(ks.before(j)), DONE) {
                    break 'scan;
                }
                let clause_after = ks.after(j).split([',', ';', '(', '.']).next().unwrap_or("");
                let clause_before = own_clause(ks.before(j));
                let d = has_any(clause_before, DONE) || has_any(clause_after, DONE);
                let o = has_any(clause_before, OPEN) || has_any(clause_after, OPEN);
                if !(d || o) {
                    if parts.is_empty() {
                        continue;
                    }
                    break 'scan;
                }
                // (A state larger than what was received is the contradiction itself: kept.)
                if q.value.exact().is_none() {
                    break 'scan;
                }
                parts.push(f);
                done |= d && !o;
                open |= o;
            }
        }
        if parts.len() >= 2 && done && open {
            out.push(Relation::new(Rel::Parts { total: tf, parts, complete: Completeness::Usual, lines_below: false }, Sure::Probable, "parts"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};

    fn lists(text: &str) -> Vec<String> {
        let a = Analysis::from_text(text, &Config::default());
        a.reading.relations.iter().filter(|r| matches!(r.rel, super::Rel::Parts { .. })).map(|r| super::super::describe(&a, r)).collect()
    }

    #[test]
    fn a_bracket_of_named_parts() {
        let l = lists("Tổng đàn trâu, bò 1.095 con (bò 970 con, trâu 125 con).\n");
        assert_eq!(l.len(), 1, "{l:?}");
    }
}
