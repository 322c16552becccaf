import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type Redis from 'ioredis';

/**
 * Takes a warm worker process out of a measurement and puts it back, without a restart that would
 * cost it its compiled code: `freeze` stops it (SIGSTOP) and waits until none of its Redis
 * connections can still take a job. A Bull worker waiting for jobs has sent blocking `BRPOPLPUSH`
 * commands (one per free slot, each ending after Bull's `drainDelay` of 5 s) that Redis would
 * still carry out for a stopped process, moving a job to its active list where nobody works on it.
 * Each is ended at once with `CLIENT UNBLOCK`, which answers it as its timeout would.
 * A measuring aid only.
 */
export async function freeze(pid: number, redis: Redis): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  try {
    await endBlockingCommands(pid, redis);
  } catch (error) {
    // A process left stopped would never handle the SIGTERM that ends it.
    thaw(pid);
    throw error;
  }
}

export function thaw(pid: number): void {
  process.kill(pid, 'SIGCONT');
}

/** Waits until no Redis connection of the process is blocked or has a command left. */
async function endBlockingCommands(pid: number, redis: Redis): Promise<void> {
  const ports = localPortsConnectedTo(pid, redis.options.port ?? 6379);
  if (ports.size === 0) throw new Error(`process ${pid} has no connection to Redis`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const busy = (await clientsOf(redis, ports)).filter(
      (client) => client.flags.includes('b') || client.qbuf !== '0'
    );
    if (busy.length === 0) return;
    if (Date.now() > deadline) throw new Error(`process ${pid} still blocks in Redis after 60 s`);
    for (const client of busy)
      if (client.flags.includes('b')) await redis.client('UNBLOCK', client.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Redis's view of the connections from these local ports (`CLIENT LIST`). */
async function clientsOf(redis: Redis, ports: Set<number>) {
  const lines = ((await redis.client('LIST')) as string).split('\n').filter(Boolean);
  return lines
    .map((line) => {
      const field = (name: string) => new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1] ?? '';
      return {
        id: field('id'),
        port: Number(field('addr').split(':').pop()),
        flags: field('flags'),
        qbuf: field('qbuf'),
      };
    })
    .filter((client) => ports.has(client.port));
}

/** The local ports of the process's TCP connections to a port (IPv4 and IPv6), from /proc. */
function localPortsConnectedTo(pid: number, remotePort: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]);
    } catch {
      // Closed meanwhile.
    }
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const port = (address: string) => parseInt(address.split(':').pop()!, 16);
      if (fields.length > 9 && inodes.has(fields[9]) && port(fields[2]) === remotePort)
        ports.add(port(fields[1]));
    }
  }
  return ports;
}
