// ocrfix review page: keyboard review of the queue, the item page and the concordance.
// No framework, no network but this server; every write carries the page's CSRF token.
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  async function post(url, data) {
    const r = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(data),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error ? body.error.code + " " + body.error.message : r.statusText);
    return body;
  }

  function setProgress(p) {
    if (!p) return;
    document.querySelectorAll("[data-count]").forEach(function (el) {
      const k = el.dataset.count;
      if (k in p) el.textContent = p[k];
    });
  }

  // --- queue / item page -------------------------------------------------------------
  const cards = Array.from(document.querySelectorAll("#queue .card"));
  let cur = cards.findIndex(c => c.classList.contains("current"));

  function show(i) {
    if (!cards.length) return;
    cur = Math.max(0, Math.min(cards.length - 1, i));
    cards.forEach((c, j) => c.classList.toggle("current", j === cur));
    cards[cur].scrollIntoView({block: "nearest"});
  }

  function nextOpen() {
    for (let j = cur + 1; j < cards.length; j++) {
      if (!cards[j].classList.contains("done")) return show(j);
    }
    show(cur + 1);
  }

  function message(card, text, bad) {
    let m = card.querySelector(".msg");
    if (!m) { m = document.createElement("p"); m.className = "msg"; card.querySelector(".head").after(m); }
    m.textContent = text;  // text, never HTML
    m.classList.toggle("bad", !!bad);
  }

  async function decide(card, action, replacement) {
    const data = {doc: card.dataset.doc, id: card.dataset.id, action: action};
    if (replacement !== undefined) data.replacement = replacement;
    try {
      const r = await post("/api/decide", data);
      card.dataset.status = r.item.status;
      card.className = card.className.replace(/status-\S+/, "status-" + r.item.status);
      card.classList.toggle("done", r.item.status !== "review" && r.item.status !== "auto");
      card.querySelector(".state").textContent = r.item.status;
      message(card, r.item.status + (r.item.status === "edited" ? ": " + r.item.effective : ""));
      setProgress(r.progress);
      if (action !== "reverted") nextOpen();
    } catch (err) {
      message(card, String(err.message || err), true);
    }
  }

  function openEditor(card, value) {
    const form = card.querySelector("form.editor");
    const input = form.querySelector("input");
    form.hidden = false;
    if (value !== undefined) input.value = value;
    input.focus();
    input.select();
  }

  document.addEventListener("submit", function (ev) {
    const form = ev.target.closest("form.editor");
    if (!form) return;
    ev.preventDefault();
    const card = form.closest(".card");
    form.hidden = true;
    decide(card, "edited", form.querySelector("input").value);
  });

  document.addEventListener("click", function (ev) {
    const b = ev.target.closest("button[data-act]");
    if (!b) return;
    const card = b.closest(".card");
    show(cards.indexOf(card));
    const act = b.dataset.act;
    if (act === "skip") nextOpen();
    else if (act === "edit") openEditor(card);
    else decide(card, act);
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA") {
      if (ev.key === "Escape" && t.closest("form.editor")) { t.closest("form.editor").hidden = true; t.blur(); }
      return;
    }
    if (ev.key === "?") { document.body.classList.toggle("show-keys"); return; }
    if (!cards.length || cur < 0) return;
    const card = cards[cur];
    const alts = card.querySelectorAll(".alts > li");
    let handled = true;
    switch (ev.key) {
      case "a": decide(card, "approved"); break;
      case "r": decide(card, "rejected"); break;
      case "u": decide(card, "reverted"); break;
      case "e": openEditor(card); break;
      case "s": case "j": case "ArrowDown": nextOpen(); break;
      case "k": case "ArrowUp": show(cur - 1); break;
      case "c": location.href = card.querySelector('a[href^="/similar/"]').href; break;
      case "d": location.href = card.querySelector('a[href^="/doc/"]').href; break;
      default:
        if (/^[1-9]$/.test(ev.key) && alts[+ev.key - 1]) decide(card, "edited", alts[+ev.key - 1].dataset.alt);
        else handled = false;
    }
    if (handled) ev.preventDefault();
  });

  // --- concordance page --------------------------------------------------------------
  const sim = document.getElementById("similar");
  if (sim) {
    const url = "/api/similar/" + encodeURIComponent(sim.dataset.doc) + "/" + sim.dataset.id;
    const out = document.getElementById("similar-result");
    async function apply(refs) {
      try {
        const r = await post(url, {refs: refs});
        out.textContent = r.done.length + " done: " + r.done.map(d => d.ref + " " + d.action).join("; ");
        setProgress(r.progress);
      } catch (err) { out.textContent = String(err.message || err); }
    }
    document.getElementById("apply-selected").addEventListener("click", function () {
      apply(Array.from(sim.querySelectorAll("input[type=checkbox]:checked")).map(c => c.value));
    });
    document.getElementById("apply-all").addEventListener("click", function () { apply(null); });
  }
})();
