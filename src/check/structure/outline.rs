//! Building an [`Outline`] from pulldown-cmark's offset iterator.
//!
//! Blocks are kept on a stack while open and attached to their parent when closed. Text that
//! sits directly in a tight list item gets an implicit paragraph, so a tight and a loose list
//! have the same outline (translators change blank lines freely; readers cannot tell).

use super::inline::{bare_urls, paragraph_marker};
use super::{Block, BlockKind, Inline, InlineKind, Outline};
use crate::diagnostics::LineIndex;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// The outline of a page body. `first_line` is the file line the body starts on, so that
/// every line in the outline is a line of the file (front matter included).
pub fn outline(body: &str, first_line: usize) -> Outline {
    let mut builder = Builder {
        body,
        lines: LineIndex::new(body),
        first_line: first_line.max(1),
        stack: Vec::new(),
        links: Vec::new(),
        done: Vec::new(),
    };
    // The options the site renders with: the outline must see what readers see.
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        builder.event(event, range);
    }
    while !builder.stack.is_empty() {
        builder.close();
    }
    Outline {
        blocks: builder.done,
    }
}

/// A block being built, with what bare-URL scanning needs: the extent of its own text and
/// the ranges (links, code, HTML) where a URL is not bare.
struct Open {
    block: Block,
    implicit: bool,
    extent: Option<Range<usize>>,
    excluded: Vec<Range<usize>>,
}

/// A link or image being built: its text arrives as later events.
struct OpenLink {
    image: bool,
    dest: String,
    text: String,
    start: usize,
}

struct Builder<'a> {
    body: &'a str,
    lines: LineIndex<'a>,
    first_line: usize,
    stack: Vec<Open>,
    links: Vec<OpenLink>,
    done: Vec<Block>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => {
                self.text(&code, range.clone());
                if self.links.is_empty() && self.in_leaf() {
                    self.push_inline(
                        InlineKind::Code {
                            code: code.to_string(),
                        },
                        range.start,
                    );
                }
                self.exclude(range);
            }
            Event::InlineHtml(_) | Event::FootnoteReference(_) | Event::InlineMath(_) => {
                self.touch(range.clone());
                self.exclude(range);
            }
            Event::Rule => self.leaf(BlockKind::Other, range.start),
            Event::Html(_) | Event::DisplayMath(_) => self.touch(range),
            Event::SoftBreak | Event::HardBreak | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        let kind = match tag {
            Tag::Paragraph => BlockKind::Paragraph {
                marker: self.marker_at(range.start),
            },
            Tag::Heading { level, .. } => BlockKind::Heading { level: level as u8 },
            Tag::BlockQuote(_) => BlockKind::Quote,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                let lang = info.split_whitespace().next().unwrap_or_default();
                BlockKind::CodeBlock {
                    lang: lang.to_string(),
                    code: String::new(),
                }
            }
            Tag::CodeBlock(CodeBlockKind::Indented) => BlockKind::CodeBlock {
                lang: String::new(),
                code: String::new(),
            },
            Tag::List(start) => BlockKind::List { start },
            Tag::Item => BlockKind::Item,
            Tag::Table(alignments) => BlockKind::Table {
                columns: alignments.len(),
                rows: 0,
            },
            Tag::TableRow => return self.count_row(),
            Tag::Link { dest_url, .. } => return self.open_link(false, &dest_url, range),
            Tag::Image { dest_url, .. } => return self.open_link(true, &dest_url, range),
            Tag::TableHead | Tag::TableCell => return,
            Tag::HtmlBlock | Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => BlockKind::Other,
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                BlockKind::Other
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => return self.touch(range),
        };
        self.close_implicit();
        self.open(kind, range.start, false);
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Link | TagEnd::Image => self.close_link(),
            TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell => {}
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {}
            TagEnd::Superscript | TagEnd::Subscript => {}
            _ => {
                self.close_implicit();
                self.close();
            }
        }
    }

    fn open(&mut self, kind: BlockKind, offset: usize, implicit: bool) {
        let (line, column) = self.line_col(offset);
        let block = Block {
            kind,
            line,
            column,
            children: Vec::new(),
            inlines: Vec::new(),
        };
        self.stack.push(Open {
            block,
            implicit,
            extent: None,
            excluded: Vec::new(),
        });
    }

    fn leaf(&mut self, kind: BlockKind, offset: usize) {
        self.close_implicit();
        self.open(kind, offset, false);
        self.close();
    }

    /// Closes the top block: scans its text for bare URLs, attaches it to its parent.
    fn close(&mut self) {
        let Some(mut open) = self.stack.pop() else {
            return;
        };
        if let Some(extent) = open.extent.take() {
            for url in bare_urls(self.body, extent, &open.excluded) {
                let (line, column) = self.line_col(url.start);
                let kind = InlineKind::BareUrl {
                    url: url.url,
                    glued: url.glued,
                    after_link_text: url.after_link_text,
                };
                open.block.inlines.push(Inline { kind, line, column });
            }
            open.block.inlines.sort_by_key(|i| (i.line, i.column));
        }
        match self.stack.last_mut() {
            Some(parent) => parent.block.children.push(open.block),
            None => self.done.push(open.block),
        }
    }

    fn close_implicit(&mut self) {
        if self.stack.last().is_some_and(|o| o.implicit) {
            self.close();
        }
    }

    /// Whether inline content goes somewhere: a paragraph, heading or table.
    fn in_leaf(&self) -> bool {
        let top = self.stack.last().map(|o| &o.block.kind);
        matches!(
            top,
            Some(BlockKind::Paragraph { .. } | BlockKind::Heading { .. } | BlockKind::Table { .. })
        )
    }

    /// Inline content arrived: give a tight list item its implicit paragraph, then record
    /// the content's extent in the innermost text block.
    fn touch(&mut self, range: Range<usize>) {
        if matches!(
            self.stack.last().map(|o| &o.block.kind),
            Some(BlockKind::Item)
        ) {
            let marker = self.marker_at(range.start);
            self.open(BlockKind::Paragraph { marker }, range.start, true);
        }
        if !self.in_leaf() {
            return;
        }
        if let Some(top) = self.stack.last_mut() {
            let extent = top.extent.get_or_insert(range.clone());
            extent.start = extent.start.min(range.start);
            extent.end = extent.end.max(range.end);
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some(Open {
            block:
                Block {
                    kind: BlockKind::CodeBlock { code, .. },
                    ..
                },
            ..
        }) = self.stack.last_mut()
        {
            code.push_str(text);
            return;
        }
        self.touch(range);
        if let Some(link) = self.links.last_mut() {
            link.text.push_str(text);
        }
    }

    fn exclude(&mut self, range: Range<usize>) {
        if let Some(top) = self.stack.last_mut() {
            top.excluded.push(range);
        }
    }

    fn open_link(&mut self, image: bool, dest: &str, range: Range<usize>) {
        self.touch(range.clone());
        self.exclude(range.clone());
        self.links.push(OpenLink {
            image,
            dest: dest.to_string(),
            text: String::new(),
            start: range.start,
        });
    }

    fn close_link(&mut self) {
        let Some(link) = self.links.pop() else { return };
        if let Some(outer) = self.links.last_mut() {
            outer.text.push_str(&link.text);
        }
        if !self.in_leaf() {
            return;
        }
        let kind = if link.image {
            InlineKind::Image { dest: link.dest }
        } else {
            InlineKind::Link {
                dest: link.dest,
                text: link.text,
            }
        };
        self.push_inline(kind, link.start);
    }

    fn push_inline(&mut self, kind: InlineKind, offset: usize) {
        let (line, column) = self.line_col(offset);
        if let Some(top) = self.stack.last_mut() {
            top.block.inlines.push(Inline { kind, line, column });
        }
    }

    fn count_row(&mut self) {
        if let Some(Open {
            block:
                Block {
                    kind: BlockKind::Table { rows, .. },
                    ..
                },
            ..
        }) = self.stack.last_mut()
        {
            *rows += 1;
        }
    }

    /// The numbering token of the paragraph whose first line starts at `offset`.
    fn marker_at(&self, offset: usize) -> Option<super::Marker> {
        let rest = self.body.get(offset..).unwrap_or_default();
        paragraph_marker(rest.split('\n').next().unwrap_or_default())
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let (line, column) = self.lines.line_col(offset);
        (self.first_line + line - 1, column)
    }
}
