// Search as you type in the record forms' pickers. Without this script the
// "Find" button does the same by a round trip; with it, what is typed is
// looked up (GET /staff/pick) and the records found are offered at once.
// Offers nobody chose are replaced; what is chosen stays.
(function () {
  'use strict';

  function offer(fieldset, record) {
    var li = document.createElement('li');
    li.className = 'offer';
    var label = document.createElement('label');
    label.className = 'check';
    var input = document.createElement('input');
    input.type = fieldset.getAttribute('data-multi') === 'true' ? 'checkbox' : 'radio';
    input.name = fieldset.getAttribute('data-name');
    input.value = record.id;
    label.appendChild(input);
    label.appendChild(document.createTextNode(' ' + record.label));
    li.appendChild(label);
    return li;
  }

  function show(fieldset, records) {
    var list = fieldset.querySelector('ul.picks');
    Array.prototype.forEach.call(list.querySelectorAll('li.offer'), function (li) {
      if (!li.querySelector('input').checked) { li.remove(); }
    });
    var have = {};
    Array.prototype.forEach.call(list.querySelectorAll('input'), function (i) { have[i.value] = true; });
    var none = list.querySelector('li.none');
    records.forEach(function (r) {
      if (!have[r.id]) { list.insertBefore(offer(fieldset, r), none); }
    });
    var status = fieldset.querySelector('.pick-status');
    if (status) { status.textContent = records.length ? '' : status.getAttribute('data-nothing'); }
  }

  Array.prototype.forEach.call(document.querySelectorAll('fieldset.picker[data-target]'), function (fieldset) {
    var box = fieldset.querySelector('input[type=search]');
    var timer = null;
    var asked = 0;
    box.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = box.value.trim();
        if (q.length < 2) { return; }
        var mine = ++asked;
        var url = '/staff/pick?target=' + encodeURIComponent(fieldset.getAttribute('data-target')) +
          '&q=' + encodeURIComponent(q);
        fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (records) { if (mine === asked) { show(fieldset, records); } })
          .catch(function () {});
      }, 250);
    });
  });
})();
