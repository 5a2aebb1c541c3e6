//! The cached load must equal a fresh load after any edit: a table of edits, each checked.

use super::*;
use crate::content::{load, Content, PageFacts, PageMeta, SourceText};
use crate::diagnostics::Diagnostics;
use std::path::Path;

const BOOK: &str = "[site]\nsource-locale = \"en-US\"\ntitle-suffixes = [\"Docs\"]\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n[[locale]]\ntag = \"nl-NL\"\nname = \"Nederlands\"\n";

fn config(root: &Path, book: &str) -> Config {
    Config::parse(book, Path::new("book.toml"), root).unwrap()
}

/// One page as a later stage can see it, comparable.
type PageView = (String, SourceText, PageMeta, String, PageFacts);

/// Everything a later stage can see of a load, comparable.
fn view((content, d): (Content, Diagnostics)) -> (Vec<PageView>, Diagnostics) {
    let pages = content
        .pages
        .into_iter()
        .map(|p| {
            let (source, meta) = (SourceText::clone(&p.source), PageMeta::clone(&p.meta));
            (p.rel_path, source, meta, p.slug, p.facts)
        })
        .collect();
    (pages, d)
}

fn write(root: &Path, rel: &str, text: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Moves every file's mtime back a minute, so stamps alone are trusted (not racy).
fn age(root: &Path) {
    let (files, _) = SiteFs::new(root).walk_stat(&root.join("content"));
    let old = SystemTime::now() - Duration::from_secs(60);
    for (path, _) in files {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(old).unwrap();
    }
}

fn page(title: &str, body: &str) -> Vec<u8> {
    format!("---\ntitle: {title} | Docs\nms.date: 2021-03-04\nms.assetid: {title}\n---\n{body}")
        .into_bytes()
}

fn seed(root: &Path) {
    write(root, "content/en-US/a.md", &page("a", "# A\n"));
    write(
        root,
        "content/en-US/sec/b.md",
        &page("b", "# B\n\n[!INCLUDE [i](../includes/part.md)]\n"),
    );
    write(root, "content/en-US/includes/part.md", b"Part *one*.\n");
    write(root, "content/en-US/toc.yml", b"- name: A\n  href: a.md\n");
    write(root, "content/nl-NL/a.md", &page("a", "# A nl\n"));
    write(
        root,
        "content/nl-NL/bad.md",
        b"---\ntitle: T\n---\nbad \xff here\n",
    );
    write(
        root,
        "content/nl-NL/crlf.md",
        b"---\r\ntitle: C\r\n---\r\nx\r\n",
    );
    write(root, "content/xx/stray.md", &page("s", "s\n"));
}

type Edit = (&'static str, fn(&Path));

fn edits() -> Vec<Edit> {
    vec![
        ("nothing", |_| {}),
        ("add a page", |r| {
            write(r, "content/en-US/new.md", &page("new", "# New\n"))
        }),
        ("delete a page", |r| {
            std::fs::remove_file(r.join("content/nl-NL/a.md")).unwrap()
        }),
        ("rename a page", |r| {
            std::fs::rename(r.join("content/en-US/a.md"), r.join("content/en-US/z.md")).unwrap()
        }),
        ("move a page to another locale", |r| {
            std::fs::rename(r.join("content/en-US/a.md"), r.join("content/nl-NL/a2.md")).unwrap()
        }),
        ("edit front matter", |r| {
            write(r, "content/en-US/a.md", &page("a2", "# A\n"))
        }),
        ("edit body, same size", |r| {
            write(r, "content/en-US/a.md", &page("a", "# Z\n"))
        }),
        ("same slug twice", |r| {
            write(r, "content/en-US/a-copy.md", &page("a", "# A\n"))
        }),
        ("include file changed", |r| {
            write(
                r,
                "content/en-US/includes/part.md",
                b"Part *two*, longer.\n",
            )
        }),
        ("a page starts including another page", |r| {
            write(
                r,
                "content/en-US/a.md",
                &page("a", "# A\n\n[!INCLUDE [x](sec/b.md)]\n"),
            )
        }),
        ("toc.yml changed", |r| {
            write(r, "content/en-US/toc.yml", b"- name: B\n  href: sec/b.md\n")
        }),
        ("broken file fixed", |r| {
            write(r, "content/nl-NL/bad.md", &page("bad", "fixed\n"))
        }),
        ("good file broken", |r| {
            write(r, "content/en-US/a.md", b"no front matter\n")
        }),
        ("file replaced by a link", |r| {
            std::fs::remove_file(r.join("content/en-US/a.md")).unwrap();
            std::os::unix::fs::symlink(r.join("content/nl-NL/a.md"), r.join("content/en-US/a.md"))
                .unwrap();
        }),
        ("touched only", |r| {
            let f = std::fs::File::options()
                .write(true)
                .open(r.join("content/en-US/a.md"))
                .unwrap();
            f.set_modified(SystemTime::now()).unwrap();
        }),
    ]
}

#[test]
fn a_cached_load_equals_a_fresh_load_after_every_edit() {
    for (name, edit) in edits() {
        for aged in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            seed(root);
            if aged {
                age(root);
            }
            let c = config(root, BOOK);
            let mut cache = ContentCache::default();
            let first = view(Content::load_cached(&c, &mut cache));
            assert_eq!(first, view(load(&c)), "{name}: cold cache");
            // Through the state file's encoding, as a later build would read it.
            let bytes = rmp_serde::to_vec_named(&cache).unwrap();
            let mut cache: ContentCache = rmp_serde::from_slice(&bytes).unwrap();
            edit(root);
            let cached = view(Content::load_cached(&c, &mut cache));
            assert_eq!(cached, view(load(&c)), "{name} (aged: {aged})");
            let again = view(Content::load_cached(&c, &mut cache));
            assert_eq!(again, cached, "{name}: a second cached load");
        }
    }
}

#[test]
fn unchanged_old_files_are_not_read_and_edited_ones_are_parsed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    seed(root);
    age(root);
    let c = config(root, BOOK);
    let mut cache = ContentCache::default();
    Content::load_cached(&c, &mut cache);
    let files = cache.len();
    assert_eq!(cache.stats().parsed, files);
    Content::load_cached(&c, &mut cache);
    assert_eq!(
        cache.stats(),
        CacheStats {
            unchanged: files,
            listed: true,
            ..CacheStats::default()
        }
    );
    write(root, "content/en-US/a.md", &page("a", "# Edited\n"));
    Content::load_cached(&c, &mut cache);
    let s = cache.stats();
    assert_eq!((s.unchanged, s.parsed, s.same_bytes), (files - 1, 1, 0));
    // Just written: racy, so read again (not parsed: same bytes) until it is older.
    Content::load_cached(&c, &mut cache);
    assert_eq!(cache.stats().same_bytes, 1);
}

#[test]
fn a_changed_configuration_empties_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    seed(root);
    let mut cache = ContentCache::default();
    Content::load_cached(&config(root, BOOK), &mut cache);
    let other = config(root, &BOOK.replace("\"Docs\"", "\"Other\""));
    let loaded = view(Content::load_cached(&other, &mut cache));
    assert!(cache.stats().config_changed);
    assert_eq!(loaded, view(load(&other)));
}

#[test]
fn the_configuration_digest_is_stable_with_check_globs() {
    let book = format!(
        "{BOOK}[check.rules]\noutdated = \"deny\"\n[[check.override]]\npaths = [\"content/hu-HU/**\", \"x.md\", \"*.md\"]\nrules = {{ structure-url-garbled = \"allow\" }}\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    let a = config(tmp.path(), &book);
    let b = config(tmp.path(), &book);
    // Matching uses the globs' caches; the digest must not see that.
    let _ = a
        .check
        .level("structure-url-garbled", Path::new("content/hu-HU/a.md"));
    assert_eq!(config_digest(&a), config_digest(&b));
    assert_ne!(config_digest(&a), config_digest(&config(tmp.path(), "")));
}

/// Every entry below `content/` (links not followed) with what `lstat` says of it: two
/// snapshots differ where an inotify watcher would report a path.
fn snapshot(root: &Path) -> std::collections::BTreeMap<PathBuf, Option<Stamp>> {
    let mut seen = std::collections::BTreeMap::new();
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                seen.insert(path, None);
            } else {
                seen.insert(path, Some(Stamp::of(&meta)));
            }
        }
    }
    seen
}

/// Runs `edit` and notes what a watcher would have reported, relative to `content/`.
fn watched_edit(root: &Path, cache: &mut ContentCache, edit: impl FnOnce(&Path)) {
    let before = snapshot(root);
    edit(root);
    let after = snapshot(root);
    let content = root.join("content");
    let changed = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| p.strip_prefix(&content).unwrap().to_path_buf())
        .collect::<Vec<_>>();
    cache.changed(changed);
}

/// [`seed`] without what makes the listing report findings (a folder that is no locale), so
/// a watched cache applies changes to its listing.
fn seed_clean(root: &Path) {
    seed(root);
    std::fs::remove_dir_all(root.join("content/xx")).unwrap();
    write(root, "content/en-US/media/pic.png", b"png");
}

/// Edits a watched cache must place exactly, or list the folder again for.
fn watched_edits() -> Vec<Edit> {
    let mut edits = edits();
    edits.extend::<[Edit; 7]>([
        ("add a page in a new folder", |r| {
            write(r, "content/en-US/new/deep/p.md", &page("p", "# P\n"))
        }),
        ("rename a folder", |r| {
            std::fs::rename(r.join("content/en-US/sec"), r.join("content/en-US/part")).unwrap()
        }),
        ("delete a folder", |r| {
            std::fs::remove_dir_all(r.join("content/en-US/sec")).unwrap()
        }),
        ("a folder that is no locale appears", |r| {
            write(r, "content/xx/stray.md", &page("s", "s\n"))
        }),
        ("shared include file", |r| {
            write(r, "content/includes/shared.md", b"Shared.\n")
        }),
        ("media beside pages", |r| {
            write(r, "content/en-US/media/pic.png", b"png, edited")
        }),
        ("a page file in the content folder itself", |r| {
            write(r, "content/loose.md", &page("l", "l\n"))
        }),
    ]);
    edits
}

#[test]
fn a_watched_load_equals_a_fresh_load_after_every_edit() {
    for (name, edit) in watched_edits() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        seed_clean(root);
        let c = config(root, BOOK);
        let mut cache = ContentCache::default();
        Content::load_cached(&c, &mut cache);
        cache.watching();
        // Changes before the watch started are not known: the next load lists the folder.
        write(root, "content/en-US/early.md", &page("early", "# E\n"));
        let first = view(Content::load_cached(&c, &mut cache));
        assert!(
            cache.stats().listed,
            "{name}: the load after the watch started lists"
        );
        assert_eq!(first, view(load(&c)), "{name}: first watched load");
        watched_edit(root, &mut cache, edit);
        let watched = view(Content::load_cached(&c, &mut cache));
        assert_eq!(watched, view(load(&c)), "{name}");
        let again = view(Content::load_cached(&c, &mut cache));
        // A listing with findings (a link, a folder that is no locale) is made again each time.
        let findings = [
            "file replaced by a link",
            "a folder that is no locale appears",
        ];
        assert_eq!(
            cache.stats().listed,
            findings.contains(&name),
            "{name}: nothing changed, nothing listed"
        );
        assert_eq!(again, watched, "{name}: a second watched load");
    }
}

#[test]
fn a_watched_body_edit_reads_one_file_and_lists_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    seed_clean(root);
    let c = config(root, BOOK);
    let mut cache = ContentCache::default();
    cache.watching();
    Content::load_cached(&c, &mut cache);
    let files = cache.len();
    watched_edit(root, &mut cache, |r| {
        write(r, "content/en-US/a.md", &page("a", "# Edited\n"))
    });
    Content::load_cached(&c, &mut cache);
    let s = cache.stats();
    assert!(!s.listed);
    assert!(s.patched, "a body edit patches the last result");
    assert_eq!((s.unchanged, s.parsed, s.same_bytes), (files - 1, 1, 0));
    // A title edit runs the site-wide steps again.
    watched_edit(root, &mut cache, |r| {
        write(r, "content/en-US/a.md", &page("a-retitled", "# Edited\n"))
    });
    let loaded = view(Content::load_cached(&c, &mut cache));
    assert!(!cache.stats().patched);
    assert_eq!(loaded, view(load(&c)));
    // A new folder cannot be placed without listing it.
    watched_edit(root, &mut cache, |r| {
        write(r, "content/en-US/new/p.md", &page("p", "# P\n"))
    });
    Content::load_cached(&c, &mut cache);
    assert!(cache.stats().listed);
    // Lost events: everything is looked at again.
    write(root, "content/en-US/a.md", &page("a", "# Unseen\n"));
    cache.rescan();
    let loaded = view(Content::load_cached(&c, &mut cache));
    assert!(cache.stats().listed);
    assert_eq!(loaded, view(load(&c)));
}

mod random_edits {
    use super::*;
    use proptest::prelude::*;

    /// Texts a file may get: pages with shared and own titles, includes, broken files.
    const TEXTS: &[&str] = &[
        "---\ntitle: Same\nms.assetid: g1\n---\n# S\n",
        "---\ntitle: Same\nms.assetid: g2\n---\n# T\n",
        "---\ntitle: Other\nms.date: 13/13/2020\n---\n[!INCLUDE [x](f1.md)]\n",
        "---\ntitle: Inc\n---\n[!INCLUDE [x](sub/f2.md)]\n",
        "no front matter\n",
        "---\ntitle: X\n---\nbad \u{202e} bidi\n",
    ];
    const NAMES: &[&str] = &[
        "en-US/f0.md",
        "en-US/f1.md",
        "en-US/sub/f2.md",
        "nl-NL/f1.md",
    ];

    #[derive(Debug, Clone)]
    enum Op {
        Write(usize, usize),
        Delete(usize),
        Rename(usize, usize),
        Age,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..NAMES.len(), 0..TEXTS.len()).prop_map(|(f, t)| Op::Write(f, t)),
            (0..NAMES.len()).prop_map(Op::Delete),
            (0..NAMES.len(), 0..NAMES.len()).prop_map(|(a, b)| Op::Rename(a, b)),
            Just(Op::Age),
        ]
    }

    fn apply(root: &Path, op: &Op) {
        let path = |i: usize| root.join("content").join(NAMES[i]);
        match *op {
            Op::Write(f, t) => write(root, &format!("content/{}", NAMES[f]), TEXTS[t].as_bytes()),
            Op::Delete(f) => {
                let _ = std::fs::remove_file(path(f));
            }
            Op::Rename(a, b) => {
                if path(a).exists() {
                    std::fs::create_dir_all(path(b).parent().unwrap()).unwrap();
                    std::fs::rename(path(a), path(b)).unwrap();
                }
            }
            Op::Age => age(root),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// After any sequence of edits, with the cache stored and read back between loads, the
        /// cached load is the fresh one.
        #[test]
        fn cached_equals_fresh_after_any_edits(ops in proptest::collection::vec(op(), 1..10)) {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            std::fs::create_dir_all(root.join("content/en-US")).unwrap();
            std::fs::create_dir_all(root.join("content/nl-NL")).unwrap();
            let c = config(root, BOOK);
            let mut cache = ContentCache::default();
            for op in &ops {
                apply(root, op);
                let cached = view(Content::load_cached(&c, &mut cache));
                prop_assert_eq!(cached, view(load(&c)), "after {:?}", op);
                let bytes = rmp_serde::to_vec_named(&cache).unwrap();
                cache = rmp_serde::from_slice(&bytes).unwrap();
            }
        }

        /// The same with a watcher: each load applies what it saw to the last listing.
        #[test]
        fn watched_equals_fresh_after_any_edits(ops in proptest::collection::vec(op(), 1..10)) {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            std::fs::create_dir_all(root.join("content/en-US")).unwrap();
            std::fs::create_dir_all(root.join("content/nl-NL")).unwrap();
            let c = config(root, BOOK);
            let mut cache = ContentCache::default();
            cache.watching();
            for op in &ops {
                watched_edit(root, &mut cache, |r| apply(r, op));
                let cached = view(Content::load_cached(&c, &mut cache));
                prop_assert_eq!(cached, view(load(&c)), "after {:?}", op);
            }
        }
    }
}
