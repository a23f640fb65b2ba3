/* SkillPath activities: progressive enhancement of plain forms.
 * Without this script every activity still works (numbers for order, lists for categorize).
 * With it: step-by-step reveal, drag (mouse, touch or pen) and keyboard moves, live announcements,
 * Enter moving from blank to blank. No inline scripts or styles: the page's Content-Security-Policy forbids them. */
(function () {
  "use strict";

  /* Messages in the page's language: gettext and interpolate come from /jsi18n/ (Django's catalogue);
   * without it the English text is used. */
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };
  function format(text, values) { return interpolate(text, values, true); }

  function announce(root, text) {
    var live = root.querySelector("[data-live]");
    if (live) { live.textContent = ""; window.setTimeout(function () { live.textContent = text; }, 30); }
  }

  /* Hints written for the scripted form replace the ones for the plain form. */
  function showScriptedHints(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-js-only]"), function (el) { el.hidden = false; });
    Array.prototype.forEach.call(form.querySelectorAll("[data-no-js]"), function (el) { el.hidden = true; });
  }

  /* Progressive reveal: one step at a time. */
  function initReveal(block) {
    if (block.dataset.ready) return;
    block.dataset.ready = "1";
    var steps = Array.prototype.slice.call(block.querySelectorAll(".reveal-step"));
    var button = block.querySelector(".reveal-next");
    if (steps.length < 2 || !button) return;
    var shown = 1;
    steps.forEach(function (s, i) { s.hidden = i >= shown; s.tabIndex = -1; });
    button.hidden = false;
    var label = function () { return format(gettext("Show next (%(shown)s of %(total)s)"), { shown: shown, total: steps.length }); };
    button.textContent = label();
    button.addEventListener("click", function () {
      steps[shown].hidden = false;
      steps[shown].focus();
      shown += 1;
      if (shown >= steps.length) { button.hidden = true; }
      else { button.textContent = label(); }
    });
  }

  /* Order: a list sorted by dragging or with the keyboard; the (hidden) position inputs follow the list.
   * Each item is one Tab stop named by its text and position; the list's description gives the keys once. */
  function initSortable(list) {
    if (list.dataset.ready) return;
    list.dataset.ready = "1";
    var form = list.closest("form");
    list.classList.add("is-enhanced");
    showScriptedHints(form);
    var items = function () { return Array.prototype.slice.call(list.querySelectorAll(".sort-item")); };
    var text = function (item) { return item.querySelector(".sort-text").textContent.trim(); };
    /* A message about the item and where it stands: "%(item)s", "%(position)s" and "%(total)s" filled in. */
    function say(message, item) {
      return format(message, { item: text(item), position: items().indexOf(item) + 1, total: items().length });
    }
    var sync = function () {
      items().forEach(function (item, i) {
        item.querySelector("input").value = String(i + 1);
        item.setAttribute("aria-label", say(gettext("%(item)s, position %(position)s of %(total)s"), item));
      });
    };
    /* The picked-up state is announced, not put in aria-pressed: a list item cannot carry it
     * (and a button role would take the items out of the list). */
    var grabbed = null;
    items().forEach(function (item) {
      item.tabIndex = 0;
      item.setAttribute("aria-roledescription", gettext("movable item"));
      item.addEventListener("keydown", function (e) { onKey(e, item); });
      item.addEventListener("pointerdown", function (e) { onPointerDown(e, item); });
    });
    function drop(item) {
      grabbed = null; item.classList.remove("is-grabbed");
      announce(form, say(gettext("%(item)s dropped at position %(position)s of %(total)s."), item));
    }
    function onKey(e, item) {
      var key = e.key;
      if (key === " " || key === "Enter") {
        e.preventDefault();
        if (grabbed === item) { drop(item); return; }
        if (grabbed) { grabbed.classList.remove("is-grabbed"); }
        grabbed = item; item.classList.add("is-grabbed");
        announce(form, say(gettext("%(item)s picked up, position %(position)s of %(total)s. Arrow keys move it, Space drops it."), item));
      } else if (key === "ArrowUp" || key === "ArrowDown") {
        e.preventDefault();
        var sibling = key === "ArrowUp" ? item.previousElementSibling : item.nextElementSibling;
        if (!sibling) return;
        if (grabbed !== item) { sibling.focus(); return; }
        /* Move the neighbour, not the focused item: focus never leaves it, so nothing is re-announced. */
        list.insertBefore(sibling, key === "ArrowUp" ? item.nextElementSibling : item);
        sync();
        announce(form, say(gettext("%(item)s moved to position %(position)s of %(total)s."), item));
      } else if (key === "Escape" && grabbed === item) {
        drop(item);
      }
    }
    function onPointerDown(e, item) {
      if (e.button !== 0 || e.target.closest("input")) return;
      e.preventDefault();
      item.classList.add("is-dragging");
      item.setPointerCapture && item.setPointerCapture(e.pointerId);
      function move(ev) {
        var over = document.elementFromPoint(ev.clientX, ev.clientY);
        var target = over && over.closest(".sort-item");
        if (!target || target === item || target.parentNode !== list) return;
        var box = target.getBoundingClientRect();
        var after = ev.clientY > box.top + box.height / 2;
        list.insertBefore(item, after ? target.nextElementSibling : target);
        sync();
      }
      function up() {
        item.classList.remove("is-dragging");
        document.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", up);
        announce(form, say(gettext("%(item)s placed at position %(position)s of %(total)s."), item));
      }
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", up);
    }
    sync();
  }

  /* Categorize: boxes to drop items into; each item's list stays as the keyboard equivalent.
   * Arrow keys in a closed list change its value at once: the item moves only when the learner leaves the
   * list, so browsing the groups does not move it (nor change the reading order) under their feet. */
  function initBuckets(form) {
    var buckets = form.querySelector("[data-buckets]");
    var unsorted = form.querySelector("[data-unsorted]");
    if (!buckets || !unsorted || buckets.dataset.ready) return;
    buckets.dataset.ready = "1";
    buckets.hidden = false;
    form.classList.add("is-enhanced");
    showScriptedHints(form);
    var chips = Array.prototype.slice.call(unsorted.querySelectorAll(".cat-item"));
    function place(chip) {
      var value = chip.querySelector("select").value;
      var bucket = value && buckets.querySelector('[data-category-id="' + value + '"] .bucket-items');
      var target = bucket || unsorted;
      if (chip.parentNode === target) return false;
      target.appendChild(chip);
      return true;
    }
    function placed(chip) {
      var select = chip.querySelector("select");
      var label = select.options[select.selectedIndex].text;
      var item = chip.querySelector(".cat-text").textContent;
      announce(form, select.value ? format(gettext("%(item)s is in %(group)s."), { item: item, group: label })
        : format(gettext("%(item)s is back among the items to sort."), { item: item }));
    }
    chips.forEach(function (chip) {
      var select = chip.querySelector("select");
      var byKeyboard = false;
      var pending = false;
      select.addEventListener("keydown", function () { byKeyboard = true; });
      select.addEventListener("pointerdown", function () { byKeyboard = false; });
      select.addEventListener("change", function () {
        if (byKeyboard) { pending = true; return; }
        if (place(chip)) { select.focus(); placed(chip); }
      });
      select.addEventListener("blur", function () {
        if (!pending) return;
        pending = false;
        /* After focus has moved on: moving the item now does not take focus with it. */
        window.setTimeout(function () { if (place(chip)) placed(chip); }, 0);
      });
      chip.addEventListener("pointerdown", function (e) {
        if (e.button !== 0 || e.target.closest("select")) return;
        e.preventDefault();
        chip.classList.add("is-dragging");
        function up(ev) {
          chip.classList.remove("is-dragging");
          document.removeEventListener("pointerup", up);
          var over = document.elementFromPoint(ev.clientX, ev.clientY);
          var bucket = over && over.closest(".bucket");
          if (bucket) { select.value = bucket.dataset.categoryId; place(chip); placed(chip); }
        }
        document.addEventListener("pointerup", up);
      });
      place(chip);
    });
  }

  /* Cloze: Enter in a blank goes to the next blank. Checking with blanks left empty asks once first
   * (the prompt names them and focus goes to the first); checking again sends the answer as it is, and
   * the server has the last word. */
  function initCloze(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    showScriptedHints(form);
    var blanks = Array.prototype.slice.call(form.querySelectorAll("input.blank"));
    var prompt = form.querySelector("[data-cloze-prompt]");
    var asked = false;
    blanks.forEach(function (blank, i) {
      blank.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" || e.isComposing) return;
        if (i < blanks.length - 1) { e.preventDefault(); blanks[i + 1].focus(); }
      });
      blank.addEventListener("input", function () {
        if (prompt && !prompt.hidden && !empty().length) { prompt.hidden = true; asked = false; }
      });
    });
    function empty() { return blanks.filter(function (b) { return !b.value.trim(); }); }
    form.addEventListener("submit", function (e) {
      var missing = empty();
      if (!missing.length || asked || !prompt) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      asked = true;
      var which = missing.map(function (b) { return blanks.indexOf(b) + 1; });
      prompt.textContent = which.length === 1
        ? format(gettext("Blank %(blank)s is still empty. Fill it in, or press Check answer again to check your answer as it is."), { blank: which[0] })
        : format(gettext("Blanks %(blanks)s and %(last)s are still empty. Fill them in, or press Check answer again to check your answer as it is."),
          { blanks: which.slice(0, -1).join(", "), last: which[which.length - 1] });
      prompt.hidden = false;
      missing[0].focus();
    }, true);
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("[data-reveal]"), initReveal);
    Array.prototype.forEach.call(scope.querySelectorAll("[data-sortable]"), initSortable);
    Array.prototype.forEach.call(scope.querySelectorAll("form.activity-categorize"), initBuckets);
    Array.prototype.forEach.call(scope.querySelectorAll("form.activity-cloze"), initCloze);
    /* After a swap, move focus to what changed: the innermost [data-autofocus] (an error, a consequence, the
     * next situation), else the swapped card itself, so keyboard and screen reader users are not left on a
     * removed button. */
    if (root === document || root === document.body || !scope.querySelector) return;  // a page load, not a swap
    var focus = scope.querySelector("[data-autofocus]");
    if (!focus && scope.matches && scope.matches("[data-autofocus]")) focus = scope;
    if (focus) focus.focus();
  }

  /* An answer that cannot be read comes back as 422 with the form and its error: swap it in like a
   * success (htmx leaves 4xx responses unswapped by default, which would hide the message). */
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  if (window.htmx) { window.htmx.onLoad(init); }
  else { document.addEventListener("DOMContentLoaded", function () { init(document); }); }
})();
