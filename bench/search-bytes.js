#!/usr/bin/env node
/*
 * Bytes a browser downloads for site search (BENCHMARKS.md, "Search"): runs static/js/search.js's
 * own query code against a built site's index, with fetch reading files and counting their sizes.
 *
 *   node bench/search-bytes.js BOOK_DIR LOCALE "first query" "later query" ...
 *
 * Prints, per query, the files fetched for it (the client caches every file it fetched) and their
 * bytes, uncompressed and gzip-compressed (what a server with compression sends).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const search = require('../static/js/search.js');

const [book, locale, ...queries] = process.argv.slice(2);
if (!book || !locale || !queries.length) {
  console.error('usage: node bench/search-bytes.js BOOK_DIR LOCALE QUERY...');
  process.exit(2);
}
let fetched = [];
global.fetch = (url) => {
  const file = path.join(book, url);
  const bytes = fs.readFileSync(file);
  fetched.push([url, bytes.length, zlib.gzipSync(bytes).length]);
  return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(JSON.parse(bytes)) });
};

(async () => {
  const index = new search.Index(`search/${locale}/`);
  for (const q of queries) {
    fetched = [];
    const result = await search.search(index, locale, q);
    await search.docs(index, result.hits.map((h) => h[0]));
    const raw = fetched.reduce((a, f) => a + f[1], 0);
    const gz = fetched.reduce((a, f) => a + f[2], 0);
    console.log(`${locale} ${JSON.stringify(q)}: ${result.total} results, ${fetched.length} files, ` +
      `${raw} bytes (${gz} gzipped)`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
