import { Field, Textarea } from '@zendeskgarden/react-forms';
import { checkReason, type ReasonVerdict } from '../../../shared/reason.js';
import { scoped } from '../i18n.js';

const ts = scoped('ticket_sidebar.request');

/** The same checker the server applies, run on every keystroke so the agent knows what to add. */
export function reasonFeedback(reason: string): { verdict: ReasonVerdict; validation: 'success' | 'warning' | 'error' | undefined; message: string } {
  const verdict = checkReason(reason);
  if (!reason.trim()) return { verdict, validation: undefined, message: '' };
  if (!verdict.ok) return { verdict, validation: 'error', message: verdict.message };
  if (verdict.vague) return { verdict, validation: 'warning', message: verdict.message };
  return { verdict, validation: 'success', message: ts('reason_ok') };
}

export function ReasonField({ value, onChange, serverError }: { value: string; onChange(v: string): void; serverError?: string | undefined }) {
  const { validation, message } = reasonFeedback(value);
  return (
    <Field>
      <Field.Label>{ts('reason')}</Field.Label>
      <Field.Hint>{ts('reason_hint')}</Field.Hint>
      <Textarea
        name="reason"
        minRows={3}
        maxRows={8}
        value={value}
        validation={serverError ? 'error' : validation}
        onChange={(e) => onChange(e.target.value)}
      />
      {(serverError || message) && (
        <Field.Message validation={serverError ? 'error' : validation} data-testid="reason-feedback">
          {serverError ?? message}
        </Field.Message>
      )}
    </Field>
  );
}
