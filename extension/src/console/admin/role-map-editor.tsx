import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input, Select } from '@zendeskgarden/react-forms';
import { Body, Cell, Head, HeaderCell, HeaderRow, Row as TableRow, Table } from '@zendeskgarden/react-tables';
import { styled } from 'styled-components';
import { ROLES, type Role } from '../../../../shared/roles.js';
import { scoped } from '../../i18n.js';
import { Muted, Row } from '../../ui/layout.js';

const tr = scoped('nav_bar.role_mapping');

const MapBox = styled.div`
  max-width: 760px;
`;
const NONE = '';

/** A role picker; with `allowNone`, "No access" (null) is a choice too. */
export function RoleSelect(props: {
  label: string;
  hideLabel?: boolean;
  name: string;
  value: Role | null;
  allowNone: boolean;
  onChange(role: Role | null): void;
}) {
  return (
    <Field>
      <Field.Label hidden={props.hideLabel}>{props.label}</Field.Label>
      <Select
        isCompact
        name={props.name}
        value={props.value ?? NONE}
        onChange={(e) => props.onChange(e.target.value === NONE ? null : (e.target.value as Role))}
      >
        {props.allowNone && <option value={NONE}>{tr('no_access')}</option>}
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {tr(`roles.${r}`)}
          </option>
        ))}
      </Select>
    </Field>
  );
}

interface RoleMapEditorProps<V extends Role | null> {
  id: string;
  caption: string;
  keyLabel: string;
  map: Record<string, V>;
  allowNone: V extends null ? true : boolean;
  /** Whether a typed key may be added (e.g. Zendesk custom role ids are digits). */
  validKey(key: string): boolean;
  onChange(map: Record<string, V>): void;
}

/** Edits one host value → role map as a Garden table: change a role, remove a row, add one. */
export function RoleMapEditor<V extends Role | null>(props: RoleMapEditorProps<V>) {
  const [key, setKey] = useState('');
  const [role, setRole] = useState<Role | null>('agent');
  const entries = Object.entries(props.map);
  const canAdd = props.validKey(key.trim()) && !(key.trim() in props.map);
  const add = () => {
    if (!canAdd) return;
    props.onChange({ ...props.map, [key.trim()]: role as V });
    setKey('');
  };
  return (
    <MapBox data-testid={props.id}>
      {entries.length === 0 ? (
        <Muted>{tr('empty')}</Muted>
      ) : (
        <Table size="small" aria-label={props.caption}>
          <Head>
            <HeaderRow>
              <HeaderCell>{props.keyLabel}</HeaderCell>
              <HeaderCell>{tr('role')}</HeaderCell>
              <HeaderCell hidden>{tr('remove', { name: '' })}</HeaderCell>
            </HeaderRow>
          </Head>
          <Body>
            {entries.map(([k, v]) => (
              <TableRow key={k}>
                <Cell>{k}</Cell>
                <Cell>
                  <RoleSelect
                    label={`${props.keyLabel} ${k}: ${tr('role')}`}
                    hideLabel
                    name={`${props.id}-${k}`}
                    value={v}
                    allowNone={props.allowNone}
                    onChange={(r) => props.onChange({ ...props.map, [k]: r as V })}
                  />
                </Cell>
                <Cell>
                  <Button
                    size="small"
                    isDanger
                    onClick={() => props.onChange(Object.fromEntries(entries.filter(([x]) => x !== k)))}
                  >
                    {tr('remove', { name: k })}
                  </Button>
                </Cell>
              </TableRow>
            ))}
          </Body>
        </Table>
      )}
      <Row>
        <Field>
          <Field.Label>{props.keyLabel}</Field.Label>
          <Input
            isCompact
            name={`${props.id}-new-key`}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
        </Field>
        <RoleSelect
          label={tr('role')}
          name={`${props.id}-new-role`}
          value={role}
          allowNone={props.allowNone}
          onChange={setRole}
        />
        <Button size="small" onClick={add} disabled={!canAdd}>
          {tr('add')}
        </Button>
      </Row>
    </MapBox>
  );
}
