// Checks static/js/rules.js against the shared vectors in tests/vectors/ (see its README), the
// same files tests/rules.rs checks the Rust rules with. Run by that test, or directly:
//   node tests/js/rules_vectors.js
// Prints every mismatch and a count line; exits 1 on any mismatch.
'use strict';

var rules = require('../../static/js/rules.js');
var vectors = require('./vectors.js');

var mismatches = [];
var checked = 0;

// The data rows of a vector file as {line, cells}; checks the header.
function readVectors(name, header) {
  var rows = vectors.rawRows(name, header).map(function (row) {
    return {where: row.where, cells: row.cells.map(function (c) { return vectors.unescape(c, row.where); })};
  });
  console.log(name + ': ' + rows.length);
  return rows;
}

// Records a mismatch unless got equals the expected cells (all but the first).
function compare(row, got) {
  checked += 1;
  var want = row.cells.slice(1);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    mismatches.push(row.where + ': ' + JSON.stringify(row.cells[0]) + ': want ' +
      JSON.stringify(want) + ', got ' + JSON.stringify(got));
  }
}

function checkScores(name, header) {
  readVectors(name, header).forEach(function (row) {
    var result = rules.parseCvss(row.cells[0]);
    if (!result.ok) {
      compare(row, ['error ' + result.error.code + ': ' + result.error.message]);
      return;
    }
    var got = [result.vector.baseScore.toFixed(1), result.vector.severity];
    if (header.length > 3) { got.push(result.vector.normalized); }
    compare(row, got);
  });
}

checkScores('cvss_base_scores.tsv', ['vector', 'base_score', 'severity']);
checkScores('cvss4_scores.tsv', ['vector', 'score', 'severity']);
checkScores('cvss_valid.tsv', ['vector', 'base_score', 'severity', 'normalized']);

readVectors('cvss_invalid.tsv', ['vector', 'code', 'metric']).forEach(function (row) {
  var result = rules.parseCvss(row.cells[0]);
  compare(row, result.ok
    ? ['accepted as ' + result.vector.normalized]
    : [result.error.code, result.error.metric === null ? '-' : result.error.metric]);
});

readVectors('cvss_roundup.tsv', ['value', 'v3.0', 'v3.1', 'v4.0']).forEach(function (row) {
  var value = Number(row.cells[0]);
  compare(row, ['3.0', '3.1', '4.0'].map(function (v) { return String(rules.cvssRoundUp(v, value)); }));
});

readVectors('cve.tsv', ['input', 'ids', 'errors']).forEach(function (row) {
  var result = rules.parseCveList(row.cells[0]);
  var join = function (items) { return items.length ? items.join(' ') : '-'; };
  compare(row, result.ok
    ? [join(result.ids), '-']
    : ['-', join(result.errors.map(function (e) { return e.code + '@' + e.charStart; }))]);
});

mismatches.forEach(function (m) { console.log('MISMATCH ' + m); });
console.log('checked ' + checked + ' vectors, ' + mismatches.length + ' mismatches');
process.exitCode = mismatches.length ? 1 : 0;
