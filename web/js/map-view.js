/**
 * The Map screen (#/map, issue 18): where the user's photos were taken, on a world map drawn from
 * Natural Earth outlines the site serves itself (/map/world.json, made from the world-atlas npm
 * package: lambdas/web-content/world-map.ts). No tile server, no third-party request.
 *
 * One marker per place with its photo count; places whose markers would overlap at the current zoom
 * share one marker. A place's marker is a link to the search for that place; a shared marker zooms in
 * until its places part, or lists them when they are too close to ever part. Zoom with the buttons,
 * the wheel, or + and − on the focused map; arrows (or a mouse drag) move it. The list of places under
 * the map says the same in text, each place a link to the same search.
 */
import { api, describeError } from './api.js';
import { h, loadInto, plural, setChildren, statusMessage } from './dom.js';
import {
  clusterPoints,
  placeKey,
  placeName,
  placeSearchHash,
  projector,
  viewport,
  zoomToSeparate,
} from './map-layout.js';

const WORLD_MAP_URL = '/map/world.json';
const STYLESHEET_URL = '/map.css';
const SVG = 'http://www.w3.org/2000/svg';
/** Markers closer than this many pixels merge: about a marker's width, so none hides another. */
const MARKER_GAP = 36;
/** Beyond this the 1:110m outlines are too coarse to say more; closer places are listed instead. */
const MAX_ZOOM = 16;
/** How far an arrow key moves the map: a quarter of what is in view. */
const PAN_STEP = 0.25;

let worldRequest;
let stylesheetRequest;

export function render(main, { announce, onRendered }) {
  const body = h('div', { class: 'map-body' });
  setChildren(main, h('h1', { text: 'Map' }), body);
  onRendered();
  let stopMap;
  const stopLoading = loadInto(body, {
    loading: () => [statusMessage('Loading the map…')],
    load: async () => {
      stopMap?.();
      const [{ places }, world] = await Promise.all([
        api('/api/search/filters'),
        loadWorld(),
        loadStylesheet(),
      ]);
      if (places.length === 0) return emptyState();
      const located = places.filter(
        (place) => Number.isFinite(place.latitude) && Number.isFinite(place.longitude),
      );
      const map = located.length > 0 ? worldMap(world, located, announce) : null;
      stopMap = map?.stop;
      return [
        map?.element,
        placeList(places),
        h('p', { class: 'map-credit', text: `Map outlines: ${world.source}.` }),
      ];
    },
    failure: (error) => `The map could not be loaded. ${describeError(error)}`,
  });
  return () => {
    stopLoading();
    stopMap?.();
  };
}

/** The outlines, fetched once per page from the site itself. */
function loadWorld() {
  worldRequest ??= fetch(WORLD_MAP_URL).then((response) => {
    if (!response.ok) throw new Error(`The world map answered ${response.status}.`);
    return response.json();
  });
  worldRequest.catch(() => {
    worldRequest = undefined;
  });
  return worldRequest;
}

/** The map's own styles, added on first use so the first page does not carry them. */
function loadStylesheet() {
  stylesheetRequest ??= new Promise((resolve, reject) => {
    const link = h('link', { rel: 'stylesheet', href: STYLESHEET_URL });
    link.addEventListener('load', resolve);
    link.addEventListener('error', () => {
      link.remove();
      stylesheetRequest = undefined;
      reject(new Error('The map’s styles could not be loaded.'));
    });
    document.head.append(link);
  });
  return stylesheetRequest;
}

function emptyState() {
  return h(
    'div',
    { class: 'panel map-empty' },
    h('p', {
      text:
        'No photo has a place yet. Photos whose files carry GPS coordinates (most phone photos do) appear ' +
        'on the map once they are uploaded.',
    }),
    h('p', {}, h('a', { href: '#/upload', text: 'Upload photos' })),
  );
}

/** Every place as text, most photos first: the map's content for those who do not use the map. */
function placeList(places) {
  const ordered = [...places].sort((a, b) => b.count - a.count || placeName(a).localeCompare(placeName(b)));
  return h(
    'section',
    { class: 'map-places', 'aria-labelledby': 'map-places-heading' },
    h('h2', { id: 'map-places-heading', text: `Places (${ordered.length})` }),
    h(
      'ul',
      { class: 'place-list' },
      ordered.map((place) =>
        h(
          'li',
          {},
          h('a', { href: placeSearchHash(place), text: placeName(place) }),
          ' ',
          h('span', { class: 'place-count', text: plural(place.count, 'photo') }),
        ),
      ),
    ),
  );
}

/** The interactive map: returns its element and a stop() that lets go of its observers. */
function worldMap(world, places, announce) {
  const project = projector(world);
  const located = places.map((place) => {
    const [x, y] = project(place.longitude, place.latitude);
    return { place, key: placeKey(place), count: place.count, x, y };
  });
  let view = { zoom: 1, cx: world.width / 2, cy: world.height / 2 };
  let markerByKey = new Map();

  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'map-outlines');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  for (const [name, data] of [
    ['sphere', world.sphere],
    ['land', world.land],
    ['borders', world.borders],
  ]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('class', `map-${name}`);
    path.setAttribute('d', data);
    svg.append(path);
  }
  const markers = h('div', { class: 'map-markers' });
  const frame = h(
    'div',
    {
      class: 'map-frame',
      role: 'region',
      tabindex: '0',
      'aria-label': 'World map. Arrow keys move it, plus and minus zoom.',
      'aria-describedby': 'map-help',
    },
    svg,
    markers,
  );
  // The frame keeps the outlines' proportions (CSSOM, which the CSP allows, unlike a style attribute).
  frame.style.aspectRatio = `${world.width} / ${world.height}`;
  const zoomIn = h('button', { type: 'button', class: 'button button-small', text: 'Zoom in' });
  const zoomOut = h('button', { type: 'button', class: 'button button-small', text: 'Zoom out' });
  const whole = h('button', { type: 'button', class: 'button button-small', text: 'Whole world' });
  const nearby = h('div', { class: 'map-nearby' });
  const element = h(
    'div',
    { class: 'map' },
    h('div', { class: 'map-toolbar', role: 'group', 'aria-label': 'Zoom' }, zoomIn, zoomOut, whole),
    frame,
    h('p', {
      id: 'map-help',
      class: 'map-help',
      text: `${plural(places.length, 'place')} with ${plural(sum(places), 'photo')}. A number is how many photos were taken there; a marker for several places zooms in on them.`,
    }),
    nearby,
  );

  // The outlines' view and the zoom buttons follow `view` alone, so they are right from the first
  // frame; the markers wait for a laid-out width (they merge by screen distance).
  function showView() {
    const box = viewport(world, view);
    svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
    const pressed = document.activeElement;
    zoomIn.disabled = view.zoom >= MAX_ZOOM;
    zoomOut.disabled = view.zoom <= 1;
    whole.disabled = view.zoom <= 1;
    // A zoom button that just went out of use hands focus to the one that still works.
    if (pressed?.disabled) (zoomIn.disabled ? zoomOut : zoomIn).focus();
    return box;
  }

  function draw() {
    const box = showView();
    const width = frame.clientWidth;
    if (width === 0) return;
    const pixelsPerUnit = width / box.width;
    const height = box.height * pixelsPerUnit;
    const onScreen = located.map((point) => ({
      ...point,
      x: (point.x - box.x) * pixelsPerUnit,
      y: (point.y - box.y) * pixelsPerUnit,
    }));
    const focusedKey = markers.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    markerByKey = new Map();
    const shown = [];
    for (const cluster of clusterPoints(onScreen, MARKER_GAP)) {
      if (cluster.x < 0 || cluster.y < 0 || cluster.x > width || cluster.y > height) continue;
      const marker = clusterMarker(cluster);
      marker.style.left = `${(cluster.x / width) * 100}%`;
      marker.style.top = `${(cluster.y / height) * 100}%`;
      for (const member of cluster.members) markerByKey.set(member.key, marker);
      shown.push(marker);
    }
    markers.replaceChildren(...shown);
    // Focus stays on the marker it was on; when that left the view, on the map itself, not the page.
    if (focusedKey) (markerByKey.get(focusedKey) ?? frame).focus();
  }

  function clusterMarker(cluster) {
    const [leader] = cluster.members;
    const photos = plural(cluster.count, 'photo');
    if (cluster.members.length === 1) {
      const label = `${placeName(leader.place)}: ${photos}`;
      return h('a', {
        class: 'map-marker',
        href: placeSearchHash(leader.place),
        'data-key': leader.key,
        'aria-label': label,
        title: label,
        text: String(cluster.count),
      });
    }
    const names = cluster.members.map((member) => placeName(member.place));
    const label = `${plural(names.length, 'place')}, ${photos}: ${listed(names)}`;
    return h('button', {
      type: 'button',
      class: 'map-marker map-cluster',
      'data-key': leader.key,
      'aria-label': label,
      title: label,
      text: String(cluster.count),
      onclick: () => openCluster(cluster),
    });
  }

  /** Zooms in just far enough for the group's places to part; lists them when they never would. */
  function openCluster(cluster) {
    const [leader] = cluster.members;
    const next = zoomToSeparate(cluster.members.map(mapPoint), {
      zoom: view.zoom,
      maxZoom: MAX_ZOOM,
      pixelsPerUnit: frame.clientWidth / world.width,
      gap: MARKER_GAP,
    });
    if (next === null) return listNearby(cluster);
    setChildren(nearby);
    const centre = mapPoint(leader);
    view = { zoom: next, cx: centre.x, cy: centre.y };
    draw();
    markerByKey.get(leader.key)?.focus();
    announce(`Zoomed in on ${listed(cluster.members.map((member) => placeName(member.place)))}.`);
  }

  function listNearby(cluster) {
    const heading = h('h2', {
      id: 'map-nearby-heading',
      tabindex: '-1',
      text: `${plural(cluster.members.length, 'place')} close together`,
    });
    setChildren(
      nearby,
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'map-nearby-heading' },
        heading,
        h(
          'ul',
          { class: 'place-list' },
          cluster.members.map((member) =>
            h(
              'li',
              {},
              h('a', { href: placeSearchHash(member.place), text: placeName(member.place) }),
              ' ',
              h('span', { class: 'place-count', text: plural(member.count, 'photo') }),
            ),
          ),
        ),
      ),
    );
    heading.focus();
  }

  /** A place in the outlines' units (located keeps them; onScreen copies are in pixels). */
  function mapPoint(member) {
    const point = located.find((candidate) => candidate.key === member.key);
    return { ...member, x: point.x, y: point.y };
  }

  function zoomBy(factor, anchor) {
    const zoom = Math.min(Math.max(view.zoom * factor, 1), MAX_ZOOM);
    if (zoom === view.zoom) return;
    const box = viewport(world, view);
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // The point under the pointer stays under it; the buttons and keys zoom on the centre.
    const fixed = anchor ?? centre;
    const ratio = view.zoom / zoom;
    view = { zoom, cx: fixed.x + (centre.x - fixed.x) * ratio, cy: fixed.y + (centre.y - fixed.y) * ratio };
    draw();
  }

  /** Moves the view by (dx, dy) in the outlines' units, from where it really is (slid inside the map). */
  function panBy(dx, dy) {
    const box = viewport(world, view);
    view = { ...view, cx: box.x + box.width / 2 + dx, cy: box.y + box.height / 2 + dy };
    draw();
  }

  zoomIn.addEventListener('click', () => zoomBy(2));
  zoomOut.addEventListener('click', () => zoomBy(0.5));
  whole.addEventListener('click', () => {
    view = { zoom: 1, cx: world.width / 2, cy: world.height / 2 };
    draw();
  });
  frame.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const box = viewport(world, view);
    const moves = {
      ArrowLeft: [-box.width * PAN_STEP, 0],
      ArrowRight: [box.width * PAN_STEP, 0],
      ArrowUp: [0, -box.height * PAN_STEP],
      ArrowDown: [0, box.height * PAN_STEP],
    };
    if (moves[event.key]) panBy(...moves[event.key]);
    else if (event.key === '+' || event.key === '=') zoomBy(2);
    else if (event.key === '-' || event.key === '_') zoomBy(0.5);
    else return;
    event.preventDefault();
  });
  frame.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const box = viewport(world, view);
      const bounds = frame.getBoundingClientRect();
      const unitsPerPixel = box.width / bounds.width;
      const anchor = {
        x: box.x + (event.clientX - bounds.left) * unitsPerPixel,
        y: box.y + (event.clientY - bounds.top) * unitsPerPixel,
      };
      zoomBy(Math.exp(-event.deltaY * 0.002), anchor);
    },
    { passive: false },
  );
  // A mouse or pen drag moves the map; touch keeps scrolling the page (the buttons zoom there).
  let drag = null;
  frame.addEventListener('pointerdown', (event) => {
    if (event.pointerType === 'touch' || event.button !== 0 || event.target.closest('.map-marker')) return;
    drag = { x: event.clientX, y: event.clientY, id: event.pointerId };
    frame.setPointerCapture(event.pointerId);
    frame.classList.add('map-dragging');
  });
  frame.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const unitsPerPixel = viewport(world, view).width / frame.clientWidth;
    panBy((drag.x - event.clientX) * unitsPerPixel, (drag.y - event.clientY) * unitsPerPixel);
    drag = { ...drag, x: event.clientX, y: event.clientY };
  });
  const endDrag = () => {
    drag = null;
    frame.classList.remove('map-dragging');
  };
  frame.addEventListener('pointerup', endDrag);
  frame.addEventListener('pointercancel', endDrag);

  showView();
  // Markers merge by screen distance, so a new width means new groups.
  let pending = 0;
  const resized = new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(draw);
  });
  resized.observe(frame);
  return {
    element,
    stop: () => {
      resized.disconnect();
      cancelAnimationFrame(pending);
    },
  };
}

function sum(places) {
  return places.reduce((total, place) => total + place.count, 0);
}

/** "Porto", "Porto and Lisbon", "Porto, Lisbon and Braga". */
function listed(names) {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
