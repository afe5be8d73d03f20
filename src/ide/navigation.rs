//! Navigation: from a footnote marker to its text (definition) and back (references).
//! Mentions of the same indicator are linked by the figures engine (see `indicator_refs`).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::checks::footnotes::{self, Footnotes};

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
}
