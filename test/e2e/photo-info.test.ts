/**
 * GET /api/images/{imageId} end to end: a real photo with EXIF (date, camera and its settings, GPS)
 * uploaded and organized through the local app; the info answers what ingest read, the albums holding
 * it, and only to its owner. Every answer is checked against the OpenAPI document by the harness.
 * And the exact GPS fix never leaves ingest: not into the database, any answer, or any rendition.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import exifr from 'exifr';
import { withDetailsReader } from '../../lambdas/composition/details-read.ts';
import { modelImageKey } from '../../lambdas/core/upload-policy.ts';
import { create as createReadMissingDetails } from '../../lambdas/handlers/schedule/read-missing-details.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;
let s3: S3Client;

beforeAll(async () => {
  harness = await startHarness();
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: harness.app.env.S3_ENDPOINT,
    credentials,
    forcePathStyle: true,
  });
});
afterAll(async () => {
  s3?.destroy();
  await harness?.stop();
});

/** What the Fujifilm X100V's fixed lens writes for a sunny street photo. */
const X100V_EXIF = {
  ExposureTime: '1/250',
  FNumber: '2/1',
  ISOSpeedRatings: '160',
  FocalLength: '23/1',
  LensMake: 'FUJIFILM',
  LensModel: 'XF23mmF2 R WR',
};

/** A street photo from the X100V in Porto (its EXIF: date, camera, settings, GPS), uploaded and organized. */
async function organizedFuji(token: string, name: string, color: string) {
  const bytes = await makeJpeg({
    width: 640,
    height: 480,
    color,
    takenAt: new Date(Date.UTC(2026, 4, 12, 9, 30)),
    gps: { latitude: 41.1496, longitude: -8.611 },
    camera: { make: 'FUJIFILM', model: 'X100V' },
    exifIfd: X100V_EXIF,
  });
  const [key] = await uploadFiles(harness, token, [{ name, contentType: 'image/jpeg', bytes }]);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: [key] } });
  expect((await waitForJob(harness, token, started.body.jobId)).status).toBe('completed');
  const [photo] = (await harness.api('/api/images', { token })).body.images;
  return { photo, bytes };
}

describe('GET /api/images/{imageId}', () => {
  it('answers what ingest read and the albums that hold the photo; another user gets 404', async () => {
    const { token } = await harness.signIn('iris');
    const { photo, bytes } = await organizedFuji(token, 'DSCF0042.JPG', '#5a7d9a');
    const mine = await harness.api('/api/albums', { token, body: { title: 'Mine', imageIds: [photo.id] } });

    const info = await harness.api(`/api/images/${photo.id}`, { token });

    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      id: photo.id,
      originalFilename: 'DSCF0042.JPG',
      contentType: 'image/jpeg',
      sizeBytes: bytes.length,
      width: 640,
      height: 480,
      takenAt: '2026-05-12T09:30:00.000Z',
      takenAtSource: 'exif',
      place: { city: 'Porto', country: expect.any(String) },
      camera: 'FUJIFILM X100V',
      exif: {
        make: 'FUJIFILM',
        model: 'X100V',
        lens: 'XF23mmF2 R WR',
        exposureSeconds: 0.004,
        fNumber: 2,
        iso: 160,
        focalLengthMm: 23,
      },
      // 41.1496, -8.611 rounded to three decimals (about 100 m).
      location: { latitude: 41.15, longitude: -8.611 },
      trashedAt: null,
    });
    // The album made by hand is the newest; the organizer's album holds it too.
    expect(info.body.albums[0]).toEqual({ id: mine.body.id, title: 'Mine' });
    expect(info.body.albums).toHaveLength(2);
    // No storage keys or signed URLs: the info is facts only.
    expect(JSON.stringify(info.body)).not.toMatch(/users\/|X-Amz/);

    // What ingest kept is what search filters by: the make, and the model under it.
    const found = await harness.api('/api/search?make=FUJIFILM&model=X100V', { token });
    expect(found.body.photos.map((listed: { id: string }) => listed.id)).toEqual([photo.id]);

    const { token: other } = await harness.signIn('mallory-info');
    expect((await harness.api(`/api/images/${photo.id}`, { token: other })).status).toBe(404);

    // In the Trash it still answers, saying since when.
    await harness.api(`/api/images/${photo.id}`, { token, method: 'DELETE' });
    const trashed = await harness.api(`/api/images/${photo.id}`, { token });
    expect(trashed.body.trashedAt).toEqual(expect.any(String));
  });

  it('shows the caption and tags organizing wrote, and nothing where EXIF said nothing', async () => {
    const { token } = await harness.signIn('iris-plain');
    const bytes = await makeJpeg({ width: 320, height: 200, color: '#9a5a7d' });
    const [key] = await uploadFiles(harness, token, [
      { name: 'plain.jpg', contentType: 'image/jpeg', bytes },
    ]);
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: [key] } });
    expect((await waitForJob(harness, token, started.body.jobId)).status).toBe('completed');
    const [photo] = (await harness.api('/api/images', { token })).body.images;
    // The columns the organizing call fills (captions are another part of the issue): set here.
    await harness.app.http.db
      .updateTable('images')
      .set({ caption: 'A plum-coloured wall', tags: ['wall', 'plum'], description_source: 'model' })
      .where('id', '=', photo.id)
      .execute();

    const info = await harness.api(`/api/images/${photo.id}`, { token });

    expect(info.body).toMatchObject({
      width: 320,
      height: 200,
      caption: 'A plum-coloured wall',
      tags: ['wall', 'plum'],
      camera: null,
      exif: {
        make: null,
        model: null,
        lens: null,
        exposureSeconds: null,
        fNumber: null,
        iso: null,
        focalLengthMm: null,
      },
      location: null,
      place: null,
    });
  });

  it('never lets the exact GPS fix out of ingest: database, answers and renditions hold only its rounding', async () => {
    const { token, userId } = await harness.signIn('iris-private');
    // Seven decimals in the file; only 41.15 and -8.611 may be kept.
    const exact = { latitude: 41.1496377, longitude: -8.6109444 };
    const leaks = /41\.149|8\.6109|41°|8°36|58\.69/;
    const bytes = await makeJpeg({ width: 1600, height: 1200, gps: exact, color: '#3d7a5a' });
    const [key] = (await uploadFiles(harness, token, [
      { name: 'secret-garden.jpg', contentType: 'image/jpeg', bytes },
    ])) as [string];
    expect(await exifr.gps(bytes)).toMatchObject({ latitude: expect.closeTo(exact.latitude, 6) });
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: [key] } });
    const job = await waitForJob(harness, token, started.body.jobId);
    expect(job.status).toBe('completed');

    const row = await harness.app.http.db
      .selectFrom('images')
      .selectAll()
      .where('storage_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ latitude: 41.15, longitude: -8.611, place_city: 'Porto' });
    expect(JSON.stringify(row)).not.toMatch(leaks);
    const jobs = await harness.app.http.db
      .selectFrom('processing_jobs')
      .selectAll()
      .where('owner_id', '=', userId)
      .execute();
    expect(JSON.stringify(jobs)).not.toMatch(leaks);

    const library = await harness.api('/api/images', { token });
    const gallery = await harness.api('/api/galleries/me', { token });
    const photo = library.body.images[0];
    const info = await harness.api(`/api/images/${photo.id}`, { token });
    const status = await harness.api(`/api/jobs/${job.jobId}/status`, { token });
    expect(info.body.location).toEqual({ latitude: 41.15, longitude: -8.611 });
    const search = await harness.api('/api/search?q=Porto', { token });
    const filters = await harness.api('/api/search/filters', { token });
    expect(search.body.photos).toHaveLength(1);
    for (const answer of [library, gallery, info, status, search, filters]) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toMatch(leaks);
    }

    // The renditions carry no metadata at all: sharp writes none unless asked.
    const renditions = [
      Buffer.from(await (await fetch(photo.previewUrl)).arrayBuffer()),
      Buffer.from(await (await fetch(photo.thumbnailUrl)).arrayBuffer()),
      Buffer.from(
        (await (
          await s3.send(
            new GetObjectCommand({ Bucket: harness.app.env.UPLOADS_BUCKET, Key: modelImageKey(key) }),
          )
        ).Body?.transformToByteArray()) ?? [],
      ),
    ];
    for (const rendition of renditions) {
      expect(rendition.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(await exifr.gps(rendition)).toBeUndefined();
      expect(await exifr.parse(rendition, true)).toBeUndefined();
    }
  });

  it('catches up a photo read before details were kept: the hourly run reads them, and the map and search find it', async () => {
    const { token } = await harness.signIn('iris-before');
    const { photo } = await organizedFuji(token, 'DSCF0107.JPG', '#3d7a5a');
    // As a release before issue 18 left it: the camera's name and the town, none of the details.
    await harness.app.http.db
      .updateTable('images')
      .set({
        camera_make: null,
        camera_model: null,
        lens: null,
        exposure_seconds: null,
        f_number: null,
        iso: null,
        focal_length_mm: null,
        latitude: null,
        longitude: null,
        caption: null,
        tags: [],
        description_source: null,
        details_read: false,
      })
      .where('id', '=', photo.id)
      .execute();
    const filters = async () => (await harness.api('/api/search/filters', { token })).body;
    expect((await filters()).cameras).toEqual([]);

    // What EventBridge invokes hourly in AWS (and a timer locally), on the local app's adapters.
    const report = await createReadMissingDetails(withDetailsReader(harness.app.http))(
      {} as never,
      {} as never,
    );
    expect(report).toEqual({ read: 1, left: false });

    const info = (await harness.api(`/api/images/${photo.id}`, { token })).body;
    expect(info).toMatchObject({
      camera: 'FUJIFILM X100V',
      exif: { make: 'FUJIFILM', model: 'X100V', lens: 'XF23mmF2 R WR', exposureSeconds: 0.004, iso: 160 },
      location: { latitude: 41.15, longitude: -8.611 },
      caption: expect.stringContaining('Porto'),
      tags: expect.arrayContaining(['porto', 'may']),
    });
    // On the map (a place with a location) and in the camera filter; found by its new tags.
    const choices = await filters();
    expect(choices.cameras).toEqual([{ make: 'FUJIFILM', model: 'X100V', count: 1 }]);
    expect(choices.places).toEqual([
      expect.objectContaining({
        town: 'Porto',
        count: 1,
        latitude: expect.any(Number),
        longitude: expect.any(Number),
      }),
    ]);
    const found = await harness.api('/api/search?q=spring&make=FUJIFILM', { token });
    expect(found.body.photos.map((listed: { id: string }) => listed.id)).toEqual([photo.id]);
    // Caught up: the next run has nothing to do.
    expect(
      await createReadMissingDetails(withDetailsReader(harness.app.http))({} as never, {} as never),
    ).toEqual({
      read: 0,
      left: false,
    });
  });

  it('is 400 for an id that is not a UUID', async () => {
    const { token } = await harness.signIn('iris');
    const answer = await harness.api('/api/images/not-an-id', { token });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_image_id');
  });
});
