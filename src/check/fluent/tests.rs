use super::*;

fn locale(locale: &str, files: &[(&str, &str)]) -> LocaleResources {
    LocaleResources {
        locale: locale.to_string(),
        dir: PathBuf::from(format!("locales/{locale}")),
        files: files
            .iter()
            .map(|(name, text)| FtlFile {
                path: PathBuf::from(format!("locales/{locale}/{name}")),
                text: text.to_string(),
            })
            .collect(),
    }
}

fn use_of(id: &str, attribute: Option<&str>, line: usize) -> MessageUse {
    MessageUse {
        id: id.to_string(),
        attribute: attribute.map(str::to_string),
        path: Some(PathBuf::from("templates/page.html")),
        line,
        column: 5,
    }
}

/// `path:line: level: message` of every finding, for readable assertions.
fn lines(report: &FluentReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let level = d.severity.as_str();
            format!("{}:{}: {level}: {}", d.path.display(), d.line, d.message)
        })
        .collect()
}

const SOURCE: &str = "\
-brand = Contoso
page-title = { -brand } support
greeting = Hello, { $name }!
ticket-count = { $count ->
    [one] One ticket for { $product }
   *[other] { $count } tickets
}
field-email = Email
    .placeholder = you@example.com
    .help = We reply to { $address }.
";

#[test]
fn a_faithful_translation_has_no_findings() {
    let nl = "\
-brand = Contoso
page-title = Ondersteuning van { -brand }
greeting = Hallo { $name }!
ticket-count = { $count ->
    [one] Eén ticket voor { $product }
   *[other] { $count } tickets
}
field-email = E-mail
    .placeholder = u@voorbeeld.nl
    .help = We antwoorden op { $address }.
";
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", SOURCE)]),
        translations: vec![locale("nl-NL", &[("main.ftl", nl)])],
        used: None,
    };
    let report = check_fluent(&input);
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(report.locales.len(), 2);
    let nl = &report.locales[1];
    assert_eq!((nl.source_messages, nl.translated), (4, 4));
}

#[test]
fn every_syntax_error_is_reported_with_its_line() {
    let broken = "\
ok-one = Fine
bad one = Space in the id
ok-two = Fine
bad-two = { $unclosed
ok-three = Fine
";
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", broken)]),
        translations: vec![],
        used: None,
    };
    let report = check_fluent(&input);
    let found = lines(&report);
    // The unclosed placeable is noticed where the next entry starts; the finding points
    // at the end of the broken entry instead.
    assert_eq!(
        found,
        vec![
            "locales/en-US/main.ftl:2: error: Fluent syntax error: Expected a token starting with \"=\"",
            "locales/en-US/main.ftl:4: error: Fluent syntax error: Expected a token starting with \"}\"",
        ]
    );
    let shown: Vec<(usize, Option<String>)> = report
        .diagnostics
        .iter()
        .map(|d| (d.line, d.help.clone()))
        .collect();
    assert!(report.diagnostics.iter().all(|d| d.rule == "fluent-syntax"));
    assert!(
        shown[1]
            .1
            .as_deref()
            .is_some_and(|h| h.starts_with("line 4 is ignored")),
        "{shown:?}"
    );
    let column = report.diagnostics.iter().nth(1).map(|d| d.column);
    assert_eq!(column, Some(22), "just after `$unclosed`");
    // The entries around the broken ones still count.
    assert_eq!(report.locales[0].source_messages, 3);
}

#[test]
fn translation_differences_point_at_the_translation_line() {
    let hu = "\
-brand = Contoso
greeting = Szia!
ticket-count = { $count ->
    [one] Egy jegy
   *[other] { $count } jegy { $user }
}
field-email = E-mail
    .placeholder = te@pelda.hu
    .tooltip = Ide írd
old-message = Régi
";
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", SOURCE)]),
        translations: vec![locale("hu-HU", &[("main.ftl", hu)])],
        used: None,
    };
    let report = check_fluent(&input);
    let expected = vec![
        "locales/hu-HU/main.ftl:0: warning: message `page-title` is not translated in hu-HU (source: locales/en-US/main.ftl:2)",
        "locales/hu-HU/main.ftl:2: warning: `greeting` in hu-HU does not use `{ $name }`, the source does (locales/en-US/main.ftl:3)",
        "locales/hu-HU/main.ftl:3: warning: `ticket-count` in hu-HU does not use `{ $product }`, the source does (locales/en-US/main.ftl:4)",
        "locales/hu-HU/main.ftl:3: error: `ticket-count` in hu-HU uses `{ $user }`, which the source never uses (locales/en-US/main.ftl:4), so no value is passed for it",
        "locales/hu-HU/main.ftl:7: warning: `field-email` lacks the attribute `.help` of the source (locales/en-US/main.ftl:8)",
        "locales/hu-HU/main.ftl:9: warning: attribute `.tooltip` of `field-email` is not in the source (locales/en-US/main.ftl:8)",
        "locales/hu-HU/main.ftl:10: warning: message `old-message` is not in the source locale en-US: obsolete, or misspelled",
    ];
    assert_eq!(lines(&report), expected);
    let hu = &report.locales[1];
    assert_eq!((hu.source_messages, hu.translated), (4, 3));
    assert_eq!(hu.missing, vec!["page-title"]);
    assert_eq!(hu.obsolete, vec!["old-message"]);
    assert_eq!((hu.errors, hu.warnings), (1, 6));
}

#[test]
fn duplicates_and_broken_references_are_errors() {
    let tr = "\
greeting = Merhaba { $name }
page-title = { -marka } desteği
greeting = Selam { $name }
";
    let input = FluentInput {
        source: locale(
            "en-US",
            &[(
                "main.ftl",
                "greeting = Hello { $name }\npage-title = { -brand } support\n-brand = Contoso\n",
            )],
        ),
        translations: vec![locale("tr-TR", &[("main.ftl", tr)])],
        used: None,
    };
    let found = lines(&check_fluent(&input));
    assert_eq!(
        found,
        vec![
            "locales/tr-TR/main.ftl:0: warning: term `-brand` is not translated in tr-TR (source: locales/en-US/main.ftl:3)",
            "locales/tr-TR/main.ftl:2: error: `page-title` refers to `-marka`, which tr-TR does not define",
            "locales/tr-TR/main.ftl:3: error: message `greeting` is defined twice in tr-TR; the first definition (locales/tr-TR/main.ftl:1) is the one used",
        ]
    );
}

#[test]
fn missing_messages_name_the_locale_folder_when_it_has_several_files() {
    let input = FluentInput {
        source: locale(
            "en-US",
            &[("a.ftl", "one = One\n"), ("b.ftl", "two = Two\n")],
        ),
        translations: vec![locale(
            "nl-NL",
            &[("a.ftl", "one = Een\n"), ("c.ftl", "three = Drie\n")],
        )],
        used: Some(vec![use_of("two", None, 7)]),
    };
    let found = lines(&check_fluent(&input));
    assert!(found.contains(
        &"locales/nl-NL:0: warning: message `two` is not translated in nl-NL (source: locales/en-US/b.ftl:1); used at templates/page.html:7"
            .to_string()
    ), "{found:#?}");
    // Duplicates across files of one locale are still duplicates.
    let input = FluentInput {
        source: locale(
            "en-US",
            &[("a.ftl", "one = One\n"), ("b.ftl", "\none = Uno\n")],
        ),
        translations: vec![],
        used: None,
    };
    let found = lines(&check_fluent(&input));
    assert_eq!(found, vec!["locales/en-US/b.ftl:2: error: message `one` is defined twice in en-US; the first definition (locales/en-US/a.ftl:1) is the one used"]);
}

#[test]
fn uses_are_checked_against_every_locale() {
    let src = "\
greeting = Hello { -brand }
-brand = Contoso
-unused-term = X
field = Field
    .label = Label
leftover = Nobody asks for me
";
    let nl = "greeting = Hallo { -brand }\n-brand = Contoso\nnl-only = Alleen hier\nfield = Veld\n    .label = Label\n";
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", src)]),
        translations: vec![locale("nl-NL", &[("main.ftl", nl)])],
        used: Some(vec![
            use_of("greeting", None, 1),
            use_of("field", Some("label"), 2),
            use_of("field", Some("hint"), 3),
            use_of("nl-only", None, 4),
            use_of("nowhere", None, 5),
        ]),
    };
    let found = lines(&check_fluent(&input));
    let expected = vec![
        "locales/en-US/main.ftl:3: warning: term `-unused-term` is not used by any template or the form",
        "locales/en-US/main.ftl:6: warning: message `leftover` is not used by any template or the form",
        "locales/nl-NL/main.ftl:0: warning: message `leftover` is not translated in nl-NL (source: locales/en-US/main.ftl:6)",
        "locales/nl-NL/main.ftl:0: warning: term `-unused-term` is not translated in nl-NL (source: locales/en-US/main.ftl:3)",
        "locales/nl-NL/main.ftl:3: warning: message `nl-only` is not in the source locale en-US: obsolete, or misspelled",
        "templates/page.html:3: error: `field.hint` is used here, but `field` has no attribute `hint` in en-US (locales/en-US/main.ftl:4)",
        "templates/page.html:4: error: message `nl-only` is used here but not defined in the source locale en-US (only in nl-NL)",
        "templates/page.html:5: error: message `nowhere` is used here but defined in no locale",
    ];
    assert_eq!(found, expected);
}

#[test]
fn term_variables_and_attribute_references_are_checked() {
    let src = "-brand = { $case ->\n   *[nom] Contoso\n    [gen] Contoso's\n}\n    .gender = neuter\nabout = { -brand.gender ->\n   *[neuter] It\n}\n";
    let tr =
        "-brand = Contoso\n    .gender = neuter\nabout = { -brand.genus ->\n   *[neuter] O\n}\n";
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", src)]),
        translations: vec![locale("tr-TR", &[("main.ftl", tr)])],
        used: None,
    };
    let found = lines(&check_fluent(&input));
    assert_eq!(
        found,
        vec![
            "locales/tr-TR/main.ftl:1: warning: `-brand` in tr-TR does not use `{ $case }`, the source does (locales/en-US/main.ftl:1)",
            "locales/tr-TR/main.ftl:3: error: `about` refers to `-brand.genus`, but `-brand` has no attribute `genus` in tr-TR",
        ]
    );
}

#[test]
fn non_ascii_and_broken_input_is_reported_not_panicked_on() {
    let text = "ключ = значение\nşey = { $ü\nok = Tamam { -marka\n";
    let input = FluentInput {
        source: locale("tr-TR", &[("main.ftl", text)]),
        translations: vec![],
        used: None,
    };
    let report = check_fluent(&input);
    let found = lines(&report);
    // Lines 1-2 are one junk entry (no ASCII identifier starts before line 3).
    assert_eq!(
        found,
        vec![
            "locales/tr-TR/main.ftl:1: error: Fluent syntax error: Expected one of \"a-zA-Z\"",
            "locales/tr-TR/main.ftl:3: error: Fluent syntax error: Expected a token starting with \"}\"",
        ]
    );
    assert_eq!(report.locales[0].source_messages, 0);
}

/// A message tolk's own code asks for is never reported at a path inside tolk's source: a
/// missing one is placed in the source locale's resources and said to be built-in.
#[test]
fn built_in_uses_name_no_source_file() {
    let built_in = |id: &str| MessageUse {
        id: id.to_string(),
        attribute: None,
        path: None,
        line: 0,
        column: 0,
    };
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", "not-found = Not found\n")]),
        translations: vec![locale("nl-NL", &[("main.ftl", "other = Ander\n")])],
        used: Some(vec![built_in("not-found"), built_in("date-long")]),
    };
    let found = lines(&check_fluent(&input));
    assert!(
        found.contains(
            &"locales/en-US/main.ftl:0: error: message `date-long` is used by tolk's built-in pages but defined in no locale"
                .to_string()
        ),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|l| l.contains("`not-found` is not translated in nl-NL")
                && l.ends_with("; used by tolk's built-in pages")),
        "{found:#?}"
    );
    assert!(!found.iter().any(|l| l.contains("src/")), "{found:#?}");
}

#[test]
fn cycles_direct_and_through_terms_and_attributes_are_errors_with_the_chain() {
    let source = "\
nav-label = { nav-label } Main
a = { b }
b = x { -t }
-t = { a.attr }
ok = { -brand }
-brand = Contoso
";
    let nl = "\
nav-label = Hoofd
a = { b }
b = x
-t = y
ok = { ok.title }
    .title = { ok }
-brand = Contoso
";
    let source = format!("{source}\n");
    let source = source.replace("a = { b }", "a = { b }\n    .attr = A");
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", &source)]),
        translations: vec![locale("nl-NL", &[("main.ftl", nl)])],
        used: None,
    };
    let report = check_fluent(&input);
    let cycles: Vec<String> = lines(&report)
        .into_iter()
        .filter(|l| l.contains("refers to itself"))
        .collect();
    assert_eq!(
        cycles,
        [
            "locales/en-US/main.ftl:1: error: `nav-label` refers to itself in en-US",
            "locales/en-US/main.ftl:4: error: `-t` refers to itself in en-US through `-t` → `a` → `b` → `-t`",
            "locales/nl-NL/main.ftl:5: error: `ok` refers to itself in nl-NL",
            "locales/nl-NL/main.ftl:6: error: `ok` refers to itself in nl-NL",
        ]
    );
    assert!(report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("itself"))
        .all(|d| d.rule == "fluent-cycle" && d.is_error()));
}

#[test]
fn a_message_copied_from_the_source_is_untranslated_unless_marked() {
    let nl = "\
-brand = Contoso
page-title = { -brand } support
# tolk: same-as-source
greeting = Hello, { $name }!
ticket-count = { $count ->
    [one] Eén ticket voor { $product }
   *[other] { $count } tickets
}
field-email = Email
    .placeholder = you@example.com
    .help = We reply to { $address }.
";
    let input = FluentInput {
        source: locale("en-US", &[("main.ftl", SOURCE)]),
        translations: vec![locale("nl-NL", &[("main.ftl", nl)])],
        used: None,
    };
    let report = check_fluent(&input);
    let found = lines(&report);
    assert_eq!(
        found,
        [
            "locales/nl-NL/main.ftl:2: warning: message `page-title` in nl-NL is the same as the source (locales/en-US/main.ftl:2): not translated yet",
            "locales/nl-NL/main.ftl:9: warning: message `field-email` in nl-NL is the same as the source (locales/en-US/main.ftl:8): not translated yet",
        ]
    );
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.rule == "fluent-same-as-source"));
    let nl = &report.locales[1];
    // The marked `greeting` and the translated `ticket-count` count; the copies do not.
    assert_eq!((nl.source_messages, nl.translated), (4, 2));
    assert_eq!(nl.same_as_source, ["field-email", "page-title"]);
}
