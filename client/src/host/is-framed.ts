/** True inside an iframe: Missive's sidebar, the playground's, or anyone else's. */
export function isFramed(): boolean {
  return window.parent !== window;
}
