// Rashomon workbench: small progressive enhancements. Every page works without this file.
"use strict";

(function () {
  // Filter forms: submit when a menu changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });

  // Article page: clicking a highlighted span shows the records it belongs to in the side list.
  var text = document.getElementById("text");
  if (text) {
    var marksOf = function (id) {
      return Array.prototype.filter.call(text.querySelectorAll("mark.r"), function (m) {
        return (m.dataset.r || "").split(" ").indexOf(id) >= 0;
      });
    };
    var clearFocus = function () {
      document.querySelectorAll("mark.r.focus").forEach(function (m) { m.classList.remove("focus"); });
      document.querySelectorAll("aside.records li.active").forEach(function (li) { li.classList.remove("active"); });
    };
    var showRecords = function (mark) {
      clearFocus();
      var ids = (mark.dataset.r || "").split(" ");
      var first = null;
      ids.forEach(function (id) {
        var li = document.getElementById("rec-" + id);
        if (!li) { return; }
        li.classList.add("active");
        var details = li.closest("details");
        if (details) { details.open = true; }
        if (!first) { first = li; }
        marksOf(id).forEach(function (m) { m.classList.add("focus"); });
      });
      if (first) { first.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    };
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark.r");
      if (mark) { showRecords(mark); }
    });
    text.addEventListener("keydown", function (event) {
      var mark = event.target.closest("mark.r");
      if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); showRecords(mark); }
    });
    document.querySelectorAll("aside.records li[data-rec]").forEach(function (li) {
      li.addEventListener("mouseenter", function () {
        marksOf(li.dataset.rec).forEach(function (m) { m.classList.add("focus"); });
      });
      li.addEventListener("mouseleave", function () {
        if (!li.classList.contains("active")) {
          marksOf(li.dataset.rec).forEach(function (m) { m.classList.remove("focus"); });
        }
      });
    });
    document.querySelectorAll("#kinds input[data-kind]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
      });
    });
  }

  // Add articles: send the form in the background and follow the job's progress.
  var form = document.getElementById("ingest-form");
  var panel = document.getElementById("job");
  if (form && panel) {
    var bar = panel.querySelector("progress");
    var status = panel.querySelector(".status");
    var added = panel.querySelector(".new");
    var rejected = panel.querySelector(".rejected");
    var item = function (list, build) {
      var li = document.createElement("li");
      build(li);
      list.appendChild(li);
    };
    var show = function (job) {
      var phase = job.phase ? job.phase + (job.total ? " " + job.done + " / " + job.total : "") : "";
      status.textContent = job.status + (phase ? " — " + phase : "") + (job.summary ? ": " + job.summary : "");
      if (job.total) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
      if (job.status === "done" || job.status === "failed") {
        bar.max = 1; bar.value = 1;
        if (job.error) { status.textContent = "failed: " + job.error; }
        added.textContent = ""; rejected.textContent = "";
        job.new_articles.forEach(function (a) {
          item(added, function (li) {
            var link = document.createElement("a");
            link.href = "/articles/" + encodeURIComponent(a.id);
            link.textContent = a.title || a.id;
            link.dataset.testid = "new-article";
            li.appendChild(link);
            if (a.outlet) { li.appendChild(document.createTextNode(" — " + a.outlet)); }
          });
        });
        job.rejected.forEach(function (r) {
          item(rejected, function (li) { li.textContent = "Rejected " + r.source + ": " + r.reason + " (" + r.fix + ")"; });
        });
        return true;
      }
      return false;
    };
    var poll = function (url) {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) { if (!show(job)) { setTimeout(function () { poll(url); }, 500); } })
        .catch(function (err) { status.textContent = "lost track of the job: " + err; });
    };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      panel.hidden = false;
      status.textContent = "uploading…";
      added.textContent = ""; rejected.textContent = "";
      bar.removeAttribute("value");
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { status.textContent = "refused: " + (res.body.error || "unknown error"); bar.value = 0; return; }
          form.reset();
          show(res.body.job);
          poll(res.body.url);
        })
        .catch(function (err) { status.textContent = "upload failed: " + err; });
    });
  }
})();
