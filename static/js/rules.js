/*
 * tolk ticket form: validation rules for CVE ID lists and CVSS v3.0, v3.1 and v4.0 vectors.
 *
 * The browser twin of src/rules/ (Rust, used by the server). Same rules, same results, same
 * error codes; both are tested against the files in tests/vectors/. Plain ES2019, no modules:
 * loaded with <script src> it defines window.TolkRules; required by node it is module.exports.
 * CVSS v4.0 scoring data comes from static/data/cvss4-macrovectors.json, the file Rust compiles
 * in: node requires it; in the browser the build publishes it as js/cvss4-data.js, which sets
 * window.TolkCvss4Data and is loaded before this file.
 *
 * Error codes (stable; the form maps them to translated messages). Keep equal to ERROR_CODES
 * in src/rules/mod.rs:
 *   cve.prefix                 token does not start with "CVE-" (any case)
 *   cve.malformed              not CVE-<digits>-<digits>
 *   cve.year                   year is not four digits, or before 1999
 *   cve.sequence-short         sequence has fewer than four digits
 *   cve.sequence-long          sequence has more than nineteen digits
 *   cve.sequence-leading-zero  sequence of five or more digits starts with 0
 *   cve.duplicate              the same ID appears earlier in the field
 *   cvss.empty                 nothing but whitespace
 *   cvss.missing-prefix        does not start with "CVSS:" (case-sensitive but see below)
 *   cvss.unsupported-version   version other than 3.0, 3.1 or 4.0
 *   cvss.malformed             a part is empty ("//", trailing "/") or has no "METRIC:"
 *   cvss.unknown-metric        metric name not in the vector's version (case-sensitive)
 *   cvss.invalid-value         value not allowed for that metric
 *   cvss.duplicate-metric      a metric given twice
 *   cvss.metric-order          v4.0 only: a metric after one the specification lists later
 *   cvss.missing-metric        a base metric absent (the first missing in spec order)
 * A CVSS vector without any uppercase letter is read as if its ASCII letters were uppercase.
 *
 * API:
 *   parseCveList(text) -> {ok: true, ids: ["CVE-2021-44228", ...]}
 *                       | {ok: false, errors: [{code, token, index, start, charStart, message}]}
 *     index: 0-based token number; start: UTF-16 offset (for setSelectionRange);
 *     charStart: offset in code points (what Rust's char_start reports).
 *   parseCvss(text) -> {ok: true, vector: {version, metrics, baseScore, baseScoreTenths,
 *                                          severity, normalized}}
 *                    | {ok: false, error: {code, metric, message}}
 *     metrics: {AV: "N", ...} (given metrics only); severity: "None".."Critical";
 *     metric: abbreviation to blame (as written for an unknown one) or null.
 *   cvssRoundUp(version, value) -> the version's final rounding of value, in tenths.
 *   ERROR_CODES, METRICS (v3: [abbreviation, allowed values] in specification order; the
 *   v4.0 metrics are TolkCvss4.METRICS, in static/js/cvss4.js).
 * The decisions behind the rules are documented in src/rules/cve.rs and src/rules/cvss.rs.
 */
(function (root, factory) {
  'use strict';
  var api = factory(root);
  if (typeof module === 'object' && module !== null && module.exports) {
    module.exports = api;
  }
  if (root) {
    root.TolkRules = api;
  }
}(typeof window !== 'undefined' ? window : null, function (root) {
  'use strict';

  var ERROR_CODES = [
    'cve.prefix', 'cve.malformed', 'cve.year', 'cve.sequence-short', 'cve.sequence-long',
    'cve.sequence-leading-zero', 'cve.duplicate',
    'cvss.empty', 'cvss.missing-prefix', 'cvss.unsupported-version', 'cvss.malformed',
    'cvss.unknown-metric', 'cvss.invalid-value', 'cvss.duplicate-metric', 'cvss.metric-order',
    'cvss.missing-metric'
  ];

  var CVE_MESSAGES = {
    'cve.prefix': 'a CVE ID starts with "CVE-"',
    'cve.malformed': 'a CVE ID has the form CVE-YYYY-NNNN',
    'cve.year': 'the year of a CVE ID has four digits and is 1999 or later',
    'cve.sequence-short': 'the sequence number of a CVE ID has at least four digits',
    'cve.sequence-long': 'the sequence number of a CVE ID has at most nineteen digits',
    'cve.sequence-leading-zero': 'a sequence number of five or more digits cannot start with 0',
    'cve.duplicate': 'this CVE ID is already listed'
  };

  // Unicode White_Space plus U+FEFF as UTF-16 code ranges, spelled out to match
  // rules::is_space in Rust. Every one is a single UTF-16 unit.
  var SPACE_RANGES = [[0x09, 0x0d], [0x20, 0x20], [0x85, 0x85], [0xa0, 0xa0], [0x1680, 0x1680],
    [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000],
    [0xfeff, 0xfeff]];
  var SEPARATOR = new RegExp('[,' + SPACE_RANGES.map(function (r) {
    return '\\u' + hex4(r[0]) + '-\\u' + hex4(r[1]);
  }).join('') + ']');

  function hex4(code) {
    return ('000' + code.toString(16)).slice(-4);
  }

  function isSpaceCode(code) {
    for (var i = 0; i < SPACE_RANGES.length; i += 1) {
      if (code >= SPACE_RANGES[i][0] && code <= SPACE_RANGES[i][1]) { return true; }
    }
    return false;
  }

  var FIRST_CVE_YEAR = 1999;
  var MAX_SEQUENCE_DIGITS = 19;

  /**
   * Removes SPACE characters from both ends, in time linear in the text's length (a regex such
   * as /^\s+|\s+$/ backtracks quadratically on a long run of spaces: 100,000 pasted spaces froze
   * the tab). Every SPACE character is one UTF-16 unit, so indexing by unit is exact.
   */
  function trim(text) {
    var s = String(text);
    var start = 0;
    var end = s.length;
    while (start < end && isSpaceCode(s.charCodeAt(start))) { start += 1; }
    while (end > start && isSpaceCode(s.charCodeAt(end - 1))) { end -= 1; }
    return s.slice(start, end);
  }

  /* ---------------------------------------------------------------- CVE */

  function cveTokenError(token) {
    if (!/^CVE-/i.test(token)) {
      return 'cve.prefix';
    }
    var parts = /^[0-9]+-[0-9]+$/.exec(token.slice(4));
    if (!parts) {
      return 'cve.malformed';
    }
    var year = token.slice(4).split('-')[0];
    var sequence = token.slice(4).split('-')[1];
    if (year.length !== 4 || Number(year) < FIRST_CVE_YEAR) {
      return 'cve.year';
    }
    if (sequence.length < 4) {
      return 'cve.sequence-short';
    }
    if (sequence.length > MAX_SEQUENCE_DIGITS) {
      return 'cve.sequence-long';
    }
    if (sequence.length > 4 && sequence.charAt(0) === '0') {
      return 'cve.sequence-leading-zero';
    }
    return null;
  }

  // Splits on runs of commas and whitespace; offsets in UTF-16 units and in code points.
  function cveTokens(text) {
    var tokens = [];
    var current = null;
    var unit = 0;
    var point = 0;
    var chars = Array.from(text).concat([null]);
    chars.forEach(function (ch) {
      var atSeparator = ch === null || SEPARATOR.test(ch);
      if (atSeparator && current) {
        current.text = text.slice(current.start, unit);
        tokens.push(current);
        current = null;
      } else if (!atSeparator && !current) {
        current = {start: unit, charStart: point};
      }
      if (ch !== null) {
        unit += ch.length;
        point += 1;
      }
    });
    return tokens;
  }

  function parseCveList(text) {
    var ids = [];
    var seen = {};
    var errors = [];
    cveTokens(String(text)).forEach(function (token, index) {
      var code = cveTokenError(token.text);
      var id = code ? null : 'CVE-' + token.text.slice(4);
      if (id && Object.prototype.hasOwnProperty.call(seen, id)) {
        code = 'cve.duplicate';
      }
      if (code) {
        errors.push({
          code: code, token: token.text, index: index, start: token.start,
          charStart: token.charStart, message: CVE_MESSAGES[code]
        });
      } else {
        seen[id] = true;
        ids.push(id);
      }
    });
    return errors.length ? {ok: false, errors: errors} : {ok: true, ids: ids};
  }

  /* --------------------------------------------------------------- CVSS */

  // [abbreviation, allowed values] in specification order; the first eight are base metrics.
  var METRICS = [
    ['AV', 'NALP'], ['AC', 'LH'], ['PR', 'NLH'], ['UI', 'NR'], ['S', 'UC'],
    ['C', 'HLN'], ['I', 'HLN'], ['A', 'HLN'],
    ['E', 'XUPFH'], ['RL', 'XOTWU'], ['RC', 'XURC'],
    ['CR', 'XLMH'], ['IR', 'XLMH'], ['AR', 'XLMH'],
    ['MAV', 'XNALP'], ['MAC', 'XLH'], ['MPR', 'XNLH'], ['MUI', 'XNR'], ['MS', 'XUC'],
    ['MC', 'XNLH'], ['MI', 'XNLH'], ['MA', 'XNLH']
  ];
  var BASE_COUNT = 8;
  var ALLOWED = {};
  METRICS.forEach(function (m) { ALLOWED[m[0]] = m[1]; });

  var WEIGHTS = {
    AV: {N: 0.85, A: 0.62, L: 0.55, P: 0.2},
    AC: {L: 0.77, H: 0.44},
    PR: {N: 0.85, L: 0.62, H: 0.27},
    PR_CHANGED: {N: 0.85, L: 0.68, H: 0.5},
    UI: {N: 0.85, R: 0.62},
    CIA: {H: 0.56, L: 0.22, N: 0}
  };

  function cvssError(code, metric, message) {
    return {ok: false, error: {code: code, metric: metric, message: message}};
  }

  // The final rounding of the given version ("3.0", "3.1" or "4.0"), returned in tenths; see
  // CvssVersion::round_up.
  function cvssRoundUp(version, value) {
    if (version === '4.0' && cvss4) {
      return cvss4.roundTenths(value);
    }
    if (version === '3.0') {
      return Math.ceil(value * 10);
    }
    var intInput = Math.round(value * 100000);
    var tenths = Math.floor(intInput / 10000);
    return intInput % 10000 === 0 ? tenths : tenths + 1;
  }

  // The same operations, in the same order, as CvssVector::base_score_tenths.
  function baseScoreTenths(version, m) {
    var changed = m.S === 'C';
    var iss = 1 - (1 - WEIGHTS.CIA[m.C]) * (1 - WEIGHTS.CIA[m.I]) * (1 - WEIGHTS.CIA[m.A]);
    var impact = 6.42 * iss;
    if (changed) {
      var power = iss - 0.02;
      for (var i = 1; i < 15; i++) {
        power = power * (iss - 0.02);
      }
      impact = 7.52 * (iss - 0.029) - 3.25 * power;
    }
    var pr = (changed ? WEIGHTS.PR_CHANGED : WEIGHTS.PR)[m.PR];
    var exploitability = 8.22 * WEIGHTS.AV[m.AV] * WEIGHTS.AC[m.AC] * pr * WEIGHTS.UI[m.UI];
    if (impact <= 0) {
      return 0;
    }
    var raw = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
    return cvssRoundUp(version, Math.min(raw, 10));
  }

  function severityOf(tenths) {
    if (tenths === 0) { return 'None'; }
    if (tenths < 40) { return 'Low'; }
    if (tenths < 70) { return 'Medium'; }
    if (tenths < 90) { return 'High'; }
    return 'Critical';
  }

  // Parses the parts after "CVSS:3.x/" into metrics, or returns the first error.
  function parseParts(parts) {
    var metrics = {};
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      var colon = part.indexOf(':');
      if (colon <= 0) {
        return cvssError('cvss.malformed', null,
          'part ' + (i + 1) + ' of the vector, "' + part + '", is not METRIC:VALUE');
      }
      var name = part.slice(0, colon);
      var value = part.slice(colon + 1);
      if (!Object.prototype.hasOwnProperty.call(ALLOWED, name)) {
        return cvssError('cvss.unknown-metric', name,
          '"' + name + '" is not a metric of this CVSS version');
      }
      if (value.length !== 1 || ALLOWED[name].indexOf(value) < 0) {
        return cvssError('cvss.invalid-value', name,
          '"' + value + '" is not a valid value for ' + name);
      }
      if (Object.prototype.hasOwnProperty.call(metrics, name)) {
        return cvssError('cvss.duplicate-metric', name,
          'metric ' + name + ' is given more than once');
      }
      metrics[name] = value;
    }
    return {ok: true, metrics: metrics};
  }

  // The v4.0 half (static/js/cvss4.js): required under node, window.TolkCvss4 in a page.
  var cvss4 = typeof module === 'object' && module !== null && module.exports
    ? require('./cvss4.js') : root && root.TolkCvss4;

  // The parts after "CVSS:3.x/" as {ok, metrics (specification order), normalized}.
  function parseV3(version, parts) {
    var parsed = parseParts(parts);
    if (!parsed.ok) {
      return parsed;
    }
    var given = parsed.metrics;
    var metrics = {};
    var normalized = 'CVSS:' + version;
    for (var i = 0; i < METRICS.length; i++) {
      var name = METRICS[i][0];
      if (i < BASE_COUNT && !Object.prototype.hasOwnProperty.call(given, name)) {
        return cvssError('cvss.missing-metric', name, 'base metric ' + name + ' is missing');
      }
      if (Object.prototype.hasOwnProperty.call(given, name)) {
        metrics[name] = given[name];
        normalized += '/' + name + ':' + given[name];
      }
    }
    return {ok: true, metrics: metrics, normalized: normalized,
      tenths: baseScoreTenths(version, metrics)};
  }

  // The parts after "CVSS:4.0/", the same result shape as parseV3.
  function parseV4(parts, folded) {
    var parsed = cvss4.parseParts(parts, folded);
    if (!parsed.ok) {
      return parsed;
    }
    var normalized = 'CVSS:4.0' + parsed.order.map(function (name) {
      return '/' + name + ':' + parsed.metrics[name];
    }).join('');
    return {ok: true, metrics: parsed.metrics, normalized: normalized,
      tenths: cvss4.scoreTenths(parsed.metrics)};
  }

  function parseCvss(text) {
    var trimmed = trim(text);
    if (trimmed === '') {
      return cvssError('cvss.empty', null, 'the CVSS vector is empty');
    }
    // A vector without any uppercase letter is read as if its ASCII letters were uppercase.
    var folded = !/[A-Z]/.test(trimmed);
    if (folded) {
      trimmed = trimmed.replace(/[a-z]+/g, function (s) { return s.toUpperCase(); });
    }
    if (trimmed.slice(0, 5) !== 'CVSS:') {
      return cvssError('cvss.missing-prefix', null,
        'a CVSS vector starts with "CVSS:3.1/", "CVSS:3.0/" or "CVSS:4.0/"');
    }
    var rest = trimmed.slice(5);
    var slash = rest.indexOf('/');
    var version = slash < 0 ? rest : rest.slice(0, slash);
    var v4 = version === '4.0' && cvss4 && cvss4.hasData;
    if (version !== '3.0' && version !== '3.1' && !v4) {
      return cvssError('cvss.unsupported-version', null,
        'CVSS version "' + version + '" is not supported; use 3.0, 3.1 or 4.0');
    }
    var parts = slash < 0 ? [] : rest.slice(slash + 1).split('/');
    var parsed = v4 ? parseV4(parts, folded) : parseV3(version, parts);
    if (!parsed.ok) {
      return parsed;
    }
    return {
      ok: true,
      vector: {
        version: version,
        metrics: parsed.metrics,
        baseScore: parsed.tenths / 10,
        baseScoreTenths: parsed.tenths,
        severity: severityOf(parsed.tenths),
        normalized: parsed.normalized
      }
    };
  }

  return {
    ERROR_CODES: ERROR_CODES,
    METRICS: METRICS,
    parseCveList: parseCveList,
    parseCvss: parseCvss,
    cvssRoundUp: cvssRoundUp,
    trim: trim
  };
}));
