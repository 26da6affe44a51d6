// Most read (readership/): the article page's script counts one view with a
// beacon (a POST with no body and no cookie identity, cached pages too); the
// home page's fills its "most read" box from a JSON list counted once a minute.
(function () {
  "use strict";
  var script = document.currentScript;
  var beacon = script && script.getAttribute("data-beacon");
  if (beacon) {
    var send = function () {
      if (navigator.sendBeacon) {
        navigator.sendBeacon(beacon);
      } else if (window.fetch) {
        fetch(beacon, { method: "POST", keepalive: true, credentials: "omit" });
      }
    };
    if (document.visibilityState === "hidden") {
      document.addEventListener("visibilitychange", function once() {
        document.removeEventListener("visibilitychange", once);
        send();
      });
    } else {
      send();
    }
  }

  var box = document.querySelector("[data-most-read]:not([data-loading])");
  if (!box || !window.fetch) return;
  box.setAttribute("data-loading", "");
  fetch(box.getAttribute("data-most-read"), { credentials: "omit" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (lists) {
      if (!lists) return;
      var shown = false;
      box.querySelectorAll("ol[data-period]").forEach(function (list) {
        var items = lists[list.getAttribute("data-period")] || [];
        items.forEach(function (item) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = item.title;
          li.appendChild(a);
          list.appendChild(li);
        });
        list.hidden = list.previousElementSibling.hidden = items.length === 0;
        shown = shown || items.length > 0;
      });
      box.hidden = !shown;
    })
    .catch(function () {});
})();
