const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Elements inside `root` that Tab reaches, in document order. */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[inert]'));
}

/**
 * Where focus goes when a dialog opens: an element marked `data-autofocus`, else the first form field,
 * else the first control that is not the close button, else the dialog itself.
 */
export function initialFocusTarget(root: HTMLElement): HTMLElement {
  const marked = root.querySelector<HTMLElement>('[data-autofocus]');
  if (marked) return marked;
  const items = focusableIn(root);
  const field = items.find((el) => ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));
  return field ?? items.find((el) => !el.hasAttribute('data-dialog-close')) ?? root;
}
