// Forge entry points (see manifest.yml): the panel's resolver, the workflow validator and the issue trigger.
import api, { invokeRemote, route } from '@forge/api';
import Resolver from '@forge/resolver';
import type { Backend } from './backend.js';
import { createResolverHandlers } from './resolver-handlers.js';
import { createIssueTrigger } from './trigger.js';
import { createValidator } from './validator.js';

/** Calls the backend through Forge Remote, which attaches the Forge Invocation Token (and the app system token). */
const forgeBackend: Backend = async ({ path, method, body }) => {
  const res = await invokeRemote('ticketed-access-backend', {
    path,
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
};

/** The outcome note as a comment (internal in Jira Service Management), posted as the user. */
async function postComment(issueKey: string, text: string): Promise<{ status: number }> {
  const res = await api.asUser().requestJira(route`/rest/api/3/issue/${issueKey}/comment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      body: {
        type: 'doc',
        version: 1,
        content: text
          .split('\n')
          .map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })),
      },
      properties: [{ key: 'sd.public.comment', value: { internal: true } }],
    }),
  });
  return { status: res.status };
}

const handlers = createResolverHandlers(forgeBackend, postComment);
const resolver = new Resolver();
resolver.define('api', ({ payload }) => handlers.api(payload as Parameters<typeof handlers.api>[0]));
resolver.define('postComment', ({ payload }) =>
  handlers.postComment(payload as Parameters<typeof handlers.postComment>[0]),
);

export const handler = resolver.getDefinitions();
export { handler as resolver };
export const validate = createValidator(forgeBackend);
export const onIssueUpdated = createIssueTrigger(forgeBackend);
