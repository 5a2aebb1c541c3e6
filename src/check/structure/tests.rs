use super::*;
use crate::content::SourceText;
use crate::diagnostics::Diagnostics;
use std::path::Path;

/// The body of a Markdown file and the file line it starts on, split as the content stage
/// splits it; a text without front matter is all body, from line 1.
fn split(text: &str) -> (String, usize) {
    let mut warnings = Diagnostics::new();
    match SourceText::parse(
        text.as_bytes().to_vec(),
        Path::new("page.md"),
        &mut warnings,
    ) {
        Ok(source) => (source.body().to_string(), source.body_line),
        Err(_) => (text.to_string(), 1),
    }
}

fn check(source: &str, translation: &str, path: &str) -> Diagnostics {
    let (src_body, src_line) = split(source);
    let (tr_body, tr_line) = split(translation);
    compare(
        &outline(&src_body, src_line),
        &outline(&tr_body, tr_line),
        Path::new(path),
        translation,
    )
}

fn render(found: &Diagnostics) -> Vec<String> {
    found
        .iter()
        .map(|d| {
            let level = d.severity.as_str();
            let column = if d.column > 0 {
                format!(":{}", d.column)
            } else {
                String::new()
            };
            format!(
                "{}:{}{column}: {level}: {}",
                d.path.display(),
                d.line,
                d.message
            )
        })
        .collect()
}

const SOURCE: &str = include_str!("../../../tests/fixtures/check/source-en-US.md");

const NL: &str = include_str!("../../../tests/fixtures/check/seed-nl-NL.md");
const HU: &str = include_str!("../../../tests/fixtures/check/seed-hu-HU.md");
const TR: &str = include_str!("../../../tests/fixtures/check/seed-tr-TR.md");

#[test]
fn outline_of_the_source_has_the_expected_shape() {
    let (body, first_line) = split(SOURCE);
    assert_eq!(first_line, 7);
    let page = outline(&body, first_line);
    let kinds: Vec<&BlockKind> = page.blocks.iter().map(|b| &b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            &BlockKind::Heading { level: 1 },
            &BlockKind::List { start: Some(1) }
        ]
    );
    let steps = &page.blocks[1].children;
    assert_eq!(
        steps.iter().map(|s| s.line).collect::<Vec<_>>(),
        vec![9, 10, 14, 24, 29]
    );
    // Step 1 is tight text with a link; step 2 has the image in its own paragraph.
    assert!(
        matches!(&steps[0].children[0].inlines[0].kind, InlineKind::Link { text, .. } if text == "Publisher Support")
    );
    let image = &steps[1].children[1].inlines[0];
    assert_eq!((image.line, image.column), (12, 5));
    let romans: Vec<Option<u32>> = steps[2].children[1..]
        .iter()
        .map(|p| match &p.kind {
            BlockKind::Paragraph { marker } => marker.as_ref().and_then(|m| m.roman),
            _ => None,
        })
        .collect();
    assert_eq!(romans, vec![Some(1), Some(2), Some(3), Some(4)]);
    let url = &steps[2].children[2].inlines[0];
    assert!(
        matches!(&url.kind, InlineKind::BareUrl { url, glued: false, .. } if url == "https://www.first.org/cvss/calculator/3.0")
    );
    for step in &steps[3..] {
        assert!(matches!(
            &step.children[1].kind,
            BlockKind::List { start: None }
        ));
        assert_eq!(step.children[1].children.len(), 2);
    }
}

#[test]
fn dutch_seed_sub_item_became_a_numbered_list() {
    let found = render(&check(SOURCE, NL, "nl.md"));
    assert_eq!(
        found,
        vec!["nl.md:39:4: error: a numbered list starting at `4.` where the source has the paragraph numbered `iv.` (source line 22): the numbering restarts here (in list item step 3)"]
    );
}

#[test]
fn hungarian_seed_url_slid_out_of_its_place() {
    let found = render(&check(SOURCE, HU, "hu.md"));
    assert_eq!(
        found,
        vec!["hu.md:35:63: error: URL `https://www.first.org/cvss/calculator/3.0)vagy` where the source has `https://www.first.org/cvss/calculator/3.0` (garbled: the URL runs into the text before it) (in list item step 3)"]
    );
}

#[test]
fn turkish_seed_roman_numerals_and_image() {
    let found = check(SOURCE, TR, "tr.md");
    assert_eq!(
        render(&found),
        vec![
            "tr.md:28:5: warning: image `./media/azure-security-event-support-ticket/chart.png` where the source has `./media/event-support-ticket/chart.png` (it points somewhere else) (in list item step 2)",
            "tr.md:32:5: error: paragraph numbered `ı.` where the source has `i.`: the sequence of roman numerals breaks (in list item step 3)",
            "tr.md:34:5: warning: roman numerals `II.`, `III.`, `IV.` are written upper case where the source has `ii.`, `iii.`, `iv.` (in list item step 3)",
        ]
    );
    let dotless = found
        .iter()
        .nth(1)
        .and_then(|d| crate::diagnostics::LineIndex::new(TR).line(d.line));
    assert_eq!(dotless, Some("    ı. Sorun ve/veya güvenlik nedir?"));
}

#[test]
fn a_faithful_translation_reports_nothing() {
    // Loose list made tight, locale in a link, inflected URL, UI label translated in code,
    // another fence length: none of that is a structural change.
    let source = "# Title\n\nIntro with [docs](/en-us/azure/intro) and `Save`.\n\n1. Go to https://portal.azure.com now.\n\n2. Step two:\n\n   ```bash\n   az login\n   ```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let translation = "# Titel\n\nIntro met [docs](/nl-nl/azure/intro) en `Opslaan`.\n\n1. Ga naar https://portal.azure.com'a nu.\n2. Stap twee:\n   ~~~~bash\n   az login\n   ~~~~\n\n| x | y |\n|:-|-:|\n| 1 | 2 |\n";
    let found = compare(
        &outline(source, 1),
        &outline(translation, 1),
        Path::new("t.md"),
        translation,
    );
    assert_eq!(render(&found), Vec::<String>::new());
}

#[test]
fn structural_defects_are_found_without_being_told_where() {
    let source = "\
# Title

## Setup

1. First, see [the guide](guide.md).
2. Second:

   ```sh
   make
   ```

3. Third.

![Diagram](img/a.png)

## Next steps
";
    let translation = "\
# Titel

### Installatie

1. Eerst, zie [de gids https://x.org/guide](guide.md).
2. Tweede, zie [tekst] (https://example.org/escaped).
3. Derde.

## Volgende stappen
";
    let found = render(&compare(
        &outline(source, 1),
        &outline(translation, 1),
        Path::new("t.md"),
        translation,
    ));
    assert_eq!(
        found,
        vec![
            "t.md:3:1: warning: level-3 heading where the source has level 2",
            "t.md:5:15: error: link to `guide.md`: the link text shows a URL (in list item step 1)",
            "t.md:6:4: warning: missing a `sh` code block (source line 8) (in list item step 2)",
            "t.md:6:25: error: extra URL `https://example.org/escaped`, not in the source; the URL follows `](`: a link fell apart (in list item step 2)",
            "t.md:9:1: warning: missing an image `img/a.png` (source line 14)",
        ]
    );
}

#[test]
fn a_link_that_fell_apart_is_named_as_such() {
    let source = "See [the calculator](https://www.first.org/cvss/calculator/3.0) first.\n";
    let translation = "Zie [de calculator] (https://www.first.org/cvss/calculator/3.0) eerst.\n";
    let found = render(&compare(
        &outline(source, 1),
        &outline(translation, 1),
        Path::new("t.md"),
        translation,
    ));
    assert_eq!(
        found,
        vec!["t.md:1:22: error: the link to `https://www.first.org/cvss/calculator/3.0` fell apart: the URL is plain text here"]
    );
}

#[test]
fn a_promoted_sub_item_shows_as_an_extra_step_and_a_missing_number() {
    let source = "1. One.\n\n    i. Sub one.\n\n    ii. Sub two.\n\n2. Two.\n";
    let translation = "1. Een.\n\n    i. Sub een.\n\n2. Sub twee.\n\n3. Twee.\n";
    let found = render(&compare(
        &outline(source, 1),
        &outline(translation, 1),
        Path::new("t.md"),
        translation,
    ));
    assert_eq!(
        found,
        vec![
            "t.md:3:5: error: missing the paragraph numbered `ii.` (source line 5) (in list item step 1)",
            "t.md:5:1: warning: numbered list has 3 items where the source has 2; this item is not in the source",
        ]
    );
}

#[test]
fn a_translation_of_another_source_version_is_summed_up() {
    let source: String = (1..=12)
        .map(|n| format!("## Section {n}\n\nSee [page {n}](p{n}.md).\n\n"))
        .collect();
    let translation = "## Sectie 1\n\nZie [pagina 1](p1.md).\n\nGarbled: (x)https://a.org/b\n";
    let found = compare(
        &outline(&source, 1),
        &outline(translation, 1),
        Path::new("t.md"),
        translation,
    );
    let lines = render(&found);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0]
            .starts_with("t.md:5:1: warning: the structure differs from the source in 22 places"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("t.md:5:13: error: extra URL `https://a.org/b`"),
        "{lines:#?}"
    );
    let help = found
        .iter()
        .next()
        .and_then(|d| d.help.clone())
        .unwrap_or_default();
    assert!(
        help.contains("first differences: line 5: missing a level-2 heading (source line 5)"),
        "{help}"
    );
}

#[test]
fn any_pair_of_pages_compares_without_panicking() {
    let pages = [
        SOURCE,
        NL,
        HU,
        TR,
        "",
        "\n",
        "---\n---\n",
        "1. [a](",
        "| a |\n|---|\n| [x](y) |",
        "> [!NOTE]\n> ı. http://",
        "http://&#xD800;&#99999999;&amp",
    ];
    for a in pages {
        for b in pages {
            let found = check(a, b, "t.md");
            assert!(
                found.iter().all(|d| d.line <= b.lines().count().max(1)),
                "{a:?} vs {b:?}"
            );
        }
    }
}

#[test]
fn each_kind_of_difference_has_its_rule_a_column_and_a_help_line() {
    let cases = [
        ("## A\n", "### A\n", "structure-heading"),
        ("1. a\n2. b\n", "- a\n- b\n", "structure-list-kind"),
        ("- a\n- b\n", "- a\n- b\n- c\n", "structure-list-items"),
        ("```sh\nx\n```\n", "```ps\nx\n```\n", "structure-code"),
        (
            "|a|b|\n|-|-|\n|1|2|\n",
            "|a|\n|-|\n|1|\n",
            "structure-table",
        ),
        ("## A\n\n```sh\nx\n```\n", "## A\n", "structure-missing"),
        ("## A\n", "## A\n\n```sh\nx\n```\n", "structure-extra"),
        ("## A\n\n> q\n", "## A\n\n```sh\nq\n```\n", "structure"),
        (
            "See [a](a.md) and [b](b.md).\n",
            "Zie [b](b.md).\n",
            "structure-link-missing",
        ),
        (
            "See [a](a.md).\n",
            "Zie [a](a.md) en [c](c.md).\n",
            "structure-link-extra",
        ),
        (
            "See [a](a.md).\n",
            "Zie [a](b.md).\n",
            "structure-link-changed",
        ),
        (
            "See [c](https://a.org/b) now.\n",
            "Zie [c] (https://a.org/b) nu.\n",
            "structure-link-apart",
        ),
        (
            "See https://a.org/b now.\n",
            "Zie (x)https://a.org/b nu.\n",
            "structure-url-garbled",
        ),
        (SOURCE, NL, "structure-list-restart"),
        (SOURCE, TR, "structure-roman-case"),
        (SOURCE, TR, "structure-numeral"),
    ];
    for (source, translation, code) in cases {
        let found = check(source, translation, "t.md");
        let codes: Vec<&str> = found.iter().map(|d| d.rule).collect();
        assert!(codes.contains(&code), "{code}: {:#?}", render(&found));
        for d in found.iter() {
            assert!(d.column > 0 && d.line > 0, "{code}: no position: {d}");
            assert!(d.help.is_some(), "{code}: no help line: {d}");
        }
    }
}
