/* SkillPath activities: progressive enhancement of plain forms.
 * Without this script every activity still works (numbers for order, lists for categorize).
 * With it: step-by-step reveal, drag (mouse, touch or pen) and keyboard moves, live announcements. */
(function () {
  "use strict";

  function announce(root, text) {
    var live = root.querySelector("[data-live]");
    if (live) { live.textContent = ""; window.setTimeout(function () { live.textContent = text; }, 30); }
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
    button.textContent = "Show next (" + shown + " of " + steps.length + ")";
    button.addEventListener("click", function () {
      steps[shown].hidden = false;
      steps[shown].focus();
      shown += 1;
      if (shown >= steps.length) { button.hidden = true; }
      else { button.textContent = "Show next (" + shown + " of " + steps.length + ")"; }
    });
  }

  /* Order: a list sorted by dragging or with the keyboard; the position inputs follow the list. */
  function initSortable(list) {
    if (list.dataset.ready) return;
    list.dataset.ready = "1";
    var form = list.closest("form");
    list.classList.add("is-enhanced");
    var items = function () { return Array.prototype.slice.call(list.querySelectorAll(".sort-item")); };
    var text = function (item) { return item.querySelector(".sort-text").textContent; };
    var sync = function () {
      items().forEach(function (item, i) { item.querySelector("input").value = String(i + 1); });
    };
    /* The picked-up state is announced, not put in aria-pressed: a list item cannot carry it
     * (and a button role would take the items out of the list). */
    var grabbed = null;
    items().forEach(function (item) {
      item.tabIndex = 0;
      item.setAttribute("aria-roledescription", "movable item");
      item.setAttribute("aria-describedby", list.getAttribute("aria-describedby") || "");
      item.addEventListener("keydown", function (e) { onKey(e, item); });
      item.addEventListener("pointerdown", function (e) { onPointerDown(e, item); });
    });
    function where(item) { return (items().indexOf(item) + 1) + " of " + items().length; }
    function onKey(e, item) {
      var key = e.key;
      if (key === " " || key === "Enter") {
        e.preventDefault();
        if (grabbed === item) {
          grabbed = null; item.classList.remove("is-grabbed");
          announce(form, text(item) + " dropped at position " + where(item) + ".");
        } else {
          if (grabbed) { grabbed.classList.remove("is-grabbed"); }
          grabbed = item; item.classList.add("is-grabbed");
          announce(form, text(item) + " picked up, position " + where(item) + ". Arrow keys move it, Space drops it.");
        }
      } else if (key === "ArrowUp" || key === "ArrowDown") {
        e.preventDefault();
        var sibling = key === "ArrowUp" ? item.previousElementSibling : item.nextElementSibling;
        if (!sibling) return;
        if (grabbed === item) {
          if (key === "ArrowUp") list.insertBefore(item, sibling); else list.insertBefore(sibling, item);
          item.focus(); sync();
          announce(form, text(item) + " moved to position " + where(item) + ".");
        } else { sibling.focus(); }
      } else if (key === "Escape" && grabbed === item) {
        grabbed = null; item.classList.remove("is-grabbed");
        announce(form, text(item) + " dropped at position " + where(item) + ".");
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
        announce(form, text(item) + " placed at position " + where(item) + ".");
      }
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", up);
    }
    sync();
  }

  /* Categorize: boxes to drop items into; each item's list stays as the keyboard equivalent. */
  function initBuckets(form) {
    var buckets = form.querySelector("[data-buckets]");
    var unsorted = form.querySelector("[data-unsorted]");
    if (!buckets || !unsorted || buckets.dataset.ready) return;
    buckets.dataset.ready = "1";
    buckets.hidden = false;
    form.classList.add("is-enhanced");
    var chips = Array.prototype.slice.call(unsorted.querySelectorAll(".cat-item"));
    function place(chip) {
      var value = chip.querySelector("select").value;
      var bucket = value && buckets.querySelector('[data-category-id="' + value + '"] .bucket-items');
      (bucket || unsorted).appendChild(chip);
    }
    chips.forEach(function (chip) {
      var select = chip.querySelector("select");
      select.addEventListener("change", function () {
        place(chip); select.focus();
        var label = select.options[select.selectedIndex].text;
        announce(form, chip.querySelector(".cat-text").textContent + (select.value ? " put in " + label + "." : " taken out."));
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
          if (bucket) {
            select.value = bucket.dataset.categoryId; place(chip);
            announce(form, chip.querySelector(".cat-text").textContent + " put in " + bucket.querySelector(".bucket-title").textContent + ".");
          }
        }
        document.addEventListener("pointerup", up);
      });
      place(chip);
    });
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("[data-reveal]"), initReveal);
    Array.prototype.forEach.call(scope.querySelectorAll("[data-sortable]"), initSortable);
    Array.prototype.forEach.call(scope.querySelectorAll("form.activity-categorize"), initBuckets);
    /* After a swap, move focus to what changed: the innermost [data-autofocus] (an error, a consequence),
     * else the swapped card itself, so keyboard and screen reader users are not left on a removed button. */
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
