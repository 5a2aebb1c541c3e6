//! tolk's integration tests: one binary, one module per feature (see tests/README.md).
mod browser;
mod html_valid;
mod negotiation;
mod rules;
mod translations;
