//! Text utilities shared by every layer of the analysis: folding for matching.

pub mod fold;
