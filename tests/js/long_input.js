// Long whitespace is handled in linear time (issue 16): 100,000 pasted spaces once froze the tab
// for seconds in the trim regex of static/js/ticket.js and rules.js. Runs every text path the
// form takes on such input and fails when one takes longer than a linear scan could.
//   node tests/js/long_input.js
'use strict';

var rules = require('../../static/js/rules.js');
var ticket = require('../../static/js/ticket.js');

// A quadratic scan of this input takes many seconds; a linear one a few milliseconds, so the
// budget leaves room for a busy machine.
var LIMIT_MS = 1000;
var failures = [];
var count = 0;

function timed(what, f, check) {
  var start = Date.now();
  var result = f();
  var took = Date.now() - start;
  count += 1;
  if (took > LIMIT_MS) { failures.push(what + ': took ' + took + ' ms'); }
  if (!check(result)) { failures.push(what + ': wrong result ' + JSON.stringify(result).slice(0, 200)); }
}

var spaces = new Array(100001).join(' ');
var mixed = new Array(50001).join('\u00a0\t');
var form = {
  locales: ['en-US'],
  fields: [
    {id: 'description', type: 'textarea', required: true, maxLength: 5000},
    {id: 'cve_ids', type: 'cve-list', maxItems: 20},
    {id: 'vector', type: 'cvss', maxLength: 200}
  ],
  rules: []
};

[['spaces', spaces], ['no-break spaces and tabs', mixed]].forEach(function (pair) {
  var name = pair[0];
  var run = pair[1];
  timed(name + ': trim', function () { return rules.trim(run + 'x' + run); },
    function (r) { return r === 'x'; });
  timed(name + ': trim of only spaces', function () { return rules.trim(run); },
    function (r) { return r === ''; });
  timed(name + ': trim inside', function () { return rules.trim('a' + run + 'b'); },
    function (r) { return r.length === run.length + 2; });
  timed(name + ': CVSS', function () { return rules.parseCvss('CVSS:3.1' + run + '/AV:N'); },
    function (r) { return !r.ok; });
  timed(name + ': CVE list', function () { return rules.parseCveList(run + 'CVE-2021-44228' + run); },
    function (r) { return r.ok; });
  timed(name + ': collect and validate', function () {
    var raw = {description: run + 'd' + run + 'e', cve_ids: run, vector: 'x' + run + '!'};
    var t = ticket.collect(form, raw, 'en-US');
    return {ticket: t, errors: ticket.validateTicket(form, t)};
  }, function (r) {
    return r.ticket.description.length === run.length + 2 && r.ticket.cve_ids === undefined &&
      r.errors.some(function (e) { return e.code === 'too-long'; });
  });
});

failures.forEach(function (f) { console.log('FAIL ' + f); });
console.log('checked ' + count + ' long inputs, ' + failures.length + ' failures');
process.exit(failures.length === 0 ? 0 : 1);
