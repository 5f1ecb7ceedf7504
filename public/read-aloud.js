// 读给我听 on pages that ship no scripts (the notice): the same behaviour as
// app/components/read-aloud.tsx, for a button the server rendered hidden with the text to read in
// data-text and the page's language in data-lang. Shown only where the device has such a voice.
(function () {
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") return;
  function lang(v) {
    return String(v.lang).toLowerCase().replace("_", "-");
  }
  function voiceFor(want) {
    var zh = want.indexOf("zh") === 0;
    var voices = synth.getVoices();
    var exact = zh ? "zh-cn" : "en-us";
    for (var i = 0; i < voices.length; i++) if (lang(voices[i]) === exact) return voices[i];
    for (var j = 0; j < voices.length; j++)
      if (lang(voices[j]).indexOf(zh ? "zh" : "en") === 0) return voices[j];
    return null;
  }
  function init() {
    var boxes = document.querySelectorAll("[data-read-aloud]");
    for (var k = 0; k < boxes.length; k++) {
      (function (box) {
        if (box.hasAttribute("data-ready")) return;
        var voice = voiceFor(String(box.getAttribute("data-lang") || "zh-CN").toLowerCase());
        if (!voice) return;
        var button = box.querySelector("button");
        var speaking = false;
        function show() {
          button.textContent = box.getAttribute(speaking ? "data-stop" : "data-start");
          button.setAttribute("aria-pressed", String(speaking));
        }
        button.addEventListener("click", function () {
          synth.cancel();
          speaking = !speaking;
          if (speaking) {
            var u = new SpeechSynthesisUtterance(box.getAttribute("data-text"));
            u.voice = voice;
            u.lang = voice.lang;
            u.onend = u.onerror = function () {
              speaking = false;
              show();
            };
            synth.speak(u);
          }
          show();
        });
        box.setAttribute("data-ready", "");
        box.hidden = false;
      })(boxes[k]);
    }
  }
  init();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", init);
})();
