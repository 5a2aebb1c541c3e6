//! tolk: multilingual documentation in, a static site with a localized, validated ticket
//! form out. A build is a straight pipeline; each module below is one stage.

pub mod check;
pub mod diagnostics;
