// Checks Intl.NumberFormat, as static/js/form.js calls it, against tests/vectors/numbers.tsv,
// the file tests/numbers.rs checks src/numbers.rs (ICU4X) with. Run by that test, or directly:
//   node tests/js/number_vectors.js
// Prints every mismatch and a count line; exits 1 on any mismatch.
'use strict';

var vectors = require('./vectors.js');

var HEADER = ['locale', 'numbering', 'kind', 'number', 'expected'];
var OPTIONS = {
  grouped: {},
  digits: {useGrouping: false},
  decimal: {minimumFractionDigits: 1, maximumFractionDigits: 1}
};

var mismatches = [];
var checked = 0;
vectors.rawRows('numbers.tsv', HEADER).forEach(function (row) {
  var c = row.cells.map(function (cell) { return vectors.unescape(cell, row.where); });
  var tag = c[1] === '-' ? c[0] : c[0] + '-u-nu-' + c[1];
  var options = OPTIONS[c[2]];
  if (!options) { throw new Error(row.where + ': unknown kind ' + c[2]); }
  var got = new Intl.NumberFormat(tag, options).format(Number(c[3]));
  checked += 1;
  if (got !== c[4]) {
    mismatches.push(row.where + ': ' + tag + ' ' + c[2] + ' ' + c[3] + ': want ' +
      JSON.stringify(c[4]) + ', got ' + JSON.stringify(got));
  }
});
if (checked === 0) { throw new Error('numbers.tsv: no vectors'); }

mismatches.forEach(function (m) { console.log('MISMATCH ' + m); });
console.log('checked ' + checked + ' vectors, ' + mismatches.length + ' mismatches');
process.exitCode = mismatches.length ? 1 : 0;
