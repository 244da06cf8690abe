// <k8s-playground lesson="rolling-update">: a custom element for docs pages, built as its own
// small script (vite.element.config.ts → k8s-playground.js, no React). It frames embed.html at its
// own size and speaks docs/embed.md's postMessage protocol for the page: methods in, DOM events out.

import type { ImageDefinition } from '../../../workers/kubelet/custom-images.ts';
import type { Scenario } from '../scenarios/format.ts';
import { Outbox, URL_ATTRIBUTES, widgetMessage, widgetUrl } from './element-core.ts';

/** Read while the script runs: later, document.currentScript is another script or null. */
const SCRIPT_URL =
  document.currentScript instanceof HTMLScriptElement && document.currentScript.src !== ''
    ? document.currentScript.src
    : document.baseURI;

const STYLE = `
:host { display: block; height: 460px; }
:host([hidden]) { display: none; }
iframe { display: block; width: 100%; height: 100%; border: 0; }
`;

export class K8sPlaygroundElement extends HTMLElement {
  static readonly observedAttributes = [...URL_ATTRIBUTES, 'label'];

  #frame: HTMLIFrameElement | null = null;
  #widgetOrigin = '';
  #reloading = false;
  readonly #outbox = new Outbox((message) => {
    this.#frame?.contentWindow?.postMessage(message, this.#widgetOrigin);
  });

  readonly #onMessage = (event: MessageEvent<unknown>): void => {
    const message = widgetMessage(event, this.#frame?.contentWindow, this.#widgetOrigin);
    if (!message) return;
    if (message.type === 'ready') this.#outbox.open();
    this.dispatchEvent(new CustomEvent(message.type, { detail: message }));
  };

  constructor() {
    super();
    const style = document.createElement('style');
    style.textContent = STYLE;
    this.attachShadow({ mode: 'open' }).append(style);
  }

  connectedCallback(): void {
    window.addEventListener('message', this.#onMessage);
    this.#frame = document.createElement('iframe');
    this.#label();
    this.shadowRoot?.append(this.#frame);
    this.#load();
  }

  /** Removing the element stops its cluster: the frame goes with it. */
  disconnectedCallback(): void {
    window.removeEventListener('message', this.#onMessage);
    this.#frame?.remove();
    this.#frame = null;
    this.#outbox.close();
  }

  attributeChangedCallback(name: string): void {
    if (!this.#frame) return;
    if (name === 'label') {
      this.#label();
      return;
    }
    // Setting several attributes in a row loads the widget once.
    if (this.#reloading) return;
    this.#reloading = true;
    queueMicrotask(() => {
      this.#reloading = false;
      this.#load();
    });
  }

  /** Runs the remaining steps one after another. */
  play(): void {
    this.#outbox.post({ type: 'play' });
  }

  pause(): void {
    this.#outbox.post({ type: 'pause' });
  }

  step(): void {
    this.#outbox.post({ type: 'step' });
  }

  restart(): void {
    this.#outbox.post({ type: 'restart' });
  }

  /** A scenario object (version 1 of the share-link format); the widget checks it. */
  load(scenario: Scenario): void {
    this.#outbox.post({ type: 'load', scenario });
  }

  /** Image definitions (data); they apply from the next load() or restart(). */
  registerImages(images: ImageDefinition[]): void {
    this.#outbox.post({ type: 'registerImages', images });
  }

  #label(): void {
    if (this.#frame) this.#frame.title = this.getAttribute('label') ?? 'Kubernetes playground';
  }

  #load(): void {
    if (!this.#frame) return;
    const url = widgetUrl((name) => this.getAttribute(name), {
      script: SCRIPT_URL,
      page: document.baseURI,
      origin: window.location.origin,
    });
    this.#widgetOrigin = url.origin;
    this.#outbox.close();
    this.#frame.src = url.href;
  }
}

if (!customElements.get('k8s-playground'))
  customElements.define('k8s-playground', K8sPlaygroundElement);

declare global {
  interface HTMLElementTagNameMap {
    'k8s-playground': K8sPlaygroundElement;
  }
}
