import type { Db, Executor } from './client';

/** Runs a function inside one database transaction, handing it repositories bound to that transaction. */
export class DrizzleUnitOfWork<Repos> {
  constructor(
    private readonly db: Db,
    private readonly bind: (executor: Executor) => Repos,
  ) {}

  run<T>(fn: (repos: Repos) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(this.bind(tx as unknown as Executor)));
  }
}
