/* Live progress of running exports (the Exports screen, an export's page, the dashboard):
   each [data-export-progress-url] element polls its job's progress.json (exports:job_json)
   every second until the job ends, then shows the download link, its size and expiry.
   Everything from JSON is set with textContent; the only href is the server's own URL. */
(function () {
  "use strict";

  function size(bytes) {
    if (bytes === null || bytes === undefined) { return ""; }
    if (bytes < 1024) { return bytes + (bytes === 1 ? "\u00a0byte" : "\u00a0bytes"); }
    var units = ["KB", "MB", "GB", "TB"];
    var value = bytes / 1024;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    return value.toFixed(1) + "\u00a0" + units[unit];
  }

  function when(iso) { return iso ? iso.slice(0, 16).replace("T", " ") : ""; }

  function watch(box) {
    var url = box.getAttribute("data-export-progress-url");
    function set(selector, text) {
      box.querySelectorAll(selector).forEach(function (el) { el.textContent = text; });
    }
    function show(job) {
      box.querySelectorAll("progress").forEach(function (bar) {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
      });
      set(".export-status", job.status_label);
      set(".export-count", job.done + "/" + job.total);
      set(".export-message", job.message || "");
      set(".export-finished", when(job.finished_at));
      set(".export-size", size(job.size));
      box.setAttribute("data-status", job.status);
      if (!job.finished) { return; }
      box.classList.add("finished");
      box.removeAttribute("data-export-progress-url");
      // A list row of a finished export has no bar (as when the page is rendered).
      if (box.classList.contains("export-row")) {
        box.querySelectorAll("progress").forEach(function (bar) { bar.remove(); });
      }
      box.querySelectorAll(".export-file").forEach(function (cell) {
        cell.replaceChildren();
        if (job.download_url) {
          var link = document.createElement("a");
          link.className = "button export-download";
          link.href = job.download_url;
          link.textContent = "Download";
          var note = document.createElement("span");
          note.className = "meta export-expiry";
          note.textContent = " until " + when(job.expires_at);
          cell.append(link, note);
        } else {
          cell.textContent = "\u2014";
        }
      });
    }
    function tick() {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (job) {
          show(job);
          if (!job.finished) { setTimeout(tick, 1000); }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-export-progress-url]").forEach(watch);
  });
})();
