"use strict";
// The explorer's Graph | Map switch: the map view is the /map page of the selected entity, in a frame.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var graph = $("stage") || $("graph"), frame = $("map-frame"), selected = $("selected");
  var shown = "graph";

  function mapUrl() {
    var id = selected.dataset.id;
    if (!id) { return null; }
    var lang = $("lang").value || (navigator.language || "en").split("-")[0];
    return "/map/" + encodeURIComponent(id) + "?depth=" + encodeURIComponent($("depth").value) +
      "&lang=" + encodeURIComponent(lang);
  }

  function refresh() {
    var url = mapUrl();
    if (shown === "map" && url && frame.getAttribute("src") !== url) { frame.setAttribute("src", url); }
  }

  function show(view) {
    shown = view;
    graph.hidden = view !== "graph";
    frame.hidden = view !== "map";
    $("view-graph").setAttribute("aria-pressed", String(view === "graph"));
    $("view-map").setAttribute("aria-pressed", String(view === "map"));
    var params = new URLSearchParams(location.search);
    params.set("view", view);
    history.replaceState(null, "", location.pathname + "?" + params.toString());
    refresh();
  }

  $("view-graph").addEventListener("click", function () { show("graph"); });
  $("view-map").addEventListener("click", function () { show("map"); });
  new MutationObserver(refresh).observe(selected, { attributes: true, attributeFilter: ["data-id"] });
  $("depth").addEventListener("change", refresh);
  $("lang").addEventListener("change", refresh);
  if (new URLSearchParams(location.search).get("view") === "map") { show("map"); }
})();
