//! tolk's integration tests: one binary, one module per feature (see tests/README.md).
mod browser;
mod build;
mod ci_diagnostics;
mod dates;
mod fix;
mod form;
mod html_valid;
mod negotiation;
mod numbers;
mod receive;
mod reliability;
mod rtl;
mod rules;
mod search;
mod structure_corpus;
mod support;
mod translations;
