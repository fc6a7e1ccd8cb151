import { createServer, type Server } from 'node:net';

const listen = (port: number) =>
  new Promise<Server | undefined>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

/**
 * Distinct TCP ports on 127.0.0.1 that were free a moment ago: each `preferred` one if it still is, else any.
 * All are held open until every one is chosen, so two calls cannot hand out the same port.
 */
export async function freePorts(preferred: readonly (number | undefined)[]): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (const want of preferred) {
      const server = (want !== undefined ? await listen(want) : undefined) ?? (await listen(0));
      if (!server) throw new Error('no free TCP port on 127.0.0.1');
      servers.push(server);
    }
    return servers.map((s) => {
      const address = s.address();
      return typeof address === 'object' && address ? address.port : 0;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
