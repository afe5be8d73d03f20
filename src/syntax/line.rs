//! Lexing one line of a report, with no context: what the line *looks like* (a heading number
//! and title, a bullet, a footnote text, the `Nơi nhận:` line, …). The structure pass decides
//! what it *is* from the lines around it. Because a line's lexing depends on nothing but its own
//! text, the document keeps one [`LineInfo`] per line and relexes only the lines an edit touches.
//!
//! All offsets are byte offsets relative to the start of the line, as `u32`.

use std::ops::Range;

use crate::numbers::{self, Quantity};
use crate::syntax::numbering::{ordinal_word, roman_value, Numbering};
use crate::figures::lexicon::find_bytes;
use crate::text::chars;
use crate::text::fold::fold_lower;

/// What a line looks like, before context is taken into account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineInfo {
    /// Length of the line's content in bytes (without its line break).
    pub len: u32,
    /// Length of its line break: 0 (last line), 1 (LF or CR) or 2 (CRLF). Set by the document.
    pub brk: u8,
    pub kind: LineKind,
    /// Footnote markers (`¹`, `⁽²⁾`, `[3]`, `[^4]`) in the running text.
    pub footnote_refs: Box<[FootnoteRef]>,
    /// `<!-- baocao-ls ignore … -->` comments on this line.
    pub directives: Box<[Directive]>,
    /// Every quantity written on the line, in order (from the one number lexer).
    pub quantities: Box<[Quantity]>,
    /// The claims stated on the line (from the one claim extractor).
    pub statements: Box<[crate::figures::extract::Statement]>,
    /// Levels and editions of standards mentioned on the line.
    pub mentions: Box<[crate::figures::extract::Mention]>,
    /// The line opens a list: it ends with `:` and states no figure (`- Dịp tết nguyên đán:`).
    pub list_intro: bool,
    /// Bytes of white space before the first visible character.
    pub indent: u32,
    /// The bullet mark (`-`, `+`, `*`, `•`…) of a bullet line.
    pub marker: Option<char>,
    /// How the line's text begins and ends, for joining hard-wrapped lines into sentences
    /// (bits of [`WRAP_OPEN_END`], [`WRAP_COMMA_END`], [`WRAP_CONT_START`], [`WRAP_TABLE`]).
    pub wrap: u8,
}

/// The line does not end with a sentence or clause mark (`.`, `;`, `:`, `!`, `?`).
pub const WRAP_OPEN_END: u8 = 1;
/// The line ends with a comma.
pub const WRAP_COMMA_END: u8 = 2;
/// The line starts like the rest of a sentence: a small letter, a digit, `(`, `%`, `‰`.
pub const WRAP_CONT_START: u8 = 4;
/// The line is a table row (starts with `|` or holds a tab).
pub const WRAP_TABLE: u8 = 8;

/// The [`LineInfo::wrap`] bits of a line's visible text.
fn wrap_bits(visible: &str) -> u8 {
    let t = visible.trim_matches(is_space);
    let mut w = 0;
    if let Some(last) = t.chars().next_back() {
        if !matches!(last, '.' | ';' | ':' | '!' | '?') {
            w |= WRAP_OPEN_END;
        }
        if last == ',' {
            w |= WRAP_COMMA_END;
        }
    }
    if t.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, '(' | '%' | '‰')) {
        w |= WRAP_CONT_START;
    }
    // (A Markdown table may leave out its outer pipes: `STT | Chỉ tiêu | ĐVT`, `---|---|---`.)
    if t.starts_with('|') || visible.contains('\t') || t.matches('|').count() >= 2 {
        w |= WRAP_TABLE;
    }
    w
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Empty or whitespace only (or only a comment).
    Blank,
    /// Starts like a heading: a number or `Phần thứ …` followed by a title.
    Heading(Box<HeadingLex>),
    /// `- `, `+ `, `* `, `• `, `- + ` …; `text` starts after the marker.
    Bullet { text_start: u32 },
    /// A footnote text: `¹² Sửa chữa …`, `[1] …`, `[^1]: …`.
    FootnoteDef { label: u32, marker: Range<u32>, text_start: u32 },
    /// Any other line.
    Text(TextLex),
}

/// Facts about a plain text line that the structure pass needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextLex {
    /// Trimmed content, cleaned of emphasis markup, as a range of the line.
    pub content: Range<u32>,
    /// Number of characters of the trimmed content.
    pub chars: u32,
    /// Every letter is a capital and there are enough of them to be a title.
    pub caps: bool,
    /// Ends with `.`, `;` or `!` / `?` (a sentence rather than a title).
    pub ends_sentence: bool,
    pub special: Option<Special>,
    /// The text of a short line (≤ 250 characters) without emphasis markup, which may serve
    /// as a title (or part of one).
    pub short: Option<Box<str>>,
    /// What the line would say as a title (short lines only).
    pub title_kind: TitleKind,
}

/// What a section title says about its content: the plan (targets for next year) or the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TitleKind {
    #[default]
    Other,
    /// `Nhiệm vụ…`, `Phương hướng…`, `Kế hoạch…`, `Mục tiêu…`, `Giải pháp…`, `Định hướng…`,
    /// `Các chỉ tiêu … năm 2025`.
    Plan,
    /// `Tình hình…`, `Kết quả…`, `Đánh giá…`.
    Results,
}

/// Read a title's kind (accents optional).
pub fn title_kind(title: &str) -> TitleKind {
    title_kind_folded(&fold_lower(title))
}

/// [`title_kind`] of a title already folded to lower case.
fn title_kind_folded(name: &str) -> TitleKind {
    let name = name.trim_start_matches(|c: char| !chars::is_alphabetic(c));
    let starts = |words: &[&str]| words.iter().any(|w| name.starts_with(w));
    if starts(&["tình hình", "kết quả", "đánh giá", "tinh hinh", "ket qua", "danh gia"]) {
        return TitleKind::Results;
    }
    if starts(&["nhiệm vụ", "phương hướng", "kế hoạch", "mục tiêu", "giải pháp", "định hướng"])
        || starts(&["nhiem vu", "phuong huong", "ke hoach", "muc tieu", "giai phap", "dinh huong"])
        || (name.contains("năm 20") && name.contains("chỉ tiêu") && !name.contains("kết quả") && !name.contains("thực hiện"))
    {
        return TitleKind::Plan;
    }
    TitleKind::Other
}

/// Lines of the administrative header and footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// `Số: 118/BC-UBND`.
    DocNumber,
    /// `<place>, ngày 20 tháng 12 năm 2022` (alone or after the number).
    PlaceDate,
    /// The document type word on its own line: `BÁO CÁO`.
    TypeWord,
    /// `Nơi nhận:`.
    Recipients,
    /// `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `CHỦ TỊCH` …
    Signature,
}

/// A heading-like line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingLex {
    pub numbering: Numbering,
    /// The number as written, e.g. `1.2.` or `Phần thứ hai` (the heading's `detail`).
    pub number: Range<u32>,
    pub number_text: String,
    /// The title, cleaned of markup and of a final `:`/`.`; empty when the line has only a number.
    pub title: String,
    /// The title was cut at a `:` because body text runs on after it.
    pub run_on: bool,
    /// Byte range of the whole visible heading text on the line (selection range).
    pub span: Range<u32>,
    pub title_kind: TitleKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteRef {
    pub label: u32,
    pub range: Range<u32>,
}

/// A suppression comment: `<!-- baocao-ls ignore CODE … -->` or `ignore-file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub scope: DirectiveScope,
    /// Codes switched off; empty means every code.
    pub codes: Vec<String>,
    pub range: Range<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveScope {
    /// The line the comment is on, or the next non-blank line when the comment stands alone.
    Line,
    File,
    /// `<!-- baocao-ls on -->` / `off`: treat this file as a report (or not), whatever its type.
    Enable(bool),
}

/// Lex one line (without its line break).
pub fn lex_line(line: &str) -> LineInfo {
    lex_line_with(line, None)
}

/// [`lex_line`], knowing how the next line starts (`next_head`): a line broken between a
/// number and its unit (`… hộ nghèo 85` / `hộ, chiếm 5,99%`, text copied from a PDF) gives the
/// number the unit the next line opens with.
pub fn lex_line_with(line: &str, next_head: Option<&str>) -> LineInfo {
    let directives = scan_directives(line);
    // HTML comments are invisible in Markdown: they are not part of the report's text.
    let visible: std::borrow::Cow<str> =
        if line.contains("<!--") { blank_out_comments(line).into() } else { std::borrow::Cow::Borrowed(line) };
    let kind = classify(&visible);
    let footnote_refs = if may_have_footnote_marker(&visible) { scan_footnote_refs(&visible, &kind) } else { Vec::new() };
    // One lower-case fold of the line serves the number lexer and the claim extractor.
    let has_digits = visible.bytes().any(|b| b.is_ascii_digit());
    let (quantities, statements, mentions) = if has_digits || crate::figures::extract::may_claim_without_figures(&visible) {
        let folded = crate::text::fold::fold(&visible, crate::text::fold::FoldMode::Lower);
        let mut quantities = if has_digits { numbers::lex_folded(&visible, &folded) } else { Vec::new() };
        if let Some(head) = next_head {
            unit_on_next_line(&visible, &mut quantities, head);
        }
        let (statements, mentions) = crate::figures::extract::claims(&visible, folded, &quantities);
        (quantities, statements, mentions)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let list_intro = quantities.is_empty()
        && !matches!(kind, LineKind::Blank | LineKind::Heading(_))
        && visible.trim_end().trim_end_matches(['*', '_']).ends_with(':');
    let indent = (visible.len() - visible.trim_start_matches(is_space).len()) as u32;
    let marker = matches!(kind, LineKind::Bullet { .. }).then(|| visible[indent as usize..].chars().next()).flatten();
    // A document keeps every line's facts for as long as it is open: boxed slices, no spare
    // capacity and 8 bytes less than a `Vec` each.
    LineInfo {
        len: line.len() as u32,
        brk: 0,
        kind,
        footnote_refs: footnote_refs.into(),
        directives: directives.into(),
        quantities: quantities.into(),
        statements: statements.into(),
        mentions: mentions.into(),
        list_intro,
        indent,
        marker,
        wrap: wrap_bits(&visible),
    }
}

/// White space, and the invisible characters pasted text carries (a byte-order mark,
/// zero-width spaces and joiners).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}')
}

fn classify(line: &str) -> LineKind {
    let trimmed_start = line.len() - line.trim_start_matches(is_space).len();
    if line.trim_matches(is_space).is_empty() {
        return LineKind::Blank;
    }
    if let Some(fd) = footnote_def(line, trimmed_start) {
        return fd;
    }
    if let Some(h) = heading(line, trimmed_start) {
        return LineKind::Heading(Box::new(h));
    }
    if let Some(start) = bullet(line, trimmed_start) {
        return LineKind::Bullet { text_start: start as u32 };
    }
    LineKind::Text(text_lex(line, trimmed_start))
}

// ---------------------------------------------------------------------------------------------
// Small scanning helpers

/// Skip emphasis markup (`**`, `*`, `__`, `_`) and Markdown heading marks (`## `) at `i`.
fn skip_open_markup(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    // Markdown ATX heading: one to six '#', then a space.
    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
    if (1..=6).contains(&hashes) && b.get(i + hashes) == Some(&b' ') {
        i += hashes;
        i = skip_ws(s, i);
    }
    loop {
        let rest = &b[i..];
        let n = rest.iter().take_while(|&&c| c == b'*' || c == b'_').count();
        if n == 0 || n > 3 {
            return i;
        }
        // `* ` is a bullet, not emphasis.
        if rest.get(n).is_none_or(|c| c.is_ascii_whitespace()) {
            return i;
        }
        i += n;
    }
}

fn skip_close_markup(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && (b[i] == b'*' || b[i] == b'_') {
        i += 1;
    }
    i
}

fn skip_ws(s: &str, i: usize) -> usize {
    i + s[i..].len() - s[i..].trim_start().len()
}

fn is_upper_start(s: &str) -> bool {
    // The title starts with a capital letter, possibly after quotes, brackets or markup.
    for c in s.chars() {
        match c {
            '*' | '_' | '"' | '“' | '\'' | '‘' | '(' | '[' | '«' | ' ' | '\t' => continue,
            c if chars::is_alphabetic(c) => return chars::is_uppercase(c),
            _ => return false,
        }
    }
    false
}

/// Clean a title: strip markup and surrounding space, and a final `:`, `.` or `;`.
pub fn clean_title(s: &str) -> String {
    let no_markup = strip_markup(s);
    let mut t = no_markup.trim();
    loop {
        let before = t;
        t = t.trim_end_matches([':', ';', '.', ',']).trim_end();
        if t.ends_with("./") {
            t = &t[..t.len() - 2];
        }
        if t == before {
            break;
        }
    }
    t.trim_start_matches(['.', ':', '-', '–', ' ']).to_string()
}

/// Remove emphasis markup (`*`, `**`, `__`) and surrounding space.
fn strip_markup(s: &str) -> String {
    let no_markup: String = {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '*' || (c == '_' && chars.peek() == Some(&'_')) {
                continue;
            }
            if c == '_' && out.ends_with('_') {
                continue;
            }
            out.push(c);
        }
        out
    };
    no_markup.trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// Headings

fn heading(line: &str, start: usize) -> Option<HeadingLex> {
    let i = skip_open_markup(line, start);
    let num_start = i;
    // Cheap first-character filters keep the word folding of `part`/`label` off most lines.
    let first = line[i..].chars().next()?;
    let maybe_part = matches!(first, 'P' | 'p');
    let maybe_label = matches!(first, 'N' | 'n' | 'G' | 'g' | 'M' | 'm' | 'C' | 'c' | 'L' | 'l');
    let (numbering, num_end) = maybe_part
        .then(|| part(line, i))
        .flatten()
        .or_else(|| maybe_label.then(|| label(line, i)).flatten())
        .or_else(|| letter_or_roman(line, i))
        .or_else(|| arabic(line, i))
        .or_else(|| lower_letter(line, i))?;
    let after = skip_close_markup(line, num_end);
    let after = skip_ws(line, after);
    let rest = &line[after..];
    let is_part = matches!(numbering, Numbering::Part(_));
    // A title must start with a capital letter (`1. Kinh tế`, not `1.2 triệu đồng`); a part
    // or a bare number may stand alone with its title on the next line.
    if rest.trim().trim_matches(['*', '_']).is_empty() {
        if !is_part && !matches!(numbering, Numbering::Roman(_) | Numbering::Upper(_)) {
            return None;
        }
    } else if !is_upper_start(rest) {
        return None;
    }
    let (title, run_on) = split_title(rest);
    let end = line.trim_end().len();
    let number_text = line[num_start..num_end].trim().to_string();
    let title_kind = title_kind(&title);
    Some(HeadingLex {
        title_kind,
        numbering,
        number: num_start as u32..num_end as u32,
        number_text,
        title,
        run_on,
        span: start as u32..end.max(start) as u32,
    })
}

/// The heading number a line starts with, ignoring whether a proper title follows. Used to
/// avoid reporting a "missing" number that is present on a line not read as a heading.
pub fn number_prefix(line: &str) -> Option<Numbering> {
    let start = line.len() - line.trim_start_matches(is_space).len();
    let i = skip_open_markup(line, start);
    part(line, i)
        .or_else(|| label(line, i))
        .or_else(|| letter_or_roman(line, i))
        .or_else(|| arabic(line, i))
        .or_else(|| lower_letter(line, i))
        .map(|(n, _)| n)
}

/// Split a heading's text into its title and body text that runs on after a `:`.
fn split_title(rest: &str) -> (String, bool) {
    // `1.1. Thương mại - Dịch vụ: Đẩy mạnh …` — title before the colon, body after.
    if let Some(colon) = rest.find(':') {
        let head = &rest[..colon];
        let tail = rest[colon + 1..].trim().trim_matches(['*', '_']);
        let head_chars = head.chars().count();
        if !tail.is_empty() && head_chars <= 120 && !head.contains(". ") {
            return (clean_title(head), true);
        }
    }
    let cleaned = clean_title(rest);
    if cleaned.chars().count() <= 160 {
        return (cleaned, false);
    }
    // A long numbered point: name it by its first clause.
    let cut = cleaned
        .char_indices()
        .find(|&(i, c)| (c == ';' || c == '.') && i > 20 && cleaned[i + 1..].starts_with(' '))
        .map(|(i, _)| i)
        .unwrap_or(cleaned.len());
    let mut name: String = cleaned[..cut].to_string();
    if name.chars().count() > 100 {
        let byte = name.char_indices().nth(100).map(|(i, _)| i).unwrap_or(name.len());
        let word_end = name[..byte].rfind(' ').unwrap_or(byte);
        name.truncate(word_end);
        name.push('…');
    } else if cut < cleaned.len() {
        name.push('…');
    }
    (name, true)
}

/// `Phần thứ nhất`, `PHẦN THỨ HAI:`, `Phần thứ 2`, `Phần II`, `Phần 1.`
fn part(line: &str, i: usize) -> Option<(Numbering, usize)> {
    let rest = &line[i..];
    let mut words = WordIter::new(rest);
    let (w0, _) = words.next()?;
    if fold_lower(w0) != "phần" {
        return None;
    }
    let (mut w, mut end) = words.next()?;
    let mut folded = fold_lower(w);
    if folded == "thứ" {
        (w, end) = words.next()?;
        folded = fold_lower(w);
    }
    let word = folded.trim_end_matches([':', '.', '-', '–', ')']);
    let n = ordinal_word(word)
        .or_else(|| word.parse::<u32>().ok().filter(|&n| (1..=20).contains(&n)))
        .or_else(|| roman_value(&word.to_uppercase()))?;
    // Consume the separator glued to the ordinal (`nhất:`) or following it (`nhất :`).
    let mut j = i + end;
    let after = &line[j..];
    let t = after.trim_start();
    if let Some(c) = t.chars().next() {
        if matches!(c, ':' | '.' | '-' | '–' | ')') {
            j += after.len() - t.len() + c.len_utf8();
        } else if !(c == '*' || c == '_' || chars::is_uppercase(c) || c == '(' || c == '"' || c == '“') {
            // `Phần thứ hai của báo cáo …` is a sentence, not a heading.
            return None;
        }
    }
    Some((Numbering::Part(n), j))
}

/// `Nhiệm vụ 1.`, `Giải pháp 2:`
fn label(line: &str, i: usize) -> Option<(Numbering, usize)> {
    const LABELS: &[&str] =
        &["nhiệm vụ", "giải pháp", "mục tiêu", "chương trình", "nội dung", "lĩnh vực", "chuyên đề"];
    let rest = &line[i..];
    let mut words = WordIter::new(rest);
    let (w0, _) = words.next()?;
    let (w1, _) = words.next()?;
    let key = format!("{} {}", fold_lower(w0), fold_lower(w1));
    let word = LABELS.iter().find(|&&l| l == key)?;
    let (w2, end) = words.next()?;
    let digits: String = w2.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let sep = &w2[digits.len()..];
    if !matches!(sep, "." | ":" | ")" | "-") {
        return None;
    }
    Some((Numbering::Label { word: word.to_string(), n: digits.parse().ok()? }, i + end))
}

fn is_sep(c: u8) -> bool {
    matches!(c, b'.' | b')' | b'-')
}

/// `A.`, `B-`, `II.`, `IV-`, `I.` (ambiguous letter/Roman).
fn letter_or_roman(line: &str, i: usize) -> Option<(Numbering, usize)> {
    let b = line.as_bytes();
    let mut j = i;
    // Đ is the only non-ASCII capital used as a group letter.
    if line[i..].starts_with('Đ') {
        let k = i + 'Đ'.len_utf8();
        if b.get(k).is_some_and(|&c| is_sep(c)) {
            return Some((Numbering::Upper('Đ'), k + 1));
        }
        return None;
    }
    while j < b.len() && b[j].is_ascii_uppercase() {
        j += 1;
    }
    let len = j - i;
    if len == 0 || len > 6 || !b.get(j).is_some_and(|&c| is_sep(c)) {
        return None;
    }
    // `1.5-` style separators are fine; but `A.B` or `TP.HCM` are words, not numbers.
    if b.get(j + 1).is_some_and(|c| c.is_ascii_alphanumeric()) && b[j] == b'.' {
        return None;
    }
    let word = &line[i..j];
    if len == 1 {
        return Some((Numbering::Upper(word.chars().next()?), j + 1));
    }
    roman_value(word).map(|v| (Numbering::Roman(v), j + 1))
}

/// `1.`, `1)`, `1-`, `1.1.`, `1.2` (no final dot), `1.5-`.
fn arabic(line: &str, i: usize) -> Option<(Numbering, usize)> {
    let b = line.as_bytes();
    let mut path = Vec::new();
    let mut j = i;
    loop {
        let d0 = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let nd = j - d0;
        if nd == 0 || nd > 2 {
            return None;
        }
        path.push(line[d0..j].parse::<u32>().ok()?);
        // Another component follows a dot directly: `1.2`.
        if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
            continue;
        }
        break;
    }
    if path.len() > 5 || path[0] == 0 {
        return None;
    }
    let mut paren = false;
    match b.get(j) {
        Some(b'.') | Some(b'-') => j += 1,
        Some(b')') => {
            paren = true;
            j += 1
        }
        Some(c) if c.is_ascii_whitespace() && path.len() >= 2 => {}
        _ if line[j..].starts_with('–') => j += '–'.len_utf8(),
        _ => return None,
    }
    // `1.-` / `1.)` double separators.
    if j < b.len() && (b[j] == b'-' || b[j] == b')') && b[j - 1] == b'.' {
        j += 1;
    }
    // A date or a decimal (`15.01.2020`, `2.500`) continues with digits.
    if b.get(j).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((Numbering::Arabic { path, paren }, j))
}

/// `a)`, `a.`, `đ)`.
fn lower_letter(line: &str, i: usize) -> Option<(Numbering, usize)> {
    let mut chars = line[i..].char_indices();
    let (_, c) = chars.next()?;
    if !(c.is_ascii_lowercase() || c == 'đ') {
        return None;
    }
    let (k, sep) = chars.next()?;
    if sep != ')' && sep != '.' {
        return None;
    }
    let end = i + k + 1;
    // `a.` must be followed by a space (`v.v.` is not a heading).
    if !(line[end..].starts_with([' ', '\t']) || sep == ')' && line[end..].starts_with('*')) {
        return None;
    }
    Some((Numbering::Lower(c), end))
}

/// Iterates over whitespace-separated words with their end offsets.
struct WordIter<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> WordIter<'a> {
    fn new(s: &'a str) -> Self {
        WordIter { s, pos: 0 }
    }
}

impl<'a> Iterator for WordIter<'a> {
    type Item = (&'a str, usize);
    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.s[self.pos..];
        let start = self.pos + (rest.len() - rest.trim_start().len());
        if start >= self.s.len() {
            return None;
        }
        let word_len = self.s[start..]
            .find(|c: char| c.is_whitespace() || c == '*')
            .unwrap_or(self.s.len() - start);
        if word_len == 0 {
            return None;
        }
        self.pos = start + word_len;
        Some((&self.s[start..self.pos], self.pos))
    }
}

// ---------------------------------------------------------------------------------------------
// Bullets, footnote texts, plain text

fn bullet(line: &str, start: usize) -> Option<usize> {
    let rest = &line[start..];
    let mut chars = rest.char_indices();
    let (_, c) = chars.next()?;
    if !matches!(c, '-' | '+' | '*' | '•' | '–' | '●' | '○' | '▪' | '·') {
        return None;
    }
    let after = c.len_utf8();
    // The marker is followed by a space (`- text`), except `-text` written in haste.
    let next = rest[after..].chars().next();
    match next {
        Some(n) if n.is_whitespace() => {}
        Some(n) if c == '-' && chars::is_alphabetic(n) && chars::is_uppercase(n) => {}
        _ => return None,
    }
    let mut i = start + after;
    i = skip_ws(line, i);
    // `- + Quà tỉnh` — a nested marker.
    if let Some(c2) = line[i..].chars().next() {
        if matches!(c2, '+' | '-' | '•') && line[i + c2.len_utf8()..].starts_with(' ') {
            i = skip_ws(line, i + c2.len_utf8());
        }
    }
    Some(i)
}

fn superscript_digit(c: char) -> Option<u32> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

/// A run of superscript digits starting at `i`, optionally in `⁽ ⁾`: (label, end).
fn superscript_run(s: &str, i: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let paren = s[j..].starts_with('⁽');
    if paren {
        j += '⁽'.len_utf8();
    }
    let mut n: u32 = 0;
    let mut digits = 0;
    for c in s[j..].chars() {
        match superscript_digit(c) {
            Some(d) if digits < 4 => {
                n = n * 10 + d;
                digits += 1;
                j += c.len_utf8();
            }
            _ => break,
        }
    }
    if digits == 0 {
        return None;
    }
    if paren {
        if !s[j..].starts_with('⁾') {
            return None;
        }
        j += '⁾'.len_utf8();
    }
    Some((n, j))
}

/// `[12]` or `[^12]` at `i`: (label, end, caret).
fn bracket_ref(s: &str, i: usize) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let mut j = i + 1;
    if b.get(j) == Some(&b'^') {
        j += 1;
    }
    let d0 = j;
    while j < b.len() && b[j].is_ascii_digit() && j - d0 < 3 {
        j += 1;
    }
    if j == d0 || b.get(j) != Some(&b']') {
        return None;
    }
    Some((s[d0..j].parse().ok()?, j + 1))
}

fn footnote_def(line: &str, start: usize) -> Option<LineKind> {
    let (label, end) = superscript_run(line, start).or_else(|| bracket_ref(line, start))?;
    let mut text_start = end;
    if line[text_start..].starts_with(':') {
        text_start += 1;
    }
    text_start = skip_ws(line, text_start);
    if text_start >= line.trim_end().len() {
        return None;
    }
    Some(LineKind::FootnoteDef { label, marker: start as u32..end as u32, text_start: text_start as u32 })
}

/// A fast byte test: `[`, or the UTF-8 lead bytes of `¹ ² ³` (C2 B9/B2/B3) and of the
/// superscript block `⁰ ⁴…⁹ ⁽` (E2 81 B0–BD).
fn may_have_footnote_marker(line: &str) -> bool {
    // `[` anywhere, `²`/`³`/`¹` (C2 B2/B3/B9), or U+2040..U+207F (E2 81 …): a byte search for
    // the three first bytes rather than a look at every byte.
    let b = line.as_bytes();
    memchr::memchr3_iter(b'[', 0xC2, 0xE2, b).any(|i| match b[i] {
        b'[' => true,
        0xC2 => matches!(b.get(i + 1), Some(0xB2 | 0xB3 | 0xB9)),
        _ => b.get(i + 1) == Some(&0x81),
    })
}

/// Footnote markers in running text. A superscript after a unit (`m²`, `km²`) is an exponent.
fn scan_footnote_refs(line: &str, kind: &LineKind) -> Vec<FootnoteRef> {
    let skip_to = match kind {
        LineKind::FootnoteDef { text_start, .. } => *text_start as usize,
        _ => 0,
    };
    let mut out = Vec::new();
    let mut i = skip_to;
    while i < line.len() {
        let c = line[i..].chars().next().unwrap_or(' ');
        if c == '⁽' || superscript_digit(c).is_some() {
            if let Some((label, end)) = superscript_run(line, i) {
                let prev = line[..i].chars().next_back();
                let unit = line[..i].ends_with('m') || line[..i].ends_with("m2");
                if !(unit && c != '⁽') && prev.is_some() {
                    out.push(FootnoteRef { label, range: i as u32..end as u32 });
                }
                i = end;
                continue;
            }
        } else if c == '[' {
            if let Some((label, end)) = bracket_ref(line, i) {
                // `[^1]:` at the start is a definition, handled above; `[1]` in text is a marker.
                out.push(FootnoteRef { label, range: i as u32..end as u32 });
                i = end;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

fn text_lex(line: &str, start: usize) -> TextLex {
    let end = line.trim_end().len();
    let raw = &line[start..end];
    let last = raw.trim_end_matches(['*', '_', ' ']).chars().next_back();
    let ends_sentence = matches!(last, Some('.' | ';' | '!' | '?'));
    let chars = raw.chars().count();
    // A paragraph (most lines of a report) is neither a title nor a header or footer line:
    // skip the folding and copying below for it.
    if chars > 250 {
        return TextLex {
            content: start as u32..end as u32,
            chars: chars as u32,
            caps: false,
            ends_sentence,
            special: None,
            short: None,
            title_kind: TitleKind::Other,
        };
    }
    let cleaned = clean_title(raw);
    let mut letters = 0;
    let mut upper = 0;
    for c in cleaned.chars() {
        if chars::is_alphabetic(c) {
            letters += 1;
            if chars::is_uppercase(c) {
                upper += 1;
            }
        }
    }
    let words = cleaned.split_whitespace().count();
    // One lower-case fold for the header/footer and title tests.
    let folded = fold_lower(&cleaned);
    let caps = letters >= 6 && upper == letters && words >= 2 && cleaned.chars().count() <= 200;
    TextLex {
        content: start as u32..end as u32,
        chars: chars as u32,
        caps,
        ends_sentence,
        special: special(&cleaned, &folded),
        title_kind: title_kind_folded(&folded),
        short: Some(strip_markup(raw).into_boxed_str()),
    }
}

/// `cleaned` and its lower-case fold `folded`.
fn special(cleaned: &str, folded: &str) -> Option<Special> {
    let f = folded.trim();
    if f.starts_with("nơi nhận") && f.chars().count() <= 12 {
        return Some(Special::Recipients);
    }
    if let Some(rest) = f.strip_prefix("số") {
        let rest = rest.trim_start();
        if rest.starts_with(':') || rest.starts_with(|c: char| c.is_ascii_digit()) && rest.contains('/') {
            return Some(Special::DocNumber);
        }
    }
    let upper = cleaned.chars().filter(|&c| chars::is_alphabetic(c)).all(chars::is_uppercase);
    if upper {
        const TYPES: &[&str] =
            &["báo cáo", "kế hoạch", "tờ trình", "nghị quyết", "đề án", "thông báo", "quyết định"];
        if TYPES.contains(&f) {
            return Some(Special::TypeWord);
        }
        const SIGN: &[&str] = &["tm.", "tm ", "kt.", "kt ", "tl.", "tuq.", "q. chủ tịch"];
        if SIGN.iter().any(|p| f.starts_with(p))
            || matches!(f, "chủ tịch" | "phó chủ tịch" | "chủ tịch ubnd")
        {
            return Some(Special::Signature);
        }
    }
    if has_date_words(f) && f.chars().count() <= 120 {
        return Some(Special::PlaceDate);
    }
    None
}

/// `ngày 20 tháng 12 năm 2022` somewhere in a folded line.
fn has_date_words(f: &str) -> bool {
    let w: Vec<&str> = f.split_whitespace().collect();
    w.windows(6).any(|x| {
        x[0].ends_with("ngày")
            && x[1].chars().all(|c| c.is_ascii_digit())
            && x[2] == "tháng"
            && x[3].chars().all(|c| c.is_ascii_digit())
            && x[4] == "năm"
            && x[5].trim_end_matches(['.', ',']).chars().all(|c| c.is_ascii_digit())
    })
}

// ---------------------------------------------------------------------------------------------
// Suppression comments

const DIRECTIVE_TAG: &str = "baocao-ls";

fn scan_directives(line: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = find_bytes(&line[from..], "<!--") {
        let open = from + open;
        let Some(close) = find_bytes(&line[open..], "-->") else { break };
        let close = open + close + 3;
        // `<!-->` and `<!--->` close at once: an empty body (the `-->` overlaps the `<!--`).
        let body = line.get(open + 4..close - 3).unwrap_or("").trim();
        // A comment inside a code span (`` `<!-- baocao-ls on -->` ``) is an example being
        // quoted, as in documentation about these comments, not a directive.
        let quoted = line[..open].bytes().filter(|&b| b == b'`').count() % 2 == 1 && line[close..].contains('`');
        if quoted {
            from = close;
            continue;
        }
        if let Some(rest) = body.strip_prefix(DIRECTIVE_TAG) {
            let mut words = rest.split_whitespace();
            let scope = match words.next().map(fold_lower).as_deref() {
                Some("ignore") | Some("bỏ-qua") | Some("bo-qua") => Some(DirectiveScope::Line),
                Some("ignore-file") | Some("bỏ-qua-tệp") | Some("bo-qua-tep") => {
                    Some(DirectiveScope::File)
                }
                Some("on") | Some("bật") => Some(DirectiveScope::Enable(true)),
                Some("off") | Some("tắt") => Some(DirectiveScope::Enable(false)),
                _ => None,
            };
            if let Some(scope) = scope {
                let codes = words
                    .flat_map(|w| w.split(','))
                    .filter(|w| !w.is_empty())
                    .map(|w| w.to_string())
                    .collect();
                out.push(Directive { scope, codes, range: open as u32..close as u32 });
            }
        }
        from = close;
    }
    out
}

/// Replace `<!-- … -->` comments by spaces so they are not read as text (offsets unchanged).
pub fn blank_out_comments(line: &str) -> String {
    let mut out = line.to_string();
    let mut from = 0;
    while let Some(open) = out[from..].find("<!--") {
        let open = from + open;
        let Some(close) = out[open..].find("-->") else { break };
        let close = open + close + 3;
        let spaces = " ".repeat(close - open);
        out.replace_range(open..close, &spaces);
        from = close;
    }
    out
}

/// The unit a line's last number finds at the start of the next line, when the line ends right
/// after the number (no unit, no year, date or period before it): `85` + `hộ, chiếm …`.
fn unit_on_next_line(line: &str, quantities: &mut [numbers::Quantity], head: &str) {
    // (Words right before the number: prose, not the last cell of a table row.)
    let prev_end = quantities.len().checked_sub(2).map_or(0, |k| quantities[k].range.end as usize);
    let Some(last) = quantities.last_mut() else { return };
    let (s, e) = (last.range.start as usize, last.range.end as usize);
    if !line.get(prev_end..s).is_some_and(|t| t.chars().any(char::is_alphabetic)) {
        return;
    }
    if last.unit.is_some() || !line.get(e..).is_some_and(|t| t.trim().is_empty()) || !matches!(last.value, numbers::Value::Exact(_)) {
        return;
    }
    let before = crate::text::fold::fold_lower(line.get(..s).unwrap_or(""));
    let word = before.split_whitespace().last().unwrap_or("");
    if matches!(word, "năm" | "tháng" | "ngày" | "quý" | "số" | "khoản" | "điều" | "mục" | "lần" | "thứ") {
        return;
    }
    let Some(number) = line.get(last.number_range.start as usize..last.number_range.end as usize) else { return };
    let head: String = head.trim_start().chars().take(40).collect();
    if !head.chars().next().is_some_and(char::is_alphabetic) {
        return;
    }
    let probe = format!("{number} {head}");
    let Some(q) = numbers::lex(&probe).into_iter().next() else { return };
    if q.number_range.start == 0 && q.number_range.end as usize == number.len() && q.value == last.value {
        if let Some(u) = q.unit {
            last.unit = Some(u);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_on_the_next_line_is_the_last_numbers_own() {
        let unit = |line: &str, next: &str| lex_line_with(line, Some(next)).quantities.last().and_then(|q| q.unit.as_ref().map(|u| u.name.to_string()));
        assert_eq!(unit("Toàn xã có 1.420 hộ, trong đó hộ nghèo 85", "hộ, chiếm tỷ lệ 5,99%.").as_deref(), Some("hộ"));
        // A year, a table row's last cell, a number followed by words: left alone.
        assert_eq!(unit("Kết quả thực hiện năm 2024", "hộ nghèo giảm còn 85 hộ."), None);
        assert_eq!(unit("Lao động nữ Người 1.580 1.619 1.661 102,47 102,59 104,53", "Lao động nông nghiệp Người 2.210"), None);
        assert_eq!(unit("Toàn xã có 85 hộ nghèo", "hộ, chiếm tỷ lệ 5,99%.").as_deref(), Some("hộ"));
    }

    fn h(line: &str) -> Option<(Numbering, String)> {
        match lex_line(line).kind {
            LineKind::Heading(h) => Some((h.numbering, h.title)),
            _ => None,
        }
    }

    fn arabic(path: &[u32]) -> Numbering {
        Numbering::Arabic { path: path.to_vec(), paren: false }
    }

    #[test]
    fn part_headings() {
        assert_eq!(h("Phần thứ nhất"), Some((Numbering::Part(1), "".into())));
        assert_eq!(h("PHẦN THỨ NHẤT"), Some((Numbering::Part(1), "".into())));
        assert_eq!(h("Phần thứ nhất:"), Some((Numbering::Part(1), "".into())));
        assert_eq!(h("Phần thứ 2"), Some((Numbering::Part(2), "".into())));
        assert_eq!(
            h("Phần thứ hai: KẾ HOẠCH NĂM 2022"),
            Some((Numbering::Part(2), "KẾ HOẠCH NĂM 2022".into()))
        );
        assert_eq!(h("PHẦN THỨ HAI"), Some((Numbering::Part(2), "".into())));
        assert_eq!(h("Phần II. Nhiệm vụ"), Some((Numbering::Part(2), "Nhiệm vụ".into())));
        assert_eq!(h("Phần thứ hai của báo cáo nêu rõ"), None);
        assert_eq!(h("Phần lớn các hộ dân đều chấp hành"), None);
    }

    #[test]
    fn letter_and_roman_headings() {
        assert_eq!(
            h("A. KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU CHỦ YẾU"),
            Some((Numbering::Upper('A'), "KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU CHỦ YẾU".into()))
        );
        assert_eq!(h("A- MỘT SỐ CHỈ TIÊU"), Some((Numbering::Upper('A'), "MỘT SỐ CHỈ TIÊU".into())));
        assert_eq!(h("I. Lĩnh vực kinh tế"), Some((Numbering::Upper('I'), "Lĩnh vực kinh tế".into())));
        assert_eq!(h("II-CÁC NHIỆM VỤ"), Some((Numbering::Roman(2), "CÁC NHIỆM VỤ".into())));
        assert_eq!(
            h("III. LĨNH VỰC QP-AN, TRẬT TỰ AN TOÀN XÃ HỘI."),
            Some((Numbering::Roman(3), "LĨNH VỰC QP-AN, TRẬT TỰ AN TOÀN XÃ HỘI".into()))
        );
        assert_eq!(h("IV. Nhiệm vụ, giải pháp năm 2022."), Some((Numbering::Roman(4), "Nhiệm vụ, giải pháp năm 2022".into())));
        assert_eq!(h("TP.HCM có nhiều"), None);
        assert_eq!(h("UBND thị trấn đã ban hành"), None);
    }

    #[test]
    fn arabic_headings() {
        assert_eq!(h("1. Chỉ tiêu kinh tế (03 chỉ tiêu):"), Some((arabic(&[1]), "Chỉ tiêu kinh tế (03 chỉ tiêu)".into())));
        assert_eq!(
            h("1) Chỉ tiêu kinh tế"),
            Some((Numbering::Arabic { path: vec![1], paren: true }, "Chỉ tiêu kinh tế".into()))
        );
        assert_eq!(h("1.1. Thương mại - Dịch vụ"), Some((arabic(&[1, 1]), "Thương mại - Dịch vụ".into())));
        assert_eq!(h("1.2 Công nghiệp, Tiểu thủ công nghiệp"), Some((arabic(&[1, 2]), "Công nghiệp, Tiểu thủ công nghiệp".into())));
        assert_eq!(h("1.5- Tài chính"), Some((arabic(&[1, 5]), "Tài chính".into())));
        assert_eq!(h("1- Lĩnh vực kinh tế:"), Some((arabic(&[1]), "Lĩnh vực kinh tế".into())));
        assert_eq!(h(" 2. Chỉ tiêu xã hội (07 chỉ tiêu):"), Some((arabic(&[2]), "Chỉ tiêu xã hội (07 chỉ tiêu)".into())));
        assert_eq!(h("**2. Công tác và ban hành văn bản**"), Some((arabic(&[2]), "Công tác và ban hành văn bản".into())));
        assert_eq!(h("## 3. Văn hoá"), Some((arabic(&[3]), "Văn hoá".into())));
    }

    #[test]
    fn run_on_heading_title_stops_at_colon() {
        let (n, t) = h("1.1. Thương mại - Dịch vụ: Đẩy mạnh phát triển các ngành thương mại").unwrap();
        assert_eq!(n, arabic(&[1, 1]));
        assert_eq!(t, "Thương mại - Dịch vụ");
        let LineKind::Heading(hl) = lex_line("a) Trồng trọt: Hoàn thành công tác").kind else { panic!() };
        assert!(hl.run_on);
        assert_eq!(hl.title, "Trồng trọt");
    }

    #[test]
    fn lettered_and_labelled() {
        assert_eq!(h("a) Công nghiệp, tiểu thủ công nghiệp"), Some((Numbering::Lower('a'), "Công nghiệp, tiểu thủ công nghiệp".into())));
        assert_eq!(h("b. Chăn nuôi"), Some((Numbering::Lower('b'), "Chăn nuôi".into())));
        assert_eq!(h("đ) Môi trường"), Some((Numbering::Lower('đ'), "Môi trường".into())));
        assert_eq!(
            h("Nhiệm vụ 1. Phát triển kinh tế"),
            Some((Numbering::Label { word: "nhiệm vụ".into(), n: 1 }, "Phát triển kinh tế".into()))
        );
        assert_eq!(h("*a) Trồng trọt*"), Some((Numbering::Lower('a'), "Trồng trọt".into())));
    }

    #[test]
    fn lines_that_merely_start_with_a_number_are_not_headings() {
        for line in [
            "400 vận động viên tham gia giải",
            "2022 – 2024.",
            "27738 trường đạt chuẩn",
            "15/01/2020 UBND ban hành",
            "1.2 triệu đồng mỗi hộ",
            "3.368 triệu đồng",
            "15.01.2020 họp",
            "1. tăng cường công tác",
            "a) các hộ gia đình",
            "v.v. và các hoạt động khác",
            "1,5 ha lúa",
            "Một là: thực hiện công tác",
        ] {
            assert_eq!(h(line), None, "{line}");
        }
    }

    #[test]
    fn bullets() {
        for line in ["- Thu nhập", "+ Học sinh", "* *Vệ sinh môi trường:* Công tác", "• Mục", "- + Quà tỉnh: 216 xuất"] {
            assert!(matches!(lex_line(line).kind, LineKind::Bullet { .. }), "{line}");
        }
        let LineKind::Bullet { text_start } = lex_line("- + Quà tỉnh").kind else { panic!() };
        assert_eq!(&"- + Quà tỉnh"[text_start as usize..], "Quà tỉnh");
        assert!(!matches!(lex_line("*Nông nghiệp*: Tổng").kind, LineKind::Bullet { .. }));
        assert!(!matches!(lex_line("-5% so với").kind, LineKind::Bullet { .. }));
    }

    #[test]
    fn footnotes() {
        let li = lex_line("¹² Sửa chữa đường giao thông 1,2 tỷ đồng");
        assert!(matches!(li.kind, LineKind::FootnoteDef { label: 12, .. }));
        let li = lex_line("[^3]: Chi tiết tại phụ lục");
        assert!(matches!(li.kind, LineKind::FootnoteDef { label: 3, .. }));
        let li = lex_line("Tổng chi 9,4 tỷ đồng⁽¹⁾ và 2 tỷ¹⁰, diện tích 120 m² và [2].");
        let labels: Vec<u32> = li.footnote_refs.iter().map(|r| r.label).collect();
        assert_eq!(labels, vec![1, 10, 2]);
    }

    #[test]
    fn special_lines() {
        let sp = |l: &str| match lex_line(l).kind {
            LineKind::Text(t) => t.special,
            _ => None,
        };
        assert_eq!(sp("Số: 4293 /BC-UBND"), Some(Special::DocNumber));
        assert_eq!(sp("Số:01/BC-UBND TT Cẩm Giang, ngày 04 tháng 01 năm 2022"), Some(Special::DocNumber));
        assert_eq!(sp("Hương Trà, ngày 15 tháng 11 năm 2021"), Some(Special::PlaceDate));
        assert_eq!(sp("BÁO CÁO"), Some(Special::TypeWord));
        assert_eq!(sp("Nơi nhận:"), Some(Special::Recipients));
        assert_eq!(sp("**TM. ỦY BAN NHÂN DÂN"), Some(Special::Signature));
        assert_eq!(sp("CHỦ TỊCH**"), Some(Special::Signature));
        assert_eq!(sp("Báo cáo của UBND thị xã"), None);
    }

    #[test]
    fn directives_are_read_and_hidden() {
        let li = lex_line("Chi 9 tỷ <!-- baocao-ls ignore cross-mention, plan-percent -->");
        assert_eq!(li.directives.len(), 1);
        assert_eq!(li.directives[0].codes, vec!["cross-mention", "plan-percent"]);
        let li = lex_line("<!-- baocao-ls ignore-file -->");
        assert_eq!(li.kind, LineKind::Blank);
        assert_eq!(li.directives[0].scope, DirectiveScope::File);
        assert!(li.directives[0].codes.is_empty());
    }

    #[test]
    fn a_directive_quoted_in_a_code_span_is_an_example() {
        let li = lex_line("Force it: `<!-- baocao-ls on -->` or `<!-- baocao-ls off -->`.");
        assert!(li.directives.is_empty(), "{:?}", li.directives);
        let li = lex_line("For example: `Thu 3.368 <!-- baocao-ls ignore plan-percent -->`.");
        assert!(li.directives.is_empty(), "{:?}", li.directives);
        // Backticks elsewhere on the line do not hide a real comment.
        let li = lex_line("Mã `A1` đạt 5 <!-- baocao-ls ignore plan-percent -->");
        assert_eq!(li.directives.len(), 1);
        let li = lex_line("a ` b <!-- baocao-ls off -->");
        assert_eq!(li.directives[0].scope, DirectiveScope::Enable(false));
    }

    #[test]
    fn caps_text() {
        let LineKind::Text(t) = lex_line("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN").kind else { panic!() };
        assert!(t.caps);
        let LineKind::Text(t) = lex_line("UBND thị trấn").kind else { panic!() };
        assert!(!t.caps);
    }
}

