//! What `tolk serve` adds to serving a built site: it watches the sources ([`watch`]), rebuilds
//! with [`crate::incremental`], and tells the open pages ([`live`]): reload, swap the
//! stylesheets, or show the errors in an overlay in the page's language ([`texts`]). None of it
//! reaches a built site: the script is added to HTML responses by the server.

pub mod live;
pub mod texts;
pub mod watch;
