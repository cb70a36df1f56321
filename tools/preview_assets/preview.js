// Served by the preview only (tools/preview_server.py), never part of the site:
// waits for the next build and reloads the page when it is done.
(function () {
  "use strict";
  var endpoint = "/__preview__/build";

  function wait(after) {
    fetch(endpoint + "?after=" + after, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.build !== after) {
          window.location.reload();
        } else {
          wait(after);
        }
      })
      .catch(function () { setTimeout(function () { wait(after); }, 1000); });
  }

  fetch(endpoint, { cache: "no-store" })
    .then(function (response) { return response.json(); })
    .then(function (state) { wait(state.build); })
    .catch(function () {});
})();
