//! Reader: shares of one whole, which must not add up to more than 100% (and to exactly 100%
//! when they cover the whole: a classification, an economic structure).
//!
//! - a breakdown on one line: a run of statements whose values are percentages, opened by
//!   `Trong đó` or made of categories (`Loại Tốt 92,3%; Loại Khá 7,5%; Loại TB 0,2%`);
//! - `chiếm X% <whole>` of the same named whole in sibling sections or one section;
//! - a structure listed once in running text, each category with its share, the whole not
//!   repeated: `nông nghiệp chiếm 31%; công nghiệp - xây dựng 27,5%; dịch vụ 41,5%`, the share
//!   first (`18,1% chưa tốt nghiệp; 25,0% tốt nghiệp tiểu học; …`), with changes of the
//!   shares in between that are no shares (`chiếm 60,2%, tăng 2,1% so với 2015`). It must
//!   cover the whole (add to 100% within the rounding of its shares) when its categories are
//!   the whole economy's sectors, a scale of grades, or end with what is left (`các dân tộc
//!   khác`), or when a `cơ cấu`/`tỷ trọng` list names three categories or more; otherwise it
//!   only must not exceed 100%.

use std::collections::BTreeMap;

use super::passage::{Passages, Sentence};
use super::relation::{Completeness, Rel, Relation, Sure};
use super::words::*;
use crate::analysis::Analysis;
use crate::figures::model::FigId;
use crate::numbers::{Quantity, UnitKind};
use crate::text::fold::fold_ascii;

/// An age (`15 tuổi`): the population a structure is of, never one of its categories.
fn is_age(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == crate::numbers::UnitKind::Age)
}

fn is_pct(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent && u.per.is_empty())
}

/// Shares of one whole as a reader finds them: the percentages, the bare numbers among them (a
/// `%` lost), and whether they cover the whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShareGroup {
    pub figs: Vec<FigId>,
    pub bare: Vec<FigId>,
    pub exhaustive: bool,
}

/// Shares said with `chiếm X% <whole>` of one named whole across the document.
pub fn read_document(a: &Analysis) -> Vec<Relation> {
    chiem_groups(a)
        .into_iter()
        .chain(listed(a))
        .filter(|g| !has_full(a, &g.figs))
        .map(|g| {
            let complete = if g.exhaustive { Completeness::Usual } else { Completeness::Subset };
            Relation::new(Rel::Shares { shares: g.figs, bare: g.bare, complete }, Sure::Probable, "shares")
        })
        .collect()
}

/// Breakdowns on the lines of sentences `range`, and structures listed in those sentences.
pub fn read(a: &Analysis, p: &Passages, range: std::ops::Range<usize>, out: &mut Vec<Relation>) {
    let Some(first) = p.sentences.get(range.start) else { return };
    let last = p.sentences[range.end - 1].last_line;
    for line in first.first_line..=last {
        if !a.lines()[line as usize].quantities.iter().any(|q| q.in_percent_or_per_mille()) {
            continue;
        }
        for g in line_breakdowns(a, line as usize) {
            if !plausible(a, &g.figs) {
                continue;
            }
            let complete = if g.exhaustive { Completeness::Usual } else { Completeness::Subset };
            out.push(Relation::new(Rel::Shares { shares: g.figs, bare: g.bare, complete }, Sure::Probable, "shares"));
        }
    }
    let mut push = |figs: Vec<FigId>, complete: Completeness| {
        if plausible(a, &figs) {
            out.push(Relation::new(Rel::Shares { shares: figs, bare: Vec::new(), complete }, Sure::Probable, "shares"));
        }
    };
    for si in range {
        let s = &p.sentences[si];
        if s.rates() == 0 {
            continue;
        }
        if let Some((figs, complete)) = across(a, p, si) {
            push(figs, complete);
        }
        if s.figs.len() < 2 || s.rates() < 2 {
            continue;
        }
        // The sentence before, in the paragraph or on the line right above.
        let prev = si.checked_sub(1).map(|k| &p.sentences[k]).filter(|t| t.para == s.para || t.last_line + 1 == s.first_line);
        for (figs, complete) in structures(a, s).into_iter().map(|(f, c)| grade_lead(a, s, prev, f, c)).chain(moves(a, s)).chain(contributions(a, p, si)).chain(named_then_listed(a, s)) {
            push(figs, complete);
        }
    }
}

/// A structure named first, its shares listed after it with nothing but separators between them:
/// `Cơ cấu kinh tế (nông nghiệp - công nghiệp - dịch vụ) là 32,5% - 30,2% - 37,3%`, `Tỷ trọng
/// các khu vực kinh tế lần lượt là 32,5%; 30,2%; 37,3%`. Three shares or more of a `cơ cấu`
/// cover the whole.
fn named_then_listed(a: &Analysis, s: &Sentence) -> Option<(Vec<FigId>, Completeness)> {
    let first = (0..s.figs.len()).find(|&k| is_pct(a.quantity(s.figs[k])))?;
    let lead = s.before(first);
    if !has_any(lead, &["cơ cấu", "tỷ trọng", "tỉ trọng"]) || ends_with_any(lead, &["là", "lần lượt là", "tương ứng là", "lần lượt", "tương ứng", ":"]).is_none() || has_any(own_clause(lead), &["tăng", "giảm"]) {
        return None;
    }
    let mut figs = vec![s.figs[first]];
    for k in first + 1..s.figs.len() {
        let gap = s.before(k).trim();
        let sep = gap.is_empty() || gap.chars().all(|c| matches!(c, '-' | '–' | '—' | ';' | ',' | ' ')) || matches!(gap, "và" | ", và" | "; và");
        if !sep || !is_pct(a.quantity(s.figs[k])) {
            break;
        }
        figs.push(s.figs[k]);
    }
    // (Nothing after the list but its end: another figure would be the shares' own change.)
    if figs.len() < 2 || first + figs.len() < s.figs.len() && !s.before(first + figs.len()).contains([',', ';', '.']) {
        return None;
    }
    // The economy's three sectors named (or `kinh tế` with three shares): the whole economy.
    let folded = fold_ascii(lead);
    let sectors = SECTORS.iter().filter(|sec| sec.iter().any(|w| folded.contains(w))).count();
    let economy = sectors == 3 || (figs.len() == 3 && (folded.contains("kinh te") || folded.contains("khu vuc")));
    let complete = if economy && figs.len() == 3 { Completeness::Said } else if figs.len() >= 3 { Completeness::Usual } else { Completeness::Subset };
    Some((figs, complete))
}

/// The economy's sectors, each as words any of which names it (folded without accents).
const SECTORS: &[&[&str]] = &[
    &["nong nghiep", "nong, lam", "nong - lam", "nong lam", "thuy san", "khu vuc i", "khu vuc 1", "nong, lam nghiep"],
    &["cong nghiep", "xay dung", "khu vuc ii", "khu vuc 2", "tieu thu cong nghiep", "ttcn"],
    &["dich vu", "thuong mai", "khu vuc iii", "khu vuc 3", "tmdv"],
];

/// Scales of grades: a list naming three of one scale covers the whole.
const GRADES: &[&[&str]] = &[
    &["gioi", "kha", "trung binh", "yeu", "kem"],
    &["xuat sac", "tot", "kha", "dat", "chua dat", "khong dat", "hoan thanh", "khong hoan thanh"],
];

/// One share of a structure: the percentage and the words that name its category.
struct Item {
    fig: FigId,
    ix: usize,
    name: String,
    /// Its words since the previous `;`, folded.
    wide: String,
}

/// Structures listed in one sentence: runs of categories each with a percentage, separated by
/// `;` or `,` (and `và`), changes of the shares in between left out.
fn structures(a: &Analysis, s: &Sentence) -> Vec<(Vec<FigId>, Completeness)> {
    let items = items(a, s);
    structures_of(a, s, &items)
}

/// The categories of a sentence, each with its share (changes, percentages of plan, indices and
/// growth rates left out).
fn items(a: &Analysis, s: &Sentence) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for k in 0..s.figs.len() {
        let q = a.quantity(s.figs[k]);
        if !is_rate(q) || is_threshold(q) || q.value.exact().is_none() {
            continue;
        }
        let before = s.before(k);
        let after = s.after(k);
        // Not a change, a percentage of plan, an index or a growth rate.
        if change_before(before).is_some() || plan_after(after) || change_clause(own_clause(before)) || starts_with_any(after.trim_start(), &["so với", "so", "kế hoạch", "kh", "/"]).is_some() {
            continue;
        }
        let clause = own_clause(before).trim();
        let clause = clause.trim_end_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
        let mut name = strip_links(clause);
        // A time is no category (`Năm 2023, 12,4% dân số chưa tốt nghiệp tiểu học; …`: the
        // categories follow the shares).
        if !name.is_empty() && name.split_whitespace().all(|w| w.chars().all(|c| c.is_ascii_digit()) || ["năm", "tháng", "quý", "đến", "cuối", "đầu", "tính", "nay", "hết", "trong"].contains(&w)) {
            name = "";
        }
        // `thịt lợn hơi ước đạt 352,56 ngàn tấn, chiếm 78%`: the category is named before its
        // amount.
        if name.is_empty() && k > 0 && before.chars().count() <= 24 && !before.contains(';') && is_level(a.quantity(s.figs[k - 1])) {
            name = strip_links(own_clause(s.before(k - 1)).trim().trim_end_matches(|c: char| c == ':' || c.is_whitespace()));
            for w in ["ước đạt", "đạt", "ước", "là", "có"] {
                if let Some(r) = name.strip_suffix(w) {
                    name = r.trim_end();
                }
            }
        }
        // The share first and its category after: `18,1% chưa tốt nghiệp;`.
        let name = if name.is_empty() {
            let mut tail = after.split([';', ',', '(', ')']).next().unwrap_or("").trim();
            // `12,4% dân số từ 15 tuổi trở lên chưa tốt nghiệp tiểu học`: the population's age
            // is no category; the category follows it.
            if k + 1 < s.figs.len() && !after.contains([';', ',']) && is_age(a.quantity(s.figs[k + 1])) {
                let t2 = s.after(k + 1).split([';', ',', '(', ')']).next().unwrap_or("").trim();
                let t2 = t2.strip_prefix("trở lên").unwrap_or(t2).trim();
                if !t2.is_empty() {
                    tail = t2;
                }
            }
            if tail.split_whitespace().count() >= 1 && !tail.chars().next().is_some_and(|c| c.is_ascii_digit()) { tail.to_string() } else { String::new() }
        } else {
            name.to_string()
        };
        // A long clause names its category at its end (`cơ cấu giá trị sản xuất một số ngành
        // chủ yếu như dịch vụ - thương mại chiếm …`).
        let name = if name.split_whitespace().count() > 12 {
            let tail = name.rsplit_once(" như ").map(|(_, t)| t).unwrap_or(&name);
            let words: Vec<&str> = tail.split_whitespace().collect();
            words[words.len().saturating_sub(8)..].join(" ")
        } else {
            name
        };
        if name.is_empty() {
            continue;
        }
        // The item's words since the list's previous `;` (`Nông, lâm nghiệp và thủy sản chiếm`,
        // which the clause cuts at its comma), to tell which sectors it names.
        let wide = fold_ascii(before.rsplit(';').next().unwrap_or(before));
        items.push(Item { fig: s.figs[k], ix: k, name, wide });
    }
    items
}

/// Runs of items of one sentence that make one structure.
fn structures_of(a: &Analysis, s: &Sentence, items: &[Item]) -> Vec<(Vec<FigId>, Completeness)> {
    // Runs of items: consecutive items with a separator between them.
    let mut out = Vec::new();
    let mut run: Vec<&Item> = Vec::new();
    let frame_of = |first: &Item| {
        let head: String = (0..=first.ix).map(|g| s.gap(g)).collect::<Vec<_>>().join(" ");
        has_any(&head, FRAMES)
    };
    let flush = |run: &mut Vec<&Item>, out: &mut Vec<(Vec<FigId>, Completeness)>| {
        if run.len() >= 2 {
            let names: Vec<String> = run.iter().map(|i| crate::text::fold::fold_ascii(&i.name)).collect();
            let wides: Vec<&str> = run.iter().map(|i| i.wide.as_str()).collect();
            let chiem = run.iter().filter(|i| has_word(s.gap(i.ix), "chiếm")).count();
            if let Some(complete) = judge(&names, &wides, frame_of(run[0]), chiem) {
                out.push((run.iter().map(|i| i.fig).collect(), complete));
            }
        }
        run.clear();
    };
    // A list whose categories are split by `;` gives, after a `,`, more about the same
    // category (`chiếm 44,4%, tăng 0,85%`), not a new one.
    let semis = items.windows(2).any(|w| (w[0].ix + 1..=w[1].ix).any(|g| s.gap(g).contains(';')));
    for it in items {
        if let Some(prev) = run.last() {
            let between: String = (prev.ix + 1..=it.ix).map(|g| s.gap(g)).collect::<Vec<_>>().join(" ");
            if semis && !between.contains(';') && !has_word(&between, "và") {
                continue;
            }
            let separated = between.contains([';', ',']) || has_word(&between, "và");
            // Figures between two shares are allowed when they are changes or amounts of the
            // previous category (`chiếm 60,2%, tăng 2,1%`; `19 nghìn tỷ đồng, chiếm 48%`).
            // (In a list split by `;`, anything after a `,` before the next `;` is more about the
            // previous category, whatever its words: `chiếm 44,4%, tằng 0,85%`.)
            let others_ok = (prev.ix + 1..it.ix).all(|g| {
                let q = a.quantity(s.figs[g]);
                change_before(s.before(g)).is_some() || is_amount(q) || is_level(q) || is_age(q) || (semis && !(prev.ix + 1..=g).any(|h| s.gap(h).contains(';')))
            });
            if !separated || !others_ok || between.contains('.') {
                flush(&mut run, &mut out);
            }
        }
        run.push(it);
    }
    flush(&mut run, &mut out);
    out
}

/// Is a run of categories with their shares one structure, and must it cover the whole?
/// `names`: the categories' names (folded); `wides`: each item's words since the list's
/// previous `;` (folded); `framed`: the list is introduced as a structure (`cơ cấu`, `tỷ
/// trọng`, `xếp loại`…); `chiem`: how many shares are said with `chiếm`. `None`: not one
/// structure.
fn judge(names: &[String], wides: &[&str], framed: bool, chiem: usize) -> Option<Completeness> {
    let n = names.len();
    let words = |n: &str| format!(" {} ", n.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "));
    let sectors = SECTORS.iter().filter(|sec| names.iter().map(String::as_str).chain(wides.iter().copied()).any(|n| sec.iter().any(|w| n.contains(w)))).count();
    // A scale of grades named from its highest (`giỏi`, `xuất sắc`, `tốt`) down to its lowest
    // (`yếu`, `kém`, `chưa đạt`…). (The names' words made once, not once per grade word asked.)
    let name_words: Vec<String> = names.iter().map(|n| words(n)).collect();
    let has = |w: &str| {
        let padded = format!(" {w} ");
        name_words.iter().any(|n| n.contains(&padded))
    };
    let graded = GRADES.iter().any(|g| {
        let named = g.iter().filter(|w| has(w)).count();
        let lowest = ["yeu", "kem", "chua dat", "khong dat", "khong hoan thanh"].iter().any(|w| g.contains(w) && has(w));
        let highest = ["gioi", "xuat sac", "tot"].iter().any(|w| g.contains(w) && has(w));
        named >= 3 && lowest && highest
    });
    // Three grades of one scale: shares of one whole, though perhaps not all of them.
    let grades = GRADES.iter().any(|g| g.iter().filter(|w| has(w)).count() >= 3);
    let remainder = names.iter().any(|n| n.contains("khac") || n.contains("con lai"));
    // The three ownership sectors (khu vực nhà nước, ngoài nhà nước, có vốn đầu tư nước ngoài)
    // cover the whole.
    let ownership = {
        let kind = |n: &str| if n.contains("ngoai nha nuoc") || n.contains("tu nhan") || n.contains("ngoai quoc doanh") || n.contains("dan doanh") { 1 } else if n.contains("nuoc ngoai") || n.contains("fdi") { 2 } else if n.contains("nha nuoc") || n.contains("quoc doanh") { 0 } else { 3 };
        let kinds: std::collections::BTreeSet<u8> = names.iter().map(|n| kind(n)).collect();
        n == 3 && kinds.len() == 3 && !kinds.contains(&3)
    };
    // A scale from its bottom (`chưa …`, `dưới …`) to an open top (`… trở lên`).
    // (The bottom may be said of the population: `dân số chưa tốt nghiệp tiểu học`.)
    let bottom = |n: &str| {
        let n = n.trim_start();
        let n = ["dan so ", "nguoi ", "lao dong "].iter().find_map(|p| n.strip_prefix(p)).unwrap_or(n);
        n.starts_with("chua ") || n.starts_with("duoi ") || n.starts_with("khong ")
    };
    let open_scale = names.iter().any(|n| bottom(n))
        && names.iter().any(|n| n.split(['.', '<', '(']).next().unwrap_or(n).trim_end_matches(|c: char| !c.is_alphanumeric()).ends_with("tro len"));
    // Households by living standard, from the poor to the better off.
    let living = has("ngheo") && has("can ngheo") && (has("kha") || has("giau") || has("trung binh"));
    let said = sectors == 3 || ownership || open_scale || living || (remainder && sectors >= 2) || (sectors == 2 && n == 2 && names.iter().any(|n| n.contains("phi nong"))) || graded || (remainder && (framed || chiem >= 2));
    let usual = framed && n >= 3;
    let complete = if said { Completeness::Said } else if usual { Completeness::Usual } else { Completeness::Subset };
    // Shares said with `chiếm` of things named alike (`vốn nhà nước chiếm …; vốn ngoài nhà nước
    // chiếm …`) are parts of one whole; of things named apart (`hộ nghèo chiếm 4%; gia đình có
    // nhà tiêu hợp vệ sinh chiếm 91,2%`) they may overlap.
    let heads: std::collections::BTreeSet<&str> = names.iter().filter_map(|n| n.split_whitespace().next()).collect();
    let alike = heads.len() == 1;
    (said || usual || framed || grades || (chiem >= 2 && alike)).then_some(complete)
}

/// A scale of grades whose top grade was given in the sentence before (`… đạt học lực loại
/// giỏi, chiếm tỷ lệ 22,2%. Số học sinh học lực khá chiếm 36,2%; trung bình 36,3%; yếu 5,1% và
/// kém 0,3%.`): the top grade's share joins the others, and together they cover the whole.
fn grade_lead(a: &Analysis, s: &Sentence, prev: Option<&Sentence>, figs: Vec<FigId>, complete: Completeness) -> (Vec<FigId>, Completeness) {
    let Some(t) = prev.filter(|_| complete != Completeness::Said && figs.len() >= 3) else { return (figs, complete) };
    let words = fold_ascii(s.words());
    let has = |w: &str| words.contains(w);
    // The rest of the scale named here, from below its top down to its bottom.
    if has("gioi") || !has("kha") || !has("trung binh") || !(has("yeu") || has("kem")) {
        return (figs, complete);
    }
    let top: Vec<usize> = (0..t.figs.len())
        .filter(|&k| {
            let q = a.quantity(t.figs[k]);
            is_rate(q) && !is_threshold(q) && q.value.exact().is_some() && change_before(t.before(k)).is_none() && fold_ascii(t.before(k)).contains("gioi")
        })
        .collect();
    match top.as_slice() {
        [k] => (std::iter::once(t.figs[*k]).chain(figs).collect(), Completeness::Said),
        _ => (figs, complete),
    }
}

/// A structure told one category per sentence (`Khu vực dịch vụ có 5.420 doanh nghiệp, chiếm
/// 66,8%. Khu vực công nghiệp và xây dựng có 2.580 doanh nghiệp, chiếm 31,8%. Khu vực nông,
/// lâm nghiệp và thủy sản có 110 doanh nghiệp, chiếm 1,4%.`), read from its first sentence:
/// consecutive sentences of a paragraph with one share each, taken only when what they name
/// covers the whole (the three sectors, the three ownership sectors…).
fn across(a: &Analysis, p: &Passages, si: usize) -> Option<(Vec<FigId>, Completeness)> {
    let s = &p.sentences[si];
    let one = |k: usize| {
        let t = p.sentences.get(k)?;
        if t.para != s.para || t.rates() == 0 {
            return None;
        }
        let mut it = items(a, t);
        let said_chiem = it.first().is_some_and(|i| has_word(t.gap(i.ix), "chiếm"));
        (it.len() == 1 && structures_of(a, t, &it).is_empty()).then(|| it.pop().map(|i| (i, said_chiem))).flatten()
    };
    // (Three sentences with percentages in a row, before any words are read.)
    if !(si..si + 3).all(|k| p.sentences.get(k).is_some_and(|t| t.para == s.para && t.rates() > 0)) {
        return None;
    }
    // The run starts here: the sentence before has no share of its own.
    let mut run = vec![one(si)?];
    if si > 0 && one(si - 1).is_some() {
        return None;
    }
    while let Some(it) = one(si + run.len()) {
        run.push(it);
        if run.len() > 4 {
            return None;
        }
    }
    if run.len() < 3 {
        return None;
    }
    let names: Vec<String> = run.iter().map(|(i, _)| fold_ascii(&i.name)).collect();
    let wides: Vec<&str> = run.iter().map(|(i, _)| i.wide.as_str()).collect();
    let chiem = run.iter().filter(|(_, c)| *c).count();
    (judge(&names, &wides, false, chiem) == Some(Completeness::Said)).then(|| (run.iter().map(|(i, _)| i.fig).collect(), Completeness::Said))
}

/// Each sector's contribution to the growth of the whole economy, in percent of it
/// (`nông, lâm nghiệp và thủy sản tăng 2,4%, đóng góp 5,8% vào mức tăng trưởng chung; công
/// nghiệp và xây dựng tăng 6,4%, đóng góp 51,1%; dịch vụ tăng 4,6%, đóng góp 43,1%`): the three
/// sectors (with the taxes on products when they are named) make up all of it. Not read when a
/// sector shrank (its contribution is negative and the others may pass 100%), nor when the
/// taxes on products are named but not all of the contributions are in the sentence, nor in
/// points (`đóng góp 0,5 điểm phần trăm`), which add up to the growth rate instead.
fn contributions(a: &Analysis, p: &Passages, si: usize) -> Option<(Vec<FigId>, Completeness)> {
    let s = &p.sentences[si];
    let figs: Vec<FigId> = (0..s.figs.len())
        .filter(|&k| {
            let q = a.quantity(s.figs[k]);
            is_pct(q) && !is_threshold(q) && q.value.exact().is_some_and(|v| v.is_sign_positive()) && own_clause(s.before(k)).trim_end().ends_with("đóng góp")
        })
        .map(|k| s.figs[k])
        .collect();
    if figs.len() < 3 {
        return None;
    }
    let words = fold_ascii(s.words());
    let sectors = SECTORS.iter().filter(|sec| sec.iter().any(|w| words.contains(w))).count();
    let next_taxes = p.sentences.get(si + 1).is_some_and(|n| n.para == s.para && fold_ascii(n.words()).contains("thue"));
    let taxes = words.contains("thue");
    let shrank = has_word(s.words(), "giảm") || has_word(s.words(), "âm");
    (sectors == 3 && !next_taxes && (!taxes || figs.len() >= 4) && !shrank).then_some((figs, Completeness::Said))
}

/// Words that introduce a list as one structure.
const FRAMES: &[&str] = &["cơ cấu", "tỷ trọng", "tỉ trọng", "xếp loại", "phân loại", "học lực", "hạnh kiểm", "trình độ", "dân tộc", "chia theo", "phân theo"];

/// A structure told as it moved (`tỷ trọng nông nghiệp giảm từ 42,5% xuống 30,2%; công nghiệp
/// tăng từ 21,3% lên 28,6%; dịch vụ tăng từ 36,2% lên 44,2%`): the shares it started from and
/// those it reached are two structures of the same categories.
fn moves(a: &Analysis, s: &Sentence) -> Vec<(Vec<FigId>, Completeness)> {
    let mut out = Vec::new();
    // (The frame may go unsaid when the categories are the economy's sectors: `lao động khu
    // vực I từ 71,6% giảm còn 62,3%; khu vực II …`; `judge` still requires them to cover it.)
    if !s.words().contains("từ") || !has_word(s.words(), "từ") || !(has_any(s.words(), FRAMES) || has_any(s.words(), &["khu vực", "dịch vụ"])) {
        return out;
    }
    // (from, to, name, wide) of each category's move.
    let mut items: Vec<(usize, usize, String, String)> = Vec::new();
    for k in 0..s.figs.len().saturating_sub(1) {
        let (q, r) = (a.quantity(s.figs[k]), a.quantity(s.figs[k + 1]));
        if !is_rate(q) || !is_rate(r) || is_threshold(q) || is_threshold(r) || q.value.exact().is_none() || r.value.exact().is_none() {
            continue;
        }
        let Some(head) = s.before(k).trim_end().strip_suffix("từ").filter(|h| h.is_empty() || h.ends_with(' ')) else { continue };
        let between = s.after(k);
        if between.chars().count() > 40 || between.contains([';', '.']) || !has_any(between, MOVE_TO) {
            continue;
        }
        let mut name = strip_links(own_clause(head).trim());
        loop {
            let before = name;
            for w in ["tăng", "giảm", "tăng lên", "giảm xuống", "giảm dần", "tăng dần", "chuyển dịch", "dịch chuyển", "đã", "tương ứng"] {
                if let Some(r) = name.strip_suffix(w).filter(|r| r.is_empty() || r.ends_with(' ')) {
                    name = r.trim_end();
                }
            }
            for w in ["tỷ trọng", "tỉ trọng", "trong đó", "ngành"] {
                if let Some(r) = name.strip_prefix(w).filter(|r| r.is_empty() || r.starts_with(' ')) {
                    name = r.trim_start();
                }
            }
            if name == before {
                break;
            }
        }
        if name.is_empty() {
            continue;
        }
        let wide = fold_ascii(head.rsplit(';').next().unwrap_or(head));
        items.push((k, k + 1, fold_ascii(name), wide));
    }
    let mut run: Vec<&(usize, usize, String, String)> = Vec::new();
    let flush = |run: &mut Vec<&(usize, usize, String, String)>, out: &mut Vec<(Vec<FigId>, Completeness)>| {
        if run.len() >= 2 {
            let names: Vec<String> = run.iter().map(|i| i.2.clone()).collect();
            let wides: Vec<&str> = run.iter().map(|i| i.3.as_str()).collect();
            // Only when the categories say they cover the whole: two lists of shares of
            // something else (rates of two years) would be read as a structure otherwise.
            if judge(&names, &wides, true, 0) == Some(Completeness::Said) {
                out.push((run.iter().map(|i| s.figs[i.0]).collect(), Completeness::Said));
                out.push((run.iter().map(|i| s.figs[i.1]).collect(), Completeness::Said));
            }
        }
        run.clear();
    };
    for it in &items {
        if let Some(prev) = run.last() {
            let between: String = (prev.1 + 1..=it.0).map(|g| s.gap(g)).collect::<Vec<_>>().join(" ");
            let others_ok = (prev.1 + 1..it.0).all(|g| change_before(s.before(g)).is_some() || is_amount(a.quantity(s.figs[g])));
            if !(between.contains([';', ',']) || has_word(&between, "và")) || between.contains('.') || !others_ok {
                flush(&mut run, &mut out);
            }
        }
        run.push(it);
    }
    flush(&mut run, &mut out);
    out
}

/// Shares listed one per line under the line that names the structure (`Cơ cấu kinh tế năm
/// 2022:` then `- Nông nghiệp: 35,2%;`, `- Công nghiệp - xây dựng: 30,1%;` …): each line a
/// category, its share and perhaps its amount, nothing else.
fn listed(a: &Analysis) -> Vec<ShareGroup> {
    use crate::syntax::line::LineKind;
    let mut out = Vec::new();
    let mut run: Vec<(usize, FigId, String)> = Vec::new();
    let flush = |run: &mut Vec<(usize, FigId, String)>, out: &mut Vec<ShareGroup>| {
        if run.len() >= 2 {
            let names: Vec<String> = run.iter().map(|i| i.2.clone()).collect();
            let wides: Vec<&str> = names.iter().map(String::as_str).collect();
            if let Some(complete) = judge(&names, &wides, true, 0) {
                let figs: Vec<FigId> = run.iter().map(|i| i.1).collect();
                if plausible(a, &figs) {
                    out.push(ShareGroup { figs, bare: Vec::new(), exhaustive: complete != Completeness::Subset });
                }
            }
        }
        run.clear();
    };
    // The lead: the line before the first item (blank lines skipped), ending with `:` and
    // naming a structure. (Asked before reading a line as a first item: most lines with
    // figures are not, and this keeps the scan of a long document cheap.)
    let led = |first: usize| {
        let lead = (0..first).rev().take(3).find(|&l| a.lines()[l].kind != LineKind::Blank);
        lead.is_some_and(|l| {
            if a.lines()[l].len > 240 {
                return false;
            }
            let t = a.line_text(l);
            let t = t.trim_end().trim_end_matches(['*', '_']);
            t.ends_with(':') && has_any(&crate::text::fold::fold_lower(t), FRAMES)
        })
    };
    for line in a.lines_with(crate::document::LineFlags::QUANTITIES) {
        if run.last().is_some_and(|l| !(l.0 + 1..line).all(|b| a.lines()[b].kind == LineKind::Blank)) {
            flush(&mut run, &mut out);
        }
        if run.is_empty() && !(item_shape(a, line).is_some() && led(line)) {
            continue;
        }
        match list_item(a, line) {
            Some((f, name)) => run.push((line, f, name)),
            None => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The shape of an item line, read from its lexed figures alone (cheap: asked of every line
/// with figures): a short text or bullet line with exactly one exact percentage, its other
/// figures amounts. The percentage's index.
fn item_shape(a: &Analysis, line: usize) -> Option<usize> {
    use crate::syntax::line::LineKind;
    let li = &a.lines()[line];
    if !matches!(li.kind, LineKind::Bullet { .. } | LineKind::Text(_)) || li.len > 160 || li.quantities.len() > 3 {
        return None;
    }
    let mut pcts = (0..li.quantities.len()).filter(|&q| is_rate(&li.quantities[q]));
    let (Some(q), None) = (pcts.next(), pcts.next()) else { return None };
    let qq = &li.quantities[q];
    if is_threshold(qq) || qq.value.exact().is_none() || li.quantities.iter().enumerate().any(|(k, o)| k != q && !is_amount(o)) || a.tables.is_table_line(line) {
        return None;
    }
    Some(q)
}

/// A line that is one item of a listed structure: a short bullet or line naming a category,
/// then its one percentage (an amount may come before it), nothing after but punctuation.
fn list_item(a: &Analysis, line: usize) -> Option<(FigId, String)> {
    let li = &a.lines()[line];
    let q = &item_shape(a, line)?;
    let qq = &li.quantities[*q];
    let text = a.line_text(line);
    let start = li.quantities.iter().map(|o| o.range.start as usize).min()?;
    let end = qq.range.end as usize;
    let before = crate::text::fold::fold_lower(text.get(..start)?);
    let before = before.as_str();
    let after = text.get(end..)?;
    // Nothing after the share but punctuation (and a comment: `<!-- … -->`).
    let after = after.split("<!--").next().unwrap_or(after);
    if !after.trim().trim_matches(|c: char| matches!(c, ';' | '.' | ',' | ')' | '(')).is_empty() {
        return None;
    }
    if change_before(before).is_some() || change_clause(before) {
        return None;
    }
    let name = strip_links(before.trim().trim_start_matches(['-', '+', '*', '•', '–']).trim());
    let name = name.trim_end_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
    if name.is_empty() || name.chars().next().is_some_and(|c| c.is_ascii_digit()) || name.split_whitespace().count() > 10 {
        return None;
    }
    Some((FigId { line: line as u32, q: *q as u32 }, fold_ascii(name)))
}

/// A category's name without the words that tie it to its share (`chiếm`, `là`, `đạt tỷ
/// lệ`…) and without a leading `trong đó`.
fn strip_links(name: &str) -> &str {
    let mut n = name.trim();
    loop {
        let before = n;
        for w in ["chiếm tỷ trọng", "chiếm tỉ trọng", "chiếm tỷ lệ", "chiếm tỉ lệ", "chiếm khoảng", "chiếm gần", "chiếm trên", "chiếm hơn", "chiếm", "ước chiếm", "là", "đạt tỷ lệ", "đạt tỉ lệ", "có", "đạt", "với"] {
            if let Some(r) = n.strip_suffix(w) {
                // `đạt`, `chưa đạt`, `không đạt` are grades themselves.
                let grade = w == "đạt" && (r.trim().is_empty() || r.trim_end().ends_with("chưa") || r.trim_end().ends_with("không") || r.trim_end().ends_with(':'));
                if !grade && (r.is_empty() || r.ends_with(' ')) {
                    n = r.trim_end();
                    break;
                }
            }
        }
        if n == before {
            break;
        }
    }
    let n = n.strip_prefix("trong đó").map(str::trim_start).unwrap_or(n);
    n.trim_matches(|c: char| c == '-' || c == '+' || c == ':' || c.is_whitespace())
}

/// Could these percentages be shares of one whole? Not when they add up far beyond it (rates of
/// several places: `Sơn La đạt 98,3%, Điện Biên 97,6%`).
fn plausible(a: &Analysis, figs: &[FigId]) -> bool {
    let sum: rust_decimal::Decimal = figs.iter().filter_map(|&f| a.quantity(f).value.exact()).sum();
    if sum > rust_decimal::Decimal::from(130) {
        return false;
    }
    !has_full(a, figs)
}

/// Is one of several percentages 100% or more? That is a coverage (`tỷ lệ tham gia bảo hiểm y tế
/// đạt 100%`) or a % of plan, never a share beside other shares of one whole.
fn has_full(a: &Analysis, figs: &[FigId]) -> bool {
    figs.len() >= 2 && figs.iter().any(|&f| a.quantity(f).value.exact().is_some_and(|v| v >= rust_decimal::Decimal::ONE_HUNDRED))
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
    // `chiếm tỷ lệ 94,4% kế hoạch`: a percentage of a plan (or of the year before), no share.
    // (The whole is folded without accents.)
    let first_words = format!("{} ", whole.trim());
    if ["ke hoach ", "kh ", "du toan ", "chi tieu ", "muc tieu ", "nghi quyet ", "cung ky ", "so voi ", "so ", "nam truoc ", "giao "].iter().any(|w| first_words.starts_with(w)) {
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
