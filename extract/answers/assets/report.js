// jixiao report: sort by a click on a header, filter by text and by select boxes. No network, no library.
(function () {
  function val(td) { var v = td.getAttribute('data-v'); return v === null ? td.textContent.trim() : v; }
  function cmp(a, b, numeric) {
    if (a === '' && b === '') return 0; if (a === '') return 1; if (b === '') return -1;
    return numeric ? parseFloat(a) - parseFloat(b) : a.localeCompare(b, 'zh');
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener('click', function () {
        var desc = th.classList.contains('sorted-asc');
        Array.prototype.forEach.call(heads, function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
        th.classList.add(desc ? 'sorted-desc' : 'sorted-asc');
        var numeric = th.getAttribute('data-type') === 'num';
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var r = cmp(val(a.cells[i]), val(b.cells[i]), numeric);
          return desc ? (r === 0 ? 0 : (val(a.cells[i]) === '' ? 1 : val(b.cells[i]) === '' ? -1 : -r)) : r;
        });
        var body = table.tBodies[0]; rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function applyFilters(table) {
    var q = (document.getElementById(table.id + '-q') || {}).value || '';
    q = q.trim().toLowerCase();
    var selects = document.querySelectorAll('select[data-for="' + table.id + '"]');
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      var ok = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
      selects.forEach(function (s) { if (ok && s.value) ok = tr.cells[+s.getAttribute('data-col')].textContent.trim() === s.value; });
      tr.hidden = !ok; if (ok) shown++;
    });
    var c = document.getElementById(table.id + '-count'); if (c) c.textContent = shown;
  }
  document.querySelectorAll('table.filterable').forEach(function (table) {
    var input = document.getElementById(table.id + '-q');
    if (input) input.addEventListener('input', function () { applyFilters(table); });
    document.querySelectorAll('select[data-for="' + table.id + '"]').forEach(function (s) {
      s.addEventListener('change', function () { applyFilters(table); });
    });
    // index.html#q=… opens with the filter applied (and lets a test check the filter in a headless browser)
    var m = /[#&]q=([^&]*)/.exec(location.hash);
    if (m && input) { input.value = decodeURIComponent(m[1]); applyFilters(table); }
  });
})();
