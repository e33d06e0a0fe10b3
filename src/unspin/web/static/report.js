/* unspin web app: small conveniences on top of pages that work without JavaScript.
   - report page: when a verdict reason link is followed, mark every piece of the target span
     (a span that crosses another is drawn in several pieces sharing data-ref) and focus it; a
     link from the lists or the charts to a technique, claim or passage marks all its pieces too;
   - report page: Escape hides the tip of the focused or hovered technique span (WCAG 1.4.13);
   - report page: printing opens every <details>, and closes them again after;
   - form page: say that the analysis is running after a form is submitted (on screen and in the
     form's status region, which screen readers announce); the button keeps the focus. */
(function () {
  "use strict";

  function markTarget() {
    var old = document.querySelectorAll(".targeted");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("targeted");
    var id = decodeURIComponent(location.hash.slice(1));
    if (/^[tcp]-\d+$/.test(id)) {
      var parts = document.querySelectorAll('#article [data-a="' + id + '"]');
      for (var k = 0; k < parts.length; k++) parts[k].classList.add("targeted");
      return;
    }
    if (!/^span-\d+-\d+$/.test(id)) return;
    var pieces = document.querySelectorAll('.ref[data-ref="' + id + '"]');
    for (var j = 0; j < pieces.length; j++) pieces[j].classList.add("targeted");
    var first = document.getElementById(id);
    if (first) first.focus({ preventScroll: true });
  }

  function dismissibleTips() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var shown = Array.prototype.slice.call(document.querySelectorAll(".tech:hover"));
      if (document.activeElement && document.activeElement.classList.contains("tech")) shown.push(document.activeElement);
      for (var i = 0; i < shown.length; i++) shown[i].classList.add("tip-off");
    });
    function reset(event) {
      if (event.target.classList && event.target.classList.contains("tip-off")) event.target.classList.remove("tip-off");
    }
    document.addEventListener("focusout", reset);
    document.addEventListener("mouseout", reset);
  }

  // printing: every closed <details> opens (the definitions, each technique's spans, the other claims)
  // and closes again after; report.css does it too where the browser lets CSS open them
  function printOpen() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      var closed = document.querySelectorAll("details:not([open])");
      for (var i = 0; i < closed.length; i++) {
        closed[i].open = true;
        opened.push(closed[i]);
      }
    });
    window.addEventListener("afterprint", function () {
      while (opened.length) opened.pop().open = false;
    });
  }

  function busyForms() {
    var forms = document.querySelectorAll("form.analyse-form");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", function (event) {
        var form = event.target;
        if (form.dataset.busy) {  // a second click while the first analysis runs
          event.preventDefault();
          return;
        }
        form.dataset.busy = "1";
        var button = form.querySelector("button[type=submit]");
        if (button) {
          // aria-disabled, not disabled: a disabled button loses the focus (to the page's body)
          button.setAttribute("aria-disabled", "true");
          button.textContent = "Analysing\u2026";
        }
        var status = form.querySelector("[role=status]");
        if (status) status.textContent = "Analysing the article. This can take a minute; the report opens here when it is ready.";
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    busyForms();
    dismissibleTips();
    printOpen();
    markTarget();
  });
  window.addEventListener("hashchange", markTarget);
})();
