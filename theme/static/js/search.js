// The search page (/tim-kiem/): Pagefind's JS API under the site's own markup.
// The form is the state: its fields (q, one checkbox per filter value, sort)
// are serialised into the URL, so a result list can be linked, bookmarked and
// reached again with the back button. All visible text comes from the
// template (data-msg-*), so it is translated with the rest of the interface.
//
// A large site's index is split into several Pagefind bundles (data-bundle
// lists their scripts; pelican/plugins/congkhai/search.py). Each is imported as
// its own module instance and searched with the same query; their counts are
// summed and their results merged in the chosen sort order (Merged, below), not
// with Pagefind's mergeIndex, which orders merged results by score.
//
// After an incremental build, the pages changed since their bundle was indexed are in
// one more bundle, the recent one, and their old copies are stale (data-recent's JSON,
// search/recent.py): the stale results are dropped and their filter values taken off
// the counts, so the reader finds what a clean index of the same pages finds.

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

let bundles = []; // one Pagefind instance per bundle, the recent one last
let stale = []; // per bundle: {page id: its filters} of the copies the recent bundle replaces
let generation = 0; // only the latest search may draw
let shown = { results: null, terms: [] }; // results: a Merged

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

// Counts per filter value, summed over the bundles.
function sumCounts(all) {
  if (all.length === 1) return all[0];
  const sum = {};
  for (const counts of all) {
    for (const [key, values] of Object.entries(counts)) {
      sum[key] = sum[key] || {};
      for (const [value, n] of Object.entries(values)) sum[key][value] = (sum[key][value] || 0) + n;
    }
  }
  return sum;
}

// Counts without the stale pages among `ids` (every stale page when ids is null).
function withoutStale(counts, gone, ids) {
  const pages = ids === null ? Object.keys(gone) : ids.filter((id) => id in gone);
  if (!pages.length) return counts;
  const result = {};
  for (const [key, values] of Object.entries(counts)) result[key] = { ...values };
  for (const id of pages) {
    for (const [key, values] of Object.entries(gone[id])) {
      for (const value of values) if (result[key] && value in result[key]) result[key][value] -= 1;
    }
  }
  return result;
}

// One bundle's answer without its stale pages.
function current(found, index) {
  const gone = stale[index];
  if (!gone) return found;
  const ids = found.results.map((r) => r.id);
  return { results: found.results.filter((r) => !(r.id in gone)), filters: withoutStale(found.filters, gone, ids) };
}

// The same search in every bundle: each bundle's results (in the sort order), summed counts.
async function search(term, filters, sort) {
  if (!term && !Object.keys(filters).length) return null;
  const found = (await Promise.all(bundles.map((b) => b.search(term || null, { filters, sort })))).map(current);
  return {
    lists: found.map((f) => f.results),
    total: found.reduce((n, f) => n + f.results.length, 0),
    filters: sumCounts(found.map((f) => f.filters)),
  };
}

async function allFilters() {
  const all = await Promise.all(bundles.map((b) => b.filters()));
  return sumCounts(all.map((counts, index) => (stale[index] ? withoutStale(counts, stale[index], null) : counts)));
}

// The bundles' sorted result lists as one list in the same order. Pagefind's
// results hold no sort key, so the merge reads it from each page's metadata
// ("sort_date", search.py), which needs the page's data: only the head of each
// list is loaded (more of a list at a time, doubling, while it keeps coming
// first), so a page of results costs about its own size plus one per bundle.
// Equal keys are ordered by URL, in the sort's direction, as Pagefind orders them
// within a bundle (by page number, given in the order of their paths): one order
// however the pages are split into bundles. With one bundle nothing is merged:
// the page's results are loaded together, as the search always did.
class Merged {
  constructor(lists, sort) {
    const [[key, direction]] = Object.entries(sort);
    this.key = `sort_${key}`;
    this.sign = direction === "desc" ? -1 : 1;
    this.lists = lists.map((results) => ({ results, next: 0, loading: [], burst: 1 }));
    this.total = lists.reduce((n, results) => n + results.length, 0);
    this.taken = 0;
    this.queue = Promise.resolve([]); // one take at a time: "more" may be pressed twice
  }

  take(count) {
    this.queue = this.queue.then(() => this.lists.length === 1 ? this.slice(count) : this.merge(count));
    return this.queue;
  }

  async slice(count) {
    const list = this.lists[0];
    const page = list.results.slice(list.next, list.next + count);
    list.next += page.length;
    this.taken += page.length;
    return Promise.all(page.map((r) => r.data()));
  }

  head(list) {
    if (!list.loading.length) {
      const ahead = list.results.slice(list.next, list.next + list.burst);
      list.loading = ahead.map((r) => r.data());
      list.burst = Math.min(list.burst * 2, PAGE_SIZE);
    }
    return list.loading[0];
  }

  async merge(count) {
    const page = [];
    while (page.length < count) {
      const open = this.lists.filter((list) => list.next < list.results.length);
      if (!open.length) break;
      const heads = await Promise.all(open.map((list) => this.head(list)));
      let best = 0;
      for (let i = 1; i < open.length; i += 1) {
        const difference = Number(heads[i].meta[this.key]) - Number(heads[best].meta[this.key])
          || (heads[i].url < heads[best].url ? -1 : 1);
        if (this.sign * difference < 0) best = i;
      }
      page.push(heads[best]);
      open[best].loading.shift();
      open[best].next += 1;
    }
    this.taken += page.length;
    return page;
  }
}

// Counts per value for each facet: the results the query and the OTHER facets
// leave, so a count says what ticking that box would add.
async function facetCounts(term, filters) {
  const counts = {};
  for (const key of facets) {
    const others = pagefindFilters(filters, key);
    const found = await search(term, others);
    counts[key] = (found ? found.filters : await allFilters())[key] || {};
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
  shown = { results: new Merged(found ? found.lists : [], SORTS[state.sort]), terms: queryTerms(state.q) };
  list.replaceChildren();
  statusLine.textContent = !found ? form.dataset.msgEmpty
    : found.total ? form.dataset.msgCount.replace("{n}", numberFormat.format(found.total))
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
  const results = shown.results;
  const datas = await results.take(PAGE_SIZE);
  if (mine !== generation) return;
  list.append(...datas.map((d) => resultEntry(d, shown.terms)));
  more.hidden = results.taken >= results.total;
}

// --- wiring ----------------------------------------------------------------

// fn once the calls stop for ms; .cancel() drops a call still waiting (a search the user has
// already started by pressing Enter must not run again, and clear its results, 250 ms later).
function debounce(fn, ms) {
  let timer;
  const later = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  later.cancel = () => clearTimeout(timer);
  return later;
}

async function start() {
  document.querySelector("[data-search-nojs]").hidden = true;
  form.hidden = false;
  writeForm(new URLSearchParams(location.search));
  try {
    // Each script URL is its own module instance, with its own index.
    const recentUrl = new URL(form.dataset.recent, location.href);
    const [settled, laid] = await Promise.all([
      Promise.all(form.dataset.bundle.split(" ").map((url) => import(url))),
      fetch(recentUrl).then((response) => {
        if (!response.ok) throw new Error(`${recentUrl}: ${response.status}`);
        return response.json();
      }),
    ]);
    stale = laid.stale;
    bundles = laid.recent ? [...settled, await import(new URL(laid.recent, recentUrl).href)] : settled;
    await Promise.all(bundles.map(async (bundle) => {
      await bundle.options({ baseUrl: form.dataset.base });
      await bundle.init();
    }));
    await allFilters(); // loads the filter indexes: searches report counts only once they are there
  } catch (error) {
    statusLine.textContent = form.dataset.msgError;
    throw error;
  }
  const typed = debounce(() => run("replace"), 250);
  field.addEventListener("input", typed);
  form.addEventListener("submit", (event) => { event.preventDefault(); typed.cancel(); run("push"); });
  form.addEventListener("change", (event) => { if (event.target !== field) run("push"); });
  more.addEventListener("click", () => {
    const first = list.children.length;
    drawMore(generation).then(() => list.children[first]?.querySelector("a")?.focus());
  });
  window.addEventListener("popstate", () => { writeForm(new URLSearchParams(location.search)); run(null); });
  form.dataset.ready = "true";
  await run(null);
}

start();
