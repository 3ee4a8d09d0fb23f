import { computed, useId } from 'vue';

/**
 * Ids for a labelled control and its help and error texts, and the aria-describedby that ties them together
 * (error first, so screen readers say what is wrong before the hint).
 */
export function useFieldIds(props: { help?: string; error?: string }) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = computed(
    () => [props.error ? errorId : null, props.help ? helpId : null].filter(Boolean).join(' ') || undefined,
  );
  return { id, helpId, errorId, describedBy };
}
