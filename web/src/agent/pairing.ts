// Where the tab's pairing with the local agent comes from: the link the agent prints (its fragment
// holds the socket's address and the token, agent/protocol.ts), taken out of the address bar as
// soon as it is read so that a shared link never carries it; or what the user pastes into the
// Connect dialog. The tab keeps it for its own reloads (sessionStorage), never longer.

import { PAIRING_KEYS, parsePairingFragment, type Pairing } from '../../../agent/protocol.ts';

const STORAGE_KEY = 'k8s-playground.agent-pairing';

/** The pairing in the URL's fragment, which is removed from the address bar (other keys stay). */
export function takePairingFromUrl(): Pairing | null {
  const pairing = parsePairingFragment(window.location.hash);
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (!params.has(PAIRING_KEYS.agent) && !params.has(PAIRING_KEYS.token)) return pairing;
  params.delete(PAIRING_KEYS.agent);
  params.delete(PAIRING_KEYS.token);
  const rest = params.toString();
  const url = `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`;
  window.history.replaceState(window.history.state, '', url);
  return pairing;
}

/**
 * What the user pasted: the link the agent printed, its fragment, or the socket's address with
 * the token given apart. Null when it names no `ws://` address and token.
 */
export function parsePastedPairing(link: string, token: string): Pairing | null {
  const text = link.trim();
  const hash = text.includes('#') ? text.slice(text.indexOf('#')) : text;
  const fromLink = parsePairingFragment(hash);
  if (fromLink) return token.trim() ? { ...fromLink, token: token.trim() } : fromLink;
  if (!/^wss?:\/\/\S+$/.test(text) || !token.trim()) return null;
  return { url: text, token: token.trim() };
}

export function savePairing(pairing: Pairing): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(pairing));
  } catch {
    // Not kept: a reload asks for the link again.
  }
}

export function savedPairing(): Pairing | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { url, token } = value as Partial<Pairing>;
    return typeof url === 'string' && typeof token === 'string' ? { url, token } : null;
  } catch {
    return null;
  }
}
