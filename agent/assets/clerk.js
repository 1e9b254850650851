// Antar clerk UI: the signature pad, the one part of the UI that needs JavaScript.
// Without this script the pad stays hidden and the handover form works without it.
(function () {
  "use strict";
  var box = document.getElementById("signature-box");
  var canvas = document.getElementById("signature-pad");
  var field = document.getElementById("signature");
  var clear = document.getElementById("signature-clear");
  if (!box || !canvas || !field || !canvas.getContext || !window.PointerEvent) return;
  box.hidden = false;
  var ctx = canvas.getContext("2d");
  var drawn = false;
  var last = null;

  // Draw at the canvas's real size, so strokes are sharp and under the finger.
  var rect = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, Math.round(rect.width));
  canvas.height = Math.max(1, Math.round(rect.height));
  ctx.lineWidth = 2.5;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#111";

  function at(e) {
    var r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }
  canvas.addEventListener("pointerdown", function (e) {
    last = at(e);
    canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!last) return;
    var p = at(e);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
    drawn = true;
    e.preventDefault();
  });
  function up() { last = null; }
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      field.value = "";
    });
  }
  // Only a drawn signature is sent: an empty pad means "no signature".
  if (field.form) {
    field.form.addEventListener("submit", function () {
      field.value = drawn ? canvas.toDataURL("image/png") : "";
    });
  }
})();

// The receipt page's print button (no inline script: the UI's policy refuses it).
(function () {
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
