// Reading tests/vectors/*.tsv from node, shared by the *_vectors.js scripts (the Rust side is
// tests/support.rs). Format: tests/vectors/README.md.
'use strict';

var fs = require('fs');
var path = require('path');

var VECTORS = path.join(__dirname, '..', 'vectors');

// Decodes \t, \n, \r, \\ and \u{HEX}, the escapes the README allows.
function unescape(cell, where) {
  return cell.replace(/\\(u\{([0-9a-fA-F]+)\}|.?)/g, function (all, escape, hex) {
    if (hex) { return String.fromCodePoint(parseInt(hex, 16)); }
    var simple = {t: '\t', n: '\n', r: '\r', '\\': '\\'}[escape];
    if (simple === undefined) { throw new Error(where + ': bad escape ' + all); }
    return simple;
  });
}

// The data rows of tests/vectors/<name> as {where, cells} with cells as written (not yet
// unescaped); checks the header and the column count; skips comments and blank lines.
function rawRows(name, header) {
  var lines = fs.readFileSync(path.join(VECTORS, name), 'utf8').split(/\r?\n/);
  if (lines[0] !== header.join('\t')) {
    throw new Error(name + ': header is ' + JSON.stringify(lines[0]));
  }
  var rows = [];
  lines.slice(1).forEach(function (text, i) {
    if (text.trim() === '' || text.charAt(0) === '#') { return; }
    var where = name + ':' + (i + 2);
    var cells = text.split('\t');
    if (cells.length !== header.length) { throw new Error(where + ': ' + cells.length + ' columns'); }
    rows.push({where: where, cells: cells});
  });
  if (rows.length === 0) { throw new Error(name + ': no vectors'); }
  return rows;
}

module.exports = {unescape: unescape, rawRows: rawRows};
