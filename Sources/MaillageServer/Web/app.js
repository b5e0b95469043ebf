// Maillage's page: chooses a territory and a budget, asks the API to evaluate it against no
// cooperation, shows the answer and keeps the tries. No framework, no build step.
"use strict";

const LINES = ["capacity", "outreach", "coordination", "training"];
// The page's words come from Maillage's string tables (Words/en.yaml and fr.yaml, entries page.*),
// which the server sends as /words.js (WORDS). t(key, values) fills an entry's {{name}}s.
const LINE_WORDS = { capacity: "lineCapacity", outreach: "lineOutreach", coordination: "lineCoordination", training: "lineTraining" };

let lang = localStorage.getItem("maillage-lang") || "fr";
let current = null; // the evaluation shown
let optimum = null; // the best split found last
const token = (() => {
  const m = /token=([^&]+)/.exec(location.hash);
  if (m) sessionStorage.setItem("maillage-token", decodeURIComponent(m[1]));
  return sessionStorage.getItem("maillage-token");
})();

const $ = (id) => document.getElementById(id);
const t = (key, values = {}) => (WORDS[lang][key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name) => String(values[name] ?? ""));
const percent = (text) => t("percent", { value: text });
function fmt(x, decimals) {
  if (x === null || x === undefined || !isFinite(x)) return t("notAvailable");
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x);
}
function value(x, kind, signed) {
  if (x === null || x === undefined || !isFinite(x)) return fmt(x);
  const sign = signed && x > 0 ? "+" : "";
  switch (kind) {
    case "share": return percent(fmt(100 * x, 1));
    case "shareChange": return sign + fmt(100 * x, 1) + " pts";
    case "euros": return fmt(x, 0) + " €";
    case "ratio": return fmt(x, 2);
    default: return sign + fmt(x, 0);
  }
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token) headers["Authorization"] = "Bearer " + token;
  const response = await fetch("/api/v1/" + path, Object.assign({}, options, { headers }));
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const e = new Error(response.status === 503 ? t("busy") : (body.error && body.error.message) || response.statusText);
    e.status = response.status;
    throw e;
  }
  return { body, stored: response.headers.get("X-Maillage-Stored") === "true" };
}

function buildSplit() {
  const box = $("split");
  box.textContent = "";
  for (const line of LINES) {
    const row = document.createElement("label");
    row.className = "share";
    row.innerHTML = `<span></span><input type="range" min="0" max="100" step="1" id="share-${line}"><input type="number" min="0" max="100" step="1" id="share-${line}-number">`;
    box.appendChild(row);
  }
  setSplit({ capacity: 25, outreach: 25, coordination: 25, training: 25 });
  for (const line of LINES) {
    for (const id of [`share-${line}`, `share-${line}-number`]) {
      $(id).addEventListener("input", (e) => rebalance(line, Number(e.target.value)));
    }
  }
}
// The split is kept here, not read back from the sliders: a slider snaps to its whole-percent steps.
let shares = { capacity: 25, outreach: 25, coordination: 25, training: 25 };
function split() { return Object.assign({}, shares); }
function setSplit(s) {
  shares = Object.assign({}, s);
  for (const l of LINES) { $(`share-${l}`).value = s[l]; $(`share-${l}-number`).value = Math.round(s[l] * 100) / 100; }
  const total = LINES.reduce((a, l) => a + s[l], 0);
  const shown = Math.round(total * 10) / 10;
  $("split-total").textContent = t("total", { total: shown }) + (shown > 100.05 ? t("totalAbove") : shown < 99.95 ? t("totalRest") : "");
}
// Moving one line keeps the total at 100%: the others share what is left in their proportions.
function rebalance(line, v) {
  v = Math.max(0, Math.min(100, isFinite(v) ? v : 0));
  const s = split();
  const others = LINES.filter((l) => l !== line);
  const rest = others.reduce((a, l) => a + s[l], 0);
  s[line] = v;
  for (const l of others) s[l] = rest > 0 ? (100 - v) * s[l] / rest : (100 - v) / others.length;
  setSplit(s);
}

function request() {
  // Shares in units of 0.01 % by largest remainders: their sum is the sliders' total exactly, and
  // a whole percentage (50 %) stays whole (0.5).
  const s = split(), units = {}, out = {};
  const total = Math.round(LINES.reduce((a, l) => a + s[l], 0) * 100);
  for (const l of LINES) units[l] = Math.floor(s[l] * 100 + 1e-9);
  let left = total - LINES.reduce((a, l) => a + units[l], 0);
  for (const l of [...LINES].sort((a, b) => (s[b] * 100 - units[b]) - (s[a] * 100 - units[a]))) { if (left <= 0) break; units[l] += 1; left -= 1; }
  for (const l of LINES) if (units[l] > 0) out[l] = units[l] / 10000;
  return {
    territory: $("territory").value, budget_eur: Number($("budget-number").value), split: out,
    horizon_months: Number($("horizon").value), replications: Number($("replications").value), seed: $("seed").value.trim(),
  };
}

// Runs `work` with the buttons disabled and a progress bar that follows the expected time (the
// answer comes in one piece).
async function busy(expectedSeconds, text, work) {
  $("error").hidden = true;
  for (const id of ["run", "optimise", "apply"]) $(id).disabled = true;
  $("progress").hidden = false;
  const started = performance.now();
  const timer = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    $("progress-bar").value = Math.min(95, 100 * (1 - Math.exp(-s / expectedSeconds)));
    $("progress-text").textContent = t(text, { seconds: fmt(s, 1) });
  }, 100);
  try {
    await work();
  } catch (e) {
    $("error").textContent = e.status ? e.message : t("network");
    $("error").hidden = false;
  } finally {
    clearInterval(timer);
    $("progress").hidden = true;
    for (const id of ["run", "optimise", "apply"]) $(id).disabled = false;
  }
}

// Asks the server to prepare the chosen territory's worlds without cooperation and under its
// status quo (POST /api/v1/prepare) while the official sets the budget: the first try then runs
// only its own worlds, and a try made meanwhile waits for them. Once per territory, seed,
// replications and horizon, and only for settings the page finds valid (while one is being typed,
// a failure would be noise); a failure is left for the try to report.
let prepared = "", preparing = null;
function prepare() {
  const r = $("replications");
  if (!r.value || !r.checkValidity() || !$("budget-number").checkValidity() || !/^\d*$/.test($("seed").value.trim())) return;
  const asked = request();
  const key = [asked.territory, asked.seed, asked.replications, asked.horizon_months].join("|");
  if (!asked.territory || key === prepared) return;
  prepared = key;
  // Only the last territory chosen is prepared: the server stops the one before when it goes.
  if (preparing) preparing.abort();
  const mine = preparing = new AbortController();
  api("prepare", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(asked), signal: mine.signal })
    .catch(() => { if (prepared === key) prepared = ""; })
    .finally(() => { if (preparing === mine) preparing = null; });
}

function run() {
  let asked = null;
  return busy(2, "running", async () => {
    asked = request();
    const { body, stored } = await api("evaluate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(asked) });
    current = body;
    current.stored = stored;
    show(body);
    await listTries();
  }).then(() => { if (current && asked) return plausible(current, asked); });
}

// The range over plausible worlds, asked once the first answer is shown: the page stays usable
// meanwhile, and a range that comes back for an older try is dropped.
async function plausible(r, asked) {
  r.plausible = "waiting";
  if (current === r) show(r);
  try {
    const { body } = await api("plausible", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(asked) });
    r.plausible = body;
  } catch (e) {
    r.plausible = { error: e.status ? e.message : t("network") };
  }
  if (current === r) show(r);
}

function showPlausible(r, m) {
  const box = $("plausible");
  const p = r.plausible;
  box.hidden = !p;
  if (!p) return;
  box.textContent = "";
  const para = (text, id) => { const e = document.createElement("p"); e.textContent = text; if (id) e.id = id; box.appendChild(e); return e; };
  if (p === "waiting") { para(t("plausibleWait"), "plausible-wait"); return; }
  if (p.error) { para(t("plausibleFailed") + " " + p.error, "plausible-error"); return; }
  para(t("plausibleTitle", { draws: p.draws, replications: p.replications }));
  const net = p.effects.find((e) => e.name === "jobs_added_net");
  if (net) {
    const holds = net.low !== null && net.high !== null && net.low <= 0 && net.high >= 0;
    const verdict = para(holds ? t("cannotTell") : t("canTell", { positive: percent(fmt(100 * net.prob_positive, 0)) }), "plausible-verdict");
    verdict.className = holds ? "warning" : "";
    verdict.dataset.holdsZero = String(holds);
  }
}

function optimise() {
  return busy(15, "searching", async () => {
    const query = Object.assign(request(), { objective: $("objective").value });
    const { body } = await api("optimise", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(query) });
    optimum = body;
    showOptimum(body);
  });
}

function splitText(s) {
  return LINES.filter((l) => (s[l] || 0) > 0).map((l) => `${t(LINE_WORDS[l])} ${percent(fmt(100 * s[l], 1))}`).join(", ");
}

function showOptimum(o) {
  $("optimum").hidden = false;
  $("optimum-caption").textContent = t("optimumCaption", {
    territory: (lang === "fr" && o.territory_label_fr) || o.territory_label, budget: fmt(o.budget_eur, 0),
    objective: lang === "fr" ? o.objective_label_fr : o.objective_label_en, evaluated: o.candidates_evaluated,
    seconds: fmt(o.seconds, 0), replications: o.best.replications,
  });
  const kind = o.objective_kind, signed = kind === "count";
  const v = (x) => `${value(x.mean, kind, signed)} [${value(x.low, kind)} ; ${value(x.high, kind)}]`;
  const items = [[t("best"), o.best], [t("runnerUp"), o.runner_up], [t("bestSingle"), o.best_single]]
    .filter(([, c]) => c).map(([name, c]) => t("labelled", { label: name, value: `${splitText(c.split)} → ${v(c.objective)}` }));
  if (o.probability_best_beats_runner_up !== null && o.probability_best_beats_runner_up !== undefined) {
    const p = o.probability_best_beats_runner_up;
    items.push(t("beats", { probability: percent(fmt(100 * p, 0)) }) + (p < 0.9 ? t("beatsUnclear") : ""));
  }
  items.push(t("overSingle", { gain: v(o.best_over_single), probability: percent(fmt(100 * o.probability_best_beats_single, 0)) }));
  const list = $("optimum-list");
  list.textContent = "";
  items.forEach((text, i) => { const li = document.createElement("li"); li.textContent = text; if (i === 0) li.id = "optimum-best"; list.appendChild(li); });
}

function forgetOptimum() {
  optimum = null;
  $("optimum").hidden = true;
}

function applyOptimum() {
  if (!optimum) return;
  const s = {};
  for (const l of LINES) s[l] = 100 * (optimum.request.split[l] || 0);
  setSplit(s);
  $("budget-number").value = optimum.request.budget_eur;
  $("budget").value = optimum.request.budget_eur;
  return run();
}

// A lever's quantity in words: what it counts, then its value (its YAML key for tries stored
// before the words were).
function quantity(i) {
  const meaning = lang === "fr" ? i.meaning_fr : i.meaning;
  return `${meaning || i.quantity} = ${fmt(i.value, i.value % 1 ? 2 : 0)}`;
}

function cell(row, text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); return td; }

function show(r) {
  $("result").hidden = false;
  const caption = {
    territory: (lang === "fr" && r.territory_label_fr) || r.territory_label, budget: fmt(r.request.budget_eur, 0),
    horizon: r.request.horizon_months, replications: r.request.replications, seed: r.request.seed,
  };
  $("result-caption").textContent = t("caption", caption) + " — " + (r.stored ? t("stored") : t("computed", { seconds: fmt(r.seconds, 1) }));
  const m = Object.fromEntries(r.metrics.map((x) => [x.name, x]));
  const label = (x) => (lang === "fr" ? x.label_fr : x.label_en);
  const cards = [
    ["jobsNet", m.jobs_added_net, "result-jobs-net"], ["jobsGross", m.jobs_added_gross, "result-jobs-gross"],
    ["costPerJob", m.cost_per_job_eur, "result-cost"], ["coverage", m.coverage_rate, "result-coverage"],
  ];
  const box = $("headline");
  box.textContent = "";
  for (const [key, x, id] of cards) {
    if (!x) continue;
    const card = document.createElement("div");
    card.className = "card";
    const v = document.createElement("div");
    v.className = "value";
    v.id = id;
    v.dataset.value = x.with.mean === null ? "" : String(x.with.mean);
    v.textContent = value(x.with.mean, x.kind, key.startsWith("jobs"));
    const sub = document.createElement("div");
    sub.className = "sub";
    sub.textContent = t(key) + " " + (x.without ? t("withoutValue", { without: t("without").toLowerCase(), value: value(x.without.mean, x.kind) }) : `[${value(x.with.low, x.kind)} ; ${value(x.with.high, x.kind)}]`);
    card.append(v, sub);
    const effect = r.plausible && r.plausible.effects && r.plausible.effects.find((e) => e.name === x.name);
    if (effect) {
      const p = document.createElement("div");
      p.className = "sub plausible";
      p.id = id + "-plausible";
      p.dataset.low = effect.low === null ? "" : String(effect.low);
      p.dataset.high = effect.high === null ? "" : String(effect.high);
      p.dataset.probPositive = effect.prob_positive === null ? "" : String(effect.prob_positive);
      const shift = x.kind === "share" ? "shareChange" : x.kind;
      p.textContent = t("plausible", { low: value(effect.low, shift, true), high: value(effect.high, shift, true), positive: percent(fmt(100 * effect.prob_positive, 0)) });
      card.appendChild(p);
    }
    if (key === "jobsNet" && x.against_status_quo) {
      const q = document.createElement("div");
      q.className = "sub";
      q.id = "result-jobs-net-quo";
      q.dataset.value = x.against_status_quo.mean === null ? "" : String(x.against_status_quo.mean);
      const d = x.against_status_quo;
      q.textContent = `${value(d.mean, x.kind, true)} ${t("vsQuo")} [${value(d.low, x.kind, true)} ; ${value(d.high, x.kind, true)}]`;
      card.appendChild(q);
    }
    box.appendChild(card);
  }
  showPlausible(r, m);
  const body = $("metrics").querySelector("tbody");
  body.textContent = "";
  for (const x of r.metrics) {
    const row = document.createElement("tr");
    cell(row, label(x) + " (" + (lang === "fr" ? x.unit_fr : x.unit_en) + ")");
    cell(row, x.without ? value(x.without.mean, x.kind) : "—", "num");
    cell(row, x.status_quo ? value(x.status_quo.mean, x.kind, !x.without) : "—", "num");
    cell(row, value(x.with.mean, x.kind, !x.without), "num");
    cell(row, `[${value(x.with.low, x.kind)} ; ${value(x.with.high, x.kind)}]`, "num");
    const d = x.against_status_quo;
    const shift = x.kind === "share" ? "shareChange" : x.kind;
    cell(row, d ? `${value(d.mean, shift, true)} [${value(d.low, shift, true)} ; ${value(d.high, shift, true)}]` : "—", "num");
    body.appendChild(row);
  }
  const quo = r.status_quo;
  $("status-quo").textContent = quo && quo.length
    ? t("quoText", { items: quo.map((i) => `${lang === "fr" ? i.label_fr : i.label_en} (${quantity(i)})`).join(" ; ") })
    : t("noQuo");
  const bought = $("bought").querySelector("tbody");
  bought.textContent = "";
  for (const p of r.purchases) {
    const row = document.createElement("tr");
    cell(row, LINE_WORDS[p.line] ? t(LINE_WORDS[p.line]) : p.line);
    cell(row, fmt(p.spent_eur, 0) + " €", "num");
    let what = p.items.map((i) => t("labelled", { label: lang === "fr" ? i.label_fr : i.label_en, value: quantity(i) }));
    if (p.line === "outreach" && r.permanences_bought > 0) what.unshift(t("permanences", { placed: r.permanences_placed, bought: r.permanences_bought }));
    cell(row, what.length ? what.join(" ; ") : t("nothing"));
    bought.appendChild(row);
  }
  const unspent = document.createElement("tr");
  cell(unspent, t("unspent"));
  cell(unspent, fmt(r.unspent_eur, 0) + " €", "num").id = "result-unspent";
  cell(unspent, "");
  bought.appendChild(unspent);
  const list = (id, lines) => {
    const ul = $(id);
    ul.textContent = "";
    for (const w of lines || []) { const li = document.createElement("li"); li.textContent = w; ul.appendChild(li); }
  };
  list("warnings", (lang === "fr" && r.warnings_fr) || r.warnings);
  // The import's report (codes matched or missing in the data files) is for analysts: folded.
  const notes = (lang === "fr" && r.import_warnings_fr) || r.import_warnings || [];
  list("import-warnings", notes);
  $("import-notes").hidden = notes.length === 0;
  const maps = $("maps");
  maps.textContent = "";
  for (const name of ["map-coverage", "map-coverage-change"]) {
    const img = document.createElement("img");
    img.alt = name;
    img.src = fileURL(r.key, name + ".svg");
    maps.appendChild(img);
  }
  $("download-yaml").href = fileURL(r.key, "scenario.yaml");
  $("download-csv").href = fileURL(r.key, "results.csv");
}

// An <img> or <a> cannot send headers: files carry the token in the query (RFC 6750, section 2.3).
function fileURL(key, file) {
  return `/api/v1/results/${key}/${file}?lang=${lang}` + (token ? "&access_token=" + encodeURIComponent(token) : "");
}

async function listTries() {
  const { body } = await api("results");
  const tbody = $("tries-table").querySelector("tbody");
  tbody.textContent = "";
  for (const e of body.results) {
    const row = document.createElement("tr");
    cell(row, new Date(e.created_at).toLocaleString(lang === "fr" ? "fr-FR" : "en-GB"));
    cell(row, e.territory);
    cell(row, (lang === "fr" && e.summary_fr) || e.summary);
    const files = cell(row, "");
    for (const [file, text] of [["scenario.yaml", "YAML"], ["results.csv", "CSV"]]) {
      const a = document.createElement("a");
      a.href = fileURL(e.key, file);
      a.textContent = text;
      a.style.marginRight = "0.6rem";
      files.appendChild(a);
    }
    const open = cell(row, "");
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = t("show");
    b.addEventListener("click", async () => { const { body } = await api("results/" + e.key); current = body; current.stored = true; show(body); plausible(body, body.request); });
    open.appendChild(b);
    tbody.appendChild(row);
  }
}

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  document.title = t("documentTitle");
  for (const el of document.querySelectorAll("[data-t-placeholder]")) el.placeholder = t(el.dataset.tPlaceholder);
  labelTerritories();
  showFound();
  for (const l of LINES) { const span = $(`share-${l}`).parentElement.querySelector("span"); span.textContent = t(LINE_WORDS[l]); }
  $("lang-fr").setAttribute("aria-pressed", String(lang === "fr"));
  $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
  setSplit(split());
  if (current) show(current);
  if (optimum) showOptimum(optimum);
}

// The territories of the list, by id, with their labels in both languages.
const territories = {};
function addTerritory(territory) {
  if (!territories[territory.id]) {
    const o = document.createElement("option");
    o.value = territory.id;
    $("territory").appendChild(o);
  }
  territories[territory.id] = territory;
  labelTerritories();
}
function labelTerritories() {
  for (const o of $("territory").options) {
    const e = territories[o.value];
    if (e) o.textContent = lang === "fr" ? (e.label_fr || e.label) : `${e.id} — ${e.label}`;
  }
}

// The national files' départements and EPCI, searched as the official types (the latest answer
// wins); picking one adds it to the list and selects it.
let found = null;
let searchSeq = 0;
async function searchTerritories() {
  const text = $("territory-search").value.trim();
  const seq = ++searchSeq;
  if (text.length < 2) { found = null; showFound(); return; }
  try {
    const { body } = await api("territories/search?limit=8&q=" + encodeURIComponent(text));
    if (seq === searchSeq) { found = body.territories; showFound(); }
  } catch (e) {
    if (seq === searchSeq) { found = null; showFound(); }
  }
}
function showFound() {
  const ul = $("territory-found");
  ul.textContent = "";
  ul.hidden = found === null;
  if (found === null) return;
  if (found.length === 0) { const li = document.createElement("li"); li.textContent = t("noneFound"); ul.appendChild(li); return; }
  for (const f of found) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "link";
    b.dataset.id = f.id;
    b.textContent = lang === "fr" ? f.label_fr : f.label;
    b.addEventListener("click", () => {
      addTerritory(f);
      $("territory").value = f.id;
      forgetOptimum();
      prepare();
      found = null;
      $("territory-search").value = "";
      showFound();
    });
    li.appendChild(b);
    ul.appendChild(li);
  }
}

async function start() {
  buildSplit();
  const link = (a, b) => {
    a.addEventListener("input", () => { b.value = a.value; });
  };
  link($("budget"), $("budget-number"));
  link($("budget-number"), $("budget"));
  $("run").addEventListener("click", run);
  $("optimise").addEventListener("click", optimise);
  $("apply").addEventListener("click", applyOptimum);
  for (const l of ["fr", "en"]) $(`lang-${l}`).addEventListener("click", () => { lang = l; localStorage.setItem("maillage-lang", l); translate(); listTries().catch(() => {}); });
  translate();
  try {
    const { body } = await api("territories");
    for (const territory of body.territories) addTerritory(territory);
    $("territory-search").addEventListener("input", searchTerritories);
    // A split found for another territory is not offered on this one.
    $("territory").addEventListener("change", forgetOptimum);
    for (const id of ["territory", "horizon", "replications", "seed"]) $(id).addEventListener("change", prepare);
    prepare();
    // The finder shows only where the server has the national files.
    api("territories/search?q=29&limit=1").then(() => { $("territory-finder").hidden = false; }).catch(() => {});
    await listTries();
  } catch (e) {
    $("error").textContent = e.status ? e.message : t("network");
    $("error").hidden = false;
  }
}
start();
