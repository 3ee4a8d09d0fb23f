import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import type { Database } from '../db/client';
import { silentLogger } from '../shared/ports';
import { PgListener } from './pg-listener';

describe.each(testEngines().filter((engine) => engine === 'postgres'))(
  'LISTEN connection on %s',
  (engine) => {
    let database: Database;
    beforeAll(async () => {
      database = await openTestDatabase(engine);
    });
    afterAll(async () => {
      await database.close();
    });

    it('keeps receiving notifications after the server drops its connection', async () => {
      const received: string[] = [];
      const listener = new PgListener(
        database.pool!,
        ['skt_test_channel'],
        (_channel, payload) => received.push(payload ?? ''),
        silentLogger,
      );
      await listener.start();
      const notify = (text: string) =>
        database.pool!.query('select pg_notify($1, $2)', ['skt_test_channel', text]);
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      };

      await notify('före');
      await until(() => received.includes('före'));
      await database.pool!.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'",
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await notify('efter');
      await until(() => received.includes('efter'));
      listener.stop();
      expect(received).toEqual(['före', 'efter']);
    });
  },
);
