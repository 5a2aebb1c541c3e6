// Checks negotiate() in static/js/lang.js against tests/vectors/negotiation.tsv, the file
// tests/negotiation.rs checks fluent-langneg with. Run by that test, or directly:
//   node tests/js/negotiation_vectors.js
// Prints every mismatch and a count line; exits 1 on any mismatch.
'use strict';

var fs = require('fs');
var path = require('path');
var lang = require('../../static/js/lang.js');

var FILE = path.join(__dirname, '..', 'vectors', 'negotiation.tsv');
var HEADER = ['requested', 'available', 'default', 'expected'];

// Decodes \t, \n, \r, \\ and \u{HEX}, the escapes tests/vectors/README.md allows.
function unescape(cell, where) {
  return cell.replace(/\\(u\{([0-9a-fA-F]+)\}|.?)/g, function (all, escape, hex) {
    if (hex) { return String.fromCodePoint(parseInt(hex, 16)); }
    var simple = {t: '\t', n: '\n', r: '\r', '\\': '\\'}[escape];
    if (simple === undefined) { throw new Error(where + ': bad escape ' + all); }
    return simple;
  });
}

// A comma-separated cell as a list of tags; an empty cell is an empty list.
function list(cell, where) {
  return cell === '' ? [] : cell.split(',').map(function (t) { return unescape(t, where); });
}

var lines = fs.readFileSync(FILE, 'utf8').split(/\r?\n/);
if (lines[0] !== HEADER.join('\t')) {
  throw new Error('negotiation.tsv: header is ' + JSON.stringify(lines[0]));
}
var mismatches = [];
var checked = 0;
lines.slice(1).forEach(function (text, i) {
  if (text.trim() === '' || text.charAt(0) === '#') { return; }
  var where = 'negotiation.tsv:' + (i + 2);
  var cells = text.split('\t');
  if (cells.length !== HEADER.length) { throw new Error(where + ': ' + cells.length + ' columns'); }
  var requested = list(cells[0], where);
  var available = list(cells[1], where);
  var defaultLocale = cells[2] === '-' ? null : unescape(cells[2], where);
  var want = cells[3] === '-' ? [] : list(cells[3], where);
  var got = lang.negotiate(requested, available, defaultLocale);
  checked += 1;
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    mismatches.push(where + ': ' + JSON.stringify(requested) + ' x ' + JSON.stringify(available) +
      ' default ' + JSON.stringify(defaultLocale) + ': want ' + JSON.stringify(want) +
      ', got ' + JSON.stringify(got));
  }
});
if (checked === 0) { throw new Error('negotiation.tsv: no vectors'); }

mismatches.forEach(function (m) { console.log('MISMATCH ' + m); });
console.log('checked ' + checked + ' vectors, ' + mismatches.length + ' mismatches');
process.exitCode = mismatches.length ? 1 : 0;
