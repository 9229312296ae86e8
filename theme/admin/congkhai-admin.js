/*
 * Công khai's part of the web editor at /admin/ (Decap CMS, served from the site itself).
 *
 * It makes a saved response the file a careful person writes by hand: the keys in the
 * contract's order, an item id in double quotes, dates as YYYY-MM-DD, other text plain unless
 * YAML would read it as something else, NFC text, the answer after one blank line, one newline
 * at the end; and the path <session>/<opinion>.<item>-<n>.md, n the next free number. Before
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
    var found = problems(data);
    if (found.length) throw new Error(found.join("\n"));
    data.forEach(function (value, key) {
      if (typeof value === "string") data = data.set(key, nfc(value));
    });
    if (entry.get("newRecord")) data = data.set("_session", data.get("item").split("/")[0]);
    return data;
  }

  // Decap names a new file from a slug, and its slugs turn the dot of "3.2" into a dash; the
  // contract's name is <session>/<opinion>.<item>-<n>.md. So the backend (whichever the site
  // uses) is wrapped: a new response's file is given the name the contract makes from its
  // item, the next free number, and Decap finds it there afterwards.
  function itemOf(file) {
    var match = /^item: "([^"]+)"$/m.exec(file.raw || "");
    return match && file.path.indexOf(form.folder + "/") === 0 ? match[1] : "";
  }

  function numbered(item, n) {
    return form.folder + "/" + item + "-" + n + ".md";
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

      backend.persistEntry = function (entry, opts) {
        var file = entry.dataFiles[0];
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
          h("p", {className: "congkhai-chosen"}, chosen ? chosen.label : value || "Chưa chọn nội dung nào."),
          h("input", {id: this.props.forID, type: "search", value: this.state.query, autoComplete: "off",
            "aria-label": "Tìm nội dung còn chờ trả lời",
            placeholder: "Gõ mã nội dung, tên cơ quan, đơn vị hoặc vài chữ trong câu hỏi",
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
    title.textContent = "Bước kiểm tra của hệ thống báo " + answer.problems.length +
      " lỗi ở tệp vừa lưu; sửa rồi lưu lại (chưa thể đăng) / the build's checks refuse the saved file";
    shown.appendChild(title);
    var list = document.createElement("ul");
    answer.problems.forEach(function (problem) {
      var line = document.createElement("li");
      var key = problem.field.charAt(0) === "(" ? "" : " (" + problem.field + ")";  // "(answer)" is no key
      var where = (problem.label ? problem.label + key : problem.field) +
        (problem.line ? ", dòng " + problem.line : "") + ": ";
      line.appendChild(document.createTextNode(where + problem.vietnamese));
      var english = document.createElement("div");
      english.style.cssText = "color:#555;font-size:.85em";
      english.textContent = problem.english;
      line.appendChild(english);
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

  function start(data) {
    form = data;
    var CMS = window.CMS;
    var vi = CMS.getLocale("vi");
    vi.editor.editorControlPane.widget.required = form.required;
    CMS.registerLocale("vi", vi);
    CMS.registerBackend("congkhai-" + form.backend, wrappedBackend(form.backend));
    CMS.registerWidget("congkhai-item", itemControl());
    CMS.registerCustomFormat("congkhai-response", "md", {fromFile: fromFile, toFile: toFile});
    CMS.registerEventListener({name: "preSave", handler: preSave});
    CMS.registerEventListener({name: "postSave", handler: postSave});
    CMS.registerPreviewStyle(form.style);
    CMS.registerPreviewTemplate(form.collection, preview);
    CMS.init();
  }

  window.addEventListener("DOMContentLoaded", function () {
    fetch("congkhai.json").then(function (r) { return r.json(); }).then(start);
  });
})();
