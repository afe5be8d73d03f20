//! The report parser: per-line lexing ([`mod@line`]), heading numbers ([`numbering`]) and the
//! structure pass that turns lines into the outline tree ([`structure`]).

pub mod line;
pub mod numbering;
pub mod structure;
