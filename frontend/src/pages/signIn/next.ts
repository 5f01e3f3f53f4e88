/**
 * Where to go after signing in or registering: the `?next=` path when it is a page of this site
 * (a same-origin path, never another site, a scheme or a protocol-relative `//host`), else the map.
 */

const NOT_PAGES = /^\/(api|admin|static|media)(\/|$)/;
const AUTH_PAGES = /^\/(connexion|inscription)\/?$/;

export function safeNext(raw: string | null | undefined, origin: string): string {
  if (!raw) return "/";
  // Only a path: "/…", not "//host", "/\host" (browsers read both as another host), nor a URL.
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  // Control characters and backslashes are never in the application's own links.
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return "/";
  }
  const site = new URL(origin).origin;
  if (url.origin !== site) return "/";
  // After normalisation ("/..//host", "/%2e%2e//host" resolve to "//host"), the path must still
  // start with one "/" only, and the result, read again as a link, must still be this site.
  if (!/^\/(?![/\\])/.test(url.pathname)) return "/";
  if (NOT_PAGES.test(url.pathname) || AUTH_PAGES.test(url.pathname)) return "/";
  const next = `${url.pathname}${url.search}${url.hash}`;
  return new URL(next, site).origin === site ? next : "/";
}

/** A link to a page that keeps the `next` path (sign in ⇄ register). */
export function withNext(path: string, next: string): string {
  return next === "/" ? path : `${path}?next=${encodeURIComponent(next)}`;
}
