// Checks Intl.DateTimeFormat, with the options a page script would use for a date the build
// writes ({dateStyle: 'long', calendar: 'gregory'}), against tests/vectors/dates.tsv, the file
// tests/dates.rs checks src/dates.rs (ICU4X) with. Run by that test, or directly:
//   node tests/js/date_vectors.js
// Prints every mismatch and a count line; exits 1 on any mismatch.
'use strict';

var vectors = require('./vectors.js');

var HEADER = ['locale', 'numbering', 'date', 'expected'];

var mismatches = [];
var checked = 0;
vectors.rawRows('dates.tsv', HEADER).forEach(function (row) {
  var c = row.cells.map(function (cell) { return vectors.unescape(cell, row.where); });
  var tag = c[1] === '-' ? c[0] : c[0] + '-u-nu-' + c[1];
  var ymd = c[2].split('-').map(Number);
  var date = new Date(Date.UTC(ymd[0], ymd[1] - 1, ymd[2]));
  var got = new Intl.DateTimeFormat(tag, {dateStyle: 'long', calendar: 'gregory', timeZone: 'UTC'})
    .format(date);
  checked += 1;
  if (got !== c[3]) {
    mismatches.push(row.where + ': ' + tag + ' ' + c[2] + ': want ' + JSON.stringify(c[3]) +
      ', got ' + JSON.stringify(got));
  }
});

mismatches.forEach(function (m) { console.log('MISMATCH ' + m); });
console.log('checked ' + checked + ' vectors, ' + mismatches.length + ' mismatches');
process.exitCode = mismatches.length ? 1 : 0;
