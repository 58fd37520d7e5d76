import sharp from 'sharp';
import { createFaceApiReader } from '../../lambdas/adapters/faces/face-api-face-reader.ts';
import { createSharpImageAnalyzer } from '../../lambdas/adapters/images/sharp-image-analyzer.ts';
import { LOOK_ALIKE } from '../../lambdas/adapters/offline/content-groups.ts';
import { planOfflineAlbums } from '../../lambdas/adapters/offline/offline-album-planner.ts';
import { lookDistance } from '../../lambdas/core/look.ts';
import { applyAssignment, assignFaces, type KnownPerson } from '../../lambdas/core/people.ts';
import type { PlannerPhoto } from '../../lambdas/core/ports.ts';
import { faceApiSample, leftPart } from '../fixtures/photos.ts';

const analyzer = createSharpImageAnalyzer();
const reader = createFaceApiReader();

interface Read {
  photo: PlannerPhoto;
  look: number[];
}

/** Each file read as ingest reads it for an owner with people recognition on, in order. */
async function readAll(files: { bytes: Buffer; takenAt: string | null }[]): Promise<Read[]> {
  let known: KnownPerson[] = [];
  let next = 0;
  const read: Read[] = [];
  for (const [index, file] of files.entries()) {
    const image = await analyzer.analyze(file.bytes, 'image/jpeg');
    const faces = await reader.read(image.modelImage);
    const assignment = assignFaces(
      faces.map((face) => face.descriptor),
      known,
      () => `person-${++next}`,
    );
    known = applyAssignment(known, assignment);
    read.push({
      look: image.look,
      photo: {
        ref: `p${index + 1}`,
        image: { bytes: image.modelImage, mimeType: 'image/jpeg' },
        takenAt: file.takenAt ? new Date(file.takenAt) : null,
        place: null,
        camera: null,
        people: [...new Set(assignment.personIds)],
        look: image.look,
      },
    });
  }
  return read;
}

test('a friend’s undated closer shot of a dinner joins the dinner, by the faces in it; another evening stays apart', async () => {
  const [five, six, one, three] = await Promise.all([
    faceApiSample(5),
    faceApiSample(6),
    faceApiSample(1),
    faceApiSample(3),
  ]);
  const read = await readAll([
    { bytes: five, takenAt: '2026-07-04T20:00:00Z' },
    { bytes: six, takenAt: '2026-07-04T20:30:00Z' },
    { bytes: one, takenAt: '2026-08-15T21:00:00Z' },
    { bytes: three, takenAt: '2026-08-15T22:30:00Z' },
    { bytes: await leftPart(six), takenAt: null },
  ]);
  expect(read[4]?.photo.people?.length).toBeGreaterThan(0);
  const albums = planOfflineAlbums(read.map((entry) => entry.photo)).map((album) => album.photoIds);
  expect(albums).toEqual([
    ['p1', 'p2', 'p5'],
    ['p3', 'p4'],
  ]);
});

test('the same real photo resized and re-encoded looks alike; two different photos do not', async () => {
  const [two, four] = await Promise.all([faceApiSample(2), faceApiSample(4)]);
  const resaved = await sharp(two).resize(800).jpeg({ quality: 60 }).toBuffer();
  const [a, b, c] = await readAll([
    { bytes: two, takenAt: null },
    { bytes: resaved, takenAt: null },
    { bytes: four, takenAt: null },
  ]);
  expect(lookDistance(a?.look ?? [], b?.look ?? [])).toBeLessThan(LOOK_ALIKE / 4);
  expect(lookDistance(a?.look ?? [], c?.look ?? [])).toBeGreaterThan(LOOK_ALIKE / 4);
});
