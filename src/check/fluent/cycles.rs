//! Messages and terms that reference themselves, directly (`a = { a }`) or in a chain
//! (`a = { b }`, `b = { -t }`, `-t = { a }`).
//!
//! fluent-bundle does not loop on a cycle: it gives up and prints `{a}` on the page, with no
//! diagnostic. Each cycle is an error at the reference that closes it, with the chain printed.
//! One depth-first walk over the references finds them, linear in the number of references.

use super::index::LocaleIndex;
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use std::collections::HashMap;

/// How many ids of a long chain the message spells out.
const CHAIN_SHOWN: usize = 12;

#[derive(Clone, Copy, PartialEq)]
enum State {
    Open,
    Done,
}

/// Reports every reference that closes a cycle in one locale.
pub(super) fn check_cycles(index: &LocaleIndex, out: &mut Diagnostics) {
    let mut state: HashMap<&str, State> = HashMap::new();
    for start in index.defs.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // The path from `start`: each id with the position of its next reference to follow.
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        let mut on_stack: HashMap<&str, usize> = HashMap::from([(start.as_str(), 0)]);
        state.insert(start.as_str(), State::Open);
        while let Some(&mut (id, ref mut next)) = stack.last_mut() {
            let refs = references(index, id);
            let Some(&(target, offset)) = refs.get(*next) else {
                state.insert(id, State::Done);
                on_stack.remove(id);
                stack.pop();
                continue;
            };
            *next += 1;
            match state.get(target) {
                Some(State::Open) => {
                    let from = on_stack.get(target).copied().unwrap_or(0);
                    let chain: Vec<&str> = stack[from..].iter().map(|(id, _)| *id).collect();
                    out.push(report(index, id, offset, &chain, target));
                }
                Some(State::Done) => {}
                None if index.defs.contains_key(target) => {
                    state.insert(target, State::Open);
                    on_stack.insert(target, stack.len());
                    stack.push((target, 0));
                }
                None => {} // a missing reference: `check_references` reports it
            }
        }
    }
}

/// The ids `id` references (value and attributes), each with the offset of the reference.
fn references<'a>(index: &'a LocaleIndex, id: &str) -> Vec<(&'a str, usize)> {
    index.defs.get(id).map_or_else(Vec::new, |def| {
        def.patterns
            .values()
            .flat_map(|uses| uses.references.iter().map(|r| (r.id.as_str(), r.offset)))
            .collect()
    })
}

fn report(
    index: &LocaleIndex,
    id: &str,
    offset: usize,
    chain: &[&str],
    target: &str,
) -> Diagnostic {
    let locale = &index.resources.locale;
    let mut shown: Vec<String> = chain
        .iter()
        .take(CHAIN_SHOWN)
        .map(|c| format!("`{c}`"))
        .collect();
    if chain.len() > CHAIN_SHOWN {
        shown.push(format!("... ({} more)", chain.len() - CHAIN_SHOWN));
    }
    shown.push(format!("`{target}`"));
    let message = if chain.len() == 1 {
        format!("`{id}` refers to itself in {locale}")
    } else {
        format!(
            "`{target}` refers to itself in {locale} through {}",
            shown.join(" → ")
        )
    };
    let d = Diagnostic::error(index.path(&index.defs[id]), message)
        .rule(rule::FLUENT_CYCLE)
        .with_help("a message cannot contain itself; pages would show `{id}` instead of text");
    index.at(&index.defs[id], offset, d)
}
