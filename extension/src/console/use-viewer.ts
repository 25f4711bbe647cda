import { isApprover } from '../../../shared/grant-rules.js';
import type { User } from '../../../shared/identity.js';
import type { Settings } from '../../../shared/settings.js';
import { useApi } from '../api/api-provider.js';
import { useAsync } from '../use-async.js';
import type { Viewer } from './routes.js';

export interface ConsoleViewer extends Viewer {
  user: User;
  settings: Settings;
}

/** Who is signed in and what the settings make of them (approver, rota), read once per page. */
export function useViewer() {
  const api = useApi();
  return useAsync(async (): Promise<ConsoleViewer> => {
    const [user, settings] = await Promise.all([api.me(), api.settings()]);
    if (!user) throw new Error('The server did not say who you are; sign in again');
    return { id: user.id, role: user.role, approver: isApprover(settings, user.id), user, settings };
  }, [api]);
}
