"use strict";

// Fills the asset table from the server's /api/assets and keeps a clock
// running, so the page visibly does something once its script is loaded.

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

async function loadAssets() {
  const status = document.getElementById("status");
  try {
    const response = await fetch("/api/assets");
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const assets = await response.json();
    const body = document.querySelector("#assets tbody");
    body.replaceChildren();
    for (const asset of assets) {
      const row = document.createElement("tr");
      cell(row, asset.key);
      cell(row, asset.content_type);
      cell(row, asset.len.toLocaleString("en"), "number");
      cell(row, asset.encodings.join(", "));
      const etag = cell(row, "");
      const code = document.createElement("code");
      code.textContent = asset.etag;
      etag.appendChild(code);
      body.appendChild(row);
    }
    status.textContent = `${assets.length} embedded assets`;
    document.body.dataset.ready = "true";
  } catch (error) {
    status.textContent = `failed: ${error.message}`;
    document.body.dataset.ready = "error";
  }
}

function tick() {
  document.getElementById("clock").textContent = new Date().toISOString();
}

tick();
setInterval(tick, 1000);
loadAssets();
