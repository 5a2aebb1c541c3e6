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
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One page as search shows and finds it: only what the index writes of it. Its words are
/// counted when the page is rendered, so a build does not hold every page's full text until
/// the indexes are written (at 10,000 pages that text was tens of MB at the build's peak).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Output folder from the site root (`nl-NL/slug/`).
    url: String,
    title: String,
    /// Where the page sits, in the reader's language (`Guide`).
    crumb: String,
    /// The language of the page's text (the source language on a stand-in page): its stemmer
    /// stems the words this page brings into the index first.
    lang: String,
    /// The start of the text a reader sees, at most [`TEXT_CHARS`] characters, for excerpts.
    excerpt: String,
    /// The page's distinct words (title and text, folded for the index's locale), each
    /// followed by a space (words never hold one): one allocation rather than one per word.
    words: String,
    /// Each word's score, in the order of `words`: [`TITLE_WEIGHT`] per use in the title, 1
    /// per use in the text.
    scores: Vec<u32>,
}

impl SearchDoc {
    /// Output folder from the site root (`nl-NL/slug/`): the page the document stands for.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The language of the document's text.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Every text field (url, title, crumb, lang, excerpt, words) and the scores: what a digest
    /// of the document must cover (the render memo's keys of site-wide products).
    pub fn fields(&self) -> ([&str; 6], &[u32]) {
        (
            [
                &self.url,
                &self.title,
                &self.crumb,
                &self.lang,
                &self.excerpt,
                &self.words,
            ],
            &self.scores,
        )
    }

    /// The document of a page in `locale`'s index, whose reader sees `text` (the whole text:
    /// its words are counted here, and only the excerpt is kept).
    pub fn new(
        locale: &str,
        url: String,
        title: String,
        crumb: String,
        lang: String,
        text: &str,
    ) -> SearchDoc {
        let folded_title = text::fold(locale, &title);
        let folded_text = text::fold(locale, text);
        let mut counts: HashMap<&str, u32> = HashMap::default();
        for w in text::split_folded(&folded_title) {
            *counts.entry(w).or_default() += TITLE_WEIGHT;
        }
        for w in text::split_folded(&folded_text) {
            *counts.entry(w).or_default() += 1;
        }
        // In the map's order (deterministic: FxHash has no random seed); the index does not
        // depend on it, and sorting cost more than the rest of the counting.
        let counts: Vec<(&str, u32)> = counts.into_iter().collect();
        let mut words = String::with_capacity(counts.iter().map(|(w, _)| w.len() + 1).sum());
        for (w, _) in &counts {
            words.push_str(w);
            words.push(' ');
        }
        let excerpt = match text.char_indices().nth(TEXT_CHARS) {
            Some((at, _)) => &text[..at],
            None => text,
        };
        SearchDoc {
            url,
            title,
            crumb,
            lang,
            excerpt: excerpt.to_string(),
            words,
            scores: counts.into_iter().map(|(_, s)| s).collect(),
        }
    }

    /// Each distinct word of the page with its score.
    pub(super) fn scored_words(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .split_terminator(' ')
            .zip(self.scores.iter().copied())
    }
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
pub fn build(locale: &str, docs: &[&SearchDoc]) -> Result<Vec<IndexFile>, serde_json::Error> {
    let mut built = Built::new(locale, docs);
    let members = built.members();
    let mut files = Vec::new();
    for (name, m) in &members {
        files.push((format!("s-{name}.json"), built.shard_bytes(m)?));
        // Written: its postings go, so the index's working set shrinks as the files grow.
        for &stem in &m.stems {
            built.postings[stem as usize] = Vec::new();
        }
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        files.push((format!("d-{n}.json"), chunk_bytes(chunk)?));
    }
    files.push((
        "meta.json".to_string(),
        meta_bytes(locale, docs.len(), &members)?,
    ));
    Ok(files)
}

/// A locale's index before it is written out: its vocabulary, the stems of compounds' parts,
/// and every stem's postings. [`super::incremental`] keeps one to patch it.
pub(super) struct Built {
    pub(super) vocab: Vocabulary,
    pub(super) parts: HashMap<u32, Vec<u32>>,
    /// Per stem id: `(doc, score)` of every document that has it, by document.
    pub(super) postings: Vec<Vec<(u32, u32)>>,
}

/// The terms of one shard file: forms with a stem of their own (`w`) and stems (`p`).
#[derive(Debug, Default, Clone)]
pub(super) struct Members {
    /// Form ids, ascending (a sorted `Vec`: a fraction of a set's memory, at the peak of a
    /// large build).
    pub(super) forms: Vec<u32>,
    /// Stem ids, ascending.
    pub(super) stems: Vec<u32>,
}

/// Puts `id` into the sorted `ids` (`true`) or takes it out.
pub(super) fn set_member(ids: &mut Vec<u32>, id: u32, member: bool) {
    match (ids.binary_search(&id), member) {
        (Err(at), true) => ids.insert(at, id),
        (Ok(at), false) => {
            ids.remove(at);
        }
        _ => {}
    }
}

impl Built {
    pub(super) fn new(locale: &str, docs: &[&SearchDoc]) -> Built {
        let vocab = Vocabulary::read(docs);
        let parts = compound_parts(locale, &vocab);
        let mut postings = vec![Vec::new(); vocab.stems.len()];
        for (id, scores) in vocab.docs.iter().enumerate() {
            for (stem, score) in doc_stems(&vocab, &parts, scores) {
                postings[stem as usize].push((id as u32, score));
            }
        }
        Built {
            vocab,
            parts,
            postings,
        }
    }

    /// Every shard with its terms: each form whose stem differs, each stem with postings.
    pub(super) fn members(&self) -> BTreeMap<String, Members> {
        let mut shards: BTreeMap<String, Members> = BTreeMap::new();
        for form in 0..self.vocab.forms.len() as u32 {
            if let Some(name) = self.own_stem_shard(form) {
                shards.entry(name).or_default().forms.push(form);
            }
        }
        for (stem, list) in self.postings.iter().enumerate() {
            if !list.is_empty() {
                let name = shard_name(&self.vocab.stems[stem]);
                shards.entry(name).or_default().stems.push(stem as u32);
            }
        }
        shards
    }

    /// The shard listing `form` in `w`, when its stem differs from it.
    pub(super) fn own_stem_shard(&self, form: u32) -> Option<String> {
        let text = &self.vocab.forms[form as usize];
        let stem = &self.vocab.stems[self.vocab.stem_of[form as usize] as usize];
        (text != stem).then(|| shard_name(text))
    }

    /// One shard file's bytes.
    pub(super) fn shard_bytes(&self, members: &Members) -> Result<Vec<u8>, serde_json::Error> {
        let mut shard = Shard::default();
        for &form in &members.forms {
            let stem = self.vocab.stem_of[form as usize] as usize;
            shard.w.insert(
                self.vocab.forms[form as usize].clone(),
                self.vocab.stems[stem].clone(),
            );
        }
        for &stem in &members.stems {
            let mut list = self.postings[stem as usize].clone();
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS);
            let flat = list.into_iter().flat_map(|(d, s)| [d, s]).collect();
            shard
                .p
                .insert(self.vocab.stems[stem as usize].clone(), flat);
        }
        serde_json::to_vec(&shard)
    }

    /// Every file of the index, in the order the build writes them (as [`build`], which frees
    /// the postings as it goes).
    pub(super) fn files(
        &self,
        locale: &str,
        docs: &[&SearchDoc],
        members: &BTreeMap<String, Members>,
    ) -> Result<Vec<IndexFile>, serde_json::Error> {
        let mut files = Vec::new();
        for (name, m) in members {
            files.push((format!("s-{name}.json"), self.shard_bytes(m)?));
        }
        for (n, chunk) in docs.chunks(CHUNK).enumerate() {
            files.push((format!("d-{n}.json"), chunk_bytes(chunk)?));
        }
        files.push((
            "meta.json".to_string(),
            meta_bytes(locale, docs.len(), members)?,
        ));
        Ok(files)
    }
}

/// The stems a document's forms score, with its scores (a compound's parts half its score).
pub(super) fn doc_stems(
    vocab: &Vocabulary,
    parts: &HashMap<u32, Vec<u32>>,
    scores: &[(u32, u32)],
) -> HashMap<u32, u32> {
    let mut by_stem: HashMap<u32, u32> = HashMap::default();
    for &(form, score) in scores {
        *by_stem.entry(vocab.stem_of[form as usize]).or_default() += score;
        for &part in parts.get(&form).into_iter().flatten() {
            *by_stem.entry(part).or_default() += score.div_ceil(2);
        }
    }
    by_stem
}

/// A `d-<n>.json` file: its documents' rows.
pub(super) fn chunk_bytes(chunk: &[&SearchDoc]) -> Result<Vec<u8>, serde_json::Error> {
    let rows: Vec<[&str; 5]> = chunk
        .iter()
        .map(|d| [d.url.as_str(), &d.title, &d.crumb, &d.lang, &d.excerpt])
        .collect();
    serde_json::to_vec(&rows)
}

/// `meta.json`.
pub(super) fn meta_bytes(
    locale: &str,
    docs: usize,
    members: &BTreeMap<String, Members>,
) -> Result<Vec<u8>, serde_json::Error> {
    let meta = Meta {
        locale,
        docs,
        chunk: CHUNK,
        shards: members.keys().cloned().collect(),
    };
    serde_json::to_vec(&meta)
}

/// Every form a locale's documents use, with its stem, each interned once; and each document's
/// forms with their scores.
pub(super) struct Vocabulary {
    pub(super) forms: Vec<String>,
    pub(super) stem_of: Vec<u32>,
    pub(super) stems: Vec<String>,
    pub(super) form_ids: HashMap<String, u32>,
    pub(super) stem_ids: HashMap<String, u32>,
    /// Per document: its forms with their scores, by form id.
    pub(super) docs: Vec<Vec<(u32, u32)>>,
}

impl Vocabulary {
    fn read(docs: &[&SearchDoc]) -> Vocabulary {
        let mut v = Vocabulary {
            forms: Vec::new(),
            stem_of: Vec::new(),
            stems: Vec::new(),
            form_ids: HashMap::default(),
            stem_ids: HashMap::default(),
            docs: Vec::with_capacity(docs.len()),
        };
        let mut stemmers: HashMap<&str, LocaleStemmer> = HashMap::default();
        for doc in docs {
            let stemmer = stemmers
                .entry(doc.lang.as_str())
                .or_insert_with(|| LocaleStemmer::new(&doc.lang));
            let mut scores: Vec<(u32, u32)> = doc
                .scored_words()
                .map(|(w, score)| (v.intern(w, stemmer), score))
                .collect();
            scores.sort_unstable();
            v.docs.push(scores);
        }
        v
    }

    /// The id of form `w`; a new form is stemmed by the first document's language that has it.
    pub(super) fn intern(&mut self, w: &str, stemmer: &LocaleStemmer) -> u32 {
        if let Some(&id) = self.form_ids.get(w) {
            return id;
        }
        let stem = stemmer.stem(w);
        let stem_id = self.stem_id(stem);
        let id = self.forms.len() as u32;
        self.forms.push(w.to_string());
        self.stem_of.push(stem_id);
        self.form_ids.insert(w.to_string(), id);
        id
    }

    fn stem_id(&mut self, stem: String) -> u32 {
        if let Some(&id) = self.stem_ids.get(&stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.push(stem.clone());
        self.stem_ids.insert(stem, id);
        id
    }
}

/// The stems of the parts of every compound form (none for languages that write compounds
/// apart): a query for a part finds the compound.
fn compound_parts(locale: &str, vocab: &Vocabulary) -> HashMap<u32, Vec<u32>> {
    let mut parts = HashMap::default();
    if !text::compounds(locale) {
        return parts;
    }
    let known = |w: &str| vocab.form_ids.contains_key(w) || vocab.stem_ids.contains_key(w);
    let stem_of = |w: &str| match vocab.form_ids.get(w) {
        Some(&f) => Some(vocab.stem_of[f as usize]),
        None => vocab.stem_ids.get(w).copied(),
    };
    for (id, form) in vocab.forms.iter().enumerate() {
        if let Some((head, tail)) = text::split_compound(form, known) {
            let ids: Vec<u32> = [stem_of(&head), stem_of(&tail)]
                .into_iter()
                .flatten()
                .collect();
            parts.insert(id as u32, ids);
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

    fn refs(docs: &[SearchDoc]) -> Vec<&SearchDoc> {
        docs.iter().collect()
    }

    fn doc(url: &str, title: &str, lang: &str, text: &str) -> SearchDoc {
        let locale = url.split('/').next().unwrap_or_default();
        SearchDoc::new(
            locale,
            url.into(),
            title.into(),
            "Gids".into(),
            lang.into(),
            text,
        )
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
        let files = build("nl-NL", &refs(&docs)).expect("build");
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
        let files = build("nl-NL", &refs(&docs)).expect("build");
        let stem = LocaleStemmer::new("nl").stem("beheerder");
        assert!(postings(&files, &stem).chunks(2).any(|p| p[0] == 0));
    }

    #[test]
    fn turkish_index_folds_capital_i() {
        let docs = [doc("tr-TR/a/", "IŞIK", "tr-TR", "")];
        let files = build("tr-TR", &refs(&docs)).expect("build");
        let stem = LocaleStemmer::new("tr").stem("ışık");
        assert_eq!(postings(&files, &stem), [0, 10]);
    }

    #[test]
    fn a_document_keeps_its_excerpt_and_word_counts_only() {
        let long = "woord ".repeat(TEXT_CHARS);
        let d = doc("nl-NL/a/", "Woord en Woorden", "nl-NL", &long);
        assert_eq!(d.excerpt.chars().count(), TEXT_CHARS);
        let mut words: Vec<_> = d.scored_words().collect();
        words.sort_unstable();
        assert_eq!(
            words,
            [
                ("en", TITLE_WEIGHT),
                ("woord", TITLE_WEIGHT + TEXT_CHARS as u32),
                ("woorden", TITLE_WEIGHT)
            ]
        );
        let json = serde_json::to_string(&d).expect("serialize");
        let back: SearchDoc = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, d);
        assert_eq!(build("nl-NL", &[&back]).ok(), build("nl-NL", &[&d]).ok());
    }

    #[test]
    fn builds_are_deterministic() {
        let docs: Vec<_> = (0..20)
            .map(|i| doc(&format!("en-US/p{i}/"), "Page", "en-US", "some words here"))
            .collect();
        assert_eq!(
            build("en-US", &refs(&docs)).ok(),
            build("en-US", &refs(&docs)).ok()
        );
        assert_eq!(shard_name("ışık"), "c4b1c59f");
    }
}
