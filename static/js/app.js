// Behaviour without inline scripts (a strict CSP stays possible).
(function () {
  // Ask before destructive or final actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Copy buttons: <button data-copy-target="#id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    var text = source.value !== undefined ? source.value : source.textContent;
    var done = function () {
      var old = button.textContent;
      button.textContent = button.getAttribute("data-copied") || "✓";
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      if (source.select) { source.select(); }
      document.execCommand("copy");
      done();
    }
  });

  // Countdown: <span data-countdown="seconds" data-expired-text="...">.
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = parseInt(el.getAttribute("data-countdown"), 10) - 1;
      if (left <= 0) {
        el.textContent = el.getAttribute("data-expired-text") || "0";
        el.removeAttribute("data-countdown");
        return;
      }
      el.setAttribute("data-countdown", String(left));
      var m = Math.floor(left / 60), s = left % 60;
      el.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    });
  }
  setInterval(tick, 1000);

  // Branch general meeting form: live counts of the attendance radios (<input data-attendance>)
  // into [data-meeting-summary] [data-count=...]; [data-show-when="name=value"] is shown only while
  // that radio is chosen (the extension months with outcome "extend").
  function meetingForm(form) {
    var box = form.querySelector("[data-meeting-summary]");
    if (box) {
      // Every full member is entitled until marked "excluded", answered or not (as the server counts).
      var names = {};
      form.querySelectorAll("input[data-attendance]").forEach(function (input) { names[input.name] = true; });
      var n = {entitled: Object.keys(names).length, present: 0, written: 0};
      form.querySelectorAll("input[data-attendance]:checked").forEach(function (input) {
        if (input.value === "excluded") { n.entitled -= 1; }
        if (input.value === "present") { n.present += 1; }
        if (input.value === "written") { n.written += 1; }
      });
      // "More than half" is counted by the server (process/meetings.py): one threshold per count.
      var table = (box.getAttribute("data-needed-table") || "").split(",");
      n.needed = table[n.entitled] !== undefined ? table[n.entitled] : "?";
      Object.keys(n).forEach(function (key) {
        var el = box.querySelector("[data-count='" + key + "']");
        if (el) { el.textContent = String(n[key]); }
      });
    }
    form.querySelectorAll("[data-show-when]").forEach(function (el) {
      var rule = el.getAttribute("data-show-when").split("=");
      var chosen = form.querySelector("input[name='" + rule[0] + "']:checked");
      el.hidden = !(chosen && chosen.value === rule[1]);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.form) { meetingForm(event.target.form); }
  });
  // "Mark everyone present": the attendance starts unanswered (issue 11); one click answers every
  // member, and the exceptions are then changed one by one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-attendance-all]") : null;
    if (!button || !button.form) { return; }
    var value = button.getAttribute("data-attendance-all");
    button.form.querySelectorAll("input[data-attendance][value='" + value + "']").forEach(function (input) {
      input.checked = true;
    });
    meetingForm(button.form);
  });
  document.querySelectorAll("form").forEach(meetingForm);

  // --- Branch chooser (partydev/pc/branch_chooser.py, templates/pc/_branch_chooser.html) ----------
  // In a large scope a branch is found through a search box: htmx fills [data-branch-results] with
  // buttons; picking one puts its pk into the hidden input that carries the field's name. Typing
  // again drops the choice (the text no longer names it); the clear button empties both.
  function branchChooser(el) { return el && el.closest ? el.closest("[data-branch-chooser]") : null; }
  function closeBranchResults(box) { box.querySelector("[data-branch-results]").innerHTML = ""; }
  function setBranch(box, pk, name) {
    box.querySelector("[data-branch-value]").value = pk;
    box.querySelector("[data-branch-query]").value = name;
    closeBranchResults(box);
  }
  document.addEventListener("click", function (event) {
    var box = branchChooser(event.target);
    var pick = event.target.closest("[data-branch-pick]");
    if (box && pick) {
      setBranch(box, pick.getAttribute("data-branch-pick"), pick.getAttribute("data-branch-name"));
    } else if (box && event.target.closest("[data-branch-clear]")) {
      setBranch(box, "", "");
      box.querySelector("[data-branch-query]").focus();
    }
    // A click anywhere else closes the open result lists.
    document.querySelectorAll("[data-branch-chooser]").forEach(function (other) {
      if (other !== box) { closeBranchResults(other); }
    });
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-branch-query]")) {
      branchChooser(event.target).querySelector("[data-branch-value]").value = "";
    }
  });
  document.addEventListener("keydown", function (event) {
    var box = branchChooser(event.target);
    if (box && event.key === "Escape") { closeBranchResults(box); }
  });

  // --- Wide tables on a phone (issue 11) -----------------------------------------------------------
  // On a narrow screen a table scrolls inside its card (app.css); a table wider than its box says so
  // above it, and its right edge is shaded until it has been scrolled to the end.
  function markScrollableTables() {
    var hint = document.body.getAttribute("data-scroll-hint") || "";
    document.querySelectorAll("main table.table").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      table.classList.toggle("scrolls", scrolls);
      table.classList.toggle("scrolled-to-end", table.scrollLeft + table.clientWidth >= table.scrollWidth - 1);
      var note = table.previousElementSibling;
      var hasNote = note && note.classList.contains("scroll-hint");
      if (scrolls && !hasNote) {
        note = document.createElement("div");
        note.className = "scroll-hint";
        note.textContent = hint;
        table.parentNode.insertBefore(note, table);
      } else if (!scrolls && hasNote) {
        note.remove();
      }
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollableTables, 150);
  });
  document.addEventListener("scroll", function (event) {
    var table = event.target;
    if (table.classList && table.classList.contains("scrolls")) {
      table.classList.toggle("scrolled-to-end", table.scrollLeft + table.clientWidth >= table.scrollWidth - 1);
    }
  }, true);
  markScrollableTables();
})();
