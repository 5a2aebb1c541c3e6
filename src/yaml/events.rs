//! libyaml's event stream, with the position of every event, behind a safe function.
//!
//! serde_yaml reads YAML with libyaml (the `unsafe-libyaml` crate) and throws the positions
//! away once a value is built. Asking the same parser for its events gives the positions of
//! every key and value exactly as serde_yaml saw them: nested keys, quoted keys, flow style and
//! comments need no scanner of our own. The only `unsafe` code in tolk's library; it follows
//! serde_yaml's own use of the same API (`serde_yaml::libyaml::parser`).

// libyaml is a C library translated to Rust: its API is raw pointers. Every block says why it
// is sound; nothing unsafe leaves this file.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::mem::MaybeUninit;

/// A place in YAML text: 1-based line and column (in characters), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Mark {
    /// The start of the text.
    pub const START: Mark = Mark {
        line: 1,
        column: 1,
        offset: 0,
    };

    fn from_libyaml(m: unsafe_libyaml::yaml_mark_t) -> Self {
        Mark {
            line: m.line as usize + 1,
            column: m.column as usize + 1,
            offset: m.index as usize,
        }
    }
}

/// What the walk over a document needs of an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar with its value as read (quotes and escapes resolved).
    Scalar(String),
    /// An alias (`*name`): a node whose content is elsewhere.
    Alias,
    SequenceStart,
    MappingStart,
    /// The end of the innermost open sequence or mapping.
    End,
    /// Stream and document boundaries.
    Boundary,
}

/// One event and the span of text it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: Kind,
    pub start: Mark,
    pub end: Mark,
}

/// libyaml's description of a syntax error: the problem, where it was found, and (when libyaml
/// knows one) the construct it was reading and where that started.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub problem: String,
    pub at: Mark,
    pub context: Option<(String, Mark)>,
}

/// The events of the first document in `text`, up to the end of the stream.
pub fn parse(text: &str) -> Result<Vec<Event>, SyntaxError> {
    let mut parser = Parser::new(text)?;
    let mut events = Vec::new();
    loop {
        let event = parser.next()?;
        let end_of_stream = event.is_none();
        events.extend(event);
        if end_of_stream {
            return Ok(events);
        }
    }
}

/// An initialized libyaml parser reading `text`, which it borrows for its lifetime.
struct Parser<'t> {
    /// Boxed so libyaml's pointers into the struct stay valid; never moved out of the box.
    raw: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    _text: std::marker::PhantomData<&'t str>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Result<Self, SyntaxError> {
        let mut raw = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        let p = raw.as_mut_ptr();
        // SAFETY: `p` points to memory owned by `raw`, which outlives the parser (its Drop
        // deletes it only when initialization succeeded). The input pointer and length come
        // from `text`, which the lifetime `'t` keeps alive as long as the parser.
        unsafe {
            if unsafe_libyaml::yaml_parser_initialize(p).fail {
                return Err(SyntaxError {
                    problem: "cannot start the YAML parser (out of memory)".into(),
                    at: Mark::START,
                    context: None,
                });
            }
            unsafe_libyaml::yaml_parser_set_encoding(p, unsafe_libyaml::YAML_UTF8_ENCODING);
            unsafe_libyaml::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as _);
        }
        Ok(Parser {
            raw,
            _text: std::marker::PhantomData,
        })
    }

    /// The next event; `None` at the end of the stream.
    fn next(&mut self) -> Result<Option<Event>, SyntaxError> {
        let p = self.raw.as_mut_ptr();
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser is initialized (see `new`). When `yaml_parser_parse` succeeds it
        // has initialized `event`, which we read and then delete exactly once; when it fails,
        // `event` is not initialized and only the parser's error fields are read.
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                return Err(syntax_error(&*p));
            }
            let e = event.as_mut_ptr();
            let converted = convert(&*e);
            unsafe_libyaml::yaml_event_delete(e);
            Ok(converted)
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: a `Parser` exists only after `yaml_parser_initialize` succeeded.
        unsafe { unsafe_libyaml::yaml_parser_delete(self.raw.as_mut_ptr()) }
    }
}

/// Our copy of one event's data.
///
/// # Safety
/// `e` must be an event that `yaml_parser_parse` initialized and that is not deleted yet.
unsafe fn convert(e: &unsafe_libyaml::yaml_event_t) -> Option<Event> {
    let kind = match e.type_ {
        unsafe_libyaml::YAML_STREAM_END_EVENT => return None,
        unsafe_libyaml::YAML_SCALAR_EVENT => {
            // SAFETY: for a scalar event the `scalar` member of the union is the valid one;
            // libyaml owns `value` (`length` bytes) until the event is deleted.
            let bytes = unsafe {
                let s = &e.data.scalar;
                std::slice::from_raw_parts(s.value, s.length as usize)
            };
            Kind::Scalar(String::from_utf8_lossy(bytes).into_owned())
        }
        unsafe_libyaml::YAML_ALIAS_EVENT => Kind::Alias,
        unsafe_libyaml::YAML_SEQUENCE_START_EVENT => Kind::SequenceStart,
        unsafe_libyaml::YAML_MAPPING_START_EVENT => Kind::MappingStart,
        unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
            Kind::End
        }
        _ => Kind::Boundary,
    };
    Some(Event {
        kind,
        start: Mark::from_libyaml(e.start_mark),
        end: Mark::from_libyaml(e.end_mark),
    })
}

/// The parser's error after a failed call.
fn syntax_error(p: &unsafe_libyaml::yaml_parser_t) -> SyntaxError {
    // SAFETY: libyaml sets `problem` and `context` to null or to static C strings.
    let text = |s: *const std::ffi::c_char| {
        (!s.is_null()).then(|| unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned())
    };
    SyntaxError {
        problem: text(p.problem.cast()).unwrap_or_else(|| "malformed YAML".into()),
        at: Mark::from_libyaml(p.problem_mark),
        context: text(p.context.cast()).map(|c| (c, Mark::from_libyaml(p.context_mark))),
    }
}
