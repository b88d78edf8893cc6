// "/" jumps to the search box in the top bar (templates/base.html), as on most sites with search,
// unless the reader is typing in a field already.
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    var box = document.getElementById("header-search");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
