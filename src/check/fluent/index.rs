//! One locale's Fluent resources, parsed and indexed by id, with source positions.
//!
//! fluent-syntax's AST carries no spans, but with `&str` input every identifier is a slice
//! of the file text, so its byte offset is recovered by pointer arithmetic (no `unsafe`).
//! That is what lets every finding point at the exact line of the message it concerns.

use super::LocaleResources;
use crate::diagnostics::{rule, Diagnostic, Diagnostics, LineIndex};
use fluent_syntax::ast;
use fluent_syntax::parser;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One message or term definition.
pub(super) struct Def<'a> {
    /// The id as written in references: `welcome` for a message, `-brand` for a term.
    pub id: String,
    pub is_term: bool,
    pub file: usize,
    pub offset: usize,
    pub has_value: bool,
    /// Attribute names with the byte offset of each.
    pub attributes: Vec<(&'a str, usize)>,
    /// What each pattern uses: `None` is the value, `Some(name)` an attribute.
    pub patterns: BTreeMap<Option<&'a str>, Uses<'a>>,
    /// The message as parsed, comment included, for [`crate::i18n::same_as_source`];
    /// `None` for a term.
    pub message: Option<ast::Message<&'a str>>,
}

/// Variables and references found in one pattern, selectors and variants included.
#[derive(Default)]
pub(super) struct Uses<'a> {
    pub variables: BTreeSet<&'a str>,
    pub references: Vec<Reference<'a>>,
}

/// A `{ message }`, `{ message.attr }` or `{ -term }` inside a pattern.
pub(super) struct Reference<'a> {
    pub id: String,
    pub attribute: Option<&'a str>,
    pub offset: usize,
}

/// A locale's definitions (first definition of an id wins, as in fluent-bundle) plus the
/// problems found while reading it: syntax errors and duplicate ids.
pub(super) struct LocaleIndex<'a> {
    pub resources: &'a LocaleResources,
    pub defs: BTreeMap<String, Def<'a>>,
    pub diagnostics: Diagnostics,
    /// One line index per file, so placing many findings scans each file once.
    lines: Vec<LineIndex<'a>>,
}

impl<'a> LocaleIndex<'a> {
    /// Parses every file of the locale, collecting all syntax errors and duplicates.
    pub fn build(resources: &'a LocaleResources) -> Self {
        let mut index = LocaleIndex {
            resources,
            defs: BTreeMap::new(),
            diagnostics: Diagnostics::new(),
            lines: resources
                .files
                .iter()
                .map(|f| LineIndex::new(&f.text))
                .collect(),
        };
        for (file, ftl) in resources.files.iter().enumerate() {
            crate::text_hygiene::scan(&ftl.path, &ftl.text, &mut index.diagnostics);
            // With comments: a message's comment may mark it as the same as the source.
            let resource = match parser::parse(ftl.text.as_str()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    for error in errors {
                        index.push_syntax_error(file, &error);
                    }
                    resource
                }
            };
            for entry in resource.body {
                if let Some(def) = Def::from_entry(&entry, file, &ftl.text) {
                    index.insert(def);
                }
            }
        }
        index
    }

    /// Reports one parser error. When the parser only notices the problem at the start of
    /// the next entry (an unclosed `{`), the finding points at the end of the broken entry
    /// instead, so the line shown is the one to fix.
    fn push_syntax_error(&mut self, file: usize, error: &parser::ParserError) {
        let ftl = &self.resources.files[file];
        let text = ftl.text.as_str();
        let mut offset = error.pos.start;
        let mut help = None;
        let skipped = error
            .slice
            .as_ref()
            .and_then(|r| Some((r.start, text.get(r.clone())?)));
        if let Some((start, entry)) = skipped {
            let end = start + entry.trim_end().len();
            if offset >= start + entry.len() {
                offset = end;
            }
            let (from, _) = self.lines[file].line_col(start);
            let (to, _) = self.lines[file].line_col(end);
            let lines = if from == to {
                format!("line {from} is")
            } else {
                format!("lines {from}-{to} are")
            };
            help = Some(format!(
                "{lines} ignored until this is fixed; pages show the fallback text instead"
            ));
        }
        let mut d = Diagnostic::error(&ftl.path, format!("Fluent syntax error: {}", error.kind))
            .rule(rule::FLUENT_SYNTAX)
            .at_index(&self.lines[file], offset);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diagnostics.push(d);
    }

    fn insert(&mut self, def: Def<'a>) {
        if let Some(first) = self.defs.get(&def.id) {
            let what = if def.is_term { "term" } else { "message" };
            let message = format!(
                "{what} `{}` is defined twice in {}; the first definition ({}) is the one used",
                def.id,
                self.resources.locale,
                self.location(first)
            );
            let d = Diagnostic::error(self.path(&def), message)
                .rule(rule::FLUENT_DUPLICATE)
                .at_index(&self.lines[def.file], def.offset)
                .with_help("remove or rename one of the two definitions");
            self.diagnostics.push(d);
        } else {
            self.defs.insert(def.id.clone(), def);
        }
    }

    pub fn path(&self, def: &Def) -> &'a Path {
        &self.resources.files[def.file].path
    }

    /// `path:line` of a definition, for messages that mention another place.
    pub fn location(&self, def: &Def) -> String {
        let (line, _) = self.lines[def.file].line_col(def.offset);
        format!("{}:{line}", self.path(def).display())
    }

    /// A diagnostic placed on the line of `def` (or of `offset` inside its file).
    pub fn at(&self, def: &Def, offset: usize, d: Diagnostic) -> Diagnostic {
        d.at_index(&self.lines[def.file], offset)
    }

    /// Where to report something this locale lacks: its only file, else its folder.
    pub fn missing_path(&self) -> &'a Path {
        match self.resources.files.as_slice() {
            [only] => &only.path,
            _ => &self.resources.dir,
        }
    }

    pub fn messages(&self) -> impl Iterator<Item = &Def<'a>> {
        self.defs.values().filter(|d| !d.is_term)
    }
}

impl<'a> Def<'a> {
    fn from_entry(entry: &ast::Entry<&'a str>, file: usize, text: &'a str) -> Option<Self> {
        let (id, is_term, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name, false, m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (t.id.name, true, Some(&t.value), &t.attributes),
            _ => return None,
        };
        let mut def = Def {
            id: if is_term {
                format!("-{id}")
            } else {
                id.to_string()
            },
            is_term,
            file,
            offset: offset_in(text, id),
            has_value: value.is_some(),
            attributes: Vec::new(),
            patterns: BTreeMap::new(),
            message: match entry {
                ast::Entry::Message(m) => Some(m.clone()),
                _ => None,
            },
        };
        if let Some(pattern) = value {
            def.patterns.insert(None, Uses::of_pattern(pattern, text));
        }
        for attr in attributes {
            def.attributes
                .push((attr.id.name, offset_in(text, attr.id.name)));
            let uses = Uses::of_pattern(&attr.value, text);
            def.patterns.insert(Some(attr.id.name), uses);
        }
        Some(def)
    }

    /// Every variable of every pattern of the definition.
    pub fn all_variables(&self) -> BTreeSet<&'a str> {
        let vars = self.patterns.values().flat_map(|u| u.variables.iter());
        vars.copied().collect()
    }

    pub fn has_attribute(&self, name: &str) -> bool {
        self.attributes.iter().any(|(a, _)| *a == name)
    }
}

impl<'a> Uses<'a> {
    fn of_pattern(pattern: &ast::Pattern<&'a str>, text: &'a str) -> Self {
        let mut uses = Uses::default();
        uses.walk_pattern(pattern, text);
        uses
    }

    fn walk_pattern(&mut self, pattern: &ast::Pattern<&'a str>, text: &'a str) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                self.walk_expression(expression, text);
            }
        }
    }

    fn walk_expression(&mut self, expression: &ast::Expression<&'a str>, text: &'a str) {
        match expression {
            ast::Expression::Inline(inline) => self.walk_inline(inline, text),
            ast::Expression::Select { selector, variants } => {
                self.walk_inline(selector, text);
                for variant in variants {
                    self.walk_pattern(&variant.value, text);
                }
            }
        }
    }

    fn walk_inline(&mut self, inline: &ast::InlineExpression<&'a str>, text: &'a str) {
        use ast::InlineExpression as I;
        match inline {
            I::VariableReference { id } => {
                self.variables.insert(id.name);
            }
            I::MessageReference { id, attribute } => self.references.push(Reference {
                id: id.name.to_string(),
                attribute: attribute.as_ref().map(|a| a.name),
                offset: offset_in(text, id.name),
            }),
            I::TermReference {
                id,
                attribute,
                arguments,
            } => {
                self.references.push(Reference {
                    id: format!("-{}", id.name),
                    attribute: attribute.as_ref().map(|a| a.name),
                    offset: offset_in(text, id.name).saturating_sub(1),
                });
                if let Some(arguments) = arguments {
                    self.walk_arguments(arguments, text);
                }
            }
            I::FunctionReference { arguments, .. } => self.walk_arguments(arguments, text),
            I::Placeable { expression } => self.walk_expression(expression, text),
            I::StringLiteral { .. } | I::NumberLiteral { .. } => {}
        }
    }

    fn walk_arguments(&mut self, arguments: &ast::CallArguments<&'a str>, text: &'a str) {
        for positional in &arguments.positional {
            self.walk_inline(positional, text);
        }
        for named in &arguments.named {
            self.walk_inline(&named.value, text);
        }
    }
}

/// Byte offset of `part` inside `text` when `part` is a slice of it (fluent-syntax hands out
/// such slices for `&str` input); 0 otherwise, which still names the right file.
fn offset_in(text: &str, part: &str) -> usize {
    let start = text.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    if at >= start && at + part.len() <= start + text.len() {
        at - start
    } else {
        0
    }
}
