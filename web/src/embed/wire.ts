// The embed protocol's name and version, alone in a module with no imports, so that the
// <k8s-playground> element (element.ts, a standalone script of a few KB) shares them with the
// widget without pulling in the scenario and image readers.

export const EMBED_PROTOCOL = 'k8s-playground-embed';
export const EMBED_VERSION = 1;
