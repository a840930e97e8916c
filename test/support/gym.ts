import { Gym, type GymOptions } from '../../src/gym/gym.js';

/** A gym on a free loopback port, in memory unless a state directory is given; stop it in `after`. */
export async function startTestGym(options: GymOptions = {}): Promise<Gym> {
  return Gym.start({ port: 0, host: '127.0.0.1', ...options });
}

/** Credentials and region for clients pointed at a gym (the gym accepts any credentials). */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDGYMTEST', secretAccessKey: 'gym-test-secret' } as const;
export const TEST_REGION = 'us-east-1';

/** Calls the gym's admin API and returns the parsed JSON. */
export async function admin(gym: Gym, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gym.endpoint}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
