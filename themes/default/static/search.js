// The /search/ page: the query, filters and sort live in the URL (?q=zhovtis&tag=PHUM&sort=newest),
// Pagefind answers, and the results are drawn with DOM calls only (no HTML from the index is
// trusted except Pagefind's <mark> highlights, rebuilt as elements).
//
// A large site's index is split into bundles of whole months (pagefind/bundles.json lists them,
// oldest first). They are merged with Pagefind's mergeIndex; each carries a synthetic "bundle"
// filter. Merged results come back ordered by score, so a date sort is rebuilt here: every
// bundle is sorted by Pagefind on its own, and the bundles, being disjoint date ranges, are
// read one after the other. On a big index (hundreds of bundles at full scale: seconds to
// load), the newest bundles are merged first and searched as soon as they are in: their
// matches are shown, marked as a first part, until the whole index answers.

const FILTERS = ["tag", "origin", "year", "classification", "person"];
const SORTS = { newest: { date: "desc" }, oldest: { date: "asc" } };
const PAGE_SIZE = 20;
const MERGED_AT_ONCE = 8; // bundles being merged at the same time (see engine())
const PARTIAL_AFTER = 1 + MERGED_AT_ONCE; // bundles merged before a first, partial search
const PARTIAL_FROM = 3 * MERGED_AT_ONCE; // an index of fewer bundles loads too fast for one

const root = document.getElementById("search");
const form = document.getElementById("search-form");
const queryInput = form.elements.namedItem("q");
const sortSelect = form.elements.namedItem("sort");
const filterPanel = document.getElementById("search-filters");
const statusLine = document.getElementById("search-status");
const resultList = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");

let indexPromise = null;
const engines = new Map(); // Pagefind instances being set up, by the names of their bundles
let settingUp = Promise.resolve(); // the instance being set up
let filtersLoaded = null;
let latest = 0; // number of the newest search; older ones stop drawing when it changes
let stream = null; // the current search's remaining results
let partialNote = ""; // what the partial results shown cover, while the rest loads

// ---- state <-> URL ------------------------------------------------------------------------

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = (params.get(name) || "").trim();
    if (value) filters[name] = value;
  }
  const sort = SORTS[params.get("sort")] ? params.get("sort") : "";
  return { q: (params.get("q") || "").trim(), filters, sort };
}

function stateFromForm() {
  const filters = {};
  for (const name of FILTERS) {
    const value = (form.elements.namedItem(name).value || "").trim();
    if (value) filters[name] = value;
  }
  return { q: queryInput.value.trim(), filters, sort: sortSelect.value };
}

function urlOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) if (state.filters[name]) params.set(name, state.filters[name]);
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  return location.pathname + (query ? "?" + query : "");
}

function showState(state) {
  queryInput.value = state.q;
  sortSelect.value = state.sort;
  for (const name of FILTERS) {
    const field = form.elements.namedItem(name);
    const value = state.filters[name] || "";
    if (field instanceof HTMLSelectElement) offer(field, value); // (before its list loads)
    field.value = value;
  }
  const active = Object.keys(state.filters).length;
  document.getElementById("search-filter-count").textContent = active ? ` (${active} on)` : "";
  if (active) filterPanel.open = true;
}

// ---- Pagefind ---------------------------------------------------------------------------

// pagefind/bundles.json and Pagefind's module (every bundle ships the same pagefind.js).
async function loadIndex() {
  const base = root.dataset.index; // "/pagefind/"
  const response = await fetch(base + "bundles.json");
  if (!response.ok) throw new Error(`no search index (${response.status})`);
  const bundles = (await response.json()).bundles;
  const pagefind = await import(base + bundles[0].path + "pagefind.js");
  return { base, bundles, pagefind };
}

function index() {
  indexPromise = indexPromise || loadIndex();
  return indexPromise;
}

// A Pagefind instance over some bundles (all of them, or those bundlesFor chose), set up once:
// { whole: the instance once every bundle is merged, partial: the instance as soon as the
// newest PARTIAL_AFTER bundles are (null for a small index), merged: how many are,
// count: of how many, done: whether whole is ready }.
async function engine(wanted = null) {
  const { base, bundles, pagefind } = await index();
  const chosen = wanted || bundles;
  const key = chosen.map((bundle) => bundle.name).join(" ");
  if (!engines.has(key)) {
    const split = bundles.length > 1;
    const options = (bundle) => ({
      baseUrl: root.dataset.base,
      excerptLength: 30,
      // A reference id or a person's name matched in these fields outranks mentions in the text.
      ranking: { metaWeights: { ids: 10, people: 5 } },
      ...(split ? { mergeFilter: { bundle: bundle.name } } : {}),
    });
    const entry = { done: false, merged: 0, count: chosen.length };
    let partlyMerged;
    entry.partial = new Promise((resolve) => (partlyMerged = resolve));
    // One instance is set up at a time: Pagefind's shared worker can stall when two start
    // merging bundles at once (seen about once in five page loads). Its bundles are merged
    // a few at a time: each costs two requests, and one after the other a reader far from
    // the server would wait for hundreds of round trips.
    entry.whole = settingUp.then(async () => {
      const newestFirst = [...chosen].reverse();
      const instance = pagefind.createInstance({ basePath: base + newestFirst[0].path });
      await instance.options(options(newestFirst[0]));
      const merged = [newestFirst[0]];
      await eachAtMost(MERGED_AT_ONCE, newestFirst.slice(1), async (bundle) => {
        await instance.mergeIndex(base + bundle.path, options(bundle));
        merged.push(bundle);
        entry.merged = merged.length;
        showLoading(merged.length, chosen.length);
        if (merged.length === PARTIAL_AFTER && chosen.length >= PARTIAL_FROM) {
          const ready = chosen.filter((b) => merged.includes(b)); // (in date order)
          partlyMerged({ pagefind: instance, bundles: ready, split, partial: true });
        }
      });
      entry.done = true;
      return { pagefind: instance, bundles: chosen, split, partial: false };
    });
    entry.whole.then(() => partlyMerged(null), () => partlyMerged(null));
    settingUp = entry.whole.catch(() => {});
    engines.set(key, entry);
  }
  return engines.get(key);
}

// Run `task` on every item, at most `limit` at once, starting them in order.
async function eachAtMost(limit, items, task) {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
}

// The bundles a search needs (null: all of them). Bundles are runs of months: a year's
// cables are in the bundles whose months reach it, a person's in those holding the days the
// build's people table gives for the name (none: no cable names them).
async function bundlesFor(state) {
  const { year, person } = state.filters;
  if (!year && !person) return null;
  const { bundles } = await index();
  let chosen = bundles.filter((b) => b.first); // (the content pages' has no month, no filters)
  if (year) {
    chosen = chosen.filter((b) => monthKey(b.first).slice(0, 4) <= year &&
      year <= monthKey(b.last).slice(0, 4));
  }
  const days = person ? await daysNaming(person) : null;
  if (days) chosen = chosen.filter((b) => days.some((day) => holds(b, day)));
  return chosen;
}

// A bundle's first or last month ("2009-07", "2009-07.2" for a part of one, "undated": those
// come first), or a day ("2009-07-14"), as a key that sorts in date order.
function monthKey(label) {
  return label.startsWith("undated") ? "0000-00" : label.slice(0, 7);
}

// Whether a bundle may hold cables of a day: its months reach the day's, and where it starts
// or ends with a part of a month, the part's first or last page date (`from`, `to`) does.
function holds(bundle, day) {
  const month = monthKey(day);
  const first = monthKey(bundle.first);
  const last = monthKey(bundle.last);
  return first <= month && month <= last &&
    !(bundle.from && month === first && day < bundle.from.slice(0, 10)) &&
    !(bundle.to && month === last && day > bundle.to.slice(0, 10));
}

// The days of the cables naming a person, from the one file of the people table that holds
// the name; null when the table cannot be read (then every bundle is searched).
async function daysNaming(name) {
  const shards = Number(root.dataset.peopleShards);
  if (!root.dataset.people || !shards) return null; // (a theme's own search page)
  try {
    const response = await fetch(`${root.dataset.people}${crc32(name) % shards}.json`);
    if (!response.ok) return null;
    return (await response.json())[name] || [];
  } catch (error) {
    console.warn("people table unavailable:", error);
    return null;
  }
}

// CRC-32 of a string's UTF-8 bytes, as Python's zlib.crc32 (which file holds a name).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(text) {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// Results in display order, one batch at a time: { total, next(n) -> results }. A partial
// instance is searched in its merged bundles only (those still merging may not answer whole).
async function openStream(state, { pagefind, bundles, split, partial }) {
  // No words: every cable that passes the filters (its pages carry this word; a search for
  // no word at all, Pagefind answers by loading the whole index).
  const term = state.q || root.dataset.every || null; // (null: a theme without the word)
  const sort = SORTS[state.sort] || {};
  const within = partial ? { bundle: { any: bundles.map((bundle) => bundle.name) } } : {};
  const first = await pagefind.search(term, { filters: { ...state.filters, ...within }, sort });
  const total = first.results.length;
  if (!split || !state.sort) {
    let offset = 0;
    return {
      total,
      next: async (n) => first.results.slice(offset, (offset += n)),
    };
  }
  // Sorted across bundles: read each bundle's own sorted results, newest or oldest bundle first.
  const perBundle = (first.filters && first.filters.bundle) || {};
  const order = state.sort === "newest" ? [...bundles].reverse() : bundles;
  const queue = order.filter((bundle) => perBundle[bundle.name] > 0);
  let pending = [];
  return {
    total,
    next: async (n) => {
      while (pending.length < n && queue.length) {
        const bundle = queue.shift();
        const filters = { ...state.filters, bundle: bundle.name };
        pending = pending.concat((await pagefind.search(term, { filters, sort })).results);
      }
      return pending.splice(0, n);
    },
  };
}

// The filters' values, with how many cables carry each, are fetched when the filter panel is
// first opened, from a small file the build writes (search/filters.json): Pagefind lists them
// only by loading every bundle's filter files (~25 MB at full scale, 1.2 million person names).
// The person filter is a text box suggesting the names found in the most cables.
async function fillFilterLists() {
  if (!root.dataset.filters) return; // (a theme's own search page without the file's address)
  const response = await fetch(root.dataset.filters);
  if (!response.ok) throw new Error(`no filter lists (${response.status})`);
  const lists = await response.json();
  for (const name of FILTERS) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLSelectElement) fillSelect(field, lists[name] || []);
    else fillSuggestions(field.list, lists[name] || []);
  }
}

function fillSelect(select, values) {
  const chosen = select.value;
  select.length = 1; // keep "any"
  for (const [value, cables, meaning] of values) {
    select.add(new Option(`${meaning ? `${value} · ${meaning}` : value} (${cables})`, value));
  }
  offer(select, chosen);
  select.value = chosen;
}

// A value chosen by a shared link can come before the list, or be missing from it: it gets
// an option of its own, so the select shows it.
function offer(select, value) {
  if (value && ![...select.options].some((option) => option.value === value)) {
    select.add(new Option(value, value));
  }
}

function fillSuggestions(datalist, values) {
  datalist.replaceChildren(...values.map(([name, cables]) => {
    const option = document.createElement("option");
    option.value = name;
    option.label = `${cables} cables`;
    return option;
  }));
}

function loadFilterListsOnce() {
  if (!filterPanel.open) return;
  filtersLoaded = filtersLoaded || fillFilterLists().catch((error) => {
    console.warn("filter lists unavailable:", error);
  });
}

// ---- drawing ----------------------------------------------------------------------------

// Whether the whole index has yet to answer ("partial": the newest bundles' matches shown).
function searching() {
  return root.dataset.state === "loading" || root.dataset.state === "partial";
}

function say(text, state) {
  statusLine.removeAttribute("aria-busy");
  statusLine.textContent = text;
  root.dataset.state = state; // "idle" | "loading" | "done" | "empty" | "unavailable" (or
  // "partial", set by showPartial)
}

// While a split index loads (seconds, at full scale), how far it has got. The status line is
// a live region: marked busy, screen readers wait for the outcome instead of every count.
function showLoading(merged, bundles) {
  if (searching()) {
    statusLine.setAttribute("aria-busy", "true");
    statusLine.textContent =
      `Searching…${partialNote} (loading the index: ${merged} of ${bundles} parts)`;
  }
}

// Pagefind's excerpt is escaped text with <mark> around matches: rebuild it from text nodes.
function excerptNodes(excerpt) {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
  const nodes = [];
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) nodes.push(document.createTextNode(node.textContent));
    else if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(node.textContent));
  }
  return nodes;
}

function resultItem(data) {
  const meta = data.meta || {};
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title || meta.reference || data.url;
  heading.append(link);
  const facts = document.createElement("p");
  facts.className = "search-result-meta";
  const parts = [
    ["ref", meta.reference],
    ["date", (meta.date || "").slice(0, 10)],
    ["origin", meta.origin],
    ["classification", meta.classification],
  ].filter(([, value]) => value);
  parts.forEach(([name, value], index) => {
    if (index) facts.append(" · ");
    const span = document.createElement("span");
    span.className = name;
    span.textContent = value;
    facts.append(span);
  });
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(heading, facts, excerpt);
  return item;
}

async function drawNext(number) {
  const batch = await stream.next(PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (number !== latest) return;
  const items = data.map(resultItem);
  resultList.append(...items);
  const shown = resultList.children.length;
  moreButton.hidden = shown >= stream.total;
  return items;
}

async function run(state) {
  const number = ++latest;
  resultList.replaceChildren();
  moreButton.hidden = true;
  partialNote = "";
  if (!state.q && !Object.keys(state.filters).length) {
    say("Type words to search the cables, or choose a filter.", "idle");
    return;
  }
  say("Searching…", "loading");
  const started = performance.now();
  try {
    const wanted = await bundlesFor(state);
    if (wanted && !wanted.length) {
      if (number === latest) sayNoMatch(state);
      return;
    }
    const setup = await engine(wanted);
    if (!setup.done) {
      const partial = await Promise.race([setup.partial, setup.whole.then(() => null)]);
      if (partial) await showPartial(number, state, partial, setup);
    }
    const whole = await openStream(state, await setup.whole);
    if (number !== latest) return;
    stream = whole;
    resultList.replaceChildren(); // the partial results, if any
    partialNote = "";
    if (!stream.total) {
      sayNoMatch(state);
      return;
    }
    await drawNext(number);
    if (number !== latest) return;
    // For the benchmark: milliseconds from the search (and from opening the page) to results.
    root.dataset.firstResultsMs = String(Math.round(performance.now() - started));
    root.dataset.pageResultsMs = String(Math.round(performance.now()));
    say(`${stream.total} ${stream.total === 1 ? "cable matches" : "cables match"} ${describe(state)}.`,
      "done");
  } catch (error) {
    if (number !== latest) return;
    console.warn("search unavailable:", error);
    say("Search is unavailable right now: the search index could not be loaded. " +
      "Browse the cables by tag, origin or date instead.", "unavailable");
  }
}

// The matches in the newest bundles, shown while the others load (no "More": the whole
// index's results replace them).
async function showPartial(number, state, partial, setup) {
  const found = await openStream(state, partial);
  if (number !== latest || setup.done || !found.total) return;
  stream = found;
  await drawNext(number);
  if (number !== latest || setup.done) return;
  moreButton.hidden = true;
  const months = partial.bundles.filter((bundle) => bundle.first); // (not the content pages')
  const from = months.length ? months[0].first.slice(0, 7) : ""; // ("2009-12.2": part of a month)
  const to = months.length ? months[months.length - 1].last.slice(0, 7) : "";
  const span = !from ? "" : from === to ? ` of ${from}` : ` of ${from} to ${to}`;
  partialNote = ` ${found.total} ${found.total === 1 ? "match" : "matches"} so far, in the ` +
    `newest cables${span}`;
  root.dataset.state = "partial";
  showLoading(setup.merged, setup.count);
}

function sayNoMatch(state) {
  say(`No cables match ${describe(state)}. Search finds whole words and word beginnings; ` +
    "it does not correct typos. Try another spelling, fewer words, or fewer filters.", "empty");
}

function describe(state) {
  const parts = [];
  if (state.q) parts.push(`“${state.q}”`);
  for (const name of FILTERS) if (state.filters[name]) parts.push(`${name} ${state.filters[name]}`);
  const sorted = state.sort ? `, ${state.sort} first` : "";
  return parts.join(", ") + sorted;
}

// ---- events -----------------------------------------------------------------------------

// Each new search is a history entry, so Back returns to the previous one.
function submit() {
  const state = stateFromForm();
  const url = urlOf(state);
  const current = location.pathname + location.search;
  // (Enter in the person box commits its value, a change, and then submits the form.)
  if (url === current && searching()) return;
  if (url !== current) history.pushState(null, "", url);
  showState(state);
  run(state);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});
for (const name of [...FILTERS, "sort"]) {
  form.elements.namedItem(name).addEventListener("change", submit);
}
filterPanel.addEventListener("toggle", loadFilterListsOnce);
moreButton.addEventListener("click", async () => {
  const items = await drawNext(latest);
  if (items && items.length) items[0].querySelector("a").focus(); // keyboard users continue there
});
window.addEventListener("popstate", () => {
  const state = stateFromUrl();
  showState(state);
  run(state);
});

root.hidden = false;
document.getElementById("search-noscript-note")?.remove();
const initial = stateFromUrl();
showState(initial);
run(initial);
