//! The LSP server (placeholder).

pub fn run_stdio() {}
