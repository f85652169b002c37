// The progress of an import checked or written in the background (partydev/imports/runner.py):
// polls the batch's progress URL and reloads the page once the work is over.
(function () {
  "use strict";
  var box = document.getElementById("import-running");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        if (!p.running) { window.location.reload(); return; }
        bar.max = Math.max(p.total, 1);
        bar.value = p.done;
        text.textContent = p.done + " / " + p.total;
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
