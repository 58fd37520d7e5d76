/**
 * Turning people recognition on reads the faces of the photos uploaded before (the worker, from a
 * `read-people` message the settings route sends): each readable photo's model rendition through the
 * face reader, its faces assigned to the owner's people, and the photo marked read — so a message
 * delivered twice, or handed back half done, reads each photo once. It stops as soon as the owner
 * turns recognition off again.
 */
import type {
  Clock,
  FaceReader,
  FoundFace,
  Logger,
  PeopleRepository,
  PhotoStorage,
  SettingsRepository,
} from '../ports.ts';

export interface ReadPeopleDeps {
  settings: SettingsRepository;
  people: PeopleRepository;
  storage: PhotoStorage;
  faces: FaceReader;
  clock: Clock;
  logger: Logger;
}

/** Photos read per round; the owner's setting is checked again between rounds. */
const ROUND = 25;

/**
 * 'done': every readable photo has been read (or recognition is off). 'more': `deadline` came first;
 * hand the message back and the next delivery goes on where this one stopped.
 */
export async function readPeopleOfLibrary(
  deps: ReadPeopleDeps,
  ownerId: string,
  deadline: Date,
): Promise<'done' | 'more'> {
  let read = 0;
  for (;;) {
    if (!(await deps.settings.get(ownerId)).peopleRecognition) return 'done';
    const photos = await deps.people.photosWithFacesUnread(ownerId, ROUND);
    if (photos.length === 0) {
      deps.logger.info('people read for the library', { ownerId, photos: read });
      return 'done';
    }
    for (const photo of photos) {
      const image = await deps.storage.get(photo.modelKey);
      let faces: FoundFace[] = [];
      if (image !== null) {
        try {
          faces = await deps.faces.read(image);
        } catch (error) {
          // As at ingest: a failing reader costs the photo its people, never the library's.
          deps.logger.error('faces could not be read; the photo is kept without its people', {
            imageId: photo.imageId,
            error: String(error),
          });
        }
      }
      if ((await deps.people.recordFaces(ownerId, photo.imageId, faces)) === 'off') return 'done';
      read += 1;
    }
    if (deps.clock.now().getTime() >= deadline.getTime()) {
      deps.logger.info('people partly read for the library; the rest on the next delivery', {
        ownerId,
        photos: read,
      });
      return 'more';
    }
  }
}
