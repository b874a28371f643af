/* The workbench's little JavaScript: live job progress, the queue's keyboard and the
   reader's facts.
   Everything shown from JSON is set with textContent, never innerHTML. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* --- Live job progress: poll the job row's JSON every second until it ends. --- */
  function watchJob(box) {
    var url = box.getAttribute("data-progress-url");
    function set(selector, text) {
      var el = box.querySelector(selector);
      if (el) { el.textContent = text; }
    }
    function tick() {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (job) {
          var bar = box.querySelector("progress");
          if (bar) { bar.value = job.percent; bar.textContent = job.percent + "%"; }
          set(".job-status", job.status_label);
          set(".job-count", job.done + "/" + job.total);
          set(".job-current", job.current_item || "");
          set(".job-message", job.message || "");
          box.setAttribute("data-status", job.status);
          var list = box.querySelector(".job-articles");
          if (list && job.articles) {
            list.replaceChildren();
            job.articles.forEach(function (a) {
              var li = document.createElement("li");
              var link = document.createElement("a");
              link.href = a.url;
              link.textContent = a.title;
              li.appendChild(link);
              list.appendChild(li);
            });
          }
          // Failed items and warnings apart (a warning's item was imported); the
          // articles already present link to the stored article. An empty list's
          // section (.job-section) stays hidden.
          function fill(selector, entries, linked) {
            var target = box.querySelector(selector);
            if (!target || !entries) { return; }
            target.replaceChildren();
            entries.forEach(function (e) {
              var li = document.createElement("li");
              if (linked) {
                var link = document.createElement("a");
                link.href = e.url;
                link.textContent = e.title;
                li.append(e.item + ": ", link);
              } else {
                li.textContent = e.item + ": " + e.message;
              }
              target.appendChild(li);
            });
            var section = target.closest(".job-section");
            if (section) { section.hidden = entries.length === 0; }
          }
          var problems = job.errors || [];
          fill(".job-errors", problems.filter(function (e) { return e.level !== "warning"; }));
          fill(".job-warnings", problems.filter(function (e) { return e.level === "warning"; }));
          fill(".job-present", job.already_present, true);
          if (job.finished) { box.classList.add("finished"); } else { setTimeout(tick, 1000); }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }

  /* --- The queue's keyboard: j/k move, o open, a assign to me, x select, ? help. --- */
  function queueKeys(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr.queue-row"));
    var status = document.getElementById("shortcut-status");
    var help = document.getElementById("shortcut-help");
    var index = -1;
    function say(text) { if (status) { status.textContent = text; } }
    function select(i) {
      if (!rows.length) { return; }
      index = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r) { r.classList.remove("current"); });
      rows[index].classList.add("current");
      rows[index].scrollIntoView({block: "nearest"});
    }
    function assignToMe(row) {
      if (!row.getAttribute("data-assign-url")) {
        say("Facts are assigned with the action above the list: x to select, then “Assign to”.");
        return;
      }
      var body = new URLSearchParams();
      body.set("assignee", "me");
      body.set("version", row.getAttribute("data-version"));
      fetch(row.getAttribute("data-assign-url"), {
        method: "POST", credentials: "same-origin", body: body,
        headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
      }).then(function (r) { return r.json().then(function (d) { return {ok: r.ok, data: d}; }); })
        .then(function (res) {
          if (!res.ok) { say(res.data.error || "Could not assign."); return; }
          row.querySelector(".assignee-cell").textContent = res.data.assignee;
          var pill = row.querySelector(".status-cell .status-pill");
          pill.textContent = res.data.status_label;
          pill.className = "status-pill st-" + res.data.status;
          row.setAttribute("data-version", res.data.version);
          say("Assigned to you: claim " + res.data.id + ".");
        });
    }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "checkbox") { return; }
      var row = rows[index];
      switch (event.key) {
        case "j": select(index + 1); break;
        case "k": select(index - 1); break;
        case "o": if (row) { window.location.href = row.getAttribute("data-open-url"); } break;
        case "a": if (row) { assignToMe(row); } break;
        case "x": if (row) { var box = row.querySelector("input[type=checkbox]"); box.checked = !box.checked; } break;
        case "?": if (help) { help.classList.toggle("collapsed"); } break;
        default: return;
      }
      event.preventDefault();
    });
    var all = document.getElementById("select-all");
    if (all) {
      all.addEventListener("change", function () {
        rows.forEach(function (r) { r.querySelector("input[type=checkbox]").checked = all.checked; });
      });
    }
    rows.forEach(function (r, i) { r.addEventListener("click", function () { select(i); }); });
    if (rows.length) { select(0); }
  }

  /* --- The reader's facts: with a claim focused, ← and → step through its facts,
     Enter opens the review of the fact picked, Esc goes back to the claim. The facts'
     list beside the text lights up the fact it names, in the text. --- */
  function readerFacts(text) {
    var status = document.getElementById("fact-status");
    var picked = null;  // {claim: the claim's link, index: the fact's place in it}
    function say(words) { if (status) { status.textContent = words; } }
    function marks(id) {
      return document.querySelectorAll('#article-text mark.fact[data-fact-id="' + id + '"]');
    }
    function light(id, on) {
      marks(id).forEach(function (m) { m.classList.toggle("fact-current", on); });
      document.querySelectorAll('.fact-item[data-fact-id="' + id + '"]').forEach(function (a) {
        a.classList.toggle("fact-current", on);
      });
    }
    function factsOf(claim) {
      return Array.prototype.slice.call(claim.querySelectorAll("mark.fact:not(.fact-cont)"));
    }
    function drop() {
      if (picked) {
        var facts = factsOf(picked.claim);
        if (facts[picked.index]) { light(facts[picked.index].getAttribute("data-fact-id"), false); }
      }
      picked = null;
    }
    function pick(claim, index) {
      var facts = factsOf(claim);
      if (!facts.length) { say("This claim has no facts marked."); return; }
      drop();
      index = (index + facts.length) % facts.length;
      picked = {claim: claim, index: index};
      var mark = facts[index];
      var id = mark.getAttribute("data-fact-id");
      light(id, true);
      var words = Array.prototype.map.call(marks(id), function (m) { return m.textContent; }).join("");
      say("Fact " + (index + 1) + " of " + facts.length + ": “" + words + "”, " +
          mark.getAttribute("title") + ". Enter opens its review.");
    }
    text.addEventListener("keydown", function (event) {
      var claim = event.target.closest && event.target.closest("a.claim");
      if (!claim || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var here = picked && picked.claim === claim ? picked.index : null;
      if (event.key === "ArrowRight") { pick(claim, here === null ? 0 : here + 1); }
      else if (event.key === "ArrowLeft") { pick(claim, here === null ? -1 : here - 1); }
      else if (event.key === "Enter" && here !== null) {
        window.location.href = factsOf(claim)[here].getAttribute("data-href");
      } else if (event.key === "Escape" && here !== null) { drop(); say(""); }
      else { return; }
      event.preventDefault();
    });
    text.addEventListener("focusout", function () { drop(); });
    document.querySelectorAll(".fact-item[data-fact-id]").forEach(function (item) {
      var id = item.getAttribute("data-fact-id");
      ["mouseenter", "focus"].forEach(function (name) {
        item.addEventListener(name, function () { light(id, true); });
      });
      ["mouseleave", "blur"].forEach(function (name) {
        item.addEventListener(name, function () { light(id, false); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(watchJob);
    var articleText = document.getElementById("article-text");
    if (articleText) { readerFacts(articleText); }
    // On a narrow screen the queue's filter starts folded above the list (open without JS).
    var filter = document.getElementById("filter-details");
    if (filter && window.matchMedia("(max-width: 900px)").matches) { filter.open = false; }
    var queue = document.querySelector("table.queue");
    if (queue) { queueKeys(queue); }
  });
})();
