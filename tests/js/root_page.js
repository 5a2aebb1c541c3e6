// Checks the browser half of static/js/lang.js: the root page's redirect and the remembered
// choice. Each case runs the script as a browser would (a classic script whose `this` is the
// window, no `module`) in a fresh node vm context holding a small fake window and DOM with
// only what the DOM contract names. Run by tests/negotiation.rs, or directly:
//   node tests/js/root_page.js
// Prints every failure and a count line; exits 1 on any failure.
'use strict';

var fs = require('fs');
var path = require('path');
var vm = require('vm');

var SOURCE = fs.readFileSync(path.join(__dirname, '..', '..', 'static', 'js', 'lang.js'), 'utf8');
var LINK_SELECTOR = 'a[data-tolk-locale]';
var SITE = {
  root: true,
  locales: 'en-US nl-NL hu-HU tr-TR',
  default: 'en-US',
  links: [['en-US', '/en-US/'], ['nl-NL', '/nl-NL/'], ['hu-HU', '/hu-HU/'], ['tr-TR', '/tr-TR/']]
};

function element(attributes, parent) {
  return {
    attributes: attributes,
    getAttribute: function (name) {
      return Object.prototype.hasOwnProperty.call(attributes, name) ? attributes[name] : null;
    },
    hasAttribute: function (name) { return Object.prototype.hasOwnProperty.call(attributes, name); },
    closest: function (selector) {
      if (selector !== LINK_SELECTOR) { throw new Error('unexpected selector ' + selector); }
      if (this.getAttribute('data-tolk-locale') !== null) { return this; }
      return parent ? parent.closest(selector) : null;
    }
  };
}

// storage: 'ok', 'throws' (every call throws) or 'blocked' (reading window.localStorage throws).
function storageFor(kind, items) {
  return {
    getItem: function (key) {
      if (kind === 'throws') { throw new Error('SecurityError'); }
      return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null;
    },
    setItem: function (key, value) {
      if (kind === 'throws') { throw new Error('QuotaExceededError'); }
      items[key] = String(value);
    }
  };
}

// A page built from `page` (see SITE), run with lang.js; returns what a test inspects.
function load(page, nav, stored, storageKind) {
  var attributes = {};
  if (page.root) { attributes['data-tolk-root'] = ''; }
  if (page.locales !== undefined) { attributes['data-tolk-locales'] = page.locales; }
  if (page.default !== undefined) { attributes['data-tolk-default'] = page.default; }
  var links = page.links.map(function (pair) {
    var link = element({'data-tolk-locale': pair[0], href: pair[1]});
    link.href = 'https://docs.example' + pair[1];
    return link;
  });
  var items = stored === null ? {} : {'tolk-locale': stored};
  var page_ = {replaced: [], listeners: [], items: items, links: links};
  var document = {
    documentElement: element(attributes),
    querySelectorAll: function (selector) {
      if (selector !== LINK_SELECTOR) { throw new Error('unexpected selector ' + selector); }
      return links;
    },
    addEventListener: function (type, listener, capture) {
      page_.listeners.push({type: type, listener: listener, capture: capture});
    }
  };
  var window = {
    document: document,
    navigator: nav,
    location: {replace: function (href) { page_.replaced.push(href); }}
  };
  var storage = storageFor(storageKind || 'ok', items);
  Object.defineProperty(window, 'localStorage', {
    get: function () {
      if (storageKind === 'blocked') { throw new Error('SecurityError'); }
      return storage;
    }
  });
  window.window = window;
  vm.runInNewContext(SOURCE, window, {filename: 'static/js/lang.js'});
  page_.window = window;
  page_.click = function (target) {
    page_.listeners.forEach(function (l) {
      if (l.type === 'click') { l.listener({target: target}); }
    });
  };
  return page_;
}

var failures = [];
var checked = 0;
function check(name, got, want) {
  checked += 1;
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    failures.push(name + ': want ' + JSON.stringify(want) + ', got ' + JSON.stringify(got));
  }
}
function redirect(name, nav, stored, want, storageKind, page) {
  var loaded = load(page || SITE, nav, stored, storageKind);
  check(name, loaded.replaced, want === null ? [] : ['https://docs.example' + want]);
}

// Negotiation from the browser's languages.
redirect('browser nl-BE,en', {languages: ['nl-BE', 'en']}, null, '/nl-NL/');
redirect('browser en-GB,nl-NL', {languages: ['en-GB', 'nl-NL']}, null, '/en-US/');
redirect('browser tr', {languages: ['tr']}, null, '/tr-TR/');
redirect('browser de-AT falls back to default', {languages: ['de-AT']}, null, '/en-US/');
redirect('empty languages use navigator.language', {languages: [], language: 'hu-HU'}, null, '/hu-HU/');
redirect('no languages at all use the default', {}, null, '/en-US/');
redirect('malformed languages are skipped', {languages: ['*', 'nl_nl']}, null, '/nl-NL/');

// A stored choice wins, if it is one of the site's locales.
redirect('stored hu-HU beats browser nl', {languages: ['nl']}, 'hu-HU', '/hu-HU/');
redirect('stored choice in another case', {languages: ['tr']}, 'NL_nl', '/nl-NL/');
redirect('stored de-DE is not a site locale', {languages: ['tr']}, 'de-DE', '/tr-TR/');
redirect('stored garbage', {languages: ['tr']}, '{"x":1}', '/tr-TR/');
redirect('storage throws', {languages: ['nl']}, 'hu-HU', '/nl-NL/', 'throws');
redirect('storage blocked', {languages: ['nl']}, 'hu-HU', '/nl-NL/', 'blocked');

// Only the root page redirects, and only to a link the page has.
var notRoot = {root: false, locales: SITE.locales, default: 'en-US', links: SITE.links};
redirect('not the root page', {languages: ['nl']}, 'hu-HU', null, 'ok', notRoot);
var noLink = {root: true, locales: 'nl-NL hu-HU', default: 'de-DE', links: SITE.links};
redirect('default without a link stays', {languages: ['fr']}, null, null, 'ok', noLink);
var oddLink = {root: true, locales: 'en-US nl-NL', default: 'en-US', links: [['nl_nl', '/nl/']]};
redirect('link tag compared canonically', {languages: ['nl']}, null, '/nl/', 'ok', oddLink);
var noLocales = {root: true, links: SITE.links};
redirect('no data-tolk-locales, no default', {languages: ['nl']}, null, null, 'ok', noLocales);

// Clicks on language links store the choice, on any page.
var page = load(notRoot, {languages: ['en']}, null);
check('one capturing click listener', page.listeners.map(function (l) { return [l.type, l.capture]; }),
  [['click', true]]);
page.click(element({}, page.links[3]));
check('click inside tr-TR link stores it', page.items['tolk-locale'], 'tr-TR');
page.click(element({}));
check('click elsewhere keeps it', page.items['tolk-locale'], 'tr-TR');
page.click({});
check('click on a non-element target keeps it', page.items['tolk-locale'], 'tr-TR');
page.click(page.links[1]);
check('click on nl-NL link stores it', page.items['tolk-locale'], 'nl-NL');
var throwing = load(notRoot, {languages: ['en']}, null, 'throws');
var error = null;
try { throwing.click(throwing.links[1]); } catch (e) { error = String(e); }
check('click with failing storage does not throw', error, null);

// The browser global, and no side effects when required by node.
check('window.TolkLang.negotiate', typeof page.window.TolkLang.negotiate, 'function');
var exported = require('../../static/js/lang.js');
check('module.exports.negotiate', exported.negotiate(['nl'], ['en-US', 'nl-NL'], 'en-US'),
  ['nl-NL', 'en-US']);
check('no global TolkLang in node', typeof global.TolkLang, 'undefined');

failures.forEach(function (f) { console.log('FAIL ' + f); });
console.log('checked ' + checked + ' root-page cases, ' + failures.length + ' failures');
process.exitCode = failures.length ? 1 : 0;
