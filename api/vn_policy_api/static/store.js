// The journalists' page, continued: store the analysed article (v1/ingest) so that its
// targets can be followed on the target view. Uses `state`, `$` and `setStatus` of page.js.
"use strict";

// Whether the service wants a token for v1/ingest decides whether its field is shown.
fetch("v1/health").then((r) => r.json()).then((h) => {
  $("#token-field").hidden = !h.ingest_needs_token;
  $("#store").title = `Lưu bài vào kho ${h.store} để theo dõi mục tiêu`;
}).catch(() => {});
$("#token").value = sessionStorage.getItem("vnp-token") || "";

$("#store").addEventListener("click", async () => {
  if (!state.sent) return;
  const headers = { "Content-Type": "application/json" };
  const token = $("#token").value.trim();
  if (token) { headers.Authorization = `Bearer ${token}`; sessionStorage.setItem("vnp-token", token); }
  $("#store").disabled = true;
  setStatus("Đang lưu vào kho…");
  try {
    const resp = await fetch("v1/ingest", { method: "POST", headers, body: JSON.stringify(state.sent) });
    const data = await resp.json();
    if (resp.status === 401) {
      $("#token-field").hidden = false;
      setStatus("Cần mã truy cập của máy chủ để lưu vào kho.", true);
    } else if (!resp.ok) {
      setStatus(`Lỗi ${resp.status}: ${data.detail || resp.statusText}`, true);
    } else if (data.errors && data.errors.length && !data.documents) {
      setStatus(`Không lưu được: ${data.errors[0]}`, true);
    } else {
      setStatus(`Đã lưu bài “${state.sent.id}”: ${data.targets} mục tiêu, ${data.results} kết quả (xem trang Theo dõi mục tiêu).`);
    }
  } catch (err) {
    setStatus(`Không gọi được máy chủ: ${err}`, true);
  } finally {
    $("#store").disabled = false;
  }
});
