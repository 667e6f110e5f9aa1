// newsdig: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  function searchBox() {
    return document.getElementById("q");
  }

  // "/" jumps to the search box (unless the user is already typing somewhere).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) return;
    var box = searchBox();
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // Escape leaves the search box.
  document.addEventListener("keydown", function (event) {
    var box = searchBox();
    if (event.key === "Escape" && box && document.activeElement === box) box.blur();
  });

  // Completions under the search box: a separate file (static/autocomplete.js), loaded only
  // where a search form asks for them, so the page's one script tag stays this file.
  if (document.querySelector("form.search-form[data-suggest]")) {
    var completions = document.createElement("script");
    completions.src = "/static/autocomplete.js";
    completions.defer = true;
    document.head.appendChild(completions);
  }

  // An empty search stays on the page instead of loading the home page again.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form.search-form")) return;
    var box = form.querySelector("input[name=q]");
    if (box && !box.value.trim()) {
      event.preventDefault();
      box.focus();
    }
  });
})();
