// Maillage's page: chooses a territory and a budget, asks the API to evaluate it against no
// cooperation, shows the answer and keeps the tries. No framework, no build step.
"use strict";

const LINES = ["capacity", "outreach", "coordination", "training"];
const TEXT = {
  fr: {
    title: "Maillage — que permet un budget de coopération ?", formTitle: "Votre essai", territory: "Territoire",
    territorySearch: "… ou tout département, toute intercommunalité (EPCI) de France", territorySearchHint: "nom ou code : « quimper », « 29 »",
    noneFound: "Aucun département ni aucune intercommunalité ne porte ce nom ou ce code.",
    importNotes: "Notes sur les données importées (pour les analystes)",
    budget: "Budget annuel (€)", split: "Répartition du budget (%)", horizon: "Horizon (mois)", advanced: "Réglages de la simulation",
    replications: "Réplications", seed: "Graine", run: "Lancer la simulation",
    resultTitle: "Résultat, comparé à l'absence de coopération et au statu quo (mêmes tirages)", indicator: "Indicateur", without: "Sans la politique",
    statusQuo: "Statu quo", againstQuo: "Écart au statu quo [IC 95 %]", vsQuo: "par rapport au statu quo",
    quoText: (items) => `Statu quo : la coopération qui existe déjà sur ce territoire (MODEL.md, 7.7), en place depuis des années : ${items}. L'écart au statu quo est ce que l'essai ajoute à ce qui se fait déjà.`,
    noQuo: "Ce territoire n'a pas de statu quo décrit : l'essai n'est comparé qu'à l'absence de coopération.",
    with: "Avec la politique", interval: "Intervalle à 95 %", bought: "Ce que l'argent achète", line: "Ligne", spent: "Dépensé par an",
    what: "Essai", maps: "Cartes", downloadYaml: "Télécharger le scénario (YAML)", downloadCsv: "Télécharger les résultats (CSV)",
    triesTitle: "Essais enregistrés", when: "Date", files: "Fichiers", show: "afficher",
    footer: "Les intervalles entre crochets ne mesurent que le hasard de la simulation à paramètres fixés ; la plage sur les mondes plausibles, qui suit la première réponse, y ajoute l'incertitude sur les paramètres (MODEL.md).",
    plausibleWait: "Plage sur les mondes plausibles : calcul en cours (de 10 à 30 s)…",
    plausible: (lo, hi, p) => `Mondes plausibles : ${lo} à ${hi}, positif dans ${p} d'entre eux`,
    plausibleTitle: (d, r) => `Ce que l'on ne sait pas : la réponse ci-dessus vaut pour les paramètres du modèle tels qu'ils sont fixés. Sur ${d} mondes plausibles (les paramètres supposés tirés dans leurs lois a priori, les paramètres calés dans la loi a posteriori du calage ; ${r} réplications chacun, sur les mêmes tirages), la réponse varie ainsi (de 2,5 % à 97,5 % des mondes).`,
    cannotTell: "Le modèle ne peut pas dire si ce budget ajoute des emplois sur ce territoire : selon les valeurs plausibles des paramètres, l'effet net peut être positif ou négatif.",
    canTell: (p) => `Dans ${p} des mondes plausibles, ce budget ajoute des emplois nets sur ce territoire.`,
    plausibleFailed: "La plage sur les mondes plausibles n'a pas pu être calculée :",
    lines: { capacity: "Capacité", outreach: "Permanences", coordination: "Coordination", training: "Sensibilisation ESS" },
    total: (t) => `Total : ${t} %` + (t > 100.05 ? " — au-dessus de 100 %" : t < 99.95 ? " (le reste n'est pas dépensé)" : ""),
    running: (s) => `Calcul en cours… ${s} s`, stored: "réponse déjà enregistrée", computed: (s) => `calculé en ${s} s`,
    caption: (r) => `${r.territory_label_fr || r.territory_label} — ${fmt(r.request.budget_eur, 0)} € par an, horizon ${r.request.horizon_months} mois, ${r.request.replications} réplications, graine ${r.request.seed}`,
    jobsNet: "emplois nets ajoutés", jobsGross: "emplois bruts ajoutés", costPerJob: "coût par emploi net", coverage: "couverture",
    unspent: "non dépensé", nothing: "rien", permanences: (p, b) => `${p} permanence(s) placée(s) sur ${b} payée(s)`,
    busy: "Le serveur est occupé ; réessayez dans quelques secondes.", network: "Le serveur ne répond pas.",
    whatCol: "Ce qu'elle paie", perYear: "par an",
    objective: "Objectif de la recherche de répartition", objJobsNet: "emplois nets ajoutés", objJobs: "emplois ajoutés",
    objSupported: "part des porteurs accompagnés", objCoverage: "couverture",
    optimise: "Chercher la meilleure répartition de ce budget", optimumTitle: "Meilleure répartition trouvée",
    apply: "Appliquer cette répartition et simuler", searching: (s) => `Recherche de la meilleure répartition… ${s} s (de 10 à 30 s pour 100 réplications)`,
    optimumCaption: (o) => `${o.territory_label_fr || o.territory_label} — ${fmt(o.budget_eur, 0)} € par an ; objectif : ${o.objective_label_fr} ; ${o.candidates_evaluated} répartitions évaluées en ${fmt(o.seconds, 0)} s, sur les mêmes tirages ; valeurs sur ${o.best.replications} réplications que la recherche n'a pas utilisées`,
    best: "Meilleure", runnerUp: "Deuxième", bestSingle: "Meilleure ligne seule",
    beats: (p) => `Probabilité que la meilleure batte la deuxième : ${fmt(100 * p, 0)} %` + (p < 0.9 ? " — les deux ne se distinguent pas nettement à cette précision (sur de nouveaux tirages, la deuxième peut faire mieux) : augmentez les réplications avant de trancher" : ""),
    overSingle: (d, p) => `Gain sur la meilleure ligne seule : ${d} (probabilité qu'il soit positif : ${fmt(100 * p, 0)} %)`,
  },
  en: {
    title: "Maillage — what does a cooperation budget buy?", formTitle: "Your try", territory: "Territory",
    territorySearch: "… or any French département or intercommunality (EPCI)", territorySearchHint: "name or code: “quimper”, “29”",
    noneFound: "No département or intercommunality has this name or code.",
    importNotes: "Notes on the imported data (for analysts)",
    budget: "Yearly budget (€)", split: "Split of the budget (%)", horizon: "Horizon (months)", advanced: "Simulation settings",
    replications: "Replications", seed: "Seed", run: "Run the simulation",
    resultTitle: "Result, against no cooperation and against the status quo (same random draws)", indicator: "Indicator", without: "Without the policy",
    statusQuo: "Status quo", againstQuo: "Against the status quo [95% CI]", vsQuo: "against the status quo",
    quoText: (items) => `Status quo: the cooperation already there on this territory (MODEL.md, 7.7), in place for years: ${items}. The difference to the status quo is what the try adds to what is already done.`,
    noQuo: "This territory has no status quo described: the try is compared with no cooperation only.",
    with: "With the policy", interval: "95% interval", bought: "What the money buys", line: "Line", spent: "Spent a year",
    what: "Try", maps: "Maps", downloadYaml: "Download the scenario (YAML)", downloadCsv: "Download the results (CSV)",
    triesTitle: "Saved tries", when: "Date", files: "Files", show: "show",
    footer: "Intervals in brackets measure the simulation's chance only, at fixed parameters; the range over plausible worlds, which follows the first answer, adds the uncertainty of the parameters (MODEL.md).",
    plausibleWait: "Range over plausible worlds: computing (10 to 30 s)…",
    plausible: (lo, hi, p) => `Plausible worlds: ${lo} to ${hi}, positive in ${p} of them`,
    plausibleTitle: (d, r) => `What is not known: the answer above holds for the model's parameters as they are set. Over ${d} plausible worlds (the assumed parameters drawn from their priors, the calibrated ones from the calibration's posterior; ${r} replications each, on the same draws), the answer varies as follows (2.5% to 97.5% of the worlds).`,
    cannotTell: "The model cannot tell whether this budget adds jobs in this territory: depending on the plausible values of its parameters, the net effect can be positive or negative.",
    canTell: (p) => `In ${p} of the plausible worlds, this budget adds net jobs in this territory.`,
    plausibleFailed: "The range over plausible worlds could not be computed:",
    lines: { capacity: "Capacity", outreach: "Permanences", coordination: "Coordination", training: "ESS training" },
    total: (t) => `Total: ${t}%` + (t > 100.05 ? " — above 100%" : t < 99.95 ? " (the rest is not spent)" : ""),
    running: (s) => `Computing… ${s} s`, stored: "answer already stored", computed: (s) => `computed in ${s} s`,
    caption: (r) => `${r.territory_label} — ${fmt(r.request.budget_eur, 0)} € a year, horizon ${r.request.horizon_months} months, ${r.request.replications} replications, seed ${r.request.seed}`,
    jobsNet: "net jobs added", jobsGross: "gross jobs added", costPerJob: "cost per net job", coverage: "coverage",
    unspent: "unspent", nothing: "nothing", permanences: (p, b) => `${p} permanence(s) placed of ${b} paid for`,
    busy: "The server is busy; try again in a few seconds.", network: "The server does not answer.",
    whatCol: "What it pays for", perYear: "a year",
    objective: "Objective of the split search", objJobsNet: "net jobs added", objJobs: "jobs added",
    objSupported: "share of holders supported", objCoverage: "coverage",
    optimise: "Find the best split of this budget", optimumTitle: "Best split found",
    apply: "Apply this split and simulate", searching: (s) => `Searching for the best split… ${s} s (10 to 30 s for 100 replications)`,
    optimumCaption: (o) => `${o.territory_label} — ${fmt(o.budget_eur, 0)} € a year; objective: ${o.objective_label_en}; ${o.candidates_evaluated} splits evaluated in ${fmt(o.seconds, 0)} s on the same draws; values on ${o.best.replications} replications the search did not use`,
    best: "Best", runnerUp: "Runner-up", bestSingle: "Best single line",
    beats: (p) => `Probability that the best beats the runner-up: ${fmt(100 * p, 0)}%` + (p < 0.9 ? " — the two are not clearly apart at this precision (on fresh draws the runner-up may do better): raise the replications before deciding" : ""),
    overSingle: (d, p) => `Gain over the best single line: ${d} (probability it is positive: ${fmt(100 * p, 0)}%)`,
  },
};

let lang = localStorage.getItem("maillage-lang") || "fr";
let current = null; // the evaluation shown
let optimum = null; // the best split found last
const token = (() => {
  const m = /token=([^&]+)/.exec(location.hash);
  if (m) sessionStorage.setItem("maillage-token", decodeURIComponent(m[1]));
  return sessionStorage.getItem("maillage-token");
})();

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[lang][key];
function fmt(x, decimals) {
  if (x === null || x === undefined || !isFinite(x)) return lang === "fr" ? "n.d." : "n/a";
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x);
}
function value(x, kind, signed) {
  if (x === null || x === undefined || !isFinite(x)) return fmt(x);
  const sign = signed && x > 0 ? "+" : "";
  switch (kind) {
    case "share": return fmt(100 * x, 1) + (lang === "fr" ? " %" : "%");
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
  $("split-total").textContent = t("total")(Math.round(total * 10) / 10);
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
    $("progress-text").textContent = t(text)(fmt(s, 1));
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
  para(t("plausibleTitle")(p.draws, p.replications));
  const net = p.effects.find((e) => e.name === "jobs_added_net");
  if (net) {
    const holds = net.low !== null && net.high !== null && net.low <= 0 && net.high >= 0;
    const verdict = para(holds ? t("cannotTell") : t("canTell")(fmt(100 * net.prob_positive, 0) + (lang === "fr" ? " %" : "%")), "plausible-verdict");
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
  return LINES.filter((l) => (s[l] || 0) > 0).map((l) => `${TEXT[lang].lines[l]} ${fmt(100 * s[l], 1)}${lang === "fr" ? " %" : "%"}`).join(", ");
}

function showOptimum(o) {
  $("optimum").hidden = false;
  $("optimum-caption").textContent = t("optimumCaption")(o);
  const kind = o.objective_kind, signed = kind === "count";
  const v = (x) => `${value(x.mean, kind, signed)} [${value(x.low, kind)} ; ${value(x.high, kind)}]`;
  const items = [[t("best"), o.best], [t("runnerUp"), o.runner_up], [t("bestSingle"), o.best_single]]
    .filter(([, c]) => c).map(([name, c]) => `${name}${lang === "fr" ? " :" : ":"} ${splitText(c.split)} → ${v(c.objective)}`);
  if (o.probability_best_beats_runner_up !== null && o.probability_best_beats_runner_up !== undefined) items.push(t("beats")(o.probability_best_beats_runner_up));
  items.push(t("overSingle")(v(o.best_over_single), o.probability_best_beats_single));
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
  $("result-caption").textContent = t("caption")(r) + " — " + (r.stored ? t("stored") : t("computed")(fmt(r.seconds, 1)));
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
    sub.textContent = t(key) + (x.without ? ` (${t("without").toLowerCase()} : ${value(x.without.mean, x.kind)})` : ` [${value(x.with.low, x.kind)} ; ${value(x.with.high, x.kind)}]`);
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
      p.textContent = t("plausible")(value(effect.low, shift, true), value(effect.high, shift, true), fmt(100 * effect.prob_positive, 0) + (lang === "fr" ? " %" : "%"));
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
    ? t("quoText")(quo.map((i) => `${lang === "fr" ? i.label_fr : i.label_en} (${quantity(i)})`).join(" ; "))
    : t("noQuo");
  const bought = $("bought").querySelector("tbody");
  bought.textContent = "";
  for (const p of r.purchases) {
    const row = document.createElement("tr");
    cell(row, TEXT[lang].lines[p.line] || p.line);
    cell(row, fmt(p.spent_eur, 0) + " €", "num");
    let what = p.items.map((i) => `${lang === "fr" ? i.label_fr : i.label_en}${lang === "fr" ? " :" : ":"} ${quantity(i)}`);
    if (p.line === "outreach" && r.permanences_bought > 0) what.unshift(t("permanences")(r.permanences_placed, r.permanences_bought));
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
  for (const el of document.querySelectorAll("[data-t]")) { const v = TEXT[lang][el.dataset.t]; if (typeof v === "string") el.textContent = v; }
  for (const el of document.querySelectorAll("[data-t-placeholder]")) el.placeholder = TEXT[lang][el.dataset.tPlaceholder];
  labelTerritories();
  showFound();
  $("bought").querySelector("th:nth-child(3)").textContent = t("whatCol");
  for (const l of LINES) { const span = $(`share-${l}`).parentElement.querySelector("span"); span.textContent = TEXT[lang].lines[l]; }
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
    // The finder shows only where the server has the national files.
    api("territories/search?q=29&limit=1").then(() => { $("territory-finder").hidden = false; }).catch(() => {});
    await listTries();
  } catch (e) {
    $("error").textContent = e.status ? e.message : t("network");
    $("error").hidden = false;
  }
}
start();
