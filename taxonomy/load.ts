/** Loading the taxonomy file: schema check, link check, pattern compilation. */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import type { Theme } from '../model';
import { projectRoot } from '../lib/paths';
import { compileTaxonomy, type CompiledTaxonomy } from './compile';
import schema from './schema.json';
import type { TaxonomySpec } from './types';

export interface Taxonomy {
  version: string;
  themes: Theme[];
  get(id: string): Theme | undefined;
}

/** The theme ids the design requires; the file may add more. */
export const REQUIRED_THEME_IDS = [
  'information-sharing', 'multi-agency-working', 'hidden-men', 'disguised-compliance', 'voice-of-the-child',
  'professional-curiosity', 'start-again-syndrome', 'rule-of-optimism', 'thresholds', 'escalation',
  'assessment', 'drift-and-delay', 'supervision', 'record-keeping', 'was-not-brought', 'domestic-abuse',
  'parental-mental-health', 'parental-substance-misuse', 'toxic-trio', 'neglect', 'physical-abuse',
  'non-mobile-baby-bruising', 'sexual-abuse', 'exploitation', 'safe-sleep', 'self-harm-and-suicide',
  'child-disability', 'parental-learning-disability', 'fabricated-or-induced-illness',
  'concealed-pregnancy', 'race-culture-and-faith', 'housing-and-poverty', 'looked-after-children',
  'adolescents', 'online-harm', 'good-practice',
];

const validate = new Ajv({ allErrors: true }).compile<TaxonomySpec>(schema);

// The compiled matchers travel with the Taxonomy without widening its public shape.
const compiled = new WeakMap<Taxonomy, CompiledTaxonomy>();

let defaultTaxonomy: Taxonomy | undefined;

export function defaultTaxonomyFile(): string {
  return path.join(projectRoot(), 'taxonomy', 'themes.yaml');
}

function describeSchemaErrors(data: unknown): string {
  const themes = (data as { themes?: Array<{ id?: unknown }> }).themes;
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => {
      const where = e.instancePath.replace(/^\/themes\/(\d+)/, (_, i: string) => {
        const id = themes?.[Number(i)]?.id;
        return `themes[${i}]` + (typeof id === 'string' ? ` (${id})` : '');
      });
      return `${where || '(top level)'} ${e.message}`;
    })
    .join('; ');
}

function checkLinks(spec: TaxonomySpec): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const t of spec.themes) {
    if (ids.has(t.id)) problems.push(`theme "${t.id}" is defined twice`);
    ids.add(t.id);
  }
  for (const id of REQUIRED_THEME_IDS) if (!ids.has(id)) problems.push(`required theme "${id}" is missing`);
  const byId = new Map(spec.themes.map((t) => [t.id, t]));
  for (const t of spec.themes) {
    for (const b of t.broader) {
      const other = byId.get(b);
      if (!other) problems.push(`theme "${t.id}": broader "${b}" is not a theme`);
      else if (!other.narrower.includes(t.id)) problems.push(`theme "${t.id}": broader "${b}" does not list it as narrower`);
    }
    for (const n of t.narrower) {
      const other = byId.get(n);
      if (!other) problems.push(`theme "${t.id}": narrower "${n}" is not a theme`);
      else if (!other.broader.includes(t.id)) problems.push(`theme "${t.id}": narrower "${n}" does not list it as broader`);
    }
    for (const e of t.entails ?? []) {
      if (!t.broader.includes(e)) problems.push(`theme "${t.id}": entails "${e}", which is not one of its broader themes`);
    }
  }
  return problems;
}

/**
 * Read, validate and compile a taxonomy file. The default file is loaded once and cached.
 * Throws an Error naming the file and the problem.
 */
export function loadTaxonomy(file?: string): Taxonomy {
  if (!file && defaultTaxonomy) return defaultTaxonomy;
  const source = file ?? defaultTaxonomyFile();
  const fail = (problem: string): never => {
    throw new Error(`Invalid taxonomy ${source}: ${problem}`);
  };
  let data: unknown;
  try {
    data = YAML.parse(fs.readFileSync(source, 'utf8'));
  } catch (err) {
    return fail((err as Error).message);
  }
  if (!validate(data)) return fail(describeSchemaErrors(data));
  const spec = data as TaxonomySpec;
  const problems = checkLinks(spec);
  if (problems.length) fail(problems.join('; '));
  let matchers: CompiledTaxonomy;
  try {
    matchers = compileTaxonomy(spec);
  } catch (err) {
    return fail((err as Error).message);
  }
  const themes: Theme[] = spec.themes.map((t) => ({
    id: t.id,
    label: t.label,
    group: t.group,
    definition: t.definition.trim(),
    broader: [...t.broader],
    narrower: [...t.narrower],
    questions: [...t.questions],
  }));
  const index = new Map(themes.map((t) => [t.id, t]));
  const taxonomy: Taxonomy = { version: spec.version, themes, get: (id) => index.get(id) };
  compiled.set(taxonomy, matchers);
  if (!file) defaultTaxonomy = taxonomy;
  return taxonomy;
}

export function compiledOf(taxonomy: Taxonomy): CompiledTaxonomy {
  const c = compiled.get(taxonomy);
  if (!c) throw new Error('createTagger needs a taxonomy returned by loadTaxonomy');
  return c;
}
