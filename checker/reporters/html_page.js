(function () {
  "use strict";
  var table = document.getElementById("files");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var input = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var cards = document.querySelectorAll("[data-filter-verdict]");
  var verdict = "";

  function apply() {
    var query = input.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var ok = (!query || row.textContent.toLowerCase().indexOf(query) >= 0) &&
        (!verdict || row.getAttribute("data-verdict") === verdict);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = String(count);
  }

  function key(row, index, numeric) {
    var cell = row.cells[index];
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) { return value; }
    return value === "" ? -Infinity : Number(value);
  }

  function sortBy(th, index) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var numeric = th.getAttribute("data-type") === "number";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = key(a, index, numeric), y = key(b, index, numeric);
      var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  input.addEventListener("input", apply);
  Array.prototype.forEach.call(cards, function (card) {
    card.addEventListener("click", function () {
      var wanted = card.getAttribute("data-filter-verdict");
      verdict = verdict === wanted ? "" : wanted;
      Array.prototype.forEach.call(cards, function (c) {
        c.classList.toggle("active", verdict !== "" && c.getAttribute("data-filter-verdict") === verdict);
      });
      apply();
      table.scrollIntoView({ block: "start" });
    });
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener("click", function () { sortBy(th, index); });
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th, index); }
    });
  });
  apply();
})();
