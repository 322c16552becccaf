import { fork } from 'node:child_process';
import path from 'node:path';
import { WEBHOOK_PATH } from '../../shared/constants';
import { siteEnv, type SiteStorage } from './site';

export interface PlaygroundProcess {
  pid: number;
  baseUrl: string;
  webhookUrl: string;
  /** Ends the process at once, as a crash or `kill -9` would. */
  kill(): Promise<void>;
  /** Stops Strapi the way a deploy does (SIGTERM) and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Runs the playground in a child process on `storage`, for tests that kill it. */
export async function startPlaygroundProcess(
  storage: SiteStorage,
  env: Record<string, string> = {}
): Promise<PlaygroundProcess> {
  const child = fork(path.join(__dirname, 'run-playground.js'), [], {
    env: { ...process.env, ...siteEnv(storage, env) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) =>
      reject(new Error(`the playground exited with code ${code} before listening`))
    );
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    pid: child.pid!,
    baseUrl,
    webhookUrl: `${baseUrl}/api${WEBHOOK_PATH}`,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

/**
 * Boots the playground in a child process that is expected to refuse to start; resolves with what
 * it printed on stderr once it exited. A playground that starts listening fails the call.
 */
export async function bootRefusal(
  storage: SiteStorage,
  env: Record<string, string>
): Promise<string> {
  const child = fork(path.join(__dirname, 'run-playground.js'), [], {
    env: { ...process.env, ...siteEnv(storage, env) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<string>((resolve, reject) => {
    child.once('message', () => {
      child.kill('SIGKILL');
      reject(new Error('the playground started, though it was expected to refuse'));
    });
    child.once('exit', (code) =>
      code === 0 ? reject(new Error('the playground exited without an error')) : resolve(stderr)
    );
  });
}
