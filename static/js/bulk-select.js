// "Select all on this page" for the row checkboxes of a bulk form (the application queue, the deadline
// list). Each row checkbox names its form with form="<id>"; the select-all box names the same id in
// data-select-all. Without JavaScript the select-all box stays hidden and the rows are ticked one by one.
(function () {
  function rows(formId) {
    return Array.prototype.slice.call(
      document.querySelectorAll('input[type="checkbox"][name="ids"][form="' + formId + '"]')
    );
  }

  function update(all, formId) {
    var boxes = rows(formId);
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
    var form = document.getElementById(formId);
    var count = form && form.querySelector("[data-bulk-count]");
    if (count) count.textContent = ticked ? ticked + " selected on this page." : "";
  }

  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var formId = all.getAttribute("data-select-all");
    var wrapper = all.closest("[hidden]");
    if (wrapper) wrapper.hidden = false;
    all.addEventListener("change", function () {
      rows(formId).forEach(function (box) { box.checked = all.checked; });
      update(all, formId);
    });
    rows(formId).forEach(function (box) {
      box.addEventListener("change", function () { update(all, formId); });
    });
    update(all, formId);
  });
})();
