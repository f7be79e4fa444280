// EDTF dates as people say them: "September 2018", "2018?", "about June 2018", never a made-up day.
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const seasons = { 21: 'spring', 22: 'summer', 23: 'autumn', 24: 'winter' };

function qualified(textValue, qualifier) {
  switch (qualifier) {
    case '?': return `${textValue}?`;
    case '~': return `about ${textValue}`;
    case '%': return `about ${textValue}?`;
    default: return textValue;
  }
}

/** One EDTF date (not an interval) in words. */
export function single(value) {
  if (value == null || value === '') return 'unknown';
  if (value === '..') return 'open';
  const time = /^(.*?)T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/.exec(value);
  if (time) {
    const zone = time[4] == null ? '' : time[4] === 'Z' ? ' UTC' : ` (UTC${time[4]})`;
    return `${single(time[1])}, ${time[2]}:${time[3]}${zone}`;
  }
  const m = /^([~?%]?)(-?[0-9X]{4,})(?:-([0-9X]{2}))?(?:-([0-9X]{2}))?([~?%]?)$/.exec(value);
  if (!m) return value;
  const [, prefix, year, month, day, suffix] = m;
  const qualifier = suffix || prefix;
  let words;
  const yearWords = /X/.test(year)
    ? (year.endsWith('XX') ? `the ${year.replace(/X+$/, '')}00s` : `the ${year.replace(/X$/, '0')}s`)
    : year.startsWith('-') ? `${Number(year.slice(1)) } BCE (${year})` : String(Number(year));
  if (month == null) words = yearWords;
  else if (seasons[month]) words = `${seasons[month]} ${yearWords}`;
  else if (month === 'XX') words = `a month of ${yearWords}`;
  else if (day == null) words = `${months[Number(month) - 1]} ${yearWords}`;
  else if (day === 'XX') words = `a day in ${months[Number(month) - 1]} ${yearWords}`;
  else words = `${Number(day)} ${months[Number(month) - 1]} ${yearWords}`;
  return qualified(words, qualifier);
}

/** An EDTF date or interval in words. */
export function human(value) {
  if (value == null || value === '') return '';
  const slash = value.indexOf('/');
  if (slash < 0) return single(value);
  const [from, to] = [value.slice(0, slash), value.slice(slash + 1)];
  if (to === '..') return `from ${single(from)} on`;
  if (to === '') return `from ${single(from)}, end unknown`;
  if (from === '..') return `until ${single(to)}`;
  if (from === '') return `start unknown, until ${single(to)}`;
  const sameDay = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)[^/]*$/.exec(from);
  const toSameDay = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d)?(Z|[+-]\d\d:\d\d)?$/.exec(to);
  if (sameDay && toSameDay && sameDay[1] === toSameDay[1]) {
    const zone = toSameDay[3] == null ? '' : toSameDay[3] === 'Z' ? ' UTC' : ` (UTC${toSameDay[3]})`;
    return `${single(sameDay[1])}, ${sameDay[2]}–${toSameDay[2]}${zone}`;
  }
  return `${single(from)} – ${single(to)}`;
}

/** The heading a timeline entry belongs under: its month when the date names one, its year otherwise. */
export function period(value) {
  const first = (value ?? '').split('/')[0].replace(/^[~?%]/, '');
  const m = /^(-?[0-9X]{4,})(?:-(\d\d))?/.exec(first);
  if (!m) return 'Date unknown';
  const [, year, month] = m;
  if (month && Number(month) >= 1 && Number(month) <= 12) return `${months[Number(month) - 1]} ${Number(year)}`;
  return `${/X/.test(year) ? single(year) : Number(year)} (month not known)`;
}

/** Milliseconds since 1970 of an instant the API wrote ("2018-05-24T00:00:00Z"), for drawing on an axis. */
export const ms = iso => (iso ? Date.parse(iso) : NaN);
