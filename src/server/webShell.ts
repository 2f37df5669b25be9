// The local web shell: the API contract over HTTP on 127.0.0.1, guarded by a per-run token, plus the built renderer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { dispatchApiCall, type ApiErrorCode, type ApiEvent, type ApiHandlers } from '../shared/api';

export const TOKEN_COOKIE = 'ecg_studio_token';

/** No inline script or style, nothing from elsewhere: the page talks only to this server. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Largest request body (a base64 upload of a long Holter record fits). */
export const MAX_BODY_BYTES = 768 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_argument: 400,
  unauthorized: 401,
  not_found: 404,
  bad_file: 422,
  not_available: 501,
  internal: 500,
};

export interface WebShellOptions {
  handlers: ApiHandlers;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Folder of the built renderer (index.html, app.js, app.css). */
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token for tests; otherwise 32 random bytes. */
  token?: string;
}

export interface WebShell {
  url: string;
  /** URL with the token, the one to open first. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function send(res: ServerResponse, status: number, body: string | Uint8Array, type = 'text/plain; charset=utf-8'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameToken(given: string | undefined | null, token: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const b = Buffer.from(given, 'utf8');
  return b.length === token.length && timingSafeEqual(b, token);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the web shell on 127.0.0.1; resolves once it listens. */
export function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token, 'utf8');
  const staticRoot = resolve(options.staticDir);
  const sseClients = new Set<ServerResponse>();
  let port = options.port;

  const unsubscribe = options.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const serveStatic = (res: ServerResponse, pathname: string) => {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    const target = resolve(staticRoot, rel);
    if (!target.startsWith(staticRoot + sep)) return send(res, 404, 'not found');
    let bytes: Buffer;
    try {
      if (!statSync(target).isFile()) return send(res, 404, 'not found');
      bytes = readFileSync(target);
    } catch {
      return send(res, 404, 'not found');
    }
    send(res, 200, bytes, MIME[extname(target)] ?? 'application/octet-stream');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    // A page on another site that resolves to 127.0.0.1 (DNS rebinding) carries a foreign Host.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'misdirected request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const authorised = sameToken(cookieValue(req.headers.cookie, TOKEN_COOKIE), tokenBytes) || sameToken(bearer, tokenBytes);
    if (!authorised) {
      const queryToken = url.searchParams.get('token');
      if (req.method === 'GET' && sameToken(queryToken, tokenBytes)) {
        // First load: keep the token in a strict same-site cookie and drop it from the address bar.
        res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
        url.searchParams.delete('token');
        res.statusCode = 303;
        res.setHeader('Location', `${url.pathname}${url.search}`);
        return res.end();
      }
      return send(res, 401, 'unauthorized: open the address with ?token=… that `ecg-studio serve` printed');
    }

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, 'method not allowed');
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        sseClients.delete(res);
      });
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'method not allowed');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, 'expected application/json');
      let body: unknown;
      try {
        const raw = await readBody(req);
        body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
      } catch (err) {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_argument', message: err instanceof Error ? err.message : 'bad body' } });
      }
      const response = await dispatchApiCall(options.handlers, url.pathname.slice('/api/'.length), body);
      return sendJson(res, response.ok ? 200 : HTTP_STATUS[response.error.code], response);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    return serveStatic(res, url.pathname);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, err instanceof Error ? err.message : 'internal error');
      else res.end();
    });
  });

  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address();
      port = typeof address === 'object' && address !== null ? address.port : options.port;
      const url = `http://127.0.0.1:${port}/`;
      resolveStart({
        url,
        openUrl: `${url}?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const client of sseClients) client.end();
            sseClients.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Folder of the built renderer: dist/renderer under the package root. */
export function rendererDir(fromDir: string = __dirname): string {
  let dir = fromDir;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'ecg-studio') return join(dir, 'dist', 'renderer');
    } catch {
      // not the package root; go up
    }
    dir = resolve(dir, '..');
  }
  return resolve(fromDir, '..', '..', 'dist', 'renderer');
}
