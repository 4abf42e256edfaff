// Parses an iCalendar document from standard input with Mozilla's ical.js (the parser inside
// Thunderbird) in strict mode and prints, as JSON, what a calendar client would see. Any parse
// or value error exits non-zero, so the Python tests can treat ical.js as an independent judge.
import ICAL from "ical.js";

ICAL.design.strict = true;

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function text(value) {
  return value === null || value === undefined ? null : value.toString();
}

// ical.js converts values as it reads them and lets a short date such as 2021010 through, so
// the typed values are checked once more here, as they come out of the parser (jCal form).
const SHAPES = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?$/,
  duration: /^[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)$/,
  integer: /^-?\d+$/,
};
// What RFC 5545 requires of each component this feed uses.
const REQUIRED = {
  vcalendar: ["prodid", "version"],
  vevent: ["uid", "dtstamp", "dtstart"],
  valarm: ["action", "trigger", "description"],
  vtimezone: ["tzid"],
};

function checkEveryValue(component) {
  for (const name of REQUIRED[component.name] || []) {
    if (!component.hasProperty(name)) {
      throw new Error(`${component.name.toUpperCase()} without ${name.toUpperCase()}`);
    }
  }
  for (const property of component.getAllProperties()) {
    const shape = SHAPES[property.type];
    for (const raw of property.toJSON().slice(3)) {
      if (shape && !shape.test(String(raw))) {
        throw new Error(`${property.name}: ${raw} is not a valid ${property.type}`);
      }
    }
    // Decoding makes ical.js build each value with its type's own checks.
    property.getValues().forEach((value) => text(value));
  }
  component.getAllSubcomponents().forEach(checkEveryValue);
}

function eventJson(vevent) {
  const event = new ICAL.Event(vevent);
  const start = vevent.getFirstPropertyValue("dtstart");
  const end = vevent.getFirstPropertyValue("dtend");
  return {
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    description: event.description,
    url: text(vevent.getFirstPropertyValue("url")),
    status: text(vevent.getFirstPropertyValue("status")),
    transp: text(vevent.getFirstPropertyValue("transp")),
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
    dtstart: text(start),
    dtstart_is_date: start ? start.isDate : null,
    dtend: text(end),
    dtend_is_date: end ? end.isDate : null,
    dtstamp: text(vevent.getFirstPropertyValue("dtstamp")),
    last_modified: text(vevent.getFirstPropertyValue("last-modified")),
    alarms: vevent.getAllSubcomponents("valarm").map((alarm) => ({
      action: text(alarm.getFirstPropertyValue("action")),
      trigger: text(alarm.getFirstPropertyValue("trigger")),
      description: text(alarm.getFirstPropertyValue("description")),
    })),
  };
}

try {
  const source = await readStdin();
  const calendar = new ICAL.Component(ICAL.parse(source));
  if (calendar.name !== "vcalendar") {
    throw new Error(`expected a VCALENDAR, found ${calendar.name}`);
  }
  checkEveryValue(calendar);
  const properties = {};
  for (const property of calendar.getAllProperties()) {
    properties[property.name] = property.getValues().map(text);
  }
  const result = {
    properties,
    timezones: calendar.getAllSubcomponents("vtimezone").map((tz) =>
      tz.getFirstPropertyValue("tzid"),
    ),
    events: calendar.getAllSubcomponents("vevent").map(eventJson),
  };
  process.stdout.write(JSON.stringify(result));
} catch (error) {
  process.stderr.write(`ical.js could not parse the feed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
}
