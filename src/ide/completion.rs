//! Completion of heading numbers, standard headings and report templates, in editor-neutral
//! terms (byte offsets, labels, snippet text). The server maps the result to LSP.
//!
//! # What is offered, and where
//! - **At the start of a line** (or after a partial number such as `1.`, `II`, `phan thu`): the
//!   heading numbers that can come next, best first: `1.3.` after `1.2.`, `c)` after `b)`,
//!   `III.` after `II.`, `Phần thứ ba` after `Phần thứ hai`, and the alternatives (first child
//!   of the current section, next sibling of each enclosing section), each written in the style
//!   the document already uses for that level (`1)` / `1-` / `1.`, `PHẦN THỨ HAI` / `Phần thứ hai:`,
//!   `1.2` without a final dot). Then the standard headings that fit there, with their number.
//! - **After a complete number** (`1.3. ket`): the standard headings that fit under the section
//!   that number goes in, matched accent-insensitively against what was typed.
//! - **Plain text** (`ket qua`, `noi nhan`): matching standard headings and templates.
//! - **Templates**: the plan part (`Phần thứ hai` and its sections, offered when that part is
//!   next or when `Phần thứ hai` / `phan thu hai` is typed) and the report header (`Số: …/BC-UBND`,
//!   place and today's date, `BÁO CÁO`, title).
//!
//! # How the next number is chosen
//! The open sections at the cursor are the numbered ancestors of the previous non-blank line in
//! the structure tree (a stack of heading styles, outermost first, as in the structure pass).
//! Candidates: the next sibling of each open section, and the first child of the innermost one
//! in each style its children could use (the style children of that kind of section already use
//! in the document, the default hierarchy, the style of the following heading). They are ranked
//! by how well the *following* headings of the document fit after the candidate (the heading
//! sequence is replayed with the candidate inserted and each heading that does not continue its
//! sequence, or nests under a kind of section it never nests under elsewhere, costs a penalty),
//! then by where the following heading says the gap is (when it properly continues an outer
//! sequence, the gap is at the level right under it, unless a deeper open sequence has a single
//! item so far), then, when the following heading would open the candidate's children at several
//! levels, the outermost of them, then by depth (innermost first, or first child first right
//! after a title-like heading). With no heading after the cursor this reduces to the natural
//! order: next sibling first, then first child, then the next sibling of each enclosing section.
//!
//! The catalogue of headings is data: `headings.tsv` next to this file (format described at its
//! top), extended by [`CompletionOptions::extra_headings`].

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::Analysis;
use crate::syntax::line::{LineKind, Special};
use crate::syntax::numbering::{
    lower_follows, lower_successors, ordinal_name, ordinal_word, roman_value, to_roman, upper_follows, Numbering,
};
use crate::syntax::structure::{Section, SectionKind, Style};
use crate::text::fold::fold_ascii;

/// The catalogue shipped with the server.
const CATALOGUE: &str = include_str!("headings.tsv");

/// What the user can set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionOptions {
    /// More headings: a plain string is a heading that fits anywhere; a string with TABs is a
    /// full catalogue line (`key⇥under⇥part⇥then⇥heading⇥aliases`, see `headings.tsv`).
    pub extra_headings: Vec<String>,
    /// The client accepts snippets (`${1:…}` placeholders); otherwise templates are plain text.
    pub snippets: bool,
    /// Today's date as (day, month, year), for the header template.
    pub today: (u32, u32, i32),
}

impl Default for CompletionOptions {
    fn default() -> Self {
        CompletionOptions { extra_headings: Vec::new(), snippets: true, today: today_vietnam() }
    }
}

/// Today's date in Vietnam (UTC+7) from the system clock, as (day, month, year).
pub fn today_vietnam() -> (u32, u32, i32) {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    civil_from_days((secs + 7 * 3600).div_euclid(86_400))
}

/// (day, month, year) of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (u32, u32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (d, m, y)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    /// A heading number: `1.3.`, `III.`, `c)`, `Phần thứ ba`.
    NextNumber,
    /// A standard heading, with its number when offered at the start of a line.
    Heading,
    /// A template: the plan part, the report header.
    Snippet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows (`1.3.`, `2. Tồn tại, hạn chế`).
    pub label: String,
    pub kind: CompletionKind,
    /// What replaces [`Completion::replace`]; snippet syntax when `is_snippet`.
    pub insert_text: String,
    pub is_snippet: bool,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// Byte range of the original text that `insert_text` replaces (char boundaries; ends at
    /// the cursor).
    pub replace: Range<usize>,
    /// Sorts the items in the order they are returned.
    pub sort_key: String,
    /// Text for the client's own filtering: what the user typed in `replace` (so that an
    /// accent-free `ket qua` does not make the client drop `Kết quả …`), or the label and its
    /// accent-free form when nothing was typed. The server should mark the list incomplete so
    /// that it is asked again as the user types.
    pub filter_text: String,
}

/// The completions at byte `offset` of the analysed text. Never panics: an offset past the end
/// is clamped, an offset inside a character gives nothing.
pub fn complete(a: &Analysis, offset: usize, opts: &CompletionOptions) -> Vec<Completion> {
    if a.line_count() == 0 {
        return Vec::new();
    }
    let offset = offset.min(a.len());
    let line = a.line_of(offset).min(a.line_count() - 1);
    let start = a.line_start(line);
    let text = a.line_text(line);
    let col = offset.saturating_sub(start).min(text.len());
    if !text.is_char_boundary(col) {
        return Vec::new();
    }
    let Some(typed) = Typed::parse(&text[..col]) else { return Vec::new() };
    let ctx = Ctx::new(a, line, col, opts);
    let mut items = match &typed.mode {
        Mode::Start => ctx.at_start(start + typed.content, start + col),
        Mode::Prefix(q) => ctx.after_prefix(q, start + typed.content, start + col),
        Mode::Title { number, title_start, query } => {
            ctx.after_number(number, query, start + typed.content, start + title_start, start + col)
        }
    };
    let mut seen = HashSet::new();
    items.retain(|c| seen.insert((c.kind, c.label.clone())));
    for (i, c) in items.iter_mut().enumerate() {
        c.sort_key = format!("{i:04}");
    }
    items
}

// ---------------------------------------------------------------------------------------------
// What was typed on the line before the cursor

#[derive(Debug)]
struct Typed {
    /// Offset in the line where the heading text starts (after indentation and markup).
    content: usize,
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    /// Nothing typed yet.
    Start,
    /// Some text that is not (yet) a complete number followed by a space.
    Prefix(String),
    /// A complete number, then possibly the beginning of a title.
    Title { number: Numbering, title_start: usize, query: String },
}

impl Typed {
    fn parse(before: &str) -> Option<Typed> {
        let mut i = before.len() - before.trim_start().len();
        // `## ` Markdown heading marks, then emphasis.
        let hashes = before[i..].bytes().take_while(|&c| c == b'#').count();
        if (1..=6).contains(&hashes) && before[i + hashes..].starts_with(' ') {
            i += hashes;
            i += before[i..].len() - before[i..].trim_start().len();
        }
        loop {
            let n = before[i..].bytes().take_while(|&c| c == b'*' || c == b'_').count();
            if n == 0 || n > 3 {
                break;
            }
            match before[i + n..].chars().next() {
                // `* ` is a bullet.
                Some(c) if c.is_whitespace() => break,
                _ => i += n,
            }
        }
        let rest = &before[i..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            if matches!(c, '-' | '+' | '*' | '•' | '–' | '●' | '○' | '▪' | '·')
                && chars.next().is_none_or(char::is_whitespace)
            {
                return None; // a bullet
            }
        }
        if rest.chars().count() > 90 {
            return None; // inside a paragraph
        }
        if rest.is_empty() {
            return Some(Typed { content: i, mode: Mode::Start });
        }
        if let Some((number, end)) = parse_number(rest) {
            let after = &rest[end..];
            if after.starts_with(char::is_whitespace) {
                let ts = end + after.len() - after.trim_start().len();
                let query = rest[ts..].to_string();
                return Some(Typed { content: i, mode: Mode::Title { number, title_start: i + ts, query } });
            }
        }
        Some(Typed { content: i, mode: Mode::Prefix(rest.to_string()) })
    }
}

const SEPS: [char; 5] = [':', '.', '-', '–', ')'];

/// A heading number at the start of `s`: (number, end of the number and its separator).
fn parse_number(s: &str) -> Option<(Numbering, usize)> {
    if let Some(p) = parse_part(s) {
        return Some(p);
    }
    let b = s.as_bytes();
    let is_sep = |c: Option<&u8>| matches!(c, Some(b'.' | b')' | b'-'));
    if let Some(rest) = s.strip_prefix('Đ') {
        return is_sep(rest.as_bytes().first()).then(|| (Numbering::Upper('Đ'), 'Đ'.len_utf8() + 1));
    }
    let up = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if (1..=6).contains(&up) && is_sep(b.get(up)) {
        let w = &s[..up];
        let c = w.chars().next()?;
        let n = if up == 1 && !matches!(c, 'I' | 'V' | 'X') {
            Numbering::Upper(c)
        } else {
            Numbering::Roman(roman_value(w)?)
        };
        return Some((n, up + 1));
    }
    if b.first().is_some_and(u8::is_ascii_digit) {
        let mut path = Vec::new();
        let mut j = 0;
        loop {
            let d0 = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == d0 || j - d0 > 2 {
                return None;
            }
            path.push(s[d0..j].parse::<u32>().ok()?);
            if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
                j += 1;
                continue;
            }
            break;
        }
        let paren = b.get(j) == Some(&b')');
        if is_sep(b.get(j)) {
            j += 1;
        } else if path.len() < 2 {
            return None;
        }
        return Some((Numbering::Arabic { path, paren }, j));
    }
    let mut it = s.char_indices();
    let (_, c) = it.next()?;
    if c.is_ascii_lowercase() || c == 'đ' {
        let (k, sep) = it.next()?;
        if sep == ')' || sep == '.' {
            return Some((Numbering::Lower(c), k + 1));
        }
    }
    None
}

/// `Phần thứ hai`, `PHẦN THỨ 2:`, `phan thu hai`, `Phần II` (any accents).
fn parse_part(s: &str) -> Option<(Numbering, usize)> {
    let mut words = words(s);
    let (_, _, w0) = words.next()?;
    if fold_ascii(w0) != "phan" {
        return None;
    }
    let (_, mut end, mut w) = words.next()?;
    if fold_ascii(w) == "thu" {
        (_, end, w) = words.next()?;
    }
    let core = w.trim_end_matches(SEPS);
    let folded = fold_ascii(core);
    let n = ordinal_word(&folded)
        .or_else(|| folded.parse::<u32>().ok().filter(|n| (1..=20).contains(n)))
        .or_else(|| roman_value(core))?;
    // A separator standing alone: `Phần thứ hai :`.
    if let Some((_, e, w)) = words.next() {
        if w.chars().all(|c| SEPS.contains(&c)) && s[end..e].trim_start() == w {
            end = e;
        }
    }
    Some((Numbering::Part(n), end))
}

/// Whitespace-separated words with their byte ranges.
fn words(s: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &s[pos..];
        let start = pos + rest.len() - rest.trim_start().len();
        if start >= s.len() {
            return None;
        }
        let len = s[start..].find(char::is_whitespace).unwrap_or(s.len() - start);
        pos = start + len;
        Some((start, pos, &s[start..pos]))
    })
}

// ---------------------------------------------------------------------------------------------
// Numbering arithmetic


/// `next` continues the sequence of `prev` directly.
fn fits_sibling(prev: &Numbering, next: &Numbering) -> bool {
    use Numbering::*;
    match (prev, next) {
        (Part(a), Part(b)) | (Roman(a), Roman(b)) => *b == a + 1,
        (Upper(a), Upper(b)) => upper_follows(*a, *b),
        (Lower(a), Lower(b)) => lower_follows(*a, *b),
        (Arabic { path: p, .. }, Arabic { path: q, .. }) => {
            p.len() == q.len() && p[..p.len() - 1] == q[..q.len() - 1] && q[q.len() - 1] == p[p.len() - 1] + 1
        }
        (Label { word: w, n: a }, Label { word: v, n: b }) => w == v && *b == a + 1,
        _ => false,
    }
}

/// `h` may open the children of `parent`.
fn fits_first_child(parent: Option<&Numbering>, h: &Numbering) -> bool {
    if h.ordinal() != Some(1) {
        return false;
    }
    match h {
        Numbering::Arabic { path, .. } if path.len() > 1 => {
            matches!(parent, Some(Numbering::Arabic { path: p, .. }) if p[..] == path[..path.len() - 1])
        }
        _ => true,
    }
}

fn next_of(n: &Numbering, latin: bool) -> Option<Numbering> {
    use Numbering::*;
    Some(match n {
        Part(k) => Part(k + 1),
        Roman(k) => Roman(k + 1),
        Upper('Đ') => Upper('E'),
        Upper(c) if c.is_ascii_uppercase() && *c != 'Z' => Upper((*c as u8 + 1) as char),
        Lower(c) if latin && c.is_ascii_lowercase() && *c != 'z' => Lower((*c as u8 + 1) as char),
        Lower(c) => Lower(*lower_successors(*c).first()?),
        Arabic { path, paren } => {
            let mut p = path.clone();
            *p.last_mut()? += 1;
            Arabic { path: p, paren: *paren }
        }
        Label { word, n } => Label { word: word.clone(), n: n + 1 },
        _ => return None,
    })
}

/// The first number of a sequence of `style` under `parent`.
fn first_of(style: &Style, parent: Option<&Numbering>) -> Option<Numbering> {
    Some(match style {
        Style::Part => Numbering::Part(1),
        Style::Upper => Numbering::Upper('A'),
        Style::Roman => Numbering::Roman(1),
        Style::Lower => Numbering::Lower('a'),
        Style::Arabic { depth, paren } => {
            let path = match parent {
                _ if *depth == 1 => vec![1],
                Some(Numbering::Arabic { path, .. }) if path.len() + 1 == *depth => {
                    let mut p = path.clone();
                    p.push(1);
                    p
                }
                _ => vec![1; *depth],
            };
            Numbering::Arabic { path, paren: *paren }
        }
        Style::Label(w) => Numbering::Label { word: w.clone(), n: 1 },
        Style::Unnumbered => return None,
    })
}

/// `child` may sit under `parent` in the usual hierarchy: part › A. › I. › 1. › 1.1. › a).
fn plausible_nesting(parent: &Style, child: &Style) -> bool {
    fn rank(s: &Style) -> u32 {
        match s {
            Style::Part | Style::Unnumbered => 0,
            Style::Upper => 10,
            Style::Roman => 20,
            Style::Label(_) => 25,
            Style::Arabic { depth, paren } => 30 + 10 * *depth as u32 + u32::from(*paren) * 5,
            Style::Lower => 100,
        }
    }
    rank(child) > rank(parent)
}

/// The usual style of the children of a section of `style` (DOMAIN.md's hierarchy).
fn default_child(style: &Style) -> Option<Style> {
    Some(match style {
        Style::Part | Style::Upper => Style::Roman,
        Style::Roman | Style::Label(_) => Style::Arabic { depth: 1, paren: false },
        Style::Arabic { depth: 1, paren: false } => Style::Arabic { depth: 2, paren: false },
        Style::Arabic { .. } => Style::Lower,
        Style::Lower | Style::Unnumbered => return None,
    })
}

fn default_suffix(n: &Numbering) -> &'static str {
    match n {
        Numbering::Arabic { paren: true, .. } | Numbering::Lower(_) => ")",
        Numbering::Part(_) => "",
        _ => ".",
    }
}

/// The separator written after a number: `.` in `1.2.`, `` in `1.2`, `-` in `II-`, `)` in `a)`.
fn suffix_of(raw: &str) -> &str {
    let raw = raw.trim();
    let end = raw.char_indices().rfind(|(_, c)| c.is_alphanumeric()).map(|(i, c)| i + c.len_utf8());
    &raw[end.unwrap_or(0)..]
}

/// Write `n` the way `sample` (a number as written in the document, same style) is written.
fn render(n: &Numbering, sample: Option<&str>) -> String {
    if let Numbering::Part(k) = n {
        return render_part(*k, sample);
    }
    let mut suffix = sample.map(suffix_of).unwrap_or_else(|| default_suffix(n)).to_string();
    let body = match n {
        Numbering::Roman(v) => to_roman(*v),
        Numbering::Upper(c) | Numbering::Lower(c) => c.to_string(),
        Numbering::Arabic { path, .. } => path.iter().map(u32::to_string).collect::<Vec<_>>().join("."),
        Numbering::Label { word, n } => {
            let head = sample
                .and_then(|s| s.find(|c: char| c.is_ascii_digit()).map(|i| s[..i].to_string()))
                .unwrap_or_else(|| capitalize(word) + " ");
            format!("{head}{n}")
        }
        _ => String::new(),
    };
    let bare_ok = matches!(n, Numbering::Arabic { path, paren: false } if path.len() > 1);
    if (suffix.is_empty() && !bare_ok) || (matches!(n, Numbering::Arabic { paren: true, .. }) && !suffix.contains(')'))
    {
        suffix = default_suffix(n).to_string();
    }
    body + &suffix
}

/// `Phần thứ ba` in the manner of `sample` (`PHẦN THỨ NHẤT`, `Phần thứ 2:`, `Phần II`).
fn render_part(k: u32, sample: Option<&str>) -> String {
    let word = |caps: bool| match ordinal_name(k) {
        Some(w) if caps => w.to_uppercase(),
        Some(w) => w.to_string(),
        None => k.to_string(),
    };
    let default = format!("Phần thứ {}", word(false));
    let Some(sample) = sample else { return default };
    let mut ws: Vec<&str> = sample.split_whitespace().collect();
    let mut sep = String::new();
    if ws.len() > 2 && ws.last().is_some_and(|w| w.chars().all(|c| SEPS.contains(&c))) {
        sep = format!(" {}", ws.pop().unwrap_or_default());
    }
    let Some(last) = ws.pop() else { return default };
    if ws.is_empty() {
        return default;
    }
    let core = last.trim_end_matches(SEPS);
    if sep.is_empty() {
        sep = last[core.len()..].to_string();
    }
    let caps = sample.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let ord = if core.chars().all(|c| c.is_ascii_digit()) {
        k.to_string()
    } else if roman_value(core).is_some() {
        to_roman(k)
    } else {
        word(caps)
    };
    format!("{} {ord}{sep}", ws.join(" "))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `KẾ HOẠCH PHÁT TRIỂN` → `Kế hoạch phát triển`.
fn sentence_case(s: &str) -> String {
    capitalize(&s.to_lowercase())
}

fn is_caps(s: &str) -> bool {
    caps_of(s) == Some(true)
}

/// Whether a title with at least three letters is in capitals (`None` for fewer letters). Stops
/// at the first small letter once three letters are seen; ASCII needs no Unicode tables.
fn caps_of(s: &str) -> Option<bool> {
    let (mut letters, mut small) = (0, false);
    for c in s.chars() {
        let (letter, lower) = if c.is_ascii() {
            (c.is_ascii_alphabetic(), c.is_ascii_lowercase())
        } else if c.is_alphabetic() {
            (true, !c.is_uppercase())
        } else {
            (false, false)
        };
        letters += usize::from(letter);
        small |= lower;
        if small && letters >= 3 {
            return Some(false);
        }
    }
    (letters >= 3).then_some(!small)
}

// ---------------------------------------------------------------------------------------------
// The catalogue

#[derive(Debug, Clone)]
struct Entry {
    key: String,
    under: Vec<String>,
    /// 1 results, 2 plan, `None` either.
    part: Option<u8>,
    then: Option<String>,
    label: String,
    /// Normalised label and aliases, for recognising existing headings.
    phrases: Vec<String>,
}

impl Entry {
    fn parse(line: &str) -> Option<Entry> {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < 5 || cols[4].is_empty() {
            return None;
        }
        let opt = |s: &str| (!s.is_empty() && s != "-").then(|| s.to_string());
        let label = cols[4].to_string();
        let mut phrases = vec![norm(&label.replace("{N+1}", "").replace("{N}", ""))];
        if let Some(aliases) = cols.get(5) {
            phrases.extend(aliases.split(';').map(norm).filter(|p| !p.is_empty()));
        }
        Some(Entry {
            key: cols[0].to_string(),
            under: cols[1].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
            part: match cols[2] {
                "1" => Some(1),
                "2" => Some(2),
                _ => None,
            },
            then: opt(cols[3]),
            label,
            phrases,
        })
    }

    /// A heading the user added in the settings.
    fn extra(s: &str) -> Option<Entry> {
        if s.contains('\t') {
            return Entry::parse(s);
        }
        let label = s.trim();
        (!label.is_empty()).then(|| Entry {
            key: "-".into(),
            under: vec!["@any".into()],
            part: None,
            then: None,
            label: label.to_string(),
            phrases: vec![norm(label)],
        })
    }

    fn has(&self, place: &str) -> bool {
        self.under.iter().any(|u| u == place)
    }

    /// Length of the longest phrase of this entry found in the normalised title `t` (0: none).
    fn recognise(&self, t: &str) -> usize {
        let hay = format!(" {t} ");
        self.phrases.iter().filter(|p| hay.contains(&format!(" {p} "))).map(|p| p.len()).max().unwrap_or(0)
    }
}

fn builtin() -> &'static [Entry] {
    static CAT: OnceLock<Vec<Entry>> = OnceLock::new();
    CAT.get_or_init(|| CATALOGUE.lines().filter_map(Entry::parse).collect())
}

/// Accent-free, lower case, punctuation as spaces, single spaces: `Tồn tại, hạn chế` → `ton tai han che`.
fn norm(s: &str) -> String {
    let f = fold_ascii(s);
    let spaced: String = f.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How well the typed `query` matches `label` (both normalised): 4 prefix, 3 at a word start,
/// 2 every word a word prefix in order, 1 empty query.
fn match_score(query: &str, label: &str) -> Option<u8> {
    if query.is_empty() {
        return Some(1);
    }
    if label.starts_with(query) {
        return Some(4);
    }
    if label.contains(&format!(" {query}")) {
        return Some(3);
    }
    let mut lw = label.split(' ');
    query.split(' ').all(|q| lw.any(|w| w.starts_with(q))).then_some(2)
}

// ---------------------------------------------------------------------------------------------
// The context at the cursor

fn numbered(s: &Section) -> bool {
    s.numbering.is_some()
        && matches!(
            s.kind,
            SectionKind::Part
                | SectionKind::Group
                | SectionKind::Roman
                | SectionKind::Numbered
                | SectionKind::Lettered
                | SectionKind::Label
        )
}

/// Where a candidate number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// After this open section, as its sibling.
    NextSibling(usize),
    /// First child of this section (`None`: at the top level).
    FirstChild(Option<usize>),
}

#[derive(Debug, Clone)]
struct Cand {
    num: Numbering,
    style: Style,
    /// Index in the stack where it goes: it closes `stack[pos..]`.
    pos: usize,
    origin: Origin,
    base: u32,
    penalty: u32,
    /// The following heading becomes its first child.
    attach: bool,
    /// The following headings that become its siblings.
    next_sibs: Vec<usize>,
    label: String,
}

struct Ctx<'a> {
    a: &'a Analysis,
    secs: &'a [Section],
    line: usize,
    /// The previous non-blank line.
    prev: Option<usize>,
    /// The open numbered sections at the cursor, outermost first.
    stack: Vec<usize>,
    /// The numbered sections after the cursor line, up to the footer or the next report.
    after: Vec<usize>,
    /// (parent style, child style) pairs seen in the document.
    pairs: HashSet<(Style, Style)>,
    latin: bool,
    cat: Vec<Entry>,
    /// Normalised section names (see [`norm`]), by section index, computed when first needed.
    names: Vec<std::cell::OnceCell<String>>,
    opts: &'a CompletionOptions,
}

impl<'a> Ctx<'a> {
    fn new(a: &'a Analysis, line: usize, col: usize, opts: &'a CompletionOptions) -> Ctx<'a> {
        let secs = &a.structure.sections[..];
        let prev = (0..line).rev().find(|&i| !matches!(a.lines()[i].kind, LineKind::Blank));
        let stack: Vec<usize> = prev
            .map(|p| a.structure.ancestry(p))
            .unwrap_or_default()
            .into_iter()
            .filter(|&i| numbered(&secs[i]) && secs[i].line as usize != line)
            .collect();
        let mut after = Vec::new();
        let line_start = a.line_start(line);
        for (i, s) in secs.iter().enumerate() {
            // A heading that starts on the cursor's line, after the cursor, follows it.
            let rest_of_line = s.line as usize == line && s.selection.start >= line_start + col;
            if s.line as usize <= line && !rest_of_line {
                continue;
            }
            if matches!(s.kind, SectionKind::Header | SectionKind::Recipients | SectionKind::Signature) {
                break;
            }
            if numbered(s) {
                after.push(i);
                if after.len() >= 400 {
                    break;
                }
            }
        }
        let mut pairs = HashSet::new();
        let mut latin = false;
        for s in secs.iter().filter(|s| numbered(s) && s.line as usize != line) {
            if let Some(Numbering::Lower(c)) = &s.numbering {
                latin |= matches!(c, 'f' | 'j' | 'w' | 'z');
            }
            // A nesting that spans the cursor is what an insertion there may change: not evidence.
            let spans = |p: &Section| (p.line as usize) < line && (s.line as usize) > line;
            if let Some(p) = s.parent.map(|p| &secs[p]).filter(|p| numbered(p) && p.line as usize != line && !spans(p))
            {
                pairs.insert((
                    Style::of(p.numbering.as_ref().expect("numbered")),
                    Style::of(s.numbering.as_ref().expect("numbered")),
                ));
            }
        }
        let mut cat = builtin().to_vec();
        cat.extend(opts.extra_headings.iter().filter_map(|s| Entry::extra(s)));
        let names = secs.iter().map(|_| std::cell::OnceCell::new()).collect();
        Ctx { a, secs, line, prev, stack, after, pairs, latin, cat, names, opts }
    }

    /// The normalised name of section `s`.
    fn name(&self, s: usize) -> &str {
        self.names[s].get_or_init(|| norm(&self.secs[s].name))
    }

    fn num(&self, s: usize) -> &Numbering {
        self.secs[s].numbering.as_ref().expect("numbered section")
    }

    fn style(&self, s: usize) -> Style {
        Style::of(self.num(s))
    }

    /// Sections that take part in numbering, except one on the cursor's line.
    fn others(&self) -> impl Iterator<Item = (usize, &'a Section)> + '_ {
        let line = self.line;
        self.secs.iter().enumerate().filter(move |(_, s)| numbered(s) && s.line as usize != line)
    }

    /// The number of section `s` as written on its line, separator included (`Phần thứ nhất:`).
    fn raw(&self, s: usize) -> String {
        let sec = &self.secs[s];
        match self.a.lines().get(sec.line as usize).map(|l| &l.kind) {
            Some(LineKind::Heading(h)) => h.number_text.clone(),
            _ => sec.number_text.clone(),
        }
    }

    fn parent_of_pos(&self, pos: usize) -> Option<usize> {
        pos.checked_sub(1).map(|p| self.stack[p])
    }

    /// The section whose written form candidate `c` should copy. Its siblings first: the
    /// previous ones (nearest first), then the ones that follow it once inserted; a sibling
    /// written without a final dot (`1.2` among `1.1.` `1.3.`) is a slip and is passed over
    /// unless all of them are written so. Without siblings, the nearest section of that style,
    /// else an Arabic number of the same kind.
    fn sample(&self, c: &Cand) -> Option<usize> {
        let style = &c.style;
        let same = |s: &Section| s.numbering.as_ref().is_some_and(|n| Style::of(n) == *style);
        let mut sibs: Vec<usize> = Vec::new();
        if let Origin::NextSibling(s) = c.origin {
            let (parent, scope, line) = (self.secs[s].parent, self.secs[s].scope, self.secs[s].line);
            let mut before: Vec<usize> = self
                .others()
                .filter(|(_, x)| same(x) && x.parent == parent && x.scope == scope && x.line <= line)
                .map(|(i, _)| i)
                .collect();
            before.reverse();
            sibs.extend(before);
        }
        sibs.extend(c.next_sibs.iter().copied());
        let dotted = |i: &usize| !suffix_of(&self.raw(*i)).is_empty();
        if !sibs.is_empty() {
            return sibs.iter().copied().find(dotted).or(sibs.first().copied());
        }
        self.style_sample(style)
    }

    /// The nearest section of `style` (preferring one with a final separator), else the nearest
    /// Arabic number of the same kind.
    fn style_sample(&self, style: &Style) -> Option<usize> {
        let same = |s: &Section| s.numbering.as_ref().is_some_and(|n| Style::of(n) == *style);
        let dotted = |i: &usize| !suffix_of(&self.raw(*i)).is_empty();
        let line = self.line as u32;
        let mut near: Vec<usize> = self.others().filter(|(_, x)| same(x)).map(|(i, _)| i).collect();
        near.sort_by_key(|&i| self.secs[i].line.abs_diff(line));
        if let Some(i) = near.iter().copied().find(dotted).or(near.first().copied()) {
            return Some(i);
        }
        let kin = |x: &Section| match (style, x.numbering.as_ref().map(Style::of)) {
            (Style::Arabic { paren, .. }, Some(Style::Arabic { paren: p, depth })) => *paren == p && depth == 1,
            _ => false,
        };
        self.others().filter(|(_, x)| kin(x)).min_by_key(|(_, x)| x.line.abs_diff(line)).map(|(i, _)| i)
    }

    /// Styles the children of a section `s` (of style `st`) could use, most likely first.
    fn child_styles(&self, s: Option<usize>) -> Vec<Style> {
        let mut out: Vec<Style> = Vec::new();
        let add = |x: Style, out: &mut Vec<Style>| {
            if x != Style::Unnumbered && !out.contains(&x) {
                out.push(x);
            }
        };
        let first_child = |i: usize| -> Option<Style> {
            self.secs[i]
                .children
                .iter()
                .map(|&c| &self.secs[c])
                .find(|c| numbered(c) && c.line as usize != self.line)
                .and_then(|c| c.numbering.as_ref().map(Style::of))
        };
        match s {
            Some(s) => {
                let st = self.style(s);
                let parent = self.secs[s].parent;
                // The children of its previous siblings, nearest first.
                for (i, _) in self
                    .others()
                    .filter(|(i, x)| {
                        *i != s
                            && x.line < self.secs[s].line
                            && x.parent == parent
                            && Style::of(x.numbering.as_ref().expect("numbered")) == st
                    })
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                {
                    if let Some(x) = first_child(i) {
                        add(x, &mut out);
                    }
                }
                // The children of any section of the same style, nearest first.
                let mut same: Vec<(usize, &Section)> = self
                    .others()
                    .filter(|(i, x)| *i != s && Style::of(x.numbering.as_ref().expect("numbered")) == st)
                    .collect();
                same.sort_by_key(|(_, x)| x.line.abs_diff(self.line as u32));
                for (i, _) in same {
                    if let Some(x) = first_child(i) {
                        add(x, &mut out);
                    }
                }
                if let Some(d) = default_child(&st) {
                    add(d, &mut out);
                }
            }
            None => {
                let scope = self.scope();
                for (_, x) in self.others().filter(|(_, x)| x.parent.is_none() && x.scope == scope) {
                    add(Style::of(x.numbering.as_ref().expect("numbered")), &mut out);
                }
                add(Style::Part, &mut out);
                add(Style::Roman, &mut out);
            }
        }
        out
    }

    fn scope(&self) -> u32 {
        self.prev.and_then(|p| self.a.structure.section_at_line(p)).map(|s| s.scope).unwrap_or(0)
    }

    /// Right after the heading (or title lines) of the innermost open section.
    ///
    /// Not when that heading is a numbered point rather than a title (a long sentence, or a
    /// title with body text running on after a colon), nor when it is in a flat list (two or
    /// more earlier siblings, none with numbered children).
    fn after_heading(&self) -> bool {
        let (Some(&s), Some(p)) = (self.stack.last(), self.prev) else { return false };
        let sec = &self.secs[s];
        if p > sec.heading_end_line as usize {
            return false;
        }
        let run_on = match &self.a.lines()[sec.line as usize].kind {
            LineKind::Heading(h) => h.run_on,
            _ => false,
        };
        if run_on || sec.name.chars().count() > 100 {
            return false;
        }
        let st = self.style(s);
        let earlier: Vec<usize> = self
            .others()
            .filter(|(i, x)| {
                *i != s
                    && x.parent == sec.parent
                    && x.line < sec.line
                    && x.numbering.as_ref().map(Style::of) == Some(st.clone())
            })
            .map(|(i, _)| i)
            .collect();
        let has_children = |i: usize| self.secs[i].children.iter().any(|&c| numbered(&self.secs[c]));
        earlier.len() < 2 || earlier.iter().any(|&i| has_children(i))
    }

    // -----------------------------------------------------------------------------------------
    // Candidate numbers

    fn candidates(&self) -> Vec<Cand> {
        let k = self.stack.len();
        let after_heading = self.after_heading();
        let mut out: Vec<Cand> = Vec::new();
        let stack_styles: Vec<Style> = self.stack.iter().map(|&s| self.style(s)).collect();
        let push = |num: Numbering, pos: usize, origin: Origin, base: u32, out: &mut Vec<Cand>| {
            let style = Style::of(&num);
            if out.iter().any(|c| c.num == num && c.pos == pos) {
                return;
            }
            out.push(Cand {
                num,
                style,
                pos,
                origin,
                base,
                penalty: 0,
                attach: false,
                next_sibs: Vec::new(),
                label: String::new(),
            });
        };
        for j in (0..k).rev() {
            if let Some(n) = next_of(self.num(self.stack[j]), self.latin) {
                let base = if j + 1 == k {
                    if after_heading {
                        10
                    } else {
                        0
                    }
                } else {
                    20 + 10 * (k - 1 - j) as u32
                };
                push(n, j, Origin::NextSibling(self.stack[j]), base, &mut out);
            }
        }
        if k == 0 {
            // At the top level: the next of the last top-level section of this report.
            let scope = self.scope();
            if let Some((i, _)) = self
                .others()
                .filter(|(_, s)| s.parent.is_none() && s.scope == scope && s.line < self.line as u32)
                .last()
            {
                if let Some(n) = next_of(self.num(i), self.latin) {
                    push(n, 0, Origin::NextSibling(i), 0, &mut out);
                }
            }
        }
        let inner = self.stack.last().copied();
        let mut styles = self.child_styles(inner);
        if let Some(&n) = self.after.first() {
            let st = self.style(n);
            if !styles.contains(&st) {
                styles.push(st);
            }
        }
        let first_base = if after_heading || k == 0 { 0 } else { 5 };
        for (r, st) in styles.iter().enumerate() {
            if stack_styles.contains(st) || (*st == Style::Part && k > 0) {
                continue;
            }
            if let Some(n) = first_of(st, inner.map(|s| self.num(s))) {
                push(n, k, Origin::FirstChild(inner), first_base + r as u32, &mut out);
            }
        }
        for c in &mut out {
            let (penalty, attach, next_sibs) = self.replay(c);
            c.penalty = penalty;
            c.attach = attach;
            c.next_sibs = next_sibs;
            c.label = render(&c.num, self.sample(c).map(|s| self.raw(s)).as_deref());
        }
        let preferred = self.preferred_pos();
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&i| {
            let c = &out[i];
            (c.penalty, u8::from(preferred != Some(c.pos)), if c.attach { c.pos } else { usize::MAX }, c.base, i)
        });
        order.into_iter().map(|i| out[i].clone()).collect()
    }

    /// Replay the following headings with `c` inserted: (penalty, whether the first of them
    /// becomes `c`'s first child, those that become its siblings). A heading that does not
    /// continue its sequence costs 2 (3 when it goes backwards: `B.` after `C.`); one nesting
    /// under a kind of section it never nests under in the document costs 1, or 2 against the
    /// usual hierarchy (`I.` under `1.`).
    fn replay(&self, c: &Cand) -> (u32, bool, Vec<usize>) {
        let mut ns: Vec<(Style, Numbering)> =
            self.stack[..c.pos].iter().map(|&s| (self.style(s), self.num(s).clone())).collect();
        ns.push((c.style.clone(), c.num.clone()));
        let mut penalty = 0;
        let mut attach = false;
        let mut sibs = Vec::new();
        let mut open = true;
        let order_cost = |prev: &Numbering, h: &Numbering| -> u32 {
            if fits_sibling(prev, h) {
                0
            } else if h.ordinal() < prev.ordinal() {
                3
            } else {
                2
            }
        };
        for (idx, &h) in self.after.iter().enumerate() {
            let hn = self.num(h);
            let hs = Style::of(hn);
            if hs == Style::Part {
                penalty += match ns.iter().find(|(s, _)| *s == Style::Part) {
                    Some((_, p)) => order_cost(p, hn),
                    None if hn.ordinal() == Some(1) => 0,
                    None => 2,
                };
                if c.style == Style::Part {
                    sibs.push(h);
                }
                break; // a part closes everything: what follows is the same for every candidate
            }
            if let Some(i) = ns.iter().position(|(s, _)| *s == hs) {
                penalty += order_cost(&ns[i].1, hn);
                if i < c.pos {
                    open = false;
                } else if i == c.pos && open {
                    sibs.push(h);
                }
                ns.truncate(i);
            } else {
                let parent = ns.last();
                let first = fits_first_child(parent.map(|(_, n)| n), hn);
                if !first {
                    penalty += 2;
                }
                let nesting = match parent {
                    Some((ps, _)) if self.pairs.contains(&(ps.clone(), hs.clone())) => 0,
                    Some((ps, _)) if plausible_nesting(ps, &hs) => 1,
                    Some(_) => 2,
                    None => 0,
                };
                penalty += nesting;
                if idx == 0 && ns.len() == c.pos + 1 && first && nesting == 0 {
                    attach = true;
                }
            }
            ns.push((hs, hn.clone()));
        }
        (penalty, attach, sibs)
    }

    /// Where the following heading says the gap is: when it properly continues an open
    /// sequence, at the level right under that sequence, unless a deeper open sequence has only
    /// its first item so far (a list of one is unfinished).
    ///
    /// When the following heading does not continue an open sequence, only the unfinished list
    /// of one counts (the deepest open section numbered 1).
    fn preferred_pos(&self) -> Option<usize> {
        let &n = self.after.first()?;
        let hs = self.style(n);
        let single =
            |from: usize| (from..self.stack.len()).rev().find(|&j| self.num(self.stack[j]).ordinal() == Some(1));
        match self.stack.iter().position(|&s| self.style(s) == hs) {
            Some(i) if fits_sibling(self.num(self.stack[i]), self.num(n)) => single(i + 1).or(Some(i + 1)),
            _ => single(0),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Headings of the catalogue

    /// Results (1) or plan (2) part, for a position under `parent`.
    fn part_type(&self, parent: Option<usize>) -> u8 {
        let mut cur = parent;
        let mut plan = false;
        while let Some(i) = cur {
            let s = &self.secs[i];
            if s.kind == SectionKind::Part {
                return if s.numbering.as_ref().and_then(Numbering::ordinal) == Some(1) { 1 } else { 2 };
            }
            let t = self.name(i);
            let results = ["tinh hinh thuc hien", "ket qua"].iter().any(|w| t.contains(w));
            plan |= !results && ["nhiem vu", "giai phap", "ke hoach", "phuong huong"].iter().any(|w| t.contains(w));
            cur = s.parent;
        }
        if plan {
            2
        } else {
            1
        }
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.cat.iter().find(|e| e.key == key)
    }

    /// The catalogue heading a section's title is, if any.
    fn recognise(&self, s: usize, pt: u8) -> Option<&Entry> {
        let t = self.name(s);
        self.cat
            .iter()
            .filter(|e| e.part.is_none_or(|p| p == pt) && !e.has("@footer") && !e.has("@any"))
            .map(|e| (e.recognise(t), e))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, e)| e)
    }

    /// 3: fits right under `parent`; 2: under its parent, or anywhere; 0: not there.
    fn fit(&self, e: &Entry, parent: Option<usize>, pt: u8) -> u8 {
        if e.has("@any") {
            return 2;
        }
        if e.part.is_some_and(|p| p != pt) || e.has("@footer") || e.has("@title") {
            return 0;
        }
        match parent {
            None => 3 * u8::from(e.has("@part")),
            Some(p) if self.secs[p].kind == SectionKind::Part => 3 * u8::from(e.has("@part")),
            Some(p) if self.goes_under(e, p) => 3,
            Some(p) => match self.secs[p].parent {
                Some(g) if self.secs[g].kind != SectionKind::Part && self.goes_under(e, g) => 2,
                _ => 0,
            },
        }
    }

    /// `e` is listed under section `s`: `key` when `s`'s title is that catalogue heading,
    /// `outer>key` when moreover `s`'s parent's title is `outer`.
    fn goes_under(&self, e: &Entry, s: usize) -> bool {
        let is = |key: &str, s: usize| {
            let t = self.name(s);
            self.entry(key).is_some_and(|pe| pe.recognise(t) > 0)
        };
        e.under.iter().filter(|k| !k.starts_with('@')).any(|k| match k.split_once('>') {
            Some((outer, key)) => is(key.trim(), s) && self.secs[s].parent.is_some_and(|g| is(outer.trim(), g)),
            None => is(k, s),
        })
    }

    /// A heading like `e` is already among the children of `parent` (top level: `None`).
    fn present(&self, e: &Entry, parent: Option<usize>) -> bool {
        self.others().any(|(i, x)| x.parent == parent && e.recognise(self.name(i)) > 0)
    }

    /// Report year N (the year reported on) and plan year N+1.
    fn years(&self) -> (i32, i32) {
        let from_doc =
            self.secs.iter().filter(|s| matches!(s.kind, SectionKind::Header | SectionKind::Part)).find_map(|s| {
                s.name
                    .split(|c: char| !c.is_ascii_digit())
                    .find_map(|w| w.parse::<i32>().ok().filter(|y| w.len() == 4 && (1990..2200).contains(y)))
            });
        let (_, m, y) = self.opts.today;
        let n = from_doc.unwrap_or(if m >= 7 { y } else { y - 1 });
        (n, n + 1)
    }

    fn expand(&self, label: &str) -> String {
        let (n, n1) = self.years();
        label.replace("{N+1}", &n1.to_string()).replace("{N}", &n.to_string())
    }

    /// Titles of sections of `style` are mostly in capitals.
    fn caps_titles(&self, style: &Style) -> bool {
        let (mut caps, mut total) = (0, 0);
        for (_, s) in self.others().filter(|(_, s)| s.numbering.as_ref().map(Style::of).as_ref() == Some(style)) {
            if let Some(c) = caps_of(&s.name) {
                total += 1;
                caps += usize::from(c);
            }
        }
        total > 0 && caps * 2 > total
    }

    fn heading_text(&self, e: &Entry, caps: bool) -> String {
        let t = self.expand(&e.label);
        if caps {
            t.to_uppercase()
        } else {
            t
        }
    }

    fn where_text(&self, e: &Entry, parent: Option<usize>) -> String {
        if e.has("@footer") {
            return "Cuối văn bản, sau phần nội dung".into();
        }
        if e.has("@title") {
            return "Tên của phần".into();
        }
        match parent {
            Some(p) if !self.secs[p].name.is_empty() => {
                format!("Mục thuộc: {} {}", self.secs[p].number_text, self.secs[p].name).replace("  ", " ")
            }
            _ => "Mục lớn của báo cáo".into(),
        }
    }

    fn heading_item(
        &self,
        e: &Entry,
        number: Option<&str>,
        caps: bool,
        parent: Option<usize>,
        replace: Range<usize>,
        typed: &str,
    ) -> Completion {
        let text = self.heading_text(e, caps);
        let label = match number {
            Some(n) => format!("{n} {text}"),
            None => text,
        };
        Completion {
            filter_text: filter(typed, &label),
            insert_text: label.clone(),
            label,
            kind: CompletionKind::Heading,
            is_snippet: false,
            detail: Some("Đề mục thường dùng".into()),
            documentation: Some(self.where_text(e, parent)),
            replace,
            sort_key: String::new(),
        }
    }

    fn number_item(&self, c: &Cand, replace: Range<usize>, typed: &str) -> Completion {
        let detail = match c.origin {
            Origin::NextSibling(s) => format!("Mục tiếp theo sau {}", self.secs[s].number_text),
            Origin::FirstChild(Some(s)) => format!("Mục con đầu tiên của {}", self.secs[s].number_text),
            Origin::FirstChild(None) => "Mục đầu tiên".to_string(),
        };
        let insert = if c.style == Style::Part { c.label.clone() } else { format!("{} ", c.label) };
        Completion {
            filter_text: filter(typed, &c.label),
            label: c.label.clone(),
            kind: CompletionKind::NextNumber,
            insert_text: insert,
            is_snippet: false,
            detail: Some(detail),
            documentation: None,
            replace,
            sort_key: String::new(),
        }
    }

    /// `then` suggestions: after `1. Những kết quả đạt được`, `2. Tồn tại, hạn chế` when the
    /// report does not have it yet.
    fn sequel(&self, c: &Cand) -> Option<&Entry> {
        let Origin::NextSibling(s) = c.origin else { return None };
        let pt = self.part_type(Some(s));
        let e = self.recognise(s, pt)?;
        let t = self.entry(e.then.as_deref()?)?;
        let parent = self.secs[s].parent;
        let present = self.others().any(|(i, x)| i != s && x.parent == parent && t.recognise(self.name(i)) > 0);
        (!present).then_some(t)
    }

    /// Catalogue headings typed as `query` (normalised), ranked; `parent` gives the fit.
    fn matching_headings(&self, query: &str, parent: Option<usize>, pt: u8, with_titles: bool) -> Vec<&Entry> {
        let mut scored: Vec<(u8, u8, usize, &Entry)> = Vec::new();
        for (i, e) in self.cat.iter().enumerate() {
            if e.has("@title") && !with_titles {
                continue;
            }
            let fit = if e.has("@title") {
                3
            } else if e.has("@footer") {
                1
            } else {
                self.fit(e, parent, pt)
            };
            let label = norm(&self.expand(&e.label));
            let score = std::iter::once(&label).chain(e.phrases.iter()).filter_map(|p| match_score(query, p)).max();
            let Some(score) = score else { continue };
            if query.is_empty() && fit < 2 {
                continue;
            }
            scored.push((score, fit, i, e));
        }
        scored.sort_by_key(|&(s, f, i, _)| (std::cmp::Reverse(s), std::cmp::Reverse(f), i));
        scored.into_iter().map(|(_, _, _, e)| e).collect()
    }

    /// The cursor follows a bare part heading (`Phần thứ hai:` with no title yet).
    fn after_bare_part(&self) -> Option<usize> {
        let &s = self.stack.last()?;
        let sec = &self.secs[s];
        (sec.kind == SectionKind::Part && self.prev == Some(sec.line as usize) && sec.heading_end_line == sec.line)
            .then_some(s)
    }

    fn no_recipients(&self) -> bool {
        !self.secs.iter().any(|s| s.kind == SectionKind::Recipients)
    }

    fn before_body(&self) -> bool {
        !self.secs.iter().any(|s| numbered(s) && (s.line as usize) < self.line)
    }

    fn has_header(&self) -> bool {
        self.a.lines().iter().any(|l| {
            matches!(&l.kind, LineKind::Text(t) if matches!(t.special, Some(Special::DocNumber | Special::TypeWord)))
        })
    }

    // -----------------------------------------------------------------------------------------
    // The three situations

    fn at_start(&self, from: usize, cursor: usize) -> Vec<Completion> {
        let r = from..cursor;
        let cands = self.candidates();
        let mut items: Vec<Completion> = cands.iter().map(|c| self.number_item(c, r.clone(), "")).collect();
        if cands.iter().take(3).any(|c| c.num == Numbering::Part(2)) {
            items.push(self.plan_skeleton(r.clone(), ""));
        }
        if let Some(p) = self.after_bare_part() {
            let pt = if self.num(p).ordinal() == Some(1) { 1 } else { 2 };
            let caps = self.caps_part_titles();
            for e in self.cat.iter().filter(|e| e.has("@title") && e.part.is_none_or(|x| x == pt)) {
                items.push(self.heading_item(e, None, caps, Some(p), r.clone(), ""));
            }
        }
        let top: Vec<&Cand> = cands.iter().filter(|c| c.style != Style::Part).take(3).collect();
        for c in &top {
            if let Some(t) = self.sequel(c) {
                let parent = self.parent_of_pos(c.pos);
                items.push(self.heading_item(t, Some(&c.label), self.caps_titles(&c.style), parent, r.clone(), ""));
            }
        }
        for c in &top {
            let parent = self.parent_of_pos(c.pos);
            let pt = self.part_type(parent);
            let caps = self.caps_titles(&c.style);
            for e in
                self.cat.iter().filter(|e| !e.has("@any") && self.fit(e, parent, pt) == 3 && !self.present(e, parent))
            {
                items.push(self.heading_item(e, Some(&c.label), caps, parent, r.clone(), ""));
            }
        }
        for e in self.cat.iter().filter(|e| e.has("@any")) {
            items.push(self.heading_item(e, None, false, None, r.clone(), ""));
        }
        if self.no_recipients() && self.after.is_empty() && !self.stack.is_empty() {
            for e in self.cat.iter().filter(|e| e.has("@footer")) {
                items.push(self.heading_item(e, None, false, None, r.clone(), ""));
            }
        }
        if self.before_body() && !self.has_header() {
            items.push(self.header_snippet(r.clone(), ""));
        }
        items
    }

    fn after_prefix(&self, typed: &str, from: usize, cursor: usize) -> Vec<Completion> {
        let r = from..cursor;
        let cands = self.candidates();
        let q_num = fold_ascii(typed).split_whitespace().collect::<Vec<_>>().join(" ");
        let mut items: Vec<Completion> = cands
            .iter()
            .filter(|c| fold_ascii(&c.label).split_whitespace().collect::<Vec<_>>().join(" ").starts_with(&q_num))
            .map(|c| self.number_item(c, r.clone(), typed))
            .collect();
        let q = norm(typed);
        let plan_part = ["phan thu hai", "phan thu 2", "phan ii", "phan 2"];
        if q.len() >= 4 && plan_part.iter().any(|p| p.starts_with(&q) || q.starts_with(p)) {
            items.push(self.plan_skeleton(r.clone(), typed));
        }
        let top = cands.iter().find(|c| c.style != Style::Part);
        let parent = top.map(|c| self.parent_of_pos(c.pos)).unwrap_or(self.stack.last().copied());
        let caps = top.is_some_and(|c| self.caps_titles(&c.style));
        let pt = self.part_type(parent);
        let titles = self.after_bare_part().is_some();
        for e in self.matching_headings(&q, parent, pt, titles) {
            let caps = caps && !e.has("@footer") && !e.has("@any");
            items.push(self.heading_item(e, None, caps, parent, r.clone(), typed));
        }
        let header = ["so", "bao cao", "phan dau", "tieu de"];
        if header.iter().any(|h| h.starts_with(&q) && q.len() >= 2) {
            items.push(self.header_snippet(r.clone(), typed));
        }
        items
    }

    fn after_number(
        &self,
        number: &Numbering,
        query: &str,
        content: usize,
        from: usize,
        cursor: usize,
    ) -> Vec<Completion> {
        let r = from..cursor;
        let q = norm(query);
        let mut items = Vec::new();
        let style = Style::of(number);
        if let Numbering::Part(k) = number {
            let pt = if *k == 1 { 1 } else { 2 };
            let caps = self.caps_part_titles();
            for e in self
                .matching_headings(&q, None, pt, true)
                .into_iter()
                .filter(|e| e.has("@title") && e.part.is_none_or(|p| p == pt))
            {
                items.push(self.heading_item(e, None, caps, None, r.clone(), query));
            }
            if *k == 2 && q.is_empty() {
                items.push(self.plan_skeleton(content..cursor, ""));
            }
            return items;
        }
        let parent = match self.stack.iter().position(|&s| self.style(s) == style) {
            Some(i) => self.parent_of_pos(i),
            None => self.stack.last().copied(),
        };
        let pt = self.part_type(parent);
        let caps = self.caps_titles(&style);
        let headings = self.matching_headings(&q, parent, pt, false);
        for e in headings.into_iter().filter(|e| !(e.has("@footer") || q.is_empty() && self.present(e, parent))) {
            items.push(self.heading_item(e, None, caps, parent, r.clone(), query));
        }
        items
    }

    // -----------------------------------------------------------------------------------------
    // Templates

    fn caps_part_titles(&self) -> bool {
        let parts: Vec<&Section> = self.others().map(|(_, s)| s).filter(|s| s.kind == SectionKind::Part).collect();
        parts.is_empty() || parts.iter().filter(|s| is_caps(&s.name)).count() * 2 >= parts.len()
    }

    fn eol(&self) -> &'static str {
        let a = self.a;
        if a.line_count() > 1 {
            let end = a.line_range(0).end;
            let brk = a.slice(end..a.line_start(1));
            if brk == "\r\n" {
                return "\r\n";
            }
            if brk == "\r" {
                return "\r";
            }
        }
        "\n"
    }

    /// The document separates paragraphs with blank lines.
    fn blank_separated(&self) -> bool {
        let lines = self.a.lines();
        let blank = lines.iter().filter(|l| matches!(l.kind, LineKind::Blank)).count();
        lines.len() >= 6 && blank * 10 >= lines.len() * 3
    }

    /// `Phần thứ hai`, its title, and the plan sections (DOMAIN.md) in the document's style.
    fn plan_skeleton(&self, replace: Range<usize>, typed: &str) -> Completion {
        let eol = self.eol();
        let gap = if self.blank_separated() { format!("{eol}{eol}") } else { eol.to_string() };
        let part_sample = self.others().find(|(_, s)| s.kind == SectionKind::Part).map(|(i, _)| i);
        let part_label = render_part(2, part_sample.map(|s| self.raw(s)).as_deref());
        let same_line = part_sample.is_some_and(|s| match &self.a.lines()[self.secs[s].line as usize].kind {
            LineKind::Heading(h) => !h.title.is_empty(),
            _ => false,
        });
        let title_entry = self.cat.iter().find(|e| e.has("@title") && e.part == Some(2));
        let (_, plan_year) = self.years();
        // The plan year is a placeholder of its own; keep it out of the case conversion.
        const YEAR: char = '\u{E000}';
        let title = title_entry.map(|e| e.label.clone()).unwrap_or_else(|| "KẾ HOẠCH NĂM {N+1}".into());
        let title = self.expand(&title.replace("{N+1}", &YEAR.to_string()));
        let title = if self.caps_part_titles() { title } else { sentence_case(&title) };
        let (title_head, title_tail) = match title.find(YEAR) {
            Some(i) => (title[..i].to_string(), title[i + YEAR.len_utf8()..].to_string()),
            None => (title.clone(), String::new()),
        };

        // Level 1 under the part, level 2 under level 1, as the document numbers them.
        let child_of = |st: &Style| -> Style {
            self.others()
                .filter(|(_, s)| s.numbering.as_ref().map(Style::of).as_ref() == Some(st))
                .find_map(|(i, _)| {
                    self.secs[i]
                        .children
                        .iter()
                        .map(|&c| &self.secs[c])
                        .find(|c| numbered(c))
                        .and_then(|c| c.numbering.as_ref().map(Style::of))
                })
                .filter(|x| x != st)
                .or_else(|| default_child(st))
                .unwrap_or(Style::Arabic { depth: 1, paren: false })
        };
        let l1 = child_of(&Style::Part);
        let l2 = child_of(&l1);
        let l1_sample = self.style_sample(&l1).map(|s| self.raw(s));
        let l2_sample = self.style_sample(&l2).map(|s| self.raw(s));
        let (caps1, caps2) = (self.caps_titles(&l1), self.caps_titles(&l2));

        let mut s = Snip::new(self.opts.snippets);
        s.lit(&part_label);
        s.lit(if same_line { " " } else { &gap });
        s.open(1);
        s.lit(&title_head);
        if title.contains(YEAR) {
            s.placeholder(2, &plan_year.to_string());
        }
        s.lit(&title_tail);
        s.close();
        let tops: Vec<&Entry> = self.cat.iter().filter(|e| e.has("@part") && e.part == Some(2)).collect();
        let mut n1 = first_of(&l1, None);
        for e in tops {
            let Some(num1) = n1.clone() else { break };
            let t = self.heading_text(e, caps1);
            s.lit(&gap);
            s.lit(&format!("{} {t}", render(&num1, l1_sample.as_deref())));
            let subs: Vec<&Entry> =
                self.cat.iter().filter(|x| x.has(&e.key) && x.part.is_none_or(|p| p == 2)).collect();
            let mut n2 = first_of(&l2, Some(&num1));
            for x in subs {
                let Some(num2) = n2.clone() else { break };
                s.lit(&gap);
                s.lit(&format!("{} {}", render(&num2, l2_sample.as_deref()), self.heading_text(x, caps2)));
                n2 = next_of(&num2, self.latin);
            }
            n1 = next_of(&num1, self.latin);
        }
        s.lit(&gap);
        s.end();
        let plain = s.plain.clone();
        Completion {
            label: format!("{part_label} (khung phần kế hoạch)"),
            kind: CompletionKind::Snippet,
            is_snippet: self.opts.snippets,
            insert_text: s.out,
            detail: Some(format!("Khung Phần thứ hai: kế hoạch năm {plan_year}")),
            documentation: Some(format!("```text\n{}\n```", plain.trim_end())),
            filter_text: filter(typed, &part_label),
            replace,
            sort_key: String::new(),
        }
    }

    /// `Số: …/BC-UBND`, place and today's date, `BÁO CÁO`, title.
    fn header_snippet(&self, replace: Range<usize>, typed: &str) -> Completion {
        let eol = self.eol();
        let (d, m, y) = self.opts.today;
        let n = if m >= 7 { y } else { y - 1 };
        let mut s = Snip::new(self.opts.snippets);
        s.lit("Số: ");
        s.tab(1, "   ");
        s.lit(&format!("/BC-UBND{eol}"));
        s.placeholder(2, "Địa danh");
        s.lit(&format!(", {}{eol}{eol}BÁO CÁO{eol}", date_words(d, m, y)));
        s.placeholder(
            3,
            &format!("Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm {n} và kế hoạch năm {}", n + 1),
        );
        s.lit(eol);
        s.end();
        let plain = s.plain.clone();
        Completion {
            label: "Số: …/BC-UBND (phần đầu báo cáo)".into(),
            kind: CompletionKind::Snippet,
            is_snippet: self.opts.snippets,
            insert_text: s.out,
            detail: Some("Phần đầu báo cáo: số, địa danh và ngày tháng, BÁO CÁO, trích yếu".into()),
            documentation: Some(format!("```text\n{}\n```", plain.trim_end())),
            filter_text: filter(typed, "so bao cao"),
            replace,
            sort_key: String::new(),
        }
    }
}

/// `ngày 05 tháng 01 năm 2026`: Decree 30/2020/NĐ-CP writes a 0 before days under 10 and before
/// months 1 and 2 (`ngày 20 tháng 3 năm 2026`).
pub fn date_words(d: u32, m: u32, y: i32) -> String {
    let month = if m <= 2 { format!("{m:02}") } else { m.to_string() };
    format!("ngày {d:02} tháng {month} năm {y}")
}

fn filter(typed: &str, label: &str) -> String {
    if typed.trim().is_empty() {
        format!("{label} {}", fold_ascii(label))
    } else {
        typed.to_string()
    }
}

/// Builds snippet text, or plain text with the placeholders' defaults.
struct Snip {
    on: bool,
    out: String,
    /// The same text without snippet syntax.
    plain: String,
}

impl Snip {
    fn new(on: bool) -> Snip {
        Snip { on, out: String::new(), plain: String::new() }
    }

    fn lit(&mut self, s: &str) {
        self.plain.push_str(s);
        if self.on {
            for c in s.chars() {
                if matches!(c, '$' | '}' | '\\') {
                    self.out.push('\\');
                }
                self.out.push(c);
            }
        } else {
            self.out.push_str(s);
        }
    }

    fn open(&mut self, n: u32) {
        if self.on {
            self.out.push_str(&format!("${{{n}:"));
        }
    }

    fn close(&mut self) {
        if self.on {
            self.out.push('}');
        }
    }

    fn placeholder(&mut self, n: u32, default: &str) {
        self.open(n);
        self.lit(default);
        self.close();
    }

    /// An empty tab stop; `plain` is written instead in plain text.
    fn tab(&mut self, n: u32, plain: &str) {
        if self.on {
            self.out.push_str(&format!("${{{n}}}"));
            self.plain.push_str(plain);
        } else {
            self.lit(plain);
        }
    }

    fn end(&mut self) {
        if self.on {
            self.out.push_str("$0");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn titles_in_capitals() {
        assert_eq!(caps_of("TÌNH HÌNH KINH TẾ - XÃ HỘI"), Some(true));
        assert_eq!(caps_of("ĐÁNH GIÁ CHUNG"), Some(true));
        assert_eq!(caps_of("Tình hình kinh tế"), Some(false));
        assert_eq!(caps_of("KINH TẾ: đạt"), Some(false), "a small letter after the capitals");
        assert_eq!(caps_of("Ủy BAN"), Some(false));
        assert_eq!(caps_of("ĐÊ"), None, "two letters say nothing");
        assert_eq!(caps_of("1.2 - 2025"), None);
    }

    fn opts() -> CompletionOptions {
        CompletionOptions { extra_headings: Vec::new(), snippets: true, today: (5, 1, 2026) }
    }

    /// Completions at the `$0` marker.
    fn at(src: &str, o: &CompletionOptions) -> (Vec<Completion>, String, usize) {
        let offset = src.find("$0").expect("cursor marker");
        let text = src.replacen("$0", "", 1);
        let a = Analysis::from_text(&text, &Config::default());
        (complete(&a, offset, o), text, offset)
    }

    fn numbers(src: &str) -> Vec<String> {
        at(src, &opts()).0.into_iter().filter(|c| c.kind == CompletionKind::NextNumber).map(|c| c.label).collect()
    }

    fn first_number(src: &str) -> String {
        numbers(src).into_iter().next().unwrap_or_default()
    }

    #[test]
    fn next_arabic_after_its_sibling() {
        let src =
            "I. Kinh tế\n1. Nông nghiệp\n1.1. Trồng trọt\nDiện tích 120 ha.\n1.2. Chăn nuôi\nĐàn lợn 300 con.\n$0";
        let ns = numbers(src);
        assert_eq!(ns[0], "1.3.");
        // Alternatives: a first child, the parent's next sibling, the field's next sibling.
        assert!(ns.contains(&"2.".to_string()), "{ns:?}");
        assert!(ns.contains(&"II.".to_string()), "{ns:?}");
        assert!(ns.iter().any(|n| n == "a)" || n == "1.2.1."), "{ns:?}");
    }

    #[test]
    fn next_roman_letter_and_part() {
        assert_eq!(first_number("I. Kinh tế\nNội dung.\nII. Văn hóa - xã hội\nNội dung.\n$0"), "III.");
        assert_eq!(first_number("1.2. Sản xuất\na) Trồng trọt\nNội dung.\nb) Chăn nuôi\nNội dung.\n$0"), "c)");
        assert_eq!(
            first_number("1.2. Sản xuất\na) Trồng trọt\nb) Chăn nuôi\nc) Thủy sản\nd) Lâm nghiệp\nNội dung.\n$0"),
            "đ)"
        );
        assert_eq!(first_number("A. CHỈ TIÊU\n1. Kinh tế\nNội dung.\n$0\nI. Lĩnh vực kinh tế"), "B.");
        let parts = "Phần thứ nhất\nTÌNH HÌNH NĂM 2025\nNội dung.\nPhần thứ hai\nKẾ HOẠCH NĂM 2026\nNội dung.\n$0";
        assert_eq!(first_number(parts), "Phần thứ ba");
        let caps = "PHẦN THỨ NHẤT\nNội dung dài.\nPHẦN THỨ HAI\nNội dung.\n$0";
        assert_eq!(first_number(caps), "PHẦN THỨ BA");
    }

    #[test]
    fn style_of_the_document_is_kept() {
        assert_eq!(first_number("I. Kinh tế\n1) Nông nghiệp\nNội dung.\n$0"), "2)");
        assert_eq!(first_number("I. Kinh tế\n1- Nông nghiệp\nNội dung.\n$0"), "2-");
        assert_eq!(first_number("I- KINH TẾ\nNội dung.\n$0"), "II-");
        assert_eq!(first_number("1. Kinh tế\n1.1 Nông nghiệp\nNội dung.\n$0"), "1.2");
        assert_eq!(first_number("Phần thứ nhất:\nNội dung.\n$0"), "Phần thứ hai:");
        assert_eq!(first_number("1.2. Sản xuất\na. Trồng trọt\nNội dung.\n$0"), "b.");
        // A first child copies the separator its cousins use.
        let src = "I. Kinh tế\n1- Nông nghiệp\nNội dung.\nII. Văn hóa\n$0";
        assert_eq!(first_number(src), "1-");
    }

    #[test]
    fn right_after_a_heading_its_first_child_comes_first() {
        assert_eq!(first_number("I. Kinh tế\n1. Nông nghiệp\n1.1. Trồng trọt\nNội dung.\n2. Công nghiệp\n$0"), "2.1.");
        assert_eq!(first_number("Phần thứ nhất\nI. Kinh tế\nNội dung.\nII. Văn hóa\n$0"), "1.");
    }

    #[test]
    fn a_gap_before_the_next_heading_is_filled() {
        // Between `1.` and `3.`: `2.`, not `1.1.` nor `II.`.
        assert_eq!(first_number("I. Kinh tế\n1. Nông nghiệp\nNội dung.\n$0\n3. Dịch vụ\nII. Văn hóa"), "2.");
        // Before `1.1.`, whose parent `2.` is missing.
        assert_eq!(first_number("I. Kinh tế\n1. Nông nghiệp\nNội dung.\n$0\n2.1. Điện\n2.2. Nước"), "2.");
    }

    #[test]
    fn partial_number_filters() {
        let src = "I. Kinh tế\n1. Nông nghiệp\n1.1. Trồng trọt\nDiện tích.\n1.2. Chăn nuôi\nĐàn lợn.\n1.$0";
        let (items, text, offset) = at(src, &opts());
        let first = items.iter().find(|c| c.kind == CompletionKind::NextNumber).expect("a number");
        assert_eq!(first.label, "1.3.");
        assert_eq!(&text[first.replace.clone()], "1.");
        assert_eq!(first.replace.end, offset);
        assert!(!items.iter().any(|c| c.label == "2."));
        // Accent-free part prefix.
        let src = "Phần thứ nhất\nNội dung.\nPhần thứ hai\nNội dung.\nphan thu$0";
        assert_eq!(first_number(src), "Phần thứ ba");
    }

    #[test]
    fn headings_fit_the_level_and_part() {
        let src = "Phần thứ nhất\nI. Lĩnh vực kinh tế\n1. Những kết quả đạt được\nNội dung.\n$0";
        let (items, ..) = at(src, &opts());
        let labels: Vec<&str> =
            items.iter().filter(|c| c.kind == CompletionKind::Heading).map(|c| c.label.as_str()).collect();
        assert_eq!(labels.first(), Some(&"2. Tồn tại, hạn chế"), "{labels:?}");
        assert!(labels.contains(&"1.1. Thương mại - Dịch vụ"), "{labels:?}");
        assert!(!labels.iter().any(|l| l.contains("Tổ chức thực hiện")), "{labels:?}");
        // In the plan part, plan headings.
        let src =
            "Phần thứ nhất\nI. Kinh tế\nNội dung.\nPhần thứ hai\nKẾ HOẠCH NĂM 2026\nI. Mục tiêu\nNội dung.\nII. $0";
        let (items, ..) = at(src, &opts());
        let labels: Vec<&str> = items.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.contains(&"Các chỉ tiêu chủ yếu"), "{labels:?}");
        assert!(!labels.contains(&"Những kết quả đạt được"), "{labels:?}");
    }

    #[test]
    fn accent_free_and_nfd_matching() {
        let src = "Phần thứ nhất\nI. Lĩnh vực kinh tế\n1. ket qua$0";
        let (items, text, _) = at(src, &opts());
        let hit = items.iter().find(|c| c.label == "Những kết quả đạt được").expect("found");
        assert_eq!(&text[hit.replace.clone()], "ket qua");
        assert_eq!(hit.insert_text, "Những kết quả đạt được");
        // Combining accents in the document and in what was typed.
        let nfd: String = "Phần thứ nhất\nI. Lĩnh vực kinh tế\n1. Những kết quả đạt được\nNội dung.\n2. Tồn tại, hạn chế\nNội dung.\n3. Kết quả$0".nfd().collect();
        let (items, text, offset) = at(&nfd, &opts());
        let hit = items.iter().find(|c| c.label == "Những kết quả đạt được").expect("found in NFD");
        assert_eq!(hit.replace.end, offset);
        assert!(text.is_char_boundary(hit.replace.start));
        assert_eq!(text[hit.replace.clone()].nfc().collect::<String>(), "Kết quả");
        let (items, ..) =
            at(&"Phần thứ nhất\nNội dung.\nPhần thứ hai\nNội dung.\n$0".nfd().collect::<String>(), &opts());
        assert_eq!(items[0].label.nfc().collect::<String>(), "Phần thứ ba");
        // Without a number: `noi nhan`.
        let (items, ..) = at("I. Kinh tế\nNội dung.\nnoi nh$0", &opts());
        assert!(items.iter().any(|c| c.label == "Nơi nhận:"));
    }

    #[test]
    fn plan_skeleton_in_the_document_style() {
        let src = "PHẦN THỨ NHẤT\nTÌNH HÌNH NĂM 2025\nA. KẾT QUẢ CHỈ TIÊU\nI. LĨNH VỰC KINH TẾ\n1. Nông nghiệp\nNội dung.\nPhần thứ hai$0";
        let (items, ..) = at(src, &opts());
        let sk = items.iter().find(|c| c.kind == CompletionKind::Snippet).expect("skeleton");
        assert!(sk.is_snippet);
        assert!(
            sk.insert_text.starts_with("PHẦN THỨ HAI\n${1:KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM ${2:2026}}"),
            "{}",
            sk.insert_text
        );
        assert!(sk.insert_text.contains("\nA. MỤC TIÊU\n"), "{}", sk.insert_text);
        assert!(sk.insert_text.contains("\nB. CÁC CHỈ TIÊU CHỦ YẾU\nI. CHỈ TIÊU KINH TẾ\n"), "{}", sk.insert_text);
        assert!(sk.insert_text.contains("\nE. KIẾN NGHỊ, ĐỀ XUẤT\n"), "{}", sk.insert_text);
        // Accent-free, plain text without snippet support, sentence-case document.
        let src =
            "Phần thứ nhất:\nTình hình năm 2025\nI. Kết quả thực hiện\n1) Chỉ tiêu kinh tế\nNội dung.\nphan thu hai$0";
        let o = CompletionOptions { snippets: false, ..opts() };
        let (items, ..) = at(src, &o);
        let sk = items.iter().find(|c| c.kind == CompletionKind::Snippet).expect("skeleton");
        assert!(!sk.is_snippet);
        assert!(!sk.insert_text.contains("${"));
        assert!(
            sk.insert_text.starts_with("Phần thứ hai:\nKế hoạch phát triển kinh tế - xã hội năm 2026\nI. Mục tiêu\n"),
            "{}",
            sk.insert_text
        );
        assert!(
            sk.insert_text.contains("\nII. Các chỉ tiêu chủ yếu\n1) Chỉ tiêu kinh tế\n2) Chỉ tiêu xã hội\n"),
            "{}",
            sk.insert_text
        );
        // Offered at the start of a line when the plan part is what comes next.
        let (items, ..) = at("Phần thứ nhất\nI. Kinh tế\nNội dung.\nII. Văn hóa\nNội dung.\n$0\nNơi nhận:", &opts());
        assert!(
            items.iter().any(|c| c.kind == CompletionKind::Snippet && c.label.starts_with("Phần thứ hai")),
            "{:?}",
            items.iter().map(|c| &c.label).collect::<Vec<_>>()
        );
    }

    #[test]
    fn header_snippet_with_today() {
        let (items, ..) = at("$0", &opts());
        let h = items.iter().find(|c| c.kind == CompletionKind::Snippet && c.label.starts_with("Số:")).expect("header");
        assert_eq!(
            h.insert_text,
            "Số: ${1}/BC-UBND\n${2:Địa danh}, ngày 05 tháng 01 năm 2026\n\nBÁO CÁO\n${3:Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025 và kế hoạch năm 2026}\n$0"
        );
        let o = CompletionOptions { snippets: false, today: (20, 12, 2025), ..opts() };
        let (items, ..) = at("bao cao$0", &o);
        let h = items.iter().find(|c| c.kind == CompletionKind::Snippet).expect("header");
        assert!(h.insert_text.contains("Địa danh, ngày 20 tháng 12 năm 2025\n"), "{}", h.insert_text);
        assert!(h.insert_text.contains("năm 2025 và kế hoạch năm 2026"));
        assert_eq!(date_words(3, 9, 2026), "ngày 03 tháng 9 năm 2026");
        assert_eq!(date_words(15, 2, 2026), "ngày 15 tháng 02 năm 2026");
    }

    #[test]
    fn extra_headings_from_settings() {
        let o = CompletionOptions { extra_headings: vec!["Công tác chuyển đổi số".into()], ..opts() };
        let (items, ..) = at("I. Kinh tế\n1. chuyen doi$0", &o);
        assert!(items.iter().any(|c| c.label == "Công tác chuyển đổi số"));
    }

    #[test]
    fn never_panics() {
        let texts = [
            "",
            "\r\n",
            "1. A\r\n\r\n",
            "Phần thứ nhất\r\nI. Kinh tế\r\n",
            "ế\u{301}",
            "a)\n  *",
            "## 1.",
            "- ",
            "\u{301}\u{301}",
        ];
        for t in texts {
            let a = Analysis::from_text(t, &Config::default());
            for off in 0..=t.len() + 3 {
                let items = complete(&a, off, &opts());
                for c in &items {
                    assert!(t.is_char_boundary(c.replace.start) && t.is_char_boundary(c.replace.end), "{t:?} {off}");
                }
            }
        }
        // Inside a multi-byte character: nothing.
        let a = Analysis::from_text("Kế hoạch", &Config::default());
        assert!(complete(&a, 2, &opts()).is_empty());
        // CRLF: the templates use the document's line breaks.
        let (items, ..) = at("Phần thứ nhất\r\nI. Kinh tế\r\nNội dung.\r\n$0", &opts());
        let sk = items.iter().find(|c| c.kind == CompletionKind::Snippet).expect("skeleton");
        assert!(sk.insert_text.contains("\r\n") && !sk.insert_text.replace("\r\n", "").contains('\n'));
        assert_eq!(items[0].label, "II.");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1, 1, 1970));
        assert_eq!(civil_from_days(20_458), (5, 1, 2026));
    }
}
