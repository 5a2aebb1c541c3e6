use super::*;
use std::collections::{BTreeMap, HashSet};
use tolk::config::Config;
use tolk::content::{normalize::normalize, SourceText};

/// Markdown files of a corpus: (locale, path below the locale folder, text).
fn pages(c: &Corpus) -> Vec<(String, String, String)> {
    c.files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "md"))
        .map(|(p, bytes)| {
            let rel = p.strip_prefix("content").unwrap();
            let locale = rel.iter().next().unwrap().to_string_lossy().into_owned();
            let below = rel
                .strip_prefix(&locale)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (locale, below, String::from_utf8(bytes.clone()).unwrap())
        })
        .collect()
}

fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let fm = text.strip_prefix("---\n")?.split("\n---\n").next()?;
    fm.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
}

fn body(text: &str) -> &str {
    text.split_once("\n---\n").unwrap().1
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = generate(120, 7);
    let b = generate(120, 7);
    let c = generate(120, 8);
    assert!(a.files == b.files);
    assert_eq!(a.stats, b.stats);
    assert!(a.files != c.files);
}

#[test]
fn pages_are_about_three_kilobytes() {
    let c = generate(2000, 1);
    let sizes: Vec<usize> = pages(&c).iter().map(|(_, _, t)| t.len()).collect();
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    assert!((2700..=3300).contains(&mean), "mean page size {mean}");
    assert!(*sizes.iter().min().unwrap() > 1500);
    assert!(*sizes.iter().max().unwrap() < 6000);
    assert_eq!(c.stats.markdown_bytes, sizes.iter().sum::<usize>());
}

#[test]
fn translations_share_path_asset_id_and_anchor() {
    let c = generate(400, 3);
    let mut groups: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    for (locale, rel, text) in pages(&c) {
        let id = field(&text, "ms.assetid").unwrap().to_string();
        let h1 = body(&text).lines().next().unwrap().to_string();
        let anchor = h1.split('"').nth(1).unwrap().to_string();
        groups.entry(id).or_default().push((locale, rel, anchor));
    }
    assert_eq!(groups.len(), 100);
    let mut complete = 0;
    for members in groups.values() {
        assert!(members.len() >= 3 && members.iter().any(|m| m.0 == "en-US"));
        assert!(members
            .iter()
            .all(|m| m.1 == members[0].1 && m.2 == members[0].2));
        complete += usize::from(members.len() == 4);
    }
    assert_eq!(c.stats.pages, 400 - (100 - complete));
    let anchors: HashSet<&str> = groups.values().map(|m| m[0].2.as_str()).collect();
    assert_eq!(anchors.len(), 100, "anchors are slugs and must be unique");
}

#[test]
fn some_translations_are_missing_or_stale_and_the_rest_match_their_source() {
    let c = generate(8000, 5);
    let all = pages(&c);
    let source: BTreeMap<&str, &str> = all
        .iter()
        .filter(|p| p.0 == "en-US")
        .map(|p| (p.1.as_str(), body(&p.2)))
        .collect();
    let (mut fresh, mut stale) = (0, 0);
    for (_, rel, text) in all.iter().filter(|p| p.0 != "en-US") {
        let recorded = field(text, "ms.openlocfilehash").unwrap();
        if recorded == page::source_hash(source[rel.as_str()]) {
            fresh += 1;
        } else {
            stale += 1;
        }
    }
    assert_eq!(stale, c.stats.stale);
    let share = stale as f64 / (fresh + stale) as f64;
    assert!((0.035..0.065).contains(&share), "stale share {share}");
    let missing = c.stats.untranslated as f64 / c.stats.articles as f64;
    assert!(
        (0.01..0.03).contains(&missing),
        "untranslated share {missing}"
    );
}

#[test]
fn bodies_are_clean_lf_text() {
    for (_, _, text) in pages(&generate(200, 2)) {
        assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
        assert!(text.lines().all(|l| !l.ends_with([' ', '\t'])));
    }
}

#[test]
fn tolk_accepts_config_and_front_matter() {
    let c = generate(200, 4);
    let toml = String::from_utf8(c.files[0].1.clone()).unwrap();
    let config = Config::parse(&toml, Path::new("book.toml"), Path::new("/site")).unwrap();
    let tags: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
    assert_eq!(tags, ["en-US", "nl-NL", "hu-HU", "tr-TR"]);
    for (locale, rel, text) in pages(&c) {
        let mut d = tolk::diagnostics::Diagnostics::new();
        let path = Path::new(&rel);
        let source = SourceText::parse(text.into_bytes(), path, &mut d).unwrap();
        let meta = normalize(&source, &locale, &rel, &config, &mut d).unwrap();
        assert!(!meta.title.contains("Microsoft") && !meta.title.ends_with("Azure"));
        assert!(!d.has_errors(), "{rel}: {d:?}");
    }
}

#[test]
fn relative_links_and_images_point_at_generated_files() {
    let c = generate(300, 9);
    let files: HashSet<PathBuf> = c.files.iter().map(|(p, _)| p.clone()).collect();
    let mut checked = 0;
    for (_, rel, text) in pages(&c).iter().filter(|p| p.0 == "en-US") {
        let dir = Path::new("content/en-US")
            .join(rel)
            .parent()
            .unwrap()
            .to_path_buf();
        for target in text.split(['(', ' ']).filter_map(|s| s.split(')').next()) {
            if !(target.ends_with(".md") || target.starts_with("../media/")) {
                continue;
            }
            let mut path = dir.clone();
            for seg in target.split('/') {
                match seg {
                    ".." => assert!(path.pop()),
                    s => path.push(s),
                }
            }
            assert!(files.contains(&path), "{rel}: {target}");
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} links checked");
}

#[test]
fn the_hugo_site_holds_the_same_pages_and_media() {
    let c = generate(80, 5);
    let hugo = hugo::site(&c.files);
    let find = |p: &str| hugo.iter().find(|(q, _)| q == Path::new(p)).map(|(_, b)| b);
    let config = String::from_utf8(find("hugo.toml").unwrap().clone()).unwrap();
    for lang in &LANGUAGES {
        assert!(config.contains(&format!("contentDir = \"content/{}\"", lang.tag)));
    }
    for (path, bytes) in &c.files {
        let Ok(rel) = path.strip_prefix("content") else {
            continue;
        };
        let media = rel.iter().nth(1).is_some_and(|s| s == "media");
        let there = Path::new(if media { "static" } else { "content" }).join(rel);
        assert_eq!(
            find(there.to_str().unwrap()),
            Some(bytes),
            "{}",
            there.display()
        );
    }
    assert!(find("layouts/_default/single.html").is_some());
}
