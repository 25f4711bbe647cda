/**
 * The extension rules, once: how many minutes an active grant may still gain, and whether an
 * extension applies at once or waits for an approver. Used by the server (the rule) and the
 * sidebar (what the Extend form offers and says before it is sent).
 */
// No zod here: the sidebar bundles this module (see grant-rules.ts).
import type { Settings } from './settings.js';

type ExtensionSettings = Pick<Settings, 'maxDurationMinutes' | 'selfExtendMaxMinutes'>;

/** What an extension would do: refused (over the total), applied at once, or sent to an approver. */
export type ExtensionPlan =
  | { kind: 'too_long'; problem: string; room: number }
  | { kind: 'self' }
  | { kind: 'approval' };

/**
 * Minutes a grant may still gain: the admin's maximum total less what it already runs for.
 *
 * @example extensionRoom({ maxDurationMinutes: 240, selfExtendMaxMinutes: 0 }, 30) // 210
 */
export const extensionRoom = (settings: ExtensionSettings, totalMinutes: number): number =>
  Math.max(0, settings.maxDurationMinutes - totalMinutes);

/**
 * How an extension of `minutes` on a grant that runs `totalMinutes` now would go. Within the
 * admin's `selfExtendMaxMinutes` (0 = never) it applies at once; otherwise an approver decides.
 *
 * @example planExtension({ maxDurationMinutes: 60, selfExtendMaxMinutes: 15 }, 30, 10) // { kind: 'self' }
 * planExtension({ maxDurationMinutes: 60, selfExtendMaxMinutes: 15 }, 30, 45).kind // 'too_long'
 */
export function planExtension(settings: ExtensionSettings, totalMinutes: number, minutes: number): ExtensionPlan {
  const room = extensionRoom(settings, totalMinutes);
  if (minutes > room) {
    const problem =
      room === 0
        ? `the grant already runs for the maximum of ${settings.maxDurationMinutes} minutes set by your admin`
        : `${minutes} more minutes would take the grant to ${totalMinutes + minutes} minutes, above the maximum ` +
          `of ${settings.maxDurationMinutes} set by your admin; at most ${room} more`;
    return { kind: 'too_long', problem, room };
  }
  return minutes <= settings.selfExtendMaxMinutes ? { kind: 'self' } : { kind: 'approval' };
}

/** Minutes the agent is offered in the Extend form: steps that fit in the room left. */
export const EXTENSION_STEPS = [5, 10, 15, 30, 60] as const;

/**
 * The steps of `EXTENSION_STEPS` that still fit, plus the room itself when smaller than them all.
 *
 * @example extensionChoices({ maxDurationMinutes: 60, selfExtendMaxMinutes: 0 }, 48) // [5, 10, 12]
 */
export function extensionChoices(settings: ExtensionSettings, totalMinutes: number): number[] {
  const room = extensionRoom(settings, totalMinutes);
  const fit: number[] = EXTENSION_STEPS.filter((m) => m <= room);
  const largest = EXTENSION_STEPS[EXTENSION_STEPS.length - 1] as number;
  if (room > 0 && !fit.includes(room) && room < largest) fit.push(room);
  return fit;
}
