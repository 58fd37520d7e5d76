const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A plain, truthful title for the one album used when the organizer fails. */
export function fallbackAlbumTitle(takenAt: (Date | null)[]): string {
  const dates = takenAt.filter((date): date is Date => date !== null).map((date) => date.getTime());
  if (dates.length === 0) return 'All photos';
  const first = dateFormat.format(Math.min(...dates));
  const last = dateFormat.format(Math.max(...dates));
  return first === last ? `Photos of ${first}` : `Photos from ${first} to ${last}`;
}
