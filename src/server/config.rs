//! Server settings, read from `initializationOptions`, `workspace/configuration` (section
//! `baocao`) and `workspace/didChangeConfiguration`. Unknown or malformed values are ignored
//! one by one, so a typo in one setting never switches the others off.

use serde_json::Value;

use crate::analysis::Config;
use crate::checks::{Locale, Severity};

/// Whether plain-text and Markdown files are treated as reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnableMode {
    /// Only files that look like reports (or say `<!-- baocao-ls on -->`).
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub enable: EnableMode,
    pub analysis: Config,
    pub inlay_hints: bool,
    /// Extra standard headings offered by completion.
    pub extra_headings: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { enable: EnableMode::Auto, analysis: Config::default(), inlay_hints: true, extra_headings: Vec::new() }
    }
}

impl Settings {
    /// Read settings from JSON: either `{ "baocao": { … } }` or the inner object itself.
    pub fn from_json(value: &Value) -> Settings {
        let mut s = Settings::default();
        s.update(value);
        s
    }

    /// Apply the settings present in `value` on top of the current ones.
    pub fn update(&mut self, value: &Value) {
        let v = value.get("baocao").unwrap_or(value);
        if !v.is_object() {
            return;
        }
        match v.get("enable") {
            Some(Value::String(m)) => match m.as_str() {
                "auto" => self.enable = EnableMode::Auto,
                "always" => self.enable = EnableMode::Always,
                "never" => self.enable = EnableMode::Never,
                _ => {}
            },
            Some(Value::Bool(b)) => self.enable = if *b { EnableMode::Auto } else { EnableMode::Never },
            _ => {}
        }
        if let Some(l) = v.get("locale").and_then(Value::as_str).and_then(Locale::parse) {
            self.analysis.locale = l;
        }
        if let Some(checks) = v.get("checks") {
            if let Some(list) = checks.get("disabled").and_then(Value::as_array) {
                self.analysis.disabled = list.iter().filter_map(Value::as_str).map(str::to_string).collect();
            }
            if let Some(map) = checks.get("severity").and_then(Value::as_object) {
                self.analysis.severity.clear();
                for (code, sev) in map {
                    let Some(sev) = sev.as_str() else { continue };
                    if sev == "off" || sev == "none" {
                        self.analysis.disabled.insert(code.clone());
                    } else if let Some(sev) = Severity::parse(sev) {
                        self.analysis.severity.insert(code.clone(), sev);
                    }
                }
            }
        }
        if let Some(b) = v.get("inlayHints").and_then(|h| h.get("enabled")).and_then(Value::as_bool) {
            self.inlay_hints = b;
        }
        if let Some(list) = v.get("headings").and_then(|h| h.get("extra")).and_then(Value::as_array) {
            self.extra_headings = list.iter().filter_map(Value::as_str).map(str::to_string).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_nested_or_flat_settings_and_ignores_junk() {
        let s = Settings::from_json(&json!({"baocao": {
            "enable": "always", "locale": "en",
            "checks": {"disabled": ["heading-gap"], "severity": {"heading-order": "info", "footnote-unused": "off", "x": 3}},
            "inlayHints": {"enabled": false},
            "headings": {"extra": ["Chuyển đổi số", 5]}
        }}));
        assert_eq!(s.enable, EnableMode::Always);
        assert_eq!(s.analysis.locale, Locale::En);
        assert!(s.analysis.disabled.contains("heading-gap"));
        assert!(s.analysis.disabled.contains("footnote-unused"));
        assert_eq!(s.analysis.severity.get("heading-order"), Some(&Severity::Info));
        assert!(!s.inlay_hints);
        assert_eq!(s.extra_headings, vec!["Chuyển đổi số".to_string()]);
        let flat = Settings::from_json(&json!({"locale": "xx", "enable": 7}));
        assert_eq!(flat, Settings::default());
    }
}
