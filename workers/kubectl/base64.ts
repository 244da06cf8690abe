// Base64 of UTF-8 text, as Secret data carries it, without Node's Buffer.

export function encodeBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
