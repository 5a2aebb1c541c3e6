//! SVG a page publishes beside it, rebuilt from an allow-list so it can run nothing.
//!
//! An SVG file is a document: opened directly on the site's origin, its scripts and event
//! handlers run, and `<foreignObject>` can hold a whole HTML page. So tolk never copies one:
//! it parses it with roxmltree and writes a new file holding only allow-listed SVG elements
//! and attributes. Gone: scripts, event handlers, `<foreignObject>`, `<image>`, animation,
//! links, every reference that is not to a fragment of the same file (`href="#id"`,
//! `url(#id)`), and `<style>` elements. `style` attributes become presentation attributes
//! (what a strict CSP allows). A file that does not parse, or whose root is not `<svg>`, is
//! refused.

use crate::html_escape::escape;
use roxmltree::{Document, Node, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Elements kept, with their allowed children.
#[rustfmt::skip]
const ELEMENTS: &[&str] = &[
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient",
    "stop", "clipPath", "mask", "pattern", "marker", "filter", "feBlend", "feColorMatrix",
    "feComposite", "feDropShadow", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode",
    "feOffset", "metadata",
];

/// Elements dropped but whose children are kept (a link's text stays, the link goes).
const UNWRAPPED: &[&str] = &["a", "switch"];

/// Presentation and geometry attributes kept (also the CSS properties `style` may set).
#[rustfmt::skip]
const ATTRIBUTES: &[&str] = &[
    "id", "class", "lang", "role", "aria-label", "aria-hidden", "aria-labelledby",
    "aria-describedby", "version", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength", "viewBox",
    "preserveAspectRatio", "transform", "dx", "dy", "rotate", "textLength", "lengthAdjust",
    "startOffset", "offset", "gradientUnits", "gradientTransform", "spreadMethod", "clipPathUnits",
    "maskUnits", "maskContentUnits", "patternUnits", "patternContentUnits", "patternTransform",
    "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient", "stdDeviation", "in",
    "in2", "result", "mode", "values", "type", "operator", "k1", "k2", "k3", "k4", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity",
    "color", "display", "visibility", "clip-path", "clip-rule", "mask", "filter", "marker-start",
    "marker-mid", "marker-end", "stop-color", "stop-opacity", "flood-color", "flood-opacity",
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch",
    "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing",
    "word-spacing", "text-decoration", "writing-mode", "direction", "unicode-bidi", "paint-order",
    "vector-effect", "shape-rendering", "text-rendering", "color-interpolation",
    "color-interpolation-filters", "mix-blend-mode", "isolation",
];

/// Elements whose `href` may point at a fragment of the same file.
#[rustfmt::skip]
const HREF_ELEMENTS: &[&str] = &[
    "use", "linearGradient", "radialGradient", "pattern", "textPath", "filter",
];

/// Why an SVG file cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum SvgError {
    #[error("not well-formed SVG: {0}")]
    Parse(#[from] roxmltree::Error),
    #[error("the root element is not an SVG <svg>")]
    NotSvg,
    #[error("not UTF-8 text")]
    Encoding,
}

/// Rebuilds an SVG file from its allow-listed parts.
pub fn sanitize(bytes: &[u8]) -> Result<String, SvgError> {
    let text = std::str::from_utf8(bytes).map_err(|_| SvgError::Encoding)?;
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: 200_000,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text.trim_start_matches('\u{feff}'), options)?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(SvgError::NotSvg);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_element(root, &mut out, true);
    out.push('\n');
    Ok(out)
}

fn write_element(node: Node, out: &mut String, is_root: bool) {
    let name = node.tag_name().name();
    out.push('<');
    out.push_str(name);
    if is_root {
        out.push_str(&format!(" xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\""));
    }
    for (attr, value) in attributes(node) {
        out.push_str(&format!(" {attr}=\"{}\"", escape(&value)));
    }
    out.push('>');
    write_children(node, out);
    out.push_str(&format!("</{name}>"));
}

fn write_children(node: Node, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(&escape(child.text().unwrap_or_default()));
        } else if child.is_element() && child.tag_name().namespace() == Some(SVG_NS) {
            let name = child.tag_name().name();
            if ELEMENTS.contains(&name) {
                write_element(child, out, false);
            } else if UNWRAPPED.contains(&name) {
                write_children(child, out);
            }
        }
    }
}

/// The attributes of `node` that survive, `style` declarations included, in document order.
fn attributes(node: Node) -> Vec<(String, String)> {
    let element = node.tag_name().name();
    let mut kept: Vec<(String, String)> = Vec::new();
    let set = |kept: &mut Vec<(String, String)>, name: &str, value: &str| {
        if safe_value(value) {
            kept.retain(|(n, _)| n != name);
            kept.push((name.to_string(), value.trim().to_string()));
        }
    };
    for attr in node.attributes() {
        let (ns, name, value) = (attr.namespace(), attr.name(), attr.value());
        match (ns, name) {
            (None, "style") => {}
            (None | Some(XLINK_NS), "href")
                if HREF_ELEMENTS.contains(&element) && value.trim_start().starts_with('#') =>
            {
                set(&mut kept, "href", value)
            }
            (Some(XML_NS), "space" | "lang") => set(&mut kept, &format!("xml:{name}"), value),
            (None, name) if ATTRIBUTES.contains(&name) => set(&mut kept, name, value),
            _ => {}
        }
    }
    // `style` wins over presentation attributes, as in CSS.
    if let Some(style) = node.attribute("style") {
        for declaration in style.split(';') {
            if let Some((prop, value)) = declaration.split_once(':') {
                let prop = prop.trim();
                if ATTRIBUTES.contains(&prop) && !["id", "class"].contains(&prop) {
                    set(&mut kept, prop, value);
                }
            }
        }
    }
    kept
}

/// Whether a value can load nothing and escape nothing: `url()` only to `#fragments`, no CSS
/// escapes, comments, imports or image functions.
fn safe_value(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if [
        "\\",
        "/*",
        "@",
        "image",
        "expression",
        "src(",
        "<",
        "!important",
    ]
    .iter()
    .any(|bad| lower.contains(bad))
    {
        return false;
    }
    lower.match_indices("url(").all(|(i, m)| {
        lower[i + m.len()..]
            .trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .starts_with('#')
    })
}

#[cfg(test)]
mod tests;
