/*
 * tolk site search: the header's search box, reading the locale's index that the build wrote
 * (src/search/index.rs explains the files). Plain ES2019, no modules, no inline script, no
 * innerHTML: every text from the index goes into the page through textContent, so it works under
 * the strict CSP. Without JavaScript (or from file://, where fetch is refused) the box keeps its
 * `hidden` attribute and nothing changes.
 *
 * Words are folded and split as src/search/text.rs does (NFC, Turkish I/ı and İ/i, letters and
 * digits). The browser has no stemmer: a typed form is looked up among the forms the site uses
 * (each maps to its stem); an unseen form matches its longest prefix that is a stem of the site
 * (Hungarian `tűzfalakról` → `tűzfal`), and a word also finds the longer words it begins.
 *
 * Keys: `/` focuses the box, arrows move through the results, Enter opens one (in the box: the
 * first), Escape closes them.
 *
 * Required by node it is module.exports (fold, words, shardName, excerpt, Index, search, docs)
 * and touches no DOM (bench/search-bytes.js measures downloads with it).
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else if (typeof document !== 'undefined') {
    api.start(document);
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var MIN_WORD = 2;
  var MAX_RESULTS = 10;
  var WORD = /[\p{L}\p{N}]+/gu;

  function lang(locale) {
    return String(locale).split(/[-_]/)[0].toLowerCase();
  }

  function fold(locale, text) {
    var s = String(text).normalize('NFC');
    var l = lang(locale);
    if (l === 'tr' || l === 'az') {
      s = s.replace(/I/g, '\u0131').replace(/\u0130/g, 'i');
    }
    return s.toLowerCase();
  }

  function words(locale, text) {
    return (fold(locale, text).match(WORD) || []).filter(function (w) {
      return Array.from(w).length >= MIN_WORD;
    });
  }

  function shardName(term) {
    var two = Array.from(term).slice(0, 2).join('');
    var bytes = new TextEncoder().encode(two);
    return Array.from(bytes, function (b) {
      return (b < 16 ? '0' : '') + b.toString(16);
    }).join('');
  }

  function compounds(locale) {
    return ['nl', 'de', 'da', 'sv', 'nb', 'nn', 'no', 'fi', 'hu'].indexOf(lang(locale)) >= 0;
  }

  /* Pieces of `text` around the first word that `hit` accepts: [{text, mark}], at most
     `width` characters, with an ellipsis where it was cut. */
  function excerpt(locale, text, hit, width) {
    var re = new RegExp(WORD.source, 'gu');
    var found = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      if (hit(fold(locale, m[0]))) found.push([m.index, m.index + m[0].length]);
    }
    var start = 0;
    if (found.length) start = Math.max(0, found[0][0] - Math.floor(width / 3));
    if (start > 0) {
      var space = text.indexOf(' ', start);
      if (space >= 0 && space < found[0][0]) start = space + 1;
    }
    var end = Math.min(text.length, start + width);
    if (end < text.length) {
      var last = text.lastIndexOf(' ', end);
      if (last > start) end = last;
    }
    var pieces = [];
    var at = start;
    found.forEach(function (f) {
      if (f[0] < start || f[1] > end) return;
      if (f[0] > at) pieces.push({ text: text.slice(at, f[0]), mark: false });
      pieces.push({ text: text.slice(f[0], f[1]), mark: true });
      at = f[1];
    });
    if (at < end) pieces.push({ text: text.slice(at, end), mark: false });
    if (start > 0) pieces.unshift({ text: '\u2026', mark: false });
    if (end < text.length) pieces.push({ text: '\u2026', mark: false });
    return pieces;
  }

  /* The index of one locale, fetched piece by piece and kept. */
  function Index(base) {
    this.base = base;
    this.files = {};
  }
  Index.prototype.get = function (name) {
    if (!this.files[name]) {
      this.files[name] = fetch(this.base + name).then(function (r) {
        if (!r.ok) throw new Error(name + ': HTTP ' + r.status);
        return r.json();
      });
    }
    return this.files[name];
  };
  Index.prototype.shard = function (term) {
    var self = this;
    return this.get('meta.json').then(function (meta) {
      var name = shardName(term);
      if (meta.shards.indexOf(name) < 0) return { w: {}, p: {} };
      return self.get('s-' + name + '.json');
    });
  };
  Index.prototype.postings = function (stem) {
    return this.shard(stem).then(function (s) {
      return s.p[stem] || [];
    });
  };

  /* The stems a query word stands for, with a weight: [[stem, weight], ...]. */
  function stemsOf(index, word) {
    return index.shard(word).then(function (s) {
      var out = [];
      var exact = s.w[word] || (s.p[word] ? word : null);
      if (exact) {
        out.push([exact, 1]);
      } else {
        var chars = Array.from(word);
        for (var n = chars.length - 1; n >= 3; n--) {
          var prefix = chars.slice(0, n).join('');
          var stem = s.w[prefix] || (s.p[prefix] ? prefix : null);
          if (stem) {
            out.push([stem, 0.8]);
            break;
          }
        }
      }
      if (Array.from(word).length >= 3) {
        var seen = {};
        out.forEach(function (o) { seen[o[0]] = true; });
        Object.keys(s.w).concat(Object.keys(s.p)).forEach(function (k) {
          if (k !== word && k.indexOf(word) === 0) {
            var st = s.w[k] || k;
            if (!seen[st] && out.length < 40) {
              seen[st] = true;
              out.push([st, 0.5]);
            }
          }
        });
      }
      return out;
    });
  }

  /* Best documents for `query`: every word must match. Resolves to {total, hits: [[doc, score]],
     stems: [...]} */
  function search(index, locale, query) {
    var qs = words(locale, query);
    if (!qs.length) return Promise.resolve({ total: 0, hits: [], stems: [], words: [] });
    return Promise.all(qs.map(function (w) { return stemsOf(index, w); })).then(function (per) {
      var allStems = [];
      return Promise.all(per.map(function (stems) {
        return Promise.all(stems.map(function (sw) {
          allStems.push(sw[0]);
          return index.postings(sw[0]).then(function (p) { return [p, sw[1]]; });
        })).then(function (lists) {
          var scores = {};
          lists.forEach(function (l) {
            for (var i = 0; i + 1 < l[0].length; i += 2) {
              var s = l[0][i + 1] * l[1];
              if (!(scores[l[0][i]] >= s)) scores[l[0][i]] = s;
            }
          });
          return scores;
        });
      })).then(function (perWord) {
        var total = {};
        Object.keys(perWord[0]).forEach(function (doc) {
          var sum = 0;
          for (var i = 0; i < perWord.length; i++) {
            if (!(doc in perWord[i])) return;
            sum += perWord[i][doc];
          }
          total[doc] = sum;
        });
        var hits = Object.keys(total).map(function (d) { return [Number(d), total[d]]; });
        hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return { total: hits.length, hits: hits.slice(0, MAX_RESULTS), stems: allStems, words: qs };
      });
    });
  }

  function docs(index, ids) {
    return index.get('meta.json').then(function (meta) {
      return Promise.all(ids.map(function (id) {
        return index.get('d-' + Math.floor(id / meta.chunk) + '.json').then(function (rows) {
          return rows[id % meta.chunk];
        });
      }));
    });
  }

  function countText(counts, locale, n) {
    var rules = new Intl.PluralRules(locale);
    var category = rules.select(n);
    var pick = counts.filter(function (c) { return rules.select(c[0]) === category; })[0];
    var text = pick ? pick[1] : '{count}';
    return text.replace('{count}', n.toLocaleString(locale));
  }

  function start(doc) {
    var box = doc.querySelector('[data-tolk-search]');
    // Texts in another language keep their lang/dir through static/js/lang.js (loaded first).
    var Lang = doc.defaultView && doc.defaultView.TolkLang;
    // Browsers refuse fetch() of file:// URLs: from a local folder the box stays hidden.
    if (!box || !Lang || typeof fetch !== 'function' || doc.location.protocol === 'file:') return;
    var input = box.querySelector('input');
    var status = box.querySelector('[role="status"]');
    var list = box.querySelector('ol');
    var locale = doc.documentElement.lang;
    var index = new Index(box.getAttribute('data-index'));
    var siteRoot = box.getAttribute('data-root');
    var counts = [];
    try { counts = JSON.parse(box.getAttribute('data-counts')); } catch (e) { counts = []; }
    // Count texts that fall back to another locale count (plurals, digits) in its way.
    var countLocale = box.getAttribute('data-counts-lang') || locale;
    var serial = 0;
    var timer = null;
    box.hidden = false;

    function clear() {
      list.textContent = '';
      list.hidden = true;
      status.textContent = '';
    }

    function render(result, rows) {
      list.textContent = '';
      var prefixes = result.stems.concat(result.words);
      var split = compounds(locale);
      var hit = function (w) {
        return prefixes.some(function (p) {
          return w.indexOf(p) === 0 || (split && p.length >= 4 && w.indexOf(p) > 0);
        });
      };
      rows.forEach(function (row) {
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = siteRoot + row[0] + 'index.html';
        a.className = 'search-hit';
        var title = doc.createElement('span');
        title.className = 'search-title';
        title.textContent = row[1];
        var crumb = doc.createElement('span');
        crumb.className = 'search-crumb';
        Lang.setText(crumb, row[2]); // marked when it is another locale's word
        var text = doc.createElement('span');
        text.className = 'search-excerpt';
        excerpt(locale, row[4], hit, 180).forEach(function (p) {
          if (p.mark) {
            var mark = doc.createElement('mark');
            mark.textContent = p.text;
            text.appendChild(mark);
          } else {
            text.appendChild(doc.createTextNode(p.text));
          }
        });
        a.appendChild(crumb);
        a.appendChild(title);
        if (row[3] !== locale) {
          // Another locale's text (a stand-in page): its title and excerpt are in its words.
          [title, text].forEach(function (el) {
            el.lang = row[3];
            el.dir = 'auto';
          });
          var label = doc.createElement('span');
          label.className = 'search-lang';
          Lang.setText(label, Lang.attr(box, 'data-source-language'));
          a.appendChild(label);
        }
        a.appendChild(text);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = rows.length === 0;
      Lang.setText(status, result.total === 0
        ? Lang.attr(box, 'data-no-results')
        : Lang.attr(box, 'data-counts', countText(counts, countLocale, result.total)));
    }

    function run() {
      var query = input.value;
      var mine = ++serial;
      if (!words(locale, query).length) {
        clear();
        return;
      }
      search(index, locale, query).then(function (result) {
        return docs(index, result.hits.map(function (h) { return h[0]; })).then(function (rows) {
          if (mine === serial) render(result, rows);
        });
      }).catch(function (e) {
        if (mine === serial) Lang.setText(status, Lang.attr(box, 'data-no-results'));
        if (typeof console !== 'undefined') console.warn('search: ' + e.message);
      });
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll('a'));
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener('keydown', function (e) {
      var all = links();
      if (e.key === 'ArrowDown' && all.length) {
        e.preventDefault();
        all[0].focus();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        if (all.length) all[0].click();
      } else if (e.key === 'Escape') {
        input.value = '';
        clear();
      }
    });
    list.addEventListener('keydown', function (e) {
      var all = links();
      var at = all.indexOf(doc.activeElement);
      if (e.key === 'ArrowDown' && at >= 0) {
        e.preventDefault();
        all[Math.min(all.length - 1, at + 1)].focus();
      } else if (e.key === 'ArrowUp' && at >= 0) {
        e.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      } else if (e.key === 'Escape') {
        input.focus();
        clear();
      }
    });
    doc.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      var tag = t && t.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) {
        return;
      }
      e.preventDefault();
      input.focus();
    });
  }

  return {
    fold: fold,
    words: words,
    shardName: shardName,
    excerpt: excerpt,
    Index: Index,
    search: search,
    docs: docs,
    start: start
  };
});
