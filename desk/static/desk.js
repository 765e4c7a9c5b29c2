// The desk's little script: Telegram's theme colours, confirmations, and the CSRF header for
// requests made from scripts. No inline scripts anywhere (the content security policy).
"use strict";

(function applyTelegramTheme() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  let theme = fragment.get("tgWebAppThemeParams");
  if (theme) {
    sessionStorage.setItem("tgTheme", theme);
  } else {
    theme = sessionStorage.getItem("tgTheme");
  }
  const webApp = window.Telegram && window.Telegram.WebApp;
  let params = webApp && webApp.themeParams ? webApp.themeParams : null;
  if (!params && theme) {
    try { params = JSON.parse(theme); } catch (error) { params = null; }
  }
  if (!params) return;
  for (const [name, value] of Object.entries(params)) {
    if (/^#[0-9a-fA-F]{3,8}$/.test(String(value))) {
      document.documentElement.style.setProperty("--tg-" + name.replace(/_/g, "-"), value);
    }
  }
})();

// Telegram's Mini App events, posted as its documented web events
// (core.telegram.org/api/web-events) since the page loads no script from outside.
function telegramEvent(type, data) {
  const payload = JSON.stringify({ eventType: type, eventData: data || {} });
  if (window.TelegramWebviewProxy) {
    window.TelegramWebviewProxy.postEvent(type, JSON.stringify(data || {}));
  } else if (window.parent !== window) {
    window.parent.postMessage(payload, "https://web.telegram.org");
  }
}

(function tellTelegramWeAreReady() {
  const inTelegram = window.location.hash.includes("tgWebApp") ||
    sessionStorage.getItem("inTelegram") === "1";
  if (!inTelegram) return;
  sessionStorage.setItem("inTelegram", "1");
  telegramEvent("web_app_ready");
  telegramEvent("web_app_expand");
})();

function csrfToken() {
  const field = document.querySelector("input[name=csrf]");
  return field ? field.value : "";
}

// fetch() with the session's CSRF token, for the desk's own JSON endpoints.
function deskFetch(url, options) {
  const settings = Object.assign({ credentials: "same-origin" }, options || {});
  settings.headers = Object.assign({ "X-CSRF-Token": csrfToken() }, settings.headers || {});
  return fetch(url, settings);
}
window.deskFetch = deskFetch;

document.addEventListener("submit", (event) => {
  const question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
