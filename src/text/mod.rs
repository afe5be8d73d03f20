//! Text utilities shared by every layer of the analysis: folding for matching, character
//! classes.

pub mod chars;
pub mod fold;
