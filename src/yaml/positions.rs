//! Where each key and value of a YAML document is written: the one answer to "on which line is
//! `key:`", for every stage that reports a finding about a value serde_yaml has already read.
//!
//! The index is built from libyaml's events (see `events`), so it agrees with serde_yaml on what
//! the text means: nested keys (`sections[2].fields[0].id`), quoted keys, flow mappings
//! (`{ field: a, equals: b }`), comments and multi-line scalars all land where they are written.

use super::events::{self, Event, Kind, Mark};

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> From<&'a str> for Step<'a> {
    fn from(key: &'a str) -> Self {
        Step::Key(key)
    }
}

impl From<usize> for Step<'_> {
    fn from(index: usize) -> Self {
        Step::Index(index)
    }
}

/// An owned path step, as the index stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OwnedStep {
    Key(String),
    Index(usize),
}

impl OwnedStep {
    fn is(&self, step: &Step) -> bool {
        match (self, step) {
            (OwnedStep::Key(a), Step::Key(b)) => a == b,
            (OwnedStep::Index(a), Step::Index(b)) => a == b,
            _ => false,
        }
    }
}

/// Where one entry is written: its key (or, for a sequence item, its value) and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Where the entry starts: the key of a mapping entry, the value of a sequence item.
    pub start: Mark,
    pub value_start: Mark,
    /// Just after the value (for a block collection, where the next token starts).
    pub value_end: Mark,
}

#[derive(Debug, Clone)]
struct Entry {
    path: Vec<OwnedStep>,
    span: Span,
}

/// Positions of every entry of one YAML document, in document order.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    entries: Vec<Entry>,
}

/// A key that appears twice in one mapping (serde_yaml refuses the document).
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    pub key: String,
    /// The second occurrence.
    pub at: Mark,
}

/// Why a document has no index.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexError {
    Syntax(events::SyntaxError),
    Duplicate(DuplicateKey),
}

impl Positions {
    /// Indexes `text`; fails on a syntax error or a duplicate key, as serde_yaml would.
    pub fn index(text: &str) -> Result<Positions, IndexError> {
        let events = events::parse(text).map_err(IndexError::Syntax)?;
        Walk::default().run(&events)
    }

    /// Where the entry at `path` is written (its key, or the item), if it exists.
    pub fn get(&self, path: &[Step]) -> Option<Span> {
        self.entries
            .iter()
            .find(|e| e.path.len() == path.len() && e.path.iter().zip(path).all(|(a, b)| a.is(b)))
            .map(|e| e.span)
    }

    /// Where the entry at `path` starts or, when it is absent, its nearest ancestor that is
    /// written; line 1, column 1 for a document without any of them.
    pub fn nearest(&self, path: &[Step]) -> Mark {
        (0..=path.len())
            .rev()
            .find_map(|n| self.get(&path[..n]).map(|s| s.start))
            .unwrap_or(Mark::START)
    }
}

/// An open collection while walking the events.
enum Frame {
    /// A mapping: the keys seen so far and the key whose value comes next, if any.
    Mapping {
        keys: Vec<String>,
        pending: Option<(OwnedStep, Mark)>,
    },
    Sequence {
        next: usize,
    },
    /// A collection used as a mapping key (`? [a, b]: x`): not indexed.
    Skipped,
}

#[derive(Default)]
struct Walk {
    frames: Vec<Frame>,
    /// The path of each open frame and the index of its entry (None at the root).
    open: Vec<(Vec<OwnedStep>, Option<usize>)>,
    entries: Vec<Entry>,
}

impl Walk {
    fn run(mut self, events: &[Event]) -> Result<Positions, IndexError> {
        for e in events {
            match &e.kind {
                Kind::Boundary => {}
                Kind::End => self.close(e.end),
                Kind::Scalar(value) => self.node(e, Some(value))?,
                Kind::Alias | Kind::SequenceStart | Kind::MappingStart => self.node(e, None)?,
            }
        }
        Ok(Positions {
            entries: self.entries,
        })
    }

    /// A node starts: a key, a value, a sequence item or the root.
    fn node(&mut self, e: &Event, scalar: Option<&String>) -> Result<(), IndexError> {
        let parent = self.open.last().map(|(p, _)| p.clone()).unwrap_or_default();
        let step = match self.frames.last_mut() {
            None => None,
            Some(Frame::Skipped) => return self.open_collection(e, None, true),
            Some(Frame::Sequence { next }) => {
                *next += 1;
                Some((OwnedStep::Index(*next - 1), e.start))
            }
            Some(Frame::Mapping { keys, pending }) => match pending.take() {
                Some(key) => Some(key),
                None => {
                    let Some(key) = scalar else {
                        // A complex key (`? [a, b]`): nothing inside it is indexed; its value is
                        // indexed under an empty key.
                        *pending = Some((OwnedStep::Key(String::new()), e.start));
                        return self.open_collection(e, None, true);
                    };
                    if keys.contains(key) {
                        return Err(IndexError::Duplicate(DuplicateKey {
                            key: key.clone(),
                            at: e.start,
                        }));
                    }
                    keys.push(key.clone());
                    *pending = Some((OwnedStep::Key(key.clone()), e.start));
                    return Ok(());
                }
            },
        };
        let entry = step.map(|(step, start)| {
            let mut path = parent;
            path.push(step);
            self.entries.push(Entry {
                path,
                span: Span {
                    start,
                    value_start: e.start,
                    value_end: e.end,
                },
            });
            self.entries.len() - 1
        });
        self.open_collection(e, entry, false)
    }

    /// Opens a frame when `e` starts a collection.
    fn open_collection(
        &mut self,
        e: &Event,
        entry: Option<usize>,
        skip: bool,
    ) -> Result<(), IndexError> {
        let frame = match (&e.kind, skip) {
            (Kind::MappingStart | Kind::SequenceStart, true) => Frame::Skipped,
            (Kind::MappingStart, false) => Frame::Mapping {
                keys: Vec::new(),
                pending: None,
            },
            (Kind::SequenceStart, false) => Frame::Sequence { next: 0 },
            _ => return Ok(()),
        };
        let path = entry.map_or_else(
            || self.open.last().map(|(p, _)| p.clone()).unwrap_or_default(),
            |i| self.entries[i].path.clone(),
        );
        self.frames.push(frame);
        self.open.push((path, entry));
        Ok(())
    }

    /// The innermost collection ends at `end`: that is where its entry's value ends.
    fn close(&mut self, end: Mark) {
        self.frames.pop();
        if let Some((_, Some(i))) = self.open.pop() {
            self.entries[i].span.value_end = end;
        }
    }
}

#[cfg(test)]
mod tests;
