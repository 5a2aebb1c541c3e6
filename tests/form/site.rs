//! The form as the build publishes it: one page per locale, the schema file, the rules in the
//! page, the guide's link to the form, and definition errors that stop the build.

use super::{repo_form, repo_locales};
use serde_json::Value;
use tolk::form::client::client_rules;
use tolk::form::schema::ticket_schema;

/// Decodes the few entities tera writes into attribute values.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text between the tags, and the attribute values the script shows (data-msg-*).
fn text_of(html: &str) -> String {
    let mut out = String::new();
    for part in html.split('<').skip(1) {
        let (tag, text) = part.split_once('>').unwrap_or((part, ""));
        for attr in tag.split(" data-msg-").skip(1) {
            out.push_str(attr.split_once("=\"").map_or("", |(_, v)| v));
        }
        out.push_str(text);
    }
    unescape(&out)
}

/// The value of the first `name="..."` attribute in `html`.
fn attribute(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = html[start..].find('"')? + start;
    Some(unescape(&html[start..end]))
}

#[test]
fn every_locale_gets_the_form_with_its_rules_and_texts() {
    let site = super::built(None);
    let locales = repo_locales();
    let rules = serde_json::to_value(client_rules(&repo_form(), &locales)).expect("json");
    for locale in &locales {
        let html = site.read(&format!("{locale}/ticket/index.html"));
        let form_tag = &html[html.find("<form ").expect("a form")..];
        let in_page: Value =
            serde_json::from_str(&attribute(form_tag, "data-tolk-rules").expect("rules attribute"))
                .expect("the rules attribute is JSON");
        assert_eq!(in_page, rules, "{locale}");
        let form_tag = &form_tag[..form_tag.find('>').expect("a tag")];
        assert_eq!(
            attribute(form_tag, "data-tolk-locale").as_deref(),
            Some(locale.as_str())
        );
        assert!(attribute(form_tag, "data-tolk-endpoint").is_none());
        for field in repo_form().fields() {
            let label = site.message(locale, &format!("form-field-{}", field.id), None, &[]);
            assert!(
                html.contains(&label),
                "{locale}: label of {} ({label})",
                field.id
            );
        }
        let text = text_of(&html);
        for leftover in [
            "form-field-",
            "form-section-",
            "form-error-",
            "form-next-",
            "form-",
        ] {
            assert!(
                !text.contains(leftover),
                "{locale}: an untranslated id {leftover}"
            );
        }
        let required = html.matches(" required").count();
        assert_eq!(
            required,
            3 + 2 + 1 + 2,
            "{locale}: native required on each control (the problem type is a fixed fact)"
        );
        assert!(html.contains("type=\"email\""));
        // maxlength counts UTF-16 units: only on controls whose valid values are all ASCII
        // (200 emoji are a valid 200-character name, 400 units).
        assert!(!html.contains("maxlength=\"5000\"") && !html.contains("maxlength=\"2000\""));
        assert!(html.contains("maxlength=\"254\"") && html.contains("maxlength=\"1500\""));
        assert!(html.contains("pattern=\"[\\s,]*[Cc][Vv][Ee]-"));
    }
}

#[test]
fn the_schema_file_is_the_generated_schema() {
    let site = super::built(None);
    let written: Value = serde_json::from_str(&site.read("ticket.schema.json")).expect("JSON");
    let id = "https://tolk.example.org/ticket.schema.json";
    assert_eq!(
        written,
        ticket_schema(&repo_form(), &repo_locales(), Some(id))
    );
    // The snapshot is of the same function over the vectors' fixed locales, so a locale added
    // to the site does not change it.
    let locales = super::vectors::VECTOR_LOCALES.map(String::from);
    insta::assert_json_snapshot!(
        "ticket_schema",
        ticket_schema(&repo_form(), &locales, Some(id))
    );
}

#[test]
fn the_guide_links_its_step_to_the_form_in_the_same_locale() {
    let site = super::built(None);
    for locale in repo_locales() {
        let html = site.read(&format!(
            "{locale}/how-to-log-a-security-event-support-ticket/index.html"
        ));
        let step = html.find("<li id=\"step-3\">").expect("step 3");
        let next = html.find("<li id=\"step-4\">").expect("step 4");
        let link = format!("href=\"../../{locale}/ticket/index.html\"");
        let at = html[step..].find(&link).map(|i| i + step);
        let at = at.unwrap_or_else(|| panic!("{locale}: no link to the form after step 3"));
        assert!(at < next, "{locale}: the link is inside step 3");
        assert!(html.contains(&site.message(&locale, "step-start-form", None, &[])));
        let form = site.read(&format!("{locale}/ticket/index.html"));
        for n in [1, 2, 3] {
            let target =
                format!("how-to-log-a-security-event-support-ticket/index.html#step-{n}\"");
            assert!(
                form.contains(&target),
                "{locale}: the form links to step {n}"
            );
        }
    }
}

/// Steps 4 and 5 of the guide (and "What happens next") say what the support team does once a
/// ticket arrives: only a site that sends tickets may promise it.
fn promises_a_reply(site: &crate::support::BookTest, locale: &str, html: &str) -> bool {
    let next = site.message(locale, "form-next-title", None, &[]);
    let step = "how-to-log-a-security-event-support-ticket/index.html#step-4\"";
    let number = site.message(locale, "form-next-confirmation-number", None, &[]);
    let found = [
        html.contains(&next),
        html.contains(step),
        html.contains(&number),
    ];
    assert!(found.iter().all(|f| *f == found[0]), "{locale}: {found:?}");
    found[0]
}

#[test]
fn without_an_endpoint_the_page_says_so_at_the_top_and_promises_nothing() {
    let site = super::built(None);
    for locale in repo_locales() {
        let html = site.read(&format!("{locale}/ticket/index.html"));
        let banner = html.find(" data-tolk-offline").expect("the banner") + 18;
        let title = site.message(&locale, "form-offline-title", None, &[]);
        assert!(html[banner..].starts_with(&format!(">\n<h2 class=\"offline-title\">{title}</h2>")));
        assert!(
            banner < html.find("<form ").expect("the form"),
            "{locale}: at the top"
        );
        assert!(!promises_a_reply(&site, &locale, &html), "{locale}");
        assert!(
            !html.contains("mailto:"),
            "{locale}: no [form] email, no link"
        );
        assert!(
            !html.contains(" action="),
            "{locale}: no form posting to nowhere"
        );
        let noscript = site.message(&locale, "form-offline-noscript", None, &[]);
        let shown = &html[html.find("<noscript><p>").expect("a noscript")..];
        let shown = text_of(&shown[..shown.find("</noscript>").expect("its end")]);
        assert_eq!(shown, noscript, "{locale}: what to do without JavaScript");
    }
}

#[test]
fn an_email_address_is_offered_as_a_link_only_without_an_endpoint() {
    let mut site = super::repo_copy(None);
    let book = std::fs::read_to_string(site.root.join("book.toml")).expect("book.toml");
    let with_email = book.replace(
        "[form]\n",
        "[form]\nemail = \"sec?urity&team@example.org\"\n",
    );
    site.write("book.toml", &with_email);
    site.build().assert_published();
    let html = site.read("en-US/ticket/index.html");
    let href = "href=\"mailto:sec%3Furity%26team@example.org\"";
    assert_eq!(
        html.matches(href).count(),
        2,
        "in the banner and the review"
    );
    assert!(html.contains(">sec?urity&amp;team@example.org</a>"));
    assert!(html.contains("data-tolk-mailto"));
    site.write(
        "book.toml",
        with_email.replace("[form]\n", "[form]\nendpoint = \"/api/tickets\"\n"),
    );
    site.build().assert_published();
    let html = site.read("en-US/ticket/index.html");
    assert!(!html.contains("mailto:") && !html.contains("data-tolk-offline"));
}

#[test]
fn revealed_fields_sit_under_their_choice_and_a_single_choice_is_a_fact() {
    let site = super::built(None);
    for locale in repo_locales() {
        let html = site.read(&format!("{locale}/ticket/index.html"));
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("{locale}: {needle}"))
        };
        let order = [
            at("id=\"field-category-vulnerability\""),
            at("id=\"field-category-vulnerability-reveal\""),
            at("id=\"field-cve_ids\""),
            at("id=\"field-cvss_vector\""),
            at("</fieldset>"),
            at("id=\"field-description\""),
            at("id=\"field-has_workaround-yes-reveal\""),
            at("id=\"field-remediation\""),
            at("id=\"field-has_workaround-no\""),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{locale}: {order:?}");
        assert!(html.contains("aria-controls=\"field-category-vulnerability-reveal\""));
        assert!(!html.contains("name=\"issue_type\" value=\"security-event\" checked"));
        assert!(
            html.contains("<input type=\"hidden\" name=\"issue_type\" value=\"security-event\"")
        );
        let fact = site.message(&locale, "form-field-issue_type-security-event", None, &[]);
        assert!(html.contains(&format!(
            "<p class=\"fixed-fact\" id=\"field-issue_type\" tabindex=\"-1\">{fact}</p>"
        )));
    }
}

#[test]
fn an_endpoint_in_book_toml_reaches_the_page() {
    let site = super::built(Some("/api/tickets"));
    let locale = site.locales().pop().expect("a locale");
    let html = site.read(&format!("{locale}/ticket/index.html"));
    assert_eq!(
        attribute(&html, "data-tolk-endpoint").as_deref(),
        Some("/api/tickets")
    );
    assert!(html.contains(&site.message(&locale, "form-submit-send", None, &[])));
    assert!(promises_a_reply(&site, &locale, &html));
    assert!(!html.contains("data-tolk-offline"));
    let trap = site.message(&locale, "form-trap-label", None, &[]);
    assert!(html.contains(&format!("<label for=\"ticket-website\">{trap}</label>")));
    assert!(!html.contains(">Website<"));
}

#[test]
fn a_broken_definition_stops_the_build_at_its_line() {
    let mut site = super::repo_copy(None);
    let text = std::fs::read_to_string(site.root.join("form.yaml")).expect("form.yaml");
    let broken = text.replace(
        "equals: vulnerability }\n        max-items",
        "equals: vulnerable }\n        max-items",
    );
    std::fs::write(site.root.join("form.yaml"), broken).expect("write");
    site.build();
    let report = site.report();
    assert!(report.published.is_none());
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    let line = text
        .lines()
        .position(|l| l.contains("equals: vulnerability }"))
        .map_or(0, |i| i + 1);
    let expected = format!("form.yaml:{line}:");
    assert!(
        found.iter().any(|d| d.starts_with(&expected)
            && d.contains("`vulnerable` is not a choice of `category`")),
        "{found:#?}"
    );
}

#[test]
fn a_message_the_definition_needs_must_exist_in_the_source_locale() {
    let mut site = super::repo_copy(None);
    let path = site.root.join("locales/en-US/form.ftl");
    let text = std::fs::read_to_string(&path).expect("form.ftl");
    let without = text.replace("form-rule-cve-or-cvss =", "form-rule-cve-or-cvs =");
    std::fs::write(&path, without).expect("write");
    site.build();
    let report = site.report();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    let definition = std::fs::read_to_string(site.root.join("form.yaml")).expect("form.yaml");
    let line = definition
        .lines()
        .position(|l| l.contains("- id: cve-or-cvss"));
    let line = line.map_or(0, |i| i + 1);
    let at = format!("form.yaml:{line}: error: message `form-rule-cve-or-cvss` is used here");
    assert!(found.iter().any(|d| d.starts_with(&at)), "{found:#?}");
    assert!(report.published.is_none());
}
