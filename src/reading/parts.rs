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
        out.extend(within_total(a, s));
        out.extend(what_is_left(a, s));
        out.extend(total_after_list(a, s));
        set_apart(a, p, si, out);
        // A list opens with a word, a bracket or a colon after a total (or the next sentence
        // opens it).
        let next_opens = p.sentences.get(si + 1).is_some_and(|n| n.words().contains("trong") || n.words().contains("gồm") || n.words().contains("cụ thể"));
        let opens_here = ["trong đó", "trong số", "gồm", "cụ thể", "chia ra", "chia theo", "(", ":"].iter().any(|w| s.words().contains(w));
        if !next_opens && (s.figs.len() < 2 || !opens_here) {
            continue;
        }
        for t in 0..s.figs.len() {
            let (tf, tq) = fig_q(a, s, t);
            // (Nor the plan of an actual/plan pair: `17.919 con/14.066 con, đạt 127,39% KH, trong
            // đó …` lists the parts of the actual.)
            let plan_of_pair = t > 0 && s.before(t).trim() == "/";
            // (Nor a threshold the items are under or over: `4 tỉnh có kim ngạch dưới ngưỡng 100
            // triệu USD, gồm: …`.)
            let threshold = ends_with_any(own_clause(s.before(t)), &["ngưỡng", "mức", "dưới", "trên", "từ"]).is_some();
            if !is_amount(tq) || is_threshold(tq) || threshold || change_before(s.before(t)).is_some() || crate::figures::extract::plan_lead(s.before(t)) || plan_of_pair {
                continue;
            }
            let Some(list) = list_after(a, p, si, t) else { continue };
            // (A list of one part read here still says the model's reading of this list is not
            // to be used, and a list of items pairing two amounts says it with no parts: see
            // `merge`.)
            if list.parts.is_empty() && !list.paired {
                continue;
            }
            // One part after a total that is itself an item of a list (`đã giải quyết 946 hồ
            // sơ, 12 hồ sơ đang giải quyết, trong đó có 931 hồ sơ đúng hạn`): `trong đó` may
            // be said of another item or of the whole, so the part is not read as this
            // total's (but the list still says the model's reading is not to be used).
            let loose = list.parts.len() == 1 && (0..t).any(|j| of_its_kind(a.quantity(s.figs[j]), tq));
            // Parts each with its own share of the whole, the shares more than 100% (`trong đó
            // 95 hộ nghèo chiếm 4,4%; 1.980 hộ có nhà tiêu hợp vệ sinh chiếm 92,5%`), overlap:
            // they are facts about the whole, not its division.
            let parts = if loose || overlapping(a, p, &list.parts) { Vec::new() } else { list.parts };
            let complete = if parts.len() < 2 { Completeness::Subset } else { list.complete };
            out.push(Relation::new(Rel::Parts { total: tf, parts, complete, lines_below: false }, Sure::Probable, "parts"));
        }
    }
}

/// Do the parts carry their own shares of the whole (`… chiếm 92,5%`, right after them): every
/// one of them, or some whose shares add to clearly more than 100%?
fn overlapping(a: &Analysis, p: &Passages, parts: &[FigId]) -> bool {
    let mut shares = Vec::new();
    for &f in parts {
        let Some(si) = p.sentence_of(f) else { return false };
        let s = &p.sentences[si];
        let Some(k) = s.index_of(f) else { return false };
        // After the part (`2.080 hộ có nhà tiêu hợp vệ sinh chiếm 97,2%`) or right before it
        // (`nhóm nông sản chiếm tỷ trọng 4,1%, đạt 100,5 triệu USD`).
        let after = s.figs.get(k + 1).copied().filter(|&n| {
            let gap = s.after(k);
            is_rate(a.quantity(n)) && has_word(gap, "chiếm") && gap.split_whitespace().count() <= 10 && !gap.contains([';', '.'])
        });
        let before = k.checked_sub(1).map(|j| s.figs[j]).filter(|&n| {
            let link = s.before(k).trim().trim_start_matches(',').trim();
            is_rate(a.quantity(n)) && matches!(link, "đạt" | "là" | "với" | "(") && has_word(own_clause(s.before(k - 1)), "chiếm")
        });
        if let Some(v) = after.or(before).and_then(|n| a.quantity(n).value.exact()) {
            shares.push(v);
        }
    }
    // (Every part with its share: the shares and each part's ratio are read and checked; a sum
    // of the parts would only repeat them, or add up things that overlap.)
    shares.len() >= 2 && (shares.len() == parts.len() || shares.iter().sum::<rust_decimal::Decimal>() > rust_decimal::Decimal::new(1005, 1))
}

/// A part set apart later in the paragraph (`Trong đó, thu ngân sách do huyện quản lý 104 tỷ
/// đồng. Cụ thể, … Riêng thu ngân sách tỉnh quản lý 82 tỷ đồng`): a sentence opening with
/// `Riêng` whose amount is named as the sibling of the one part read after `trong đó` (the same
/// words but one or two: `huyện` / `tỉnh`) is a second part of that total.
fn set_apart(a: &Analysis, p: &Passages, si: usize, out: &mut [Relation]) {
    let s = &p.sentences[si];
    let Some(rest) = s.before(0).trim_start().strip_prefix("riêng") else { return };
    if s.figs.is_empty() || rest.contains([',', ';', '(']) {
        return;
    }
    let (rf, rq) = fig_q(a, s, 0);
    if !is_amount(rq) || is_threshold(rq) {
        return;
    }
    let words = |t: &str| -> std::collections::BTreeSet<String> {
        crate::text::fold::fold_ascii(t).split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 2 && !["do", "la", "dat", "uoc", "co", "cua", "trong", "rieng"].contains(w)).map(str::to_string).collect()
    };
    let mine = words(rest);
    for r in out.iter_mut() {
        let Rel::Parts { total, parts, complete, .. } = &mut r.rel else { continue };
        if parts.len() != 1 || *complete != Completeness::Subset {
            continue;
        }
        let (Some(ts), Some(ps)) = (p.sentence_of(*total), p.sentence_of(parts[0])) else { continue };
        if ts >= si || p.sentences[ts].para != s.para || si - ts > 4 || !of_its_kind(rq, a.quantity(*total)) {
            continue;
        }
        let pt = &p.sentences[ps];
        let Some(k) = pt.index_of(parts[0]) else { continue };
        let theirs = words(own_clause(pt.before(k)).trim_start_matches("trong đó"));
        let common = mine.intersection(&theirs).count();
        let differ = mine.symmetric_difference(&theirs).count();
        if common >= 3 && (1..=4).contains(&differ) {
            parts.push(rf);
            *complete = Completeness::Usual;
            return;
        }
    }
}

/// The total named first after `Trong`, its parts after `có`: `Trong 26 công trình khởi công
/// mới có 19 công trình …, 7 công trình …`; `Trong tổng số 150 hộ được hỗ trợ, có 120 hộ …, 30
/// hộ …`. Two parts or more are a usual list (as after `trong đó`), one a subset.
fn within_total(a: &Analysis, s: &Sentence) -> Option<Relation> {
    if s.figs.len() < 2 {
        return None;
    }
    // The total opens the sentence or a clause after `;` (`…; trong 22 công trình đầu tư mới có
    // 18 công trình …, 4 công trình …`), and its list runs to the sentence's end.
    let t = (0..s.figs.len() - 1).find(|&t| {
        let before = s.before(t);
        let clause = before.rsplit([';', ',', ':', '(', ')', '.']).next().unwrap_or(before);
        (t == 0 || before.contains(';')) && ["trong", "trong tổng số", "trong số", "trong tổng", "trong tổng số các", "trong số các"].contains(&clause.trim())
    })?;
    if (t + 1..s.figs.len()).any(|k| s.gap(k).contains(';')) {
        return None;
    }
    let (tf, tq) = fig_q(a, s, t);
    if !is_amount(tq) || is_threshold(tq) || !of_its_kind(a.quantity(s.figs[t + 1]), tq) {
        return None;
    }
    // `… được hỗ trợ, có` right before the first part.
    let gap = s.after(t);
    let at = gap.rfind("có")?;
    let (qualifier, opener) = (&gap[..at], gap[at + "có".len()..].trim());
    if gap.contains(['.', ';', '(', ')', ':']) || qualifier.split_whitespace().count() > 12 || !has_word(&gap[at..], "có") || opener.split_whitespace().count() > 2 {
        return None;
    }
    let items = items(a, s, t + 1, false, tq);
    if items.iter().any(|i| i.paired) {
        return None;
    }
    let parts: Vec<FigId> = items.iter().filter_map(|i| i.part).collect();
    let unread = items.iter().any(|i| i.part.is_none() && i.figures > 0);
    let region: String = (t + 1..s.gap_count()).map(|g| s.gap(g)).collect::<Vec<_>>().join(" # ");
    let partial = PARTIAL_WORDS.iter().any(|w| region.contains(w));
    let complete = if parts.len() >= 2 && !unread && !partial { Completeness::Usual } else { Completeness::Subset };
    (!parts.is_empty()).then(|| Relation::new(Rel::Parts { total: tf, parts, complete, lines_below: false }, Sure::Probable, "parts"))
}

/// What is left after a deduction, named by the total's own words: `Tổng thu nhập … là 612,5 tỷ
/// đồng; tổng chi phí là 98,3 tỷ đồng; thu nhập còn lại 514,2 tỷ đồng` (612,5 = 98,3 + 514,2). The
/// three amounts of one kind split by `;`, the last named `… còn lại` with a word of the first's
/// name (`còn lại là dê 800 con` after `đàn trâu` is another thing).
fn what_is_left(a: &Analysis, s: &Sentence) -> Option<Relation> {
    if s.figs.len() < 3 || !s.words().contains("còn lại") {
        return None;
    }
    let amounts: Vec<usize> = (0..s.figs.len()).filter(|&k| is_amount(a.quantity(s.figs[k])) && !is_threshold(a.quantity(s.figs[k])) && change_before(s.before(k)).is_none()).collect();
    let [t, d, r] = amounts.as_slice() else { return None };
    let (tq, dq, rq) = (a.quantity(s.figs[*t]), a.quantity(s.figs[*d]), a.quantity(s.figs[*r]));
    if !same_kind(tq, dq) || !same_kind(tq, rq) || !(t + 1..=*d).any(|g| s.gap(g).contains(';')) || !(d + 1..=*r).any(|g| s.gap(g).contains(';')) {
        return None;
    }
    let left = own_clause(s.before(*r));
    if !has_word(left, "còn lại") {
        return None;
    }
    let content = |t: &str| -> Vec<String> {
        crate::text::fold::fold_ascii(t)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 2 && !["tong", "con", "lai", "la", "cua", "nam", "xa", "huyen", "dat", "uoc", "trong", "so"].contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    let (named, rest) = (content(own_clause(s.before(*t))), content(left));
    if rest.is_empty() || !rest.iter().all(|w| named.contains(w)) {
        return None;
    }
    Some(Relation::new(Rel::Parts { total: s.figs[*t], parts: vec![s.figs[*d], s.figs[*r]], complete: Completeness::Said, lines_below: false }, Sure::Probable, "parts"))
}

/// The total said after its parts, closing the list: `mầm non 3.120 em, tiểu học 5.240 em,
/// trung học cơ sở 3.980 em; tổng cộng 12.340 em`, `lúa 850 ha, ngô 120 ha, rau màu 230 ha,
/// nâng tổng diện tích gieo trồng lên 1.200 ha`. The closing words (`tổng cộng`, `cộng`,
/// `tính chung`, `nâng tổng … lên`) say the list is all of it; each part is the one amount of
/// the total's kind in its item, the items split by `,` or `;`.
fn total_after_list(a: &Analysis, s: &Sentence) -> Option<Relation> {
    let t = s.figs.len().checked_sub(1)?;
    let closing = own_clause(s.before(t)).trim();
    let closes = starts_with_any(closing, &["tổng cộng", "cộng chung", "cộng", "tính chung", "tính chung tổng"]).is_some()
        || (closing.starts_with("nâng tổng") && ends_with_any(closing, &["lên", "lên tới", "lên đến"]).is_some());
    if !closes || t < 2 {
        return None;
    }
    let (tf, tq) = fig_q(a, s, t);
    if !is_amount(tq) || is_threshold(tq) || change_before(s.before(t)).is_some() {
        return None;
    }
    let mut parts = Vec::new();
    for j in 0..t {
        let q = a.quantity(s.figs[j]);
        if !of_its_kind(q, tq) || change_before(s.before(j)).is_some() || plan_before(s.before(j)) || is_threshold(q) {
            // (Only the items' own amounts: any other figure of the kind leaves the list unread.)
            if same_kind(q, tq) {
                return None;
            }
            continue;
        }
        // One amount per item: the items are split by `,`, `;` or `và`.
        if !(parts.is_empty() || s.before(j).contains([',', ';']) || has_word(s.before(j), "và")) {
            return None;
        }
        parts.push(s.figs[j]);
    }
    (parts.len() >= 2).then(|| Relation::new(Rel::Parts { total: tf, parts, complete: Completeness::Said, lines_below: false }, Sure::Probable, "parts"))
}

/// The last figure after figure `t` of `s` that only says what the total is: its % of plan
/// (`đạt 80,1% so với kế hoạch`, `bằng 28,7% kế hoạch năm`) or its change (`tăng 11% so với
/// cùng kỳ`, `tăng 15 tỷ đồng`), each tied by its own word right after the one before; `t`
/// when none follows.
fn attributes_after(a: &Analysis, s: &Sentence, t: usize) -> usize {
    let total = a.quantity(s.figs[t]);
    let mut last = t;
    for k in t + 1..s.figs.len() {
        let gap = s.gap(k).trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'));
        let q = a.quantity(s.figs[k]);
        if gap.split_whitespace().count() > 12 || has_any(gap, &["trong đó", "trong số", "gồm", "cụ thể", "chia ra"]) || gap.contains([':', '(', ')', '.']) {
            break;
        }
        // The tail of the attribute before (`tăng 8,2% so với cùng kỳ, đạt 104% KH năm`).
        let gap = match gap.split_once(',') {
            Some((tail, rest)) if starts_with_any(tail.trim(), &["so với", "so", "cùng kỳ", "kế hoạch", "kh", "dự toán"]).is_some() => rest.trim_start(),
            _ => gap,
        };
        let plan = starts_with_any(gap, &["đạt", "bằng", "vượt"]).is_some() && is_rate(q);
        let change = change_before(gap).is_some() && starts_with_any(gap, &["tăng", "giảm"]).is_some() && (is_rate(q) || same_kind(total, q));
        if !(plan || change) {
            break;
        }
        last = k;
    }
    last
}

/// Parts listed after a total, and whether they must make it whole.
struct List {
    parts: Vec<FigId>,
    complete: Completeness,
    /// Its items pair two amounts (planned and done): no part is read.
    paired: bool,
}

/// The list that opens right after figure `t` of sentence `si`, if any.
fn list_after(a: &Analysis, p: &Passages, si: usize, t0: usize) -> Option<List> {
    let s = &p.sentences[si];
    let tq = a.quantity(s.figs[t0]);
    // What the total is said to be before its list opens (`… 62.250 triệu đồng, đạt 80,1% so
    // với kế hoạch, trong đó: …`; `… 290 ha, tăng 10% so với cùng kỳ: lúa xuân 140 ha; …`):
    // the list opens after them.
    let t = attributes_after(a, s, t0);
    let after = s.after(t);
    let mut head = after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';'));
    if t > t0 {
        // The words that end the last attribute (`so với kế hoạch,`) before the opener.
        // (None: the list may open with the next sentence, after the total's last attribute.)
        match [":", "(", "trong đó", "trong số đó", "gồm", "bao gồm", "cụ thể", "chia ra"].iter().filter_map(|w| head.find(w)).min() {
            Some(k) => {
                let words = &head[..k];
                // Only the tail of the last attribute (`so với cùng kỳ năm trước`, `KH năm`),
                // not a label of the next item (`…; cây có củ: 2.373 ha`).
                let tail_of_attribute = words.trim().is_empty() || has_any(words, &["so với", "so", "kế hoạch", "kh", "dự toán", "cùng kỳ", "chỉ tiêu", "nghị quyết", "năm trước", "giao", "đề ra"]);
                // (Digits here are years: `so với vụ đông xuân năm 2018`.)
                if words.split_whitespace().count() > 8 || words.contains([';', ':']) || !tail_of_attribute || has_any(words, &["tăng", "giảm", "đạt", "chiếm", "bằng"]) {
                    return None;
                }
                head = head[k..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            }
            None if t + 1 < s.figs.len() => return None,
            None => {}
        }
    }
    // A few words may name what the total counts before the list opens (`2.786 ha lúa, trong
    // đó`, `37 trường học đạt chuẩn quốc gia (13 trường mầm non, …)`).
    // (Not a colon: after words, a colon ends a label, `… tiểu đường: 4.149`.)
    if let Some(k) = head.find('(').into_iter().chain(["trong đó", "gồm", "bao gồm"].iter().filter_map(|w| head.find(w))).min() {
        let words = &head[..k];
        // (`đạt chuẩn` qualifies what is counted; `đạt` before a figure is a result.)
        let qualifier = words.replace("đạt chuẩn", "chuẩn");
        if k > 0 && words.split_whitespace().count() <= 8 && !words.contains([';', '.', ')']) && !words.chars().any(|c| c.is_ascii_digit()) && !has_any(&qualifier, &["tăng", "giảm", "đạt", "chiếm", "so với"]) {
            head = head[k..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        }
    }
    // Where the list is: (sentence, first figure index, end condition), how it opened.
    // A bracket opening on a number (`48 trường học (15 trường mầm non, 14 trường tiểu học, …)`)
    // is a list when it holds two figures of the total's kind, each with its name.
    let numbered_bracket = head.starts_with('(') && head[1..].trim_start().is_empty() && t + 2 < s.figs.len() && {
        let kind = |k: usize| of_its_kind(a.quantity(s.figs[k]), tq);
        let between = s.gap(t + 2);
        kind(t + 1) && kind(t + 2) && between.contains([',', ';']) && !between.contains(')') && between.chars().any(char::is_alphabetic)
    };
    let (sent, from, bracket, opener_complete) = if head.starts_with('(') && (!head[1..].trim_start().is_empty() || numbered_bracket) {
        // `1.095 con (bò 970 con, trâu 125 con)`: a bracket of named parts; `(trong đó …)`
        // and `(gồm …)` too.
        let inner = head[1..].trim_start();
        // (A bracket of a plan or a comparison is no list: `3 lớp (kế hoạch cả năm mở 8 lớp)`.)
        if starts_with_any(inner, &["kế hoạch", "kh", "dự toán", "chỉ tiêu", "mục tiêu", "nghị quyết", "cùng kỳ", "so với", "so", "năm", "tăng", "giảm", "bằng", "đạt", "chiếm", "ước", "giao"]).is_some() {
            return None;
        }
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
    // Items of two amounts each: which is the part is not read; the list says only that
    // there is one (and so that the line model's reading of it is not to be used).
    if items.iter().any(|i| i.paired) {
        return Some(List { parts: Vec::new(), complete: Completeness::Subset, paired: true });
    }
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
    Some(List { parts, complete, paired: false })
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
    /// It gives a second amount of the total's kind, what was done against what was planned.
    paired: bool,
}

/// An amount counted in the total's kind (not a rate of it): what an item of its list gives.
fn of_its_kind(q: &Quantity, total: &Quantity) -> bool {
    is_amount(q) && same_kind(total, q) && !is_rate(q)
}

/// Words that say an amount is what was done of an item stated just before.
const DONE_AGAINST: &[&str] = &["đã", "giải ngân", "thực hiện", "thanh toán", "thu hồi", "cấp phát"];

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
    let mut semis = (from + 1..end).any(|k| s.gap(k).contains(';'));
    // A list of the total's kind split at commas that a `;` ends, moving on to other things
    // (`9 trường học: 02 trường mầm non, 04 trường tiểu học, 03 trường THCS; 01 trạm y tế`).
    if let Some(k0) = (from + 1..end).find(|&k| s.gap(k).contains(';')) {
        let kind = |k: usize| of_its_kind(a.quantity(s.figs[k]), total);
        let before_semi = (from..k0).filter(|&k| kind(k)).count();
        let commas = (from + 1..k0).all(|k| !kind(k) || s.gap(k).contains(','));
        if before_semi >= 2 && commas && (k0..end).all(|k| !kind(k)) {
            end = k0;
            semis = false;
        }
    }
    let sep = if semis { ';' } else { ',' };
    let mut out: Vec<Item> = Vec::new();
    let mut cur = Item { part: None, figures: 0, last: from, remainder: false, paired: false };
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
        // (A short label: `tốt 15 đ/c`, not another measure of the same item, `đã thu hồi tạm
        // ứng là 51,10 tỷ đồng` after `số dư tạm ứng là 51,10 tỷ đồng`.)
        let named = before.rsplit(',').next().is_some_and(|w| {
            w.chars().any(char::is_alphabetic) && w.split_whitespace().count() <= 8 && !has_any(w, &["là", "đạt", "được", "thực hiện", "giải ngân", "đã"])
        });
        let another = semis && cur.part.is_some() && before.contains(',') && named && of_its_kind(q, total) && change_before(before).is_none();
        // `… bố trí cho giao thông 39 tỷ đồng, đã giải ngân 27 tỷ đồng`: what was done of the
        // item before, named by the verb alone, is no item of its own.
        let done_of_last = cur.part.is_some() && before.rsplit(sep).next().is_some_and(|seg| starts_with_any(seg.trim_start(), &["đã giải ngân", "giải ngân", "đã thanh toán", "đã thực hiện", "đã chi", "đã cấp phát"]).is_some());
        let split = k > from && nest == base && !done_of_last && (before.contains(sep) || another || (!semis && has_word(before, "và")));
        nest = (nest + opens - closes).max(0);
        // A part that opens its own list (`trong đó … quản lý 47 trường gồm: 18 …, 17 …`):
        // what follows is that part's breakdown, and this list ends with it.
        // (After a separator only when nothing names a new item before the opener: `41
        // trường, gồm: 16 …` is nested, `…; cây thực phẩm: 693 ha` is the next item.)
        let openers = ["trong đó", "gồm", "bao gồm", "cụ thể", "chia ra"];
        let nested_opener = match before.rsplit_once(sep) {
            Some((_, seg)) => {
                let seg = seg.trim_start();
                starts_with_any(seg, &openers).is_some() || seg.starts_with(':')
            }
            None => has_any(before, &openers) || before.contains(':'),
        };
        if k > from && nest == base && cur.part.is_some() && nested_opener {
            break;
        }
        if split {
            out.push(std::mem::replace(&mut cur, Item { part: None, figures: 0, last: k, remainder: false, paired: false }));
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
        let candidate = nest == base && is_amount(q) && same_kind(total, q) && !is_threshold(q) && change_before(before).is_none() && !crate::figures::extract::plan_lead(before) && (!plan_before(own_clause(before)) || allotted(own_clause(before)));
        if candidate && cur.part.is_none() {
            cur.part = Some(s.figs[k]);
        } else if candidate && has_any(own_clause(before), DONE_AGAINST) {
            // `số dư dự toán là 21,30 tỷ đồng và đã giải ngân được 14,2 tỷ đồng`: each item
            // gives what was planned and what was done, and which of them is this total's part
            // depends on the total.
            cur.paired = true;
        }
    }
    out.push(cur);
    // An item whose text mentions `trong đó` again opens a nested list: it ends the list.
    out
}

/// A source's share named by the verb alone (`ngân sách nhà nước bố trí 17 tỷ đồng, nhân dân
/// đóng góp 18 tỷ đồng`): what one source put in, a part of the total; not a plan, which a plan
/// word names (`kế hoạch vốn bố trí`, `dự toán phân bổ`).
fn allotted(own: &str) -> bool {
    ends_with_any(own, &["bố trí", "phân bổ"]).is_some() && !has_any(own, &["kế hoạch", "kh", "dự toán", "chỉ tiêu", "giao"])
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
        let (between, after) = (a.slice(first..last), a.slice(a.fig_range(last_part).end..end));
        // (The words decide alone: the document's memo keeps the answer by the two texts, the
        // length of the first written before them.)
        let key = format!("{}:{between}{after}", between.len());
        let usual = a.memo.complete.get_or(&key, || {
            let text = crate::text::fold::fold_lower(&between);
            let rest = crate::text::fold::fold_lower(&after);
            let nested = has_any(&text, &["gồm", "bao gồm", "cụ thể", "riêng"]) || text.matches("trong đó").count() > 1;
            PARTIAL_WORDS.iter().all(|w| !text.contains(w) && !rest.contains(w)) && !has_any(&text, &["chiếm"]) && !has_any(&rest, REMAINDER_WORDS) && !nested
        });
        if usual {
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
