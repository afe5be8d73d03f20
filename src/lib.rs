//! baocao-ls: analysis of Vietnamese socio-economic reports, and a language server for them.
//!
//! Layers, from the bottom: [`text`] (folding for matching), [`syntax`] (line lexer and the
//! structure pass), [`numbers`] (the number and unit lexer), [`document`] (rope + lexed lines,
//! incremental edits), [`checks`] (one module per check), [`analysis`] (an immutable snapshot).
//! [`docx`] reads a Word file as the Markdown text the rest analyses.
//! [`server`] maps the analysis to LSP; [`cli`] to the terminal. Only those two know about
//! positions in lines and columns; everything below works in byte offsets.

pub mod analysis;
pub mod checks;
pub mod cli;
pub mod document;
pub mod docx;
pub mod figures;
#[doc(hidden)] pub mod fuzzing;
pub mod ide;
pub mod memo;
pub mod numbers;
pub mod par;
pub mod reading;
pub mod server;
pub mod syntax;
pub mod tables;
pub mod text;
