//! Splitting a line into clauses, and naming the indicator a figure belongs to.
//!
//! Reports put a whole paragraph on one line; one clause usually states one indicator:
//! `- Thu nhập bình quân đầu người đạt 52,3 triệu đồng (kế hoạch từ 51-55 triệu đồng);`.
//! Clauses end at `;` and at a sentence end (`. ` before a capital), never inside brackets.

use std::ops::Range;

use crate::text::fold::{fold, FoldMode, Folded};

/// The bytes [`clauses`] looks at: brackets, `;` and sentence ends.
static DELIMITER: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let d = b"()[];.!?";
    while k < d.len() {
        t[d[k] as usize] = true;
        k += 1;
    }
    t
};

/// Byte ranges of the clauses of `line` (trimmed, non-empty, in order).
///
/// A bracket is part of its clause (`3.368 triệu đồng (kế hoạch 1.728 triệu đồng)`), except a
/// bracket that holds clauses of its own (a `;` inside): `(theo tiêu chí mới hộ nghèo 1,82%;
/// hộ cận nghèo 1,63%)` is split like running text.
pub fn clauses(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth: i32 = 0;
    let mut start = 0;
    let bytes = line.as_bytes();
    // The clause brackets as (open, close) pairs, in order. Every delimiter is ASCII, so the
    // scan goes byte by byte (UTF-8 continuation bytes are never ASCII).
    let clause_brackets = brackets_with_clauses(line);
    let mut next_bracket = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !DELIMITER[b as usize] {
            continue;
        }
        let at_open = b == b'(' && clause_brackets.get(next_bracket).is_some_and(|&(o, _)| o == i);
        let at_close = b == b')' && next_bracket > 0 && clause_brackets[next_bracket - 1].1 == i;
        match b {
            b'(' if at_open => {
                push(&mut out, line, start, i);
                start = i + 1;
                next_bracket += 1;
            }
            b')' if at_close && depth == 0 => {
                push(&mut out, line, start, i);
                start = i + 1;
            }
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            b';' if depth == 0 => {
                push(&mut out, line, start, i);
                start = i + 1;
            }
            b'.' | b'!' | b'?' if depth == 0 && ends_sentence(line, i) => {
                push(&mut out, line, start, i);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&mut out, line, start, line.len());
    out
}

/// Does the `.`, `!` or `?` at byte `i` of `line` (outside brackets) end a sentence? A full stop
/// followed by a space and a capital (not `3.368`, not `v.v.`, not `TP. Huế` — a capital after an
/// abbreviation is rare enough in these reports to accept), a full stop glued to the next
/// sentence after a bracket or a quote (`… tại Chợ Khe Tre).Tổng thu nhập …`), or the end of the
/// line. The one rule for the clause splitter and the sentence layer ([`sentence_ends`]).
pub fn ends_sentence(line: &str, i: usize) -> bool {
    let bytes = line.as_bytes();
    let next_is_space = bytes.get(i + 1).is_some_and(|b| *b == b' ');
    let after = line[i + 1..].trim_start().chars().next();
    let glued = i > 0 && matches!(bytes[i - 1], b')' | b'"') && line[i + 1..].chars().next().is_some_and(char::is_uppercase);
    (next_is_space && after.is_some_and(|a| crate::text::chars::is_uppercase(a) || a == '-' || a == '+')) || glued || i + 1 == bytes.len()
}

/// Byte offsets just after each sentence end of `line` (a `.`, `!` or `?` outside brackets that
/// [`ends_sentence`]), in order.
pub fn sentence_ends(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            b'.' | b'!' | b'?' if depth == 0 && ends_sentence(line, i) => out.push(i + 1),
            _ => {}
        }
    }
    out
}

/// The top-level brackets that contain a `;` (and are not opened by a plan or parts word), as
/// (open, close) byte offsets.
fn brackets_with_clauses(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut open = 0;
    let mut semi = false;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match b {
            b'(' => {
                if depth == 0 {
                    open = i;
                    semi = false;
                }
                depth += 1;
            }
            b';' if depth == 1 => semi = true,
            b')' if depth > 0 => {
                depth -= 1;
                if depth == 0 && semi {
                    // A bracket opened by a plan or parts word belongs to the figure before it:
                    // `(chỉ tiêu 570 tỷ đồng; đạt 98,3%)`, `(trong đó 12 hồ sơ …; 02 hồ sơ …)`.
                    let head = crate::text::fold::fold_lower(&line[open + 1..i]);
                    let own = crate::figures::lexicon::starts_with_word(&head, crate::figures::lexicon::PLAN_WORDS).is_none()
                        && crate::figures::lexicon::starts_with_word(&head, crate::figures::lexicon::PARTS_WORDS).is_none();
                    if own {
                        out.push((open, i));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn push(out: &mut Vec<Range<usize>>, line: &str, start: usize, end: usize) {
    let s = &line[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push(start + lead..start + lead + t.len());
    }
}

/// Words that link an indicator to its figure; they end the indicator's name.
const LINKS: &[&str] = &[
    "ước đạt", "ước thực hiện", "đạt được", "đạt", "là", "còn", "giữ mức", "duy trì", "ở mức", "có", "gồm",
    "với", "được", "chiếm", "bằng", "ước",
];

/// The name of the indicator stated in `text` (the words before the first figure), cleaned:
/// bullet marks and markup removed, the linking verb at its end removed. `None` when there are
/// no words, or too many to be a name.
pub fn indicator_name(text: &str) -> Option<Range<usize>> {
    indicator_name_in(text, 0..text.len(), &fold(text, FoldMode::Lower))
}

/// [`indicator_name`] of `line[range]`, on the line's lower-case fold `folded` (no fold of its
/// own); the range returned is the line's.
pub(crate) fn indicator_name_in(line: &str, range: Range<usize>, folded: &Folded) -> Option<Range<usize>> {
    let text = line.get(range.clone())?;
    let base = range.start;
    // Skip bullet marks and emphasis at the start.
    let start = text
        .char_indices()
        .find(|&(_, c)| !(c.is_whitespace() || matches!(c, '-' | '+' | '*' | '•' | '–' | '_' | ':' | '(' | ',')))
        .map(|(i, _)| i)?;
    let mut end = text.trim_end().len();
    if end <= start {
        return None;
    }
    // Drop a trailing colon, markup and linking verbs (repeatedly: `ước đạt:`).
    let fold_start = folded.to_folded(base + start);
    let tail = [' ', ':', '*', '_', ',', '=', '('];
    loop {
        let t = text[start..end].trim_end_matches(tail);
        let mut new_end = start + t.len();
        let f = folded.slice_of(base + start..base + new_end);
        for link in LINKS {
            if f.ends_with(link) {
                let cut = f.len() - link.len();
                // Only a whole word.
                if cut == 0 || f[..cut].ends_with(' ') {
                    new_end = folded.to_original(fold_start + cut).saturating_sub(base).clamp(start, new_end);
                    break;
                }
            }
        }
        if new_end == end {
            break;
        }
        end = new_end;
    }
    let name = text[start..end].trim_end();
    let words = name.split_whitespace().count();
    if words == 0 || words > 16 {
        return None;
    }
    Some(base + start..base + start + name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<&str> {
        clauses(line).into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn clauses_split_at_semicolons_and_sentences_not_in_brackets() {
        let l = "- Tổng giá trị 515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng; đạt 98,3%). Trong đó nông nghiệp 8,5%; dịch vụ 65,4%.";
        assert_eq!(
            texts(l),
            vec!["- Tổng giá trị 515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng; đạt 98,3%)", "Trong đó nông nghiệp 8,5%", "dịch vụ 65,4%"]
        );
        assert_eq!(texts("Thu 3.368 triệu đồng, tăng 1.2 lần."), vec!["Thu 3.368 triệu đồng, tăng 1.2 lần"]);
        // A full stop glued to the next sentence after a bracket still ends the sentence; not
        // inside a number or an abbreviation.
        assert_eq!(
            texts("Có 658 hộ (426 hộ tại Chợ Khe Tre).Tổng thu nhập ước đạt 159.917 triệu đồng."),
            vec!["Có 658 hộ (426 hộ tại Chợ Khe Tre)", "Tổng thu nhập ước đạt 159.917 triệu đồng"]
        );
        assert_eq!(texts("Tại TP.Huế có 3.368 hộ."), vec!["Tại TP.Huế có 3.368 hộ"]);
    }

    #[test]
    fn a_bracket_of_clauses_is_split() {
        let l = "hộ cận nghèo còn 1,51% giảm 0,2% (theo tiêu chí mới hộ nghèo 1,82%, tăng 0,11%; hộ cận nghèo 1,63%, giảm 0,4%), tỷ lệ hộ khá";
        assert_eq!(
            texts(l),
            vec!["hộ cận nghèo còn 1,51% giảm 0,2%", "theo tiêu chí mới hộ nghèo 1,82%, tăng 0,11%", "hộ cận nghèo 1,63%, giảm 0,4%", ", tỷ lệ hộ khá"]
        );
    }

    #[test]
    fn indicator_names() {
        let name = |t: &str| indicator_name(t).map(|r| t[r].to_string());
        assert_eq!(name("- Thu nhập bình quân đầu người đạt "), Some("Thu nhập bình quân đầu người".into()));
        assert_eq!(name("- Tỷ lệ hộ nghèo giữ mức "), Some("Tỷ lệ hộ nghèo".into()));
        assert_eq!(name("Tổng thu ngân sách năm 2021 là: "), Some("Tổng thu ngân sách năm 2021".into()));
        assert_eq!(name("- *Tổng nguồn vốn tính đến ngày 30/11/2021 là "), Some("Tổng nguồn vốn tính đến ngày 30/11/2021".into()));
        assert_eq!(name("Dư nợ cho vay: "), Some("Dư nợ cho vay".into()));
        assert_eq!(name("- "), None);
    }
}
