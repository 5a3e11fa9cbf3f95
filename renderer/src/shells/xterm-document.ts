/**
 * xterm 6 under the app's CSP (`style-src 'self'`, no 'unsafe-inline').
 *
 * xterm's stylesheet is a file (xterm.css, bundled by Vite), but its DOM renderer also writes CSS at
 * run time: the theme, cell metrics and scrollbar colours go into three `<style>` elements it
 * creates, and 24-bit colours, selection and decoration (search match) backgrounds into
 * `setAttribute('style', …)` on cell spans. Chromium refuses both under this policy — even an empty
 * `<style>` element is reported. What the policy does not govern is CSSOM: constructed stylesheets
 * adopted by the document, and `element.style`. Markup parsed from HTML gets no such route, so the
 * policy keeps its point: injected markup cannot style the page.
 *
 * - `<style>`: xterm's `documentOverride` option gets a document whose `createElement('style')`
 *   returns an inert element that carries its text into a constructed stylesheet while connected.
 *   xterm 6.0.0 gives one part, its viewport (scrollbar colours), the real document whatever the
 *   option says: CoreBrowserTerminal.open passes `this._document ?? (typeof window !== 'undefined')
 *   ? window.document : null`, which by operator precedence is always `window.document`. The viewport
 *   is created inside `open()`, synchronously, so `openCspSafe` lends the real document the same
 *   `createElement` for exactly that call.
 * - Cell spans: DomRenderer builds its row factory with the global `document` (not the override),
 *   on every render, so no scoped document reaches them; `setAttribute('style', …)` on a span is
 *   routed through `style.cssText` instead — the same declarations, applied through CSSOM.
 */

const STYLE_ELEMENT = 'winrm-desk-xterm-style';

class AdoptedStyle extends HTMLElement {
  readonly #sheet = new CSSStyleSheet();
  #css = '';

  override get textContent(): string {
    return this.#css;
  }

  override set textContent(css: string | null) {
    this.#css = css ?? '';
    this.#sheet.replaceSync(this.#css);
  }

  connectedCallback(): void {
    const doc = this.ownerDocument;
    if (!doc.adoptedStyleSheets.includes(this.#sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, this.#sheet];
  }

  disconnectedCallback(): void {
    const doc = this.ownerDocument;
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((sheet) => sheet !== this.#sheet);
  }
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  customElements.define(STYLE_ELEMENT, AdoptedStyle);
  const setAttribute = Element.prototype.setAttribute;
  Object.defineProperty(HTMLSpanElement.prototype, 'setAttribute', {
    configurable: true,
    writable: true,
    value(this: HTMLSpanElement, name: string, value: string): void {
      if (name.toLowerCase() === 'style') this.style.cssText = value;
      else setAttribute.call(this, name, value);
    },
  });
}

function safeCreateElement(doc: Document): (tagName: string, options?: ElementCreationOptions) => HTMLElement {
  const create = Document.prototype.createElement.bind(doc) as (tagName: string, options?: ElementCreationOptions) => HTMLElement;
  return (tagName, options) => create(tagName.toLowerCase() === 'style' ? STYLE_ELEMENT : tagName, options);
}

/** Runs xterm's `open()` with the real document creating CSP-safe style elements (see above). */
export function openCspSafe(doc: Document, open: () => void): void {
  install();
  Object.defineProperty(doc, 'createElement', { value: safeCreateElement(doc), configurable: true, writable: true });
  try {
    open();
  } finally {
    delete (doc as { createElement?: unknown }).createElement;
  }
}

/** The document for xterm's `documentOverride`: the real one, but for CSP-safe style elements. */
export function cspSafeDocument(doc: Document): Document {
  install();
  const createElement = safeCreateElement(doc);
  const bound = new Map<PropertyKey, unknown>();
  // Methods are bound to the real document (a DOM method called on a Proxy throws "Illegal invocation").
  return new Proxy(doc, {
    get(target, property) {
      if (property === 'createElement') return createElement;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!bound.has(property)) bound.set(property, (value as (...args: unknown[]) => unknown).bind(target));
      return bound.get(property);
    },
    set: (target, property, value) => Reflect.set(target, property, value, target),
  });
}
