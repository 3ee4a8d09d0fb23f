import type { DOMWrapper, VueWrapper } from '@vue/test-utils';

/** The button whose visible text (hidden parts included) is exactly `name`. */
export function button(wrapper: VueWrapper, name: string): DOMWrapper<HTMLButtonElement> {
  const found = wrapper
    .findAll<HTMLButtonElement>('button')
    .find((b) => (b.element.textContent ?? '').replace(/\s+/g, ' ').trim() === name);
  if (!found) throw new Error(`No button named ${name}`);
  return found;
}

export function hasButton(wrapper: VueWrapper, name: string): boolean {
  return wrapper
    .findAll('button')
    .some((b) => (b.element.textContent ?? '').replace(/\s+/g, ' ').trim() === name);
}

/** The input, textarea or select labelled `label`. */
export function field<T extends HTMLElement = HTMLInputElement>(
  wrapper: VueWrapper,
  label: string,
): DOMWrapper<T> {
  const labelEl = wrapper.findAll('label').find((l) => l.text() === label);
  if (!labelEl) throw new Error(`No field labelled ${label}`);
  return wrapper.find<T>(`#${CSS.escape(labelEl.attributes('for') ?? '')}`);
}

/** The text of everything a control's aria-describedby points at (help and error). */
export function describedText(element: Element): string {
  const ids = element.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

/** A close approximation of a control's accessible name: aria-label, else its text without aria-hidden parts. */
export function accessibleName(element: Element): string {
  const label = element.getAttribute('aria-label');
  if (label) return label;
  const clone = element.cloneNode(true) as Element;
  clone.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
  return (clone.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The button whose accessible name (see accessibleName) is exactly `name`. */
export function buttonByName(
  wrapper: VueWrapper | DOMWrapper<Element>,
  name: string,
): DOMWrapper<HTMLButtonElement> {
  const found = wrapper.findAll<HTMLButtonElement>('button').find((b) => accessibleName(b.element) === name);
  if (!found) throw new Error(`No button named ${name}`);
  return found;
}
