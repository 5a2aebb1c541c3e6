/*
 * tolk language choice: sends a reader from the site's root page to the best locale, and
 * remembers a language the reader picked so that it wins over the browser's on later visits.
 *
 * The browser twin of the fluent-langneg 0.14 negotiation the Rust side uses
 * (`negotiate_languages(requested, available, Some(default), NegotiationStrategy::Filtering)`);
 * both are tested against tests/vectors/negotiation.tsv. Plain ES2019, no modules, no inline
 * script (strict CSP): loaded with <script src defer> it defines window.TolkLang; required by
 * node it is module.exports and touches no DOM.
 *
 * DOM contract:
 *   a[data-tolk-locale="nl-NL"]   anywhere: a click stores "nl-NL" in localStorage "tolk-locale".
 *   <html data-tolk-root          the root page only: redirect from here.
 *         data-tolk-locales="en-US nl-NL hu-HU tr-TR"   space-separated, the site's locales.
 *         data-tolk-default="en-US">                    appended by the negotiation if missing.
 *   On the root page the target is the href of the first a[data-tolk-locale] whose tag equals
 *   (after canonicalization) the chosen locale: the HTML decides URLs, this script only chooses.
 *
 * Text in another language (src/bidi.rs): a message the page's locale lacks is shown in the
 * fallback locale's words, and must say so with lang/dir around it. The build marks it: in
 * text with <span lang dir>, in a data-* attribute with data-*-lang and data-*-dir beside it.
 * A script reads such text with attr()/content() as a "marked string" (the text with its runs
 * between U+FDD0 "lang dir" U+FDD1 ... U+FDD2, the build's own markers), may fill placeholders
 * in it as in any string, and shows it with setText(), which wraps each run in
 * <span lang dir>; plain() drops the marks where no markup can go (document.title, <textarea>).
 *
 * API:
 *   attr(element, name[, text]) -> marked string: the attribute (or `text` instead of its
 *     value) marked with the language its -lang/-dir companions name, if any.
 *   content(element) -> marked string of the element's text, [lang][dir] descendants marked.
 *   setText(element, marked), append(element, marked), plain(marked) -> text
 *   langOf(marked) -> the language of a string that is all one marked run, else null
 *   negotiate(requested, available, defaultLocale) -> [canonical tags]
 *     The full Filtering result. Tags that do not parse are skipped, as the Rust side skips
 *     them; a default that does not parse is not appended.
 *   canonicalize(tag) -> "nl-NL" | null
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.TolkLang = api;
    api.start(root);
  }
}(this, function () {
  'use strict';

  var STORAGE_KEY = 'tolk-locale';

  // fluent-langneg 0.14's own small likely-subtags table (src/negotiate/likely_subtags.rs),
  // not CLDR's: whole-tag replacements first, then a region per language. Note "sr" goes to
  // SR (Suriname), "cs" to CS, and "hu" and "tr" are absent: that is the crate's data.
  var LIKELY_WHOLE = {
    en: ['en', 'Latn', 'US'],
    fr: ['fr', 'Latn', 'FR'],
    sr: ['sr', 'Cyrl', 'SR'],
    'sr-RU': ['sr', 'Latn', 'SR'],
    'az-IR': ['az', 'Arab', 'IR'],
    'zh-GB': ['zh', 'Hant', 'GB'],
    'zh-US': ['zh', 'Hant', 'US']
  };
  var LIKELY_REGION = {
    az: 'AZ', bg: 'BG', cs: 'CS', de: 'DE', es: 'ES', fi: 'FI', fr: 'FR', it: 'IT',
    lt: 'LT', lv: 'LV', nl: 'NL', nu: 'NU', pl: 'PL', ro: 'RO', ru: 'RU'
  };

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // A language identifier as {language ('' for und), script, region, variants (sorted)}, or
  // null. The grammar is icu_locid 1.5's, the parser of fluent-langneg 0.14 (unic-langid 0.9,
  // the site's other type, accepts a superset): the language has 2-3 letters, "_" separates
  // like "-", a repeated variant is an error, and so are extensions and private use ("-u-",
  // "-x-"): browsers send none of these, and anything unparsable is skipped, not guessed at.
  function parseTag(tag) {
    if (typeof tag !== 'string') { return null; }
    var parts = tag.split(/[-_]/);
    if (!/^[A-Za-z]{2,3}$/.test(parts[0])) { return null; }
    var language = parts[0].toLowerCase();
    var id = {language: language === 'und' ? '' : language, script: null, region: null, variants: []};
    var position = 1; // 1: script may follow, 2: region may follow, 3: only variants
    for (var i = 1; i < parts.length; i += 1) {
      var part = parts[i];
      if (position === 1 && /^[A-Za-z]{4}$/.test(part)) {
        id.script = part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
        position = 2;
      } else if (position <= 2 && /^(?:[A-Za-z]{2}|[0-9]{3})$/.test(part)) {
        id.region = part.toUpperCase();
        position = 3;
      } else if (/^(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3})$/.test(part)) {
        var variant = part.toLowerCase();
        if (id.variants.indexOf(variant) >= 0) { return null; }
        id.variants.push(variant);
        position = 3;
      } else {
        return null;
      }
    }
    id.variants.sort();
    return id;
  }

  function toTag(id) {
    var parts = [id.language || 'und'];
    if (id.script) { parts.push(id.script); }
    if (id.region) { parts.push(id.region); }
    return parts.concat(id.variants).join('-');
  }

  function canonicalize(tag) {
    var id = parseTag(tag);
    return id ? toTag(id) : null;
  }

  // A subtag matches if equal, or if it is absent on a side that is treated as a range.
  function subtagMatches(a, b, aRange, bRange) {
    return (aRange && !a) || (bRange && !b) || a === b;
  }

  function matches(a, b, aRange, bRange) {
    return subtagMatches(a.language, b.language, aRange, bRange) &&
      subtagMatches(a.script, b.script, aRange, bRange) &&
      subtagMatches(a.region, b.region, aRange, bRange) &&
      ((aRange && a.variants.length === 0) || (bRange && b.variants.length === 0) ||
        a.variants.join('-') === b.variants.join('-'));
  }

  // Adds likely subtags in place, as the crate's mock expander does; true if it changed id.
  // A whole-tag entry replaces language, script and region; the per-language fallback only
  // overwrites the region (so "nl-BE" becomes "nl-NL").
  function maximize(id) {
    var tag = toTag(id);
    if (has(LIKELY_WHOLE, tag)) {
      var likely = LIKELY_WHOLE[tag];
      id.language = likely[0];
      id.script = likely[1];
      id.region = likely[2];
      return true;
    }
    if (has(LIKELY_REGION, id.language)) {
      id.region = LIKELY_REGION[id.language];
      return true;
    }
    return false;
  }

  // fluent-langneg's filter_matches with the Filtering strategy: for each requested locale in
  // order, six ever looser tests; each moves every available locale it matches (in
  // available order) to the result, so no locale is returned twice.
  function filterMatches(requested, available) {
    var remaining = available.slice();
    var supported = [];
    function test(req, availableAsRange, requestedAsRange) {
      remaining = remaining.filter(function (locale) {
        if (!matches(locale, req, availableAsRange, requestedAsRange)) { return true; }
        supported.push(locale);
        return false;
      });
    }
    requested.forEach(function (original) {
      test(original, false, false); // 1) exact
      test(original, true, false); // 2) available locale as a range
      if (original.language === '') { return; } // TR35: no likely subtags for "und"
      var req = {language: original.language, script: original.script,
        region: original.region, variants: original.variants.slice()};
      if (maximize(req)) { test(req, true, false); } // 3) maximized request
      req.variants = [];
      test(req, true, true); // 4) any variant
      req.region = null;
      if (maximize(req)) { test(req, true, false); } // 5) likely region instead of its own
      req.region = null;
      test(req, true, true); // 6) any region
    });
    return supported;
  }

  function parseAll(tags) {
    return (Array.isArray(tags) ? tags : []).map(parseTag).filter(function (id) {
      return id !== null;
    });
  }

  function negotiate(requested, available, defaultLocale) {
    var result = filterMatches(parseAll(requested), parseAll(available)).map(toTag);
    var fallback = canonicalize(defaultLocale);
    if (fallback !== null && result.indexOf(fallback) < 0) { result.push(fallback); }
    return result;
  }

  function readStoredChoice(win) {
    try {
      return win.localStorage.getItem(STORAGE_KEY);
    } catch (e) {
      return null; // storage disabled or blocked: behave as if nothing was chosen
    }
  }

  function storeChoice(win, tag) {
    try {
      win.localStorage.setItem(STORAGE_KEY, tag);
    } catch (e) {
      // Storage disabled or full: the link still works, the choice is just not remembered.
    }
  }

  function browserLanguages(nav) {
    if (!nav) { return []; }
    if (Array.isArray(nav.languages) && nav.languages.length > 0) { return nav.languages; }
    return typeof nav.language === 'string' ? [nav.language] : [];
  }

  // The canonical tag the root page should open: the stored choice if it is one of the
  // site's locales, else the best negotiated one; null if there is nothing to choose.
  function chooseLocale(html, stored, languages) {
    var locales = (html.getAttribute('data-tolk-locales') || '').split(/\s+/)
      .map(canonicalize).filter(function (tag) { return tag !== null; });
    var choice = canonicalize(stored);
    if (choice !== null && locales.indexOf(choice) >= 0) { return choice; }
    var best = negotiate(languages, locales, html.getAttribute('data-tolk-default'));
    return best.length > 0 ? best[0] : null;
  }

  function linkFor(doc, tag) {
    var links = doc.querySelectorAll('a[data-tolk-locale]');
    for (var i = 0; i < links.length; i += 1) {
      if (canonicalize(links[i].getAttribute('data-tolk-locale')) === tag) { return links[i]; }
    }
    return null;
  }

  function redirectFromRoot(win) {
    var doc = win.document;
    var html = doc.documentElement;
    if (!html || !html.hasAttribute('data-tolk-root')) { return; }
    var tag = chooseLocale(html, readStoredChoice(win), browserLanguages(win.navigator));
    var link = tag === null ? null : linkFor(doc, tag);
    if (link && link.href) { win.location.replace(link.href); }
  }

  function rememberClickedLocale(win, event) {
    var target = event.target;
    if (!target || typeof target.closest !== 'function') { return; }
    var link = target.closest('a[data-tolk-locale]');
    if (link) { storeChoice(win, link.getAttribute('data-tolk-locale')); }
  }

  /* ---------------------------------------------------------- text in another language */

  var OPEN = '\uFDD0';
  var SEP = '\uFDD1';
  var CLOSE = '\uFDD2';
  var MARKS = /[\uFDD0-\uFDD2]/g;

  function mark(lang, dir, text) {
    return lang && (dir === 'ltr' || dir === 'rtl') ? OPEN + lang + ' ' + dir + SEP + text + CLOSE : text;
  }

  function attr(element, name, text) {
    var value = typeof text === 'string' ? text : element.getAttribute(name);
    if (value === null) { return null; }
    return mark(element.getAttribute(name + '-lang'), element.getAttribute(name + '-dir'), value);
  }

  function content(element) {
    return Array.prototype.map.call(element.childNodes, function (node) {
      if (node.nodeType === 3) { return node.data.replace(MARKS, ''); }
      if (node.nodeType !== 1) { return ''; }
      return mark(node.getAttribute('lang'), node.getAttribute('dir'), content(node));
    }).join('');
  }

  // The language of a marked string that is one run from start to end, else null: a number
  // put into such a text is written that language's way.
  function langOf(marked) {
    var m = /^\uFDD0([^ \uFDD1]+) [^\uFDD1]*\uFDD1[^]*\uFDD2$/.exec(String(marked));
    return m ? m[1] : null;
  }

  function plain(marked) {
    return String(marked).replace(/\uFDD0[^\uFDD1\uFDD2]*\uFDD1/g, '').replace(MARKS, '');
  }

  // Appends `marked` to the element: text nodes, each marked run in a <span lang dir>.
  function append(element, marked) {
    var doc = element.ownerDocument;
    var stack = [element];
    String(marked).split(/(\uFDD0[^\uFDD1\uFDD2]*\uFDD1|\uFDD2)/).forEach(function (piece) {
      var top = stack[stack.length - 1];
      if (piece === CLOSE) {
        if (stack.length > 1) { stack.pop(); }
      } else if (piece.charAt(0) === OPEN) {
        var header = piece.slice(1, -1).split(' ');
        var span = doc.createElement('span');
        span.setAttribute('lang', header[0]);
        span.setAttribute('dir', header[1] === 'rtl' ? 'rtl' : 'ltr');
        top.appendChild(span);
        stack.push(span);
      } else if (piece !== '') {
        top.appendChild(doc.createTextNode(piece));
      }
    });
  }

  // Replaces the element's content with `marked`.
  function setText(element, marked) {
    element.textContent = '';
    append(element, marked);
  }

  // Browser entry point: called once when the script runs (deferred, so the DOM is parsed).
  function start(win) {
    if (!win || !win.document) { return; }
    win.document.addEventListener('click', function (event) {
      rememberClickedLocale(win, event);
    }, true);
    redirectFromRoot(win);
  }

  return {
    STORAGE_KEY: STORAGE_KEY,
    canonicalize: canonicalize,
    negotiate: negotiate,
    attr: attr,
    content: content,
    plain: plain,
    langOf: langOf,
    append: append,
    setText: setText,
    start: start
  };
}));
