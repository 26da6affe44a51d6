// Hands the chosen image back to the CKEditor dialog that opened this window.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-url]");
  if (!button || !window.opener || !window.opener.CKEDITOR) return;
  const funcNum = parseInt(new URLSearchParams(window.location.search).get("CKEditorFuncNum"), 10);
  if (Number.isNaN(funcNum)) return;
  window.opener.CKEDITOR.tools.callFunction(funcNum, button.dataset.url);
  window.close();
});
