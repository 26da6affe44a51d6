// CKEditor's XHR image upload does not know Django's CSRF token; send it as a
// header. Loaded after ckeditor.js (see ArticleAdminForm.Media).
(function () {
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  if (!window.CKEDITOR) return;
  window.CKEDITOR.on("instanceReady", (event) => {
    event.editor.on("fileUploadRequest", (upload) => {
      upload.data.fileLoader.xhr.setRequestHeader("X-CSRFToken", csrfToken());
    });
  });
})();
