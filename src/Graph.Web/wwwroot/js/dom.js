// DOM helpers. Every string from the API reaches the page as text (textContent, attribute values), never as
// HTML: names and complaint texts may contain "<script>".

/**
 * Creates an element. `props` sets properties (className, href, type, value…), `dataset`, `attrs` (attributes,
 * e.g. aria-*), `on` (event listeners). Children are nodes or strings; strings become text nodes.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { dataset, attrs, on, ...rest } = props ?? {};
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined && value !== null) node[key] = value;
  }
  if (dataset) Object.assign(node.dataset, dataset);
  if (attrs) for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  if (on) for (const [type, handler] of Object.entries(on)) node.addEventListener(type, handler);
  append(node, children);
  return node;
}

/** Appends nodes and strings (as text) to a parent, skipping null/undefined/false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** An SVG element (for legend glyphs); attribute values only, never markup. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children) node.append(child);
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);
