// Checks static/js/ticket.js against the ticket vectors in tests/vectors/tickets/, the same files
// tests/form/vectors.rs checks the Rust validator with. The rules object is the one the build
// generates from form.yaml; tests/form/vectors.rs writes it to a file and runs:
//   node tests/js/ticket_vectors.js <rules.json>
// Prints every mismatch and a count line; exits 1 on any mismatch.
'use strict';

var fs = require('fs');
var path = require('path');
var ticket = require('../../static/js/ticket.js');

var rules = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
var DIR = path.join(__dirname, '..', 'vectors', 'tickets');
var mismatches = [];
var counts = {tickets: 0, collect: 0};

// JSON with object keys sorted, so key order does not matter (Rust sorts, JS keeps insertion).
function canonical(value) {
  if (Array.isArray(value)) { return '[' + value.map(canonical).join(',') + ']'; }
  if (value !== null && typeof value === 'object') {
    return '{' + Object.keys(value).sort().map(function (k) {
      return JSON.stringify(k) + ':' + canonical(value[k]);
    }).join(',') + '}';
  }
  return JSON.stringify(value);
}

function compare(where, what, want, got) {
  if (canonical(want) !== canonical(got)) {
    mismatches.push(where + ': ' + what + ': want ' + canonical(want) + ', got ' + canonical(got));
  }
}

fs.readdirSync(DIR).filter(function (f) { return f.slice(-5) === '.json'; }).sort()
  .forEach(function (file) {
    var data = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
    (data.tickets || []).forEach(function (c) {
      var where = file + ': ' + c.name;
      var errors = ticket.validateTicket(rules, c.ticket);
      compare(where, 'errors', c.errors, errors);
      if (c.normalized !== undefined && errors.length === 0) {
        compare(where, 'normalized', c.normalized, ticket.normalize(rules, c.ticket));
      }
      counts.tickets += 1;
    });
    (data.collect || []).forEach(function (c) {
      var where = file + ': ' + c.name;
      compare(where, 'ticket', c.ticket, ticket.collect(rules, c.raw, c.locale));
      counts.collect += 1;
    });
  });

mismatches.forEach(function (m) { console.log(m); });
console.log('checked ' + counts.tickets + ' tickets and ' + counts.collect + ' collect cases, ' +
  mismatches.length + ' mismatches');
process.exit(mismatches.length === 0 ? 0 : 1);
