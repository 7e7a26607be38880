import { randomBytes, randomInt } from 'node:crypto';
import { Algorithm, hash, parseOptions, verify, type Options } from '@node-rs/argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~30 ms a hash here, cheap for us, dear for a cracker. */
const argon2Options: Options = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * `standard` everywhere a password protects anything. `test-only` is argon2id's minimum cost (8 KiB, one
 * pass), for test sites whose throwaway passwords are hashed hundreds of times a run; only the test suite's
 * startTestSite asks for it, through ServiceOptions.
 */
export type PasswordCost = 'standard' | 'test-only';

const optionsByCost: Record<PasswordCost, Options> = {
  standard: argon2Options,
  'test-only': { algorithm: Algorithm.Argon2id, memoryCost: 8, timeCost: 1, parallelism: 1 },
};

/** One-time passwords: no look-alike characters (0/O, 1/l/I), four groups of four. */
const ONE_TIME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Hashes and verifies passwords with argon2id. `verifyOrDummy` spends the same time whether or not
 * an account exists, so response timing does not tell an attacker which emails have accounts.
 */
export class PasswordHasher {
  private constructor(
    private readonly dummyHash: string,
    private readonly options: Options,
  ) {}

  /** Made once at boot: the dummy hash costs one hashing. */
  static async create(cost: PasswordCost = 'standard'): Promise<PasswordHasher> {
    const options = optionsByCost[cost];
    return new PasswordHasher(await hash(randomBytes(32), options), options);
  }

  /** @example await hasher.hash('correct horse battery') // '$argon2id$v=19$m=19456,t=2,p=1$…' */
  async hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      // A malformed stored hash is a failed sign-in, never a crash.
      return false;
    }
  }

  /** Verifies against the stored hash, or against a dummy when there is none; false in the second case. */
  async verifyOrDummy(storedHash: string | undefined, password: string): Promise<boolean> {
    const isValid = await this.verify(storedHash ?? this.dummyHash, password);
    return storedHash !== undefined && isValid;
  }

  /** True when the hash was made with other parameters than today's: rehash it at the next sign-in. */
  needsRehash(storedHash: string): boolean {
    try {
      const used = parseOptions(storedHash);
      return (
        used.algorithm !== Algorithm.Argon2id ||
        used.memoryCost !== this.options.memoryCost ||
        used.timeCost !== this.options.timeCost ||
        used.parallelism !== this.options.parallelism
      );
    } catch {
      return true;
    }
  }
}

/** A random password to hand over once, e.g. `k7pq-3xmt-9hrd-a2fw` (~78 bits). Its holder must change it at first sign-in. */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
