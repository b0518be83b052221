import { describe, expect, it } from 'vitest';
import { hashPassword, oneTimePassword, verifyPassword } from '../../services/responder/auth/password-hash.ts';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing with scrypt', () => {
  it('a hash carries its parameters and salt, and verifies only the right password', async () => {
    const hash = await hashPassword('县政府-2026', FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('县政府-2026', hash)).toBe(true);
    expect(await verifyPassword('县政府-2027', hash)).toBe(false);
  });

  it('the same password hashes differently each time (a fresh salt)', async () => {
    expect(await hashPassword('same', FAST)).not.toBe(await hashPassword('same', FAST));
  });

  it('the default parameters are the slow production ones', async () => {
    const hash = await hashPassword('x');
    expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('x', hash)).toBe(true);
  });

  it('a malformed or absurdly expensive stored hash never verifies', async () => {
    const good = await hashPassword('pw', FAST);
    for (const bad of ['', 'plain', good.replace('scrypt', 'bcrypt'), good.replace('$1024$', '$1000$'), good.replace('$1024$', `$${2 ** 24}$`), good.slice(0, -4)]) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });

  it('one-time passwords are 16 unambiguous characters and do not repeat', () => {
    const many = Array.from({ length: 200 }, oneTimePassword);
    expect(many.every((p) => /^[A-HJ-NP-Za-km-z2-9]{16}$/.test(p))).toBe(true);
    expect(new Set(many).size).toBe(200);
  });
});
