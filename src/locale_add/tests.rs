use super::*;

#[test]
fn messages_are_commented_out_and_terms_kept() {
    let source = "# Site UI.\n\n-brand = Contoso\n    .gender = neuter\n# $n (Number)\nrows = { $n ->\n    [one] one row\n\n   *[other] { $n } rows\n}\nfield = Email\n    .hint = Where we answer\n";
    let (text, messages) = commented_out(source, "de-DE", "en-US", "site.ftl");
    assert_eq!(messages, 2);
    let body = text
        .split_once("directly above the message.\n\n")
        .unwrap()
        .1;
    assert_eq!(
        body,
        "# Site UI.\n\n-brand = Contoso\n    .gender = neuter\n# $n (Number)\n# rows = { $n ->\n#     [one] one row\n\n#    *[other] { $n } rows\n# }\n# field = Email\n#     .hint = Where we answer\n"
    );
    // The result parses, defines the term and no message.
    let resource = crate::i18n::same_as_source::parse(&text);
    let entries: Vec<_> = resource
        .body
        .iter()
        .filter(|e| {
            matches!(
                e,
                fluent_syntax::ast::Entry::Message(_) | fluent_syntax::ast::Entry::Term(_)
            )
        })
        .collect();
    assert_eq!(entries.len(), 1);
    assert!(matches!(entries[0], fluent_syntax::ast::Entry::Term(_)));
}

#[test]
fn the_entry_goes_after_the_last_locale_and_comments_survive() {
    let text = "# The site.\n[book]\ntitle = \"T\" # shown in the header\n\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n\n[[locale]]\ntag = \"nl-NL\" # Dutch\nname = \"Nederlands\"\n\n[form]\ndefinition = \"form.yaml\"\n";
    let out = with_locale(text, "ar", "العربية", Some(TextDirection::Rtl)).unwrap();
    assert_eq!(
        out,
        "# The site.\n[book]\ntitle = \"T\" # shown in the header\n\n[[locale]]\ntag = \"en-US\"\nname = \"English\"\n\n[[locale]]\ntag = \"nl-NL\" # Dutch\nname = \"Nederlands\"\n\n[[locale]]\ntag = \"ar\"\nname = \"العربية\"\ndir = \"rtl\"\n\n[form]\ndefinition = \"form.yaml\"\n"
    );
    let bare = with_locale("[book]\ntitle = \"T\"\n", "de-DE", "Deutsch", None).unwrap();
    assert_eq!(
        bare,
        "[book]\ntitle = \"T\"\n\n[[locale]]\ntag = \"de-DE\"\nname = \"Deutsch\"\n"
    );
    assert!(with_locale("locale = 3\n", "de", "Deutsch", None).is_err());
}
