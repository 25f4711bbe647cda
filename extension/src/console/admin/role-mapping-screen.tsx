import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Fieldset, Input } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import type { RoleMapping } from '../../../../shared/settings.js';
import { ApiError } from '../../api/api-error.js';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';
import { ErrorAlert } from '../../ui/error-alert.js';
import { FieldGrid, Heading, Muted, Row, Stack } from '../../ui/layout.js';
import { useAsync } from '../../use-async.js';
import { RoleMapEditor, RoleSelect } from './role-map-editor.js';
import { useUnsavedChanges } from './unsaved-changes.js';

const tr = scoped('nav_bar.role_mapping');

/** Server paths under roleMapping → the heading the admin sees them under. */
const SECTIONS: Array<[string, string]> = [
  ['roleMapping.zendesk.customRoles', 'custom_roles'],
  ['roleMapping.zendesk.admin', 'zendesk_admin'],
  ['roleMapping.zendesk.agent', 'zendesk_agent'],
  ['roleMapping.jira.groups', 'jira_groups'],
  ['roleMapping.jira.defaultRole', 'jira_default'],
  ['roleMapping.oidc.claim', 'oidc_claim'],
  ['roleMapping.oidc.values', 'oidc_values'],
];
const labelOfPath = (path: string) => {
  const found = SECTIONS.find(([p]) => path === p || path.startsWith(`${p}.`));
  return found ? `${tr(found[1])}${path.length > found[0].length ? ` ${path.slice(found[0].length + 1)}` : ''}` : path;
};

/**
 * Admins map host roles to Ticketed Access roles: Zendesk base and custom roles, Jira groups, and
 * the values of the console sign-in's claim. Saved into settings (audited like every settings change).
 */
export function RoleMappingScreen() {
  const api = useApi();
  const loaded = useAsync(() => api.settings(), [api]);
  const [saved, setSaved] = useState<RoleMapping | null>(null);
  const [draft, setDraft] = useState<RoleMapping | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    setSaved(loaded.data.roleMapping);
    setDraft(loaded.data.roleMapping);
  }, [loaded.data]);
  const dirty = Boolean(draft && saved && JSON.stringify(draft) !== JSON.stringify(saved));
  useUnsavedChanges(dirty);
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!draft) return null;
  const edit = (next: RoleMapping) => {
    setDone(false);
    setDraft(next);
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      // Read the other settings fresh, so this screen never puts back values someone else changed.
      const current = await api.settings();
      const next = await api.saveSettings({ ...current, roleMapping: draft! });
      setSaved(next.roleMapping);
      setDraft(next.roleMapping);
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }
  const issues = error instanceof ApiError && error.status === 400 ? error.issues : [];

  return (
    <form onSubmit={save} aria-label={tr('title')} data-testid="role-mapping-form">
      <Stack>
        <Heading as="h2">{tr('title')}</Heading>
        <Muted>{tr('intro')}</Muted>
        {issues.length > 0 && (
          <Alert type="error" role="alert">
            {issues.map((i) => (
              <Alert.Paragraph key={`${i.path}:${i.message}`}>
                {labelOfPath(i.path)}: {i.message}
              </Alert.Paragraph>
            ))}
          </Alert>
        )}
        <Fieldset>
          <Fieldset.Legend>{tr('zendesk')}</Fieldset.Legend>
          <Stack>
            <FieldGrid>
              {(['admin', 'agent'] as const).map((base) => (
                <RoleSelect
                  key={base}
                  label={tr(`zendesk_${base}`)}
                  name={`zendesk-${base}`}
                  value={draft.zendesk[base]}
                  allowNone
                  onChange={(role) => edit({ ...draft, zendesk: { ...draft.zendesk, [base]: role } })}
                />
              ))}
            </FieldGrid>
            <Heading as="h3">{tr('custom_roles')}</Heading>
            <RoleMapEditor
              id="zendesk-custom-roles"
              caption={tr('custom_roles')}
              keyLabel={tr('custom_role_id')}
              map={draft.zendesk.customRoles}
              allowNone
              validKey={(k) => /^\d+$/.test(k)}
              onChange={(customRoles) => edit({ ...draft, zendesk: { ...draft.zendesk, customRoles } })}
            />
          </Stack>
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{tr('jira')}</Fieldset.Legend>
          <Stack>
            <FieldGrid>
              <RoleSelect
                label={tr('jira_default')}
                name="jira-default"
                value={draft.jira.defaultRole}
                allowNone
                onChange={(defaultRole) => edit({ ...draft, jira: { ...draft.jira, defaultRole } })}
              />
            </FieldGrid>
            <Heading as="h3">{tr('jira_groups')}</Heading>
            <RoleMapEditor
              id="jira-groups"
              caption={tr('jira_groups')}
              keyLabel={tr('group')}
              map={draft.jira.groups}
              allowNone={false}
              validKey={(k) => k.length > 0}
              onChange={(groups) => edit({ ...draft, jira: { ...draft.jira, groups } })}
            />
          </Stack>
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{tr('oidc')}</Fieldset.Legend>
          <Stack>
            <FieldGrid>
              <Field>
                <Field.Label>{tr('oidc_claim')}</Field.Label>
                <Input
                  isCompact
                  name="oidc-claim"
                  value={draft.oidc.claim}
                  onChange={(e) => edit({ ...draft, oidc: { ...draft.oidc, claim: e.target.value } })}
                />
              </Field>
            </FieldGrid>
            <Heading as="h3">{tr('oidc_values')}</Heading>
            <Muted>{tr('oidc_hint')}</Muted>
            <RoleMapEditor
              id="oidc-values"
              caption={tr('oidc_values')}
              keyLabel={tr('value')}
              map={draft.oidc.values}
              allowNone
              validKey={(k) => k.length > 0}
              onChange={(values) => edit({ ...draft, oidc: { ...draft.oidc, values } })}
            />
          </Stack>
        </Fieldset>
        {!(error instanceof ApiError && error.status === 400) && <ErrorAlert error={error} />}
        {done && (
          <Alert type="success" role="status">
            <Alert.Paragraph>{tr('saved')}</Alert.Paragraph>
          </Alert>
        )}
        <Row>
          <Button type="submit" isPrimary>
            {tr('save')}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
