// veille web app: small progressive enhancements; every page works without this file.
// No data is fetched and no HTML is built from strings: only classes are toggled.
"use strict";

// Article: hovering a piece of a quotation outlines the whole quotation.
function linkQuotePieces() {
  const pieces = document.querySelectorAll(".text .q[data-q]");
  pieces.forEach((piece) => {
    const same = () => document.querySelectorAll(`.text .q[data-q="${piece.dataset.q}"]`);
    piece.addEventListener("mouseenter", () => same().forEach((p) => p.classList.add("hot")));
    piece.addEventListener("mouseleave", () => same().forEach((p) => p.classList.remove("hot")));
  });
  // Legend: hovering a speaker outlines all their quotations.
  document.querySelectorAll(".speakers [data-speaker]").forEach((item) => {
    const mine = () => document.querySelectorAll(`.text .q.${item.dataset.speaker}`);
    item.addEventListener("mouseenter", () => mine().forEach((p) => p.classList.add("hot")));
    item.addEventListener("mouseleave", () => mine().forEach((p) => p.classList.remove("hot")));
  });
}

// Graph: hovering an actor shows only its links and neighbours.
function focusGraph() {
  const figure = document.querySelector("figure.graph");
  if (!figure) return;
  const edges = Array.from(figure.querySelectorAll(".edge"));
  const nodes = Array.from(figure.querySelectorAll(".node"));
  nodes.forEach((node) => {
    const name = node.dataset.name;
    node.addEventListener("mouseenter", () => {
      const near = new Set([name]);
      edges.forEach((e) => {
        const on = e.dataset.a === name || e.dataset.b === name;
        e.classList.toggle("on", on);
        if (on) { near.add(e.dataset.a); near.add(e.dataset.b); }
      });
      nodes.forEach((n) => n.classList.toggle("on", near.has(n.dataset.name)));
      figure.classList.add("focus");
    });
    node.addEventListener("mouseleave", () => figure.classList.remove("focus"));
  });
  figure.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", () => {
  linkQuotePieces();
  focusGraph();
  document.documentElement.dataset.js = "ready";
});
