/*
 * tolk ticket form: the page around static/js/ticket.js.
 *
 * Once loaded it turns native validation off (novalidate) and validates on submit and when the
 * reader leaves a field they changed, never on each keystroke. Errors follow the GOV.UK Design
 * System: a summary at the top that takes focus and links to each field, an inline message tied
 * to its field with aria-describedby and aria-invalid, and "Error: " before the page title while
 * errors stand. The CVSS score shows as the reader types. A draft is kept in sessionStorage
 * (this tab, this visit only: another page of the origin cannot read it once the tab is
 * closed) and removed once the ticket is submitted, downloaded or copied.
 * With an endpoint (data-tolk-endpoint) the ticket is POSTed as JSON; without one the reader
 * reviews it, downloads it as JSON or copies it as text.
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
  // One id per ticket, kept until it is confirmed: the receiver answers a resend with the
  // first confirmation number instead of storing the ticket twice.
  var submissionId = null;
  var baseTitle = document.title;
  var DRAFT_KEY = 'tolk.ticket.draft';
  var changed = {};
  var messages = {};
  Array.prototype.forEach.call(document.querySelectorAll('[data-tolk-messages] [data-code]'),
    function (item) { messages[item.getAttribute('data-code')] = Lang.content(item); });

  function $(selector) { return document.querySelector(selector); }
  function fieldBox(id) { return form.querySelector('[data-field="' + id + '"]'); }
  function controls(id) { return form.querySelectorAll('[name="' + id + '"]'); }
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
    Array.prototype.forEach.call(form.querySelectorAll('[data-tolk-score]'), showScore);
  }

  function showScore(output) {
    var input = document.getElementById(output.id.replace(/-score$/, ''));
    var text = input.value.trim();
    var parsed = window.TolkRules.parseCvss(text);
    output.className = 'cvss-score';
    if (text === '') {
      Lang.setText(output, '');
    } else if (parsed.ok) {
      var severity = parsed.vector.severity.toLowerCase();
      // In a text that fell back to another language, the score is written that language's way.
      var scoreLocale = Lang.langOf(messages['cvss-score']) || numberLocale;
      var score = new Intl.NumberFormat(scoreLocale, {minimumFractionDigits: 1, maximumFractionDigits: 1})
        .format(parsed.vector.baseScore);
      Lang.setText(output, fill(messages['cvss-score'], {
        version: parsed.vector.version, score: score, severity: messages['severity.' + severity]
      }));
      output.className = 'cvss-score severity-' + severity;
    } else {
      Lang.setText(output, messages['cvss-incomplete']);
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
  function fillSummary(errors) {
    var list = summary.querySelector('ul');
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
        if (!response.ok || number === '') { return failed('server-error'); }
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

  /** Label and shown value of each answered field, in form order. */
  function answers(ticket) {
    return rules.fields.filter(function (f) { return ticket[f.id] !== undefined; }).map(function (f) {
      var value = ticket[f.id];
      if (f.type === 'choice') {
        // Codes are kebab-case (form.yaml says so), safe inside a selector.
        var radio = form.querySelector('input[name="' + f.id + '"][value="' + value + '"]');
        value = radio && radio.labels.length ? Lang.content(radio.labels[0]) : value;
      } else if (Array.isArray(value)) {
        value = value.join(', ');
      }
      return {label: Lang.attr(fieldBox(f.id), 'data-label'), value: value};
    });
  }

  function review(ticket) {
    var list = $('[data-tolk-review-list]');
    var shown = answers(ticket);
    shown.push({label: messages['review-locale'], value: messages['locale-name'] + ' (' + locale + ')'});
    list.textContent = '';
    shown.forEach(function (a) {
      var term = document.createElement('dt');
      var data = document.createElement('dd');
      Lang.setText(term, a.label);
      Lang.setText(data, a.value);
      data.dir = 'auto'; // what the reader typed, in whichever direction they wrote it
      list.appendChild(term);
      list.appendChild(data);
    });
    $('[data-tolk-review-text]').value = shown.map(function (a) {
      return Lang.plain(a.label) + ':' + (a.value.indexOf('\n') >= 0 ? '\n' : ' ') + Lang.plain(a.value);
    }).join('\n\n') + '\n';
    var download = $('[data-tolk-download]');
    if (download.href.indexOf('blob:') === 0) { URL.revokeObjectURL(download.href); }
    var blob = new Blob([JSON.stringify(ticket, null, 2) + '\n'], {type: 'application/json'});
    download.href = URL.createObjectURL(blob);
    $('[data-tolk-copy-status]').textContent = '';
    showOnly($('[data-tolk-review]'));
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

  function edit() {
    $('[data-tolk-review]').hidden = true;
    form.hidden = false;
    document.title = baseTitle;
    var first = form.querySelector('input, textarea');
    if (first) { first.focus(); }
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
  $('[data-tolk-edit]').addEventListener('click', edit);
}());
