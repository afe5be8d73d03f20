//! `word/numbering.xml`: the numbers Word draws before numbered paragraphs (`1.`, `1.1.`, `a)`,
//! `I.`, `-`). They are not in the text; they are counted here as Word counts them, in
//! document order: a paragraph at level `n` of a list adds one to its level and starts the
//! levels below it again, and the level's `w:lvlText` (`%1.%2.`) is filled in with each level's
//! count in its `w:numFmt`.
//!
//! Lists that are two `w:num` of one `w:abstractNum` count on together, as in Word, unless a
//! `w:num` overrides a level (`w:lvlOverride`, `w:startOverride`, what Word writes for "restart
//! numbering"): that one counts on its own.

use std::collections::HashMap;

use super::styles::Styles;
use super::xml::{attr, local, num_attr, on, Ev, Events};
use super::Error;

/// Levels of a list (Word has nine).
pub const LEVELS: usize = 9;

/// How a level writes its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Decimal,
    /// `01`, `02`, …, `10`.
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    /// A bullet: the level's text is the mark.
    Bullet,
    /// No number.
    None,
}

impl Format {
    fn parse(v: &str) -> Format {
        match v {
            "decimalZero" => Format::DecimalZero,
            "upperRoman" => Format::UpperRoman,
            "lowerRoman" => Format::LowerRoman,
            "upperLetter" => Format::UpperLetter,
            "lowerLetter" => Format::LowerLetter,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            // decimal, and the formats reports do not use (ordinal, cardinalText, Asian
            // counting systems…): written as decimal numbers.
            _ => Format::Decimal,
        }
    }

    /// `n` written in this format.
    pub fn write(self, n: i64) -> String {
        match self {
            Format::Decimal | Format::Bullet => n.to_string(),
            Format::DecimalZero if (0..10).contains(&n) => format!("0{n}"),
            Format::DecimalZero => n.to_string(),
            Format::UpperRoman => roman(n),
            Format::LowerRoman => roman(n).to_lowercase(),
            Format::UpperLetter => letters(n).to_uppercase(),
            Format::LowerLetter => letters(n),
            Format::None => String::new(),
        }
    }
}

/// Roman numerals (1 to 3999; others in decimal, as Word does past its range).
fn roman(n: i64) -> String {
    match u32::try_from(n) {
        Ok(v) if (1..4000).contains(&v) => crate::syntax::numbering::to_roman(v),
        _ => n.to_string(),
    }
}

/// Word's letters: a…z, then aa…zz, aaa… (the letter repeated); 0 and below in decimal.
fn letters(n: i64) -> String {
    if n < 1 {
        return n.to_string();
    }
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    let times = ((n - 1) / 26 + 1).min(20) as usize;
    std::iter::repeat_n(letter, times).collect()
}

/// What follows the number: a tab (Word's default), a space, nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

/// A level of a list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Level {
    /// The first count (`w:start`; 0 when absent, as the standard says).
    pub start: i64,
    pub format: Format,
    /// `w:lvlText`: `%1.`, `%1.%2.`, `%1)`, a bullet mark.
    pub text: Option<String>,
    pub suffix: Suffix,
    /// `w:lvlRestart`: starts again only after a level up to this one (1-based) is used;
    /// 0 never; absent: after any level above.
    pub restart: Option<u8>,
    /// `w:isLgl`: the counts of the levels above in decimal.
    pub legal: bool,
    /// `w:pStyle`: the paragraph style this level is for.
    pub style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the levels are those of the list of this numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abs: Option<u32>,
    /// Per level: a start override, and a whole level given again.
    overrides: [(Option<i64>, Option<Level>); LEVELS],
    overridden: bool,
}

/// The lists of a document.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
}

/// Which counts a paragraph adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Abs(u32),
    Num(u32),
}

/// The counts of every list so far, in document order.
#[derive(Debug, Default)]
pub struct Counter {
    counts: HashMap<Key, [Option<i64>; LEVELS]>,
}

impl Numbering {
    /// The abstract list of a `numId` (a numbering style's link followed, at most 4 times).
    fn abstract_of(&self, num_id: u32, styles: &Styles) -> Option<(u32, &Abstract)> {
        let mut abs_id = self.nums.get(&num_id)?.abs?;
        for _ in 0..4 {
            let a = self.abstracts.get(&abs_id)?;
            match &a.style_link {
                Some(link) if a.levels.iter().all(Option::is_none) => {
                    abs_id = self.nums.get(&styles.numbering_style(link)?)?.abs?;
                }
                _ => return Some((abs_id, a)),
            }
        }
        None
    }

    /// The level `ilvl` of list `num_id`, overrides applied, with its start.
    fn level(&self, num_id: u32, ilvl: usize, styles: &Styles) -> Option<Level> {
        let num = self.nums.get(&num_id)?;
        let (_, a) = self.abstract_of(num_id, styles)?;
        let (start, whole) = &num.overrides[ilvl];
        let mut l = whole.clone().or_else(|| a.levels[ilvl].clone())?;
        if let Some(s) = start {
            l.start = *s;
        }
        Some(l)
    }

    /// The level of `num_id` whose `w:pStyle` is `style` (a heading style linked to a list).
    pub fn level_of_style(&self, num_id: u32, style: &str, styles: &Styles) -> Option<u8> {
        let (_, a) = self.abstract_of(num_id, styles)?;
        a.levels.iter().position(|l| l.as_ref().is_some_and(|l| l.style.as_deref() == Some(style))).map(|i| i as u8)
    }

    /// Count a paragraph of list `num_id` at level `ilvl` and return the number Word draws
    /// before it, with what follows it (`"1.1. "`, `"a) "`, `"- "`), or `None` for no number.
    pub fn next(&self, counter: &mut Counter, num_id: u32, ilvl: u8, styles: &Styles) -> Option<String> {
        let ilvl = (ilvl as usize).min(LEVELS - 1);
        let num = self.nums.get(&num_id)?;
        let (abs_id, _) = self.abstract_of(num_id, styles)?;
        let key = if num.overridden { Key::Num(num_id) } else { Key::Abs(abs_id) };
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|i| self.level(num_id, i, styles)).collect();
        let this = levels[ilvl].clone()?;
        let counts = counter.counts.entry(key).or_default();
        counts[ilvl] = Some(match counts[ilvl] {
            Some(c) => c.saturating_add(1),
            None => this.start,
        });
        for (deeper, count) in counts.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = levels[deeper].as_ref().and_then(|l| l.restart);
            // `w:lvlRestart` n: restart after a level up to n (1-based) is used.
            if restart.is_none_or(|n| ilvl < n as usize) {
                *count = None;
            }
        }
        if this.format == Format::Bullet {
            let mark = this.text.as_deref().unwrap_or("").trim();
            let mark = if ["-", "+", "•", "*", "–", "·", "o"].contains(&mark) { mark } else { "-" };
            return Some(format!("{mark} "));
        }
        let template = this.text.as_deref()?;
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=LEVELS as u32).contains(d));
            match (c, digit) {
                ('%', Some(d)) => {
                    chars.next();
                    let i = d as usize - 1;
                    let level = levels[i].as_ref();
                    let count = counts[i].or(level.map(|l| l.start)).unwrap_or(0);
                    let format = match level {
                        Some(l) if this.legal && i < ilvl && l.format != Format::None => Format::Decimal,
                        Some(l) => l.format,
                        None => Format::Decimal,
                    };
                    out.push_str(&format.write(count));
                }
                _ => out.push(c),
            }
        }
        let out = out.trim().to_string();
        if out.is_empty() {
            return None;
        }
        Some(match this.suffix {
            Suffix::Nothing => out,
            Suffix::Tab | Suffix::Space => out + " ",
        })
    }
}

/// Read `word/numbering.xml`.
pub fn parse(text: &str) -> Result<Numbering, Error> {
    let mut ev = Events::new("word/numbering.xml", text);
    let mut out = Numbering::default();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    // The list being read, the level being read, the `w:num` being read and its override level.
    let mut abs: Option<(u32, Abstract)> = None;
    let mut num: Option<(u32, Num)> = None;
    let mut lvl: Option<(usize, Level)> = None;
    let mut over: Option<usize> = None;
    let level_index = |tag: &quick_xml::events::BytesStart<'_>| num_attr(tag, b"ilvl").and_then(|v| usize::try_from(v).ok()).filter(|&v| v < LEVELS);
    while let Some(e) = ev.next_event()? {
        match e {
            Ev::Open { tag, empty } => {
                let name = local(&tag).to_vec();
                let parent = stack.last().map(Vec::as_slice);
                let val = || attr(&tag, b"val");
                match (name.as_slice(), parent) {
                    (b"abstractNum", Some(b"numbering")) => {
                        abs = num_attr(&tag, b"abstractNumId").and_then(|v| u32::try_from(v).ok()).map(|id| (id, Abstract::default()));
                    }
                    (b"num", Some(b"numbering")) => {
                        num = num_attr(&tag, b"numId").and_then(|v| u32::try_from(v).ok()).map(|id| (id, Num::default()));
                    }
                    (b"abstractNumId", Some(b"num")) => {
                        if let Some((_, n)) = num.as_mut() {
                            n.abs = num_attr(&tag, b"val").and_then(|v| u32::try_from(v).ok());
                        }
                    }
                    (b"lvlOverride", Some(b"num")) => {
                        over = level_index(&tag);
                        if let (Some(_), Some((_, n))) = (over, num.as_mut()) {
                            n.overridden = true;
                        }
                    }
                    (b"startOverride", Some(b"lvlOverride")) => {
                        if let (Some(i), Some((_, n))) = (over, num.as_mut()) {
                            n.overrides[i].0 = num_attr(&tag, b"val");
                        }
                    }
                    (b"lvl", Some(b"abstractNum" | b"lvlOverride")) => {
                        lvl = level_index(&tag).map(|i| (i, Level::default()));
                    }
                    (b"numStyleLink", Some(b"abstractNum")) => {
                        if let Some((_, a)) = abs.as_mut() {
                            a.style_link = val();
                        }
                    }
                    (_, Some(b"lvl")) => {
                        if let Some((_, l)) = lvl.as_mut() {
                            match name.as_slice() {
                                b"start" => l.start = num_attr(&tag, b"val").unwrap_or(0),
                                b"numFmt" => l.format = Format::parse(&val().unwrap_or_default()),
                                b"lvlText" => l.text = val(),
                                b"suff" => {
                                    l.suffix = match val().as_deref() {
                                        Some("space") => Suffix::Space,
                                        Some("nothing") => Suffix::Nothing,
                                        _ => Suffix::Tab,
                                    }
                                }
                                b"lvlRestart" => l.restart = num_attr(&tag, b"val").and_then(|v| u8::try_from(v).ok()),
                                b"isLgl" => l.legal = on(&tag),
                                b"pStyle" => l.style = val(),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Ev::End => match stack.pop().as_deref() {
                Some(b"lvl") => {
                    let in_override = stack.last().map(Vec::as_slice) == Some(b"lvlOverride");
                    if let Some((i, l)) = lvl.take() {
                        if in_override {
                            if let Some((_, n)) = num.as_mut() {
                                n.overrides[i].1 = Some(l);
                            }
                        } else if let Some((_, a)) = abs.as_mut() {
                            a.levels[i] = Some(l);
                        }
                    }
                }
                Some(b"lvlOverride") => over = None,
                Some(b"abstractNum") => {
                    if let Some((id, a)) = abs.take() {
                        out.abstracts.entry(id).or_insert(a);
                    }
                }
                Some(b"num") => {
                    if let Some((id, n)) = num.take() {
                        out.nums.entry(id).or_insert(n);
                    }
                }
                _ => {}
            },
            Ev::Text(_) => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn roman_numbers_as_word_writes_them() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(399), "CCCXCIX");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(roman(3999), "MMMCMXCIX");
        // Past Word's range, in decimal.
        assert_eq!(roman(0), "0");
        assert_eq!(roman(4000), "4000");
    }
}
