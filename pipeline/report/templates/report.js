// The document page's only script, inlined: a table row scrolls its measure into view; a measure
// in the text scrolls its row into view; the check box hides what is not doubtful.
(function () {
  "use strict";
  function mark(elements) {
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    elements.forEach(function (el) { if (el) { el.classList.add("current"); } });
  }
  document.querySelectorAll("table.measures tbody tr[data-target]").forEach(function (row) {
    row.addEventListener("click", function () {
      var target = document.getElementById(row.dataset.target);
      mark([row, target]);
      if (target) { target.scrollIntoView({block: "center", inline: "nearest"}); }
    });
  });
  document.querySelectorAll(".measure[data-row]").forEach(function (measure) {
    measure.addEventListener("click", function (event) {
      var row = document.getElementById(measure.dataset.row);
      event.stopPropagation();
      mark([row, measure]);
      if (row) { row.scrollIntoView({block: "center", inline: "nearest"}); }
    });
  });
  var only = document.getElementById("only-doubtful");
  if (only) {
    only.addEventListener("change", function () {
      document.querySelector("table.measures").classList.toggle("only-doubtful", only.checked);
    });
  }
  if (location.hash.length > 1) {
    var start = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var row = start && start.dataset.row ? document.getElementById(start.dataset.row) : null;
    if (start) { mark([start, row]); start.scrollIntoView({block: "center"}); }
  }
})();
