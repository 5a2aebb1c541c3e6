/*
 * tolk ticket form: the page around static/js/ticket.js.
 *
 * Once loaded it turns native validation off (novalidate) and validates on submit and when the
 * reader leaves a field they changed, never on each keystroke. Errors follow the GOV.UK Design
 * System: a summary at the top that takes focus and links to each field, an inline message tied
 * to its field with aria-describedby and aria-invalid, and "Error: " before the page title while
 * errors stand. Fields a choice reveals sit right under it (GOV.UK's conditional reveal) and
 * are hidden, unchecked and unsent while it is not chosen. The CVSS field shows one state at a
 * time (a hint while it is typed, its score, or what is wrong), and its live region speaks
 * only when the vector becomes complete or invalid. A draft is kept in sessionStorage
 * (this tab, this visit only: another page of the origin cannot read it once the tab is
 * closed) and removed once the ticket is submitted, downloaded or copied.
 * With an endpoint (data-tolk-endpoint) the ticket is POSTed as JSON; without one the reader
 * reviews it (each answer with a "Change" link back to its field), downloads it as JSON, copies
 * it as text, or emails it through a mailto: link ([form] email) whose body is cut to a length
 * mail programs accept.
 *
 * Every text comes from the page (data-msg-* attributes and the data-tolk-messages list); what
 * the reader typed only ever goes in through textContent. Plain ES2019, no framework.
 */
(function () {
  'use strict';

  var form = document.querySelector('form[data-tolk-form]');
  if (!form || !window.TolkTicket || !window.TolkRules || !window.TolkLang) { return; }
  var Ticket = window.TolkTicket;
  // Texts are marked strings: fallback text keeps its lang/dir (static/js/lang.js).
  var Lang = window.TolkLang;
  var rules = JSON.parse(form.getAttribute('data-tolk-rules'));
  var locale = form.getAttribute('data-tolk-locale');
  // The same digits as the Rust side (src/numbers.rs): the locale, with book.toml's numbering.
  var numberLocale = form.getAttribute('data-tolk-number-locale') || locale;
  var endpoint = form.getAttribute('data-tolk-endpoint');
  var summary = document.querySelector('[data-tolk-error-summary]');
  var submitError = form.querySelector('[data-tolk-submit-error]');
  var submitButton = form.querySelector('[data-tolk-submit]');
  // Without an endpoint the button only reviews, which needs this script: shown from here on.
  if (submitButton.hasAttribute('data-tolk-needs-script')) { submitButton.hidden = false; }
  // What a refusal other than 422 says: too large (a proxy's or the receiver's body limit),
  // too many (the receiver's or a proxy's rate), anything else "not now".
  var FAILURES = {413: 'too-large', 429: 'rate-limited'};
  // One id per ticket, kept until it is confirmed: the receiver answers a resend with the
  // first confirmation number instead of storing the ticket twice.
  var submissionId = null;
  var baseTitle = document.title;
  var DRAFT_KEY = 'tolk.ticket.draft';
  // Longest mailto: URL to build: Outlook and some browsers refuse links past ~2,000 characters.
  var MAILTO_MAX = 1900;
  var mailto = document.querySelector('[data-tolk-mailto]');
  var mailtoBase = mailto ? mailto.getAttribute('href') : '';
  // What the CVSS live region last said (or last was): it speaks only on a change.
  var cvssSaid = {};
  var changed = {};
  var messages = {};
  Array.prototype.forEach.call(document.querySelectorAll('[data-tolk-messages] [data-code]'),
    function (item) { messages[item.getAttribute('data-code')] = Lang.content(item); });

  function $(selector) { return document.querySelector(selector); }
  function fieldBox(id) { return form.querySelector('[data-field="' + id + '"]'); }
  function controls(id) { return form.querySelectorAll('[name="' + id + '"]'); }
  /** The element that takes focus for a field (the first radio of a group). */
  function focusTarget(id) {
    var box = fieldBox(id);
    return box ? document.getElementById(box.getAttribute('data-focus-id')) : null;
  }
  function firstField() {
    var box = form.querySelector('[data-field]');
    return box ? focusTarget(box.getAttribute('data-field')) : null;
  }
  function fieldOf(element) {
    var box = element && element.closest ? element.closest('[data-field]') : null;
    return box ? box.getAttribute('data-field') : null;
  }

  /** Replaces {name} placeholders with plain values. */
  function fill(text, values) {
    return Object.keys(values).reduce(function (out, name) {
      return out.split('{' + name + '}').join(values[name]);
    }, text);
  }

  /* ------------------------------------------------------------ values and drafts */

  function rawValues() {
    var raw = {};
    rules.fields.forEach(function (field) {
      var value = '';
      Array.prototype.forEach.call(controls(field.id), function (el) {
        if (el.type !== 'radio' || el.checked) { value = el.value; }
      });
      raw[field.id] = value;
    });
    return raw;
  }

  function setValues(raw) {
    rules.fields.forEach(function (field) {
      if (typeof raw[field.id] !== 'string') { return; }
      Array.prototype.forEach.call(controls(field.id), function (el) {
        if (el.type === 'hidden') { return; }
        if (el.type === 'radio') { el.checked = el.value === raw[field.id]; } else { el.value = raw[field.id]; }
      });
    });
  }

  function storage(action, value) {
    try {
      if (action === 'get') { return window.sessionStorage.getItem(DRAFT_KEY); }
      if (action === 'set') { window.sessionStorage.setItem(DRAFT_KEY, value); }
      if (action === 'remove') { window.sessionStorage.removeItem(DRAFT_KEY); }
      // Earlier versions kept drafts in localStorage, forever: remove any such leftover.
      window.localStorage.removeItem(DRAFT_KEY);
    } catch (e) { /* storage off or full: the form works without drafts */ }
    return null;
  }

  function restoreDraft() {
    var raw = null;
    try { raw = JSON.parse(storage('get') || 'null'); } catch (e) { raw = null; }
    if (!raw || typeof raw !== 'object') { return; }
    setValues(raw);
    $('[data-tolk-draft-notice]').hidden = false;
  }

  function clearForm() {
    storage('remove');
    form.reset();
    changed = {};
    rules.fields.forEach(function (f) { clearError(f.id); });
    hideSummary();
    $('[data-tolk-draft-notice]').hidden = true;
    update();
    var first = firstField();
    if (first) { first.focus(); }
  }

  /* ------------------------------------------------------------ showing state */

  function update() {
    var ticket = Ticket.collect(rules, rawValues(), locale);
    rules.fields.forEach(function (field) {
      if (!field.shownWhen) { return; }
      var shown = Ticket.isShown(rules, field, ticket);
      fieldBox(field.id).hidden = !shown;
      if (!shown) { clearError(field.id); }
    });
    Array.prototype.forEach.call(form.querySelectorAll('[data-tolk-reveal]'), function (reveal) {
      reveal.hidden = Array.prototype.every.call(reveal.querySelectorAll('[data-field]'),
        function (box) { return box.hidden; });
    });
    Array.prototype.forEach.call(form.querySelectorAll('[data-tolk-score]'), showScore);
  }

  // A vector still being typed: a start of "CVSS:N.N/", or a last metric without its value.
  var CVSS_START = /^(?:C(?:V(?:S(?:S(?::(?:[0-9](?:[.](?:[0-9]\/?)?)?)?)?)?)?)?)?$/i;
  var UNFINISHED_METRIC = /\/[A-Za-z]*:?$/;

  /** The CVSS field's state: empty, incomplete (being typed), valid or invalid. */
  function cvssState(text) {
    var value = window.TolkRules.trim(text);
    if (value === '') { return {kind: 'empty'}; }
    var parsed = window.TolkRules.parseCvss(value);
    if (parsed.ok) { return {kind: 'valid', vector: parsed.vector}; }
    if (CVSS_START.test(value)) { return {kind: 'incomplete'}; }
    var typed = value.replace(UNFINISHED_METRIC, '');
    var before = typed === value ? parsed : window.TolkRules.parseCvss(typed);
    if (before.ok || before.error.code === 'cvss.missing-metric') { return {kind: 'incomplete'}; }
    return {kind: 'invalid', error: parsed.error};
  }

  /**
   * One state at a time under the CVSS field: nothing, the "appears when complete" hint while
   * the vector is typed, its score, or what is wrong with it. An error shown at the field (after
   * leaving it or submitting) stands alone until the vector is valid, which clears it.
   */
  function showScore(output) {
    var input = document.getElementById(output.id.replace(/-score$/, ''));
    var id = fieldOf(input);
    var state = cvssState(input.value);
    output.className = 'cvss-score';
    output.textContent = '';
    if (state.kind === 'valid') {
      var severity = state.vector.severity.toLowerCase();
      // In a text that fell back to another language, the score is written that language's way.
      var scoreLocale = Lang.langOf(messages['cvss-score']) || numberLocale;
      var score = new Intl.NumberFormat(scoreLocale, {minimumFractionDigits: 1, maximumFractionDigits: 1})
        .format(state.vector.baseScore);
      Lang.setText(output, fill(messages['cvss-score'], {
        version: state.vector.version, score: score, severity: messages['severity.' + severity]
      }));
      output.className = 'cvss-score severity-' + severity;
      if (hasError(id)) { recheck(id); }
    } else if (hasError(id)) {
      Lang.setText(output, '');
    } else if (state.kind === 'incomplete') {
      Lang.setText(output, messages['cvss-incomplete']);
    } else if (state.kind === 'invalid') {
      Lang.setText(output, messageFor({field: id, code: state.error.code, detail: state.error.metric}));
      output.className = 'cvss-score cvss-invalid';
    }
    announce(input.id, state, output);
  }

  /** Speaks a CVSS state once, when the vector becomes complete or invalid (not per key). */
  function announce(inputId, state, output) {
    var text = output.textContent;
    var region = document.getElementById(inputId + '-announce');
    var key = state.kind + ':' + text;
    if (!region || cvssSaid[inputId] === key) { return; }
    cvssSaid[inputId] = key;
    var speak = (state.kind === 'valid' || state.kind === 'invalid') && text !== '';
    region.textContent = '';
    // A copy of what the field shows, with its lang/dir marks (fallback text keeps its language).
    if (speak) {
      Array.prototype.forEach.call(output.childNodes, function (n) { region.appendChild(n.cloneNode(true)); });
    }
  }

  function messageFor(error) {
    var box = fieldBox(error.field);
    var text = (box && Lang.attr(box, 'data-msg-' + error.code)) ||
      (error.rule && messages['rule.' + error.rule]) || messages[error.code] || messages.invalid;
    return fill(text, {token: error.detail || '', metric: error.detail || ''});
  }

  /** The element whose description lists the error: the group for radios, else the control. */
  function described(id) {
    var box = fieldBox(id);
    return box.querySelector('fieldset') || controls(id)[0];
  }

  function setDescribedBy(element, id, on) {
    var ids = (element.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
      return x !== '' && x !== id;
    });
    if (on) { ids.push(id); }
    if (ids.length) { element.setAttribute('aria-describedby', ids.join(' ')); } else {
      element.removeAttribute('aria-describedby');
    }
  }

  function showError(error) {
    var box = fieldBox(error.field);
    if (!box) { return; }
    var holder = box.querySelector('.field-error');
    var prefix = document.createElement('span');
    prefix.className = 'visually-hidden';
    Lang.setText(prefix, messages['error-prefix'] + ' ');
    holder.textContent = '';
    holder.appendChild(prefix);
    Lang.append(holder, messageFor(error));
    holder.hidden = false;
    box.classList.add('field-has-error');
    var score = box.querySelector('[data-tolk-score]');
    if (score) { showScore(score); }
    setDescribedBy(described(error.field), holder.id, true);
    Array.prototype.forEach.call(controls(error.field), function (el) {
      el.setAttribute('aria-invalid', 'true');
    });
  }

  function clearError(id) {
    var box = fieldBox(id);
    if (!box || !box.classList.contains('field-has-error')) { return; }
    var holder = box.querySelector('.field-error');
    holder.hidden = true;
    holder.textContent = '';
    box.classList.remove('field-has-error');
    setDescribedBy(described(id), holder.id, false);
    Array.prototype.forEach.call(controls(id), function (el) { el.removeAttribute('aria-invalid'); });
  }

  function hasError(id) {
    var box = fieldBox(id);
    return Boolean(box) && box.classList.contains('field-has-error');
  }

  function setTitle(withErrors) {
    document.title = withErrors ? Lang.plain(messages['error-prefix']) + ' ' + baseTitle : baseTitle;
  }

  /**
   * Makes the summary list `errors`, reusing the item of each field that stays: a reader who
   * fixes one field and then clicks the link of another must not have that link replaced
   * under the pointer when the first field's error goes.
   */
  function fillSummary(unordered) {
    var list = summary.querySelector('ul');
    var errors = inPageOrder(unordered);
    var items = {};
    Array.prototype.forEach.call(list.children, function (li) {
      items[li.getAttribute('data-field')] = li;
    });
    var previous = null;
    errors.forEach(function (error) {
      var item = items[error.field];
      delete items[error.field];
      if (!item) {
        var box = fieldBox(error.field);
        item = document.createElement('li');
        item.setAttribute('data-field', error.field);
        var link = document.createElement('a');
        link.href = '#' + (box ? box.getAttribute('data-focus-id') : 'ticket-form');
        item.appendChild(link);
      }
      var text = messageFor(error);
      if (Lang.content(item.firstChild) !== text) { Lang.setText(item.firstChild, text); }
      var next = previous ? previous.nextSibling : list.firstChild;
      if (item !== next) { list.insertBefore(item, next); }
      previous = item;
    });
    Object.keys(items).forEach(function (field) { list.removeChild(items[field]); });
    summary.hidden = errors.length === 0;
    setTitle(errors.length > 0);
  }

  function hideSummary() { fillSummary([]); }

  /** Errors in the order their fields appear (a revealed field sits under its choice). */
  function inPageOrder(errors) {
    var at = function (e) { return fieldBox(e.field); };
    return errors.slice().sort(function (a, b) {
      var x = at(a);
      var y = at(b);
      if (!x || !y) { return (x ? 0 : -1) - (y ? 0 : -1); }
      return x === y ? 0 : (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    });
  }

  /* ------------------------------------------------------------ validation */

  function check() {
    var ticket = Ticket.collect(rules, rawValues(), locale);
    return {ticket: ticket, errors: Ticket.validateTicket(rules, ticket)};
  }

  /**
   * After the reader leaves a field: show its error unless it only says "fill me in" (that
   * waits for submit), and refresh every error already shown, so fixed ones go away.
   */
  function recheck(id) {
    var result = check();
    var byField = {};
    result.errors.forEach(function (e) { byField[e.field] = e; });
    rules.fields.forEach(function (field) {
      var error = byField[field.id];
      var quiet = error && (error.code === 'required' || error.code === 'at-least-one');
      if (error && (hasError(field.id) || (field.id === id && !quiet))) {
        showError(error);
      } else if (!error) {
        clearError(field.id);
      }
    });
    if (!summary.hidden) {
      fillSummary(result.errors.filter(function (e) { return hasError(e.field); }));
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    submitError.hidden = true;
    var result = check();
    rules.fields.forEach(function (f) { clearError(f.id); });
    if (result.errors.length > 0) {
      result.errors.forEach(showError);
      fillSummary(result.errors);
      summary.focus();
      return;
    }
    hideSummary();
    var ticket = Ticket.normalize(rules, result.ticket);
    if (endpoint) { send(ticket); } else { review(ticket); }
  }

  /* ------------------------------------------------------------ sending and reviewing */

  function showOnly(panel) {
    form.hidden = true;
    summary.hidden = true;
    $('[data-tolk-draft-notice]').hidden = true;
    panel.hidden = false;
    var heading = panel.querySelector('h2');
    document.title = heading.textContent + ' · ' + baseTitle;
    heading.focus();
  }

  function failed(code) {
    Lang.setText(submitError, messages[code]);
    submitError.hidden = false;
    submitError.focus();
  }

  /** 128 random bits as hex (the receiver accepts letters, digits, - and _). */
  function newSubmissionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  /** The receiver's field errors (422), shown in place as the page's own would be. */
  function refused(errors) {
    rules.fields.forEach(function (f) { clearError(f.id); });
    var known = errors.filter(function (e) { return fieldBox(e.field); });
    if (known.length === 0) { return failed('server-error'); }
    known.forEach(showError);
    fillSummary(known);
    summary.focus();
  }

  function send(ticket) {
    var label = Lang.content(submitButton);
    submitButton.disabled = true;
    Lang.setText(submitButton, messages.sending);
    var done = function () {
      submitButton.disabled = false;
      Lang.setText(submitButton, label);
    };
    if (!submissionId) { submissionId = newSubmissionId(); }
    window.fetch(endpoint, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Accept: 'application/json',
        'Idempotency-Key': submissionId},
      body: JSON.stringify(ticket)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        var number = body && typeof body.confirmation === 'string' ? body.confirmation : '';
        done();
        if (response.status === 422 && body && Array.isArray(body.errors) && body.errors.length) {
          return refused(body.errors);
        }
        if (!response.ok || number === '') { return failed(FAILURES[response.status] || 'server-error'); }
        submissionId = null;
        storage('remove');
        $('[data-tolk-confirmation]').textContent = number;
        showOnly($('[data-tolk-submitted]'));
      });
    }, function () {
      done();
      failed('network-error');
    });
  }

  /** Label, shown value and field of each answered field, in page order. */
  function answers(ticket) {
    var shown = rules.fields.filter(function (f) { return ticket[f.id] !== undefined; }).map(function (f) {
      var value = ticket[f.id];
      if (f.type === 'choice') {
        // Codes are kebab-case (form.yaml says so), safe inside a selector.
        var control = form.querySelector('input[name="' + f.id + '"][value="' + value + '"]');
        var label = control && control.labels && control.labels.length ? Lang.content(control.labels[0]) :
          control && Lang.attr(control, 'data-label');
        value = label || value;
      } else if (Array.isArray(value)) {
        value = value.join(', ');
      }
      return {label: Lang.attr(fieldBox(f.id), 'data-label'), value: value, field: f.id};
    });
    return inPageOrder(shown);
  }

  /** A review row: the answer and, unless it is a fixed fact, a link back to its field. */
  function reviewRow(answer) {
    var row = document.createElement('div');
    row.className = 'review-row';
    var term = document.createElement('dt');
    var data = document.createElement('dd');
    Lang.setText(term, answer.label);
    Lang.setText(data, answer.value);
    data.dir = 'auto'; // what the reader typed, in whichever direction they wrote it
    row.appendChild(term);
    row.appendChild(data);
    var box = answer.field ? fieldBox(answer.field) : null;
    if (box && !box.querySelector('.fixed-fact')) {
      var action = document.createElement('dd');
      action.className = 'review-change';
      var link = document.createElement('a');
      link.href = '#' + box.getAttribute('data-focus-id');
      link.setAttribute('data-tolk-change', answer.field);
      Lang.setText(link, messages.change);
      var which = document.createElement('span');
      which.className = 'visually-hidden';
      Lang.setText(which, ' ' + answer.label);
      link.appendChild(which);
      action.appendChild(link);
      row.appendChild(action);
    }
    return row;
  }

  function review(ticket) {
    var list = $('[data-tolk-review-list]');
    var shown = answers(ticket);
    shown.push({label: messages['review-locale'], value: messages['locale-name'] + ' (' + locale + ')'});
    list.textContent = '';
    shown.forEach(function (a) { list.appendChild(reviewRow(a)); });
    var text = shown.map(function (a) {
      return Lang.plain(a.label) + ':' + (a.value.indexOf('\n') >= 0 ? '\n' : ' ') + Lang.plain(a.value);
    }).join('\n\n') + '\n';
    $('[data-tolk-review-text]').value = text;
    if (mailto) { mailto.href = mailtoHref(text); }
    var download = $('[data-tolk-download]');
    if (download.href.indexOf('blob:') === 0) { URL.revokeObjectURL(download.href); }
    var blob = new Blob([JSON.stringify(ticket, null, 2) + '\n'], {type: 'application/json'});
    download.href = URL.createObjectURL(blob);
    $('[data-tolk-copy-status]').textContent = '';
    showOnly($('[data-tolk-review]'));
  }

  /**
   * The [form] email link with the ticket as its body, cut (at a character, never inside
   * one) so the whole link stays under MAILTO_MAX, with a note saying so.
   */
  function mailtoHref(text) {
    var base = mailtoBase + '?subject=' + encodeURIComponent(Lang.plain(messages['email-subject'])) + '&body=';
    var whole = encodeURIComponent(text);
    if (base.length + whole.length <= MAILTO_MAX) { return base + whole; }
    var chars = Array.from(text);
    var cut = function (n) {
      return encodeURIComponent(chars.slice(0, n).join('') + '…\n\n' + Lang.plain(messages['email-shortened']));
    };
    var low = 0;
    var high = chars.length;
    while (low < high) {
      var mid = Math.ceil((low + high) / 2);
      if (base.length + cut(mid).length <= MAILTO_MAX) { low = mid; } else { high = mid - 1; }
    }
    return base + cut(low);
  }

  function copy() {
    var text = $('[data-tolk-review-text]');
    var status = $('[data-tolk-copy-status]');
    var failure = function () {
      Lang.setText(status, messages['copy-failed']);
      text.focus();
      text.select();
    };
    if (!navigator.clipboard || !navigator.clipboard.writeText) { return failure(); }
    navigator.clipboard.writeText(text.value).then(function () {
      Lang.setText(status, messages.copied);
      storage('remove');
    }, failure);
  }

  /** Back from the review to the form, focus on `target` (else the first field). */
  function edit(target) {
    $('[data-tolk-review]').hidden = true;
    form.hidden = false;
    document.title = baseTitle;
    var field = target || firstField();
    if (!field) { return; }
    var box = field.closest('[data-field]');
    var caption = box && box.querySelector('legend, label, .field-label');
    (caption || field).scrollIntoView();
    field.focus({preventScroll: true});
  }

  /* ------------------------------------------------------------ wiring */

  form.noValidate = true;
  restoreDraft();
  update();

  form.addEventListener('submit', onSubmit);
  form.addEventListener('input', function (event) {
    var id = fieldOf(event.target);
    if (id) { changed[id] = true; }
    storage('set', JSON.stringify(rawValues()));
    if (event.target.hasAttribute('name') && event.target.type !== 'radio') {
      var score = document.getElementById(event.target.id + '-score');
      if (score) { showScore(score); }
    }
  });
  form.addEventListener('change', function (event) {
    var id = fieldOf(event.target);
    if (id) { changed[id] = true; }
    storage('set', JSON.stringify(rawValues()));
    update();
    if (event.target.type === 'radio' && id) { recheck(id); }
  });
  form.addEventListener('focusout', function (event) {
    var id = fieldOf(event.target);
    if (id && event.target.type !== 'radio' && (changed[id] || hasError(id))) { recheck(id); }
  });
  summary.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a') : null;
    var target = link && document.getElementById(link.getAttribute('href').slice(1));
    if (!target) { return; }
    event.preventDefault();
    var box = target.closest('[data-field]');
    var caption = box && box.querySelector('legend, label');
    (caption || target).scrollIntoView();
    target.focus({preventScroll: true});
  });
  $('[data-tolk-draft-clear]').addEventListener('click', clearForm);
  $('[data-tolk-copy]').addEventListener('click', copy);
  $('[data-tolk-download]').addEventListener('click', function () { storage('remove'); });
  $('[data-tolk-edit]').addEventListener('click', function () { edit(null); });
  $('[data-tolk-review-list]').addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('[data-tolk-change]') : null;
    if (!link) { return; }
    event.preventDefault();
    edit(focusTarget(link.getAttribute('data-tolk-change')));
  });
  if (mailto) { mailto.addEventListener('click', function () { storage('remove'); }); }
}());
