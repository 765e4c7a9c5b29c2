// The training form: add class rows from their <template>, and find a commune among many.
// Without this script the form still works: it always offers one empty class row.
"use strict";

function folded(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
    .replace(/Đ/g, "D").toLowerCase();
}

function filterCommunes(input) {
  const wanted = folded(input.value.trim());
  const list = input.parentElement.querySelector(".commune-list");
  if (!list) return;
  for (const label of list.querySelectorAll("label")) {
    const ticked = label.querySelector("input").checked;
    label.hidden = wanted !== "" && !ticked && !folded(label.textContent).includes(wanted);
  }
}

function addClassRow(button) {
  const template = document.getElementById("class-template");
  const rows = document.getElementById("classes");
  if (!template || !rows) return;
  const index = Number(button.getAttribute("data-next"));
  const html = template.innerHTML.replace(/__i__/g, String(index));
  rows.insertAdjacentHTML("beforeend", html);
  button.setAttribute("data-next", String(index + 1));
  const name = document.getElementById("class-" + index + "-name");
  if (name) name.focus();
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("add-class");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", () => addClassRow(button));
  }
  document.addEventListener("input", (event) => {
    if (event.target.classList && event.target.classList.contains("commune-filter")) {
      filterCommunes(event.target);
    }
  });
});
