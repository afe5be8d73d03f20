//! Editor features in editor-neutral terms (byte offsets, labels, Markdown): navigation, hover,
//! completion, inlay hints. The server maps them to LSP; nothing here knows about LSP.

pub mod completion;
pub mod figure;
pub mod hover;
pub mod inlay;
pub mod links;
pub mod navigation;
pub mod table;
