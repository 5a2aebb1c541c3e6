//! Code snippets pulled from files (`:::code source=… range=… id=… highlight=…:::` and
//! `[!code-lang[](path?range=…&highlight=…#id)]`): which lines to show, and their HTML.
//!
//! As in docfx, `id` selects the lines between `<id>` and `</id>` tags written in comments
//! (`// <id>`, `# <id>`, `<!-- <id> -->`, C#'s `#region id`), `range` picks file lines, and
//! `highlight` counts lines of what is shown. Tag lines are left out and the snippet dedented.

use crate::html_escape::escape;

/// Which lines of a file to show and which to highlight.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub id: Option<String>,
    pub range: Option<String>,
    pub highlight: Option<String>,
}

impl Selection {
    /// From the query and fragment of a `[!code-…]` path (`a.cs?range=2-4&highlight=1#id`).
    pub fn from_path(path: &str) -> (String, Selection) {
        let (rest, fragment) = path.split_once('#').unwrap_or((path, ""));
        let (file, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut sel = Selection::default();
        if !fragment.is_empty() {
            sel.id = Some(fragment.to_string());
        }
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = Some(v.to_string());
            match k.to_ascii_lowercase().as_str() {
                "range" => sel.range = v,
                "highlight" => sel.highlight = v,
                "name" | "id" => sel.id = v,
                _ => {}
            }
        }
        (file.to_string(), sel)
    }
}

/// The shown lines (dedented) and the 1-based numbers of the highlighted ones among them.
pub fn select(text: &str, sel: &Selection) -> Result<(Vec<String>, Vec<usize>), String> {
    let all: Vec<&str> = text.lines().collect();
    let mut lines: Vec<&str> = match &sel.id {
        Some(id) => tagged(&all, id)?,
        None => all.clone(),
    };
    if let Some(spec) = &sel.range {
        let picked = numbers(spec, lines.len())?;
        lines = picked.into_iter().map(|n| lines[n - 1]).collect();
    }
    if sel.id.is_some() {
        lines.retain(|l| tag_name(l).is_none());
    }
    let highlight = match &sel.highlight {
        Some(spec) => numbers(spec, lines.len())?,
        None => Vec::new(),
    };
    Ok((dedent(&lines), highlight))
}

/// The lines strictly between `<id>` and `</id>` (or `#region id` and `#endregion`).
fn tagged<'t>(all: &[&'t str], id: &str) -> Result<Vec<&'t str>, String> {
    let is = |l: &str, closing: bool| {
        tag_name(l).is_some_and(|(name, close)| close == closing && name.eq_ignore_ascii_case(id))
    };
    let start = all
        .iter()
        .position(|l| is(l, false) || region(l).is_some_and(|r| r.eq_ignore_ascii_case(id)))
        .ok_or_else(|| format!("no snippet tag `<{id}>` in the file"))?;
    let region_style = region(all[start]).is_some();
    let end = all[start + 1..]
        .iter()
        .position(|l| {
            if region_style {
                l.trim().to_ascii_lowercase().starts_with("#endregion")
            } else {
                is(l, true)
            }
        })
        .ok_or_else(|| format!("snippet `{id}` has no closing tag"))?;
    Ok(all[start + 1..start + 1 + end].to_vec())
}

/// `(name, is_closing)` of a comment line that is only a snippet tag.
fn tag_name(line: &str) -> Option<(&str, bool)> {
    let mut t = line.trim();
    for open in ["<!--", "//", "/*", "#", "'", "--", ";", "REM ", "rem "] {
        if let Some(r) = t.strip_prefix(open) {
            t = r.trim();
            break;
        }
    }
    for close in ["-->", "*/"] {
        t = t.strip_suffix(close).unwrap_or(t).trim();
    }
    let inner = t.strip_prefix('<')?.strip_suffix('>')?;
    let (name, closing) = match inner.strip_prefix('/') {
        Some(n) => (n, true),
        None => (inner, false),
    };
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.".contains(c));
    ok.then_some((name, closing))
}

fn region(line: &str) -> Option<&str> {
    let t = line.trim();
    t.strip_prefix("#region ").map(str::trim)
}

/// `1-3,5,8-` → the line numbers (1-based, each in 1..=max), in order.
pub fn numbers(spec: &str, max: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        let num = |s: &str, default: usize| -> Result<usize, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(default);
            }
            s.parse::<usize>()
                .map_err(|_| format!("`{part}` is not a line number or range"))
        };
        let (from, to) = (num(a, 1)?, num(b, max)?);
        if from == 0 || from > to || to > max {
            return Err(format!("lines `{part}` are not in 1-{max}"));
        }
        out.extend(from..=to);
    }
    Ok(out)
}

fn dedent(lines: &[&str]) -> Vec<String> {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end().to_string())
        .collect()
}

/// The `language-x` name for a docfx language (`azurepowershell-interactive` → `powershell`).
pub fn language(lang: &str, file: &str) -> String {
    let lang = lang.trim().to_ascii_lowercase();
    let lang = lang.strip_suffix("-interactive").unwrap_or(&lang);
    let lang = match lang {
        "" => file.rsplit_once('.').map_or("", |(_, ext)| ext),
        "azurepowershell" => "powershell",
        "azurecli" => "azurecli",
        "cs" => "csharp",
        other => other,
    };
    lang.chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+#-_".contains(*c))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// `<pre><code class="language-x">` with the lines escaped and highlighted ones in `<mark>`.
/// The block is focusable, so a keyboard can scroll a line wider than a phone.
pub fn html(lang: &str, lines: &[String], highlight: &[usize]) -> String {
    let mut out = String::from("<pre class=\"snippet\" tabindex=\"0\"><code");
    if !lang.is_empty() {
        out.push_str(&format!(" class=\"language-{}\"", escape(lang)));
    }
    out.push('>');
    for (i, line) in lines.iter().enumerate() {
        if highlight.contains(&(i + 1)) {
            out.push_str(&format!(
                "<mark class=\"highlight\">{}</mark>\n",
                escape(line)
            ));
        } else {
            out.push_str(&escape(line));
            out.push('\n');
        }
    }
    out.push_str("</code></pre>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "using X;\n// <snippet1>\n    var a = 1;\n    // <inner>\n    var b = a < 2;\n    // </inner>\n// </snippet1>\n#region r\nx\n#endregion\n";

    #[test]
    fn selects_by_id_range_and_highlight() {
        let sel = Selection {
            id: Some("snippet1".into()),
            range: None,
            highlight: Some("2".into()),
        };
        let (lines, hl) = select(FILE, &sel).unwrap();
        assert_eq!(lines, ["var a = 1;", "var b = a < 2;"]);
        assert_eq!(
            html("csharp", &lines, &hl),
            "<pre class=\"snippet\" tabindex=\"0\"><code class=\"language-csharp\">var a = 1;\n<mark class=\"highlight\">var b = a &lt; 2;</mark>\n</code></pre>\n"
        );
        let sel = Selection {
            range: Some("1,9-".into()),
            ..Selection::default()
        };
        assert_eq!(
            select(FILE, &sel).unwrap().0,
            ["using X;", "x", "#endregion"]
        );
        let sel = Selection {
            id: Some("r".into()),
            ..Selection::default()
        };
        assert_eq!(select(FILE, &sel).unwrap().0, ["x"]);
    }

    #[test]
    fn bad_selections_say_why() {
        let sel = Selection {
            id: Some("nope".into()),
            ..Selection::default()
        };
        assert!(select(FILE, &sel).unwrap_err().contains("<nope>"));
        let sel = Selection {
            range: Some("3-99".into()),
            ..Selection::default()
        };
        assert!(select(FILE, &sel).unwrap_err().contains("1-10"));
    }

    #[test]
    fn reads_code_paths() {
        let (file, sel) = Selection::from_path("a/b.ps1?range=2-3&highlight=1#main");
        assert_eq!(file, "a/b.ps1");
        assert_eq!(sel.id.as_deref(), Some("main"));
        assert_eq!(sel.range.as_deref(), Some("2-3"));
        assert_eq!(sel.highlight.as_deref(), Some("1"));
        assert_eq!(language("azurepowershell-interactive", "x"), "powershell");
        assert_eq!(language("", "a/b.py"), "py");
    }
}
