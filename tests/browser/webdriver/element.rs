//! Elements of the current page: what a test clicks, types into and reads.

use serde_json::{json, Value};

use super::wire::{reply_error, string_reply, with_context, Method, Result};
use super::Browser;

/// The key under which WebDriver wraps element references in JSON.
pub(super) const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// WebDriver's special keys, for [`Element::send_keys`] (e.g. `keys::TAB`).
pub mod keys {
    pub const BACKSPACE: &str = "\u{E003}";
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = "\u{E00D}";
}

/// A reference to an element in the current page; invalid after navigation (stale).
pub struct Element<'b> {
    pub(super) browser: &'b Browser,
    pub(super) id: String,
}

impl<'b> Element<'b> {
    fn command(&self, method: Method, what: &str, body: Option<Value>) -> Result<Value> {
        let path = format!("/element/{}/{what}", self.id);
        self.browser.command(method, &path, body)
    }

    /// Clicks the element's centre, as a user would (fails if something covers it).
    pub fn click(&self) -> Result<()> {
        self.command(Method::Post, "click", Some(json!({})))
            .map(drop)
    }

    /// Types `text` into the element (focusing it first); may contain [`keys`] constants.
    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.command(Method::Post, "value", Some(json!({ "text": text })))
            .map(drop)
    }

    /// Empties an input or textarea.
    pub fn clear(&self) -> Result<()> {
        self.command(Method::Post, "clear", Some(json!({})))
            .map(drop)
    }

    /// The rendered text (as innerText: hidden parts excluded, whitespace collapsed).
    pub fn text(&self) -> Result<String> {
        string_reply("element text", self.command(Method::Get, "text", None)?)
    }

    /// An HTML attribute as written in the markup (`None` when absent).
    pub fn attribute(&self, name: &str) -> Result<Option<String>> {
        let reply = self.command(Method::Get, &format!("attribute/{name}"), None)?;
        Ok(reply.as_str().map(str::to_string))
    }

    /// A DOM property (live state: `value`, `checked`, `validity`...), as JSON.
    pub fn property(&self, name: &str) -> Result<Value> {
        self.command(Method::Get, &format!("property/{name}"), None)
    }

    /// The element's tag name, lower case.
    pub fn tag_name(&self) -> Result<String> {
        string_reply("tag name", self.command(Method::Get, "name", None)?)
    }

    /// Whether the element is rendered visibly (WebDriver's displayedness).
    pub fn is_displayed(&self) -> Result<bool> {
        let reply = self.command(Method::Get, "displayed", None)?;
        reply
            .as_bool()
            .ok_or_else(|| reply_error("displayed", &reply))
    }

    /// The first descendant matching `css`.
    pub fn find(&self, css: &str) -> Result<Element<'b>> {
        let body = json!({ "using": "css selector", "value": css });
        let reply = self.command(Method::Post, "element", Some(body));
        let reply = reply.map_err(|e| with_context(e, &format!("find {css:?} in element")))?;
        self.browser.element(reply)
    }

    /// This element as a script argument for [`Browser::execute`].
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// Whether two references point at the same DOM node (ids are per node in chromedriver).
    pub fn same_as(&self, other: &Element<'_>) -> bool {
        self.id == other.id
    }
}
