// Stance network: a small force-directed layout drawn in SVG, no library.
"use strict";

(function () {
  var box = document.getElementById("network");
  if (!box) { return; }
  var info = document.getElementById("network-info");
  var NS = "http://www.w3.org/2000/svg";
  var el = function (name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  };

  fetch(box.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(draw)
    .catch(function (err) { info.textContent = "Could not load the network: " + err; });

  function draw(graph) {
    var width = box.clientWidth || 800, height = box.clientHeight || 560;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "Stance network" }, box);
    var defs = el("defs", {}, svg);
    ["support", "oppose"].forEach(function (pol) {
      var marker = el("marker", { id: "arrow-" + pol, viewBox: "0 0 10 10", refX: "10", refY: "5",
        markerWidth: "12", markerHeight: "12", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", "class": pol }, marker);
    });
    var byId = {};
    var nodes = graph.nodes.map(function (n, i) {
      var angle = 2 * Math.PI * i / Math.max(graph.nodes.length, 1);
      var node = { id: n.id, label: n.label, degree: n.degree, actor: n.actor,
        x: width / 2 + Math.cos(angle) * width / 4, y: height / 2 + Math.sin(angle) * height / 4, vx: 0, vy: 0 };
      byId[n.id] = node;
      return node;
    });
    var edges = graph.edges.filter(function (e) { return byId[e.source] && byId[e.target]; }).map(function (e) {
      return { s: byId[e.source], t: byId[e.target], data: e };
    });
    var edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg);
    edges.forEach(function (e) {
      e.path = el("path", { "class": "edge " + e.data.polarity, "stroke-width": String(1.5 + 1.5 * Math.log2(1 + e.data.weight)),
        "marker-end": "url(#arrow-" + e.data.polarity + ")" }, edgeLayer);
      var title = el("title", {}, e.path);
      title.textContent = e.s.label + " " + e.data.polarity + "s " + e.t.label + " (" + e.data.count + "; " +
        e.data.dates.join(", ") + ")" + (e.data.evidence[0] ? ": “" + e.data.evidence[0].text + "”" : "");
      e.path.addEventListener("click", function () {
        var ev = e.data.evidence[0];
        if (ev) { window.location.href = "/articles/" + encodeURIComponent(ev.article_id) + "?hl=" +
          encodeURIComponent(e.data.stance_ids[0]) + "#s" + ev.sentence_index; }
      });
    });
    nodes.forEach(function (n) {
      n.radius = 12 + 4 * Math.sqrt(n.degree);
      n.g = el("g", { "class": "node" + (n.actor ? " actor" : ""), tabindex: "0" }, nodeLayer);
      el("circle", { r: String(n.radius) }, n.g);
      var label = el("text", { dy: String(n.radius + 16), "text-anchor": "middle" }, n.g);
      label.textContent = n.label;
      var title = el("title", {}, n.g);
      title.textContent = n.label + ": " + n.degree + " stance" + (n.degree === 1 ? "" : "s");
      n.g.addEventListener("mouseenter", function () { focus(n); });
      n.g.addEventListener("mouseleave", function () { focus(null); });
      n.g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" && n.actor) { window.location.href = "/actors/" + encodeURIComponent(n.id); } });
      n.g.addEventListener("pointerdown", function (ev) { startDrag(ev, n); });
    });

    function focus(n) {
      nodes.forEach(function (m) { m.g.classList.toggle("dim", !!n && m !== n && !edges.some(function (e) {
        return (e.s === n && e.t === m) || (e.t === n && e.s === m); })); });
      edges.forEach(function (e) { e.path.classList.toggle("dim", !!n && e.s !== n && e.t !== n); });
      info.textContent = n ? n.label + ": " + n.degree + " stance" + (n.degree === 1 ? "" : "s") : "";
    }

    var dragging = null;
    function point(ev) {
      var rect = svg.getBoundingClientRect();
      return { x: (ev.clientX - rect.left) * width / rect.width, y: (ev.clientY - rect.top) * height / rect.height };
    }
    function startDrag(ev, n) {
      dragging = n; n.dragged = false;
      svg.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    }
    svg.addEventListener("pointermove", function (ev) {
      if (!dragging) { return; }
      var p = point(ev);
      dragging.x = p.x; dragging.y = p.y; dragging.dragged = true; dragging.fixed = true;
      heat = Math.max(heat, 0.3); tick();
    });
    svg.addEventListener("pointerup", function () {
      // The svg captures the pointer while a node is held, so a press without a drag is the click.
      var held = dragging;
      dragging = null;
      if (held && !held.dragged && held.actor) { window.location.href = "/actors/" + encodeURIComponent(held.id); }
    });

    var heat = 1;
    // Spread to the box: the rest length of an edge and the repulsion grow with its size.
    var rest = Math.min(width, height) * 0.38 + 40;
    var repel = rest * rest * 1.2;
    function step() {
      var i, j, a, b, dx, dy, d2, d, f;
      for (i = 0; i < nodes.length; i++) {
        a = nodes[i];
        for (j = i + 1; j < nodes.length; j++) {
          b = nodes[j];
          dx = a.x - b.x; dy = a.y - b.y; d2 = dx * dx + dy * dy + 0.01;
          f = repel / d2;
          d = Math.sqrt(d2);
          a.vx += f * dx / d; a.vy += f * dy / d; b.vx -= f * dx / d; b.vy -= f * dy / d;
        }
      }
      edges.forEach(function (e) {
        dx = e.t.x - e.s.x; dy = e.t.y - e.s.y; d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        f = (d - rest) * 0.02;
        e.s.vx += f * dx / d; e.s.vy += f * dy / d; e.t.vx -= f * dx / d; e.t.vy -= f * dy / d;
      });
      nodes.forEach(function (n) {
        n.vx += (width / 2 - n.x) * 0.002; n.vy += (height / 2 - n.y) * 0.002;
        if (!n.fixed) {
          n.x += Math.max(-20, Math.min(20, n.vx * heat)); n.y += Math.max(-20, Math.min(20, n.vy * heat));
        }
        n.x = Math.max(n.radius + 40, Math.min(width - n.radius - 40, n.x));
        n.y = Math.max(n.radius + 8, Math.min(height - n.radius - 26, n.y));
        n.vx *= 0.5; n.vy *= 0.5;
      });
      heat *= 0.985;
    }
    function tick() {
      edges.forEach(function (e) {
        var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var x1 = e.s.x + dx / d * e.s.radius, y1 = e.s.y + dy / d * e.s.radius;
        var x2 = e.t.x - dx / d * (e.t.radius + 3), y2 = e.t.y - dy / d * (e.t.radius + 3);
        var reverse = edges.some(function (o) { return o.s === e.t && o.t === e.s; });
        var bend = reverse ? 0.18 : 0;
        var mx = (x1 + x2) / 2 - dy * bend, my = (y1 + y2) / 2 + dx * bend;
        e.path.setAttribute("d", "M" + x1.toFixed(1) + "," + y1.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) +
          " " + x2.toFixed(1) + "," + y2.toFixed(1));
      });
      nodes.forEach(function (n) { n.g.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")"); });
    }
    for (var k = 0; k < 250; k++) { step(); }
    tick();
    function animate() {
      if (heat > 0.02) { step(); tick(); }
      window.requestAnimationFrame(animate);
    }
    window.requestAnimationFrame(animate);
    box.dataset.ready = "true";
  }
})();
