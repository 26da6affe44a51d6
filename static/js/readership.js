// Counts one view of the article (readership/views.py): a POST with no body
// and no cookie-based identity, sent after the page is shown, cached pages too.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-beacon");
  if (!url) return;
  function send() {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    } else if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
    }
  }
  if (document.visibilityState === "hidden") {
    document.addEventListener("visibilitychange", function once() {
      document.removeEventListener("visibilitychange", once);
      send();
    });
  } else {
    send();
  }
})();
