import { afterEach, describe, expect, it } from 'vitest';
import { apiError, createAuthServer, teacher } from '../../test/fake-server';
import { resetApp, setupApp } from '../../test/setup-app';
import { useFavoritesStore } from './favorites-store';

afterEach(resetApp);

const tool = { id: 'tool-1', title: 'Gruppgenerator', isFavorite: false };
const noContent = () => new Response(null, { status: 204 });

/** A handler that answers when the test says so. */
function gate() {
  let open: (response: Response) => void = () => undefined;
  const response = new Promise<Response>((resolve) => (open = resolve));
  return { handler: () => response, open: (r: Response) => open(r) };
}

describe('favorites store', () => {
  it('stars at once, before the server answers, and keeps the star when saving works', async () => {
    const server = createAuthServer(teacher);
    const put = gate();
    server.on('PUT /me/favorites/tool-1', put.handler);
    setupApp({ server });
    const favorites = useFavoritesStore();

    const saving = favorites.toggle(tool);
    expect(favorites.isFavorite(tool)).toBe(true);

    put.open(noContent());
    await expect(saving).resolves.toBe(true);
    expect(favorites.isFavorite(tool)).toBe(true);
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('rolls back to the earlier state when the server refuses', async () => {
    const server = createAuthServer(teacher);
    server.on('DELETE /me/favorites/tool-1', () => apiError(503, 'UNAVAILABLE', 'Down'));
    setupApp({ server });
    const favorites = useFavoritesStore();
    const starred = { ...tool, isFavorite: true };

    const saving = favorites.toggle(starred);
    expect(favorites.isFavorite(starred)).toBe(false);

    await expect(saving).resolves.toBe(false);
    expect(favorites.isFavorite(starred)).toBe(true);
  });

  it('does not let a late failure undo a newer press, and saves the presses in order', async () => {
    const server = createAuthServer(teacher);
    const firstPut = gate();
    let puts = 0;
    server.on('PUT /me/favorites/tool-1', () => (++puts === 1 ? firstPut.handler() : noContent()));
    server.on('DELETE /me/favorites/tool-1', noContent);
    setupApp({ server });
    const favorites = useFavoritesStore();

    const presses = [favorites.toggle(tool), favorites.toggle(tool), favorites.toggle(tool)];
    expect(favorites.isFavorite(tool)).toBe(true);
    // Later saves wait for the first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);

    firstPut.open(apiError(500, 'INTERNAL', 'Oops'));
    expect(await Promise.all(presses)).toEqual([false, true, true]);
    expect(favorites.isFavorite(tool)).toBe(true);
    expect(server.requests.map((r) => r.method).filter((m) => m !== 'GET')).toEqual(['PUT', 'DELETE', 'PUT']);
  });
});
