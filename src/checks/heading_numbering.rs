//! Heading numbering: gaps (`2.` then `4.`), duplicates (two `B.`), numbers out of order,
//! a sequence that does not start at its first number (`b)` with no `a)`), and sub-numbers
//! that do not match their parent (`2.3` under `1.`).
//!
//! Siblings are compared only with siblings of the same style under the same parent, and
//! sequences restart with each report when several are pasted into one file.

use std::collections::BTreeMap;

use super::{CheckInfo, Edit, Finding, Fix, Message, Severity};
use crate::analysis::Analysis;
use crate::syntax::line::{number_prefix, LineKind};
use crate::syntax::numbering::{lower_follows, lower_index, to_roman, upper_follows, Numbering};
use crate::syntax::structure::{Section, SectionKind, Style};

pub const GAP: CheckInfo = CheckInfo {
    code: "heading-gap",
    default_severity: Severity::Warning,
    summary_vi: "Số thứ tự đề mục bị nhảy cóc (thiếu mục ở giữa)",
    summary_en: "A heading number is skipped",
    example: "2. Văn hoá … 4. Quốc phòng (thiếu 3.)",
};

pub const DUPLICATE: CheckInfo = CheckInfo {
    code: "heading-duplicate",
    default_severity: Severity::Error,
    summary_vi: "Hai đề mục cùng cấp trùng số thứ tự",
    summary_en: "Two sibling headings have the same number",
    example: "B. KẾT QUẢ … B. ĐÁNH GIÁ CHUNG",
};

pub const ORDER: CheckInfo = CheckInfo {
    code: "heading-order",
    default_severity: Severity::Warning,
    summary_vi: "Số thứ tự đề mục bị đảo ngược",
    summary_en: "A heading number goes backwards",
    example: "3. … 2. …",
};

pub const MISSING_FIRST: CheckInfo = CheckInfo {
    code: "heading-missing-first",
    default_severity: Severity::Warning,
    summary_vi: "Dãy đề mục không bắt đầu từ số/chữ đầu tiên",
    summary_en: "A numbered sequence does not start at its first item",
    example: "b) Chăn nuôi (không có a))",
};

pub const PREFIX: CheckInfo = CheckInfo {
    code: "heading-prefix",
    default_severity: Severity::Warning,
    summary_vi: "Số mục con không khớp với số mục cha",
    summary_en: "A sub-number does not match its parent's number",
    example: "1. Kinh tế → 2.1. Nông nghiệp",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    let sections = &a.structure.sections;
    // Roots, split by report (scope); then each section's children.
    let mut by_scope: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for &r in &a.structure.roots {
        by_scope.entry(sections[r].scope).or_default().push(r);
    }
    for siblings in by_scope.values() {
        // A missing first item is looked for from the report's first line, not the file's.
        let from = siblings.first().map(|&r| sections[r].line as usize).unwrap_or(0);
        check_siblings(a, None, from, siblings, out);
    }
    for (i, s) in sections.iter().enumerate() {
        if !s.children.is_empty() {
            check_siblings(a, Some(i), s.line as usize + 1, &s.children, out);
        }
    }
}

/// The style of a numbered heading (unnumbered headings have no sequence to check).
fn style(n: &Numbering) -> Option<Style> {
    (*n != Numbering::Caps).then(|| Style::of(n))
}

/// Does `next` directly follow `prev` in its sequence?
fn follows(prev: &Numbering, next: &Numbering) -> bool {
    match (prev, next) {
        (Numbering::Lower(p), Numbering::Lower(n)) => lower_follows(*p, *n),
        (Numbering::Upper(p), Numbering::Upper(n)) => upper_follows(*p, *n),
        _ => match (prev.ordinal(), next.ordinal()) {
            (Some(p), Some(n)) => n == p + 1,
            _ => true,
        },
    }
}

fn is_first(n: &Numbering) -> bool {
    n.ordinal() == Some(1)
}

/// The number that should follow `prev`, written in the style of `like` (its separators).
fn successor_text(prev: &Numbering, like: &str) -> Option<String> {
    let replace_last = |new: &str| -> Option<String> {
        // Replace the last run of digits or letters before the separator.
        let t = like.trim();
        let end = t.trim_end_matches(['.', ')', '-', '–', ':']).len();
        let body = &t[..end];
        let start = body
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map(|(i, _)| i)?;
        Some(format!("{}{}{}", &body[..start], new, &t[end..]))
    };
    match prev {
        Numbering::Arabic { path, .. } => replace_last(&(path.last()? + 1).to_string()),
        Numbering::Roman(v) => replace_last(&to_roman(v + 1)),
        Numbering::Upper(c) => {
            let n = char::from_u32(*c as u32 + 1).filter(|n| n.is_ascii_uppercase())?;
            replace_last(&n.to_string())
        }
        Numbering::Lower(c) => {
            let n = crate::syntax::numbering::lower_successors(*c).into_iter().next()?;
            replace_last(&n.to_string())
        }
        _ => None,
    }
}

fn shown(s: &Section) -> String {
    let t = s.number_text.trim();
    if t.is_empty() {
        s.name.clone()
    } else {
        t.to_string()
    }
}

/// The byte range of a section's number on its heading line.
fn number_range(a: &Analysis, s: &Section) -> std::ops::Range<usize> {
    let line = s.line as usize;
    match &a.lines()[line].kind {
        LineKind::Heading(h) => {
            let start = a.line_start(line);
            start + h.number.start as usize..start + h.number.end as usize
        }
        _ => s.selection.clone(),
    }
}

/// `from`: the first line where an item before the first one could be written.
fn check_siblings(a: &Analysis, parent: Option<usize>, from: usize, siblings: &[usize], out: &mut Vec<Finding>) {
    let sections = &a.structure.sections;
    let parent_sec = parent.map(|p| &sections[p]);
    // Group by style, keeping document order inside each group.
    let mut groups: Vec<(Style, Vec<usize>)> = Vec::new();
    for &idx in siblings {
        let s = &sections[idx];
        let Some(n) = &s.numbering else { continue };
        if matches!(s.kind, SectionKind::Header | SectionKind::Recipients | SectionKind::Signature) {
            continue;
        }
        let Some(st) = style(n) else { continue };
        match groups.iter_mut().find(|(g, _)| *g == st) {
            Some((_, v)) => v.push(idx),
            None => groups.push((st, vec![idx])),
        }
    }
    for (_, group) in groups {
        check_sequence(a, parent_sec, from, &group, out);
    }
}

fn check_sequence(a: &Analysis, parent: Option<&Section>, from: usize, group: &[usize], out: &mut Vec<Finding>) {
    let sections = &a.structure.sections;
    let mut seen: Vec<usize> = Vec::new();
    for (k, &idx) in group.iter().enumerate() {
        let s = &sections[idx];
        let n = s.numbering.as_ref().expect("grouped sections have numbers");
        if !prefix_check(a, parent, s, n, out) {
            // One finding is enough for a sub-number under the wrong parent.
            seen.push(idx);
            continue;
        }
        if k == 0 {
            if !is_first(n) && !predecessor_written(a, from, s, n) {
                let range = number_range(a, s);
                out.push(Finding::new(
                    MISSING_FIRST.code,
                    MISSING_FIRST.default_severity,
                    range,
                    Message::new(
                        format!("Đề mục «{}» không có mục đứng trước nó trong cùng cấp (dãy phải bắt đầu từ {}).", shown(s), first_of(n)),
                        format!("Heading “{}” has no preceding item at its level (the sequence should start at {}).", shown(s), first_of(n)),
                    ),
                ));
            }
            seen.push(idx);
            continue;
        }
        let prev = &sections[group[k - 1]];
        let pn = prev.numbering.as_ref().expect("grouped sections have numbers");
        let range = number_range(a, s);
        if let Some(&dup) = seen.iter().find(|&&j| sections[j].numbering.as_ref().and_then(|x| x.ordinal()) == n.ordinal() && same_letter(&sections[j], s)) {
            let first = &sections[dup];
            let mut f = Finding::new(
                DUPLICATE.code,
                DUPLICATE.default_severity,
                range.clone(),
                Message::new(
                    format!("Trùng số thứ tự: «{}» đã dùng cho «{}» ở dòng {}.", shown(s), first.name, first.line + 1),
                    format!("Duplicate number: “{}” is already used for “{}” on line {}.", shown(s), first.name, first.line + 1),
                ),
            )
            .with_related(first.selection.clone(), Message::new("Lần dùng đầu tiên", "First use"));
            if let Some(fix) = renumber_fix(a, group, k, pn) {
                f = f.with_fix(fix);
            }
            out.push(f);
        } else if follows(pn, n) {
            // In order.
        } else if n.ordinal() > pn.ordinal() {
            if predecessor_written(a, prev.heading_end_line as usize + 1, s, n) {
                seen.push(idx);
                continue;
            }
            let mut f = Finding::new(
                GAP.code,
                GAP.default_severity,
                range.clone(),
                Message::new(
                    format!("Số thứ tự nhảy cóc: sau «{}» là «{}» (thiếu {}).", shown(prev), shown(s), missing_between(pn, n)),
                    format!("Numbering skips: “{}” follows “{}” (missing {}).", shown(s), shown(prev), missing_between(pn, n)),
                ),
            )
            .with_related(prev.selection.clone(), Message::new("Mục đứng trước", "Previous item"));
            if let Some(fix) = renumber_fix(a, group, k, pn) {
                f = f.with_fix(fix);
            }
            out.push(f);
        } else {
            out.push(
                Finding::new(
                    ORDER.code,
                    ORDER.default_severity,
                    range,
                    Message::new(
                        format!("Số thứ tự bị đảo: «{}» đứng sau «{}».", shown(s), shown(prev)),
                        format!("Numbering goes backwards: “{}” comes after “{}”.", shown(s), shown(prev)),
                    ),
                )
                .with_related(prev.selection.clone(), Message::new("Mục đứng trước", "Previous item")),
            );
        }
        seen.push(idx);
    }
}

/// Lower-case letters from the two alphabets can share an ordinal; compare the letters.
fn same_letter(x: &Section, y: &Section) -> bool {
    match (&x.numbering, &y.numbering) {
        (Some(Numbering::Lower(a)), Some(Numbering::Lower(b))) => a == b,
        (Some(Numbering::Upper(a)), Some(Numbering::Upper(b))) => a == b,
        _ => true,
    }
}

fn first_of(n: &Numbering) -> String {
    match n {
        Numbering::Part(_) => "Phần thứ nhất".into(),
        Numbering::Upper(_) => "A".into(),
        Numbering::Roman(_) => "I".into(),
        Numbering::Arabic { path, .. } => {
            let mut p = path.clone();
            if let Some(l) = p.last_mut() {
                *l = 1;
            }
            p.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(".")
        }
        Numbering::Lower(_) => "a".into(),
        Numbering::Label { word, .. } => format!("{word} 1"),
        Numbering::Caps => String::new(),
    }
}

fn missing_between(prev: &Numbering, next: &Numbering) -> String {
    let (Some(p), Some(n)) = (prev.ordinal(), next.ordinal()) else { return String::new() };
    let items: Vec<String> = (p + 1..n)
        .take(5)
        .map(|k| match next {
            Numbering::Arabic { path, .. } => {
                let mut q = path.clone();
                if let Some(l) = q.last_mut() {
                    *l = k;
                }
                q.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(".")
            }
            Numbering::Roman(_) => to_roman(k),
            Numbering::Upper(_) => char::from_u32('A' as u32 + k - 1).map(String::from).unwrap_or_default(),
            Numbering::Lower(_) => crate::syntax::numbering::lower_successors('a')
                .first()
                .map(|_| vi_lower(k))
                .unwrap_or_default(),
            _ => k.to_string(),
        })
        .collect();
    let mut s = items.join(", ");
    if n - p - 1 > 5 {
        s.push_str(", …");
    }
    s
}

fn vi_lower(k: u32) -> String {
    ('a'..='z')
        .chain(std::iter::once('đ'))
        .find(|&c| lower_index(c) == Some(k) && c != 'f')
        .map(String::from)
        .unwrap_or_default()
}

/// The number that follows `prev` in its sequence (the styles [`successor_text`] can write).
fn successor(prev: &Numbering) -> Option<Numbering> {
    Some(match prev {
        Numbering::Arabic { path, paren } => {
            let mut path = path.clone();
            *path.last_mut()? += 1;
            Numbering::Arabic { path, paren: *paren }
        }
        Numbering::Roman(v) => Numbering::Roman(v + 1),
        Numbering::Upper(c) => Numbering::Upper(char::from_u32(*c as u32 + 1).filter(|n| n.is_ascii_uppercase())?),
        Numbering::Lower(c) => Numbering::Lower(crate::syntax::numbering::lower_successors(*c).into_iter().next()?),
        _ => return None,
    })
}

/// `written` (`4.1.`, ` 4.2 `) with its first `depth` numbers replaced by `prefix`, when they
/// are `old` (the parent's path as it was).
fn with_prefix(written: &str, old: &[u32], prefix: &[u32]) -> Option<String> {
    let t = written.trim();
    let mut end = 0;
    let mut read = Vec::new();
    while read.len() < old.len() {
        let rest = &t[end..];
        let rest_trimmed = if read.is_empty() { rest } else { rest.strip_prefix('.')? };
        let skip = rest.len() - rest_trimmed.len();
        let digits = rest_trimmed.bytes().take_while(u8::is_ascii_digit).count();
        read.push(rest_trimmed[..digits].parse::<u32>().ok()?);
        end += skip + digits;
    }
    if read != old || !t[end..].starts_with('.') {
        return None;
    }
    let p: Vec<String> = prefix.iter().map(u32::to_string).collect();
    Some(format!("{}{}", p.join("."), &t[end..]))
}

/// The edit writing `new` over the number of `s` (its spaces kept), if it differs.
fn number_edit(a: &Analysis, s: &Section, new: &str) -> Option<Edit> {
    let range = number_range(a, s);
    let written = a.slice(range.clone()).to_string();
    let lead = written.len() - written.trim_start().len();
    let trail = written.len() - written.trim_end().len();
    (written.trim() != new.trim()).then(|| Edit { range: range.start + lead..range.end - trail, new_text: new.trim().to_string() })
}

/// The sub-headings of `s` (at any depth) whose numbers begin with its path `old`, renumbered
/// to begin with `new` (`4.` → `3.` makes `4.1.` → `3.1.` and `4.1.2.` → `3.1.2.`).
fn renumber_descendants(a: &Analysis, s: &Section, old: &[u32], new: &[u32], edits: &mut Vec<Edit>) {
    let sections = &a.structure.sections;
    for &c in &s.children {
        let child = &sections[c];
        if let Some(Numbering::Arabic { path, .. }) = &child.numbering {
            if path.len() > old.len() && path[..old.len()] == *old {
                let range = number_range(a, child);
                if let Some(text) = with_prefix(&a.slice(range), old, new) {
                    if let Some(e) = number_edit(a, child, &text) {
                        edits.push(e);
                    }
                }
            }
        }
        renumber_descendants(a, child, old, new, edits);
    }
}

/// Renumber `group[k]` to follow `prev`, and with it the rest of its run (the siblings after it
/// that followed on from it: `2.` `4.` `5.` becomes `2.` `3.` `4.`) and the numbers of their
/// sub-headings, in one fix, so that fixing one gap does not open the next.
fn renumber_fix(a: &Analysis, group: &[usize], k: usize, prev: &Numbering) -> Option<Fix> {
    let sections = &a.structure.sections;
    let mut edits = Vec::new();
    let mut prev_new = prev.clone();
    let mut prev_old: Option<&Numbering> = None;
    let mut first_text = None;
    let mut renumbered = 0;
    for &idx in &group[k..] {
        let t = &sections[idx];
        let Some(old) = t.numbering.as_ref() else { break };
        if prev_old.is_some_and(|p| !follows(p, old)) {
            break;
        }
        let new = successor(&prev_new)?;
        let written = a.slice(number_range(a, t)).to_string();
        let text = successor_text(&prev_new, &written)?;
        if first_text.is_none() {
            first_text = Some(text.trim().to_string());
        } else if new == *old {
            // The run is back in step: nothing more to renumber.
            break;
        }
        if let Some(e) = number_edit(a, t, &text) {
            edits.push(e);
            renumbered += 1;
        }
        if let (Numbering::Arabic { path: o, .. }, Numbering::Arabic { path: n, .. }) = (old, &new) {
            if o != n {
                renumber_descendants(a, t, o, n, &mut edits);
            }
        }
        prev_old = Some(old);
        prev_new = new;
    }
    let first = first_text?;
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.range.start);
    let title = if renumbered > 1 || edits.len() > 1 {
        Message::new(
            format!("Đánh lại số thành «{first}» và đánh lại các mục sau theo đó"),
            format!("Renumber as “{first}” and the headings after it"),
        )
    } else {
        Message::new(format!("Đánh lại số thành «{first}»"), format!("Renumber as “{first}”"))
    };
    Some(Fix { title, edits, certain: false })
}

/// Is the number expected before `s` written at the start of some line between `from` and
/// `s` (a line the parser did not take for a heading, e.g. `3. tăng cường …`)? Then the
/// sequence is not really broken and we say nothing.
fn predecessor_written(a: &Analysis, from: usize, s: &Section, n: &Numbering) -> bool {
    let Some(ord) = n.ordinal() else { return false };
    if ord <= 1 {
        return false;
    }
    let to = s.line as usize;
    (from.min(to)..to).any(|k| {
        if a.lines()[k].kind == LineKind::Blank {
            return false;
        }
        let text = a.line_text(k);
        match (number_prefix(&text), n) {
            (Some(Numbering::Arabic { path: p, .. }), Numbering::Arabic { path, .. }) => {
                p.len() == path.len() && p.last().copied() == Some(ord - 1)
            }
            (Some(x), _) => {
                std::mem::discriminant(&x) == std::mem::discriminant(n) && x.ordinal() == Some(ord - 1)
            }
            _ => false,
        }
    })
}

/// Report a sub-number that does not match its parent; true when it matches (or is not one).
fn prefix_check(a: &Analysis, parent: Option<&Section>, s: &Section, n: &Numbering, out: &mut Vec<Finding>) -> bool {
    let Numbering::Arabic { path, .. } = n else { return true };
    let Some(p) = parent else { return true };
    let Some(Numbering::Arabic { path: pp, .. }) = &p.numbering else { return true };
    if path.len() != pp.len() + 1 || path[..pp.len()] == pp[..] {
        return true;
    }
    out.push(
        Finding::new(
            PREFIX.code,
            PREFIX.default_severity,
            number_range(a, s),
            Message::new(
                format!("Số «{}» không khớp với mục cha «{}».", shown(s), shown(p)),
                format!("“{}” does not match its parent “{}”.", shown(s), shown(p)),
            ),
        )
        .with_related(p.selection.clone(), Message::new("Mục cha", "Parent heading")),
    );
    false
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};

    fn codes(text: &str) -> Vec<(&'static str, usize)> {
        let a = Analysis::from_text(text, &Config::default());
        a.findings.iter().map(|f| (f.code, a.line_of(f.range.start) + 1)).collect()
    }

    #[test]
    fn gap_duplicate_order() {
        let t = "I. Kinh tế\n1. Nông nghiệp\n2. Công nghiệp\n4. Dịch vụ\nII. Xã hội\n1. Y tế\n1. Giáo dục\nIII. An ninh\n2. A\n1. B\n";
        assert_eq!(
            codes(t),
            vec![("heading-gap", 4), ("heading-duplicate", 7), ("heading-missing-first", 9), ("heading-order", 10)]
        );
    }

    #[test]
    fn letters_without_predecessor() {
        assert_eq!(codes("1. Kinh tế\nb) Chăn nuôi\nc) Lâm nghiệp\n"), vec![("heading-missing-first", 2)]);
        assert_eq!(codes("1. Kinh tế\na) Trồng trọt\nb) Chăn nuôi\nd) Thủy sản\nđ) Khác\n"), vec![("heading-gap", 4)]);
        // Vietnamese lettering: d) then đ) then e) is in order.
        assert!(codes("1. X\na) A\nb) B\nc) C\nd) D\nđ) Đ\ne) E\ng) G\n").is_empty());
    }

    #[test]
    fn duplicate_group_letters_with_fix() {
        let t = "PHẦN THỨ NHẤT\nA. KẾT QUẢ\n1. Kinh tế\nB. LĨNH VỰC\nI. KINH TẾ\nB. ĐÁNH GIÁ CHUNG\n1. Ưu điểm\n";
        let a = Analysis::from_text(t, &Config::default());
        let f: Vec<_> = a.findings.iter().filter(|f| f.code == "heading-duplicate").collect();
        assert_eq!(f.len(), 1);
        assert_eq!(a.line_of(f[0].range.start), 5);
        assert_eq!(f[0].fixes[0].edits[0].new_text, "C.");
        assert_eq!(&*a.slice(f[0].fixes[0].edits[0].range.clone()), "B.");
    }

    #[test]
    fn sub_numbers_follow_parents_and_restart() {
        assert!(codes("1. A\n1.1. X\n1.2. Y\n2. B\n2.1. Z\n2.2 W\n").is_empty());
        assert_eq!(codes("1. A\n1.1. X\n1.2. Y\n2. B\n1.3. Z\n"), vec![("heading-prefix", 5)]);
        assert_eq!(codes("2.3. X\n2.5. Y\n"), vec![("heading-missing-first", 1), ("heading-gap", 2)]);
    }

    #[test]
    fn a_number_present_on_a_non_heading_line_is_not_missing() {
        // `3.` starts a lower-case sentence, so it is not read as a heading; no gap is reported.
        assert!(codes("1. Một\n2. Hai\n3. tăng cường công tác\n4. Bốn\n").is_empty());
    }

    #[test]
    fn a_second_report_restarts_the_sequences() {
        let t = "Số: 1/BC-UBND\nBÁO CÁO\nPhần thứ nhất\nI. A\nPhần thứ hai\nI. B\nSố: 2/BC-UBND\nBÁO CÁO\nPhần thứ nhất\nI. C\n";
        assert!(codes(t).is_empty(), "{:?}", codes(t));
    }

    #[test]
    fn a_missing_first_item_is_looked_for_in_its_own_report_only() {
        // `1.` of the first report does not stand in for the second report's missing `1.` (and
        // the search does not walk the whole file back for every report pasted after another).
        let t = "Số: 1/BC-UBND\nBÁO CÁO\n1. A\n2. B\nSố: 2/BC-UBND\nBÁO CÁO\n2. C\n3. D\n";
        assert_eq!(codes(t), vec![("heading-missing-first", 7)]);
    }

    /// The text after applying the first fix of the first finding with `code`.
    fn fixed(text: &str, code: &str) -> String {
        let a = Analysis::from_text(text, &Config::default());
        let f = a.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code} in {text:?}"));
        let mut out = text.to_string();
        let mut edits = f.fixes[0].edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for e in edits {
            out.replace_range(e.range, &e.new_text);
        }
        out
    }

    #[test]
    fn renumbering_renumbers_the_rest_of_the_run_and_the_sub_headings() {
        let t = "1. A\n2. B\n4. C\n4.1. X\n4.2 Y\n4.2.1. Z\n5. D\n5.1. W\na) w\n";
        let out = fixed(t, "heading-gap");
        assert_eq!(out, "1. A\n2. B\n3. C\n3.1. X\n3.2 Y\n3.2.1. Z\n4. D\n4.1. W\na) w\n");
        assert!(codes(&out).is_empty(), "{:?}", codes(&out));
        // The run ends where it was already broken: `8.` keeps its own gap.
        let out = fixed("1. A\n3. B\n4. C\n8. D\n", "heading-gap");
        assert_eq!(out, "1. A\n2. B\n3. C\n8. D\n");
        // A duplicate pushes the rest down; letters and Roman numerals too.
        assert_eq!(fixed("1. A\n2. B\n2. C\n3. D\n", "heading-duplicate"), "1. A\n2. B\n3. C\n4. D\n");
        assert_eq!(fixed("1. X\na) A\nc) B\nd) C\n", "heading-gap"), "1. X\na) A\nb) B\nc) C\n");
        assert_eq!(fixed("I. A\nIII. B\nIV. C\n", "heading-gap"), "I. A\nII. B\nIII. C\n");
    }

    #[test]
    fn suppression_comment() {
        let t = "1. A\n3. B <!-- baocao-ls ignore heading-gap -->\n";
        assert!(codes(t).is_empty());
        let t = "<!-- baocao-ls ignore -->\n3. B\n5. C\n";
        assert_eq!(codes(t), vec![("heading-gap", 3)]);
        let t = "<!-- baocao-ls ignore-file heading-gap heading-missing-first -->\n3. B\n5. C\n";
        assert!(codes(t).is_empty());
    }
}
