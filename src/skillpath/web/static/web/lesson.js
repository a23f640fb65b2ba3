// Lesson enhancements (progressive: without this script every part works as plain HTML).
// - Images: the link to the full image opens it in a <dialog> instead (Escape or "Close" returns to the lesson).
(function () {
  "use strict";

  function imageDialog() {
    var dialog = document.createElement("dialog");
    dialog.className = "image-dialog";
    dialog.setAttribute("aria-label", "Image, full size");
    var form = document.createElement("form");
    form.method = "dialog";
    var close = document.createElement("button");
    close.type = "submit";
    close.className = "button";
    close.textContent = "Close";
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

  document.addEventListener("DOMContentLoaded", function () {
    enhanceImages();
  });
})();
