// Live reload for `tolk serve`: only the preview server adds this script to pages (a built
// site never has it). It listens to the server's events (same origin, so the strict CSP's
// `connect-src 'self'` allows it) and, after a rebuild, reloads this page when its file changed,
// swaps the stylesheets when only CSS changed, and shows or removes the error overlay. Text goes
// into the page with textContent only. It names its page (`page=`) so that the server can tell
// when a page it reloaded is back.
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

  // Puts the new article (and the aside with its headings) of this page in place of the old
  // ones, for a previewed body edit: no reload, so the scroll position stays and nothing else
  // loads again. Reloads instead when the new page differs elsewhere (its title), when a newer
  // rebuild came, or on any failure. Once the article and its images are shown, the page
  // listens anew: the server waits for that before it rebuilds the rest of the site. The new
  // markup comes from this site's own server, as a reload would bring it.
  var swaps = 0;
  function swapArticle() {
    var article = document.querySelector("main article.article");
    if (!article || typeof fetch !== "function" || typeof DOMParser !== "function" ||
        typeof Promise !== "function") {
      return false;
    }
    var turn = ++swaps;
    var root = document.documentElement;
    root.setAttribute("data-tolk-shown", "pending");
    fetch(location.pathname + location.search, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (text) {
        if (turn !== swaps) return null;
        var next = new DOMParser().parseFromString(text, "text/html");
        var nextArticle = next.querySelector("main article.article");
        var aside = document.querySelector("main .page-aside");
        var nextAside = next.querySelector("main .page-aside");
        if (!nextArticle || next.title !== document.title || !aside !== !nextAside) {
          throw new Error("not an article edit");
        }
        nextArticle = document.adoptNode(nextArticle);
        article.replaceWith(nextArticle);
        if (aside) aside.replaceWith(document.adoptNode(nextAside));
        var images = Array.prototype.filter.call(nextArticle.querySelectorAll("img"), function (img) {
          return !img.complete && img.loading !== "lazy";
        });
        return Promise.all(images.map(function (img) {
          return new Promise(function (done) {
            img.addEventListener("load", done);
            img.addEventListener("error", done);
          });
        }));
      })
      .then(function () {
        if (turn !== swaps) return;
        root.setAttribute("data-tolk-shown", String(performance.timeOrigin + performance.now()));
        listen();
      })
      .catch(function () {
        location.reload();
      });
    return true;
  }

  // Connects once the page has loaded: the server knows then that a page it told to reload
  // is back, and starts the rebuild that follows a preview only after that (or a while).
  var events = null;
  function listen() {
    if (events) events.close();
    events = new EventSource("/__tolk/events?lang=" + encodeURIComponent(lang) +
      "&page=" + encodeURIComponent(own));
    events.addEventListener("message", function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.kind === "failed") {
        show(message);
      } else if (message.kind === "built") {
        hide();
        var mine = message.changed.indexOf(own) >= 0;
        if (message.articles && mine && swapArticle()) {
          return;
        }
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
  }
  if (document.readyState === "complete") {
    listen();
  } else {
    window.addEventListener("load", listen);
  }
})();
