//! One locale's search index as files a browser fetches piece by piece, so a query downloads a
//! small part of a large site:
//!
//! - `meta.json`: the shard names and the chunk size;
//! - `s-<hex>.json`, one shard per two-letter start of a term (hex of its UTF-8 bytes): `w`
//!   maps each form the site uses to its stem (when they differ), `p` maps each stem to its
//!   postings, a flat `[doc, score, doc, score, ...]`, best first;
//! - `d-<n>.json`: the documents, [`CHUNK`] per file: `[url, title, breadcrumb, lang, text]`.
//!
//! A title word scores [`TITLE_WEIGHT`], a body word 1; a compound's parts half its score.

use super::text::{self, LocaleStemmer};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One page as search shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Output folder from the site root (`nl-NL/slug/`).
    pub url: String,
    pub title: String,
    /// Where the page sits, in the reader's language (`Guide`).
    pub crumb: String,
    /// The language of the page's text (the source language on a stand-in page).
    pub lang: String,
    /// The text a reader sees in the article.
    pub text: String,
}

/// Documents per `d-<n>.json` file.
pub const CHUNK: usize = 8;
/// How much a title word outweighs a body word.
pub const TITLE_WEIGHT: u32 = 10;
/// Postings kept per stem (the best ones): a word on every page does not rank anything.
pub const MAX_POSTINGS: usize = 400;
/// Characters of text kept per document for excerpts.
pub const TEXT_CHARS: usize = 1500;

/// A file of the index: path below the locale's index folder, and its bytes.
pub type IndexFile = (String, Vec<u8>);

#[derive(Serialize)]
struct Meta<'a> {
    locale: &'a str,
    docs: usize,
    chunk: usize,
    shards: Vec<String>,
}

#[derive(Default, Serialize)]
struct Shard {
    w: BTreeMap<String, String>,
    p: BTreeMap<String, Vec<u32>>,
}

/// Builds the index files of `locale` from its documents (in a fixed order, so builds are
/// byte-identical).
pub fn build(locale: &str, docs: &[SearchDoc]) -> Result<Vec<IndexFile>, serde_json::Error> {
    let mut stemmers: HashMap<String, LocaleStemmer> = HashMap::new();
    // Each document's word scores, then the site's vocabulary of forms and their stems.
    let mut doc_words: Vec<HashMap<String, u32>> = Vec::with_capacity(docs.len());
    let mut forms: BTreeMap<String, String> = BTreeMap::new();
    for doc in docs {
        let stemmer = stemmers
            .entry(doc.lang.clone())
            .or_insert_with(|| LocaleStemmer::new(&doc.lang));
        let mut scores: HashMap<String, u32> = HashMap::new();
        for w in text::words(locale, &doc.title) {
            *scores.entry(w).or_default() += TITLE_WEIGHT;
        }
        for w in text::words(locale, &doc.text) {
            *scores.entry(w).or_default() += 1;
        }
        for w in scores.keys() {
            if !forms.contains_key(w) {
                forms.insert(w.clone(), stemmer.stem(w));
            }
        }
        doc_words.push(scores);
    }
    let parts = compound_parts(locale, &forms);
    let mut postings: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    for (id, scores) in doc_words.iter().enumerate() {
        let mut by_stem: HashMap<&str, u32> = HashMap::new();
        for (w, score) in scores {
            let Some(stem) = forms.get(w) else { continue };
            *by_stem.entry(stem).or_default() += score;
            for part in parts.get(w).into_iter().flatten() {
                *by_stem.entry(part).or_default() += score.div_ceil(2);
            }
        }
        for (stem, score) in by_stem {
            postings.entry(stem).or_default().push((id as u32, score));
        }
    }
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (form, stem) in &forms {
        if form != stem {
            shards
                .entry(shard_name(form))
                .or_default()
                .w
                .insert(form.clone(), stem.clone());
        }
    }
    for (stem, mut list) in postings {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
        let flat = list.into_iter().flat_map(|(d, s)| [d, s]).collect();
        shards
            .entry(shard_name(stem))
            .or_default()
            .p
            .insert(stem.to_string(), flat);
    }
    let mut files = Vec::new();
    for (name, shard) in &shards {
        files.push((format!("s-{name}.json"), serde_json::to_vec(shard)?));
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<[&str; 5]> = chunk
            .iter()
            .map(|d| {
                let text = match d.text.char_indices().nth(TEXT_CHARS) {
                    Some((at, _)) => &d.text[..at],
                    None => d.text.as_str(),
                };
                [&d.url, &d.title, &d.crumb, &d.lang, text]
            })
            .collect();
        files.push((format!("d-{n}.json"), serde_json::to_vec(&rows)?));
    }
    let meta = Meta {
        locale,
        docs: docs.len(),
        chunk: CHUNK,
        shards: shards.keys().cloned().collect(),
    };
    files.push(("meta.json".to_string(), serde_json::to_vec(&meta)?));
    Ok(files)
}

/// The stems of the parts of every compound form (empty for languages that write compounds
/// apart): a query for a part finds the compound.
fn compound_parts(locale: &str, forms: &BTreeMap<String, String>) -> HashMap<String, Vec<String>> {
    let mut parts = HashMap::new();
    if !text::compounds(locale) {
        return parts;
    }
    let stems: HashSet<&str> = forms.values().map(String::as_str).collect();
    let known = |w: &str| forms.contains_key(w) || stems.contains(w);
    for form in forms.keys() {
        if let Some((head, tail)) = text::split_compound(form, known) {
            let stem_of = |w: &str| forms.get(w).cloned().unwrap_or_else(|| w.to_string());
            parts.insert(form.clone(), vec![stem_of(&head), stem_of(&tail)]);
        }
    }
    parts
}

/// The shard a term goes to: the hex of its first two characters' UTF-8 bytes.
pub fn shard_name(term: &str) -> String {
    term.chars()
        .take(2)
        .collect::<String>()
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn doc(url: &str, title: &str, lang: &str, text: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            crumb: "Gids".into(),
            lang: lang.into(),
            text: text.into(),
        }
    }

    fn file(files: &[IndexFile], name: &str) -> Value {
        let (_, bytes) = files.iter().find(|(n, _)| n == name).expect(name);
        serde_json::from_slice(bytes).expect("json")
    }

    fn postings(files: &[IndexFile], stem: &str) -> Vec<u64> {
        let shard = file(files, &format!("s-{}.json", shard_name(stem)));
        shard["p"][stem]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default()
    }

    #[test]
    fn titles_outweigh_bodies_and_forms_map_to_stems() {
        let docs = [
            doc(
                "nl-NL/a/",
                "Incidenten melden",
                "nl-NL",
                "Over de firewall.",
            ),
            doc("nl-NL/b/", "Firewall", "nl-NL", "Een incident."),
        ];
        let files = build("nl-NL", &docs).expect("build");
        assert_eq!(postings(&files, "incident"), [0, 10, 1, 1]);
        let shard = file(&files, &format!("s-{}.json", shard_name("incidenten")));
        assert_eq!(shard["w"]["incidenten"], "incident");
        let meta = file(&files, "meta.json");
        assert_eq!(meta["docs"], 2);
        assert_eq!(file(&files, "d-0.json")[1][3], "nl-NL");
    }

    #[test]
    fn a_compound_is_found_by_its_parts() {
        let docs = [
            doc("nl-NL/a/", "Wachtwoordbeheerder", "nl-NL", "kies er een"),
            doc("nl-NL/b/", "Wachtwoord", "nl-NL", "de beheerder"),
        ];
        let files = build("nl-NL", &docs).expect("build");
        let stem = LocaleStemmer::new("nl").stem("beheerder");
        assert!(postings(&files, &stem).chunks(2).any(|p| p[0] == 0));
    }

    #[test]
    fn turkish_index_folds_capital_i() {
        let docs = [doc("tr-TR/a/", "IŞIK", "tr-TR", "")];
        let files = build("tr-TR", &docs).expect("build");
        let stem = LocaleStemmer::new("tr").stem("ışık");
        assert_eq!(postings(&files, &stem), [0, 10]);
    }

    #[test]
    fn builds_are_deterministic() {
        let docs: Vec<_> = (0..20)
            .map(|i| doc(&format!("en-US/p{i}/"), "Page", "en-US", "some words here"))
            .collect();
        assert_eq!(build("en-US", &docs).ok(), build("en-US", &docs).ok());
        assert_eq!(shard_name("ışık"), "c4b1c59f");
    }
}
