// policyscope pages: charts (vega-embed, offline bundle, expression interpreter so no eval is needed under
// the CSP) and job progress polling. No inline script anywhere: this file is the only behaviour.
"use strict";

// The chart bundle (vega, vega-lite, vega-embed: ~900 KB, ~250 KB compressed) is fetched only by pages that
// have a chart, once, and cached by the browser.
function loadChartBundle() {
  if (document.getElementById("vega-bundle")) return;
  const s = document.createElement("script");
  s.id = "vega-bundle";
  s.src = "/static-vendor/vega-bundle.js";
  document.head.appendChild(s);
}

function embedCharts() {
  const nodes = document.querySelectorAll("[data-vl-spec]");
  if (!nodes.length) return;
  if (typeof window.vegaEmbed !== "function") { loadChartBundle(); setTimeout(embedCharts, 100); return; }
  nodes.forEach(function (el) {
    if (el.dataset.embedded) return;
    el.dataset.embedded = "1";
    let spec;
    try { spec = JSON.parse(el.dataset.vlSpec); } catch (e) { el.textContent = "chart error: " + e; return; }
    window.vegaEmbed(el, spec, { ast: true, actions: false, renderer: "svg", defaultStyle: false, tooltip: { disableDefaultStyle: true } })
      .then(function () { el.classList.add("rendered"); })
      .catch(function (err) { el.classList.add("failed"); el.textContent = "chart error: " + err; });
  });
}

function pollJob() {
  const box = document.getElementById("job");
  if (!box) return;
  const url = box.dataset.jobUrl;
  const lang = document.body.dataset.lang;
  const words = lang === "zh"
    ? { queued: "排队中", running: "处理中", done: "完成", failed: "失败" }
    : { queued: "Queued", running: "Running", done: "Done", failed: "Failed" };
  function tick() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        document.getElementById("job-progress").value = job.progress;
        const st = document.getElementById("job-status");
        st.textContent = words[job.status] || job.status;
        st.className = "state state-" + job.status;
        document.getElementById("job-message").textContent = job.error || job.message || "";
        if (job.status === "done" || job.status === "failed") {
          if (box.dataset.status !== job.status) window.location.reload();
          return;
        }
        setTimeout(tick, 500);
      })
      .catch(function () { setTimeout(tick, 1500); });
  }
  if (box.dataset.status === "queued" || box.dataset.status === "running") tick();
}

function highlightTarget() {
  const m = window.location.hash.match(/^#L(\d+)$/);
  if (!m) return;
  const el = document.getElementById("L" + m[1]);
  if (el) { el.classList.add("target"); el.scrollIntoView({ block: "center" }); }
}

// A year slider shows its value while it moves and submits its form when released (map, explorer).
function autosubmitSliders() {
  document.querySelectorAll("input[type=range][data-autosubmit]").forEach(function (el) {
    const out = document.getElementById(el.id + "-out");
    el.addEventListener("input", function () { if (out) out.textContent = el.value; });
    el.addEventListener("change", function () { el.form.submit(); });
  });
}

// Click a column header of a table.sortable to sort by it (numbers as numbers, text by the page's locale).
function sortableTables() {
  const collator = new Intl.Collator(document.documentElement.lang, { numeric: true });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.classList.add("sort");
      th.addEventListener("click", function () {
        const asc = th.dataset.dir !== "asc";
        table.querySelectorAll("thead th").forEach(function (h) { delete h.dataset.dir; });
        th.dataset.dir = asc ? "asc" : "desc";
        const body = table.tBodies[0];
        const key = function (tr) {
          const txt = (tr.cells[col] || {}).textContent || "";
          const num = parseFloat(txt.replace(/[,\s%]/g, ""));
          return { num: isNaN(num) ? null : num, txt: txt.trim() };
        };
        const rows = Array.from(body.rows).map(function (tr) { return [key(tr), tr]; });
        rows.sort(function (a, b) {
          const r = (a[0].num !== null && b[0].num !== null) ? a[0].num - b[0].num : collator.compare(a[0].txt, b[0].txt);
          return asc ? r : -r;
        });
        rows.forEach(function (p) { body.appendChild(p[1]); });
      });
    });
  });
}

// A table.filterable gets a search box above it that hides the rows not containing what is typed.
function filterableTables() {
  const label = document.body.dataset.filterLabel || "Filter";
  document.querySelectorAll("table.filterable").forEach(function (table) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "table-filter";
    box.placeholder = label;
    box.setAttribute("aria-label", label);
    if (table.id) box.id = table.id + "-filter";
    const anchor = table.closest(".scroll") || table;
    anchor.parentNode.insertBefore(box, anchor);
    box.addEventListener("input", function () {
      const q = box.value.trim().toLocaleLowerCase();
      Array.from(table.tBodies[0].rows).forEach(function (tr) {
        tr.hidden = q !== "" && tr.textContent.toLocaleLowerCase().indexOf(q) < 0;
      });
    });
  });
}

// A select[data-searchable] (indicators by theme) gets a box that hides the options whose name does not match.
function searchableSelects() {
  const label = document.body.dataset.searchLabel || "Find";
  document.querySelectorAll("select[data-searchable]").forEach(function (sel) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.placeholder = label;
    box.setAttribute("aria-label", label);
    if (sel.id) box.id = sel.id + "-find";
    sel.parentNode.insertBefore(box, sel);
    box.addEventListener("input", function () {
      const q = box.value.trim().toLocaleLowerCase();
      Array.from(sel.options).forEach(function (o) {
        o.hidden = q !== "" && (o.textContent + " " + o.value).toLocaleLowerCase().indexOf(q) < 0;
      });
    });
  });
}

// A picker of several names (input[data-multi-list]) suggests the next name after the ones already typed.
function multiPickers() {
  document.querySelectorAll("input[data-multi-list]").forEach(function (inp) {
    const list = document.getElementById(inp.getAttribute("list"));
    if (!list) return;
    const names = Array.from(list.options).map(function (o) { return o.value; });
    inp.addEventListener("input", function () {
      const parts = inp.value.split(/[,，、]/);
      const head = parts.slice(0, -1).map(function (x) { return x.trim(); }).filter(Boolean);
      const prefix = head.length ? head.join(",") + "," : "";
      list.textContent = "";
      names.forEach(function (n) {
        const o = document.createElement("option");
        o.value = prefix + n;
        list.appendChild(o);
      });
    });
  });
}

// On a phone the navigation folds behind a menu button.
function menuButton() {
  const btn = document.getElementById("menu-btn");
  if (!btn) return;
  btn.addEventListener("click", function () {
    const open = btn.closest("header").classList.toggle("open");
    btn.setAttribute("aria-expanded", open ? "true" : "false");
  });
}

document.addEventListener("DOMContentLoaded", function () {
  menuButton();
  embedCharts();
  autosubmitSliders();
  sortableTables();
  filterableTables();
  searchableSelects();
  multiPickers();
  pollJob();
  highlightTarget();
});
