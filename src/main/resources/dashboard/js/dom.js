// The one way this UI builds DOM: elements with properties, text only ever through text nodes
// (textContent), never innerHTML, so whatever an agent wrote shows as the characters it wrote.

/**
 * h('a', {href: '/beads', class: 'x', onclick: fn}, 'text', child, [more]) → an element.
 * Props: `class`, `text`, `on<event>` handlers, `dataset` (object), boolean and string attributes.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else if (name === 'href' && !/^(\/|\?|#)/.test(String(value))) throw new Error('links stay on this origin');
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The loading, error and empty states every page shows the same way. */
export const state = {
  loading: (what) => h('p', {class: 'state loading'}, `Loading ${what}…`),
  error: (err, retry) => h('div', {class: 'state error', role: 'alert'},
    h('strong', null, 'Could not load: '), errorText(err),
    retry ? h('button', {type: 'button', onclick: retry}, 'Retry') : null),
  empty: (...what) => h('div', {class: 'state empty'}, ...what),
};

export function errorText(err) {
  return err && err.message ? err.message : String(err);
}

/** A small code span, for commands the empty states suggest. */
export const code = (text) => h('code', null, text);

/** A `<table>` from column titles and rows of cells. */
export function table(columns, rows, rowProps) {
  return h('table', null,
    h('thead', null, h('tr', null, columns.map((c) => h('th', null, c)))),
    h('tbody', null, rows.map((cells, i) => h('tr', rowProps ? rowProps(i) : null,
      cells.map((c) => h('td', null, c))))));
}
