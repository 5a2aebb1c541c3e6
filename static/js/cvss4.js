/*
 * tolk ticket form: CVSS v4.0 vectors, the parts after "CVSS:4.0/" and their CVSS-B score.
 *
 * The browser twin of src/rules/cvss/v4.rs, used by rules.js (which handles the prefix, the
 * trimming and the case rule, and reports errors). Same decisions: all eleven base metrics
 * required; threat, environmental and supplemental metrics validated but not scored; metrics
 * in the specification's order. The score is the FIRST calculator's MacroVector lookup with
 * severity-distance interpolation, operation for operation as in Rust so both round alike.
 * The data is static/data/cvss4-macrovectors.json: node requires it; in the browser it is
 * window.TolkCvss4Data, set by js/cvss4-data.js, which the build writes from that file.
 *
 * API (window.TolkCvss4 / module.exports):
 *   parseParts(parts, folded) -> {ok: true, metrics: {AV: "N", ...}, order: ["AV", ...]}
 *                              | {ok: false, error: {code, metric, message}}
 *   scoreTenths(metrics) -> the CVSS-B score in tenths (metrics as parseParts returns them)
 *   roundTenths(value) -> value rounded half up to one decimal after adding 1e-6, in tenths
 *   METRICS: [abbreviation, [allowed values]] in specification order; the first 11 are base.
 *   hasData: false when the scoring data is missing (a page without js/cvss4-data.js).
 */
(function (root, factory) {
  'use strict';
  var isNode = typeof module === 'object' && module !== null && module.exports;
  var data = isNode ? require('../data/cvss4-macrovectors.json') : root && root.TolkCvss4Data;
  var api = factory(data);
  if (isNode) {
    module.exports = api;
  }
  if (root) {
    root.TolkCvss4 = api;
  }
}(typeof window !== 'undefined' ? window : null, function (data) {
  'use strict';

  var METRICS = [
    ['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['AT', ['N', 'P']],
    ['PR', ['N', 'L', 'H']], ['UI', ['N', 'P', 'A']],
    ['VC', ['H', 'L', 'N']], ['VI', ['H', 'L', 'N']], ['VA', ['H', 'L', 'N']],
    ['SC', ['H', 'L', 'N']], ['SI', ['H', 'L', 'N']], ['SA', ['H', 'L', 'N']],
    ['E', ['X', 'A', 'P', 'U']],
    ['CR', ['X', 'H', 'M', 'L']], ['IR', ['X', 'H', 'M', 'L']], ['AR', ['X', 'H', 'M', 'L']],
    ['MAV', ['X', 'N', 'A', 'L', 'P']], ['MAC', ['X', 'L', 'H']], ['MAT', ['X', 'N', 'P']],
    ['MPR', ['X', 'N', 'L', 'H']], ['MUI', ['X', 'N', 'P', 'A']],
    ['MVC', ['X', 'H', 'L', 'N']], ['MVI', ['X', 'H', 'L', 'N']], ['MVA', ['X', 'H', 'L', 'N']],
    ['MSC', ['X', 'H', 'L', 'N']], ['MSI', ['X', 'S', 'H', 'L', 'N']],
    ['MSA', ['X', 'S', 'H', 'L', 'N']],
    ['S', ['X', 'N', 'P']], ['AU', ['X', 'N', 'Y']], ['R', ['X', 'A', 'U', 'I']],
    ['V', ['X', 'D', 'C']], ['RE', ['X', 'L', 'M', 'H']],
    ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']]
  ];
  var BASE_COUNT = 11;
  var INDEX = {};
  METRICS.forEach(function (m, i) { INDEX[m[0]] = i; });

  function error(code, metric, message) {
    return {ok: false, error: {code: code, metric: metric, message: message}};
  }

  // The index of value among allowed, or -1; folded: compare without ASCII case.
  function valueIndex(allowed, value, folded) {
    for (var i = 0; i < allowed.length; i++) {
      if (allowed[i] === value || (folded && allowed[i].toUpperCase() === value.toUpperCase())) {
        return i;
      }
    }
    return -1;
  }

  // One part as {index, value} or an error; the same checks, in the same order, as Rust.
  function parsePart(part, position, folded) {
    var colon = part.indexOf(':');
    if (colon <= 0) {
      return error('cvss.malformed', null,
        'part ' + position + ' of the vector, "' + part + '", is not METRIC:VALUE');
    }
    var name = part.slice(0, colon);
    var value = part.slice(colon + 1);
    if (!Object.prototype.hasOwnProperty.call(INDEX, name)) {
      return error('cvss.unknown-metric', name, '"' + name + '" is not a metric of this CVSS version');
    }
    var found = valueIndex(METRICS[INDEX[name]][1], value, folded);
    if (found < 0) {
      return error('cvss.invalid-value', name, '"' + value + '" is not a valid value for ' + name);
    }
    return {ok: true, index: INDEX[name], value: METRICS[INDEX[name]][1][found]};
  }

  function parseParts(parts, folded) {
    var metrics = {};
    var order = [];
    var last = -1;
    for (var i = 0; i < parts.length; i++) {
      var part = parsePart(parts[i], i + 1, folded);
      if (!part.ok) { return part; }
      var name = METRICS[part.index][0];
      if (Object.prototype.hasOwnProperty.call(metrics, name)) {
        return error('cvss.duplicate-metric', name, 'metric ' + name + ' is given more than once');
      }
      if (last > part.index) {
        return error('cvss.metric-order', name, 'metric ' + name + ' comes after ' +
          METRICS[last][0] + ', but CVSS 4.0 lists it before');
      }
      metrics[name] = part.value;
      order.push(name);
      last = part.index;
    }
    for (var b = 0; b < BASE_COUNT; b++) {
      if (!Object.prototype.hasOwnProperty.call(metrics, METRICS[b][0])) {
        return error('cvss.missing-metric', METRICS[b][0], 'base metric ' + METRICS[b][0] + ' is missing');
      }
    }
    return {ok: true, metrics: metrics, order: order};
  }

  /* ------------------------------------------------------------ scoring */

  // The value as the CVSS-B score sees it (threat and environmental metrics at defaults).
  function effective(metrics, name) {
    if (name === 'E') { return 'A'; }
    if (name === 'CR' || name === 'IR' || name === 'AR') { return 'H'; }
    if (name === 'MSI') { return metrics.SI; }
    if (name === 'MSA') { return metrics.SA; }
    return metrics[name];
  }

  function macroVector(m) {
    var av = m('AV');
    var pr = m('PR');
    var ui = m('UI');
    var eq1 = 2;
    if (av === 'N' && pr === 'N' && ui === 'N') {
      eq1 = 0;
    } else if ((av === 'N' || pr === 'N' || ui === 'N') && av !== 'P') {
      eq1 = 1;
    }
    var eq2 = m('AC') === 'L' && m('AT') === 'N' ? 0 : 1;
    var high = function (names) { return names.some(function (n) { return m(n) === 'H'; }); };
    var eq3 = 2;
    if (m('VC') === 'H' && m('VI') === 'H') {
      eq3 = 0;
    } else if (high(['VC', 'VI', 'VA'])) {
      eq3 = 1;
    }
    var eq4 = 2;
    if (m('MSI') === 'S' || m('MSA') === 'S') {
      eq4 = 0;
    } else if (high(['SC', 'SI', 'SA'])) {
      eq4 = 1;
    }
    var e = m('E');
    var eq5 = e === 'A' ? 0 : (e === 'P' ? 1 : 2);
    var met = (m('CR') === 'H' && m('VC') === 'H') || (m('IR') === 'H' && m('VI') === 'H') ||
      (m('AR') === 'H' && m('VA') === 'H');
    return [eq1, eq2, eq3, eq4, eq5, met ? 0 : 1];
  }

  // The table's score of a MacroVector, or null where it has none.
  function score(eq) {
    var key = eq.join('');
    return Object.prototype.hasOwnProperty.call(data.scores, key) ? data.scores[key] : null;
  }

  function lower(eq, index) {
    var copy = eq.slice();
    copy[index] += 1;
    return copy;
  }

  // The next lower MacroVector's score in each class: EQ1, EQ2, EQ3+EQ6, EQ4, EQ5.
  function nextLowerScores(eq) {
    var eq3eq6;
    if ((eq[2] === 0 || eq[2] === 1) && eq[5] === 1) {
      eq3eq6 = score(lower(eq, 2));
    } else if (eq[2] === 1 && eq[5] === 0) {
      eq3eq6 = score(lower(eq, 5));
    } else if (eq[2] === 0 && eq[5] === 0) {
      var left = score(lower(eq, 5));
      var right = score(lower(eq, 2));
      eq3eq6 = left !== null && right !== null && right > left ? right : left;
    } else {
      eq3eq6 = score(lower(lower(eq, 2), 5));
    }
    return [score(lower(eq, 0)), score(lower(eq, 1)), eq3eq6, score(lower(eq, 3)),
      score(lower(eq, 4))];
  }

  var DISTANCE_GROUPS = [['AV', 'PR', 'UI'], ['AC', 'AT'], ['VC', 'VI', 'VA', 'CR', 'IR', 'AR'],
    ['SC', 'SI', 'SA']];

  // The calculator's severity levels, in steps of 0.1 (lower is more severe); see level() in
  // v4.rs. E has none: its distance does not count.
  var IMPACT = {H: 0.0, L: 0.1, N: 0.2};
  var SUBSEQUENT = {S: 0.0, H: 0.1, L: 0.2, N: 0.3};
  var REQUIREMENT = {H: 0.0, M: 0.1, L: 0.2};
  var LEVELS = {
    AV: {N: 0.0, A: 0.1, L: 0.2, P: 0.3}, PR: {N: 0.0, L: 0.1, H: 0.2},
    UI: {N: 0.0, P: 0.1, A: 0.2}, AC: {L: 0.0, H: 0.1}, AT: {N: 0.0, P: 0.1},
    VC: IMPACT, VI: IMPACT, VA: IMPACT, SC: SUBSEQUENT, SI: SUBSEQUENT, SA: SUBSEQUENT,
    CR: REQUIREMENT, IR: REQUIREMENT, AR: REQUIREMENT
  };

  function level(metric, value) {
    var levels = LEVELS[metric];
    return levels && Object.prototype.hasOwnProperty.call(levels, value) ? levels[value] : 0.0;
  }

  // The highest-severity vectors of a MacroVector, each as {metric: value}; null if unknown.
  function maxVectors(eq) {
    var c = data.maxComposed;
    var e36 = c.eq3eq6[eq[2]];
    var lists = [c.eq1[eq[0]], c.eq2[eq[1]], e36 && e36[eq[5]], c.eq4[eq[3]], c.eq5[eq[4]]];
    if (lists.some(function (l) { return !l; })) { return null; }
    var vectors = [''];
    lists.forEach(function (list) {
      var next = [];
      vectors.forEach(function (prefix) {
        list.forEach(function (part) { next.push(prefix + part); });
      });
      vectors = next;
    });
    return vectors.map(function (v) {
      var pairs = {};
      v.split('/').forEach(function (p) {
        var colon = p.indexOf(':');
        if (colon >= 0 && !Object.prototype.hasOwnProperty.call(pairs, p.slice(0, colon))) {
          pairs[p.slice(0, colon)] = p.slice(colon + 1);
        }
      });
      return pairs;
    });
  }

  // Distances summed per class from the first max vector not exceeded (else the last).
  function severityDistances(m, eq) {
    var maxes = maxVectors(eq);
    if (maxes === null) { return null; }
    var sums = [0, 0, 0, 0];
    for (var i = 0; i < maxes.length; i++) {
      var anyNegative = false;
      for (var g = 0; g < DISTANCE_GROUPS.length; g++) {
        var total = null;
        for (var k = 0; k < DISTANCE_GROUPS[g].length; k++) {
          var metric = DISTANCE_GROUPS[g][k];
          if (!Object.prototype.hasOwnProperty.call(maxes[i], metric)) { return null; }
          var d = level(metric, m(metric)) - level(metric, maxes[i][metric]);
          anyNegative = anyNegative || d < 0;
          total = total === null ? d : total + d;
        }
        sums[g] = total === null ? 0 : total;
      }
      if (!anyNegative) { break; }
    }
    return sums;
  }

  function maxSeverities(eq) {
    var s = data.maxSeverity;
    var e36 = s.eq3eq6[eq[2]];
    var steps = [s.eq1[eq[0]], s.eq2[eq[1]], e36 && e36[eq[5]], s.eq4[eq[3]]];
    if (steps.some(function (n) { return typeof n !== 'number'; })) { return null; }
    return steps.map(function (n) { return n * 0.1; });
  }

  function interpolate(m, eq) {
    var value = score(eq);
    var distances = severityDistances(m, eq);
    var max = maxSeverities(eq);
    if (value === null || distances === null || max === null) { return null; }
    var existing = 0;
    var sum = 0.0;
    nextLowerScores(eq).forEach(function (next, cls) {
      if (next === null || !(value - next >= 0)) { return; }
      var available = value - next;
      existing += 1;
      if (cls < 4) {
        sum += available * (distances[cls] / max[cls]);
      }
    });
    var mean = existing === 0 ? 0.0 : sum / existing;
    return value - mean;
  }

  function roundTenths(value) {
    return Math.round((value + 1e-6) * 10);
  }

  function scoreTenths(metrics) {
    if (!data) { return null; }
    var m = function (name) { return effective(metrics, name); };
    var none = ['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every(function (n) { return m(n) === 'N'; });
    if (none) { return 0; }
    var value = interpolate(m, macroVector(m));
    return roundTenths(Math.min(Math.max(value === null ? 0.0 : value, 0.0), 10.0));
  }

  return {
    hasData: !!data,
    METRICS: METRICS,
    parseParts: parseParts,
    scoreTenths: scoreTenths,
    roundTenths: roundTenths
  };
}));
