/* kb: Material's search box, answered from the locale's Pagefind index (pagefind/) instead of Material's lunr
   worker, which needs the whole index before the first result. Material talks to its search "worker" in
   messages (SETUP, READY, QUERY, RESULT); this script stands in for that worker, in the page, so Material keeps
   its look and habits (the box in the header, "/" and "s", arrow keys and Enter, highlighting on the page opened).
   A query fetches only the index chunks and the fragments of the results it shows. A code-shaped query that finds
   is compared with the known codes of its length (+/- 2), fetched then: one misspelled code still finds its page.
   No dependencies; loaded before Material's bundle by site_overrides/main.html. */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  /* Material's SearchMessageType */
  var SECTIONS = 4;                                 /* sub-results shown under a page */
  var RESULTS = 10;                                 /* pages whose fragment is fetched for one query */
  var CODE_RE = /^(?=.*(?:[a-z][A-Z]|[A-Za-z][0-9]|_))[A-Za-z][A-Za-z0-9_\-]{7,}$/;
  /* A word that looks like a code: camelCase humps, letters and digits, or an underscore; 8 characters or more. */
  var NativeWorker = window.Worker;

  function siteBase() {
    var element = document.getElementById("__config");
    var config = element ? JSON.parse(element.textContent) : { base: "." };
    return new URL(config.base || ".", window.location.href);
  }

  var engine = null;
  function pagefind() {
    if (!engine) {
      var base = siteBase();
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return module.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () { return module; });
      });
    }
    return engine;
  }

  /* Optimal string alignment distance (a transposition is one edit), stopping past `limit`. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var previous2 = null, previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
        if (value < best) { best = value; }
      }
      if (best > limit) { return limit + 1; }
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  var codeLists = {};
  function codesOfLength(length) {
    if (!codeLists[length]) {
      codeLists[length] = fetch(new URL("search/codes/" + length + ".json", siteBase()).href)
        .then(function (response) { return response.ok ? response.json() : []; }, function () { return []; });
    }
    return codeLists[length];
  }

  /* The known code nearest to `word` (up to 2 edits), `word` itself when it is a code, or null. */
  function correctCode(word) {
    var limit = 2;
    var lengths = [];
    for (var length = Math.max(1, word.length - limit); length <= word.length + limit; length++) { lengths.push(codesOfLength(length)); }
    return Promise.all(lengths).then(function (lists) {
      var lowered = word.toLowerCase(), best = null, bestDistance = limit + 1;
      lists.forEach(function (codes) {
        codes.forEach(function (code) {
          var known = code.toLowerCase();
          var found = known === lowered ? 0 : known.indexOf(lowered) >= 0 ? -1 : distance(lowered, known, limit);
          if (found < 0) { best = word; bestDistance = 0; return; }  /* a piece of a known code: no typo */
          if (found < bestDistance || (found === bestDistance && best !== null && code < best)) { best = code; bestDistance = found; }
        });
      });
      return bestDistance <= limit ? best : null;
    });
  }

  /* Dotted names ("Extensions.Enable", "waagent.conf") are indexed also run together (the pages' keywords). */
  function searchable(text) {
    return text.split(/\s+/).map(function (word) {
      return /\w\.\w/.test(word) ? word.replace(/\./g, "").toLowerCase() + " " + word : word;
    }).join(" ");
  }

  /* The first words of a text, escaped, with the query's words marked as Pagefind marks them. */
  function marked(text, terms) {
    var words = String(text).split(/\s+/).filter(Boolean);
    var shown = words.slice(0, 30).map(function (word) {
      var bare = word.toLowerCase().replace(/[^\w]/g, "");
      var hit = Object.keys(terms).some(function (term) { return bare && bare.indexOf(term.replace(/[^\w]/g, "")) === 0; });
      return hit ? "<mark>" + escapeHTML(word) + "</mark>" : escapeHTML(word);
    });
    return shown.join(" ") + (words.length > 30 ? " …" : "");
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  /* One Material result group: the page first (no '#' in its location), then its best sections. */
  function group(data, score, terms) {
    var meta = data.meta || {};
    /* Error pages carry their code as a tag (Material shows it as a badge on the result) and their description as
       the text: their excerpt would show the code's pieces indexed for search. */
    var text = meta.kind === "error" ? marked(meta.description || "", terms) : data.excerpt || "";
    var items = [{ location: data.url, title: escapeHTML(meta.title || data.url), text: text, score: score, terms: terms, tags: meta.code ? [meta.code] : undefined }];
    (data.sub_results || []).forEach(function (sub) {
      if (items.length > SECTIONS || sub.url.indexOf("#") < 0 || sub.url === data.url) { return; }
      items.push({ location: sub.url, title: escapeHTML(sub.title || ""), text: sub.excerpt || "", score: score / 2, terms: terms });
    });
    return items;
  }

  /* Pagefind finds the pages holding every word. When they are fewer than a page of results, the pages holding
     some of the words follow, by how many words they hold and then by their summed scores: a question worded
     unlike the page ("dischi più grandi di 32 TB") still finds it, as Material's lunr search (any word) did. */
  function widened(module, results, words) {
    if (results.length >= RESULTS || words.length < 2) { return Promise.resolve(results); }
    return Promise.all(words.map(function (word) { return module.search(searchable(word)); })).then(function (each) {
      var seen = {}, merged = [];
      results.forEach(function (result) { seen[result.id] = true; });
      each.forEach(function (found) {
        found.results.forEach(function (result) {
          if (seen[result.id] === true) { return; }
          var entry = seen[result.id];
          if (!entry) { entry = seen[result.id] = { result: result, words: 0, score: 0 }; merged.push(entry); }
          entry.words += 1;
          entry.score += result.score;
        });
      });
      merged.sort(function (a, b) { return b.words - a.words || b.score - a.score; });
      return results.concat(merged.map(function (entry) { return { id: entry.result.id, score: entry.score, data: entry.result.data }; }));
    });
  }

  function run(query) {
    var text = query.trim();
    if (!text) { return Promise.resolve({ items: [] }); }
    var words = text.split(/\s+/);
    /* One code-shaped word is first compared with the known codes of about its length (a few small files). */
    var corrected = words.length === 1 && CODE_RE.test(text) ? correctCode(text) : Promise.resolve(null);
    return Promise.all([pagefind(), corrected]).then(function (both) {
      var module = both[0], code = both[1];
      var asked = code || text;
      return module.search(searchable(asked)).then(function (found) {
        return widened(module, found.results, code ? [] : words);
      }).then(function (results) { return [results, code ? [code] : words]; });
    }).then(function (pair) {
      var terms = {};
      pair[1].forEach(function (word) { terms[word.toLowerCase()] = true; });
      var top = pair[0].slice(0, RESULTS);
      return Promise.all(top.map(function (result) { return result.data(); })).then(function (datas) {
        return { items: datas.map(function (data, index) { return group(data, top[index].score, terms); }) };
      });
    });
  }

  /* Material's search "worker": an EventTarget that answers its messages. */
  function SearchWorker() {
    var target = document.createDocumentFragment();
    var latest = 0;
    function reply(message) {
      var event = new MessageEvent("message", { data: message });
      target.dispatchEvent(event);
      if (typeof worker.onmessage === "function") { worker.onmessage(event); }
    }
    var worker = {
      onmessage: null,
      addEventListener: target.addEventListener.bind(target),
      removeEventListener: target.removeEventListener.bind(target),
      dispatchEvent: target.dispatchEvent.bind(target),
      terminate: function () {},
      postMessage: function (message) {
        if (!message) { return; }
        if (message.type === SETUP) {
          window.setTimeout(function () { reply({ type: READY }); }, 0);
        } else if (message.type === QUERY) {
          var number = ++latest;
          run(String(message.data || "")).then(function (result) {
            if (number === latest) { reply({ type: RESULT, data: result }); }
          }, function (error) {
            if (window.console) { window.console.warn("kb search:", error); }
            if (number === latest) { reply({ type: RESULT, data: { items: [] } }); }
          });
        }
      }
    };
    return worker;
  }

  window.Worker = function (url, options) {
    if (/workers\/search\./.test(String(url))) { return SearchWorker(); }
    return new NativeWorker(url, options);
  };
  window.Worker.prototype = NativeWorker ? NativeWorker.prototype : {};
})();
