import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { defaultTaxonomyFile, loadTaxonomy, REQUIRED_THEME_IDS } from './load';

describe('loadTaxonomy', () => {
  it('loads every theme the design requires, with a version, and caches the default', () => {
    const t = loadTaxonomy();
    expect(t.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const id of REQUIRED_THEME_IDS) expect(t.get(id)?.id).toBe(id);
    expect(loadTaxonomy()).toBe(t);
  });

  it('gives every theme a label, definition, questions and a consistent hierarchy', () => {
    const t = loadTaxonomy();
    for (const theme of t.themes) {
      expect(theme.label.length).toBeGreaterThan(0);
      expect(theme.definition.length).toBeGreaterThan(40);
      expect(theme.questions.length).toBeGreaterThanOrEqual(2);
      for (const b of theme.broader) expect(t.get(b)?.narrower).toContain(theme.id);
    }
    expect(t.get('physical-abuse')?.narrower).toContain('non-mobile-baby-bruising');
    expect(t.get('toxic-trio')?.narrower).toEqual(
      expect.arrayContaining(['domestic-abuse', 'parental-mental-health', 'parental-substance-misuse']),
    );
  });

  it('exposes only the portal fields of a theme', () => {
    const theme = loadTaxonomy().get('hidden-men')!;
    expect(Object.keys(theme).sort()).toEqual(['broader', 'definition', 'group', 'id', 'label', 'narrower', 'questions']);
  });

  describe('rejects a bad file with an error naming the file and the problem', () => {
    let dir: string;
    const original = YAML.parse(fs.readFileSync(defaultTaxonomyFile(), 'utf8'));
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxonomy-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    function write(name: string, mutate: (spec: any) => void): string {
      const spec = structuredClone(original);
      mutate(spec);
      const file = path.join(dir, name);
      fs.writeFileSync(file, YAML.stringify(spec));
      return file;
    }
    const themeOf = (spec: any, id: string) => spec.themes.find((t: any) => t.id === id);

    it('a schema violation, naming the theme', () => {
      const file = write('no-definition.yaml', (s) => delete themeOf(s, 'neglect').definition);
      expect(() => loadTaxonomy(file)).toThrow(file);
      expect(() => loadTaxonomy(file)).toThrow(/themes\[\d+\] \(neglect\).*definition/);
    });

    it('an unknown field', () => {
      const file = write('extra.yaml', (s) => (themeOf(s, 'neglect').colour = 'red'));
      expect(() => loadTaxonomy(file)).toThrow(/additional properties/);
    });

    it('a missing required theme', () => {
      const file = write('missing.yaml', (s) => (s.themes = s.themes.filter((t: any) => t.id !== 'safe-sleep')));
      expect(() => loadTaxonomy(file)).toThrow(/required theme "safe-sleep" is missing/);
    });

    it('a one-sided broader link', () => {
      const file = write('link.yaml', (s) => themeOf(s, 'neglect').broader.push('adolescents'));
      expect(() => loadTaxonomy(file)).toThrow(/"neglect": broader "adolescents" does not list it as narrower/);
    });

    it('a pattern that does not compile', () => {
      const file = write('pattern.yaml', (s) => themeOf(s, 'neglect').signals.push('(neglect|abuse'));
      expect(() => loadTaxonomy(file)).toThrow(/theme "neglect": pattern "\(neglect\|abuse"/);
    });

    it('YAML that does not parse, and a file that does not exist', () => {
      const file = path.join(dir, 'broken.yaml');
      fs.writeFileSync(file, 'version: [1.0\n');
      expect(() => loadTaxonomy(file)).toThrow(`Invalid taxonomy ${file}`);
      expect(() => loadTaxonomy(path.join(dir, 'absent.yaml'))).toThrow(/absent\.yaml.*ENOENT/);
    });
  });
});
