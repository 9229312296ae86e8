// The search page (/tim-kiem/): Pagefind's JS API under the site's own markup.
// The form is the state: its fields (q, one checkbox per filter value, sort)
// are serialised into the URL, so a result list can be linked, bookmarked and
// reached again with the back button. All visible text comes from the
// template (data-msg-*), so it is translated with the rest of the interface.

import { excerpt, fold, highlight, queryTerms } from "./fold.js";

const PAGE_SIZE = 20;
const SORTS = { date: { date: "desc" }, deadline: { deadline: "asc" } };
const DEFAULT_SORT = "date";

const form = document.querySelector("[data-search]");
const field = form.querySelector("input[name=q]");
const sortField = form.querySelector("select[name=sort]");
const statusLine = form.querySelector("[data-status]");
const list = form.querySelector("[data-results]");
const more = form.querySelector("[data-more]");
const facets = [...form.querySelectorAll("[data-facet]")].map((el) => el.dataset.facet);
const language = document.documentElement.lang || "vi";
const numberFormat = new Intl.NumberFormat(language);

let pagefind = null;
let generation = 0; // only the latest search may draw
let shown = { results: [], next: 0, terms: [] };

function boxes(key) {
  return [...form.querySelectorAll(`input[type=checkbox][name="${key}"]`)];
}

function label(key, value) {
  const box = boxes(key).find((b) => b.value === value);
  return box ? box.parentElement.querySelector("[data-label]").textContent : value;
}

// --- state <-> URL -------------------------------------------------------

function readForm() {
  const filters = {};
  for (const key of facets) {
    const chosen = boxes(key).filter((b) => b.checked).map((b) => b.value);
    if (chosen.length) filters[key] = chosen;
  }
  return { q: field.value.trim(), filters, sort: sortField.value || DEFAULT_SORT };
}

function toQueryString(state) {
  const params = new URLSearchParams();
  if (state.q) params.append("q", state.q);
  for (const [key, values] of Object.entries(state.filters)) values.forEach((v) => params.append(key, v));
  if (state.sort !== DEFAULT_SORT) params.append("sort", state.sort);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function writeForm(params) {
  field.value = params.get("q") || "";
  for (const key of facets) {
    const chosen = new Set(params.getAll(key));
    boxes(key).forEach((b) => { b.checked = chosen.has(b.value); });
  }
  sortField.value = SORTS[params.get("sort")] ? params.get("sort") : DEFAULT_SORT;
}

function remember(state, how) {
  const target = location.pathname + toQueryString(state);
  if (target === location.pathname + location.search) return;
  history[how === "push" ? "pushState" : "replaceState"](null, "", target);
}

// --- searching -------------------------------------------------------------

// Values of one key are alternatives (any); different keys must all hold.
function pagefindFilters(filters, without = null) {
  const result = {};
  for (const [key, values] of Object.entries(filters)) if (key !== without) result[key] = { any: values };
  return result;
}

async function search(term, filters, sort) {
  if (!term && !Object.keys(filters).length) return null;
  return pagefind.search(term || null, { filters, sort });
}

// Counts per value for each facet: the results the query and the OTHER facets
// leave, so a count says what ticking that box would add.
async function facetCounts(term, filters) {
  const counts = {};
  for (const key of facets) {
    const others = pagefindFilters(filters, key);
    const found = await search(term, others);
    counts[key] = (found ? found.filters : await pagefind.filters())[key] || {};
  }
  return counts;
}

async function run(how) {
  const state = readForm();
  if (how) remember(state, how);
  const mine = ++generation;
  form.dataset.busy = "true"; // removed once the latest search is drawn (tests wait on it)
  const term = fold(state.q);
  const found = await search(term, pagefindFilters(state.filters), SORTS[state.sort]);
  const counts = await facetCounts(term, state.filters);
  if (mine !== generation) return;
  drawCounts(counts);
  shown = { results: found ? found.results : [], next: 0, terms: queryTerms(state.q) };
  list.replaceChildren();
  statusLine.textContent = !found ? form.dataset.msgEmpty
    : found.results.length ? form.dataset.msgCount.replace("{n}", numberFormat.format(found.results.length))
    : form.dataset.msgNone;
  await drawMore(mine);
  if (mine === generation) delete form.dataset.busy;
}

// --- drawing ---------------------------------------------------------------

function drawCounts(counts) {
  for (const key of facets) {
    let chosen = 0;
    for (const box of boxes(key)) {
      const count = counts[key][box.value] || 0;
      box.parentElement.querySelector("[data-count]").textContent = `(${numberFormat.format(count)})`;
      // A value with nothing to add is hidden, unless ticked (it must stay untickable).
      box.parentElement.hidden = count === 0 && !box.checked;
      chosen += box.checked;
    }
    form.querySelector(`[data-facet="${key}"] [data-chosen]`).textContent = chosen ? `(${chosen})` : "";
  }
}

function textWithMarks(parent, text, terms) {
  for (const [piece, hit] of highlight(text, terms)) {
    if (hit) {
      const mark = document.createElement("mark");
      mark.textContent = piece;
      parent.append(mark);
    } else {
      parent.append(piece);
    }
  }
}

function badge(state) {
  const span = document.createElement("span");
  span.className = `badge badge-${state}`;
  span.textContent = label("status", state);
  return span;
}

// One index serves every language (pelican/plugins/congkhai/search.py): dates come
// written in each language ("date_vi", "date_en"), and an item's title is this page's
// own wording; a session's title is its name, the same in every language.
function title(data) {
  if (data.meta.kind !== "item") return data.meta.title || data.url;
  return form.dataset.titleItem.replace("{no}", data.meta.no).replace("{date}", data.meta[`date_${language}`]);
}

function resultEntry(data, terms) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  textWithMarks(link, title(data), terms);
  heading.append(link);
  const facts = document.createElement("p");
  facts.className = "search-facts";
  const kind = data.meta.kind === "session" ? form.dataset.kindSession : form.dataset.kindItem;
  const date = data.meta[`date_${language}`] || "";
  const due = data.meta[`due_${language}`];
  facts.append(`${kind} · ${date}`);
  if (due) facts.append(` · ${form.dataset.msgDue.replace("{date}", due)}`);
  for (const state of data.filters.status || []) facts.append(" ", badge(state));
  for (const key of ["topic", "agency"]) {
    for (const value of data.filters[key] || []) facts.append(` · ${label(key, value)}`);
  }
  const text = document.createElement("p");
  text.className = "search-excerpt";
  textWithMarks(text, excerpt(data.content || "", terms), terms);
  item.append(heading, facts, text);
  return item;
}

async function drawMore(mine) {
  const page = shown.results.slice(shown.next, shown.next + PAGE_SIZE);
  const datas = await Promise.all(page.map((r) => r.data()));
  if (mine !== generation) return;
  list.append(...datas.map((d) => resultEntry(d, shown.terms)));
  shown.next += page.length;
  more.hidden = shown.next >= shown.results.length;
}

// --- wiring ----------------------------------------------------------------

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

async function start() {
  document.querySelector("[data-search-nojs]").hidden = true;
  form.hidden = false;
  writeForm(new URLSearchParams(location.search));
  try {
    pagefind = await import(form.dataset.bundle);
    await pagefind.options({ baseUrl: form.dataset.base });
    await pagefind.init();
    await pagefind.filters(); // loads the filter index: searches report counts only once it is there
  } catch (error) {
    statusLine.textContent = form.dataset.msgError;
    throw error;
  }
  const typed = debounce(() => run("replace"), 250);
  field.addEventListener("input", typed);
  form.addEventListener("submit", (event) => { event.preventDefault(); run("push"); });
  form.addEventListener("change", (event) => { if (event.target !== field) run("push"); });
  more.addEventListener("click", () => {
    const first = shown.next;
    drawMore(generation).then(() => list.children[first]?.querySelector("a")?.focus());
  });
  window.addEventListener("popstate", () => { writeForm(new URLSearchParams(location.search)); run(null); });
  form.dataset.ready = "true";
  await run(null);
}

start();
