//! The vector files of `tests/vectors/` (see its README): tab-separated, a header line the
//! reader checks, `#` comments and blank lines skipped, and escapes for what must stay visible.

use super::repo;

/// Decodes `\t`, `\n`, `\r`, `\\` and `\u{HEX}` (the escapes of tests/vectors/README.md);
/// `place` (file:line) names the cell in the panic for a bad escape.
pub fn unescape(cell: &str, place: &str) -> String {
    let bad = || panic!("{place}: bad escape in {cell:?}");
    let mut out = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest = chars.as_str();
                let Some((hex, after)) = rest.strip_prefix('{').and_then(|r| r.split_once('}'))
                else {
                    bad()
                };
                let code = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                out.push(code.unwrap_or_else(|| bad()));
                chars = after.chars();
            }
            _ => bad(),
        }
    }
    out
}

/// One data line of a vector file: its 1-based line number and its cells, as written (decode
/// them with [`unescape`] or [`Row::decoded`]).
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
    file: String,
}

impl Row {
    /// `file:line`, for messages.
    pub fn place(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// The cells with their escapes decoded.
    pub fn decoded(&self) -> Vec<String> {
        let place = self.place();
        self.cells.iter().map(|c| unescape(c, &place)).collect()
    }
}

/// Reads `rel` (relative to the repository), checking that its first line is `header` and that
/// every data line has as many cells; panics naming the file and line otherwise, and when the
/// file holds no data line.
pub fn read(rel: &str, header: &[&str]) -> Vec<Row> {
    let text = std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut lines = text.lines().enumerate();
    let first = lines.next().map(|(_, l)| l.split('\t').collect::<Vec<_>>());
    assert_eq!(first.as_deref(), Some(header), "{rel}: header");
    let rows: Vec<Row> = lines
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| Row {
            line: i + 1,
            cells: l.split('\t').map(str::to_string).collect(),
            file: rel.to_string(),
        })
        .collect();
    for row in &rows {
        assert_eq!(row.cells.len(), header.len(), "{}: columns", row.place());
    }
    assert!(!rows.is_empty(), "{rel}: no vectors");
    rows
}
