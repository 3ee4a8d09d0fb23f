import { useI18n } from 'vue-i18n';

/**
 * Something to tell the user, kept as an i18n key (so it follows a language switch) or, for text that
 * arrives from the server, as-is.
 */
export type Message = { key: string; count?: number; params?: Record<string, string> } | { text: string };

export function useMessageText() {
  const { t } = useI18n();
  return (message: Message): string => {
    if ('text' in message) return message.text;
    const params = {
      ...message.params,
      ...(message.count === undefined ? {} : { n: String(message.count) }),
    };
    return message.count === undefined ? t(message.key, params) : t(message.key, params, message.count);
  };
}
