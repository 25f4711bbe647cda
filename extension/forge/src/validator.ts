import { callWithin, type Backend } from './backend.js';

/** Forge's validator payload, as far as we use it. */
export interface ValidatorEvent {
  issue: { id?: string; key: string };
  transition?: { to?: { id?: string; name?: string } };
}

export interface ValidatorResult {
  result: boolean;
  errorMessage?: string;
}

interface CloseCheck {
  canClose: boolean;
  message: string;
  openGrants: Array<{ id: string; status: string }>;
}

/** Forge gives validators little time; decide well inside it. */
export const VALIDATOR_TIMEOUT_MS = 3_000;

/**
 * `jira:workflowValidator` for transitions to a done/closed status: refuses while the issue has an
 * open grant (naming it and how to end it) and fails closed when the backend cannot answer.
 *
 * @example export const validate = createValidator(forgeBackend);
 */
export function createValidator(backend: Backend, timeoutMs = VALIDATOR_TIMEOUT_MS) {
  return async (event: ValidatorEvent): Promise<ValidatorResult> => {
    try {
      const res = await callWithin(
        backend,
        { method: 'GET', path: `/v1/tickets/${encodeURIComponent(event.issue.key)}/close-check` },
        timeoutMs,
      );
      if (res.status !== 200) {
        return {
          result: false,
          errorMessage: `Ticketed Access refused the check (HTTP ${res.status}); the issue stays open until data access can be confirmed closed.`,
        };
      }
      const check = res.body as CloseCheck;
      if (check.canClose) return { result: true };
      return {
        result: false,
        errorMessage: `${check.message} End access in the Ticketed Access panel, then try again.`,
      };
    } catch {
      return {
        result: false,
        errorMessage:
          'Ticketed Access did not answer in time, so open production-data access could not be ruled out. Try again in a moment; if it persists, ask an admin.',
      };
    }
  };
}
