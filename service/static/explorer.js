"use strict";
(function () {
  var TYPE_COLOURS = {
    City: "#1f77b4", Region: "#aec7e8", Country: "#7f7f7f", Network: "#ff7f0e", Organisation: "#2ca02c",
    University: "#98df8a", AssociationOfMayors: "#bcbd22", MunicipalGovernment: "#17becf",
    InternationalOrganisation: "#9edae5", Person: "#e377c2", Event: "#d62728", Summit: "#d62728",
    Conference: "#ff9896", Programme: "#9467bd"
  };
  var KIND_COLOURS = {
    TwinningAgreement: "#1f77b4", PartnershipAgreement: "#17becf", MemorandumOfUnderstanding: "#8c564b",
    CooperationAgreement: "#bcbd22", Membership: "#ff7f0e", EventHost: "#d62728", EventParticipant: "#ff9896",
    EventOrganiser: "#c49c94", Post: "#e377c2", ProgrammeRunBy: "#9467bd", ProgrammePartner: "#c5b0d5",
    LocatedIn: "#7f7f7f", Governs: "#aec7e8", PartOf: "#c7c7c7"
  };
  // community colours: a qualitative palette, repeated past its length (the legend names each community)
  var COMMUNITY_COLOURS = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf",
    "#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854"];
  var communityOf = null;
  var browserLang = (navigator.language || "en").split("-")[0];
  var $ = function (id) { return document.getElementById(id); };
  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var network = new vis.Network($("graph"), { nodes: nodes, edges: edges }, {
    nodes: { shape: "dot", size: 12, font: { face: "DejaVu Sans, Noto Sans Arabic, sans-serif" } },
    edges: { smooth: false, width: 1.5 },
    interaction: { hover: true, tooltipDelay: 150 },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 200 } }
  });
  network.on("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
  network.on("doubleClick", function (e) { if (e.nodes.length) { showEgo(e.nodes[0]); } });
  window.network = network;

  function langParam() { return encodeURIComponent($("lang").value || browserLang); }

  function status(text) { $("status").textContent = text || ""; }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.detail || body.title || ("HTTP " + r.status)); }
        return body;
      });
    });
  }

  function tieTitle(t) {
    var dates = (t.start || t.end) ? ((t.start || "?") + " – " + (t.end || "")) : "dates unknown";
    return t.kind + " (" + t.fact + ")\n" + dates + "\nsources: " + ((t.sources || []).join(", ") || "none recorded");
  }

  function nodeColour(n) {
    if ($("colour-by").value === "community" && communityOf) {
      var c = communityOf[n.id];
      return c === undefined ? "#cccccc" : COMMUNITY_COLOURS[c % COMMUNITY_COLOURS.length];
    }
    return TYPE_COLOURS[n.type] || "#999999";
  }

  var drawn = { nodes: [], ties: [] };

  function draw(nodeList, ties, center) {
    drawn = { nodes: nodeList, ties: ties };
    network.setOptions({ physics: { enabled: true } });
    nodes.clear(); edges.clear();
    nodes.add(nodeList.map(function (n) {
      return {
        id: n.id, label: n.label, title: n.label + "\n" + n.type + " · " + n.id + (n.country ? "\ncountry: " + n.country : ""),
        color: nodeColour(n), community: communityOf ? communityOf[n.id] : undefined, shape: n.id === center ? "star" : "dot", size: n.id === center ? 22 : 12,
        type: n.type
      };
    }));
    var seen = {};
    edges.add(ties.filter(function (t) {
      var key = t.fact + "|" + t.kind + "|" + t.source + "|" + t.target;
      if (seen[key]) { return false; }
      seen[key] = true;
      return true;
    }).map(function (t) {
      return { from: t.source, to: t.target, title: tieTitle(t), color: KIND_COLOURS[t.kind] || "#999999", dashes: !!t.end, kind: t.kind };
    }));
    legend(nodeList, ties);
  }

  function legend(nodeList, ties) {
    var ul = $("legend");
    ul.textContent = "";
    var types = {}, kinds = {};
    nodeList.forEach(function (n) { types[n.type] = 1; });
    ties.forEach(function (t) { kinds[t.kind] = 1; });
    if ($("colour-by").value === "community" && communityOf) {
      var seen = {};
      nodeList.forEach(function (n) { if (communityOf[n.id] !== undefined) { seen[communityOf[n.id]] = 1; } });
      Object.keys(seen).map(Number).sort(function (a, b) { return a - b; }).forEach(function (c) {
        ul.appendChild(item(COMMUNITY_COLOURS[c % COMMUNITY_COLOURS.length], "community " + c, "50%"));
      });
    } else {
      Object.keys(types).sort().forEach(function (t) { ul.appendChild(item(TYPE_COLOURS[t] || "#999999", t, "50%")); });
    }
    Object.keys(kinds).sort().forEach(function (k) { ul.appendChild(item(KIND_COLOURS[k] || "#999999", k, "0")); });
  }

  function item(colour, text, radius) {
    var li = document.createElement("li");
    var swatch = document.createElement("span");
    swatch.style.background = colour;
    swatch.style.borderRadius = radius;
    li.appendChild(swatch);
    li.appendChild(document.createTextNode(text));
    return li;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href; a.textContent = text; a.setAttribute("download", "");
    return a;
  }

  function showEgo(id) {
    var depth = $("depth").value;
    status("loading…");
    getJSON("/ego/" + encodeURIComponent(id) + "?depth=" + depth + "&lang=" + langParam()).then(function (sub) {
      draw(sub.nodes, sub.ties, sub.center);
      var centre = sub.nodes.filter(function (n) { return n.id === sub.center; })[0];
      $("selected").textContent = (centre ? centre.label + " (" + centre.type + ")" : id) + ": " +
        sub.nodes.length + " nodes, " + sub.ties.length + " ties";
      $("selected").dataset.id = sub.center || id;
      var d = $("downloads");
      d.textContent = "Download: ";
      var base = "/ego/" + encodeURIComponent(id) + "?depth=" + depth + "&format=";
      [["html", "HTML"], ["png", "PNG"], ["svg", "SVG"]].forEach(function (f) { d.appendChild(link(base + f[0], f[1])); d.appendChild(document.createTextNode(" ")); });
      var ex = "/export?scope=ego&depth=" + depth + "&id=" + encodeURIComponent(id) + "&format=";
      ["graphml", "gexf", "csv"].forEach(function (f) { d.appendChild(link(ex + f, f.toUpperCase())); d.appendChild(document.createTextNode(" ")); });
      status("");
    }).catch(function (e) { status(e.message); });
  }

  function recolour() {
    nodes.update(drawn.nodes.map(function (n) {
      return { id: n.id, color: nodeColour(n), community: communityOf ? communityOf[n.id] : undefined };
    }));
    legend(drawn.nodes, drawn.ties);
  }

  $("colour-by").addEventListener("change", function () {
    if ($("colour-by").value !== "community" || communityOf) { recolour(); return; }
    status("finding communities…");
    getJSON("/communities?membership=true&top=1").then(function (r) {
      communityOf = r.membership;
      status(r.count + " communities, modularity " + r.modularity.toFixed(3));
      recolour();
    }).catch(function (e) { status(e.message); });
  });

  $("lang").addEventListener("change", function () {
    var current = $("selected").dataset.id;
    if (current) { showEgo(current); }
  });

  $("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = $("search").value.trim();
    if (!q) { return; }
    getJSON("/entities?limit=20&q=" + encodeURIComponent(q) + "&lang=" + langParam()).then(function (refs) {
      var ul = $("results");
      ul.textContent = "";
      if (!refs.length) { status("nothing found for " + q); return; }
      status("");
      refs.forEach(function (r) {
        var li = document.createElement("li");
        li.textContent = r.label + " (" + r.type + ")";
        li.dir = "auto";
        li.dataset.id = r.id;
        li.addEventListener("click", function () { showEgo(r.id); });
        ul.appendChild(li);
      });
    }).catch(function (e) { status(e.message); });
  });

  $("path-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var url = "/paths?source=" + encodeURIComponent($("path-source").value.trim()) + "&target=" +
      encodeURIComponent($("path-target").value.trim()) + "&k=" + encodeURIComponent($("path-k").value) +
      "&lang=" + langParam();
    status("searching paths…");
    getJSON(url).then(function (paths) {
      var ol = $("paths");
      ol.textContent = "";
      if (!paths.length) { status("no path within the length limit"); return; }
      status("");
      var all = {}, ties = [];
      paths.forEach(function (p) {
        var li = document.createElement("li");
        li.textContent = p.nodes.map(function (n) { return n.label; }).join(" → ");
        li.dir = "auto";
        ol.appendChild(li);
        p.nodes.forEach(function (n) { all[n.id] = { id: n.id, label: n.label, type: n.type }; });
        p.hops.forEach(function (h) { ties = ties.concat(h.ties); });
      });
      draw(Object.keys(all).map(function (k) { return all[k]; }), ties, paths[0].nodes[0].id);
    }).catch(function (e) { status(e.message); });
  });
})();
