import { roles, type Role } from '@skriptoteket/contracts';

export type Options = Record<string, string | undefined>;

/** A mistake in how the command was called: exit code 2 and the usage text. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  db:migrate                                   apply pending database migrations
  user:create --email E --role R [--name N] [--password P]
                                               create an account (a password is generated when omitted)
  user:set-role --email E --role R             change an account's role (${roles.join(', ')})
  user:set-password --email E [--password P]   set a new password; signs the user out everywhere
  worker [--concurrency N]                     run tool runs from the queue (needs DATABASE_URL)
  catalog:seed-demo [--count N]                add N published demo tools (development data; default 50)
  bank:seed                                    create and publish the script bank's tools that are missing
  tool:export <slug> [file]                    write a tool with all its versions and sample files as JSON
                                               (to stdout without a file; never overwrites a file)
  tool:import <file>                           recreate a tool from an export file (unpublished, for review)

With the embedded database, commands run through the server when one is running on the same data directory.
`;

export function requireOption(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

export function parseRole(value: string): Role {
  if (!(roles as readonly string[]).includes(value))
    throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  return value as Role;
}
