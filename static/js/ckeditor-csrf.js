// CKEditor's XHR image upload does not know Django's CSRF token: send it as a
// header, and show the server's reason when an upload is refused. Works
// whatever the order of the admin's scripts (it hooks existing and new editors).
(function () {
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function sendTokenWithUploads(editor) {
    if (editor.newsroomCsrfHooked) return;
    editor.newsroomCsrfHooked = true;
    editor.on("fileUploadRequest", (event) => {
      const loader = event.data.fileLoader;
      loader.xhr.setRequestHeader("X-CSRFToken", csrfToken());
      // A refusal (4xx) carries the reason as JSON; show it instead of
      // CKEditor's generic "HTTP error". Priority 1 runs before the notice.
      loader.on("error", () => {
        try {
          const reason = JSON.parse(loader.xhr.responseText).error.message;
          if (reason) loader.message = reason;
        } catch (ignored) {
          // Not our JSON (a proxy's error page): keep CKEditor's message.
        }
      }, null, null, 1);
    });
  }

  function hookEditors() {
    if (!window.CKEDITOR) return;
    Object.values(window.CKEDITOR.instances).forEach(sendTokenWithUploads);
    window.CKEDITOR.on("instanceCreated", (event) => sendTokenWithUploads(event.editor));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", hookEditors);
  } else {
    hookEditors();
  }
})();
