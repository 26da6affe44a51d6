/* The article change form's workflow (editorial/admin.py): autosave to the
   server every few seconds and when the page is hidden or left, the offer
   to restore it, a warning before leaving unsaved changes, per-field
   "use theirs / keep mine" after a conflicting save, and the confirmation
   of "Publish now" / "Schedule" with the time in Asia/Seoul. No inline
   script: the data comes in data- attributes and json_script blocks. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var root = document.getElementById("editorial");
    var form = document.getElementById("article_form");
    if (!root || !form) return;
    var FIELDS = ["title", "slug", "excerpt", "feature_text", "body", "hero_image_url",
      "hero_image_alt", "byline"];
    var dirty = false;
    var submitting = false;
    var lastSent = null;

    function editor() {
      return window.CKEDITOR && window.CKEDITOR.instances && window.CKEDITOR.instances.id_body;
    }
    function fieldValue(name) {
      if (name === "body" && editor()) return editor().getData();
      var input = form.elements[name];
      return input ? input.value : "";
    }
    function setField(name, value) {
      if (name === "body" && editor()) { editor().setData(value); return; }
      var input = form.elements[name];
      if (input) input.value = value;
    }
    function snapshot() {
      var data = new FormData();
      var token = form.elements.csrfmiddlewaretoken;
      data.append("csrfmiddlewaretoken", token ? token.value : "");
      data.append("article", root.dataset.article || "");
      FIELDS.forEach(function (name) { data.append(name, fieldValue(name)); });
      return data;
    }
    function key() {
      return JSON.stringify(FIELDS.map(fieldValue));
    }
    function status(text) {
      var node = document.getElementById("editorial-status");
      if (!node) {
        node = document.createElement("p");
        node.id = "editorial-status";
        node.className = "editorial-status";
        node.setAttribute("role", "status");
        var row = form.querySelector(".editorial-actions");
        (row || form).appendChild(node);
      }
      node.textContent = text;
    }
    function seoulTime(date) {
      return new Intl.DateTimeFormat("ko-KR", {
        timeZone: "Asia/Seoul", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hour12: false
      }).format(date);
    }
    function save(useBeacon) {
      if (!dirty || submitting) return;
      var current = key();
      if (current === lastSent) return;
      var data = snapshot();
      if (useBeacon && navigator.sendBeacon) {
        if (navigator.sendBeacon(root.dataset.autosaveUrl, data)) lastSent = current;
        return;
      }
      fetch(root.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (response.ok) {
            lastSent = current;
            status(root.dataset.savedLabel.replace("{time}", seoulTime(new Date())));
          }
        })
        .catch(function () { /* offline: the next round tries again */ });
    }
    function markDirty() { dirty = true; }

    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    function watchEditor() {
      var instance = editor();
      if (instance) instance.on("change", markDirty);
      else setTimeout(watchEditor, 200);
    }
    watchEditor();

    var seconds = parseFloat(root.dataset.autosaveSeconds) || 30;
    setInterval(function () { save(false); }, seconds * 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    window.addEventListener("pagehide", function () { save(true); });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        save(true);
        event.preventDefault();
        event.returnValue = root.dataset.leaveWarning;
        return root.dataset.leaveWarning;
      }
    });

    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button && button.classList.contains("editorial-confirm-publish")) {
        var now = root.dataset.confirmPublish.replace("{time}", seoulTime(new Date()));
        if (!window.confirm(now)) { event.preventDefault(); return; }
      }
      if (button && button.classList.contains("editorial-confirm-schedule")) {
        var date = form.elements.published_at_0 ? form.elements.published_at_0.value : "";
        var time = form.elements.published_at_1 ? form.elements.published_at_1.value : "";
        var text = root.dataset.confirmSchedule.replace("{time}", (date + " " + time).trim());
        if (!window.confirm(text)) { event.preventDefault(); return; }
      }
      submitting = true;
    });

    // The offer of unsaved work.
    var saved = document.getElementById("editorial-autosave-data");
    if (saved) {
      var panel = saved.closest(".editorial-autosave");
      document.getElementById("editorial-restore").addEventListener("click", function () {
        var data = JSON.parse(saved.textContent);
        function restore() {
          FIELDS.forEach(function (name) { if (name in data) setField(name, data[name]); });
          dirty = true;
          panel.remove();
        }
        if (editor() || !window.CKEDITOR) restore();
        else window.CKEDITOR.on("instanceReady", restore);
      });
      document.getElementById("editorial-discard").addEventListener("click", function () {
        var data = new FormData();
        data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
        data.append("article", root.dataset.article || "");
        data.append("discard", "1");
        fetch(root.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" });
        panel.remove();
      });
    }

    // A conflicting save: take their text field by field.
    var theirs = document.getElementById("editorial-conflict-data");
    if (theirs) {
      var values = JSON.parse(theirs.textContent);
      dirty = true;
      document.querySelectorAll(".conflict-theirs-button").forEach(function (button) {
        button.addEventListener("click", function () {
          setField(button.dataset.field, values[button.dataset.field]);
          button.closest("tr").classList.add("conflict-resolved");
          button.closest("tr").dataset.choice = "theirs";
        });
      });
      document.querySelectorAll(".conflict-mine-button").forEach(function (button) {
        button.addEventListener("click", function () {
          button.closest("tr").classList.add("conflict-resolved");
          button.closest("tr").dataset.choice = "mine";
        });
      });
    }
  });
})();
