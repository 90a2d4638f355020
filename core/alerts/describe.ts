/** What an alert follows, in words, and where the portal shows the same reviews: from the field table, never a list of its own. */
import { listValues, rangeValues, type SearchFieldRegistry, type SearchFilters } from '../../model';
import type { Taxonomy } from '../../taxonomy';
import type { AlertTarget } from '../../store/subscriptions';
import { canonicalQuery } from '../provenance';

export function targetFilters(target: AlertTarget): SearchFilters {
  return 'theme' in target ? { theme: [target.theme] } : target.filters;
}

function valueLabel(name: string, value: string, fields: SearchFieldRegistry, taxonomy: Taxonomy): string {
  if (name === 'theme') return taxonomy.get(value)?.label ?? value;
  return fields[name]?.labels?.[value] ?? value;
}

/** "the theme Neglect", or the search's words and filters, e.g. "“hidden men”; Region: Wales; Year of publication: 2015 to 2020". */
export function describeTarget(target: AlertTarget, fields: SearchFieldRegistry, taxonomy: Taxonomy): string {
  if ('theme' in target) return `the theme ${valueLabel('theme', target.theme, fields, taxonomy)}`;
  const f = target.filters;
  const parts: string[] = [];
  if (f.q?.trim()) parts.push(`“${f.q.trim()}”`);
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.range) {
      const { from, to } = rangeValues(f, name);
      if (from === undefined && to === undefined) continue;
      const span = from !== undefined && to !== undefined ? (from === to ? `${from}` : `${from} to ${to}`) : from !== undefined ? `from ${from}` : `up to ${to}`;
      parts.push(`${spec.label}: ${span}`);
    } else {
      const values = listValues(f, name);
      if (values.length) parts.push(`${spec.label}: ${values.map((v) => valueLabel(name, v, fields, taxonomy)).join(', ')}`);
    }
  }
  if (f.narrower === false) parts.push('without narrower themes');
  return parts.length ? `the search ${parts.join('; ')}` : 'every newly published review';
}

/** The portal page listing the reviews an alert follows. */
export function targetPage(target: AlertTarget, origin: string): string {
  if ('theme' in target) return `${origin}/themes/${encodeURIComponent(target.theme)}`;
  const query = canonicalQuery(target.filters);
  return `${origin}/${query ? `?${query}` : ''}`;
}
