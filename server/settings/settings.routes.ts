import { createRoute } from '@hono/zod-openapi';
import { zSettingsSchema, zSettingsUpdateSchema } from '../../shared/settings.js';
import type { Deps } from '../app-env.js';
import { createRouter, errorResponses, jsonBody, jsonResponse } from '../openapi.js';
import { getSettings, updateSettings } from './settings.service.js';

export function settingsRoutes(deps: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: "The tenant's access rules",
        tags: ['settings'],
        responses: { 200: jsonResponse(zSettingsSchema, 'Current settings'), ...errorResponses },
      }),
      async (c) => c.json(await getSettings(deps, c.var.actor), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/',
        summary: 'Replace the settings (admin); audited with old and new values',
        tags: ['settings'],
        request: jsonBody(zSettingsUpdateSchema),
        responses: { 200: jsonResponse(zSettingsSchema, 'Saved settings'), ...errorResponses },
      }),
      async (c) => c.json(await updateSettings(deps, c.var.actor, c.req.valid('json')), 200),
    );
}
