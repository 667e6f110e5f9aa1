// newsdig: completions under the search box as it is typed (GET /api/suggest), as an ARIA 1.2
// combobox with a listbox popup. Optional: without this file the box is a plain text field and
// the form submits exactly as before. No inline script or style (the pages' CSP forbids both);
// completion text only ever goes into the page as textContent.
(function () {
  "use strict";

  var DEBOUNCE_MS = 120; // a fast typist sends one request per pause, not one per key
  var LIMIT = 8;
  var MAX_QUERY_CHARS = 2048; // the server's limit (search/parser.py): longer is a 400, not worth asking
  var CACHE_SIZE = 64; // answers kept for this page: backspacing does not ask again
  var KIND_LABELS = { entity: "name", speaker: "speaker", story: "story", word: "word" };

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var endpoint = form.getAttribute("data-suggest");
    if (!input || !endpoint || input.getAttribute("role") === "combobox") return;

    var listId = (input.id || "q") + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-haspopup", "listbox");

    var items = [];
    var active = -1;
    var timer = 0;
    var latest = 0; // number of the newest request: older answers are dropped
    var pending = null; // the AbortController of the request in flight
    var cache = new Map();

    function isOpen() {
      return !list.hidden;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(completion, index) {
      var item = document.createElement("li");
      item.id = listId + "-" + index;
      item.className = "suggestion suggestion--" + completion.kind;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-kind", completion.kind);
      var text = document.createElement("span");
      text.className = "suggestion__text";
      text.textContent = completion.text;
      var kind = document.createElement("span");
      kind.className = "suggestion__kind";
      kind.textContent = KIND_LABELS[completion.kind] || completion.kind;
      var count = document.createElement("span");
      count.className = "suggestion__count";
      count.textContent = completion.count === 1 ? "1 article" : completion.count + " articles";
      item.appendChild(text);
      item.appendChild(kind);
      item.appendChild(count);
      return item;
    }

    function render(query, completions) {
      items = completions;
      list.setAttribute("data-query", query); // which text the options answer (an older answer may show briefly)
      while (list.firstChild) list.removeChild(list.firstChild);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!items.length || document.activeElement !== input) {
        close();
        return;
      }
      items.forEach(function (completion, index) {
        list.appendChild(option(completion, index));
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length + (items.length === 1 ? " suggestion" : " suggestions") +
        ", use up and down to choose";
    }

    function remember(query, completions) {
      cache.set(query, completions);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
    }

    function request(query) {
      if (pending) pending.abort();
      if (!query.trim() || query.length > MAX_QUERY_CHARS) {
        render(query, []);
        return;
      }
      if (cache.has(query)) {
        render(query, cache.get(query));
        return;
      }
      var number = ++latest;
      var controller = typeof AbortController === "function" ? new AbortController() : null;
      pending = controller;
      var url = endpoint + "?q=" + encodeURIComponent(query) + "&limit=" + LIMIT;
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          return response.ok ? response.json() : { completions: [] };
        })
        .then(function (data) {
          var completions = Array.isArray(data.completions) ? data.completions : [];
          remember(query, completions);
          if (number === latest && input.value === query) render(query, completions);
        })
        .catch(function () {
          /* aborted or offline: the box keeps working as a plain field */
        });
    }

    function choose(index) {
      var completion = items[index];
      if (!completion) return;
      input.value = completion.text;
      close();
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value;
      timer = setTimeout(function () {
        request(query);
      }, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      var key = event.key;
      if (key === "ArrowDown" || key === "Down") {
        event.preventDefault();
        if (!isOpen()) {
          request(input.value);
          return;
        }
        setActive(active + 1 < items.length ? active + 1 : -1);
      } else if (key === "ArrowUp" || key === "Up") {
        if (!isOpen()) return;
        event.preventDefault();
        setActive(active > -1 ? active - 1 : items.length - 1);
      } else if (key === "Enter") {
        if (isOpen() && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          close();
        }
      } else if (key === "Escape" || key === "Esc") {
        if (isOpen()) {
          event.preventDefault();
          event.stopPropagation(); // the first Escape closes the list; the next leaves the box
          close();
        }
      } else if (key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      close();
    });

    // Keep the focus in the box while the mouse is pressed on an option (no blur, no close).
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var item = event.target.closest ? event.target.closest("[role=option]") : null;
      if (!item) return;
      choose(Array.prototype.indexOf.call(list.children, item));
    });
    list.addEventListener("mousemove", function (event) {
      var item = event.target.closest ? event.target.closest("[role=option]") : null;
      var index = item ? Array.prototype.indexOf.call(list.children, item) : -1;
      if (index >= 0 && index !== active) setActive(index);
    });
  }

  document.querySelectorAll("form.search-form[data-suggest]").forEach(enhance);
})();
