/**
 * How Forge functions reach the Ticketed Access backend. In Forge this is `invokeRemote`, which
 * attaches the Forge Invocation Token the server verifies; tests pass a caller that signs its own.
 */
export interface BackendRequest {
  path: string;
  method: 'GET' | 'POST' | 'PUT';
  body?: unknown;
}

export interface BackendResponse {
  status: number;
  body: unknown;
}

export type Backend = (request: BackendRequest) => Promise<BackendResponse>;

export class BackendTimeout extends Error {
  override name = 'BackendTimeout';
}

/** Races a backend call against a deadline, so a hung backend never hangs Jira. */
export async function callWithin(backend: Backend, request: BackendRequest, ms: number): Promise<BackendResponse> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      backend(request),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BackendTimeout(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
