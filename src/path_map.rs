//! Maps keyed by file paths that hash each path's bytes, not its components.
//!
//! `Path`'s `Hash` walks a path component by component (so that `a//b` and `a/b`, which compare
//! equal, hash alike). A rebuild of a 10,000-page site looks each page's path up in several
//! maps (its freshness, its translation's findings, its history), and that walk was the
//! largest part of those lookups. A [`PathMap`] keys on the path's bytes in a normal form (its
//! components joined by single `/`s), which are equal exactly when the paths are; a path
//! already in that form (every path the build makes) is hashed as it is, without a copy.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::path::Path;

/// A map from file paths to `V`, hashed by the paths' bytes (see the module documentation).
#[derive(Debug, Clone)]
pub struct PathMap<V>(FxHashMap<Box<[u8]>, V>);

impl<V> Default for PathMap<V> {
    fn default() -> Self {
        PathMap(FxHashMap::default())
    }
}

impl<V> PathMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `path`, if it has one.
    pub fn get(&self, path: &Path) -> Option<&V> {
        self.0.get(&*normal_bytes(path))
    }

    /// Sets the value of `path`; the value it had, if any.
    pub fn insert(&mut self, path: &Path, value: V) -> Option<V> {
        self.0.insert(normal_bytes(path).into(), value)
    }

    /// How many paths have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no path has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether `path`'s bytes are its components joined by single `/`s (see `diagnostics::plain_cmp`).
pub fn is_plain(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes.strip_prefix(b"/").unwrap_or(bytes);
    !rest.is_empty()
        && rest
            .split(|&b| b == b'/')
            .all(|c| !c.is_empty() && c != b"." && c != b"..")
}

/// `path`'s components joined by single `/`s (a leading one for the root): the same bytes for
/// paths `Path` calls equal, so they can be hashed as bytes. Borrowed when [`is_plain`].
pub fn normal_bytes(path: &Path) -> Cow<'_, [u8]> {
    if is_plain(path) {
        return Cow::Borrowed(path.as_os_str().as_encoded_bytes());
    }
    let mut bytes = Vec::new();
    let mut separate = false;
    for c in path.components() {
        if c == std::path::Component::RootDir {
            bytes.push(b'/');
            separate = false;
            continue;
        }
        if separate {
            bytes.push(b'/');
        }
        bytes.extend_from_slice(c.as_os_str().as_encoded_bytes());
        separate = true;
    }
    Cow::Owned(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_compare_equal_find_the_same_value() {
        let mut map = PathMap::new();
        map.insert(Path::new("content/nl-NL/a.md"), 1);
        assert_eq!(map.get(Path::new("content//nl-NL/./a.md")), Some(&1));
        assert_eq!(map.get(Path::new("content/nl-NL/a.md/")), Some(&1));
        assert_eq!(map.get(Path::new("content/nl-NL/b.md")), None);
        assert_eq!(
            map.get(Path::new("/content/nl-NL/a.md")),
            None,
            "absolute differs"
        );
        map.insert(Path::new("/site/content/a.md"), 2);
        assert_eq!(map.get(Path::new("/site//content/a.md")), Some(&2));
        assert_eq!(map.len(), 2);
        assert_eq!(
            Path::new("content//nl-NL/./a.md"),
            Path::new("content/nl-NL/a.md")
        );
    }
}
