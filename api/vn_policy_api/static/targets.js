// The target view: search the store, then show a target across articles, its linked
// results and status. Every value from the store is escaped (esc) before it is shown.
"use strict";
const PAGE = 25;
const SIGN = {eq: "", gt: ">", gte: "≥", lt: "<", lte: "≤", approx: "≈", range: ""};
const ARROW = {increase: "↑", decrease: "↓"};
let offset = 0, total = 0;
const $ = (s) => document.querySelector(s);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const num = (v) => v == null ? "" : Number(v).toLocaleString("vi-VN", {maximumFractionDigits: 3});
// "↓ 1,2 điểm phần trăm", "≥ 95 %", "từ 7,5 đến 8 %": direction, comparator, value and the record's own unit.
const amount = (r) => r.value_high != null ? `từ ${num(r.value)} đến ${num(r.value_high)}` : num(r.value);
const value = (r) => [ARROW[r.direction] || "", SIGN[r.comparator] || "", amount(r), r.unit || ""].filter(Boolean).join(" ");
const STATUS = {met: "đạt", missed: "không đạt", pending: "chưa đến hạn", unknown: "chưa rõ"};
const KIND = {target: "mục tiêu", result: "kết quả"};
const status = (s) => s ? `<span class="status ${esc(s)}" data-status="${esc(s)}">${esc(STATUS[s] || s)}</span>` : "";

async function search() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($("#search"))) if (v) params.set(k, v);
  params.set("limit", PAGE); params.set("offset", offset);
  const res = await fetch("/v1/targets?" + params);
  const page = await res.json();
  if (!res.ok) { $("#summary").textContent = "Lỗi: " + JSON.stringify(page.detail); return; }
  total = page.total;
  $("#summary").textContent = total ? `${total} bản ghi, ${offset + 1}–${offset + page.items.length}` : "Không có bản ghi.";
  $("#rows").innerHTML = page.items.map((r) => `<tr tabindex="0" data-href="${esc(r.href)}">
    <td>${esc(r.document_date)}</td><td>${esc(KIND[r.kind] || r.kind)}</td><td>${esc(r.indicator)}</td><td>${esc(value(r))}</td>
    <td>${esc(r.deadline)}</td><td>${esc(r.location)}</td><td>${status(r.status)}</td></tr>`).join("");
  $("#prev").disabled = offset === 0; $("#next").disabled = offset + PAGE >= total;
}

function evidence(r) {
  return `<blockquote>${esc(r.sentence || r.text)}</blockquote>
    <div class="muted">${esc(r.document_title || r.document_id)} · ${esc(r.document_date)} · <a href="${esc(r.sentence_url)}">câu trong bài</a></div>`;
}

async function show(href, row) {
  document.querySelectorAll("#rows tr").forEach((tr) => tr.setAttribute("aria-selected", tr === row));
  const res = await fetch(href);
  const d = await res.json();
  if (!res.ok) { $("#detail").textContent = "Lỗi: " + JSON.stringify(d.detail); return; }
  const r = d.record;
  let out = `<h2>${esc(r.indicator)}: ${esc(value(r))}${r.deadline ? " — thời hạn " + esc(r.deadline) : ""}</h2>
    <p>${esc(r.location)} · ${esc(KIND[r.kind] || r.kind)} · ${status(d.status)}${d.status_confidence != null ? ` <span class="muted">độ tin cậy ${num(d.status_confidence)}</span>` : ""}</p>`;
  out += `<h3>Qua các bài báo (${d.history.length})</h3>` + d.history.map(evidence).join("");
  out += `<h3>${r.kind === "target" ? "Kết quả được đối chiếu" : "Mục tiêu được đối chiếu"} (${d.links.length})</h3>`;
  out += d.links.length ? d.links.map((l) => `<p>${status(l.status)} ${esc(value(l.record))} <span class="muted">độ tin cậy ${num(l.confidence)}</span></p>` + evidence(l.record)).join("")
    : `<p class="muted">Chưa tìm thấy${r.kind === "target" ? " kết quả cho địa phương, chỉ tiêu và thời hạn này" : ""}.</p>`;
  $("#detail").innerHTML = out;
}

$("#search").addEventListener("submit", (e) => { e.preventDefault(); offset = 0; search(); });
$("#prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); search(); });
$("#next").addEventListener("click", () => { offset += PAGE; search(); });
$("#rows").addEventListener("click", (e) => { const tr = e.target.closest("tr"); if (tr) show(tr.dataset.href, tr); });
$("#rows").addEventListener("keydown", (e) => { if (e.key === "Enter") { const tr = e.target.closest("tr"); if (tr) show(tr.dataset.href, tr); } });
fetch("/v1/health").then((r) => r.json()).then((h) => { $("#store").textContent = h.store || ""; }).catch(() => {});
const initial = new URLSearchParams(location.search);
for (const [k, v] of initial) { const el = $("#search").elements[k]; if (el) el.value = v; }
search();
