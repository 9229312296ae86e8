/*
 * Công khai's part of the web editor at /admin/ (Decap CMS, served from the site itself).
 *
 * It makes a saved response the file a careful person writes by hand: the keys in the
 * contract's order, an item id in double quotes, dates as YYYY-MM-DD, other text plain unless
 * YAML would read it as something else, NFC text, the answer after one blank line, one newline
 * at the end; and the path <body>/<session>/<opinion>.<item>-<n>.md in the folder of the session's
 * body, n the next free number. Before
 * saving it refuses what the build's checks would, with their very messages (congkhai.json,
 * made by outputs/admin.py from validation.py). Everything it needs comes from this site.
 */
(function () {
  "use strict";
  window.CMS_MANUAL_INIT = true;

  var form = null; // congkhai.json

  function nfc(value) {
    return typeof value === "string" ? value.normalize("NFC") : value;
  }

  // Text YAML would read as something other than itself, or cannot hold plain.
  var SPECIAL = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\.?\d[\d_.:eE+-]*|\.inf|\.nan)|\d{4}-\d{1,2}-\d{1,2}.*)$/i;

  function plainIsSafe(text) {
    return text !== "" && !SPECIAL.test(text) && !/^[\s\-?:,\[\]{}#&*!|>'"%@`]/.test(text) &&
      !/:\s|\s#|:$|\s$|[\n\t\\]/.test(text);
  }

  function scalar(value, quoted) {
    var text = nfc(String(value));
    if (!quoted && plainIsSafe(text)) return text;
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") + '"';
  }

  function toFile(data) {
    var lines = ["---"];
    form.order.forEach(function (key) {
      var value = data[key];
      if (value === undefined || value === null || value === "") return;
      var text = nfc(String(value));
      var asDate = form.dates.indexOf(key) >= 0 && /^\d{4}-\d{2}-\d{2}$/.test(text);
      lines.push(key + ": " + (asDate ? text : scalar(text, form.quoted.indexOf(key) >= 0)));
    });
    lines.push("---", "");
    var body = nfc(String(data[form.body] || "")).replace(/\r\n?/g, "\n").replace(/\s+$/, "");
    return lines.join("\n") + "\n" + body + "\n";
  }

  function fromFile(text) {
    var match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
    var data = {};
    if (!match) {
      data[form.body] = text;
      return data;
    }
    match[1].split(/\r?\n/).forEach(function (line) {
      var pair = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
      if (!pair || line.charAt(0) === "#") return;
      var value = pair[2].replace(/\s+#.*$/, "");
      if (value.charAt(0) === '"') value = JSON.parse(value);
      else if (value.charAt(0) === "'") value = value.slice(1, -1).replace(/''/g, "'");
      data[pair[1]] = value;
    });
    data[form.body] = match[2].replace(/^\r?\n/, "");
    return data;
  }

  // A session or a supervision record, written by the tree of keys of its format (congkhai.json,
  // from rules.py): the contract's order, text plain unless YAML would misread it, item ids and
  // codes quoted, dates as YYYY-MM-DD, Markdown of several lines as a |- block, lists and blocks
  // indented as the sample and the skeletons indent them ("  - " under their key).
  function empty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  function yamlLines(lines, data, fields, indent, first) {
    var lead = first;
    fields.forEach(function (field) {
      var value = data[field.name];
      if (empty(value)) return;
      var start = lead + field.name + ":";
      lead = indent;
      if (field.kind === "list") {
        lines.push(start);
        value.forEach(function (v) { lines.push(indent + "  - " + scalar(v, field.quoted)); });
      } else if (field.kind === "mapping-list") {
        lines.push(start);
        value.forEach(function (block) { yamlLines(lines, block || {}, field.fields, indent + "    ", indent + "  - "); });
      } else if (field.kind === "int" || field.kind === "date") {
        lines.push(start + " " + nfc(String(value)));
      } else if (field.kind === "markdown" && /\n/.test(String(value).trim())) {
        lines.push(start + " |-");
        nfc(String(value)).replace(/\r\n?/g, "\n").replace(/\s+$/, "").split("\n").forEach(function (line) {
          lines.push(line.trim() ? indent + "  " + line.replace(/\s+$/, "") : "");
        });
      } else {
        lines.push(start + " " + scalar(String(value).trim(), field.quoted));
      }
    });
  }

  function readYaml(text) {
    return window.jsyaml.load(text, {schema: window.jsyaml.CORE_SCHEMA}) || {};
  }

  function recordFormat(name) {
    var spec = form.formats[name];
    return {
      fromFile: function (text) {
        if (!spec.frontmatter) return readYaml(text);
        var match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
        if (!match) { var only = {}; only[spec.body] = text; return only; }
        var data = readYaml(match[1]);
        data[spec.body] = match[2].replace(/^\r?\n/, "");
        return data;
      },
      toFile: function (data, sortedKeys, comments) {
        var lines = [];
        yamlLines(lines, data, spec.fields, "", "");
        if (!spec.frontmatter) {
          var head = headOf(data);
          return (head ? head + "\n" : "") + lines.join("\n") + "\n";
        }
        var body = nfc(String(data[spec.body] || "")).replace(/\r\n?/g, "\n").replace(/\s+$/, "");
        return "---\n" + lines.join("\n") + "\n---\n\n" + body + "\n";
      }
    };
  }

  // The folder a record lives in (a body's sessions, the supervision records), as congkhai.json names it.
  function folderOf(path) {
    var folder = path.slice(0, path.lastIndexOf("/"));
    return form.folders[folder] ? folder : "";
  }

  function headOf(data) {
    var folder = Object.keys(form.folders).filter(function (f) {
      return form.folders[f].format === "congkhai-session" && (!data.body || f.split("/").pop() === data.body);
    })[0];
    return folder ? form.folders[folder].head : "";
  }

  // A new record's name, as the skeletons make it: its keys joined by "-" (the first of
  // "commune|body|audience" that is filled in).
  function recordName(spec, data) {
    return spec.name.map(function (keys) {
      return keys.split("|").map(function (k) { return data[k]; }).filter(function (v) { return !empty(v); })[0] || "";
    }).filter(Boolean).join("-");
  }

  // Each place, in the Vietnamese sentence and in the English message after it.
  function fill(message, values) {
    return message.split("{got}").join(values.got).split("{expected}").join(values.expected);
  }

  // What the build would refuse and only the form can see in time: the answer text left out,
  // a date before the session, an extension not after the deadline or without its reason.
  function problems(data) {
    var found = [];
    var item = data.get("item");
    var date = data.get("date");
    var body = String(data.get(form.body) || "").trim();
    if (!body) found.push(form.messages["required." + form.body]);
    if (item && date && form.session[item] && date < form.session[item]) {
      found.push(fill(form.messages["date.before_session"], {got: date, expected: form.session[item]}));
    }
    var extended = data.get("extended_due");
    if (extended && item && form.due[item] && extended <= form.due[item]) {
      found.push(fill(form.messages["extended_due.not_after_due"], {got: extended, expected: form.due[item]}));
    }
    if (extended && !data.get("reason")) found.push(form.messages["required.reason"]);
    return found;
  }

  function preSave(args) {
    var entry = args.entry;
    var data = entry.get("data");
    var response = form.collections.indexOf(entry.get("collection")) >= 0;
    var found = response ? problems(data) : [];
    if (found.length) throw new Error(found.join("\n"));
    data.forEach(function (value, key) {
      if (typeof value === "string") data = data.set(key, nfc(value));
    });
    if (entry.get("newRecord") && response) data = data.set("_session", data.get("item").split("/")[0]);
    if (entry.get("newRecord") && !response) {
      // Decap wants a slug before saving; the wrapped backend names the file (persistEntry).
      var format = entry.get("collection") === form.supervision ? "congkhai-supervision" : "congkhai-session";
      var spec = form.folders[Object.keys(form.folders).filter(function (f) { return form.folders[f].format === format; })[0]];
      data = data.set("_name", recordName(spec, data.toJS()) || "moi");
    }
    return data;
  }

  // Decap names a new file from a slug, and its slugs turn the dot of "3.2" into a dash; the
  // contract's name is <body>/<session>/<opinion>.<item>-<n>.md. So the backend (whichever the site
  // uses) is wrapped: a new response's file is given the name the contract makes from its
  // item, the next free number, and Decap finds it there afterwards.
  function itemOf(file) {
    var match = /^item: "([^"]+)"$/m.exec(file.raw || "");
    return match && file.path.indexOf(form.folder + "/") === 0 ? match[1] : "";
  }

  // In the folder of the item's session, in its body's folder (congkhai.json, from model.response_place).
  function numbered(item, n) {
    var session = item.split("/")[0];
    var folder = form.answers[session] || form.folder + "/" + session;
    return folder + "/" + item.slice(session.length + 1) + "-" + n + ".md";
  }

  function wrappedBackend(name) {
    var original = window.CMS.getBackend(name);
    return function Backend(config, options) {
      var backend = original.init(config, options);
      var moved = {};
      var persist = backend.persistEntry.bind(backend);
      var getEntry = backend.getEntry.bind(backend);
      // The next number as the build counted; one taken since (a second answer saved before
      // the next build, or by someone else) is skipped, so no answer is ever written over.
      function exists(path) {
        return getEntry(path).then(function (found) { return Boolean(found && found.data !== null); },
          function () { return false; });
      }

      function free(item, n) {
        var path = numbered(item, n);
        return exists(path).then(function (taken) { return taken ? free(item, n + 1) : path; });
      }

      // A new session or record: the name the skeletons give it (<day>-<commune or body>,
      // <day>-<body>), then -2, -3… when a file of that name exists, as invoke new-session does;
      // Decap's own slugs would add -1.
      function freeRecord(folder, base, extension, n) {
        var path = folder + "/" + base + (n > 1 ? "-" + n : "") + "." + extension;
        return exists(path).then(function (taken) { return taken ? freeRecord(folder, base, extension, n + 1) : path; });
      }

      backend.persistEntry = function (entry, opts) {
        var file = entry.dataFiles[0];
        var folder = file && opts && opts.newEntry ? folderOf(file.path) : "";
        if (folder) {
          var spec = form.folders[folder];
          var base = recordName(spec, readYaml(spec.format === "congkhai-supervision"
            ? file.raw.split(/\r?\n---\r?\n/)[0].replace(/^---\r?\n/, "") : file.raw));
          return freeRecord(folder, base, spec.extension, 1).then(function (path) {
            moved[file.path] = path;
            file.path = path;
            return persist(entry, opts);
          });
        }
        var item = file && opts && opts.newEntry ? itemOf(file) : "";
        if (!item) return persist(entry, opts);
        return free(item, form.next[item] || 1).then(function (path) {
          moved[file.path] = path;
          file.path = path;
          return persist(entry, opts);
        });
      };
      backend.getEntry = function (path) {
        return getEntry(moved[path] || path);
      };
      return backend;
    };
  }

  // The list of outstanding items: Decap's select renders every match and folds no đ, which
  // at 20,000 items is seconds a key (benchmarks/RESULTS.md). This one folds the clerk's words
  // and each option as the site's search does (accents off, đ as d), keeps the options whose
  // text has every word, and shows the first few; the options are the field's, from config.yml.
  var SHOWN = 20;
  var folded = new WeakMap();

  function fold(text) {
    return nfc(String(text)).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function foldedOptions(options) {
    if (!folded.has(options)) {
      folded.set(options, options.toJS().map(function (o) { return {label: o.label, value: o.value, text: fold(o.label)}; }));
    }
    return folded.get(options);
  }

  // Options holding the words as typed, one after the other, come first; then those holding
  // every word anywhere.
  function matching(options, query) {
    var phrase = fold(query).replace(/\s+/g, " ").trim();
    var words = phrase.split(" ").filter(Boolean);
    var first = [], then = [];
    for (var i = 0; i < options.length && first.length < SHOWN; i++) {
      var text = options[i].text;
      if (text.indexOf(phrase) >= 0) first.push(options[i]);
      else if (then.length < SHOWN && words.every(function (w) { return text.indexOf(w) >= 0; })) then.push(options[i]);
    }
    return first.concat(then).slice(0, SHOWN);
  }

  function itemControl() {
    var h = window.h;
    return window.createClass({
      getInitialState: function () { return {query: ""}; },
      render: function () {
        var self = this;
        var options = foldedOptions(this.props.field.get("options"));
        var value = this.props.value || "";
        var chosen = options.filter(function (o) { return o.value === value; })[0];
        var shown = this.state.query ? matching(options, this.state.query) : [];
        return h("div", {className: this.props.classNameWrapper},
          h("p", {className: "congkhai-chosen"}, chosen ? chosen.label : value || form.words.none),
          h("input", {id: this.props.forID, type: "search", value: this.state.query, autoComplete: "off",
            "aria-label": form.words.search, placeholder: form.words.type,
            onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
            onChange: function (event) { self.setState({query: event.target.value}); }}),
          h("ul", {role: "listbox"}, shown.map(function (o) {
            return h("li", {key: o.value, role: "option", "aria-selected": o.value === value,
              onClick: function () { self.props.onChange(o.value); self.setState({query: ""}); }}, o.label);
          })));
      }
    });
  }

  // The preview: the response as the item's page shows it, with the site's own styles.
  function preview(props) {
    var h = window.h;
    var get = function (key) { return props.entry.getIn(["data", key]); };
    var outcome = get("outcome");
    var outcomes = {};
    (form.outcomes || []).forEach(function (o) { outcomes[o.value] = o.label; });
    return h("article", {className: "response"},
      h("h3", {}, (get("date") || "") + (outcome ? " – " + (outcomes[outcome] || outcome) : "")),
      h("p", {className: "speaker"}, get("item") || ""),
      h("div", {className: "prose"}, props.widgetFor(form.body)),
      get("document") ? h("p", {}, get("document")) : null);
  }

  // What only the build can check (the privacy guard, a dangling reference, dates across
  // files): after each save, the editing server of `invoke edit` runs the build's checks on
  // the checkout and answers the saved file's problems (tools/editserver.py); they show in a
  // panel, Vietnamese first, naming the field. Elsewhere (GitHub, Gitea) there is no such
  // address: the failed check of the pull request says them (docs/editing-web.md).
  function panel() {
    var found = document.getElementById("congkhai-problems");
    if (found) return found;
    found = document.createElement("section");
    found.id = "congkhai-problems";
    found.setAttribute("role", "alert");
    found.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:1000;max-height:40vh;" +
      "overflow:auto;background:#fff4f4;border:2px solid #b00020;padding:.75rem 1rem;font:15px/1.4 sans-serif";
    document.body.appendChild(found);
    return found;
  }

  function showProblems(answer) {
    var shown = panel();
    shown.textContent = "";
    if (!answer.problems.length) {
      shown.hidden = true;
      return;
    }
    shown.hidden = false;
    var title = document.createElement("h2");
    title.style.cssText = "font-size:1rem;margin:0 0 .5rem";
    title.textContent = form.words.problems.split("{count}").join(answer.problems.length);
    shown.appendChild(title);
    var list = document.createElement("ul");
    answer.problems.forEach(function (problem) {
      var line = document.createElement("li");
      var key = problem.field.charAt(0) === "(" ? "" : " (" + problem.field + ")";  // "(answer)" is no key
      var where = (problem.label ? problem.label + key : problem.field) +
        (problem.line ? ", " + form.words.line + " " + problem.line : "") + ": ";
      // The interface's language first, the other below.
      var first = form.lang === "vi" ? problem.vietnamese : problem.english;
      line.appendChild(document.createTextNode(where + first));
      var other = document.createElement("div");
      other.style.cssText = "color:#555;font-size:.85em";
      other.textContent = form.lang === "vi" ? problem.english : problem.vietnamese;
      line.appendChild(other);
      list.appendChild(line);
    });
    shown.appendChild(list);
  }

  function postSave(args) {
    var data = args.entry.get("data");
    var query = "path=" + encodeURIComponent(args.entry.get("path") || "") +
      "&item=" + encodeURIComponent(data.get("item") || "");
    return fetch("/api/congkhai/problems?" + query, {cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) { if (answer) showProblems(answer); }, function () {});
  }

  // The interface's language: Vietnamese, or the one asked for by ?lang= (the English site's link)
  // or by the switch, kept in localStorage for the next visit. The files saved are the same in
  // either: only labels, hints and messages differ (config.yml, config.en.yml).
  var STORED = "congkhai-admin-lang";

  function chosenLanguage(languages) {
    var asked = new URLSearchParams(window.location.search).get("lang");
    var stored = null;
    try { stored = window.localStorage.getItem(STORED); } catch (e) { /* storage off: Vietnamese */ }
    var lang = languages[asked] ? asked : languages[stored] ? stored : "vi";
    try { window.localStorage.setItem(STORED, lang); } catch (e) { /* not kept */ }
    return lang;
  }

  // «English» on the Vietnamese editor, «Tiếng Việt» on the English one: the same address in
  // the other language, the editor's place (after #) kept.
  function languageSwitch() {
    Object.keys(form.languages).forEach(function (lang) {
      if (lang === form.lang) return;
      var link = document.createElement("a");
      link.id = "congkhai-language";
      link.lang = lang;
      link.hreflang = lang;
      link.href = "?lang=" + lang + window.location.hash;
      link.textContent = form.languages[lang].name;
      link.style.cssText = "position:fixed;right:.75rem;bottom:.75rem;z-index:1001;background:#fff;" +
        "border:1px solid #798291;border-radius:4px;padding:.25rem .6rem;font:14px/1.4 sans-serif;color:#1a55b0";
      link.addEventListener("click", function (event) {
        event.preventDefault();
        try { window.localStorage.setItem(STORED, lang); } catch (e) { /* the address says it */ }
        window.location.assign("?lang=" + lang + window.location.hash);
      });
      document.body.appendChild(link);
    });
  }

  function start(data) {
    form = data;
    var CMS = window.CMS;
    document.documentElement.lang = form.lang;
    document.title = form.words.title;
    // Decap reads its configuration from the address this link names (config.yml without it).
    var configLink = document.createElement("link");
    configLink.rel = "cms-config-url";
    configLink.type = "text/yaml";
    configLink.href = form.config;
    document.head.appendChild(configLink);
    languageSwitch();
    var locale = CMS.getLocale(form.lang);
    locale.editor.editorControlPane.widget.required = form.required;
    CMS.registerLocale(form.lang, locale);
    CMS.registerBackend("congkhai-" + form.backend, wrappedBackend(form.backend));
    CMS.registerWidget("congkhai-item", itemControl());
    CMS.registerCustomFormat("congkhai-response", "md", {fromFile: fromFile, toFile: toFile});
    CMS.registerCustomFormat("congkhai-session", "yaml", recordFormat("congkhai-session"));
    CMS.registerCustomFormat("congkhai-supervision", "md", recordFormat("congkhai-supervision"));
    CMS.registerEventListener({name: "preSave", handler: preSave});
    CMS.registerEventListener({name: "postSave", handler: postSave});
    CMS.registerPreviewStyle(form.style);
    form.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, preview); });
    // The clerk's main task first: /admin/ opens on a new answer's form, whose list of items
    // the build wrote; Decap's own start, the list of every response, reads each file first
    // (seconds at 20,000 items, benchmarks/RESULTS.md); the form reads its own body's folder only.
    // Every collection is a click away.
    var landing = "#/collections/" + form.landing + "/new";
    if (!/#./.test(window.location.href) || /#\/?$/.test(window.location.href)) {
      window.location.replace(landing);
      // Once the clerk is signed in (by the sign-in page or as before), Decap takes one step
      // from the opened address to its first collection's list: that one step is turned back.
      var back = function (event) {
        if (event.newURL.slice(-landing.length) === landing) return;  // the step above
        window.removeEventListener("hashchange", back);
        if (/#\/collections\/[^/]+$/.test(event.newURL)) window.location.replace(landing);
      };
      window.addEventListener("hashchange", back);
    }
    CMS.init();
  }

  function load(file) {
    return fetch(file).then(function (r) { return r.json(); });
  }

  window.addEventListener("DOMContentLoaded", function () {
    load("congkhai.json").then(function (vietnamese) {
      var lang = chosenLanguage(vietnamese.languages);
      return lang === "vi" ? vietnamese : load(vietnamese.languages[lang].data);
    }).then(start);
  });
})();
