/**
 * A user's settings. Turning people recognition off deletes their faces and people (the repository);
 * turning it on asks the worker to read the photos already in the library (read-people.ts).
 */
import type { JobQueue, Logger, SettingsRepository, UserSettings } from '../ports.ts';

export interface SettingsDeps {
  settings: SettingsRepository;
  logger: Logger;
}

export interface UpdateSettingsDeps extends SettingsDeps {
  queue: JobQueue;
}

export function getSettings(deps: SettingsDeps, userId: string): Promise<UserSettings> {
  return deps.settings.get(userId);
}

export async function updateSettings(
  deps: UpdateSettingsDeps,
  userId: string,
  changes: Partial<UserSettings>,
): Promise<UserSettings> {
  const before = await deps.settings.get(userId);
  const settings = await deps.settings.update(userId, changes);
  deps.logger.info('settings changed', { userId, ...changes });
  // Sent after the switch is saved: the worker reads only while it is on, and reading twice is harmless.
  if (settings.peopleRecognition && !before.peopleRecognition) await deps.queue.enqueueReadPeople(userId);
  return settings;
}
