import http from 'node:http';

export interface Listening {
  port: number;
  /** Stops listening and ends the connections still open. */
  close(): Promise<void>;
}

/** Serves `app` on every interface at `port` (0: a free port). */
export async function listen(app: http.RequestListener, port: number): Promise<Listening> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
