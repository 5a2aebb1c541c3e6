//! Charts drawn as SVG with translated labels.
//!
//! The seeds show a chart of event types that exists nowhere as a file; a picture with English
//! words would not serve a Turkish reader anyway. A chart here is a root box over a row of
//! boxes, each a Fluent message (value = heading, `.description` = text), so translators
//! translate the chart like any other string and the build draws it for each locale. The
//! drawing carries its locale's `xml:lang` and direction; a label the locale lacks is drawn in
//! the fallback locale's words with that locale's `xml:lang` and direction on its `<text>`.

use crate::config::{ChartConfig, TextDirection};
use crate::html_escape::escape;
use crate::i18n::{strip_isolation, Localizer};
use std::fmt::Write;

const WIDTH: f32 = 760.0;
const MARGIN: f32 = 16.0;
const GAP: f32 = 24.0;
const PAD: f32 = 14.0;
const HEAD_SIZE: f32 = 17.0;
const TEXT_SIZE: f32 = 14.0;
const LINE: f32 = 1.35;

/// Width of the narrow layout, drawn for phones: boxes stacked, so text stays readable.
const NARROW_WIDTH: f32 = 360.0;

/// The two drawings of a chart: wide (boxes side by side) and narrow (stacked, for phones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Wide,
    Narrow,
}

/// Draws `chart` for `locale`.
pub fn render(
    chart: &ChartConfig,
    localizer: &Localizer,
    locale: &str,
    dir: TextDirection,
    layout: Layout,
) -> String {
    let text = |id: &str, attr: Option<&str>| match localizer.format_from(locale, id, attr, None) {
        Some((s, from)) => Label {
            text: strip_isolation(&s),
            lang: (from != locale).then(|| (from.to_string(), localizer.dir(from))),
        },
        None => Label::default(),
    };
    let page = (locale, dir);
    if layout == Layout::Narrow {
        return render_narrow(chart, &text, page);
    }
    let root = Card::new(
        text(&chart.root, None),
        text(&chart.root, Some("description")),
        WIDTH * 0.6,
    );
    let n = chart.children.len().max(1) as f32;
    let child_width = (WIDTH - 2.0 * MARGIN - GAP * (n - 1.0)) / n;
    let children: Vec<Card> = chart
        .children
        .iter()
        .map(|id| Card::new(text(id, None), text(id, Some("description")), child_width))
        .collect();
    let row_height = children.iter().map(|c| c.height).fold(0.0, f32::max);
    let root_x = (WIDTH - root.width) / 2.0;
    let row_y = MARGIN + root.height + 2.0 * GAP;
    let height = row_y + row_height + MARGIN;

    let mut svg = open_svg(WIDTH, height, &root.head, page);
    let bus_y = MARGIN + root.height + GAP;
    let _ = write!(
        svg,
        r##"<g stroke="#5b6b7f" stroke-width="2" fill="none"><path d="M{:.1} {:.1} V{bus_y:.1}"/>"##,
        WIDTH / 2.0,
        MARGIN + root.height
    );
    for i in 0..children.len() {
        let cx = MARGIN + i as f32 * (child_width + GAP) + child_width / 2.0;
        let _ = write!(
            svg,
            r##"<path d="M{:.1} {bus_y:.1} H{cx:.1} V{row_y:.1}"/>"##,
            WIDTH / 2.0
        );
    }
    svg.push_str("</g>");
    root.draw(&mut svg, root_x, MARGIN, "#0b4f8a", "#ffffff", "#ffffff");
    for (i, card) in children.iter().enumerate() {
        let x = MARGIN + i as f32 * (child_width + GAP);
        card.draw(&mut svg, x, row_y, "#eef4fb", "#0b2e4f", "#1f2937");
    }
    svg.push_str("</svg>\n");
    svg
}

/// A label and, when it fell back to another locale, that locale's tag and direction.
#[derive(Default)]
struct Label {
    text: String,
    lang: Option<(String, TextDirection)>,
}

impl Label {
    /// ` xml:lang=".." direction=".."` for a fallback label, else nothing.
    fn attributes(&self) -> String {
        self.lang.as_ref().map_or_else(String::new, |(tag, dir)| {
            format!(
                " xml:lang=\"{}\" direction=\"{}\"",
                escape(tag),
                dir.as_str()
            )
        })
    }
}

fn open_svg(width: f32, height: f32, title: &Label, page: (&str, TextDirection)) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0}" width="{width}" height="{height:.0}" xml:lang="{}" direction="{}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"><title{}>{}</title><rect width="100%" height="100%" fill="#ffffff"/>"##,
        escape(page.0),
        page.1.as_str(),
        title.attributes(),
        escape(&title.text)
    )
}

/// The phone drawing: the root box, then each child box below it, joined by a line at the
/// start edge.
fn render_narrow(
    chart: &ChartConfig,
    text: &dyn Fn(&str, Option<&str>) -> Label,
    page: (&str, TextDirection),
) -> String {
    let dir = page.1;
    let inner = NARROW_WIDTH - 2.0 * MARGIN;
    let indent = 28.0;
    let root = Card::new(
        text(&chart.root, None),
        text(&chart.root, Some("description")),
        inner,
    );
    let children: Vec<Card> = chart
        .children
        .iter()
        .map(|id| {
            Card::new(
                text(id, None),
                text(id, Some("description")),
                inner - indent,
            )
        })
        .collect();
    let mut y = MARGIN + root.height + GAP;
    let mut tops = Vec::new();
    for c in &children {
        tops.push(y);
        y += c.height + GAP;
    }
    let height = y - GAP + MARGIN;
    let mut svg = open_svg(NARROW_WIDTH, height, &root.head, page);
    let rtl = dir == TextDirection::Rtl;
    let line_x = if rtl {
        NARROW_WIDTH - MARGIN - indent / 2.0
    } else {
        MARGIN + indent / 2.0
    };
    let child_x = if rtl { MARGIN } else { MARGIN + indent };
    let last_mid = tops
        .last()
        .zip(children.last())
        .map_or(MARGIN + root.height, |(t, c)| t + c.height / 2.0);
    let _ = write!(
        svg,
        r##"<g stroke="#5b6b7f" stroke-width="2" fill="none"><path d="M{line_x:.1} {:.1} V{last_mid:.1}"/>"##,
        MARGIN + root.height
    );
    for (top, c) in tops.iter().zip(&children) {
        let mid = top + c.height / 2.0;
        let edge = if rtl { child_x + c.width } else { child_x };
        let _ = write!(svg, r##"<path d="M{line_x:.1} {mid:.1} H{edge:.1}"/>"##);
    }
    svg.push_str("</g>");
    root.draw(&mut svg, MARGIN, MARGIN, "#0b4f8a", "#ffffff", "#ffffff");
    for (top, c) in tops.iter().zip(&children) {
        c.draw(&mut svg, child_x, *top, "#eef4fb", "#0b2e4f", "#1f2937");
    }
    svg.push_str("</svg>\n");
    svg
}

struct Card {
    head: Label,
    /// The description's language attributes (see [`Label::attributes`]).
    text_attributes: String,
    head_lines: Vec<String>,
    text_lines: Vec<String>,
    width: f32,
    height: f32,
}

impl Card {
    fn new(head: Label, text: Label, width: f32) -> Card {
        let inner = width - 2.0 * PAD;
        let head_lines = wrap(&head.text, inner, HEAD_SIZE);
        let text_lines = wrap(&text.text, inner, TEXT_SIZE);
        let gap = if text_lines.is_empty() { 0.0 } else { 6.0 };
        let height = 2.0 * PAD
            + head_lines.len() as f32 * HEAD_SIZE * LINE
            + gap
            + text_lines.len() as f32 * TEXT_SIZE * LINE;
        Card {
            text_attributes: text.attributes(),
            head,
            head_lines,
            text_lines,
            width,
            height,
        }
    }

    fn draw(
        &self,
        svg: &mut String,
        x: f32,
        y: f32,
        fill: &str,
        head_color: &str,
        text_color: &str,
    ) {
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" rx="10" fill="{fill}" stroke="#0b4f8a" stroke-width="1.5"/>"##,
            self.width, self.height
        );
        let cx = x + self.width / 2.0;
        let head_attributes = self.head.attributes();
        let text_attributes = &self.text_attributes;
        let mut baseline = y + PAD + HEAD_SIZE;
        for line in &self.head_lines {
            let _ = write!(
                svg,
                r##"<text x="{cx:.1}" y="{baseline:.1}" text-anchor="middle" font-size="{HEAD_SIZE}" font-weight="700" fill="{head_color}"{head_attributes}>{}</text>"##,
                escape(line)
            );
            baseline += HEAD_SIZE * LINE;
        }
        baseline += 6.0 - HEAD_SIZE * LINE + TEXT_SIZE * LINE;
        for line in &self.text_lines {
            let _ = write!(
                svg,
                r##"<text x="{cx:.1}" y="{baseline:.1}" text-anchor="middle" font-size="{TEXT_SIZE}" fill="{text_color}"{text_attributes}>{}</text>"##,
                escape(line)
            );
            baseline += TEXT_SIZE * LINE;
        }
    }
}

/// Greedy word wrap by estimated glyph widths (no font metrics at build time: wide letters
/// count more, and the estimate errs on the wide side so text stays inside its box).
fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate, size) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn measure(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'ı' | 'I' | 'j' | '.' | ',' | '\'' | ' ' | '|' | '!' => 0.3,
            'm' | 'w' | 'M' | 'W' => 0.9,
            c if c.is_uppercase() => 0.7,
            _ => 0.58,
        })
        .sum::<f32>()
        * size
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::i18n::FtlFile;
    use std::path::{Path, PathBuf};

    #[test]
    fn labels_are_translated_escaped_and_wrapped() {
        let config = Config::parse(
            "[[locale]]\ntag = \"tr-TR\"\nname = \"Türkçe\"\n",
            Path::new("book.toml"),
            Path::new("/"),
        )
        .unwrap();
        let ftl = "root = Güvenlik olayı\n    .description = <script> & çok uzun bir açıklama metni, kutunun içinde kalması gereken birkaç satır\nleft = Güvenlik olayı\nright = Güvenlik açığı\n";
        let l = Localizer::parse(
            &config,
            &[FtlFile {
                locale: "tr-TR".into(),
                path: PathBuf::from("x.ftl"),
                text: ftl.into(),
            }],
        );
        let chart = ChartConfig {
            name: "c".into(),
            path: "p".into(),
            replaces: vec![],
            root: "root".into(),
            children: vec!["left".into(), "right".into()],
        };
        let svg = render(&chart, &l, "tr-TR", TextDirection::Ltr, Layout::Wide);
        let narrow = render(&chart, &l, "tr-TR", TextDirection::Ltr, Layout::Narrow);
        assert!(narrow.contains("width=\"360\"") && narrow.contains("Güvenlik açığı"));
        assert!(svg.contains("Güvenlik açığı"));
        assert!(svg.contains("&lt;script&gt; &amp;"));
        assert!(!svg.contains("<script"));
        assert!(
            svg.matches("<text").count() >= 5,
            "description wraps onto several lines"
        );
        assert!(svg.starts_with("<svg xmlns"));
    }

    #[test]
    fn labels_a_locale_lacks_carry_the_fallback_locales_language() {
        let config = Config::parse(
            "[[locale]]\ntag = \"en-US\"\nname = \"English\"\n\n\
             [[locale]]\ntag = \"ar-SA\"\nname = \"العربية\"\ndir = \"rtl\"\n",
            Path::new("book.toml"),
            Path::new("/"),
        )
        .unwrap();
        let file = |locale: &str, text: &str| FtlFile {
            locale: locale.into(),
            path: PathBuf::from("x.ftl"),
            text: text.into(),
        };
        let l = Localizer::parse(
            &config,
            &[
                file(
                    "en-US",
                    "root = Security event\n    .description = Any problem\nleft = Incident\n",
                ),
                file("ar-SA", "left = حادث\n"),
            ],
        );
        let chart = ChartConfig {
            name: "c".into(),
            path: "p".into(),
            replaces: vec![],
            root: "root".into(),
            children: vec!["left".into()],
        };
        for layout in [Layout::Wide, Layout::Narrow] {
            let svg = render(&chart, &l, "ar-SA", TextDirection::Rtl, layout);
            assert!(
                svg.contains("xml:lang=\"ar-SA\" direction=\"rtl\""),
                "{svg}"
            );
            let english = " xml:lang=\"en-US\" direction=\"ltr\">";
            assert!(
                svg.contains(&format!("<title{english}Security event</title>")),
                "{svg}"
            );
            assert!(
                svg.contains(&format!("{english}Security event</text>")),
                "{svg}"
            );
            assert!(
                svg.contains(&format!("{english}Any problem</text>")),
                "{svg}"
            );
            assert!(svg.contains("fill=\"#0b2e4f\">حادث</text>"), "{svg}");
        }
    }

    #[test]
    fn wrapping_respects_width() {
        let lines = wrap(
            "een twee drie vier vijf zes zeven acht negen tien",
            100.0,
            14.0,
        );
        assert!(lines.len() > 2);
        assert!(lines
            .iter()
            .all(|l| measure(l, 14.0) <= 100.0 || !l.contains(' ')));
    }
}
