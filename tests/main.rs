//! tolk's integration tests: one binary, one module per feature (see tests/README.md).
mod browser;
mod build;
mod negotiation;
mod rules;
