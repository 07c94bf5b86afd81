// Timestamps as the HBase 2.x shell prints them: Java's LocalDateTime.toString of the instant in a
// time zone — `2021-04-06T18:54:02.733`, seconds dropped when they and the fraction are zero.
// Pure: the zone is given (an IANA name); Intl only supplies the zone's offset at that instant.

const MS_PER_DAY = 86_400_000;
/** The widest instant a JavaScript Date (and Intl) can place in a zone, in ms either side of 0. */
const DATE_RANGE_MS = 8_640_000_000_000_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is a zone this runtime knows (RangeError from Intl otherwise). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The process's own zone, as Java's ZoneId.systemDefault(). */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The zone's offset from UTC at `ms`, in ms (whole seconds, as zone rules are). */
function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const at = Math.max(-DATE_RANGE_MS, Math.min(DATE_RANGE_MS, Math.floor(ms / 1000) * 1000));
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const year = Number(parts['year']) * (parts['era'] === 'BC' || parts['era'] === 'B' ? -1 : 1);
  const fields = [parts['month'], parts['day'], parts['hour'], parts['minute'], parts['second']];
  const [month, day, hour, minute, second] = fields.map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  // A BC year n is year 1 - n in the proleptic calendar Java uses.
  const isoYear = year < 0 ? year + 1 : year;
  const local =
    daysFromCivil(isoYear, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  return local - at;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Java's LocalDate year: 4 digits at least, '+' above 9999, '-' below 0. */
function javaYear(year: number): string {
  if (year > 9999) return `+${year}`;
  if (year < 0) return `-${String(-year).padStart(4, '0')}`;
  return String(year).padStart(4, '0');
}

/** `ms` since the epoch as Java's LocalDateTime.toString in `timeZone`. */
export function formatLocalDateTime(ms: number, timeZone: string): string {
  const local = ms + zoneOffsetMs(ms, timeZone);
  const days = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(msOfDay / 3_600_000);
  const minute = Math.floor(msOfDay / 60_000) % 60;
  const second = Math.floor(msOfDay / 1000) % 60;
  const millis = msOfDay % 1000;
  let text = `${javaYear(year)}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}`;
  if (second > 0 || millis > 0) text += `:${two(second)}`;
  if (millis > 0) text += `.${String(millis).padStart(3, '0')}`;
  return text;
}
