/** A user's settings. Turning people recognition off deletes their faces and people (the repository). */
import type { Logger, SettingsRepository, UserSettings } from '../ports.ts';

export interface SettingsDeps {
  settings: SettingsRepository;
  logger: Logger;
}

export function getSettings(deps: SettingsDeps, userId: string): Promise<UserSettings> {
  return deps.settings.get(userId);
}

export async function updateSettings(
  deps: SettingsDeps,
  userId: string,
  changes: Partial<UserSettings>,
): Promise<UserSettings> {
  const settings = await deps.settings.update(userId, changes);
  deps.logger.info('settings changed', { userId, ...changes });
  return settings;
}
