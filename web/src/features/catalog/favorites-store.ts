import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { catalogApi } from './catalog-api';

export interface FavoriteTarget {
  id: string;
  title: string;
  isFavorite: boolean;
}

/**
 * The star on every tool: changed at once (optimistic), saved in the background, rolled back with an error
 * when saving fails. Keeps what the user chose so every list on the page shows the same star.
 */
export const useFavoritesStore = defineStore('favorites', () => {
  /** Choices made on this page load, by tool id; they win over what a list was fetched with. */
  const chosen = reactive(new Map<string, boolean>());
  /** A number per tool that grows with each press, so a late failure does not undo a newer press. */
  const presses = new Map<string, number>();
  /** Saves per tool run one after another, so the server ends in the state of the last press. */
  const queues = new Map<string, Promise<unknown>>();

  function isFavorite(tool: Pick<FavoriteTarget, 'id' | 'isFavorite'>): boolean {
    return chosen.get(tool.id) ?? tool.isFavorite;
  }

  /** Sets the star; resolves false (after rolling back) when the server refused or could not be reached. */
  async function setFavorite(tool: FavoriteTarget, value: boolean): Promise<boolean> {
    const before = isFavorite(tool);
    const press = (presses.get(tool.id) ?? 0) + 1;
    presses.set(tool.id, press);
    chosen.set(tool.id, value);

    const save = () => (value ? catalogApi.addFavorite(tool.id) : catalogApi.removeFavorite(tool.id));
    const queued = (queues.get(tool.id) ?? Promise.resolve()).catch(() => undefined).then(save);
    queues.set(tool.id, queued);
    try {
      await queued;
      return true;
    } catch {
      if (presses.get(tool.id) === press) chosen.set(tool.id, before);
      return false;
    } finally {
      if (queues.get(tool.id) === queued) queues.delete(tool.id);
    }
  }

  function toggle(tool: FavoriteTarget): Promise<boolean> {
    return setFavorite(tool, !isFavorite(tool));
  }

  return { isFavorite, setFavorite, toggle };
});
