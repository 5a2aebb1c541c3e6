// Checks static/js/rules.js against the shared vectors in tests/vectors/ (see its README), the
// same files tests/rules.rs checks the Rust rules with. Run by that test, or directly:
//   node tests/js/rules_vectors.js
// Prints every mismatch and a count line; exits 1 on any mismatch.
'use strict';

var fs = require('fs');
var path = require('path');
var rules = require('../../static/js/rules.js');

var VECTORS = path.join(__dirname, '..', 'vectors');
var mismatches = [];
var checked = 0;

// Decodes \t, \n, \r, \\ and \u{HEX}, the escapes the README allows.
function unescape(cell, where) {
  return cell.replace(/\\(u\{([0-9a-fA-F]+)\}|.?)/g, function (all, escape, hex) {
    if (hex) { return String.fromCodePoint(parseInt(hex, 16)); }
    var simple = {t: '\t', n: '\n', r: '\r', '\\': '\\'}[escape];
    if (simple === undefined) { throw new Error(where + ': bad escape ' + all); }
    return simple;
  });
}

// The data rows of a vector file as {line, cells}; checks the header.
function readVectors(name, header) {
  var lines = fs.readFileSync(path.join(VECTORS, name), 'utf8').split(/\r?\n/);
  if (lines[0] !== header.join('\t')) {
    throw new Error(name + ': header is ' + JSON.stringify(lines[0]));
  }
  var rows = [];
  lines.slice(1).forEach(function (text, i) {
    if (text.trim() === '' || text.charAt(0) === '#') { return; }
    var where = name + ':' + (i + 2);
    var cells = text.split('\t').map(function (c) { return unescape(c, where); });
    if (cells.length !== header.length) { throw new Error(where + ': ' + cells.length + ' columns'); }
    rows.push({where: where, cells: cells});
  });
  if (rows.length === 0) { throw new Error(name + ': no vectors'); }
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
checkScores('cvss_valid.tsv', ['vector', 'base_score', 'severity', 'normalized']);

readVectors('cvss_invalid.tsv', ['vector', 'code', 'metric']).forEach(function (row) {
  var result = rules.parseCvss(row.cells[0]);
  compare(row, result.ok
    ? ['accepted as ' + result.vector.normalized]
    : [result.error.code, result.error.metric === null ? '-' : result.error.metric]);
});

readVectors('cvss_roundup.tsv', ['value', 'v3.0', 'v3.1']).forEach(function (row) {
  var value = Number(row.cells[0]);
  compare(row, ['3.0', '3.1'].map(function (v) { return String(rules.cvssRoundUp(v, value)); }));
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
