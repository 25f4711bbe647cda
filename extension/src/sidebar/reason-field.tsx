import { useEffect, useState } from 'react';
import { Field, Textarea } from '@zendeskgarden/react-forms';
import { checkReason, type ReasonContext, type ReasonVerdict } from '../../../shared/reason.js';
import { scoped } from '../i18n.js';

const ts = scoped('ticket_sidebar.request');

/** How long the agent pauses before the checker speaks: never on the first keystroke. */
export const REASON_PAUSE_MS = 800;

/** The same checker the server applies, with the request's context (customer, systems, ticket). */
export function reasonFeedback(
  reason: string,
  context: ReasonContext = {},
): { verdict: ReasonVerdict; validation: 'success' | 'warning' | 'error' | undefined; message: string } {
  const verdict = checkReason(reason, context);
  if (!reason.trim()) return { verdict, validation: undefined, message: '' };
  if (!verdict.ok) return { verdict, validation: 'error', message: verdict.message };
  if (verdict.vague) return { verdict, validation: 'warning', message: verdict.message };
  return { verdict, validation: 'success', message: ts('reason_ok') };
}

/** After leaving the field: long enough for a click on the button below to finish before the message moves it. */
export const REASON_BLUR_MS = 250;

/** True once the value has not changed for `ms`, or shortly after `settle()` (the field was left). */
function useSettled(value: string, ms: number): [boolean, () => void] {
  const [settledValue, setSettledValue] = useState(value);
  const [left, setLeft] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setSettledValue(value), left ? Math.min(ms, REASON_BLUR_MS) : ms);
    return () => clearTimeout(timer);
  }, [value, ms, left]);
  return [settledValue === value, () => setLeft((n) => n + 1)];
}

export function ReasonField({
  value,
  onChange,
  context,
  serverError,
}: {
  value: string;
  onChange(v: string): void;
  context: ReasonContext;
  serverError?: string | undefined;
}) {
  const [settled, settle] = useSettled(value, REASON_PAUSE_MS);
  const { validation, message } = reasonFeedback(value, context);
  const shown = serverError ?? (settled ? message : '');
  const shownValidation = serverError ? 'error' : settled ? validation : undefined;
  return (
    <Field>
      <Field.Label>{ts('reason')}</Field.Label>
      <Field.Hint>{ts('reason_hint')}</Field.Hint>
      <Textarea
        name="reason"
        minRows={3}
        maxRows={8}
        value={value}
        validation={shownValidation}
        onChange={(e) => onChange(e.target.value)}
        onBlur={settle}
      />
      {shown && (
        <Field.Message validation={shownValidation} data-testid="reason-feedback" aria-live="polite">
          {shown}
        </Field.Message>
      )}
    </Field>
  );
}
