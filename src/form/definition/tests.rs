use super::super::{Condition, FieldKind, Form};
use std::path::Path;

const MINIMAL: &str = "\
article: guide
article-step: 3
sections:
  - id: about
    step: 2
    fields:
      - id: category
        type: choice
        choices: [incident, vulnerability]
        required: true
      - id: cve_ids
        type: cve-list
        shown-when: { field: category, equals: vulnerability }
      - id: cvss_vector
        type: cvss
        shown-when: { field: category, equals: vulnerability }
rules:
  - id: cve-or-cvss
    when: { field: category, equals: vulnerability }
    at-least-one-of: [cve_ids, cvss_vector]
";

fn parse(text: &str) -> Result<Form, Vec<(usize, usize, String)>> {
    Form::parse(text, Path::new("form.yaml")).map_err(|d| {
        d.into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect()
    })
}

/// The (line, message) of every error, for texts that must fail.
fn errors(text: &str) -> Vec<(usize, String)> {
    match parse(text) {
        Ok(form) => panic!("accepted: {form:?}"),
        Err(e) => e.into_iter().map(|(l, _, m)| (l, m)).collect(),
    }
}

#[test]
fn minimal_definition_resolves_with_defaults_and_lines() {
    let form = parse(MINIMAL).expect("valid");
    assert_eq!(form.article, "guide");
    assert_eq!(form.article_step, 3);
    let section = &form.sections[0];
    assert_eq!(
        (section.id.as_str(), section.step, section.line),
        ("about", 2, 4)
    );
    let lines: Vec<usize> = form.fields().map(|f| f.line).collect();
    assert_eq!(lines, [7, 11, 14]);
    assert_eq!(
        form.fields().nth(1).map(|f| &f.kind),
        Some(&FieldKind::CveList { max_items: 50 })
    );
    assert_eq!(
        form.fields().nth(2).map(|f| &f.kind),
        Some(&FieldKind::Cvss { max_length: 200 })
    );
    assert_eq!(
        form.fields().nth(1).and_then(|f| f.shown_when.clone()),
        Some(Condition {
            field: "category".into(),
            equals: "vulnerability".into()
        })
    );
    assert_eq!(form.rules[0].line, 18);
}

#[test]
fn the_repository_definition_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("form.yaml");
    let form = Form::from_file(&path).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(form.fields().count() >= 10);
    assert_eq!(form.article_step, 3);
}

#[test]
fn unknown_keys_and_types_are_reported_where_they_are() {
    let typo = MINIMAL.replace("    step: 2\n", "    stp: 2\n");
    let e = parse(&typo).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, 5, "{e:?}");
    assert!(e[0].2.contains("`stp`"), "{e:?}");
    let kind = MINIMAL.replace("type: cvss", "type: cvss4");
    let e = parse(&kind).unwrap_err();
    assert_eq!((e[0].0, e[0].1), (15, 15), "{e:?}");
    assert!(e[0].2.contains("`cvss4`"), "{e:?}");
}

#[test]
fn yaml_syntax_errors_have_a_line() {
    let e = parse("article: guide\nsections: [\n").unwrap_err();
    assert!(e[0].0 >= 2, "{e:?}");
    let e = parse("article: guide\narticle: other\n").unwrap_err();
    assert_eq!((e[0].0, e[0].1), (2, 1), "{e:?}");
    assert!(e[0].2.contains("`article` is given twice"), "{e:?}");
}

#[test]
fn duplicate_and_badly_spelled_ids_point_at_their_own_line() {
    let text = MINIMAL.replace("id: cvss_vector", "id: cve_ids");
    assert_eq!(
        errors(&text),
        [
            (14, "field `cve_ids` is defined twice".to_string()),
            (
                20,
                "rule names `cvss_vector`, which is not a field".to_string()
            )
        ]
    );
    let text = MINIMAL.replace("id: cve_ids", "id: cve-ids");
    let e = errors(&text);
    assert_eq!(e[0].0, 11);
    assert!(e[0].1.contains("must be snake_case"), "{e:?}");
    let text = MINIMAL.replace("id: category", "id: locale");
    assert!(errors(&text)[0].1.contains("`locale` must be snake_case"));
}

#[test]
fn conditions_must_name_an_earlier_choice_and_one_of_its_codes() {
    let text = MINIMAL.replace(
        "shown-when: { field: category, equals: vulnerability }\n      - id: cvss",
        "shown-when: { field: categroy, equals: vulnerability }\n      - id: cvss",
    );
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, 13);
    assert!(e[0]
        .1
        .contains("`categroy`, which is not a field before this one"));
    let text = MINIMAL.replacen("equals: vulnerability", "equals: vuln", 1);
    let e = errors(&text);
    assert_eq!(e[0].0, 13);
    assert!(e[0]
        .1
        .contains("`vuln` is not a choice of `category` (choices: incident, vulnerability)"));
    let text = MINIMAL.replacen("field: category", "field: cvss_vector", 1);
    assert!(errors(&text)[0].1.contains("not a field before this one"));
}

#[test]
fn keys_of_another_type_and_bad_limits_are_errors() {
    let text = MINIMAL.replace(
        "type: cvss\n",
        "type: cvss\n        choices: [a]\n        max-length: 0\n",
    );
    let e = errors(&text);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(
        e[0],
        (
            16,
            "`choices` does not apply to a field of this type".into()
        )
    );
    assert_eq!(e[1], (17, "`max-length` must be at least 1".into()));
}

#[test]
fn choice_codes_defaults_and_rules_are_checked() {
    let text = MINIMAL.replace(
        "[incident, vulnerability]",
        "[incident, Vulnerability, incident]\n        default: other",
    );
    let e = errors(&text);
    let messages: Vec<&str> = e.iter().map(|(_, m)| m.as_str()).collect();
    assert!(messages.contains(&"choice code `Vulnerability` must be kebab-case (a-z, 0-9, -)"));
    assert!(messages.contains(&"choice `incident` is listed twice"));
    assert!(messages.contains(&"default `other` is not one of the choices"));
    assert!(e.iter().any(|(l, _)| *l == 10), "{e:?}");
    let text = MINIMAL.replace("[cve_ids, cvss_vector]", "[cve_ids, cvss]");
    assert_eq!(
        errors(&text),
        [(20, "rule names `cvss`, which is not a field".to_string())]
    );
    let text = MINIMAL.replace("[cve_ids, cvss_vector]", "[category, cve_ids]");
    assert!(errors(&text)[0].1.contains("`category` is required anyway"));
}

#[test]
fn empty_sections_and_zero_steps_are_errors() {
    let text =
        "article: guide\narticle-step: 0\nsections:\n  - id: a\n    step: 4294967296\n    fields: []\n";
    let e = errors(text);
    assert!(
        e.contains(&(2, "step 0: steps are numbered from 1 to 999".into())),
        "{e:?}"
    );
    assert!(
        e.contains(&(
            5,
            "step 4294967296: steps are numbered from 1 to 999".into()
        )),
        "{e:?}"
    );
    assert!(
        e.contains(&(4, "section `a` has no fields".into())),
        "{e:?}"
    );
}

#[test]
fn message_uses_follow_the_ids() {
    let form = parse(MINIMAL).expect("valid");
    let uses: Vec<String> = form
        .message_uses()
        .iter()
        .map(|u| match &u.attribute {
            Some(a) => format!("{}.{a}@{}", u.id, u.line),
            None => format!("{}@{}", u.id, u.line),
        })
        .collect();
    assert_eq!(
        uses,
        [
            "form-section-about@4",
            "form-section-about.guidance@4",
            "form-field-category@7",
            "form-field-category.required@7",
            "form-field-category-incident@7",
            "form-field-category-vulnerability@7",
            "form-field-cve_ids@11",
            "form-field-cvss_vector@14",
            "form-rule-cve-or-cvss@18",
        ]
    );
}

#[test]
fn findings_land_on_their_value_in_block_style_too() {
    let text = MINIMAL
        .replace(
            "        choices: [incident, vulnerability]\n",
            "        # choices: [Not_This]\n        choices:\n          - incident\n          - Bad_Code\n",
        )
        .replacen(
            "        shown-when: { field: category, equals: vulnerability }\n      - id: cvss",
            "        shown-when:\n          \"field\": categroy\n          equals: vulnerability\n      - id: cvss",
            1,
        );
    let e = parse(&text).unwrap_err();
    let found: Vec<(usize, usize)> = e.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(found, [(12, 13), (17, 11)], "{e:?}");
    assert!(e[0].2.contains("`Bad_Code`"), "{e:?}");
    assert!(e[1].2.contains("`categroy`"), "{e:?}");
}
