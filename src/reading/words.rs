//! The words that tie figures in running text, for the readers (folded to NFC lower case).
