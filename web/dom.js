// Small DOM helpers: every text goes in through textContent or attributes, never as HTML.

/** h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child…) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
export const uid = (prefix) => `${prefix}-${++ids}`;

/** A labelled form control with a slot for its field error (aria-describedby). */
export function field(labelText, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  const error = h('p', { class: 'field-error', id: id + '-error', hidden: true });
  const described = [error.id];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: id + '-hint', text: hint });
    described.push(hintEl.id);
  }
  control.setAttribute('aria-describedby', described.join(' '));
  return h('div', { class: 'field' + (control.type === 'checkbox' ? ' check' : '') },
    h('label', { for: id, text: labelText }), control, hintEl, error);
}

export function input(name, value, attrs = {}) {
  return h('input', { name, value: value ?? '', type: 'text', ...attrs });
}

export function textarea(name, value, attrs = {}) {
  const el = h('textarea', { name, rows: 3, ...attrs });
  el.value = value ?? '';
  return el;
}

/** options: [[value, label], …] */
export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs },
    options.map(([v, label]) => h('option', { value: v, selected: v === value, text: label })));
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}
