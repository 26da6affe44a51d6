// Share buttons without third-party scripts (templates/articles/includes/share.html).
// Copy link: the Clipboard API, else the link shown selected in a field.
// KakaoTalk has no share address that works without Kakao's SDK (which needs an
// app key and loads Kakao's script): on phones it opens the system share sheet
// (Web Share API), where KakaoTalk is listed; elsewhere it copies the link.
(function () {
  "use strict";
  var box = document.querySelector(".share[data-share-url]");
  if (!box) return;
  var url = box.getAttribute("data-share-url");
  var title = box.getAttribute("data-share-title");
  var status = box.querySelector(".share-status");
  var fallback = box.querySelector(".share-fallback");
  var messages = {
    copied: document.documentElement.lang === "en" ? "Link copied." : "링크를 복사했습니다.",
    kakao: document.documentElement.lang === "en"
      ? "Link copied: paste it into KakaoTalk."
      : "링크를 복사했습니다. 카카오톡 대화창에 붙여 넣으세요.",
    manual: document.documentElement.lang === "en"
      ? "Copy the link from the field."
      : "입력란의 링크를 복사하세요.",
  };

  function say(text) {
    status.textContent = text;
  }

  function showField() {
    fallback.hidden = false;
    var input = fallback.querySelector("input");
    input.focus();
    input.select();
    say(messages.manual);
  }

  function copy(message) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { say(message); }, showField);
    } else {
      showField();
    }
  }

  function nativeShare(orElse) {
    if (navigator.share) {
      navigator.share({ title: title, url: url }).catch(function () {});
    } else {
      orElse();
    }
  }

  var native = box.querySelector('[data-share="native"]');
  if (navigator.share) native.hidden = false;

  box.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-share]");
    if (!button) return;
    var kind = button.getAttribute("data-share");
    if (kind === "copy") copy(messages.copied);
    if (kind === "native") nativeShare(function () { copy(messages.copied); });
    if (kind === "kakao") nativeShare(function () { copy(messages.kakao); });
  });
})();
