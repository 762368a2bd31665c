import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** A local news site on 127.0.0.1 for the tests: routes by path; every request is recorded. */
export class LocalSite {
  readonly requests: Array<{ path: string; userAgent: string | undefined }> = [];
  private constructor(
    private readonly server: Server,
    readonly base: string,
    private readonly routes: Map<string, Route>,
  ) {}

  static async start(): Promise<LocalSite> {
    const routes = new Map<string, Route>();
    let site: LocalSite | undefined;
    const server = createServer((request, response) => {
      site?.requests.push({ path: request.url ?? '', userAgent: request.headers['user-agent'] });
      const route = routes.get((request.url ?? '').split('?')[0]!);
      if (route) return route(request, response);
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    site = new LocalSite(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, routes);
    return site;
  }

  route(path: string, route: Route): string {
    this.routes.set(path, route);
    return `${this.base}${path}`;
  }

  page(path: string, body: string, contentType = 'text/html; charset=utf-8'): string {
    return this.route(path, (_request, response) => response.writeHead(200, { 'content-type': contentType }).end(body));
  }

  redirect(path: string, location: string, status = 302): string {
    return this.route(path, (_request, response) => response.writeHead(status, { location }).end());
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
