//! A locale's index patched in place when a few of its documents changed, so a rebuild after
//! one page edit does not index the locale's thousands of documents again: the postings of the
//! stems the changed documents had or have are updated, and only the shard files of those
//! terms and the document files holding the changed documents are made again.
//!
//! The result must be byte-identical to [`super::index::build`]'s, so a patch is refused (the
//! caller builds the index whole) whenever the index could differ in ways the patch does not
//! follow: another number of documents; documents in more than one language (a form's stem is
//! then its first document's language's); a locale that splits compounds when its vocabulary
//! gains or loses a form (a compound's parts depend on every form); many changed documents.

use super::index::{self, Built, IndexFile, Members, SearchDoc};
use super::text::{self, LocaleStemmer};
use std::collections::BTreeMap;

/// A digest of one document (the render memo's).
pub type DocDigest = [u8; 32];

/// What a patched index writes: each file with its new bytes, or `None` to keep the last
/// build's.
pub type PatchedFile = (String, Option<Vec<u8>>);

/// One locale's index as the last build made it, with what a patch needs.
#[derive(Debug)]
pub struct IndexState {
    /// The one language of every document.
    lang: String,
    built: Built,
    /// Per form id: how many documents use it (0: no longer in the index).
    users: Vec<u32>,
    digests: Vec<DocDigest>,
    members: BTreeMap<String, Members>,
}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Built")
            .field("forms", &self.vocab.forms.len())
            .field("stems", &self.vocab.stems.len())
            .finish()
    }
}

impl IndexState {
    /// Builds `locale`'s index whole: its files, and the state to patch it next time (`None`
    /// when its documents are in more than one language).
    pub fn build(
        locale: &str,
        docs: &[&SearchDoc],
        digests: &[DocDigest],
    ) -> Result<(Vec<IndexFile>, Option<IndexState>), serde_json::Error> {
        let built = Built::new(locale, docs);
        let members = built.members();
        let files = built.files(locale, docs, &members)?;
        let lang = docs.first().map(|d| d.lang().to_string());
        let state = lang
            .filter(|lang| docs.iter().all(|d| d.lang() == lang) && digests.len() == docs.len())
            .map(|lang| {
                let mut users = vec![0; built.vocab.forms.len()];
                for doc in &built.vocab.docs {
                    for &(form, _) in doc {
                        users[form as usize] += 1;
                    }
                }
                IndexState {
                    lang,
                    built,
                    users,
                    digests: digests.to_vec(),
                    members,
                }
            });
        Ok((files, state))
    }

    /// Brings the index up to `docs` (whose digests are `digests`) when only a few changed,
    /// returning every file of the new index; `None` when it must be built whole (the state
    /// is then unusable).
    pub fn patch(
        &mut self,
        locale: &str,
        docs: &[&SearchDoc],
        digests: &[DocDigest],
    ) -> Option<Result<Vec<PatchedFile>, serde_json::Error>> {
        if docs.len() != self.digests.len() || digests.len() != docs.len() {
            return None;
        }
        let changed: Vec<usize> = (0..docs.len())
            .filter(|&i| digests[i] != self.digests[i])
            .collect();
        if changed.len() > docs.len() / 8 + 1
            || changed.iter().any(|&i| docs[i].lang() != self.lang)
        {
            return None;
        }
        if text::compounds(locale) && self.vocabulary_changes(docs, &changed) {
            return None;
        }
        let stemmer = LocaleStemmer::new(&self.lang);
        let mut shards = std::collections::BTreeSet::new();
        for &i in &changed {
            self.replace(i, docs[i], &stemmer, &mut shards);
            self.digests[i] = digests[i];
        }
        Some(self.files(locale, docs, &changed, &shards))
    }

    /// Whether the changed documents bring a form no document had, or drop a form's last use.
    fn vocabulary_changes(&self, docs: &[&SearchDoc], changed: &[usize]) -> bool {
        let vocab = &self.built.vocab;
        let mut delta: std::collections::HashMap<u32, i64> = Default::default();
        for &i in changed {
            for &(form, _) in &vocab.docs[i] {
                *delta.entry(form).or_default() -= 1;
            }
            for (w, _) in docs[i].scored_words() {
                match vocab.form_ids.get(w) {
                    Some(&form) => *delta.entry(form).or_default() += 1,
                    None => return true,
                }
            }
        }
        delta
            .iter()
            .any(|(&form, &d)| i64::from(self.users[form as usize]) + d <= 0)
    }

    /// Replaces document `i`'s words with `doc`'s, noting the shards whose terms changed.
    fn replace(
        &mut self,
        i: usize,
        doc: &SearchDoc,
        stemmer: &LocaleStemmer,
        shards: &mut std::collections::BTreeSet<String>,
    ) {
        let id = i as u32;
        let old = std::mem::take(&mut self.built.vocab.docs[i]);
        let before = index::doc_stems(&self.built.vocab, &self.built.parts, &old);
        for &(form, _) in &old {
            self.users[form as usize] -= 1;
        }
        let mut scores: Vec<(u32, u32)> = doc
            .scored_words()
            .map(|(w, score)| (self.built.vocab.intern(w, stemmer), score))
            .collect();
        scores.sort_unstable();
        self.users.resize(self.built.vocab.forms.len(), 0);
        self.built
            .postings
            .resize(self.built.vocab.stems.len(), Vec::new());
        for &(form, _) in &scores {
            self.users[form as usize] += 1;
        }
        // A form in or out of the index: its shard's `w` changes.
        let mut forms: Vec<u32> = old.iter().chain(&scores).map(|&(f, _)| f).collect();
        forms.sort_unstable();
        forms.dedup();
        for form in forms {
            let used = self.users[form as usize] > 0;
            let was = old.binary_search_by_key(&form, |&(f, _)| f).is_ok();
            let is = scores.binary_search_by_key(&form, |&(f, _)| f).is_ok();
            let users_before = self.users[form as usize] + u32::from(was) - u32::from(is);
            if used != (users_before > 0) {
                self.form_touched(form, used, shards);
            }
        }
        // Only the stems whose score for this document changed: most of an edited page's
        // words keep theirs, and their shards stay as they are.
        let after = index::doc_stems(&self.built.vocab, &self.built.parts, &scores);
        for (&stem, &score) in &before {
            if after.get(&stem) == Some(&score) {
                continue;
            }
            let list = &mut self.built.postings[stem as usize];
            if let Ok(at) = list.binary_search_by_key(&id, |&(d, _)| d) {
                list.remove(at);
            }
            self.stem_touched(stem, shards);
        }
        for (&stem, &score) in &after {
            if before.get(&stem) == Some(&score) {
                continue;
            }
            let list = &mut self.built.postings[stem as usize];
            let at = list.partition_point(|&(d, _)| d < id);
            list.insert(at, (id, score));
            self.stem_touched(stem, shards);
        }
        self.built.vocab.docs[i] = scores;
    }

    /// Files `stem` in its shard (or out of it, without postings) and marks the shard.
    fn stem_touched(&mut self, stem: u32, shards: &mut std::collections::BTreeSet<String>) {
        let name = index::shard_name(&self.built.vocab.stems[stem as usize]);
        let members = self.members.entry(name.clone()).or_default();
        let has = !self.built.postings[stem as usize].is_empty();
        index::set_member(&mut members.stems, stem, has);
        shards.insert(name);
    }

    /// Files `form` in its shard's `w` (`used`) or out of it, when its stem differs.
    fn form_touched(
        &mut self,
        form: u32,
        used: bool,
        shards: &mut std::collections::BTreeSet<String>,
    ) {
        let Some(name) = self.built.own_stem_shard(form) else {
            return;
        };
        let members = self.members.entry(name.clone()).or_default();
        index::set_member(&mut members.forms, form, used);
        shards.insert(name);
    }

    fn files(
        &mut self,
        locale: &str,
        docs: &[&SearchDoc],
        changed: &[usize],
        touched: &std::collections::BTreeSet<String>,
    ) -> Result<Vec<PatchedFile>, serde_json::Error> {
        for name in touched {
            if self
                .members
                .get(name)
                .is_some_and(|m| m.forms.is_empty() && m.stems.is_empty())
            {
                self.members.remove(name);
            }
        }
        let mut files = Vec::new();
        for (name, m) in &self.members {
            let bytes = match touched.contains(name) {
                true => Some(self.built.shard_bytes(m)?),
                false => None,
            };
            files.push((format!("s-{name}.json"), bytes));
        }
        let chunks: std::collections::BTreeSet<usize> =
            changed.iter().map(|i| i / index::CHUNK).collect();
        for (n, chunk) in docs.chunks(index::CHUNK).enumerate() {
            let bytes = match chunks.contains(&n) {
                true => Some(index::chunk_bytes(chunk)?),
                false => None,
            };
            files.push((format!("d-{n}.json"), bytes));
        }
        let meta = index::meta_bytes(locale, docs.len(), &self.members)?;
        files.push(("meta.json".to_string(), Some(meta)));
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(docs: &[SearchDoc]) -> Vec<&SearchDoc> {
        docs.iter().collect()
    }

    fn doc(url: &str, lang: &str, text: &str) -> SearchDoc {
        let locale = url.split('/').next().unwrap_or_default();
        SearchDoc::new(
            locale,
            url.into(),
            format!("Title {url}"),
            "Gids".into(),
            lang.into(),
            text,
        )
    }

    fn digests(docs: &[SearchDoc]) -> Vec<DocDigest> {
        docs.iter()
            .map(|d| *blake3::hash(format!("{d:?}").as_bytes()).as_bytes())
            .collect()
    }

    /// Patches the index of `before` to `after` and compares every file with a whole build.
    fn same_as_whole(locale: &str, before: &[SearchDoc], after: &[SearchDoc]) -> bool {
        let (_, state) = IndexState::build(locale, &refs(before), &digests(before)).expect("build");
        let mut state = state.expect("one language");
        let Some(patched) = state.patch(locale, &refs(after), &digests(after)) else {
            return false;
        };
        let patched = patched.expect("serialize");
        let (old, _) = IndexState::build(locale, &refs(before), &digests(before)).expect("build");
        let whole = index::build(locale, &refs(after)).expect("build");
        let names = |files: Vec<String>| files;
        assert_eq!(
            names(patched.iter().map(|(n, _)| n.clone()).collect()),
            names(whole.iter().map(|(n, _)| n.clone()).collect())
        );
        for ((name, bytes), (_, want)) in patched.iter().zip(&whole) {
            let got = match bytes {
                Some(b) => b,
                None => &old.iter().find(|(n, _)| n == name).expect("kept file").1,
            };
            assert_eq!(
                String::from_utf8_lossy(got),
                String::from_utf8_lossy(want),
                "{name}"
            );
        }
        true
    }

    fn site(locale: &str, n: usize) -> Vec<SearchDoc> {
        let words = [
            "firewall",
            "incidents",
            "reporting",
            "report",
            "tickets",
            "alpha",
        ];
        (0..n)
            .map(|i| {
                let text: Vec<&str> = (0..12)
                    .map(|k| words[(i * 7 + k * 3) % words.len()])
                    .collect();
                doc(&format!("{locale}/p{i}/"), locale, &text.join(" "))
            })
            .collect()
    }

    #[test]
    fn a_patched_index_is_a_whole_build() {
        let before = site("en-US", 40);
        let mut after = before.clone();
        after[3] = doc("en-US/p3/", "en-US", "firewall brandnew words reported");
        assert!(same_as_whole("en-US", &before, &after));
        // A document loses its only rare word, and another's words all change.
        let mut again = after.clone();
        again[3] = doc("en-US/p3/", "en-US", "firewall");
        again[17] = doc("en-US/p17/", "en-US", "tickets tickets alpha");
        assert!(same_as_whole("en-US", &after, &again));
        // One word more, the others' scores unchanged: only that word's shard is made again.
        let mut more = again.clone();
        more[17] = doc("en-US/p17/", "en-US", "tickets tickets alpha zebra");
        assert!(same_as_whole("en-US", &again, &more));
        let (_, state) =
            IndexState::build("en-US", &refs(&again), &digests(&again)).expect("build");
        let patched = state
            .expect("one language")
            .patch("en-US", &refs(&more), &digests(&more))
            .expect("patched")
            .expect("serialized");
        let shards: Vec<&String> = patched
            .iter()
            .filter(|(n, b)| n.starts_with("s-") && b.is_some())
            .map(|(n, _)| n)
            .collect();
        assert_eq!(shards, [&format!("s-{}.json", index::shard_name("zebra"))]);
    }

    #[test]
    fn a_patch_is_refused_where_it_could_differ() {
        let before = site("nl-NL", 40);
        // A new word in a compound-splitting locale.
        let mut after = before.clone();
        after[1] = doc("nl-NL/p1/", "nl-NL", "firewallincidents nieuw");
        assert!(!same_as_whole("nl-NL", &before, &after));
        // The same words, other scores: patched.
        let mut after = before.clone();
        after[1] = doc("nl-NL/p1/", "nl-NL", "firewall firewall report");
        assert!(same_as_whole("nl-NL", &before, &after));
        // A stand-in in the source's language.
        let mut after = before.clone();
        after[2] = doc("nl-NL/p2/", "en-US", "firewall");
        assert!(!same_as_whole("nl-NL", &before, &after));
        // A document more.
        let mut after = before.clone();
        after.push(doc("nl-NL/p99/", "nl-NL", "firewall"));
        assert!(!same_as_whole("nl-NL", &before, &after));
    }
}
