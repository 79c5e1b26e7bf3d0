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
  // one dash pattern per kind, as graph/visual.py's KIND_DASHES, so kinds differ in greyscale too
  var KIND_DASHES = {
    TwinningAgreement: [], PartnershipAgreement: [10, 4], MemorandumOfUnderstanding: [10, 3, 2, 3],
    CooperationAgreement: [16, 4], Membership: [2, 3], EventHost: [6, 2, 2, 2, 2, 2], EventParticipant: [4, 4],
    EventOrganiser: [6, 2, 2, 2], Post: [1, 2], ProgrammeRunBy: [12, 2, 2, 2], ProgrammePartner: [8, 2, 2, 2, 2, 2],
    LocatedIn: [1, 4], Governs: [3, 6], PartOf: [2, 6]
  };
  var RTL = { fa: 1, ar: 1, he: 1, ur: 1, ps: 1, ckb: 1 };
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

  var facts = {};

  function sourceNames(fact) {
    var seen = {}, out = [];
    ((fact && fact.sources) || []).forEach(function (s) {
      if (seen[s.id]) { return; }
      seen[s.id] = 1;
      var extra = [s.publisher, s.date].filter(Boolean).join(", ");
      out.push(s.label + (extra ? " (" + extra + ")" : ""));
    });
    return out;
  }

  function tieTitle(t) {
    var dates = (t.start || t.end) ? ((t.start || "?") + " – " + (t.end || "")) : "dates unknown";
    var names = sourceNames(facts[t.fact]);
    var sources = names.length ? "sources: " + names.join("; ") :
      ((t.sources || []).length ? t.sources.length + " source(s)" : "no sources recorded");
    return t.kind + "\n" + dates + "\n" + sources + "\n(click for the facts)";
  }

  function bounds(date, end) {
    if (date.length === 4) { return date + (end ? "-12-31" : "-01-01"); }
    if (date.length === 7) { return date + (end ? "-31" : "-01"); }
    return date.slice(0, 10);
  }

  // as graph.projection.valid_at: unknown start is since ever, unknown end is still valid
  function validAt(t, asOf) {
    if (!asOf) { return true; }
    var lo = bounds(asOf, false), hi = bounds(asOf, true);
    if (t.start && bounds(t.start.slice(0, 10), false) > hi) { return false; }
    return !(t.end && bounds(t.end.slice(0, 10), true) < lo);
  }

  function sinceColour(year, lo, hi) {
    if (!year) { return "#bbbbbb"; }
    var x = hi > lo ? (year - lo) / (hi - lo) : 1;
    // dark blue (old) to orange (new)
    var a = [8, 48, 107], b = [253, 141, 60];
    return "rgb(" + a.map(function (v, i) { return Math.round(v + (b[i] - v) * x); }).join(",") + ")";
  }

  function yearsOf(ties) {
    var ys = ties.map(function (t) { return t.start ? parseInt(t.start.slice(0, 4), 10) : null; }).filter(Boolean);
    return ys.length ? [Math.min.apply(null, ys), Math.max.apply(null, ys)] : [0, 0];
  }

  function edgeStyle(t, range) {
    var asOf = $("as-of").value.trim();
    var valid = validAt(t, asOf);
    var colour = $("tie-colour").value === "since" ? sinceColour(t.start ? parseInt(t.start.slice(0, 4), 10) : null, range[0], range[1])
      : (KIND_COLOURS[t.kind] || "#999999");
    return { color: { color: colour, opacity: valid ? (t.end && !asOf ? 0.45 : 1) : 0.06 }, faded: !valid, width: valid ? 2 : 1,
      font: { color: valid ? "#333333" : "rgba(0,0,0,0.06)", size: 9, strokeWidth: valid ? 3 : 0 } };
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
        id: n.id, label: n.label, title: n.label + "\n" + n.type + (n.country ? "\ncountry: " + n.country : ""),
        color: nodeColour(n), community: communityOf ? communityOf[n.id] : undefined, shape: n.id === center ? "star" : "dot", size: n.id === center ? 22 : 12,
        type: n.type
      };
    }));
    var seen = {}, pairs = {};
    var unique = ties.filter(function (t) {
      var key = t.fact + "|" + t.kind + "|" + t.source + "|" + t.target;
      if (seen[key]) { return false; }
      seen[key] = true;
      return true;
    });
    var range = yearsOf(unique);
    var labelled = unique.length <= 150;
    function pairOf(t) { return t.source < t.target ? [t.source, t.target] : [t.target, t.source]; }
    var total = {};
    unique.forEach(function (t) { var k = pairOf(t).join("|"); total[k] = (total[k] || 0) + 1; });
    edges.add(unique.map(function (t, i) {
      var ab = pairOf(t), key = ab.join("|");
      var k = pairs[key] = (pairs[key] || 0) + 1;
      var e = {
        id: "e" + i, from: ab[0], to: ab[1], title: tieTitle(t),
        dashes: (KIND_DASHES[t.kind] || [6, 6]).length ? (KIND_DASHES[t.kind] || [6, 6]) : false,
        kind: t.kind, fact: t.fact, start: t.start, end: t.end, tie: t
      };
      // parallel ties between the same two entities curve apart, so none hides another
      e.smooth = total[key] === 1 ? false :
        { enabled: true, type: k % 2 ? "curvedCCW" : "curvedCW", roundness: 0.15 * Math.ceil(k / 2) };
      if (labelled) { e.label = shortLabel(t); }
      var st = edgeStyle(t, range);
      e.color = st.color; e.width = st.width; e.font = st.font; e.faded = st.faded;
      return e;
    }));
    legend(nodeList, ties);
    network.stabilize(200);  // then physics stops (stabilizationIterationsDone), so the picture holds still
  }

  var SHORT = {
    TwinningAgreement: "twin", PartnershipAgreement: "partner", MemorandumOfUnderstanding: "MoU",
    CooperationAgreement: "coop", Membership: "member", EventHost: "host", EventParticipant: "takes part",
    EventOrganiser: "organiser", Post: "post", ProgrammeRunBy: "runs", ProgrammePartner: "partner",
    LocatedIn: "in", Governs: "governs", PartOf: "part of"
  };

  function shortLabel(t) {
    var s = SHORT[t.kind] || t.kind;
    if (t.start) { s += " " + t.start.slice(0, 4); }
    if (t.end) { s += "–" + t.end.slice(0, 4); }
    return s;
  }

  function restyle() {
    var range = yearsOf(drawn.ties);
    edges.update(edges.get().map(function (e) {
      var st = edgeStyle(e.tie, range);
      return { id: e.id, color: st.color, width: st.width, font: st.font, faded: st.faded };
    }));
    legend(drawn.nodes, drawn.ties);
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
    var since = $("tie-colour").value === "since";
    Object.keys(kinds).sort().forEach(function (k) { ul.appendChild(line(since ? "#555555" : (KIND_COLOURS[k] || "#999999"), KIND_DASHES[k] || [6, 6], k + " “" + (SHORT[k] || k) + "”")); });
    if (since) {
      var r = yearsOf(ties);
      ul.appendChild(item(sinceColour(r[0], r[0], r[1]), "oldest start: " + (r[0] || "unknown"), "0"));
      ul.appendChild(item(sinceColour(r[1], r[0], r[1]), "newest start: " + (r[1] || "unknown"), "0"));
      ul.appendChild(item("#bbbbbb", "start unknown", "0"));
    }
    if ($("as-of").value.trim()) {
      ul.appendChild(item("rgba(0,0,0,0.08)", "not valid on " + $("as-of").value.trim() + " (faded)", "0"));
    }
  }

  function line(colour, dashes, text) {
    var ns = "http://www.w3.org/2000/svg";
    var li = document.createElement("li");
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "34"); svg.setAttribute("height", "8");
    var l = document.createElementNS(ns, "line");
    [["x1", "0"], ["y1", "4"], ["x2", "34"], ["y2", "4"], ["stroke", colour], ["stroke-width", "2.5"]].forEach(function (a) { l.setAttribute(a[0], a[1]); });
    if (dashes.length) { l.setAttribute("stroke-dasharray", dashes.join(" ")); }
    svg.appendChild(l);
    li.appendChild(svg);
    li.appendChild(document.createTextNode(text));
    return li;
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

  function filterQuery() {
    var q = "";
    var kinds = checkedKinds();
    if (kinds.length) { q += "&kinds=" + encodeURIComponent(kinds.join(",")); }
    if ($("networks").value.trim()) { q += "&networks=" + encodeURIComponent($("networks").value.trim()); }
    if ($("countries").value.trim()) { q += "&countries=" + encodeURIComponent($("countries").value.trim()); }
    return q;
  }

  function checkedKinds() {
    return Array.prototype.slice.call(document.querySelectorAll("#kinds input:checked")).map(function (c) { return c.value; });
  }

  // The page state lives in the URL, so a link reproduces the picture.
  var params = new URLSearchParams(location.search);

  function saveState() {
    var p = new URLSearchParams();
    var current = $("selected").dataset.id;
    if (current) { p.set("entity", current); }
    p.set("depth", $("depth").value);
    var kinds = checkedKinds();
    if (kinds.length) { p.set("kinds", kinds.join(",")); }
    if ($("networks").value.trim()) { p.set("networks", $("networks").value.trim()); }
    if ($("countries").value.trim()) { p.set("countries", $("countries").value.trim()); }
    if ($("as-of").value.trim()) { p.set("as_of", $("as-of").value.trim()); }
    if ($("lang").value) { p.set("lang", $("lang").value); }
    if ($("colour-by").value !== "type") { p.set("colour", $("colour-by").value); }
    if ($("tie-colour").value !== "kind") { p.set("ties", $("tie-colour").value); }
    p.set("view", params.get("view") || "graph");
    history.replaceState(null, "", location.pathname + "?" + p.toString());
  }

  function direction() {
    var lang = $("lang").value || browserLang;
    document.documentElement.lang = lang;
    document.documentElement.dir = RTL[lang.split("-")[0]] ? "rtl" : "ltr";
  }

  function showEgo(id) {
    var depth = $("depth").value;
    status("loading…");
    var filters = filterQuery();
    getJSON("/ego/" + encodeURIComponent(id) + "?details=true&depth=" + depth + "&lang=" + langParam() + filters).then(function (sub) {
      facts = sub.facts || {};
      draw(sub.nodes, sub.ties, sub.center);
      var centre = sub.nodes.filter(function (n) { return n.id === sub.center; })[0];
      $("selected").textContent = (centre ? centre.label + " (" + centre.type + ")" : id) + ": " +
        sub.nodes.length + " nodes, " + sub.ties.length + " ties";
      $("selected").dataset.id = sub.center || id;
      downloads(id);
      saveState();
      status("");
    }).catch(function (e) { status(e.message); });
  }

  function downloads(id) {
    var depth = $("depth").value;
    var asOf = $("as-of").value.trim();
    var filters = filterQuery() + (asOf ? "&as_of=" + encodeURIComponent(asOf) : "");
    var d = $("downloads");
    d.textContent = "Download: ";
    var base = "/ego/" + encodeURIComponent(id) + "?depth=" + depth + "&lang=" + langParam() + filters + "&format=";
    [["html", "HTML"], ["png", "PNG"], ["svg", "SVG"]].forEach(function (f) { d.appendChild(link(base + f[0], f[1])); d.appendChild(document.createTextNode(" ")); });
    var ex = "/export?scope=ego&depth=" + depth + "&id=" + encodeURIComponent(id) + filters + "&format=";
    ["graphml", "gexf", "csv"].forEach(function (f) { d.appendChild(link(ex + f, f.toUpperCase())); d.appendChild(document.createTextNode(" ")); });
  }

  // ------------------------------------------------------------ the fact inspector
  var panel = $("inspector");

  function el(tag, text, parent) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); e.dir = "auto"; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function nodeLabel(id) { var n = nodes.get(id); return n ? n.label : id; }

  function openPanel(heading) {
    panel.hidden = false;
    panel.textContent = "";
    var close = el("button", "close", panel);
    close.type = "button";
    close.addEventListener("click", function () { panel.hidden = true; });
    el("h3", heading, panel).dir = "auto";
  }

  function showFact(edge, box) {
    box.textContent = "";
    var t = edge.tie, f = facts[edge.fact];
    function render(f) {
      box.textContent = "";
      el("h4", (f && f.label) || t.kind, box).dir = "auto";
      var dl = el("dl", null, box);
      function row(k, v) { el("dt", k, dl); el("dd", v, dl).dir = "auto"; }
      row("type", f ? f.type : t.kind);
      var parties = [];
      if (f) {
        Object.keys(f.parties).forEach(function (r) {
          f.parties[r].forEach(function (p) { parties.push(p.label + " (" + r + ")"); });
        });
      }
      row("parties", parties.length ? parties.join(", ") : nodeLabel(t.source) + ", " + nodeLabel(t.target));
      var dates = f ? f.dates : { start: t.start, end: t.end };
      row("signed", dates.signed || "unknown");
      row("start", dates.start || t.start || "unknown");
      row("end", dates.end || t.end || "none recorded");
      row("status", (f && f.status) || "unknown");
      el("h4", "Sources", box);
      var ol = el("ol", null, box);
      ol.className = "sources";
      ((f && f.sources) || []).forEach(function (s) {
        var li = el("li", null, ol);
        el("cite", s.label, li).dir = "auto";
        var meta = [s.publisher, s.date].filter(Boolean).join(" · ");
        if (meta) { el("div", meta, li).dir = "auto"; }
        if (s.url && /^https?:/i.test(s.url)) {
          var a = el("a", s.url, li);
          a.href = s.url; a.rel = "noopener noreferrer"; a.target = "_blank"; a.style.display = "block";
        }
        if (s.sentence) {
          var q = el("blockquote", s.sentence, li);
          q.dir = "auto";
          if (s.sentence_lang) { q.lang = s.sentence_lang; }
        }
      });
      if (!f || !f.sources.length) { el("li", "no sources recorded", ol); }
    }
    if (f) { render(f); return; }
    render(null);
    getJSON("/facts/" + encodeURIComponent(edge.fact) + "?entity=" + encodeURIComponent(t.source) +
      "&kind=" + encodeURIComponent(t.kind) + "&lang=" + langParam()).then(function (got) {
      facts[edge.fact] = got;
      render(got);
    }).catch(function (e) { status(e.message); });
  }

  function openEdge(id) {
    var edge = edges.get(id);
    if (!edge) { return; }
    openPanel(nodeLabel(edge.from) + " — " + nodeLabel(edge.to));
    var same = edges.get({ filter: function (e) { return e.from === edge.from && e.to === edge.to; } });
    var box = document.createElement("div");
    box.className = "fact";
    if (same.length > 1) {
      el("p", same.length + " ties between these two:", panel);
      var ul = el("ul", null, panel);
      ul.className = "parallel";
      same.forEach(function (e) {
        var li = el("li", shortLabel(e.tie) + " · " + e.kind, ul);
        li.className = "pick" + (e.id === edge.id ? " on" : "");
        li.dataset.edge = e.id;
        li.addEventListener("click", function () {
          Array.prototype.forEach.call(ul.children, function (c) { c.classList.toggle("on", c === li); });
          network.selectEdges([e.id]);
          showFact(e, box);
        });
      });
    }
    panel.appendChild(box);
    showFact(edge, box);
  }

  function openNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    openPanel(n.label);
    var dl = el("dl", null, panel);
    el("dt", "type", dl); el("dd", n.type, dl);
    var info = drawn.nodes.filter(function (x) { return x.id === id; })[0];
    if (info && info.country) { el("dt", "country", dl); el("dd", info.country, dl); }
    el("h4", "Ties in the picture", panel);
    var ul = el("ul", null, panel);
    edges.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
      var li = el("li", shortLabel(e.tie) + " · " + nodeLabel(e.from === id ? e.to : e.from), ul);
      li.className = "pick"; li.dir = "auto"; li.dataset.edge = e.id;
      li.addEventListener("click", function () { openEdge(e.id); });
    });
    var more = el("button", "focus here", panel);
    more.type = "button";
    more.addEventListener("click", function () { showEgo(id); });
  }

  network.on("click", function (e) {
    if (e.nodes.length) { openNode(e.nodes[0]); } else if (e.edges.length) { openEdge(e.edges[0]); }
  });
  window.inspect = { edge: openEdge, node: openNode };

  function recolour() {
    nodes.update(drawn.nodes.map(function (n) {
      return { id: n.id, color: nodeColour(n), community: communityOf ? communityOf[n.id] : undefined };
    }));
    legend(drawn.nodes, drawn.ties);
  }

  $("colour-by").addEventListener("change", function () {
    saveState();
    if ($("colour-by").value !== "community" || communityOf) { recolour(); return; }
    status("finding communities…");
    getJSON("/communities?membership=true&top=1").then(function (r) {
      communityOf = r.membership;
      status(r.count + " communities, modularity " + r.modularity.toFixed(3));
      recolour();
    }).catch(function (e) { status(e.message); });
  });

  $("lang").addEventListener("change", function () {
    direction();
    var current = $("selected").dataset.id;
    if (current) { showEgo(current); } else { saveState(); }
  });

  $("depth").addEventListener("change", function () {
    var current = $("selected").dataset.id;
    if (current) { showEgo(current); }
  });

  $("filter-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var current = $("selected").dataset.id;
    if (current) { showEgo(current); } else { saveState(); }
  });

  function dateChanged() {
    var v = $("as-of").value.trim();
    if (v && !/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/.test(v)) { status("as of: YYYY, YYYY-MM or YYYY-MM-DD"); return; }
    status("");
    restyle();
    var current = $("selected").dataset.id;
    if (current) { downloads(current); }
    saveState();
  }

  $("as-of").addEventListener("change", function () {
    var v = $("as-of").value.trim();
    if (/^[0-9]{4}/.test(v)) { $("as-of-slider").value = v.slice(0, 4); }
    dateChanged();
  });
  $("as-of-slider").addEventListener("input", function () {
    $("as-of").value = $("as-of-slider").value;
    dateChanged();
  });
  $("as-of-clear").addEventListener("click", function () {
    $("as-of").value = "";
    $("as-of-slider").value = $("as-of-slider").max;
    dateChanged();
  });
  $("tie-colour").addEventListener("change", function () { restyle(); saveState(); });

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

  // ------------------------------------------------------------ state from the URL
  (function restore() {
    function option(select, value) {
      if (value && Array.prototype.some.call($(select).options, function (o) { return o.value === value; })) { $(select).value = value; }
    }
    option("depth", params.get("depth"));
    option("lang", params.get("lang"));
    option("colour-by", params.get("colour"));
    option("tie-colour", params.get("ties"));
    (params.get("kinds") || "").split(",").forEach(function (k) {
      var box = document.querySelector("#kinds input[value='" + k.replace(/[^a-z]/g, "") + "']");
      if (box && k) { box.checked = true; }
    });
    $("networks").value = params.get("networks") || "";
    $("countries").value = params.get("countries") || "";
    var asOf = params.get("as_of") || "";
    if (/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/.test(asOf)) {
      $("as-of").value = asOf;
      $("as-of-slider").value = asOf.slice(0, 4);
    }
    direction();
    if (params.get("colour") === "community") { $("colour-by").dispatchEvent(new Event("change")); }
    if (params.get("entity")) { showEgo(params.get("entity")); }
  })();
})();
