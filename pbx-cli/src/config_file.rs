//! The `--config` file: a TOML table of settings. It holds the password, so no error ever
//! quotes its text: a syntax error names the file, line and column; an unknown key is named;
//! a wrong type names the key only.

use std::path::Path;

use crate::settings::{KEYS, Layer};

/// Reads `path` into a layer of settings.
pub fn read(path: &Path) -> Result<Layer, String> {
    let shown = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {}", e.kind()))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        match e.span().map(|span| line_column(&text, span.start)) {
            Some((line, column)) => {
                format!("{shown}:{line}:{column}: not valid TOML (the text is not shown: it may hold the password)")
            }
            None => format!("{shown}: not valid TOML"),
        }
    })?;
    let mut layer = Layer::default();
    for (key, value) in &table {
        if !KEYS.contains(&key.as_str()) {
            return Err(format!(
                "{shown}: unknown key `{}` (the keys are {})",
                crate::output::neutral(key),
                KEYS.join(", ")
            ));
        }
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(n) if matches!(key.as_str(), "timeout" | "retries") => {
                n.to_string()
            }
            toml::Value::Float(n) if key == "timeout" => n.to_string(),
            _ => {
                let wanted = match key.as_str() {
                    "timeout" => "a number of seconds",
                    "retries" => "a whole number",
                    _ => "a string in quotes",
                };
                return Err(format!("{shown}: `{key}` must be {wanted}"));
            }
        };
        layer.set(key, text);
    }
    Ok(layer)
}

/// The 1-based line and column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn lines_and_columns_count_from_one() {
        assert_eq!(line_column("a = 1\nbc = x", 11), (2, 6));
        assert_eq!(line_column("abc", 0), (1, 1));
    }
}
