// brochure preview: long-polls the server for builds, draws the pages with their print overlays,
// lists problems and findings, and sends edits. Every text from the content is set with
// textContent, never parsed as HTML.
"use strict";

const token = document.querySelector('meta[name="brochure-token"]').content;
const $ = (id) => document.getElementById(id);
const selects = ["language", "profile", "paper", "format"];
let state = null;
let shownPages = -1;
let poll = 0;
const dirty = new Set();

function variantQuery(extra) {
  const query = new URLSearchParams();
  for (const name of selects) if ($(name).value) query.set(name, $(name).value);
  for (const [key, value] of Object.entries(extra || {})) query.set(key, value);
  return query;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fillSelect(select, values, chosen) {
  const same = select.options.length === values.length &&
    values.every((v, i) => select.options[i].value === v);
  if (!same) {
    select.replaceChildren(...values.map((v) => { const o = el("option", "", v); o.value = v; return o; }));
  }
  if (chosen) select.value = chosen;
}

async function follow() {
  const id = ++poll;
  let since = 0;
  let wait = 0;
  while (id === poll) {
    try {
      const response = await fetch("/api/state?" + variantQuery({ since, wait }));
      const data = await response.json();
      if (id !== poll) return;
      await show(data);
      since = data.number;
      wait = 1;
    } catch (error) {
      $("status").textContent = "Cannot reach the preview server (is `brochure preview` running?)";
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function show(data) {
  const first = state === null;
  state = data;
  document.body.dataset.build = data.number;
  const c = data.choices;
  fillSelect($("language"), c.languages, data.variant.language);
  fillSelect($("profile"), c.profiles, data.variant.profile);
  fillSelect($("paper"), c.papers, data.variant.paper);
  fillSelect($("format"), c.formats, data.variant.format);
  $("overlays").disabled = data.variant.profile !== "print";
  for (const profile of ["screen", "print"]) {
    $("download-" + profile).href = "/pdf?" + variantQuery({ profile });
  }
  if (data.pages_number !== shownPages) await showPages(data);
  showList($("problems"), data.problems);
  $("problems-panel").hidden = data.problems.length === 0;
  showList($("findings"), data.findings);
  if (data.findings.length === 0) $("findings").replaceChildren(el("li", "note", "No findings."));
  showFields(data, first);
  const status = $("status");
  status.classList.toggle("bad", !data.ok && !data.pending);
  status.textContent = data.pending ? "Building…" : data.ok
    ? `Build ${data.number}: ${data.pages.length} page(s), up to date`
    : `Build ${data.number} failed: ${data.problems.length} problem(s); showing the last good pages`;
}

async function showPages(data) {
  const figures = data.pages.map((page, index) => {
    const figure = el("figure", "page");
    figure.dataset.index = index;
    figure.append(el("span", "label", `page ${index + 1}`));
    const img = el("img");
    img.src = `/img/${data.pages_number}/${index}.png`;
    img.alt = `Page ${index + 1} of the leaflet`;
    figure.append(img);
    for (const kind of ["bleed", "trim", "safe"]) {
      if (page[kind]) figure.append(box(page[kind], kind));
    }
    for (const x of page.folds) {
      const fold = el("div", "fold");
      fold.style.left = `${x * 100}%`;
      figure.append(fold);
    }
    return figure;
  });
  // Swap only when every image is ready: the page never shows a build half drawn.
  await Promise.all(figures.map((f) => f.querySelector("img").decode().catch(() => null)));
  $("pages").replaceChildren(...figures);
  shownPages = data.pages_number;
}

function box(rect, kind) {
  const node = el("div", "box " + kind);
  node.style.left = `${rect[0] * 100}%`;
  node.style.top = `${rect[1] * 100}%`;
  node.style.width = `${(rect[2] - rect[0]) * 100}%`;
  node.style.height = `${(rect[3] - rect[1]) * 100}%`;
  return node;
}

function where(f) {
  let text = f.file;
  if (f.line !== null) text += `:${f.line}`;
  if (f.line !== null && f.column !== null) text += `:${f.column}`;
  return text;
}

function showList(list, findings) {
  list.replaceChildren(...findings.map((f) => {
    const item = el("li", "finding " + f.severity);
    item.tabIndex = 0;
    item.dataset.field = f.field;
    item.append(el("span", "where", where(f)), " ", el("span", "sev", f.severity), " ");
    if (f.field) item.append(el("strong", "", f.field), ": ");
    item.append(f.message);
    item.addEventListener("click", () => highlight(f.field));
    item.addEventListener("keydown", (e) => { if (e.key === "Enter") highlight(f.field); });
    return item;
  }));
}

// The nearest field that exists: benefits[2].title, else benefits[2], else benefits.
function nearest(field, has) {
  let name = field;
  while (name) {
    if (has(name)) return name;
    const cut = Math.max(name.lastIndexOf("."), name.lastIndexOf("["));
    if (cut <= 0) return null;
    name = name.slice(0, cut);
  }
  return null;
}

function highlight(field) {
  for (const node of document.querySelectorAll(".hl")) {
    if (node.classList.contains("box") && node.classList.contains("mark")) node.remove();
    else node.classList.remove("hl");
  }
  if (!field || !state) return;
  const fields = [...document.querySelectorAll(".field")];
  const prefix = (name) => fields.find((f) => f.dataset.field === name ||
    f.dataset.field.startsWith(name + ".") || f.dataset.field.startsWith(name + "["));
  const name = nearest(field, (n) => prefix(n) !== undefined);
  const editor = name ? prefix(name) : null;
  if (editor) {
    editor.classList.add("hl");
    editor.scrollIntoView({ block: "center" });
  }
  const placeName = nearest(field, (n) => n in state.places) ||
    (editor ? editor.dataset.field : null);
  const place = placeName ? state.places[placeName] : null;
  if (place) {
    const figure = document.querySelector(`.page[data-index="${place.page}"]`);
    if (figure) {
      const [x0, y0, x1, y1] = place.rect;
      const mark = box([x0 - 0.01, y0 - 0.005, Math.max(x1, x0 + 0.2) + 0.01, y1 + 0.005], "hl mark");
      figure.append(mark);
      figure.scrollIntoView({ block: "nearest" });
    }
  }
}

function showFields(data, first) {
  const editor = $("editor");
  const known = new Map([...editor.querySelectorAll(".field")].map((f) => [f.dataset.field, f]));
  const wanted = data.fields.map((f) => f.field).join("\n");
  const current = [...known.keys()].join("\n");
  if (wanted !== current || first) {
    editor.replaceChildren(...data.fields.map((f) => fieldEditor(f)));
    dirty.clear();
  } else {
    for (const f of data.fields) {
      if (dirty.has(f.field)) continue;
      const input = known.get(f.field).querySelector("textarea, input");
      if (input.value !== f.value) input.value = f.value;
    }
  }
  if (data.fields.length === 0) {
    editor.replaceChildren(el("p", "note", "The file cannot be read; fix the problems to edit it here."));
  }
}

function fieldEditor(f) {
  const wrap = el("div", "field");
  wrap.dataset.field = f.field;
  const id = "f-" + f.field.replace(/[^A-Za-z0-9]/g, "-");
  const label = el("label", "", f.field);
  label.htmlFor = id;
  const input = f.running ? el("textarea") : el("input");
  input.id = id;
  input.value = f.value;
  input.dataset.field = f.field;
  const help = el("p", "help", f.help);
  help.id = id + "-help";
  input.setAttribute("aria-describedby", help.id);
  const save = el("button", "button", "Save");
  save.type = "button";
  const msg = el("span", "msg");
  msg.setAttribute("role", "status");
  input.addEventListener("input", () => { dirty.add(f.field); wrap.classList.add("dirty"); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey || !f.running)) { e.preventDefault(); send(); }
  });
  input.addEventListener("focus", () => highlight(f.field));
  save.addEventListener("click", send);
  const row = el("div", "row");
  row.append(save, msg);
  wrap.append(label, help, input, row);

  async function send() {
    msg.className = "msg";
    msg.textContent = "Checking…";
    const response = await fetch("/api/edit", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Brochure-Token": token },
      body: JSON.stringify({ language: state.variant.language, field: f.field,
        value: input.value, seen: state.seen }),
    });
    const answer = await response.json();
    if (response.ok) {
      dirty.delete(f.field);
      wrap.classList.remove("dirty");
      state.seen = answer.seen;
      msg.textContent = "Saved";
      return;
    }
    msg.className = "msg bad";
    if (response.status === 409) {
      msg.textContent = "The file changed on disk: reloaded it, nothing was saved.";
      dirty.clear();
      shownPages = -1;
      state = null;
      follow();
      return;
    }
    const problems = answer.problems || [];
    msg.textContent = problems.length
      ? "Not saved: " + problems.map((p) => `${where(p)}: ${p.field ? p.field + ": " : ""}${p.message}`).join("; ")
      : "Not saved: " + answer.error;
  }
  return wrap;
}

for (const name of selects) {
  $(name).addEventListener("change", () => { shownPages = -1; state = null; follow(); });
}
for (const kind of ["trim", "bleed", "safe", "folds"]) {
  $("show-" + kind).addEventListener("change", (e) => {
    document.body.classList.toggle("hide-" + kind, !e.target.checked);
  });
}
follow();
