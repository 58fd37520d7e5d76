import { buildContentRoll } from '../bench/support/content-roll.ts';
import { buildRoll } from '../bench/support/labelled-roll.ts';
import { looksLikeDocument } from '../lambdas/adapters/offline/content-groups.ts';
import { quietLogger } from '../lambdas/composition/logging.ts';
import {
  faceReader,
  imageAnalyzer,
  organizerDependencies,
  placeResolver,
} from '../lambdas/composition/worker.ts';
import { lookDistance } from '../lambdas/core/look.ts';
import { assignFaces } from '../lambdas/core/people.ts';
import { plannerPhotoOf } from '../lambdas/core/use-cases/organize-photos.ts';

const which = process.argv[2];
const { files } = which === 'a' ? await buildRoll(() => {}) : await buildContentRoll(() => {});
const analyzer = imageAnalyzer();
const places = placeResolver();
const faces = faceReader({});
const known: any[] = [];
const photos: any[] = [];
for (const [i, f] of files.entries()) {
  const image = await analyzer.analyze(f.bytes, f.contentType);
  const found = which === 'a' ? [] : await faces.read(image.modelImage);
  const a = assignFaces(
    found.map((x) => x.descriptor),
    known,
  );
  const created = a.created.map((p) => {
    const id = `P${known.length + 1}`;
    known.push({ id, ...p });
    return id;
  });
  for (const u of a.updated) {
    const k = known.findIndex((e) => e.id === u.id);
    known[k] = u;
  }
  const people = [...new Set(a.people.map((p: any) => (typeof p === 'string' ? p : created[p.created])))];
  photos.push({
    ...plannerPhotoOf(`p${i + 1}`, image, places, { name: f.name, modifiedAt: null }),
    people,
    label: f.label,
    name: f.name,
  });
}
const planner = organizerDependencies({ ORGANIZER: 'offline' }, quietLogger).planner;
const answer: any = await planner.plan(photos);
for (const album of answer.raw.albums)
  console.log(
    album.title,
    '|',
    album.photoIds
      .map((r: string) => {
        const p = photos.find((x) => x.ref === r);
        return `${p.label}:${p.name}${p.people.length ? '[' + p.people.join(',') + ']' : ''}${looksLikeDocument(p.look) ? '(doc)' : ''}`;
      })
      .join('  '),
  );
const und = photos.filter((p) => !p.takenAt && !p.screenshot);
for (const a of und)
  console.log(a.name.padEnd(22), und.map((b) => lookDistance(a.look, b.look).toFixed(2)).join(' '));
