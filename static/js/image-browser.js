// Hands the chosen library image back to the CKEditor dialog that opened this
// window: its URL, and its alt text into the dialog's alt field.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-url]");
  if (!button || !window.opener || !window.opener.CKEDITOR) return;
  const funcNum = parseInt(new URLSearchParams(window.location.search).get("CKEditorFuncNum"), 10);
  if (Number.isNaN(funcNum)) return;
  const alt = button.dataset.alt || "";
  window.opener.CKEDITOR.tools.callFunction(funcNum, button.dataset.url, function () {
    const dialog = this.getDialog();
    const field = dialog && dialog.getContentElement("info", "alt");
    if (field && alt && !field.getValue()) field.setValue(alt);
  });
  window.close();
});
