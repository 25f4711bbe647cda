import { useState, type KeyboardEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input } from '@zendeskgarden/react-forms';
import { Tag } from '@zendeskgarden/react-tags';
import { styled } from 'styled-components';
import { Row } from '../../ui/layout.js';

const Chips = styled(Row)`
  min-height: ${(p) => p.theme.space.lg};
`;

const AddInput = styled(Input)`
  max-width: 160px;
`;

interface ChipListProps<T extends string | number> {
  id: string;
  values: T[];
  /** Turns what was typed into a value; null leaves the input as it is (nothing added). */
  parse(text: string): T | null;
  onChange(values: T[]): void;
  addLabel: string;
  inputLabel: string;
  removeLabel(value: T): string;
  inputType?: 'text' | 'number';
  invalid?: boolean;
  describedBy?: string;
}

/**
 * A list edited as Garden tags: each value a removable chip, plus an input to add one (Enter or
 * the button). Values stay in the order added; a value already present is not added twice.
 */
export function ChipList<T extends string | number>(props: ChipListProps<T>) {
  const [text, setText] = useState('');
  const add = () => {
    const value = props.parse(text);
    if (value === null) return;
    if (!props.values.includes(value)) props.onChange([...props.values, value]);
    setText('');
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    add();
  };
  return (
    <div>
      <Chips role="list" id={props.id} aria-describedby={props.describedBy} data-testid={`${props.id}-chips`}>
        {props.values.map((value) => (
          <Tag key={String(value)} role="listitem" size="large" hue={props.invalid ? 'dangerHue' : undefined}>
            <span>{value}</span>
            <Tag.Close
              aria-label={props.removeLabel(value)}
              onClick={() => props.onChange(props.values.filter((v) => v !== value))}
            />
          </Tag>
        ))}
      </Chips>
      <Row>
        <Field>
          <Field.Label hidden>{props.inputLabel}</Field.Label>
          <AddInput
            isCompact
            name={`${props.id}-add`}
            type={props.inputType ?? 'text'}
            value={text}
            placeholder={props.inputLabel}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
          />
        </Field>
        <Button size="small" onClick={add} disabled={props.parse(text) === null}>
          {props.addLabel}
        </Button>
      </Row>
    </div>
  );
}
