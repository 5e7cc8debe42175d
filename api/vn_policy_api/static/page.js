// The journalists' page: send the article to v1/extract, then show every record
// on the text, list targets and results, and offer the records as JSON and CSV.
// Record kinds are read from the response (every list of objects with a `span`),
// so a kind added to the records shows up here without a change.
"use strict";

const KINDS = {
  percentages: "Tỷ lệ phần trăm",
  organisations: "Cơ quan, tổ chức",
  locations: "Địa danh",
  time_expressions: "Thời gian, thời hạn",
  legal_references: "Văn bản pháp lý",
};
const TARGET_KINDS = { target: "Mục tiêu", result: "Kết quả" };
const FIELD_LABELS = {
  value: "giá trị", value_high: "đến", name: "tên đầy đủ", level: "cấp", type: "loại", deadline: "thời hạn",
  mod: "kiểu", number: "số hiệu", issuer: "cơ quan ban hành", kind: "loại", indicator: "chỉ tiêu", unit: "đơn vị",
  comparator: "so sánh", direction: "chiều", location: "địa bàn", cue: "từ báo hiệu",
};
// A range is "từ 5 đến 7" in the value column ("khoảng" would read as "approximately").
const COMPARATORS = { eq: "=", gt: ">", gte: "≥", lt: "<", lte: "≤", approx: "≈", range: "từ … đến …" };
const DIRECTIONS = { increase: "↑ tăng", decrease: "↓ giảm" };

const $ = (sel) => document.querySelector(sel);
const state = { data: null, text: "", sent: null, hidden: new Set() };

function setStatus(message, isError = false) {
  const el = $("#status");
  el.textContent = message;
  el.classList.toggle("error", isError);
}

// ---------------------------------------------------------------- input

$("#file").addEventListener("change", async (ev) => {
  const file = ev.target.files[0];
  if (!file) return;
  let text = await file.text();
  // Corpus files start with " date YYYY-MM Title" and an empty line.
  const head = text.match(/^\uFEFF? ?date (\d{4}(?:-\d{2}){0,2})(?: ([^\r\n]*))?\r?\n(?:\r?\n)?/);
  if (head) {
    $("#date").value = head[1];
    $("#title").value = head[2] || "";
    text = text.slice(head[0].length);
  }
  $("#text").value = text;
  $("#doc-id").value = file.name.replace(/\.[^.]*$/, "");
  setStatus(`Đã đọc tệp ${file.name}.`);
});

// The publication date as the API takes it: 12/01/2023 and 12-1-2023 (day first, as
// written in Vietnam), 01/2023, 2023, or ISO 2023-01-12. "" when empty, null when invalid.
function isoDate(raw) {
  const s = raw.trim();
  if (!s) return "";
  const pad = (n) => String(n).padStart(2, "0");
  let y, m, d;
  let g;
  if ((g = s.match(/^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/))) [, y, m, d] = g;
  else if ((g = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/))) [, d, m, y] = g;
  else if ((g = s.match(/^(\d{1,2})[/.-](\d{4})$/))) [, m, y] = g;
  else return null;
  if (m !== undefined && (Number(m) < 1 || Number(m) > 12)) return null;
  if (d !== undefined) {
    const when = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (when.getUTCMonth() !== Number(m) - 1 || when.getUTCDate() !== Number(d)) return null;
  }
  return [y, m && pad(m), d && pad(d)].filter(Boolean).join("-");
}

$("#form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("#text").value;
  if (!text.trim()) { setStatus("Chưa có nội dung bài báo.", true); return; }
  const size = new Blob([text]).size;
  const max = Number(document.body.dataset.maxBytes);
  if (size > max) { setStatus(`Bài dài ${size} byte, quá giới hạn ${max} byte.`, true); return; }
  const body = { text, id: $("#doc-id").value.trim() || "bai-bao" };
  const date = isoDate($("#date").value);
  if (date === null) { setStatus("Ngày đăng không hợp lệ: viết ngày/tháng/năm, ví dụ 12/01/2023.", true); return; }
  const title = $("#title").value.trim();
  if (date) body.date = date;
  if (title) body.title = title;
  $("#run").disabled = true;
  setStatus("Đang phân tích…");
  try {
    const resp = await fetch("v1/extract", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const data = await resp.json();
    if (!resp.ok) { setStatus(`Lỗi ${resp.status}: ${data.detail || resp.statusText}`, true); return; }
    state.data = data;
    state.text = text;
    state.sent = body;
    show();
    const n = recordLists(data).reduce((a, [, recs]) => a + recs.length, 0);
    setStatus(`Tìm thấy ${n} đề cập, ${(data.targets || []).length} mục tiêu và kết quả.`);
  } catch (err) {
    setStatus(`Không gọi được máy chủ: ${err}`, true);
  } finally {
    $("#run").disabled = false;
  }
});

// ---------------------------------------------------------------- records

function recordLists(data) {
  return Object.entries(data).filter(([, v]) => Array.isArray(v)
    && v.every((r) => r && typeof r === "object" && Array.isArray(r.span)));
}

function kindOf(key, rec) {
  // the legend entry a record belongs to: targets split into target / result
  return key === "targets" && rec.kind ? `targets-${rec.kind}` : key;
}

function kindLabel(kind) {
  if (kind.startsWith("targets-")) return TARGET_KINDS[kind.slice(8)] || kind.slice(8);
  return KINDS[kind] || kind.replace(/_/g, " ");
}

function mentions(data) {
  // Python offsets count code points; JavaScript strings count UTF-16 units.
  const units = [0];
  let u = 0;
  for (const ch of state.text) { u += ch.length; units.push(u); }
  const at = (cp) => units[Math.min(cp, units.length - 1)];
  const out = [];
  for (const [key, recs] of recordLists(data)) {
    recs.forEach((rec, i) => {
      out.push({ id: `${key}-${i}`, key, kind: kindOf(key, rec), rec, start: at(rec.span[0]), end: at(rec.span[1]) });
    });
  }
  return out;
}

// ---------------------------------------------------------------- rendering

function show() {
  $("#results").hidden = false;
  $("#download-json").disabled = false;
  $("#download-csv").disabled = false;
  $("#store").disabled = false;
  renderLegend();
  renderArticle();
  renderTable();
}

function renderLegend() {
  const legend = $("#legend");
  legend.replaceChildren();
  const counts = new Map();
  for (const m of mentions(state.data)) counts.set(m.kind, (counts.get(m.kind) || 0) + 1);
  const order = [...Object.keys(KINDS), "targets-target", "targets-result"];
  const kinds = [...new Set([...order, ...counts.keys()])];
  for (const kind of kinds) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !state.hidden.has(kind);
    box.dataset.kind = kind;
    box.addEventListener("change", () => {
      if (box.checked) state.hidden.delete(kind); else state.hidden.add(kind);
      renderArticle();
    });
    const sw = document.createElement("span");
    sw.className = `swatch ${styleClass(kind)}`;
    const text = document.createElement("span");
    text.textContent = `${kindLabel(kind)} (${counts.get(kind) || 0})`;
    label.append(box, sw, text);
    label.dataset.kind = kind;
    legend.append(label);
  }
}

function styleClass(kind) {
  if (kind.startsWith("targets-")) return kind === "targets-result" ? "ul-result" : "ul-target";
  return KINDS[kind] ? `bg-${kind}` : "bg-other";
}

function renderArticle() {
  const article = $("#article");
  const text = state.text;
  const ms = mentions(state.data).filter((m) => !state.hidden.has(m.kind) && m.end > m.start);
  // Sweep over the boundaries: each piece of text between two boundaries is one element
  // that knows every mention covering it.
  const points = new Set([0, text.length]);
  for (const m of ms) { points.add(m.start); points.add(m.end); }
  const cuts = [...points].sort((a, b) => a - b);
  const starting = new Map();
  for (const m of ms) {
    if (!starting.has(m.start)) starting.set(m.start, []);
    starting.get(m.start).push(m);
  }
  const active = new Set();
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    for (const m of active) if (m.end <= a) active.delete(m);
    for (const m of starting.get(a) || []) active.add(m);
    const piece = text.slice(a, b);
    if (!active.size) { frag.append(piece); continue; }
    const span = document.createElement("span");
    const covering = [...active].sort((x, y) => (x.end - x.start) - (y.end - y.start));
    const inner = covering.find((m) => m.key !== "targets");
    const classes = ["m"];
    if (inner) classes.push(styleClass(inner.kind));
    for (const m of covering) if (m.key === "targets") classes.push(styleClass(m.kind));
    span.className = [...new Set(classes)].join(" ");
    span.dataset.ids = covering.map((m) => m.id).join(" ");
    span.textContent = piece;
    span._mentions = covering;
    frag.append(span);
  }
  article.replaceChildren(frag);
}

function fmtNumber(v) {
  return typeof v === "number" ? v.toLocaleString("vi-VN", { maximumFractionDigits: 4 }) : String(v);
}

function renderTable() {
  const tbody = $("#targets tbody");
  tbody.replaceChildren();
  const targets = state.data.targets || [];
  $("#count").textContent = `(${targets.length})`;
  $("#no-targets").hidden = targets.length > 0;
  targets.forEach((t, i) => {
    const tr = document.createElement("tr");
    tr.className = "rec";
    tr.dataset.id = `targets-${i}`;
    tr.dataset.kind = t.kind;
    tr.dataset.value = String(t.value);
    tr.tabIndex = 0;
    tr.title = t.text;
    const kind = document.createElement("span");
    kind.className = `tag ${t.kind}`;
    kind.textContent = TARGET_KINDS[t.kind] || t.kind;
    const value = t.value_high != null ? `từ ${fmtNumber(t.value)} đến ${fmtNumber(t.value_high)}` : fmtNumber(t.value);
    const sign = t.comparator === "range" ? "" : COMPARATORS[t.comparator] || t.comparator || "";
    const comparator = [sign, DIRECTIONS[t.direction] || ""].join(" ").trim();
    const cells = [kind, t.indicator || "", value, comparator, t.unit || "", t.deadline || "", t.location || ""];
    cells.forEach((c, j) => {
      const td = document.createElement("td");
      if (j === 2) td.className = "num";
      td.dataset.col = ["kind", "indicator", "value", "comparator", "unit", "deadline", "location"][j];
      td.append(c);
      tr.append(td);
    });
    tr.addEventListener("click", () => flash(tr.dataset.id));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); flash(tr.dataset.id); } });
    tbody.append(tr);
  });
}

function flash(id) {
  const pieces = [...document.querySelectorAll("#article .m")].filter((el) => el.dataset.ids.split(" ").includes(id));
  if (!pieces.length) { setStatus("Đoạn này đang bị ẩn (xem chú giải).", true); return; }
  pieces[0].scrollIntoView({ block: "center", behavior: "smooth" });
  for (const el of pieces) {
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
  }
  setTimeout(() => pieces.forEach((el) => el.classList.remove("flash")), 2000);
}

// ---------------------------------------------------------------- tooltip

const tip = $("#tip");
$("#article").addEventListener("mousemove", (ev) => {
  const el = ev.target.closest(".m");
  if (!el || !el._mentions) { tip.hidden = true; return; }
  tip.replaceChildren(...el._mentions.map(describe).flat());
  tip.hidden = false;
  const x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
  const y = ev.clientY + 18 + tip.offsetHeight > window.innerHeight ? ev.clientY - tip.offsetHeight - 10 : ev.clientY + 18;
  tip.style.left = `${Math.max(4, x)}px`;
  tip.style.top = `${Math.max(4, y)}px`;
});
$("#article").addEventListener("mouseleave", () => { tip.hidden = true; });

function describe(m) {
  // The kind, the text, then every normalised field the record has.
  const head = document.createElement("div");
  head.className = "k";
  head.textContent = `${kindLabel(m.kind)}: “${m.rec.text}”`;
  const dl = document.createElement("dl");
  for (const [k, v] of Object.entries(m.rec)) {
    if (["span", "text", "provenance"].includes(k) || v === null || v === undefined || v === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = FIELD_LABELS[k] || k;
    const dd = document.createElement("dd");
    let shown = typeof v === "boolean" ? (v ? "có" : "không") : (typeof v === "object" ? JSON.stringify(v) : fmtNumber(v));
    if (k === "comparator" && COMPARATORS[v]) shown = `${COMPARATORS[v]} (${v})`;
    if (k === "direction" && DIRECTIONS[v]) shown = DIRECTIONS[v];
    dd.textContent = shown;
    dl.append(dt, dd);
  }
  return [head, dl];
}

// ---------------------------------------------------------------- downloads

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function csvCell(v) {
  if (v === null || v === undefined) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCSV(data) {
  // One row per record of every kind; columns: where it is, then the union of all fields.
  const head = ["doc_id", "doc_date", "record", "span_start", "span_end", "text"];
  const fields = [];
  const rows = [];
  for (const [key, recs] of recordLists(data)) {
    for (const rec of recs) {
      for (const k of Object.keys(rec)) {
        if (!["span", "text", "provenance"].includes(k) && !fields.includes(k)) fields.push(k);
      }
      rows.push([key, rec]);
    }
  }
  const cols = [...head, ...fields, "rules", "confidence"];
  const lines = [cols.join(",")];
  for (const [key, rec] of rows) {
    const prov = rec.provenance || {};
    const vals = [data.id, data.date, key, rec.span[0], rec.span[1], rec.text, ...fields.map((f) => rec[f]),
      (prov.rules || []).join("; "), prov.confidence];
    lines.push(vals.map(csvCell).join(","));
  }
  // A byte-order mark, so spreadsheet programs read the Vietnamese as UTF-8.
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

$("#download-json").addEventListener("click", () => {
  download(`${state.data.id}.json`, "application/json", JSON.stringify(state.data, null, 2));
});
$("#download-csv").addEventListener("click", () => {
  download(`${state.data.id}.csv`, "text/csv;charset=utf-8", toCSV(state.data));
});

