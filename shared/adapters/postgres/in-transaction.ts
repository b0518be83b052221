import type pg from 'pg';

/**
 * Runs `fn` in one transaction on a pooled connection: COMMIT when it resolves, ROLLBACK
 * when it throws (the error is rethrown as is). A connection whose ROLLBACK fails is in an
 * unknown state, so it is destroyed rather than returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
