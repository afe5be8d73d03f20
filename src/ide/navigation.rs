//! Navigation: from a footnote marker to its text (definition) and back (references).
//! Mentions of the same indicator are linked by the figures engine (see `indicator_refs`).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::checks::footnotes::{self, Footnotes};
use crate::ide::figure;

/// The footnote label under `offset`, whether it is a marker in the text or a footnote text's
/// own marker.
fn footnote_at(fns: &Footnotes, offset: usize) -> Option<u32> {
    let hit = |m: &std::collections::BTreeMap<u32, Vec<(usize, Range<usize>)>>| {
        m.iter().find(|(_, v)| v.iter().any(|(_, r)| r.start <= offset && offset <= r.end)).map(|(l, _)| *l)
    };
    hit(&fns.refs).or_else(|| hit(&fns.defs))
}

/// Where the thing under `offset` is defined: a footnote marker's footnote text (whole line).
pub fn definition(a: &Analysis, offset: usize) -> Vec<Range<usize>> {
    let fns = footnotes::collect(a);
    let Some(label) = footnote_at(&fns, offset) else { return Vec::new() };
    fns.defs.get(&label).map(|v| v.iter().map(|(line, _)| a.line_range(*line)).collect()).unwrap_or_default()
}

/// Every marker pointing to the footnote under `offset` (and its text when `with_definition`).
pub fn references(a: &Analysis, offset: usize, with_definition: bool) -> Vec<Range<usize>> {
    let fns = footnotes::collect(a);
    let Some(label) = footnote_at(&fns, offset) else { return Vec::new() };
    let mut out: Vec<Range<usize>> = fns.refs.get(&label).map(|v| v.iter().map(|(_, r)| r.clone()).collect()).unwrap_or_default();
    if with_definition {
        out.extend(fns.defs.get(&label).into_iter().flatten().map(|(_, r)| r.clone()));
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Every mention of the indicator under `offset` (one of its figures, or its name): the names
/// (or, without a name, the values) of the statements of the same indicator, in document order,
/// the one under the cursor included. Empty when the indicator is mentioned only once.
pub fn indicator_references(a: &Analysis, offset: usize) -> Vec<Range<usize>> {
    let Some(t) = figure::target_at(a, offset) else { return Vec::new() };
    let Some((k, _)) = t.stmt else { return Vec::new() };
    // A figure that is not one of the indicator's own (a stray number in its sentence) does
    // not stand for the indicator.
    if t.role == Some(figure::Role::Other) {
        return Vec::new();
    }
    figure::mention_ranges(a, k)
}

/// The footnote text for the marker under `offset`: (label, text of the footnote line(s)).
pub fn footnote_text(a: &Analysis, offset: usize) -> Option<(u32, Vec<String>)> {
    let fns = footnotes::collect(a);
    let label = footnote_at(&fns, offset)?;
    let defs = fns.defs.get(&label)?;
    Some((label, defs.iter().map(|(line, _)| a.line_text(*line).trim().to_string()).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;

    #[test]
    fn marker_to_text_and_back() {
        let t = "Chi 9,4 tỷ đồng⁽¹⁾, trong đó 2 tỷ¹.\n¹ Sửa chữa trường học.\n";
        let a = Analysis::from_text(t, &Config::default());
        let marker = t.find('⁽').unwrap() + 1;
        let def = definition(&a, marker);
        assert_eq!(def.len(), 1);
        assert_eq!(&*a.slice(def[0].clone()), "¹ Sửa chữa trường học.");
        // From the footnote text back to both markers.
        let def_marker = t.find("\n¹").unwrap() + 1;
        let refs = references(&a, def_marker, false);
        assert_eq!(refs.len(), 2);
        assert_eq!(&*a.slice(refs[0].clone()), "⁽¹⁾");
        assert_eq!(&*a.slice(refs[1].clone()), "¹");
        assert_eq!(references(&a, def_marker, true).len(), 3);
        assert_eq!(footnote_text(&a, marker).unwrap().1, vec!["¹ Sửa chữa trường học.".to_string()]);
        assert!(definition(&a, 0).is_empty());
    }

    #[test]
    fn mentions_of_one_indicator() {
        let t = "1. Kết quả
- Tỷ lệ hộ nghèo 1,82% (kế hoạch 2%).
- Thu ngân sách 3.368 triệu đồng.
2. Xã hội
Tỷ lệ hộ nghèo còn 1,82%, giảm 0,11%.
";
        let a = Analysis::from_text(t, &Config::default());
        let first = t.find("Tỷ lệ hộ nghèo").unwrap();
        let second = t.rfind("Tỷ lệ hộ nghèo").unwrap();
        let want = vec![first..first + "Tỷ lệ hộ nghèo".len(), second..second + "Tỷ lệ hộ nghèo".len()];
        // From the name, from the value, from the other mention.
        assert_eq!(indicator_references(&a, first + 3), want);
        assert_eq!(indicator_references(&a, t.find("1,82%").unwrap()), want);
        assert_eq!(indicator_references(&a, second + 1), want);
        // Mentioned once: nothing; the plan figure stands for the indicator too.
        assert!(indicator_references(&a, t.find("Thu ngân").unwrap()).is_empty());
        assert_eq!(indicator_references(&a, t.find("hoạch 2%").unwrap() + "hoạch ".len()), want);
        for o in 0..t.len() + 2 {
            let _ = indicator_references(&a, o);
        }
    }
}
