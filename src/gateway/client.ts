import type { AgentCredentials, GatewayHandle, PlanBinding } from './types.js';

/**
 * A gateway started by another process, reached through its admin API with its token. Closing the
 * handle withdraws the keys it issued (the gateway itself keeps running for its other clients).
 */
export function connectGateway(endpoint: string, adminToken: string): GatewayHandle {
  const base = endpoint.replace(/\/+$/, '');
  const issued = new Set<string>();
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}/_cirro/${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new Error(`the Cirro gateway at ${base} does not answer (${(error as Error).message}); start it with 'cirro gateway start', or unset CIRRO_GATEWAY`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        // Not JSON: keep the text as the message.
      }
      throw new Error(`the Cirro gateway at ${base} refused ${method} /_cirro/${path} (${response.status}): ${message}`);
    }
    return text ? JSON.parse(text) : undefined;
  };
  return {
    endpoint: base,
    issueCredentials: async (request) => {
      const credentials = (await call('POST', 'credentials', request)) as AgentCredentials;
      issued.add(credentials.accessKeyId);
      return credentials;
    },
    bindPlan: async (accessKeyId: string, binding: PlanBinding) => {
      const { id } = (await call('POST', 'bindings', { accessKeyId, binding: { ...binding, expiresAt: binding.expiresAt.toISOString() } })) as { id: string };
      return async () => {
        await call('DELETE', `bindings/${encodeURIComponent(id)}`).catch(() => undefined);
      };
    },
    close: async () => {
      await Promise.all([...issued].map((key) => call('DELETE', `credentials/${encodeURIComponent(key)}`).catch(() => undefined)));
      issued.clear();
    },
  };
}
