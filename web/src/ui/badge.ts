/** The colour families of a badge; the text always carries the meaning too. */
export type BadgeTone = 'neutral' | 'accent' | 'info' | 'success' | 'warning' | 'danger' | 'special';
