// The Mini App's first page: exchange Telegram's init data for a session, then open the desk.
"use strict";

function initData() {
  const webApp = window.Telegram && window.Telegram.WebApp;
  if (webApp && webApp.initData) return webApp.initData;
  return new URLSearchParams(window.location.hash.slice(1)).get("tgWebAppData") || "";
}

async function signIn() {
  const box = document.getElementById("mini-app");
  const status = document.getElementById("mini-app-status");
  const data = initData();
  if (!data) { status.textContent = box.dataset.failed; return; }
  const response = await fetch("/desk/api/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ init_data: data }),
  });
  if (response.ok) { window.location.replace("/desk/"); return; }
  status.textContent = response.status === 403 ? box.dataset.refused : box.dataset.failed;
}

document.addEventListener("DOMContentLoaded", () => {
  signIn().catch(() => {
    const box = document.getElementById("mini-app");
    document.getElementById("mini-app-status").textContent = box.dataset.failed;
  });
});
