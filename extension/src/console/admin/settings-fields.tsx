import type { ReactNode } from 'react';
import { Field } from '@zendeskgarden/react-forms';

/** A field's error messages, each starting with the field's label. */
export function FieldMessages({ label, messages }: { label: string; messages: string[] }) {
  return (
    <>
      {messages.map((m) => (
        <Field.Message key={m} validation="error">
          {label}: {m}
        </Field.Message>
      ))}
    </>
  );
}

/** A Garden field whose messages repeat its label, so "must be at least 30 days" says which field. */
export function LabelledField(props: {
  id: string;
  label: string;
  hint?: string;
  messages: string[];
  children: (invalid: boolean) => ReactNode;
}) {
  return (
    <Field>
      <Field.Label htmlFor={props.id}>{props.label}</Field.Label>
      {props.children(props.messages.length > 0)}
      {/* Below the control, so fields with and without a hint line up in the grid. */}
      {props.hint && <Field.Hint>{props.hint}</Field.Hint>}
      <FieldMessages label={props.label} messages={props.messages} />
    </Field>
  );
}
