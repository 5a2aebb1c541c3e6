// Live reload for `tolk serve`: only the preview server adds this script to pages (a built
// site never has it). It listens to the server's events (same origin, so the strict CSP's
// `connect-src 'self'` allows it) and, after a rebuild, reloads this page when its file changed,
// swaps the stylesheets when only CSS changed, and shows or removes the error overlay. Text goes
// into the page with textContent only.
(function () {
  "use strict";
  var lang = document.documentElement.getAttribute("lang") || "en-US";
  var own = location.pathname.replace(/^\//, "");
  if (own === "" || own.charAt(own.length - 1) === "/") own += "index.html";
  try { own = decodeURIComponent(own); } catch (e) { /* keep it encoded */ }

  function mustReload(changed) {
    return changed.some(function (file) {
      return file === own || !/\.(css|html|json)$/.test(file);
    });
  }

  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]:not([data-tolk])');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("tolk-reload", String(Date.now()));
      var next = link.cloneNode();
      next.href = url.href;
      next.addEventListener("load", function () { link.remove(); });
      link.after(next);
    });
  }

  function hide() {
    var old = document.getElementById("tolk-overlay");
    if (old) old.remove();
    document.documentElement.removeAttribute("data-tolk-failed");
  }

  function element(tag, text, parent) {
    var el = document.createElement(tag);
    if (text) el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function show(failure) {
    hide();
    if (!document.querySelector("link[data-tolk]")) {
      var sheet = document.createElement("link");
      sheet.rel = "stylesheet";
      sheet.href = "/__tolk/overlay.css";
      sheet.setAttribute("data-tolk", "");
      document.head.appendChild(sheet);
    }
    var texts = failure.texts;
    var box = document.createElement("section");
    box.id = "tolk-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("lang", texts.lang);
    box.setAttribute("aria-labelledby", "tolk-overlay-title");
    element("h2", texts.title, box).id = "tolk-overlay-title";
    element("p", texts.intro, box);
    failure.problems.forEach(function (problem) {
      var pre = element("pre", problem.text, box);
      pre.setAttribute("data-location", problem.location);
    });
    if (texts.more) element("p", texts.more, box);
    document.body.appendChild(box);
    document.documentElement.setAttribute("data-tolk-failed", "");
  }

  var events = new EventSource("/__tolk/events?lang=" + encodeURIComponent(lang));
  events.addEventListener("message", function (event) {
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (message.kind === "failed") {
      show(message);
    } else if (message.kind === "built") {
      hide();
      if (mustReload(message.changed)) {
        location.reload();
      } else if (message.changed.some(function (f) { return /\.css$/.test(f); })) {
        swapStyles();
      }
    }
  });
  // Tests and curious readers can see that the page listens.
  events.addEventListener("open", function () {
    document.documentElement.setAttribute("data-tolk-live", "");
  });
})();
