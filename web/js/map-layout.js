/**
 * The Map screen's arithmetic, without the DOM (web/js/map-view.js draws it): where a place falls on
 * the served world outlines, which markers merge into one at the current zoom, which part of the map
 * is in view, and the search a place opens.
 */

import { searchHash } from './search-link.js';

const RADIANS = Math.PI / 180;

/**
 * d3-geo's geoNaturalEarth1Raw (Šavrič, Patterson and Jenny's polynomial): longitude and latitude in
 * radians to the unit map. lambdas/web-content/world-map.ts drew the outlines with d3-geo's
 * projection; test/unit/web-map-layout.test.ts checks this copy lands on the same points.
 */
export function naturalEarth1(lambda, phi) {
  const phi2 = phi * phi;
  const phi4 = phi2 * phi2;
  return [
    lambda * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))),
    phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))),
  ];
}

/** (longitude, latitude) in degrees to the outlines' units, with the scale and translation they publish. */
export function projector({ scale, translate: [tx, ty] }) {
  return (longitude, latitude) => {
    const [x, y] = naturalEarth1(longitude * RADIANS, latitude * RADIANS);
    return [tx + scale * x, ty - scale * y];
  };
}

/** How a place reads: "Porto, Portugal", or the country alone when the town is unknown. */
export function placeName({ country, town }) {
  return town ? `${town}, ${country}` : country;
}

/** One key per place (country and town), for finding a place's marker again after a redraw. */
export function placeKey({ country, town }) {
  return JSON.stringify([country, town ?? '']);
}

/** The search screen showing one place's photos: the country alone when the town is unknown. */
export function placeSearchHash({ country, town }) {
  return searchHash({ country, town });
}

/**
 * Groups markers that would overlap: `points` are { x, y, count, … } in screen pixels; a point closer
 * than `gap` to a bigger group's leader joins it. Greedy from the place with most photos, so the same
 * input always gives the same groups and a busy place keeps its own marker where it is. Each group
 * sits on its leader and counts every photo of its members.
 */
export function clusterPoints(points, gap) {
  const ordered = [...points].sort((a, b) => b.count - a.count || a.x - b.x || a.y - b.y);
  const clusters = [];
  for (const point of ordered) {
    const near = clusters.find((cluster) => Math.hypot(cluster.x - point.x, cluster.y - point.y) < gap);
    if (near) {
      near.members.push(point);
      near.count += point.count;
    } else {
      clusters.push({ x: point.x, y: point.y, count: point.count, members: [point] });
    }
  }
  return clusters;
}

/**
 * The rectangle of the map in view at `zoom` (1: the whole map) around (cx, cy), slid back inside the
 * map where it would show beyond an edge.
 */
export function viewport(map, { zoom, cx, cy }) {
  const width = map.width / zoom;
  const height = map.height / zoom;
  const x = Math.min(Math.max(cx - width / 2, 0), map.width - width);
  const y = Math.min(Math.max(cy - height / 2, 0), map.height - height);
  return { x, y, width, height };
}

/**
 * The first zoom (doubling from `zoom`, at most `maxZoom`) at which a group's members stop merging, so
 * a click on a group can zoom just far enough; null when they still merge at `maxZoom` (towns a few
 * kilometres apart), where the screen lists them instead. `points` are the members in map units and
 * `pixelsPerUnit` the screen's scale at zoom 1.
 */
export function zoomToSeparate(points, { zoom, maxZoom, pixelsPerUnit, gap }) {
  for (let next = zoom * 2; next <= maxZoom; next *= 2) {
    const scale = pixelsPerUnit * next;
    const onScreen = points.map((point) => ({ ...point, x: point.x * scale, y: point.y * scale }));
    if (clusterPoints(onScreen, gap).length > 1) return next;
  }
  return null;
}
