// Shows each event time also in the reader's own time zone (the page states the event's zone).
// <time data-localtime datetime="2019-07-17T17:30:00-04:00"> gets a " (18:30 your time)" note.
(function () {
  "use strict";
  function annotate(root) {
    root.querySelectorAll("time[data-localtime]").forEach(function (el) {
      if (el.dataset.done) { return; }
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when.getTime())) { return; }
      var note = document.createElement("span");
      note.className = "localtime";
      var label = el.dataset.label || "your time";
      note.textContent = " (" + when.toLocaleString(document.documentElement.lang || undefined,
        { dateStyle: "medium", timeStyle: "short" }) + ", " + label + ")";
      el.after(note);
      el.dataset.done = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { annotate(document); });
  document.addEventListener("htmx:afterSwap", function (e) { annotate(e.target); });
})();
