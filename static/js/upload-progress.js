// Forms marked data-progress show a progress note while the browser sends
// the file and the server checks it, and cannot be sent twice meanwhile.
// The form still submits normally (it works without JavaScript too).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-progress]")) return;
  var note = form.querySelector(".conduit-progress");
  if (note) {
    note.hidden = false;
    note.querySelector(".conduit-progress__text").textContent = form.getAttribute("data-progress");
  }
  form.querySelectorAll("button[type=submit]").forEach(function (button) {
    setTimeout(function () { button.disabled = true; button.setAttribute("aria-disabled", "true"); }, 0);
  });
});
