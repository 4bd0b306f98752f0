/**
 * A small local server for the contact page: serves `web/` with the production security headers
 * (`lib/omnichannel/page-headers.ts`) and routes `/api/*` to the real contact-options handler, as
 * CloudFront does in production (same origin, no CORS): it drops any origin secret, viewer address
 * or viewer IP header the browser sent and adds its own (the origin secret, `CloudFront-Viewer-Address`
 * from the connection's address and port, `x-viewer-ip`), as the distribution's origin custom header,
 * CloudFront itself and the viewer-request function do.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import {
  PAGE_SECURITY_HEADERS,
  WAF_LOADER_FILE,
  wafIntegrationLoader,
} from '../../../lib/omnichannel/page-headers';
import type { ApiRequest, ApiResponse } from '../../../lambda/contact-options/index';
import { ORIGIN_HEADER, TEST_ORIGIN_SECRET } from './api-env';

/** Headers only CloudFront may set on an API origin request. */
const CLOUDFRONT_SET = new Set([ORIGIN_HEADER, 'cloudfront-viewer-address', 'x-viewer-ip']);

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** A running page server. */
export interface DevServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startDevServer(
  api: (request: ApiRequest) => Promise<ApiResponse>,
  webDir: string = path.join(__dirname, '..', '..', '..', 'web'),
  originSecret: string = TEST_ORIGIN_SECRET,
): Promise<DevServer> {
  const root = path.resolve(webDir);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        if (url.pathname.startsWith('/api/')) {
          const query: Record<string, string> = {};
          url.searchParams.forEach((value, key) => {
            query[key] = value;
          });
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(request.headers)) {
            if (typeof value === 'string' && !CLOUDFRONT_SET.has(key.toLowerCase())) headers[key] = value;
          }
          const ip = request.socket.remoteAddress ?? '127.0.0.1';
          headers[ORIGIN_HEADER] = originSecret;
          headers['cloudfront-viewer-address'] = `${ip}:${request.socket.remotePort ?? 0}`;
          headers['x-viewer-ip'] = ip;
          const result = await api({
            resource: url.pathname,
            path: url.pathname,
            httpMethod: request.method ?? 'GET',
            headers,
            queryStringParameters: Object.keys(query).length > 0 ? query : null,
            body: chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : null,
            isBase64Encoded: false,
            requestContext: { identity: { sourceIp: request.socket.remoteAddress ?? '127.0.0.1' } },
          });
          response.writeHead(result.statusCode, { ...PAGE_SECURITY_HEADERS, ...result.headers });
          response.end(result.body);
          return;
        }
        if (url.pathname === `/${WAF_LOADER_FILE}`) {
          // Written by the deployment per stage (not in web/): the same loader, without bot control.
          response.writeHead(200, { ...PAGE_SECURITY_HEADERS, 'content-type': 'text/javascript' });
          response.end(wafIntegrationLoader());
          return;
        }
        const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
        const file = path.resolve(root, relative);
        if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
          response.writeHead(404, { ...PAGE_SECURITY_HEADERS, 'content-type': 'text/plain' });
          response.end('not found');
          return;
        }
        response.writeHead(200, {
          ...PAGE_SECURITY_HEADERS,
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
        });
        response.end(fs.readFileSync(file));
      })().catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
