//! Articles: the plan of what the corpus holds, and the Markdown of one article in one language.
//!
//! Two random streams drive a page. The *structure* stream depends only on the article, so all
//! four translations have the same headings, lists, links and image (as machine translations
//! do); the *text* stream depends on the language too and only picks words.

use crate::media;
use crate::rng::Rng;
use crate::words::{Language, AUTHORS, LANGUAGES, SECTIONS, TOPICS};
use std::collections::HashSet;

/// Share of articles (per mille) missing in one translation, so fallback pages get built.
const UNTRANSLATED_PER_MILLE: u64 = 20;
/// Share of translations (per mille) whose recorded source hash is outdated.
const STALE_PER_MILLE: u64 = 50;

/// One article: a source page and its translations, which share path, anchor and asset id.
#[derive(Debug, Clone)]
pub struct Article {
    pub section: &'static str,
    pub name: String,
    /// The H1's `<a name>`, which tolk uses as the page slug.
    pub anchor: String,
    pub asset_id: String,
    pub seed: u64,
    /// Index into [`LANGUAGES`] of the one translation that does not exist, if any.
    pub untranslated: Option<usize>,
    /// Per language: whether the translation records an outdated source hash.
    pub stale: [bool; 4],
}

impl Article {
    /// Path below `content/<locale>/`.
    pub fn rel_path(&self) -> String {
        format!("{}/{}.md", self.section, self.name)
    }

    pub fn exists_in(&self, language: usize) -> bool {
        self.untranslated != Some(language)
    }
}

/// Decides names, anchors, asset ids and the gaps of `count` articles.
pub fn plan(count: usize, seed: u64) -> Vec<Article> {
    let mut rng = Rng::derive(seed, 0x9A);
    let mut names = HashSet::new();
    let mut anchors = HashSet::new();
    let words = LANGUAGES[0].words;
    (0..count)
        .map(|_| {
            let section = *rng.pick(SECTIONS);
            let stem: Vec<&str> = (0..rng.range(2, 3)).map(|_| *rng.pick(words)).collect();
            let name = unique(&mut names, stem.join("-"));
            let prefix = rng.pick(&["how-to", "overview-of", "configure", "about", "manage"]);
            let anchor = unique(&mut anchors, format!("{prefix}-{name}"));
            let untranslated = rng.chance(UNTRANSLATED_PER_MILLE).then(|| rng.range(1, 3));
            let mut stale = [false; 4];
            for s in stale.iter_mut().skip(1) {
                *s = rng.chance(STALE_PER_MILLE);
            }
            Article {
                section,
                name,
                anchor,
                asset_id: rng.uuid(),
                seed: rng.next_u64(),
                untranslated,
                stale,
            }
        })
        .collect()
}

fn unique(taken: &mut HashSet<String>, base: String) -> String {
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// The files of article `index`: `(language index, file text)` for every language it exists in.
pub fn render(articles: &[Article], index: usize) -> Vec<(usize, String)> {
    let article = &articles[index];
    let bodies: Vec<Body> = (0..LANGUAGES.len())
        .map(|l| Body::write(articles, index, l))
        .collect();
    let current = source_hash(&bodies[0].markdown);
    let outdated = source_hash(&format!("{}\nAn older revision.", bodies[0].markdown));
    bodies
        .iter()
        .enumerate()
        .filter(|(l, _)| article.exists_in(*l))
        .map(|(l, body)| {
            let hash = if article.stale[l] {
                &outdated
            } else {
                &current
            };
            let fm = front_matter(article, l, body, hash);
            (l, format!("---\n{fm}---\n{}", body.markdown))
        })
        .collect()
}

/// The hash `tolk check` compares translations against (its own definition, reused so the
/// generated "fresh" translations are exactly the ones tolk considers up to date).
pub fn source_hash(body: &str) -> String {
    tolk::check::source_hash(body)
}

fn front_matter(a: &Article, language: usize, body: &Body, hash: &str) -> String {
    let mut meta = Rng::derive(a.seed, 0xF0);
    let mut own = Rng::derive(a.seed, 0xF1 + language as u64);
    let lang = &LANGUAGES[language];
    let (author, alias) = *meta.pick(AUTHORS);
    let service = a.section;
    let title = format!("{}{}", body.title, own.pick(lang.title_suffixes));
    let title = if own.chance(200) {
        format!("\"{title}\"")
    } else {
        title
    };
    let mut fm = format!("title: {title}\ndescription: {}\n", body.description);
    if meta.chance(500) {
        fm.push_str(&format!("services: {service}\n"));
    }
    fm.push_str(&format!(
        "documentationcenter: na\nauthor: {author}\nmanager: lakoch\nms.assetid: {}\nms.service: {service}\nms.topic: {}\nms.date: {}\nms.author: {alias}\n",
        a.asset_id,
        meta.pick(TOPICS),
        meta.us_date()
    ));
    if language > 0 {
        fm.push_str(&format!(
            "ms.openlocfilehash: {hash}\nms.sourcegitcommit: {}\nms.translationtype: MT\nms.contentlocale: {}\nms.lasthandoff: {}\n",
            own.hex(40),
            lang.tag,
            own.us_date()
        ));
        if own.chance(700) {
            fm.push_str(&format!(
                "ms.locfileid: \"{}\"\n",
                own.range(10_000_000, 99_999_999)
            ));
        }
    }
    fm
}

/// The Markdown body of one article in one language, with its title and description.
pub struct Body {
    pub title: String,
    pub description: String,
    pub markdown: String,
}

struct Writer<'a> {
    structure: Rng,
    text: Rng,
    lang: &'static Language,
    articles: &'a [Article],
    me: usize,
    out: String,
    refs: Vec<String>,
}

impl Body {
    fn write(articles: &[Article], me: usize, language: usize) -> Body {
        let seed = articles[me].seed;
        let mut w = Writer {
            structure: Rng::derive(seed, 0x51),
            text: Rng::derive(seed, 0x7E + language as u64),
            lang: &LANGUAGES[language],
            articles,
            me,
            out: String::with_capacity(4096),
            refs: Vec::new(),
        };
        let title = w.words(4, 7, true);
        let description = w.sentence();
        w.document(&title);
        Body {
            title,
            description,
            markdown: w.out,
        }
    }
}

impl Writer<'_> {
    fn document(&mut self, title: &str) {
        let anchor = &self.articles[self.me].anchor;
        self.out
            .push_str(&format!("# <a name=\"{anchor}\"></a>{title}\n\n"));
        let docs = format!(
            "https://docs.microsoft.com/{}/azure/{}/",
            self.lang.tag.to_lowercase(),
            self.articles[self.me].section
        );
        let link = format!("[{}]({docs})", self.words(2, 3, false));
        let intro = format!("{} {}", self.sentence(), self.sentence_with(&link));
        self.line(&intro);
        if self.structure.chance(300) {
            let note = self.sentence();
            self.out.push_str(&format!("> [!NOTE]\n> {note}\n\n"));
        }
        let sections = self.structure.range(3, 4);
        let image_at = self.structure.below(sections);
        let extra_at = self.structure.below(sections);
        let extra = self.structure.below(10);
        for i in 0..sections {
            self.section();
            if i == image_at {
                self.image();
            }
            if i == extra_at && extra < 3 {
                self.table();
            } else if i == extra_at && extra < 6 {
                self.code();
            }
        }
        self.out
            .push_str(&format!("## {}\n\n", self.lang.next_steps));
        for _ in 0..self.structure.range(2, 3) {
            let href = self.page_href();
            let text = self.words(3, 5, true);
            self.out.push_str(&format!("- [{text}]({href})\n"));
        }
        if !self.refs.is_empty() {
            self.out.push('\n');
            for (i, href) in self.refs.iter().enumerate() {
                self.out.push_str(&format!("[{}]: {href}\n", i + 1));
            }
        }
    }

    fn section(&mut self) {
        let heading = self.words(2, 4, true);
        self.out.push_str(&format!("## {heading}\n\n"));
        let p = self.paragraph(1, 2);
        self.line(&p);
        match self.structure.below(3) {
            0 => self.numbered_list(),
            1 => self.bullet_list(),
            _ => {
                let href = if self.structure.chance(500) {
                    self.page_href()
                } else {
                    "https://azure.microsoft.com/services/".to_string()
                };
                self.refs.push(href);
                let link = format!("[{}][{}]", self.words(2, 3, false), self.refs.len());
                let p = format!("{} {}", self.sentence_with(&link), self.paragraph(1, 2));
                self.line(&p);
            }
        }
    }

    fn numbered_list(&mut self) {
        for n in 1..=self.structure.range(3, 5) {
            let item = if self.structure.chance(300) {
                let link = format!("[{}]({})", self.words(2, 3, false), self.page_href());
                self.sentence_with(&link)
            } else {
                self.sentence()
            };
            self.out.push_str(&format!("{n}. {item}\n"));
            if self.structure.chance(300) {
                self.out.push('\n');
                for _ in 0..self.structure.range(2, 3) {
                    let s = self.sentence();
                    self.out.push_str(&format!("    - {s}\n"));
                }
                self.out.push('\n');
            }
        }
        self.out.push('\n');
    }

    fn bullet_list(&mut self) {
        for _ in 0..self.structure.range(3, 5) {
            let s = self.sentence();
            self.out.push_str(&format!("- {s}\n"));
            if self.structure.chance(250) {
                for _ in 0..self.structure.range(1, 2) {
                    let s = self.sentence();
                    self.out.push_str(&format!("  - {s}\n"));
                }
            }
        }
        self.out.push('\n');
    }

    fn image(&mut self) {
        let files: Vec<&str> = media::PNGS.iter().chain(media::SVGS).copied().collect();
        let file = files[self.structure.below(files.len())];
        let alt = self.words(2, 4, true);
        self.out.push_str(&format!("![{alt}](../media/{file})\n\n"));
    }

    fn table(&mut self) {
        let head: Vec<String> = (0..3).map(|_| self.words(1, 2, true)).collect();
        self.out
            .push_str(&format!("| {} |\n|---|---|---|\n", head.join(" | ")));
        for _ in 0..self.structure.range(3, 5) {
            let row: Vec<String> = (0..3).map(|_| self.words(1, 4, false)).collect();
            self.out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        self.out.push('\n');
    }

    fn code(&mut self) {
        let name = &self.articles[self.me].name;
        let (lang, lines) =
            match self.structure.below(3) {
                0 => (
                    "azurecli",
                    vec![
                        format!("az group create --name rg-{name} --location westeurope"),
                        format!(
                            "az keyvault create --name kv-{} --resource-group rg-{name}",
                            self.structure.hex(6)
                        ),
                        "az security alert list --output table".to_string(),
                    ],
                ),
                1 => (
                    "powershell",
                    vec![
                format!("$rg = New-AzResourceGroup -Name \"rg-{name}\" -Location \"West Europe\""),
                "Get-AzSecurityAlert | Where-Object { $_.Severity -eq \"High\" }".to_string(),
                format!("Set-AzContext -Subscription \"{}\"", self.structure.uuid()),
            ],
                ),
                _ => (
                    "json",
                    vec![
                        "{".to_string(),
                        format!("  \"name\": \"{name}\","),
                        format!("  \"id\": \"{}\",", self.structure.uuid()),
                        "  \"properties\": { \"state\": \"Enabled\", \"retentionDays\": 90 }"
                            .to_string(),
                        "}".to_string(),
                    ],
                ),
            };
        self.out
            .push_str(&format!("```{lang}\n{}\n```\n\n", lines.join("\n")));
    }

    /// A relative link to another article, from this article's folder.
    fn page_href(&mut self) -> String {
        let mut target = self.structure.below(self.articles.len());
        if target == self.me && self.articles.len() > 1 {
            target = (target + 1) % self.articles.len();
        }
        let (me, to) = (&self.articles[self.me], &self.articles[target]);
        if me.section == to.section {
            format!("{}.md", to.name)
        } else {
            format!("../{}/{}.md", to.section, to.name)
        }
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }

    fn word(&mut self) -> &'static str {
        let list = if self.text.chance(300) {
            self.lang.glue
        } else {
            self.lang.words
        };
        list[self.text.below(list.len())]
    }

    fn words(&mut self, min: usize, max: usize, capital: bool) -> String {
        let n = self.text.range(min, max);
        let s = (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ");
        if capital {
            capitalize(&s)
        } else {
            s
        }
    }

    fn sentence(&mut self) -> String {
        format!("{}.", self.words(6, 11, true))
    }

    fn sentence_with(&mut self, link: &str) -> String {
        let before = self.words(2, 6, true);
        let after = self.words(2, 6, false);
        format!("{before} {link} {after}.")
    }

    fn paragraph(&mut self, min: usize, max: usize) -> String {
        let n = self.structure.range(min, max);
        (0..n)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
