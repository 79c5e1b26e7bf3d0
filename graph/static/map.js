"use strict";
// The map of ties: country outlines, places, great-circle arcs by kind, hubs listed aside.
// Every label reaches the page through textContent or canvas fillText, never as markup.
(function () {
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var canvas = $("map"), ctx = canvas.getContext("2d"), wrap = $("map-wrap"), tip = $("map-tip");
  var styles = data.styleKeys.map(function (k) { return data.styles[k]; });
  var places = data.places, arcs = data.arcs, facts = data.facts, hubs = data.hubs;
  var n = places.length;
  var lon = new Float64Array(n), lat = new Float64Array(n);
  var index = {};
  places.forEach(function (p, i) { lon[i] = p[3]; lat[i] = p[4]; index[p[0]] = i; });
  var centre = data.center in index ? index[data.center] : -1;
  var degree = new Int32Array(n);
  var arcsOf = [];
  for (var i = 0; i < n; i++) { arcsOf.push([]); }
  arcs.forEach(function (a, j) { degree[a[0]]++; degree[a[1]]++; arcsOf[a[0]].push(j); arcsOf[a[1]].push(j); });
  var hubsOf = [];
  for (i = 0; i < n; i++) { hubsOf.push([]); }
  hubs.forEach(function (h, j) { h[4].forEach(function (p) { hubsOf[p].push(j); }); });
  var highlighted = null;   // place indices ringed (a hub or the selected place's neighbours)
  var selected = -1;

  // ---- text around the map
  $("map-title").textContent = data.title;
  $("map-subtitle").textContent = data.subtitle;
  $("map-sources").textContent = "Sources: " + (data.sources.length ? data.sources.join("; ") : "none recorded") + ".";
  $("map-exported").textContent = "Exported " + data.exported +
    " by citykg. Basemap: Natural Earth 1:110m (public domain), via world-atlas.";

  function swatch(style) {
    var c = document.createElement("canvas");
    c.width = 44; c.height = 10; c.className = "swatch";
    var g = c.getContext("2d");
    g.strokeStyle = style.colour; g.lineWidth = style.width + 0.8; g.setLineDash(style.dash);
    g.beginPath(); g.moveTo(2, 5); g.lineTo(42, 5); g.stroke();
    return c;
  }
  data.used.forEach(function (k) {
    var li = document.createElement("li");
    li.appendChild(swatch(data.styles[k]));
    li.appendChild(document.createTextNode(data.styles[k].name));
    li.dataset.style = k;
    $("map-legend").appendChild(li);
  });
  if (!data.used.length) { $("map-legend").textContent = "no tie drawn"; }
  hubs.forEach(function (h, j) {
    var li = document.createElement("li");
    li.tabIndex = 0;
    li.dataset.id = h[0];
    h[3].forEach(function (s) { li.appendChild(swatch(styles[s])); });
    var name = document.createElement("span");
    name.textContent = h[1];
    name.dir = "auto";
    li.appendChild(name);
    li.appendChild(document.createTextNode(" (" + h[2] + ", " + h[4].length + " places)"));
    li.addEventListener("mouseenter", function () { highlighted = h[4]; draw(); });
    li.addEventListener("mouseleave", function () { highlighted = null; draw(); });
    li.addEventListener("click", function () { showHub(j); });
    $("map-hubs").appendChild(li);
  });
  if (!hubs.length) { $("map-hubs").textContent = "none"; }
  $("map-unplaced").textContent = data.unplaced ? data.unplaced + " ties have no place at either end." : "";

  // ---- geometry, built once in degrees (x = lon, y = -lat); the view is a transform.
  // Past 2,000 arcs they are stroked one device pixel wide (the rasteriser's hairline path: measured
  // about 60 times faster than 1.6 px on 29k arcs in software Chromium) with points every 6 degrees.
  var BIG = arcs.length > 2000, STEP_DEG = BIG ? 6 : 3;
  function greatCircle(path, a, b) {
    var r = Math.PI / 180;
    var p1 = lat[a] * r, l1 = lon[a] * r, p2 = lat[b] * r, l2 = lon[b] * r;
    var x1 = Math.cos(p1) * Math.cos(l1), y1 = Math.cos(p1) * Math.sin(l1), z1 = Math.sin(p1);
    var x2 = Math.cos(p2) * Math.cos(l2), y2 = Math.cos(p2) * Math.sin(l2), z2 = Math.sin(p2);
    var d = Math.max(-1, Math.min(1, x1 * x2 + y1 * y2 + z1 * z2));
    var w = Math.acos(d);
    var steps = Math.max(1, Math.ceil(w / r / STEP_DEG));
    var s = Math.sin(w), prevX = lon[a];
    path.moveTo(lon[a], -lat[a]);
    for (var k = 1; k <= steps; k++) {
      var f = k / steps, px, py;
      if (w < 1e-9) { px = lon[b]; py = lat[b]; } else {
        var s1 = Math.sin((1 - f) * w) / s, s2 = Math.sin(f * w) / s;
        var x = s1 * x1 + s2 * x2, y = s1 * y1 + s2 * y2, z = s1 * z1 + s2 * z2;
        px = Math.atan2(y, x) / r; py = Math.atan2(z, Math.sqrt(x * x + y * y)) / r;
      }
      if (Math.abs(px - prevX) > 180) {  // cut at the antimeridian
        var edge = prevX > 0 ? 180 : -180;
        path.lineTo(edge, -py); path.moveTo(-edge, -py);
      }
      path.lineTo(px, -py);
      prevX = px;
    }
  }
  var land = new Path2D();
  data.basemap.forEach(function (ring) {
    land.moveTo(ring[0], -ring[1]);
    for (var k = 2; k < ring.length; k += 2) { land.lineTo(ring[k], -ring[k + 1]); }
    land.closePath();
  });
  var arcPaths = styles.map(function () { return null; });
  arcs.forEach(function (a) {
    var p = arcPaths[a[2]] || (arcPaths[a[2]] = new Path2D());
    greatCircle(p, a[0], a[1]);
  });
  var arcAlpha = arcs.length > 2000 ? 0.35 : 0.85;

  // ---- view: screen x = tx + k * lon, y = ty - k * lat
  var view = { k: 1, tx: 0, ty: 0 }, width = 0, height = 0, dpr = window.devicePixelRatio || 1;

  function fit() {
    var lon0 = -180, lon1 = 180, lat0 = -60, lat1 = 85;
    if (n) {
      lon0 = Infinity; lon1 = -Infinity; lat0 = Infinity; lat1 = -Infinity;
      for (var k = 0; k < n; k++) {
        lon0 = Math.min(lon0, lon[k]); lon1 = Math.max(lon1, lon[k]);
        lat0 = Math.min(lat0, lat[k]); lat1 = Math.max(lat1, lat[k]);
      }
    }
    var w = Math.max(30, (lon1 - lon0) * 1.15), h = Math.max(20, (lat1 - lat0) * 1.2);
    view.k = Math.min(width / w, height / h);
    view.tx = width / 2 - view.k * (lon0 + lon1) / 2;
    view.ty = height / 2 + view.k * (lat0 + lat1) / 2;
  }

  function resize() {
    width = wrap.clientWidth; height = wrap.clientHeight;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
  }

  function draw() {
    var t0 = performance.now();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#dfeaf3";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    var k = view.k;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * view.tx, dpr * view.ty);
    ctx.fillStyle = "#f1efe8"; ctx.fill(land);
    ctx.strokeStyle = "#a59f92"; ctx.lineWidth = 0.6 / k; ctx.stroke(land);
    ctx.lineCap = "round";
    ctx.globalAlpha = highlighted ? 0.2 : arcAlpha;
    arcPaths.forEach(function (p, s) {
      if (!p) { return; }
      var st = styles[s];
      ctx.strokeStyle = st.colour; ctx.lineWidth = (BIG ? 1 / dpr : st.width) / k;
      ctx.setLineDash(st.dash.map(function (d) { return d / k; }));
      ctx.stroke(p);
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    if (selected >= 0) {
      arcsOf[selected].forEach(function (j) {
        var a = arcs[j], st = styles[a[2]], p = new Path2D();
        greatCircle(p, a[0], a[1]);
        ctx.strokeStyle = st.colour; ctx.lineWidth = (st.width + 1.5) / k;
        ctx.setLineDash(st.dash.map(function (d) { return d / k; }));
        ctx.stroke(p);
      });
      ctx.setLineDash([]);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    var r = n > 3000 ? 1.2 : 2.6;
    ctx.fillStyle = "#24415e";
    for (var i = 0; i < n; i++) {
      var x = view.tx + k * lon[i], y = view.ty - k * lat[i];
      if (x < -5 || y < -5 || x > width + 5 || y > height + 5) { continue; }
      ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
    }
    if (highlighted) {
      ctx.strokeStyle = data.styles.membership.colour; ctx.lineWidth = 2;
      highlighted.forEach(function (p) {
        ctx.beginPath(); ctx.arc(view.tx + k * lon[p], view.ty - k * lat[p], 6, 0, 2 * Math.PI); ctx.stroke();
      });
    }
    if (centre >= 0) { star(view.tx + k * lon[centre], view.ty - k * lat[centre]); }
    labels();
    citymap.lastDrawMs = performance.now() - t0;
  }

  function star(x, y) {
    ctx.beginPath();
    for (var s = 0; s < 10; s++) {
      var a = -Math.PI / 2 + s * Math.PI / 5, rr = s % 2 ? 4 : 10;
      ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
    ctx.closePath();
    ctx.fillStyle = "#c62828"; ctx.fill();
    ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 1; ctx.stroke();
  }

  var labelOrder = null;
  function labels() {
    if (!labelOrder) {
      labelOrder = [];
      for (var i = 0; i < n; i++) { labelOrder.push(i); }
      labelOrder.sort(function (a, b) { return (b === centre) - (a === centre) || degree[b] - degree[a]; });
      labelOrder = labelOrder.slice(0, 60);
    }
    ctx.font = "11px 'DejaVu Sans', 'Noto Sans Arabic', sans-serif";
    ctx.textAlign = "center";
    ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.85)"; ctx.fillStyle = "#1b1b1b";
    var boxes = [];
    labelOrder.forEach(function (i) {
      var x = view.tx + view.k * lon[i], y = view.ty - view.k * lat[i] - 7;
      if (x < 0 || y < 0 || x > width || y > height) { return; }
      var w = ctx.measureText(places[i][1]).width;
      var box = [x - w / 2, y - 11, x + w / 2, y + 2];
      if (boxes.some(function (b) { return b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3]; })) { return; }
      boxes.push(box);
      ctx.strokeText(places[i][1], x, y); ctx.fillText(places[i][1], x, y);
    });
  }

  // ---- reading a place or a hub
  function tieLine(j, from) {
    var a = arcs[j], f = facts[a[3]], other = a[0] === from ? a[1] : a[0];
    var dates = (f[2] || f[3]) ? " " + (f[2] || "?") + "–" + (f[3] || "") : "";
    var src = f[4].length ? " [" + f[4].join(", ") + "]" : "";
    return styles[a[2]].name + " with " + places[other][1] + dates + src;
  }

  function list(title, lines) {
    var box = $("map-info");
    box.textContent = "";
    var h = document.createElement("strong");
    h.textContent = title;
    box.appendChild(h);
    var ul = document.createElement("ul");
    lines.slice(0, 200).forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
    if (lines.length > 200) { var li = document.createElement("li"); li.textContent = "… " + (lines.length - 200) + " more"; ul.appendChild(li); }
    box.appendChild(ul);
  }

  function showPlace(i) {
    selected = i;
    var lines = arcsOf[i].map(function (j) { return tieLine(j, i); });
    hubsOf[i].forEach(function (h) { lines.push(hubs[h][3].map(function (s) { return styles[s].name; }).join(", ") + ": " + hubs[h][1]); });
    list(places[i][1] + " (" + places[i][2] + ")", lines);
    draw();
  }

  function showHub(j) {
    selected = -1;
    var h = hubs[j];
    list(h[1] + " (" + h[2] + ")", h[4].map(function (p) { return places[p][1]; }));
    highlighted = h[4];
    draw();
  }

  function nearest(mx, my) {
    var best = -1, bd = 64;
    for (var i = 0; i < n; i++) {
      var dx = view.tx + view.k * lon[i] - mx, dy = view.ty - view.k * lat[i] - my, d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = i; }
    }
    return best;
  }

  // ---- while dragging, the last full picture is moved (one bitmap copy a frame); the full redraw of
  // outlines, arcs and labels comes when the drag ends
  var still = document.createElement("canvas"), stillView = null;
  function snapshot() {
    still.width = canvas.width; still.height = canvas.height;
    still.getContext("2d").drawImage(canvas, 0, 0);
    stillView = { k: view.k, tx: view.tx, ty: view.ty };
  }
  function dragFrame() {
    var t0 = performance.now();
    if (!stillView || stillView.k !== view.k) { draw(); snapshot(); return; }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#dfeaf3";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(still, Math.round((view.tx - stillView.tx) * dpr), Math.round((view.ty - stillView.ty) * dpr));
    citymap.lastDragMs = performance.now() - t0;
  }

  // ---- interaction: drag to pan, wheel to zoom, hover and click to read
  var drag = null, frame = 0;
  function redrawSoon() { if (!frame) { frame = requestAnimationFrame(function () { frame = 0; draw(); }); } }
  function dragSoon() { if (!frame) { frame = requestAnimationFrame(function () { frame = 0; dragFrame(); }); } }
  canvas.addEventListener("mousedown", function (e) {
    drag = { x: e.clientX, y: e.clientY, moved: false };
    snapshot();
  });
  window.addEventListener("mouseup", function (e) {
    if (drag && !drag.moved) {
      var rect = canvas.getBoundingClientRect(), i = nearest(e.clientX - rect.left, e.clientY - rect.top);
      if (i >= 0) { showPlace(i); }
    } else if (drag) {
      redrawSoon();
    }
    drag = null;
  });
  window.addEventListener("mousemove", function (e) {
    var rect = canvas.getBoundingClientRect(), mx = e.clientX - rect.left, my = e.clientY - rect.top;
    if (drag) {
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) { drag.moved = true; }
      drag.x = e.clientX; drag.y = e.clientY;
      view.tx += dx; view.ty += dy;
      tip.hidden = true;
      dragSoon();
      return;
    }
    if (mx < 0 || my < 0 || mx > width || my > height) { tip.hidden = true; return; }
    var i = nearest(mx, my);
    if (i < 0) { tip.hidden = true; return; }
    tip.textContent = places[i][1] + " · " + places[i][2] + " · " + degree[i] + " arcs";
    tip.style.left = (mx + 12) + "px"; tip.style.top = (my + 12) + "px";
    tip.hidden = false;
  });
  canvas.addEventListener("wheel", function (e) {
    e.preventDefault();
    var rect = canvas.getBoundingClientRect(), mx = e.clientX - rect.left, my = e.clientY - rect.top;
    var f = Math.exp(-e.deltaY * 0.0015), k = Math.max(0.5, Math.min(400, view.k * f));
    f = k / view.k;
    view.tx = mx - (mx - view.tx) * f; view.ty = my - (my - view.ty) * f; view.k = k;
    redrawSoon();
  }, { passive: false });
  window.addEventListener("resize", function () { resize(); draw(); });

  var citymap = window.citymap = {
    ready: false, lastDrawMs: 0, lastDragMs: 0, view: view,
    counts: { places: n, arcs: arcs.length, hubs: hubs.length },
    draw: draw,
    panBy: function (dx, dy) { view.tx += dx; view.ty += dy; },
    // what one frame of a mouse drag does: move the last full picture
    dragStart: snapshot,
    dragFrame: dragFrame,
    hideArcs: function () { arcPaths = arcPaths.map(function () { return null; }); draw(); },
    select: function (id) { if (id in index) { showPlace(index[id]); } }
  };
  resize();
  fit();
  draw();
  citymap.ready = true;
})();
