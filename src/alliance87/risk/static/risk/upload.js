/* Resumable uploads of the risk model's datasets with tus-js-client (vendor/tus-js-client-4.3.1).
   The form carries the endpoint, the chunk size and the words to show in data- attributes;
   Django's CSRF token goes in the X-CSRFToken header of every request. */
(function () {
  "use strict";
  var form = document.getElementById("risk-upload");
  if (!form || !window.tus || !window.tus.isSupported) { return; }
  var bar = form.querySelector("progress");
  var status = form.querySelector("[data-status]");
  var pause = form.querySelector("[data-pause]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var current = null;

  function say(text) { status.textContent = text; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = form.querySelector("input[type=file]");
    var file = input.files && input.files[0];
    if (!file) { say(form.dataset.msgChoose); return; }
    var upload = new window.tus.Upload(file, {
      endpoint: form.dataset.endpoint,
      chunkSize: parseInt(form.dataset.chunk, 10),
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      headers: { "X-CSRFToken": token },
      metadata: { filename: file.name, country: form.elements.country.value, kind: form.elements.kind.value },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onError: function (error) {
        var response = error.originalResponse;
        var refused = response && response.getStatus() >= 400 && response.getStatus() < 500;
        say((response && response.getBody()) || form.dataset.msgFailed);
        // The upload has stopped: no Pause button; a refused file leaves no full bar behind.
        if (pause) { pause.hidden = true; }
        if (refused) { bar.hidden = true; bar.value = 0; }
        current = null;
      },
      onProgress: function (sent, total) {
        bar.max = total;
        bar.value = sent;
        say(Math.floor((sent / total) * 100) + " %");
      },
      onSuccess: function () {
        say(form.dataset.msgChecking);
        window.location.href = upload.url + "done/";
      }
    });
    current = upload;
    bar.hidden = false;
    if (pause) { pause.hidden = false; }
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        say(form.dataset.msgResuming);
      }
      upload.start();
    });
  });

  if (pause) {
    pause.addEventListener("click", function () {
      if (!current) { return; }
      if (pause.dataset.paused === "true") {
        current.start();
        pause.dataset.paused = "false";
        pause.textContent = form.dataset.msgPause;
      } else {
        current.abort();
        pause.dataset.paused = "true";
        pause.textContent = form.dataset.msgResume;
        say(form.dataset.msgPaused);
      }
    });
  }
})();
