import type { Locale, Role } from '@skriptoteket/contracts';

/** Who is asking: the signed-in user a use case acts for, and the language they read. */
export interface Actor {
  id: string;
  role: Role;
  /** The user's language (Swedish when unknown): messages a use case returns are written in it. */
  locale?: Locale;
}
