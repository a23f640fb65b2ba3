// Lesson enhancements (progressive: without this script every part works as plain HTML).
// - Images: the link to the full image opens it in a <dialog> instead (Escape or "Close" returns to the lesson).
// - Timelines: the list becomes a stepper. Each stage is a button that shows its detail (one at a time);
//   Previous and Next step through; Arrow keys, Home and End move between stages; the stage shown is
//   announced ("Stage 2 of 4: Triaged") in a polite live region.
(function () {
  "use strict";

  /* Messages in the page's language: gettext and interpolate come from /jsi18n/ (Django's catalogue);
   * without it the English text is used. */
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };
  function format(text, values) { return interpolate(text, values, true); }

  function imageDialog() {
    var dialog = document.createElement("dialog");
    dialog.className = "image-dialog";
    dialog.setAttribute("aria-label", gettext("Image, full size"));
    var form = document.createElement("form");
    form.method = "dialog";
    var close = document.createElement("button");
    close.type = "submit";
    close.className = "button";
    close.textContent = gettext("Close");
    form.appendChild(close);
    var img = document.createElement("img");
    dialog.appendChild(form);
    dialog.appendChild(img);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // a click on the backdrop closes it
    });
    document.body.appendChild(dialog);
    return { dialog: dialog, img: img };
  }

  function enhanceImages() {
    var links = document.querySelectorAll("a[data-zoom]");
    if (!links.length || typeof HTMLDialogElement === "undefined") return;
    var view = null;
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;  // a new tab, as asked
        event.preventDefault();
        view = view || imageDialog();
        var shown = link.querySelector("img");
        view.img.src = link.getAttribute("href");
        view.img.alt = shown ? shown.alt : "";
        view.dialog.showModal();
      });
    });
  }

  function button(text, className) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    return b;
  }

  function enhanceTimeline(block) {
    var stages = Array.prototype.slice.call(block.querySelectorAll(".timeline-stage"));
    if (stages.length < 2) return;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    var prev = button(gettext("Previous stage"), "button timeline-prev");
    var next = button(gettext("Next stage"), "button timeline-next");
    var nav = document.createElement("div");
    nav.className = "timeline-nav";
    nav.appendChild(prev);
    nav.appendChild(next);
    var current = 0;
    var toggles = stages.map(function (stage, index) {
      var label = stage.querySelector(".timeline-label");
      var text = stage.querySelector(".timeline-text");
      var toggle = button(label.textContent, "timeline-toggle");
      toggle.id = label.id;
      toggle.setAttribute("aria-controls", text.id);
      label.replaceWith(toggle);
      toggle.addEventListener("click", function () { show(index, true); });
      toggle.addEventListener("keydown", function (event) {
        var to = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
                   Home: 0, End: stages.length - 1 }[event.key];
        if (to === undefined) return;
        event.preventDefault();
        show(Math.max(0, Math.min(stages.length - 1, to)), true);
        toggles[current].focus();
      });
      return toggle;
    });

    function show(index, announce) {
      current = index;
      stages.forEach(function (stage, i) {
        var open = i === index;
        stage.classList.toggle("is-current", open);
        stage.classList.toggle("is-done", i < index);
        stage.querySelector(".timeline-text").hidden = !open;
        toggles[i].setAttribute("aria-expanded", open ? "true" : "false");
        toggles[i].tabIndex = open ? 0 : -1;  // one Tab stop for the stages; arrows move between them
      });
      prev.disabled = index === 0;
      next.disabled = index === stages.length - 1;
      if (announce) {
        live.textContent = format(gettext("Stage %(number)s of %(total)s: %(label)s. %(text)s"), {
          number: index + 1,
          total: stages.length,
          label: toggles[index].textContent,
          text: stages[index].querySelector(".timeline-text").textContent
        });
      }
    }

    prev.addEventListener("click", function () { show(Math.max(0, current - 1), true); });
    next.addEventListener("click", function () { show(Math.min(stages.length - 1, current + 1), true); });
    block.classList.add("is-stepper");
    block.appendChild(nav);
    block.appendChild(live);
    show(0, false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceImages();
    Array.prototype.forEach.call(document.querySelectorAll("[data-timeline]"), enhanceTimeline);
  });
})();
