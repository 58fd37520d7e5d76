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
  const settings = await deps.settings.update(userId, changes);
  deps.logger.info('settings changed', { userId, ...changes });
  // Sent after the switch is saved, every time it is set on (not only off → on): if this send fails
  // the request fails and the client's retry sends it again. The worker reads only photos never read,
  // so a second message finds little or nothing to do.
  if (changes.peopleRecognition === true) await deps.queue.enqueueReadPeople(userId);
  return settings;
}
