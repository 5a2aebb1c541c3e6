//! How alike two blocks are, for the alignment: kinds must agree, and links, images, code
//! and child shapes decide between candidates. No text is compared: it is translated.

use super::inline::{class, target};
use super::{Block, BlockKind, Inline, Marker};

/// How alike two blocks are, 0 meaning "never align these".
pub(super) fn similarity(a: &Block, b: &Block) -> f64 {
    use BlockKind as K;
    match (&a.kind, &b.kind) {
        (K::Heading { level: x }, K::Heading { level: y }) => {
            if x == y {
                1.0
            } else {
                0.4
            }
        }
        (K::Paragraph { marker: m }, K::Paragraph { marker: n }) => {
            let roman = |m: &Option<Marker>| m.as_ref().and_then(|m| m.roman);
            match (roman(m), roman(n), n.is_some()) {
                (Some(x), Some(y), _) => {
                    if x == y {
                        1.0
                    } else {
                        0.3
                    }
                }
                (Some(_), None, true) => 0.3,
                (Some(_), None, false) | (None, Some(_), _) => 0.0,
                (None, None, _) => 0.5 + 0.5 * inline_similarity(a, b),
            }
        }
        (K::List { start: x }, K::List { start: y }) => {
            if x.is_some() == y.is_some() {
                0.6 + 0.4 * ratio(a.children.len(), b.children.len())
            } else {
                0.3
            }
        }
        (K::Item, K::Item) => 0.5 + 0.5 * shape_similarity(a, b),
        (K::CodeBlock { lang: x, code: c }, K::CodeBlock { lang: y, code: d }) => {
            let same_lang = if x == y { 0.2 } else { 0.0 };
            0.3 + same_lang + 0.5 * line_overlap(c, d)
        }
        (K::Table { columns: x, .. }, K::Table { columns: y, .. }) => {
            if x == y {
                1.0
            } else {
                0.6
            }
        }
        (K::Quote, K::Quote) | (K::Other, K::Other) => 0.8,
        _ => 0.0,
    }
}

/// Shared lines over all lines of two code blocks (whitespace-trimmed, blank lines ignored).
fn line_overlap(a: &str, b: &str) -> f64 {
    let lines = |t: &str| -> Vec<String> {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (la, mut lb) = (lines(a), lines(b));
    let longest = la.len().max(lb.len());
    let mut shared = 0;
    for line in &la {
        if let Some(pos) = lb.iter().position(|l| l == line) {
            lb.swap_remove(pos);
            shared += 1;
        }
    }
    ratio(shared, longest)
}

fn ratio(x: usize, y: usize) -> f64 {
    if x.max(y) == 0 {
        1.0
    } else {
        x.min(y) as f64 / x.max(y) as f64
    }
}

/// Shared link/image targets over all targets (1 when neither has any).
fn inline_similarity(a: &Block, b: &Block) -> f64 {
    overlap(a.inlines.iter(), b.inlines.iter())
}

fn overlap<'a>(a: impl Iterator<Item = &'a Inline>, b: impl Iterator<Item = &'a Inline>) -> f64 {
    let targets = |x: &Inline| (class(x) != 3).then(|| target(x));
    let ta: Vec<String> = a.filter_map(targets).collect();
    let mut tb: Vec<String> = b.filter_map(targets).collect();
    let longest = ta.len().max(tb.len());
    let mut total = 0.0;
    for x in &ta {
        let best = (0..tb.len())
            .map(|j| (target_similarity(x, &tb[j]), j))
            .max_by(|p, q| p.0.total_cmp(&q.0));
        if let Some((score, j)) = best.filter(|(score, _)| *score > 0.0) {
            total += score;
            tb.remove(j);
        }
    }
    if longest == 0 {
        1.0
    } else {
        total / longest as f64
    }
}

/// 1 for equal targets, else a fraction for a shared beginning (after the scheme), so that
/// a mangled `http://crl3.d` still finds `http://crl3.digicert.com`.
fn target_similarity(x: &str, y: &str) -> f64 {
    if x == y {
        return 1.0;
    }
    let strip = |t: &'_ str| {
        t.split_once("://")
            .map_or(t.to_string(), |(_, rest)| rest.to_string())
    };
    let (x, y) = (strip(x), strip(y));
    let common = x.chars().zip(y.chars()).take_while(|(a, b)| a == b).count();
    let longest = x.chars().count().max(y.chars().count()).max(1);
    0.9 * common as f64 / longest as f64
}

/// How alike two items are: the kinds of their children, and the links and images in them.
fn shape_similarity(a: &Block, b: &Block) -> f64 {
    let mut kinds: Vec<_> = b
        .children
        .iter()
        .map(|c| std::mem::discriminant(&c.kind))
        .collect();
    let mut shared = 0;
    for child in &a.children {
        let kind = std::mem::discriminant(&child.kind);
        if let Some(pos) = kinds.iter().position(|k| *k == kind) {
            kinds.remove(pos);
            shared += 1;
        }
    }
    let shape = ratio(shared, a.children.len().max(b.children.len()));
    let deep_a = a.children.iter().flat_map(|c| c.inlines.iter());
    let deep_b = b.children.iter().flat_map(|c| c.inlines.iter());
    0.7 * shape + 0.3 * overlap(deep_a, deep_b)
}
