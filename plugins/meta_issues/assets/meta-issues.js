/* mkdocs-meta-issues: filter the investigations table by status and tag, in the browser.
 *
 * The link in each row of the home table carries data-mi-status and data-mi-tags (a JSON
 * list); they are copied to the row. This script adds buttons above the table and hides
 * the rows that do not match. Without JavaScript nothing is added and the full list stays
 * visible. With Material's navigation.instant the page content is swapped without a reload,
 * so setup runs on every emission of Material's document$ observable when it exists, else
 * once on DOMContentLoaded.
 */
(function () {
  "use strict";

  function button(label, pressed, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "mi-filter__button";
    element.textContent = label;
    element.setAttribute("aria-pressed", pressed ? "true" : "false");
    element.addEventListener("click", onClick);
    return element;
  }

  function parseTags(text) {
    try {
      var value = JSON.parse(text || "[]");
      return Array.isArray(value) ? value.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function setup() {
    var markers = document.querySelectorAll("article table a[data-mi-status]");
    if (!markers.length) {
      return;
    }
    var table = markers[0].closest("table");
    if (!table || table.getAttribute("data-mi-filter") === "ready") {
      return;
    }
    table.setAttribute("data-mi-filter", "ready");

    var rows = [];
    var statusCounts = {};
    var tagCounts = {};
    Array.prototype.forEach.call(markers, function (marker) {
      var row = marker.closest("tr");
      if (!row) {
        return;
      }
      var status = marker.getAttribute("data-mi-status") || "";
      var tags = parseTags(marker.getAttribute("data-mi-tags"));
      row.setAttribute("data-mi-status", status);
      row.setAttribute("data-mi-tags", JSON.stringify(tags));
      rows.push({ element: row, status: status, tags: tags });
      statusCounts[status] = (statusCounts[status] || 0) + 1;
      tags.forEach(function (tag) {
        tagCounts[tag] = (tagCounts[tag] || 0) + 1;
      });
    });

    var state = { status: "", tag: "" };
    var toolbar = document.createElement("div");
    toolbar.className = "mi-filter";
    toolbar.setAttribute("role", "group");
    toolbar.setAttribute("aria-label", "Filter investigations");
    var count = document.createElement("span");
    count.className = "mi-filter__count";
    count.setAttribute("aria-live", "polite");

    function group(name, values, counts, key, display) {
      var wrapper = document.createElement("span");
      wrapper.className = "mi-filter__group";
      wrapper.setAttribute("data-mi-filter-group", key);
      var label = document.createElement("span");
      label.className = "mi-filter__label";
      label.textContent = name + ":";
      wrapper.appendChild(label);
      [""].concat(values).forEach(function (value) {
        var text = value ? display(value) + " (" + counts[value] + ")" : "All";
        var element = button(text, value === state[key], function () {
          state[key] = value;
          apply();
        });
        element.setAttribute("data-value", value);
        wrapper.appendChild(element);
      });
      toolbar.appendChild(wrapper);
    }

    var statusLabels = { open: "Open", resolved: "Resolved" };
    var statuses = Object.keys(statusCounts).sort(function (a, b) {
      // Open first: those are the investigations someone may still help with.
      return (a === "open" ? 0 : 1) - (b === "open" ? 0 : 1) || (a < b ? -1 : a > b ? 1 : 0);
    });
    group("Status", statuses, statusCounts, "status", function (s) {
      return statusLabels[s] || s;
    });
    var tags = Object.keys(tagCounts).sort(function (a, b) {
      var x = a.toLowerCase();
      var y = b.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
    if (tags.length) {
      group("Tag", tags, tagCounts, "tag", function (t) { return t; });
    }
    toolbar.appendChild(count);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = (!state.status || row.status === state.status) &&
          (!state.tag || row.tags.indexOf(state.tag) >= 0);
        row.element.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      Array.prototype.forEach.call(toolbar.querySelectorAll("[data-mi-filter-group]"),
        function (wrapper) {
          var key = wrapper.getAttribute("data-mi-filter-group");
          Array.prototype.forEach.call(wrapper.querySelectorAll("button"), function (b) {
            b.setAttribute("aria-pressed", b.getAttribute("data-value") === state[key]
              ? "true" : "false");
          });
        });
      count.textContent = shown === rows.length
        ? "Showing all " + rows.length
        : shown ? "Showing " + shown + " of " + rows.length
          : "No investigation matches these filters";
    }

    // A tag in the table filters by that tag, too.
    rows.forEach(function (row) {
      Array.prototype.forEach.call(row.element.querySelectorAll(".mi-tag"), function (chip) {
        chip.setAttribute("role", "button");
        chip.setAttribute("tabindex", "0");
        chip.setAttribute("title", "Show only investigations tagged " + chip.textContent);
        function choose(event) {
          if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") {
            return;
          }
          event.preventDefault();
          state.tag = chip.textContent;
          apply();
        }
        chip.addEventListener("click", choose);
        chip.addEventListener("keydown", choose);
      });
    });

    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(toolbar, anchor);
    apply();
  }

  if (typeof window.document$ !== "undefined" &&
      typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
