import { buildConsole } from '../../scripts/build-console.ts';

/** vitest globalSetup of the browser project: the console bundle, rebuilt only when a source changed. */
export default async function setup(): Promise<void> {
  await buildConsole();
}
