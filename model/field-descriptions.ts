/**
 * The field table as clients read it (GET /api/search/fields): each field's label, how its ticked
 * values combine and the panel's words for that, the parameters it is filtered by and its value
 * labels, so a client shows every filter from the same table the server validates by.
 */
import Type from 'typebox';
import { rangeKeys, type SearchFieldRegistry } from './search-fields';

export const FieldDescriptionSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  combine: Type.Enum(['any', 'all']),
  /** A review may have several values. */
  multi: Type.Boolean(),
  /** Filtered as a span: the parameters are `<name>_from` and `<name>_to`. */
  range: Type.Boolean(),
  facet: Type.Boolean(),
  stats: Type.Boolean(),
  /** A ticked value also matches its narrower values, unless the request says narrower=false. */
  hierarchy: Type.Boolean(),
  order: Type.Enum(['count', 'value-desc']),
  explain: Type.String(),
  /** The query parameters the field is filtered by. */
  parameters: Type.Array(Type.String()),
  /** Labels of coded values; a value without one is shown as it is. */
  labels: Type.Record(Type.String(), Type.String()),
});
export type FieldDescription = Type.Static<typeof FieldDescriptionSchema>;

export const FieldTableSchema = Type.Object({ fields: Type.Array(FieldDescriptionSchema) });
export type FieldTable = Type.Static<typeof FieldTableSchema>;

/** The table for clients. `labels` adds value labels kept elsewhere (the taxonomy's theme labels). */
export function describeFields(fields: SearchFieldRegistry, labels: Record<string, Record<string, string>> = {}): FieldTable {
  return {
    fields: Object.entries(fields).map(([name, f]) => {
      const keys = rangeKeys(name);
      return {
        name,
        label: f.label,
        combine: f.combine,
        multi: f.multi ?? false,
        range: f.range ?? false,
        facet: f.facet,
        stats: f.stats,
        hierarchy: f.hierarchy ?? false,
        order: f.order ?? 'count',
        explain: f.explain,
        parameters: f.range ? [keys.from, keys.to] : [name],
        labels: { ...f.labels, ...labels[name] },
      };
    }),
  };
}
