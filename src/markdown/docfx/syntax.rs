//! The two shapes of docfx syntax, recognised in source text (pulldown-cmark knows neither):
//! triple-colon lines (`:::image type="content" source="a.png":::`) and bracket tokens
//! (`[!INCLUDE [t](p.md)]`, `[!code-cs[t](p.cs)]`, `[!VIDEO https://…]`).

use std::collections::BTreeMap;
use std::ops::Range;

/// One `:::name key="value":::` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-case name: `image`, `code`, `zone`, `zone-end`, `image-end`, ...
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    /// Whether the line ends with `:::` (docfx requires it for `image` and `code`).
    pub closed: bool,
}

/// Reads a triple-colon line (leading spaces and `>` quote markers already removed).
/// `None` when the line is not one, or its attributes cannot be read (the caller warns).
pub fn directive(line: &str) -> Option<Result<Directive, String>> {
    let rest = line.trim().strip_prefix(":::")?;
    let rest = rest.trim_start();
    let (body, closed) = match rest.strip_suffix(":::") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(body.len());
    if name_len == 0 {
        return Some(Err("`:::` without a name".into()));
    }
    let name = body[..name_len].to_ascii_lowercase();
    Some(attributes(&body[name_len..]).map(|attrs| Directive {
        name,
        attrs,
        closed,
    }))
}

/// `key="value" key2='v' flag` → map (keys lower-cased; a bare flag is `"true"`).
pub fn attributes(mut s: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(out);
        }
        let key_len = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let key = s[..key_len].to_ascii_lowercase();
        if key.is_empty() {
            return Err(format!("cannot read the attributes at `{s}`"));
        }
        s = &s[key_len..];
        let Some(after_eq) = s.trim_start().strip_prefix('=') else {
            out.insert(key, "true".into());
            continue;
        };
        let after_eq = after_eq.trim_start();
        let quote = after_eq.chars().next().filter(|c| *c == '"' || *c == '\'');
        let Some(q) = quote else {
            return Err(format!("the value of `{key}` must be in quotes"));
        };
        let Some(end) = after_eq[1..].find(q) else {
            return Err(format!("the value of `{key}` has no closing quote"));
        };
        out.insert(key, after_eq[1..1 + end].to_string());
        s = &after_eq[1 + end + 1..];
    }
}

/// What a bracket token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// `[!INCLUDE [title](path)]`
    Include { path: String },
    /// `[!code-lang[name](path "title")]` (`lang` may be empty)
    Code { lang: String, path: String },
    /// `[!VIDEO url]`
    Video { url: String },
    /// `[!WORD…` that tolk does not know, or a known word in the wrong place / shape.
    Unknown { word: String },
    /// `:::no-loc text="…":::` inside a line: the text, not to be translated.
    NoLoc { text: String },
    /// `:::name…:::` inside a line that tolk does not know.
    UnknownColon { name: String },
}

/// A token and its byte range in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: Range<usize>,
}

/// Every `[!…` token of `text` (not after a backslash), in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find("[!") {
        let start = from + p;
        from = start + 2;
        if text[..start].ends_with('\\') {
            continue;
        }
        let rest = &text[start + 2..];
        let word_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..word_len];
        if word.is_empty() {
            continue;
        }
        let after = &rest[word_len..];
        let lower = word.to_ascii_lowercase();
        let parsed = if lower == "include" {
            link_part(after).map(|(path, len)| (TokenKind::Include { path }, len))
        } else if lower == "code" || lower.starts_with("code-") {
            let lang = lower
                .strip_prefix("code")
                .unwrap_or("")
                .trim_start_matches('-');
            link_part(after).map(|(path, len)| {
                let lang = lang.to_string();
                (TokenKind::Code { lang, path }, len)
            })
        } else if lower == "video" {
            after.find(']').map(|end| {
                let url = after[..end].trim().to_string();
                (TokenKind::Video { url }, end + 1)
            })
        } else {
            None
        };
        let (kind, len) = parsed.unwrap_or_else(|| {
            let word = word.to_string();
            (TokenKind::Unknown { word }, 0)
        });
        let end = start + 2 + word_len + len;
        out.push(Token {
            kind,
            range: start..end,
        });
        from = end.max(from);
    }
    out
}

/// Every `:::name …:::` inside `text` (triple-colon syntax written within a line), in order.
pub fn colon_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find(":::") {
        let start = from + p;
        from = start + 3;
        if text[..start].ends_with('\\') {
            continue;
        }
        let line_end = text[from..].find('\n').map_or(text.len(), |e| from + e);
        let end = text[from..line_end]
            .find(":::")
            .map_or(line_end, |e| from + e + 3);
        let kind = match directive(&text[start..end]) {
            Some(Ok(d)) if d.name == "no-loc" && d.closed => match d.attrs.get("text") {
                Some(t) => TokenKind::NoLoc { text: t.clone() },
                None => TokenKind::UnknownColon { name: d.name },
            },
            Some(Ok(d)) => TokenKind::UnknownColon { name: d.name },
            _ => continue,
        };
        out.push(Token {
            kind,
            range: start..end,
        });
        from = end;
    }
    out
}

/// ` [title](path "title")]` after the token's word: the path and the length read.
fn link_part(s: &str) -> Option<(String, usize)> {
    let lead = s.len() - s.trim_start().len();
    let t = s[lead..].strip_prefix('[')?;
    let close = t.find(']')?;
    let t2 = t[close + 1..].strip_prefix('(')?;
    let paren = t2.find(')')?;
    let inner = t2[..paren].trim();
    let path = inner.split_whitespace().next().unwrap_or("");
    let path = path
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let tail = &t2[paren + 1..];
    let tail_lead = tail.len() - tail.trim_start().len();
    tail[tail_lead..].strip_prefix(']')?;
    let len = lead + 1 + close + 1 + 1 + paren + 1 + tail_lead + 1;
    (!path.is_empty()).then_some((path, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_directives() {
        let d =
            directive(r#":::image type="content" source="a b.png" alt-text='x "y"' lightbox:::"#)
                .unwrap()
                .unwrap();
        assert_eq!(d.name, "image");
        assert!(d.closed);
        assert_eq!(d.attrs["source"], "a b.png");
        assert_eq!(d.attrs["alt-text"], "x \"y\"");
        assert_eq!(d.attrs["lightbox"], "true");
        let z = directive(r#"::: zone pivot="a,b""#).unwrap().unwrap();
        assert_eq!((z.name.as_str(), z.closed), ("zone", false));
        assert!(directive("text").is_none());
        assert!(directive(r#":::image source=a.png:::"#).unwrap().is_err());
    }

    #[test]
    fn reads_colon_tokens() {
        let t = r#"Use :::no-loc text="Azure Portal"::: and :::row::: here"#;
        let toks = colon_tokens(t);
        assert_eq!(
            toks[0].kind,
            TokenKind::NoLoc {
                text: "Azure Portal".into()
            }
        );
        assert_eq!(
            &t[toks[0].range.clone()],
            r#":::no-loc text="Azure Portal":::"#
        );
        assert_eq!(toks[1].kind, TokenKind::UnknownColon { name: "row".into() });
    }

    #[test]
    fn reads_tokens() {
        let t = "See [!INCLUDE [x](../inc/a.md)] and [!code-azurepowershell-interactive[main](a.ps1?highlight=1 \"T\")] [!VIDEO https://v.example/1] [!FOO] \\[!NOTE]";
        let toks = tokens(t);
        assert_eq!(toks.len(), 4, "{toks:?}");
        assert_eq!(
            toks[0].kind,
            TokenKind::Include {
                path: "../inc/a.md".into()
            }
        );
        assert_eq!(&t[toks[0].range.clone()], "[!INCLUDE [x](../inc/a.md)]");
        assert_eq!(
            toks[1].kind,
            TokenKind::Code {
                lang: "azurepowershell-interactive".into(),
                path: "a.ps1?highlight=1".into()
            }
        );
        assert!(t[toks[1].range.clone()].ends_with("\"T\")]"));
        assert_eq!(
            toks[2].kind,
            TokenKind::Video {
                url: "https://v.example/1".into()
            }
        );
        assert_eq!(toks[3].kind, TokenKind::Unknown { word: "FOO".into() });
    }
}
