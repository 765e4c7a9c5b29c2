// Announcements on the desk: the composer's live recipient count and preview, and the progress
// of one being sent. The server renders every fragment (escaped); this only fetches and places.
"use strict";

function debounce(action, milliseconds) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, milliseconds);
  };
}

// --- the composer ------------------------------------------------------------------------------

function audienceQuery(form) {
  const query = new URLSearchParams();
  const kind = form.elements.kind.value;
  query.set("kind", kind);
  for (const name of ["province", "commune"]) {
    const field = form.elements[name];
    if (field && !field.hidden && field.value) query.set(name, field.value);
  }
  if (kind === "training" && form.elements.training) {
    query.set("training", form.elements.training.value);
  }
  return query;
}

async function refreshCount(form) {
  const box = document.getElementById("recipients");
  const response = await fetch(form.dataset.countUrl + "?" + audienceQuery(form),
                               { credentials: "same-origin" });
  if (response.ok) {
    box.innerHTML = (await response.json()).html;  // rendered and escaped by the server
  } else {
    box.textContent = form.dataset.outside;
  }
}

async function refreshPreview(form) {
  const photo = form.elements.photo;
  const chosen = photo && photo.files && photo.files.length > 0;
  const kept = form.querySelector("input[name=remove_photo]");
  const response = await deskFetch(form.dataset.previewUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text: form.elements.text.value,
                           photo: chosen || (kept !== null && !kept.checked) }),
  });
  if (!response.ok) return;
  document.getElementById("preview").innerHTML = (await response.json()).html;
  if (chosen) showChosenPhoto(photo.files[0]);
}

// The chosen picture, read locally (data: URLs are allowed by the content security policy).
function showChosenPhoto(file) {
  const image = document.querySelector("#preview .local-photo");
  if (!image) return;
  const reader = new FileReader();
  reader.addEventListener("load", () => {
    image.src = reader.result;
    image.hidden = false;
    const placeholder = image.nextElementSibling;
    if (placeholder) placeholder.hidden = true;
  });
  reader.readAsDataURL(file);
}

async function refreshCommunes(form) {
  const commune = form.elements.commune;
  const province = form.elements.province.value;
  commune.length = 1;  // keep "the whole province"
  commune.hidden = !province;
  if (!province) return;
  const response = await fetch(form.dataset.communesUrl + "?province=" +
                               encodeURIComponent(province), { credentials: "same-origin" });
  if (!response.ok) return;
  for (const place of await response.json()) {
    commune.add(new Option(place.name, place.code));
  }
}

function setUpComposer(form) {
  const count = debounce(() => refreshCount(form).catch(() => {}), 250);
  const preview = debounce(() => refreshPreview(form).catch(() => {}), 400);
  const training = document.getElementById("training-choice");
  form.elements.kind.addEventListener("change", () => {
    if (training) training.hidden = form.elements.kind.value !== "training";
    count();
  });
  if (form.elements.training) form.elements.training.addEventListener("change", count);
  if (form.elements.province) {
    form.elements.province.addEventListener("change", () => {
      refreshCommunes(form).catch(() => {}).then(count);
    });
  }
  if (form.elements.commune) form.elements.commune.addEventListener("change", count);
  form.elements.text.addEventListener("input", preview);
  form.elements.photo.addEventListener("change", preview);
  const removal = form.querySelector("input[name=remove_photo]");
  if (removal) removal.addEventListener("change", preview);
}

// --- one announcement being sent ---------------------------------------------------------------

function watchProgress(box) {
  const every = 2000;
  const poll = async () => {
    const response = await fetch(box.dataset.url, { credentials: "same-origin" });
    if (response.ok) {
      const progress = await response.json();
      if (progress.status !== "sending") {
        window.location.reload();  // to the final report
        return;
      }
      box.innerHTML = progress.html;
    }
    setTimeout(tick, every);
  };
  const tick = () => poll().catch(() => setTimeout(tick, every));
  setTimeout(tick, every);
}

// A form sent once: a double click does not post it twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || (!form.classList.contains("once") && form.id !== "composer")) {
    return;
  }
  setTimeout(() => {
    for (const button of form.querySelectorAll("button")) button.disabled = true;
  }, 0);
});

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("composer");
  if (form) setUpComposer(form);
  const progress = document.getElementById("progress");
  if (progress) watchProgress(progress);
});
