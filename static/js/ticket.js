/*
 * tolk ticket form: what a ticket is and when it is valid, without the page.
 *
 * The browser twin of src/form/validate.rs. The rules object comes from the build (the form
 * page's data-tolk-rules attribute; src/form/client.rs makes it from form.yaml), so this file
 * knows no field by name. Same checks, same error codes, same order as the Rust validator;
 * both are tested against tests/vectors/tickets/ (tests/js/ticket_vectors.js runs this file in
 * node). Plain ES2019, no modules: loaded with <script src> after rules.js it defines
 * window.TolkTicket; required by node it is module.exports.
 *
 * API:
 *   collect(rules, raw, locale) -> ticket
 *     raw: {fieldId: string} as the page holds it (a choice: the checked code or '').
 *     Fields whose condition does not hold are left out, text is trimmed, blank text is left
 *     out, a CVE field becomes the list of its tokens.
 *   validateTicket(rules, ticket) -> [{field, code, rule?, detail?}]   ([] when valid)
 *   normalize(rules, ticket) -> a copy with canonical CVE IDs and CVSS vectors (valid tickets)
 *   isShown(rules, field, ticket), isBlank(text), isValidEmail(text), length(text)
 */
(function (root, factory) {
  'use strict';
  var rules = root ? root.TolkRules : null;
  if (typeof module === 'object' && module !== null && module.exports) {
    module.exports = factory(require('./rules.js'));
  } else if (root) {
    root.TolkTicket = factory(rules);
  }
}(typeof window !== 'undefined' ? window : null, function (TolkRules) {
  'use strict';

  // Unicode White_Space plus U+FEFF: rules::is_space in Rust, the SPACE class of rules.js.
  var SPACE = '\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029' +
    '\\u202f\\u205f\\u3000\\ufeff';
  var BLANK = new RegExp('^[' + SPACE + ']*$');
  var SEPARATORS = new RegExp('[,' + SPACE + ']+');
  var HAS_SEPARATOR = new RegExp('[,' + SPACE + ']');
  // The HTML standard's valid email address; EMAIL_PATTERN in src/form/schema.rs.
  var EMAIL = new RegExp('^[a-zA-Z0-9.!#$%&\'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}' +
    '[a-zA-Z0-9])?(?:[.][a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$');
  var LOCALE = 'locale';

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isBlank(text) {
    return BLANK.test(text);
  }

  /** Length in Unicode scalar values, as Rust's chars().count() and JSON Schema count. */
  function length(text) {
    return Array.from(text).length;
  }

  function isValidEmail(text) {
    return EMAIL.test(text);
  }

  function holds(condition, ticket) {
    return !condition || (has(ticket, condition.field) && ticket[condition.field] === condition.equals);
  }

  function fieldById(rules, id) {
    for (var i = 0; i < rules.fields.length; i += 1) {
      if (rules.fields[i].id === id) { return rules.fields[i]; }
    }
    return null;
  }

  function isShown(rules, field, ticket) {
    var f = typeof field === 'string' ? fieldById(rules, field) : field;
    return Boolean(f) && holds(f.shownWhen, ticket);
  }

  function collect(rules, raw, locale) {
    var ticket = {};
    ticket[LOCALE] = locale;
    rules.fields.forEach(function (field) {
      if (!holds(field.shownWhen, ticket)) { return; }
      var value = has(raw, field.id) && typeof raw[field.id] === 'string' ? raw[field.id] : '';
      value = TolkRules.trim(value);
      if (value === '') { return; }
      ticket[field.id] = field.type === 'cve-list' ?
        value.split(SEPARATORS).filter(function (t) { return t !== ''; }) : value;
    });
    return ticket;
  }

  function error(field, code, detail) {
    var e = {field: field, code: code};
    if (detail !== undefined && detail !== null) { e.detail = detail; }
    return e;
  }

  function checkCveList(field, value) {
    if (!Array.isArray(value) || value.some(function (t) { return typeof t !== 'string'; })) {
      return error(field.id, 'type');
    }
    if (value.length === 0 || value.some(isBlank)) { return error(field.id, 'blank'); }
    if (value.length > field.maxItems) { return error(field.id, 'too-many'); }
    for (var i = 0; i < value.length; i += 1) {
      if (HAS_SEPARATOR.test(value[i])) { return error(field.id, 'cve.malformed', value[i]); }
    }
    var parsed = TolkRules.parseCveList(value.join(' '));
    return parsed.ok ? null : error(field.id, parsed.errors[0].code, parsed.errors[0].token);
  }

  /** The first problem of a present value, or null. */
  function checkValue(field, value) {
    if (field.type === 'cve-list') { return checkCveList(field, value); }
    if (typeof value !== 'string') { return error(field.id, 'type'); }
    if (isBlank(value)) { return error(field.id, 'blank'); }
    if (field.maxLength !== undefined && length(value) > field.maxLength) {
      return error(field.id, 'too-long');
    }
    if (field.type === 'choice' && field.choices.indexOf(value) < 0) {
      return error(field.id, 'choice');
    }
    if (field.type === 'email' && !isValidEmail(value)) { return error(field.id, 'email'); }
    if (field.type === 'cvss') {
      var parsed = TolkRules.parseCvss(value);
      if (!parsed.ok) { return error(field.id, parsed.error.code, parsed.error.metric); }
    }
    return null;
  }

  function validateTicket(rules, ticket) {
    if (ticket === null || typeof ticket !== 'object' || Array.isArray(ticket)) {
      return [error('', 'type')];
    }
    var errors = [];
    if (typeof ticket[LOCALE] !== 'string' || !has(ticket, LOCALE) ||
        rules.locales.indexOf(ticket[LOCALE]) < 0) {
      errors.push(error(LOCALE, 'locale'));
    }
    Object.keys(ticket).filter(function (key) {
      return key !== LOCALE && !fieldById(rules, key);
    }).sort().forEach(function (key) { errors.push(error(key, 'unknown-field')); });
    var slots = rules.fields.map(function (field) {
      var shown = holds(field.shownWhen, ticket);
      if (!has(ticket, field.id)) {
        return shown && field.required ? error(field.id, 'required') : null;
      }
      return shown ? checkValue(field, ticket[field.id]) : error(field.id, 'not-applicable');
    });
    rules.rules.forEach(function (rule) {
      var empty = rule.atLeastOneOf.every(function (id) { return !has(ticket, id); });
      if (!empty || !holds(rule.when, ticket)) { return; }
      var first = rules.fields.map(function (f) { return f.id; }).indexOf(rule.atLeastOneOf[0]);
      if (first >= 0 && slots[first] === null) {
        slots[first] = error(rule.atLeastOneOf[0], 'at-least-one');
        slots[first].rule = rule.id;
      }
    });
    return errors.concat(slots.filter(function (e) { return e !== null; }));
  }

  function normalize(rules, ticket) {
    var out = {};
    Object.keys(ticket).forEach(function (key) {
      var field = fieldById(rules, key);
      var value = ticket[key];
      if (field && field.type === 'cve-list') {
        var parsed = TolkRules.parseCveList(value.join(' '));
        value = parsed.ok ? parsed.ids : value;
      } else if (field && field.type === 'cvss') {
        var vector = TolkRules.parseCvss(value);
        value = vector.ok ? vector.vector.normalized : value;
      }
      out[key] = value;
    });
    return out;
  }

  return {
    collect: collect,
    validateTicket: validateTicket,
    normalize: normalize,
    isShown: isShown,
    isBlank: isBlank,
    isValidEmail: isValidEmail,
    length: length
  };
}));
