// Checks negotiate() in static/js/lang.js against tests/vectors/negotiation.tsv, the file
// tests/negotiation.rs checks fluent-langneg with. Run by that test, or directly:
//   node tests/js/negotiation_vectors.js
// Prints every mismatch and a count line; exits 1 on any mismatch.
'use strict';

var lang = require('../../static/js/lang.js');
var vectors = require('./vectors.js');
var unescape = vectors.unescape;

var HEADER = ['requested', 'available', 'default', 'expected'];

// A comma-separated cell as a list of tags; an empty cell is an empty list.
function list(cell, where) {
  return cell === '' ? [] : cell.split(',').map(function (t) { return unescape(t, where); });
}

var mismatches = [];
var checked = 0;
vectors.rawRows('negotiation.tsv', HEADER).forEach(function (row) {
  var where = row.where;
  var cells = row.cells;
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
