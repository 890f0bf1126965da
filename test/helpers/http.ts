// A real HTTP round trip against the app: listen on an ephemeral port, sign in,
// call endpoints with the session cookie.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payloads are asserted field by field
  headers: Headers;
}

export interface TestClient {
  url: string;
  get(path: string): Promise<Reply>;
  /** A file download: status, headers and the raw bytes. */
  getBytes(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }>;
  post(path: string, body: unknown): Promise<Reply>;
  login(username: string, password: string): Promise<Reply>;
  close(): Promise<void>;
}

export async function listen(app: express.Express): Promise<TestClient> {
  const server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let cookie: string | undefined;
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(url + path, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    url,
    get: (path) => call('GET', path),
    async getBytes(path) {
      const res = await fetch(url + path, { headers: cookie ? { cookie } : {} });
      return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
    },
    post: (path, body) => call('POST', path, body),
    async login(username, password) {
      const reply = await call('POST', '/api/auth/login', { username, password });
      const set = reply.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0];
      return reply;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
