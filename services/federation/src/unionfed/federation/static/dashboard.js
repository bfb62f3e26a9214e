// The federation dashboard: county -> station -> union, charts in hand-written SVG, refreshed
// while events arrive. The token comes once in ?token= and is kept in sessionStorage.
"use strict";

const TOKEN_KEY = "unionfed.federation.token";
const LANG_KEY = "unionfed.federation.lang";
const REFRESH_MS = Number(document.body.dataset.refreshMs) || 3000;
const UI = {
  title: ["县总工会数据看板", "County federation dashboard"],
  county: ["全县", "County"], toggle: ["English", "中文"],
  export: ["导出 .xlsx", "Export .xlsx"], exportAll: ["全部导出 .xlsx", "Export all .xlsx"],
  forbidden: ["无权查看：全县数据仅限县总工会工作人员。", "Not allowed: only federation staff see the county view."],
  notFound: ["没有找到。", "Not found."], login: ["粘贴访问令牌", "Paste an access token"],
  enter: ["进入", "Open"], updated: ["数据更新", "Data as of"], lag: ["积压", "lag"],
  events: ["事件", "events"], noEvents: ["尚无事件", "no events yet"], empty: ["暂无数据", "no data"],
  stationsOf: ["本站", "My station"],
};
const FIGURES = {
  members_active: ["会员总数", "Members"], members_joined_this_year: ["今年新入会", "Joined this year"],
  unions_active: ["基层工会", "Grassroots unions"], unions_founded_this_year: ["今年新建会", "Unions founded this year"],
  membership_rate: ["入会率", "Membership rate"], cases_total: ["维权案件", "Grievances"],
  cases_open: ["在办案件", "Open cases"], cases_open_overdue: ["超期在办", "Open overdue"],
  cases_collective: ["群体性案件", "Collective cases"], cluster_alerts: ["多发预警", "Cluster alerts"],
  median_days_to_resolve: ["办结天数(中位)", "Median days to resolve"],
  recovered_yuan: ["挽回金额(元)", "Recovered (yuan)"], satisfaction_avg: ["满意度(1-5)", "Satisfaction (1-5)"],
  aid_budget_yuan: ["帮扶预算(元)", "Aid budget (yuan)"], aid_committed_yuan: ["已批准(元)", "Aid committed (yuan)"],
  aid_disbursed_yuan: ["已发放(元)", "Aid disbursed (yuan)"], people_helped: ["受助人数", "People helped"],
  hardship_files: ["困难职工档案", "Hardship files"], model_workers_active: ["在册劳模", "Model workers"],
  model_workers_expired: ["称号到期", "Titles expired"], model_workers_revoked: ["称号撤销", "Titles revoked"],
  assessments_due: ["待考核", "Assessments due"], score: ["职工之家评分", "Workers' home score"],
  score_avg: ["平均评分", "Average score"], stations: ["服务站", "Stations"],
};
const PERCENT = new Set(["membership_rate"]);

let labels = {};
let lastEvents = null;

function lang() { return sessionStorage.getItem(LANG_KEY) || "zh"; }
function t(pair) { return pair[lang() === "en" ? 1 : 0]; }
function name(code) { const l = labels[code]; return l ? l[lang()] : code; }
function token() { return sessionStorage.getItem(TOKEN_KEY); }

function claims() {
  try {
    const part = token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch (e) { return {}; }
}
function isFederation() {
  const roles = claims().roles || [];
  return roles.includes("federation_staff") || roles.includes("federation_admin");
}

function takeParams() {
  const url = new URL(location.href);
  if (url.searchParams.get("token")) sessionStorage.setItem(TOKEN_KEY, url.searchParams.get("token"));
  if (url.searchParams.get("lang")) sessionStorage.setItem(LANG_KEY, url.searchParams.get("lang"));
  if (url.searchParams.has("token")) {  // not left in the address bar or the history
    url.searchParams.delete("token");
    history.replaceState(null, "", url.toString());
  }
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) { const e = new Error(String(response.status)); e.status = response.status; throw e; }
  return response;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatValue(key, value) {
  if (value === null || value === undefined) return "—";
  if (PERCENT.has(key) || key === "used") return `${(value * 100).toFixed(1)}%`;
  if (typeof value === "number") return value.toLocaleString(lang() === "en" ? "en" : "zh-CN");
  return name(value);
}

function numericColumn(table) {
  return table.columns.find((c, i) => i > 0 && table.rows.some((r) => typeof r[c.key] === "number"));
}

function barChart(table) {
  const col = numericColumn(table);
  if (!col || !table.rows.length) return null;
  const labelKey = table.columns[0].key === "station_code" ? "name" : table.columns[0].key;
  const rows = table.rows.slice(0, 20);
  const max = Math.max(1, ...rows.map((r) => r[col.key] || 0));
  const height = rows.length * 22 + 10;
  const chart = svg("svg", { width: "100%", viewBox: `0 0 420 ${height}`, role: "img",
    "aria-label": `${table.title[lang()]}: ${col[lang()]}`, class: "chart bar-chart" });
  rows.forEach((r, i) => {
    const y = 5 + i * 22, w = Math.round(((r[col.key] || 0) / max) * 250);
    chart.append(svg("text", { x: 0, y: y + 14 }, String(name(r[labelKey] ?? r.key ?? "")).slice(0, 14)));
    chart.append(svg("rect", { x: 110, y, width: Math.max(w, 1), height: 16, class: "bar" }));
    chart.append(svg("text", { x: 115 + w, y: y + 13 }, formatValue(col.key, r[col.key])));
  });
  return chart;
}

function lineChart(table) {
  const col = numericColumn(table);
  if (!col || !table.rows.length) return null;
  const rows = table.rows, max = Math.max(1, ...rows.map((r) => r[col.key] || 0));
  const step = rows.length > 1 ? 360 / (rows.length - 1) : 0;
  const chart = svg("svg", { width: "100%", viewBox: "0 0 420 150", role: "img", class: "chart line-chart",
    "aria-label": `${table.title[lang()]}: ${col[lang()]}` });
  const points = rows.map((r, i) => [40 + i * step, 120 - ((r[col.key] || 0) / max) * 100]);
  chart.append(svg("polyline", { points: points.map((p) => p.join(",")).join(" "), class: "line" }));
  points.forEach(([x, y], i) => {
    chart.append(svg("circle", { cx: x, cy: y, r: 3, class: "dot" }));
    chart.append(svg("text", { x: x - 16, y: 140 }, rows[i].key.slice(2)));
    chart.append(svg("text", { x: x - 6, y: y - 6 }, formatValue(col.key, rows[i][col.key])));
  });
  return chart;
}

function tablePanel(table, exportPath) {
  const title = el("h2", {}, table.title[lang()]);
  const button = el("button", { type: "button", class: "export", "data-table": table.name }, t(UI.export));
  button.addEventListener("click", () => download(`${exportPath}/tables/${table.name}.xlsx?lang=${lang()}`,
    `${table.name}.xlsx`));
  title.append(button);
  const panel = el("section", { class: "panel", "data-table": table.name }, title);
  const chart = table.chart === "line" ? lineChart(table) : table.chart === "bar" ? barChart(table) : null;
  if (chart) panel.append(chart);
  if (!table.rows.length) { panel.append(el("p", {}, t(UI.empty))); return panel; }
  const head = el("tr", {}, ...table.columns.map((c) => el("th", {}, c[lang()])));
  const body = table.rows.map((r) => el("tr", {}, ...table.columns.map((c) => el("td", {}, cell(table, c, r)))));
  panel.append(el("table", {}, el("thead", {}, head), el("tbody", {}, ...body)));
  return panel;
}

function cell(table, column, row) {
  const text = formatValue(column.key, row[column.key]);
  if (table.name === "stations" && column.key === "station_code") return el("a", { href: `#/stations/${row.station_code}` }, text);
  if (table.name === "stations" && column.key === "name") return el("a", { href: `#/stations/${row.station_code}` }, text);
  if (table.name === "unions" && (column.key === "union_id" || column.key === "employer_name"))
    return el("a", { href: `#/unions/${encodeURIComponent(row.union_id)}` }, text);
  return text;
}

async function download(path, filename) {
  const blob = await (await api(path)).blob();
  const link = el("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(link); link.click(); link.remove();
}

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "stations" && parts[1]) return { level: "station", code: parts[1], path: `/v1/stations/${encodeURIComponent(parts[1])}` };
  if (parts[0] === "unions" && parts[1]) return { level: "union", code: parts[1], path: `/v1/unions/${encodeURIComponent(parts[1])}` };
  if (!isFederation() && (claims().stations || []).length) {
    const code = claims().stations[0];
    return { level: "station", code, path: `/v1/stations/${encodeURIComponent(code)}` };
  }
  return { level: "county", code: null, path: "/v1/county" };
}

function crumbs(report) {
  const nav = document.getElementById("crumbs");
  nav.replaceChildren();
  if (isFederation()) nav.append(el("a", { href: "#/" }, t(UI.county)));
  if (report && report.level === "station") nav.append(" › ", el("a", { href: `#/stations/${report.code}` }, report.name));
  if (report && report.level === "union") {
    const station = report.figures.station_code;
    nav.append(" › ", el("a", { href: `#/stations/${station}` }, station), " › ", el("span", {}, report.name || report.code));
  }
}

async function render() {
  document.documentElement.lang = lang() === "en" ? "en" : "zh-CN";
  document.getElementById("title").textContent = t(UI.title);
  document.title = t(UI.title);
  document.getElementById("lang-toggle").textContent = t(UI.toggle);
  const view = document.getElementById("view");
  const where = route();
  let report;
  try {
    report = await (await api(where.path)).json();
  } catch (e) {
    crumbs(null);
    const text = e.status === 403 ? UI.forbidden : e.status === 401 ? UI.login : UI.notFound;
    view.replaceChildren(el("p", { class: "message", id: "refused", "data-status": String(e.status) }, t(text)));
    if (e.status === 401) showLogin();
    return;
  }
  crumbs(report);
  const heading = el("h2", { id: "scope", "data-level": report.level }, report.level === "county" ? t(UI.county) : report.name || report.code);
  const all = el("button", { type: "button", class: "export-all" }, t(UI.exportAll));
  all.addEventListener("click", () => download(`${where.path}.xlsx?lang=${lang()}`, `${report.level}.xlsx`));
  const cards = el("div", { class: "cards" }, ...Object.entries(FIGURES)
    .filter(([key]) => key in report.figures)
    .map(([key, pair]) => el("div", { class: "card", "data-figure": key },
      el("div", { class: "value" }, formatValue(key, report.figures[key])), el("div", { class: "name" }, t(pair)))));
  const grid = el("div", { class: "grid" }, ...report.tables.map((tb) => tablePanel(tb, where.path)));
  view.replaceChildren(heading, all, cards, grid);
}

async function freshness() {
  const box = document.getElementById("freshness");
  try {
    const answer = await (await api("/v1/freshness")).json();
    const parts = answer.topics.map((tp) => {
      const when = tp.last_event_at ? new Date(tp.last_event_at).toLocaleString(lang() === "en" ? "en" : "zh-CN") : t(UI.noEvents);
      const lag = tp.lag === null || tp.lag === undefined ? "?" : tp.lag;
      return `${tp.topic}: ${when} · ${t(UI.lag)} ${lag}`;
    });
    box.replaceChildren(el("span", { id: "events-total", "data-events": String(answer.events) },
      `${t(UI.updated)} — ${answer.events} ${t(UI.events)} | ${parts.join(" | ")}`));
    if (lastEvents !== null && answer.events !== lastEvents) await render();
    lastEvents = answer.events;
  } catch (e) { box.textContent = ""; }
}

function showLogin() {
  const form = document.getElementById("login");
  form.hidden = false;
  document.getElementById("login-label").textContent = t(UI.login);
  document.getElementById("login-button").textContent = t(UI.enter);
}

async function start() {
  takeParams();
  document.getElementById("lang-toggle").addEventListener("click", () => {
    sessionStorage.setItem(LANG_KEY, lang() === "en" ? "zh" : "en");
    const url = new URL(location.href); url.searchParams.set("lang", lang());
    history.replaceState(null, "", url.toString());
    render(); freshness();
  });
  document.getElementById("login").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById("token-input").value.trim());
    document.getElementById("login").hidden = true;
    render(); freshness();
  });
  window.addEventListener("hashchange", render);
  labels = await (await fetch("/v1/labels")).json();
  if (!token()) { showLogin(); return; }
  await render();
  await freshness();
  setInterval(freshness, REFRESH_MS);
}

start();
