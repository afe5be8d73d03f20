//! The figures engine: claims extracted from the text (fraction and percentage, actual against
//! plan, total and parts, shares, counts, changes, balances, repeated indicators) and the exact
//! arithmetic that checks them.

pub mod clause;
pub mod compare;
pub mod extract;
pub mod lexicon;
pub mod model;
