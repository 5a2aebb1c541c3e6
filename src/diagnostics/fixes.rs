//! How to fix each rule's findings, in plain words: one text per rule code.
//!
//! It is the `help` of structure findings, the SARIF rule help (`check --format sarif`) and the
//! "how to fix" column of the README's "Rule codes" table, so the three never disagree. A test
//! below makes sure every rule in [`super::rule::ALL`] has one.

/// `(rule code, how to fix)`, in [`super::rule::ALL`]'s order.
const FIXES: &[(&str, &str)] = &[
    ("config", "fix the named key in book.toml; the message says what it accepts"),
    ("input-refused", "replace the link or special file by a regular file inside the site folder"),
    ("encoding", "save the file as UTF-8 without a byte-order mark, with LF line endings"),
    ("control-char", "delete the invisible character at the column shown"),
    ("front-matter", "fix the YAML between the `---` lines at the top of the page"),
    ("front-matter-date", "write the date as YYYY-MM-DD"),
    ("content-layout", "rename the folder to a locale tag of book.toml, or add that locale"),
    ("slug", "use the source page's slug, or another that is short and not reserved"),
    ("output-path", "shorten the page's path or slug, or remove the odd characters"),
    ("output-write", "check that the output folder can be written and is tolk's own (`--out` elsewhere)"),
    ("markdown", "write the construct in plain Markdown; raw HTML shows as text"),
    ("link-broken", "point the link at an existing page (a relative `.md` path) or anchor"),
    ("media-missing", "put the file next to the page or fix its path (relative to the page)"),
    ("toc", "fix the YAML of toc.yml (`name`, `href`, `items`)"),
    ("template", "fix the template at the line shown"),
    ("form", "fix the definition in form.yaml at the line shown"),
    ("form-page", "fix form.yaml or the form's messages so the page can be made"),
    ("chart", "define the message in the source locale's .ftl files, or change the chart"),
    ("outdated", "update the translation from its source, then run `tolk mark-translated FILE`"),
    ("source-version", "run `tolk mark-translated FILE` once the translation matches its source"),
    ("structure", "make the block the same kind as the source's (a list stays a list, a heading a heading)"),
    ("structure-stale", "translate the page again from the current source; the differences are too many to patch"),
    ("structure-numeral", "write the number as the source does, with ASCII letters (i, v, x) for roman numerals"),
    ("structure-missing", "translate the missing block too; the source line is in the message"),
    ("structure-extra", "remove the block, or add it to the source first"),
    ("structure-heading", "use as many `#` as the source's heading"),
    ("structure-list-restart", "indent the item under the step it belongs to and number it as the source does (for example `iv.`)"),
    ("structure-list-kind", "use the source's list markers: `1.` for numbered, `-` for bulleted, same first number"),
    ("structure-list-items", "split or join items so the list has as many as the source's"),
    ("structure-code", "give the code block the source's language word after the opening ```"),
    ("structure-table", "give the table as many columns and rows as the source's"),
    ("structure-roman-case", "write the roman numerals in the source's case"),
    ("structure-link-missing", "keep the source's link, image or URL in the translated sentence"),
    ("structure-link-extra", "remove the link, image or URL, or add it to the source first"),
    ("structure-link-changed", "point the link or image where the source points (the message names both)"),
    ("structure-link-apart", "write the link as `[text](url)` with no space between `]` and `(`"),
    ("structure-url-garbled", "put a space before the URL and keep it whole, exactly as in the source"),
    ("fluent-syntax", "fix the Fluent syntax at the line shown"),
    ("fluent-duplicate", "remove or rename one of the two definitions"),
    ("fluent-missing", "add the message to the locale's .ftl file"),
    ("fluent-unknown", "remove the message, or add it to the source locale first"),
    ("fluent-shape", "give the translation the source message's value and attributes"),
    ("fluent-variable", "use only the variables the source message uses"),
    ("fluent-reference", "reference a message or term that exists, or define it"),
    ("fluent-cycle", "break the chain: one of the messages must not reference the others"),
    ("fluent-unused", "remove the message, or use it in a template"),
    ("fluent-plural-other", "add a default variant: `*[other] ...`"),
    ("fluent-plural-missing", "add a variant for each plural category the message names"),
    ("fluent-plural-impossible", "remove the variant: numbers in this language never take that category"),
    ("baseline-stale", "run `tolk check --write-baseline` to drop entries of fixed findings"),
    ("locale-missing", "create `locales/<tag>/` with the locale's .ftl files"),
    ("truncated", "fix the findings listed first; the rest are of the same kind"),
];

/// How to fix a rule's findings; `None` for a code that is not a rule.
pub fn fix(code: &str) -> Option<&'static str> {
    FIXES.iter().find(|(c, _)| *c == code).map(|(_, f)| *f)
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::*;

    #[test]
    fn every_rule_has_a_fix_and_every_fix_a_rule() {
        for r in rule::ALL {
            assert!(fix(r.code).is_some(), "no fix text for `{}`", r.code);
        }
        for (code, _) in FIXES {
            assert!(
                rule::ALL.iter().any(|r| r.code == *code),
                "`{code}` is no rule"
            );
        }
    }
}
