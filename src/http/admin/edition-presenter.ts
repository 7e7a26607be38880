import { adminStrings } from '../../config/admin-strings.ts';
import { identityLimits, supportedCalendars, supportedNumberingSystems, type Edition, type EditionFields } from '../../modules/editions/edition-service.ts';
import { dateSystemFor } from '../../config/edition-presets.ts';
import { formatInEdition } from '../../modules/editions/edition-time.ts';
import type { AdminFrame, FieldView, FormPageView } from '../../views/admin/admin-view-models.ts';
import { withProblems, type FormProblems } from './admin-presenter.ts';
import { adminPaths } from './admin-paths.ts';

const s = adminStrings.settings;
const timeZones: readonly string[] = Intl.supportedValuesOf('timeZone');

/** An edition's fields as a form sends them: every value a string. */
export type EditionFormValues = Record<keyof EditionFields | 'code', string>;

export function editionFormValues(edition: Edition): EditionFormValues {
  return {
    code: edition.code,
    name: edition.name,
    language: edition.language,
    direction: edition.direction,
    timeZone: edition.timeZone,
    datelineFormat: edition.datelineFormat,
    dateFormat: edition.dateFormat,
    calendar: edition.calendar ?? '',
    numberingSystem: edition.numberingSystem ?? '',
    siteName: edition.identity.siteName ?? '',
    tagline: edition.identity.tagline ?? '',
    logoMediaId: edition.identity.logoMediaId === null ? '' : String(edition.identity.logoMediaId),
  };
}

/** How the format reads today with the values in the form, or nothing when they cannot write a date yet. */
function sample(values: EditionFormValues, format: string): string {
  try {
    return formatInEdition(new Date().toISOString(), format, {
      language: values.language,
      time_zone: values.timeZone,
      calendar: values.calendar || null,
      numbering_system: values.numberingSystem || null,
    });
  } catch {
    return '—';
  }
}

function select(id: string, name: string, label: string, current: string, options: Array<{ value: string; label: string }>, hint?: string): FieldView {
  return { kind: 'select', id, name, label, hint, options: options.map((o) => ({ ...o, isSelected: o.value === current })) };
}

/**
 * The form that adds an edition (with its code) or changes one (without: the code is in every address and
 * stays). Time zones, calendars and digits are lists of what this server can write.
 */
export function editionFormPage(frame: AdminFrame, values: EditionFormValues, options: { edition?: Edition; problems?: FormProblems; logoFileName?: string } = {}): FormPageView {
  const isNew = options.edition === undefined;
  const byLanguage = dateSystemFor(values.language || 'en');
  const fields: FieldView[] = [
    ...(isNew
      ? [{ kind: 'input', id: 'edition-code', name: 'code', label: s.code, hint: s.codeHint, type: 'text', autocomplete: 'off', value: values.code, isRequired: true, maxLength: 16, spellcheck: false } satisfies FieldView]
      : []),
    { kind: 'input', id: 'edition-name', name: 'name', label: s.name, hint: s.nameHint, type: 'text', autocomplete: 'off', value: values.name, isRequired: true, maxLength: 60 },
    { kind: 'input', id: 'edition-language', name: 'language', label: s.language, hint: s.languageHint, type: 'text', autocomplete: 'off', value: values.language, isRequired: true, maxLength: 35, spellcheck: false },
    select('edition-direction', 'direction', s.direction, values.direction, [
      { value: 'ltr', label: s.directions.ltr },
      { value: 'rtl', label: s.directions.rtl },
    ]),
    select('edition-time-zone', 'timeZone', s.timeZone, values.timeZone, timeZones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })), s.timeZoneHint),
    { kind: 'input', id: 'edition-dateline-format', name: 'datelineFormat', label: s.datelineFormat, hint: s.formatHint(sample(values, values.datelineFormat)), type: 'text', autocomplete: 'off', value: values.datelineFormat, isRequired: true, maxLength: 60, spellcheck: false },
    { kind: 'input', id: 'edition-date-format', name: 'dateFormat', label: s.dateFormat, hint: s.formatHint(sample(values, values.dateFormat)), type: 'text', autocomplete: 'off', value: values.dateFormat, isRequired: true, maxLength: 60, spellcheck: false },
    select('edition-calendar', 'calendar', s.calendar, values.calendar, [{ value: '', label: s.languageDefault(byLanguage.calendar) }, ...supportedCalendars.map((c) => ({ value: c, label: c }))]),
    select('edition-digits', 'numberingSystem', s.digits, values.numberingSystem, [
      { value: '', label: s.languageDefault(byLanguage.numberingSystem) },
      ...supportedNumberingSystems.map((n) => ({ value: n, label: `${n} (${(1234567890).toLocaleString('en', { numberingSystem: n, useGrouping: false })})` })),
    ]),
    // What makes the edition a site for its readers (docs/decisions/018), in the edition's own language.
    { kind: 'input', id: 'edition-site-name', name: 'siteName', label: s.siteName, hint: s.siteNameHint, type: 'text', autocomplete: 'off', value: values.siteName, maxLength: identityLimits.siteName },
    { kind: 'input', id: 'edition-tagline', name: 'tagline', label: s.tagline, hint: s.taglineHint, type: 'text', autocomplete: 'off', value: values.tagline, maxLength: identityLimits.tagline },
    {
      kind: 'input',
      id: 'edition-logo',
      name: 'logoMediaId',
      label: s.logo,
      hint: options.logoFileName ? `${s.logoHint} ${s.logoNow(options.logoFileName)}` : s.logoHint,
      type: 'text',
      autocomplete: 'off',
      value: values.logoMediaId,
      maxLength: 10,
      spellcheck: false,
    },
  ];
  const heading = options.edition ? s.editHeading(options.edition.name) : s.newHeading;
  return {
    frame,
    head: { title: adminStrings.pageTitle(heading) },
    heading,
    intro: s.newIntro,
    form: withProblems(
      {
        action: options.edition ? adminPaths.settingsEditionDetails(options.edition.code) : adminPaths.settingsEditions,
        method: 'post',
        csrfToken: frame.csrfToken,
        fields,
        submitLabel: options.edition ? s.save : s.create,
      },
      options.problems ?? {},
    ),
  };
}
