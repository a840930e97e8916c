import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, anthropicEvents, anthropicMessage, readAnthropicRequest } from './anthropic-wire.js';
import { openAiChunks, openAiCompletion, openAiError, readOpenAiRequest } from './openai-wire.js';
import type { ProviderScript, ReceivedRequest, ScriptedTurn } from './scripted-turn.js';
import { estimateTokens } from './scripted-turn.js';

/** How to start a mock provider server. */
export interface MockProviderOptions {
  /** The replies, in order or chosen per request. More turns can be queued later with `enqueue`. */
  readonly script?: ProviderScript;
  /** When set, requests must carry this key (Bearer token, `x-api-key` or Azure's `api-key`); others get 401. */
  readonly apiKey?: string;
}

/** A running mock provider: where it listens, what it received, and how to stop it. */
export interface MockProviderServer {
  /** `http://127.0.0.1:<port>` — append `/v1` for the OpenAI and Anthropic base URLs. */
  readonly url: string;
  /** Every request received, in order, whatever the answer was. */
  readonly requests: readonly ReceivedRequest[];
  /** Adds turns to the queue (only for queue scripts). */
  enqueue(...turns: ScriptedTurn[]): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server speaking two real model APIs — OpenAI Chat Completions (`POST …/chat/completions`,
 * including Azure's `/openai/deployments/<name>/chat/completions?api-version=…`) and Anthropic Messages
 * (`POST /v1/messages`) — that answers with scripted turns. The AI SDK's providers talk to it unchanged,
 * so tests and the benchmark exercise the real client code, and it records what Cirro sent.
 */
export async function startMockProviderServer(options: MockProviderOptions = {}): Promise<MockProviderServer> {
  const requests: ReceivedRequest[] = [];
  const queue: ScriptedTurn[] = Array.isArray(options.script) ? [...(options.script as readonly ScriptedTurn[])] : [];
  const chooser = typeof options.script === 'function' ? options.script : undefined;
  let counter = 0;
  const nextTurn = (request: ReceivedRequest): ScriptedTurn =>
    chooser?.(request) ?? queue.shift() ?? { errorStatus: 500, errorMessage: 'mock provider: the script has no turn left for this request' };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `mock provider failed: ${String(error)}` } }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const api = url.pathname.endsWith('/chat/completions') ? 'openai' : url.pathname.endsWith('/messages') ? 'anthropic' : undefined;
    const text = await readBody(request);
    if (request.method !== 'POST' || !api) {
      return send(response, 404, { error: { message: `mock provider: no route for ${request.method} ${url.pathname}` } });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(response, 400, errorBody(api, 400, 'request body is not JSON'));
    }
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
    const view = api === 'openai' ? readOpenAiRequest(body) : readAnthropicRequest(body);
    const received: ReceivedRequest = {
      api,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      model: String(body['model'] ?? (/\/deployments\/([^/]+)\//.exec(url.pathname)?.[1] ?? '')),
      ...view,
      stream: body['stream'] === true,
    };
    requests.push(received);

    const refusal = checkRequest(received, options.apiKey);
    if (refusal) return send(response, refusal.status, errorBody(api, refusal.status, refusal.message));
    const turn = nextTurn(received);
    if (turn.errorStatus !== undefined) {
      const extra = turn.retryAfterMs !== undefined ? { 'retry-after-ms': String(turn.retryAfterMs) } : undefined;
      return send(response, turn.errorStatus, errorBody(api, turn.errorStatus, turn.errorMessage ?? `scripted error ${turn.errorStatus}`), extra);
    }
    counter++;
    const id = `mock${counter}`;
    const usage = turn.usage ?? {
      inputTokens: estimateTokens(text),
      outputTokens: estimateTokens((turn.text ?? '') + JSON.stringify(turn.toolCalls ?? [])),
    };
    if (api === 'openai' && received.stream) {
      const includeUsage = (body['stream_options'] as { include_usage?: unknown } | undefined)?.include_usage === true;
      return sendEvents(response, openAiChunks(turn, received.model, id, usage, includeUsage).map((data) => ({ data })));
    }
    if (api === 'anthropic' && received.stream) return sendEvents(response, anthropicEvents(turn, received.model, id, usage));
    send(response, 200, api === 'openai' ? openAiCompletion(turn, received.model, id, usage) : anthropicMessage(turn, received.model, id, usage));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...turns) => {
      queue.push(...turns);
    },
    close: () => closeServer(server),
  };
}

/** The checks the real services make before a model sees the request: credentials and required parameters. */
function checkRequest(request: ReceivedRequest, apiKey: string | undefined): { status: number; message: string } | undefined {
  const azure = request.path.includes('/openai/deployments/');
  if (azure && !request.query['api-version']) return { status: 404, message: 'Resource not found: the api-version query parameter is required' };
  if (apiKey !== undefined) {
    const presented =
      request.api === 'anthropic' ? request.headers['x-api-key']
      : azure ? request.headers['api-key']
      : request.headers['authorization']?.replace(/^Bearer /, '');
    if (presented !== apiKey) return { status: 401, message: presented ? 'Incorrect API key provided' : 'No API key provided' };
  }
  if (request.api === 'anthropic') {
    if (!request.headers['anthropic-version']) return { status: 400, message: 'anthropic-version: header is required' };
    if (typeof request.body['max_tokens'] !== 'number') return { status: 400, message: 'max_tokens: Field required' };
  }
  if (!request.model) return { status: 400, message: 'you must provide a model parameter' };
  return undefined;
}

function errorBody(api: 'openai' | 'anthropic', status: number, message: string): Record<string, unknown> {
  return api === 'openai' ? openAiError(status, message) : anthropicError(status, message);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sendEvents(response: ServerResponse, events: readonly { event?: string; data: string }[]): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const { event, data } of events) response.write(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`);
  response.end();
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
