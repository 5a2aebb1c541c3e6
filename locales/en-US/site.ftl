# UI of the documentation site (templates/*.html). English is the source locale.

site-name = Security event tickets
skip-to-content = Skip to content
nav-label = Main
nav-guide = Guide
nav-form = Open a ticket
language-switcher = Language

# Site search (header of every page; shown only when JavaScript runs).
search-label = Search the guide
search-placeholder = Search
search-no-results = No results
# $count (Number) - how many pages match
search-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
# The site's source language, named in this language: marks an untranslated page in results.
search-source-language = English

footer-status = Translation status
footer-built-with = Built with tolk

# $language (String) - name of the source language, in that language ("English")
notice-untranslated = This page has not been translated yet. It is shown in its original language ({ $language }).
notice-machine = This page was translated by machine and may contain mistakes.
notice-machine-reviewed = This page was translated by machine and reviewed by a person.
# $language (String) - name of the source language, in that language
notice-machine-link = Read the original ({ $language })
notice-outdated = The original page has changed since this translation was made, so parts of it may be out of date.
notice-outdated-link = Read the current original
toc-title = On this page
aside-form-title = Ready to report?
aside-form-text = The ticket form follows the steps of this guide and checks your answers as you go.
updated-on = Last updated:
cta-open-form = Open a security event ticket
step-start-form = Start the request with our form

home-title = Security event guidance
home-intro = Found a security problem in your product? Read how to report it, then open a ticket.
home-articles = Articles
home-untranslated = not translated yet

# Shown on the root page next to each language, in that language.
choose-language = Choose your language
not-found-home = Go to the home page
not-found = Page not found

# The chart of event types (book.toml [[chart]] "event-types").
chart-security-event = Security event
    .description = The problem type for any security problem with your offer
chart-incident = Security incident
    .description = Something has happened: an attack, a breach or misuse that affects your offer or your customers.
chart-vulnerability = Security vulnerability
    .description = A weakness that could be exploited, identified by CVE IDs or a CVSS score.

# Translation status page (templates/status.html).
status-title = Translation status
status-intro = How much of each language is translated, and whether each page follows the current original.
status-ui-heading = Interface text
status-language = Language
status-ui-translated = Translated messages
# $translated (Number), $total (Number), $percent (Number, 0-100)
status-ui-count = { $translated } of { $total } ({ $percent }%)
status-pages-heading = Pages
status-page = Page
status-kind-source = Original
status-kind-machine = Machine translation
status-kind-reviewed = Machine translation, reviewed
status-kind-human = Human translation
status-kind-missing = Not translated
status-fresh-up-to-date = Up to date
status-fresh-outdated = Outdated: the original has changed
status-fresh-unknown = Source version unknown
# $count (Number) - structure findings left on a translation; $fixable (Number) - how many of them `tolk fix` repairs
status-findings = { $count ->
        [0] No structure findings
        [one] 1 structure finding, { $fixable } repairable by tolk fix
       *[other] { $count } structure findings, { $fixable } repairable by tolk fix
    }

# Navigation: the sidebar, breadcrumbs, previous/next and the full table of contents.
nav-docs = Documentation
nav-breadcrumbs = Breadcrumb
nav-prev = Previous
nav-next = Next
nav-full-toc = Full table of contents
nav-toc-title = Table of contents
nav-more = More pages

# Microsoft Docs Markdown (src/markdown/docfx/): alert titles, the [!VIDEO] link, the label of a ::: zone.
docfx-note = Note
docfx-tip = Tip
docfx-important = Important
docfx-caution = Caution
docfx-warning = Warning
docfx-video = Watch the video
docfx-zone = Applies to
