/** organizePhotos: one planner call, its answer repaired; offline when it fails; one album as the last resort. */
import { ServiceUnavailableError } from '../../lambdas/core/errors.ts';
import type { PlannerPhoto } from '../../lambdas/core/ports.ts';
import { organizePhotos } from '../../lambdas/core/use-cases/organize-photos.ts';
import { RecordingLogger, ScriptedPlanner, sequentialIds } from '../fakes/in-memory-ports.ts';

const photo = (ref: string, takenAt: string | null): { id: string; plannerPhoto: PlannerPhoto } => ({
  id: `id-${ref}`,
  plannerPhoto: {
    ref,
    image: { bytes: new Uint8Array([1]), mimeType: 'image/jpeg' },
    takenAt: takenAt === null ? null : new Date(takenAt),
    place: null,
    camera: null,
  },
});

function setup() {
  const planner = new ScriptedPlanner();
  const offline = new ScriptedPlanner();
  offline.answer = (sent) => ({
    organizer: 'offline',
    raw: { albums: [{ title: 'Offline', description: 'By day', photoIds: sent.map((p) => p.ref) }] },
  });
  const deps = { planner, offlinePlanner: offline, ids: sequentialIds(), logger: new RecordingLogger() };
  return { deps, planner, offline };
}

const batch = [photo('p1', '2026-05-02T10:00:00Z'), photo('p2', '2026-05-03T10:00:00Z')];

describe('organizePhotos', () => {
  it("stores the planner's albums with the photos' own ids, cover first, in the answer's order", async () => {
    const { deps, offline } = setup();
    const { albums, result } = await organizePhotos(deps, batch);
    expect(albums).toEqual([
      {
        id: expect.any(String),
        title: 'Everything',
        themeDescription: 'All of it',
        coverImageId: 'id-p1',
        imageIds: ['id-p1', 'id-p2'],
      },
    ]);
    expect(result).toMatchObject({ organizer: 'gemini', albumCount: 1, placedCount: 2, model: 'fake-model' });
    expect(offline.calls).toHaveLength(0);
  });

  it('organizes offline when the planner fails for good, and says why', async () => {
    const { deps, planner } = setup();
    planner.failWith('HTTP 503 after 4 attempts');
    const { albums, result } = await organizePhotos(deps, batch);
    expect(albums.map((album) => album.title)).toEqual(['Offline']);
    expect(result).toMatchObject({ organizer: 'offline', fallbackReason: 'HTTP 503 after 4 attempts' });
  });

  it('puts everything in one plainly named album only when the offline organizer fails too', async () => {
    const { deps, planner, offline } = setup();
    planner.failWith('down');
    offline.failWith('broken');
    const { albums, result } = await organizePhotos(deps, batch);
    expect(albums).toEqual([
      expect.objectContaining({
        title: 'Photos from 2 May 2026 to 3 May 2026',
        imageIds: ['id-p1', 'id-p2'],
      }),
    ]);
    expect(result).toMatchObject({ organizer: 'fallback', albumCount: 1, fallbackReason: 'down' });
  });

  it('lets a fault that is not the planner failing through (the job is retried, not organized wrongly)', async () => {
    const { deps, planner } = setup();
    planner.answer = () => {
      throw new ServiceUnavailableError('the database is down');
    };
    await expect(organizePhotos(deps, batch)).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  describe('what each photo is about', () => {
    it("keeps the model's caption and tags, and gives a photo it did not describe the offline description", async () => {
      const { deps, planner } = setup();
      planner.answer = (sent) => ({
        organizer: 'gemini',
        raw: {
          albums: [{ title: 'Everything', description: 'All of it', photoIds: sent.map((p) => p.ref) }],
          photos: [{ id: 'p1', caption: 'A tram on a hill.', tags: ['Tram', 'hill'] }],
        },
      });
      const { descriptions, result } = await organizePhotos(deps, batch);
      expect(descriptions).toEqual([
        { imageId: 'id-p1', caption: 'A tram on a hill.', tags: ['tram', 'hill'], source: 'model' },
        { imageId: 'id-p2', caption: 'Sunday 3 May 2026', tags: ['may'], source: 'offline' },
      ]);
      expect(result.repairs).toContain('descriptions: 1 photo(s) not described by the model');
    });

    it('never lets a malformed descriptions section cost the album plan', async () => {
      const { deps, planner, offline } = setup();
      planner.answer = (sent) => ({
        organizer: 'gemini',
        raw: {
          albums: [{ title: 'Everything', description: 'All of it', photoIds: sent.map((p) => p.ref) }],
          photos: 'a list of captions, honestly',
        },
      });
      const { albums, descriptions, result } = await organizePhotos(deps, batch);
      expect(result.organizer).toBe('gemini');
      expect(albums.map((album) => album.title)).toEqual(['Everything']);
      expect(descriptions.map((description) => description.source)).toEqual(['offline', 'offline']);
      expect(offline.calls).toHaveLength(0);
    });

    it('describes every photo offline when the offline organizer organizes, or the one fallback album', async () => {
      const { deps, planner, offline } = setup();
      planner.failWith('down');
      const organized = await organizePhotos(deps, batch);
      expect(organized.descriptions.map((description) => description.source)).toEqual(['offline', 'offline']);
      offline.failWith('broken');
      const fallback = await organizePhotos(deps, batch);
      expect(fallback.descriptions).toEqual(organized.descriptions);
    });

    it('puts nothing from faces in an offline description (it would outlive the people setting)', async () => {
      const { deps, planner } = setup();
      planner.failWith('down');
      const shown = photo('p1', null);
      shown.plannerPhoto.people = ['person-1'];
      const { descriptions } = await organizePhotos(deps, [shown]);
      expect(descriptions).toEqual([{ imageId: 'id-p1', caption: null, tags: [], source: 'offline' }]);
    });
  });
});
