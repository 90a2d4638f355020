import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Command, Option } from 'commander';
import { defaultDataDir } from '../lib/paths';
import { IngestError } from './errors';
import { ingestFiles, listInputs } from './batch';
import { readManifest } from './manifest';
import { extractDocument } from './pipeline';
import { applyManifest, inferMetadata } from './metadata';
import { ingestProgressBar } from './progress';
import { openRepository } from './repository';
import { createTagger, loadTaxonomy, tagStream } from '../taxonomy';
import { reindex } from '../search/reindex';
import { SearchUnavailableError } from '../search/errors';
import { retagAll } from './retag';
import { backup, restore } from '../store/backup';
import { buildApp } from '../server/app';
import { Editorial } from '../server/editorial/editorial';
import { AuditLog } from '../store/audit-log';
import type { BackendName } from '../search/create-backend';
import { exportBytes, type ExportFormat } from '../server/services/research-data';
import { parseFilterQuery } from '../server/services/provenance';
import type { FilterQuery } from '../server/filters';
import type { Repository } from './repository';
import { STATS_DIMENSIONS, type StatsDimension } from '../model';

interface RepoOptions extends ElasticsearchFlags {
  dataDir: string;
  backend: BackendName;
}

const dataDirOption = () => new Option('--data-dir <dir>', 'data directory (env SCR_DATA_DIR)').default(defaultDataDir(), 'SCR_DATA_DIR or ./data');
const backendOption = () =>
  new Option('--backend <name>', 'search backend').choices(['embedded', 'elasticsearch']).env('SCR_BACKEND').default('embedded');

/** Where the elasticsearch backend connects; secrets (ES_PASSWORD, ES_API_KEY) come from the environment only. */
interface ElasticsearchFlags {
  esUrl?: string;
  esUsername?: string;
  esCaFile?: string;
  esIndexPrefix?: string;
}

function addElasticsearchOptions(command: Command): void {
  command
    .addOption(new Option('--es-url <url>', 'Elasticsearch URL for --backend elasticsearch').env('ES_URL'))
    .addOption(new Option('--es-username <name>', 'Elasticsearch user (password in ES_PASSWORD; or ES_API_KEY)').env('ES_USERNAME'))
    .addOption(new Option('--es-ca-file <pem>', 'CA certificate for Elasticsearch over TLS').env('ES_CA_FILE'))
    .addOption(new Option('--es-index-prefix <prefix>', 'prefix of the Elasticsearch aliases').env('ES_INDEX_PREFIX'));
}

function openRepo(opts: RepoOptions): Promise<Repository> {
  return openRepository(path.resolve(opts.dataDir), opts.backend, {
    url: opts.esUrl,
    username: opts.esUsername,
    caFile: opts.esCaFile,
    indexPrefix: opts.esIndexPrefix,
  });
}

/** One clear line on stderr and exit code 2: the contract for bad input. */
function fail(message: string): never {
  process.stderr.write(`scr: ${message}\n`);
  process.exit(2);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/** Who the audit log names for changes made from the command line. */
function cliActor(): string {
  return `cli:${os.userInfo().username}`;
}

async function ingestCommand(inputs: string[], opts: RepoOptions & { manifest?: string; json?: boolean }) {
  const manifest = opts.manifest ? readManifest(opts.manifest) : undefined;
  const repo = await openRepo(opts);
  const editorial = new Editorial(repo.store, repo.backend, new AuditLog(repo.store.dataDir));
  const files = listInputs(inputs);
  const progress = ingestProgressBar(files.length);
  try {
    const summary = await ingestFiles(files, {
      ...repo,
      taxonomyVersion: repo.taxonomy.version,
      manifest,
      onProgress: (p) => progress.update(p),
      onStored: (record, file) => editorial.recordIngest(record, cliActor(), path.basename(file)),
    });
    progress.stop();
    if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      process.stderr.write(
        `ingested ${summary.ingested}, unchanged ${summary.unchanged}, quarantined ${summary.quarantined}, failed ${summary.failed.length}\n`,
      );
      for (const f of summary.failed) process.stderr.write(`  failed: ${f.file}: ${f.error}\n`);
      if (summary.notIndexed.length) {
        process.stderr.write(`stored but not indexed ${summary.notIndexed.length} (run scr reindex when the search service is back):\n`);
        for (const f of summary.notIndexed) process.stderr.write(`  not indexed: ${f.file} (${f.id}): ${f.error}\n`);
      }
    }
  } finally {
    await repo.backend.close();
  }
}

async function extractCommand(file: string) {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    fail(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : messageOf(err)}`);
  }
  try {
    const doc = await extractDocument(data);
    const { text, sections, pages, passages } = doc.layout;
    const out = {
      text,
      pages: pages.map((p) => ({ num: p.num, text: text.slice(p.start, p.end), ...(p.origin ? { origin: p.origin, ocrConfidence: p.ocrConfidence } : {}) })),
      sections,
      passages: passages.length,
      metadata: applyManifest(inferMetadata(doc.frontText, text, path.basename(file)), undefined),
      ...(doc.ocr ? { ocr: doc.ocr } : {}),
      ...(doc.textLayerMissing
        ? { warning: `no text layer: needs OCR${doc.ocr?.missingTools.length ? ` (install ${doc.ocr.missingTools.join(', ')})` : ''}` }
        : {}),
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } catch (err) {
    fail(`${file}: ${err instanceof IngestError ? err.message : messageOf(err)}`);
  }
}

async function serveCommand(opts: RepoOptions & { port: number; host: string; bootstrap?: string; manifest?: string }) {
  const repo = await openRepo(opts);
  if (opts.bootstrap && repo.store.ids().length === 0) {
    process.stderr.write(`scr: empty data dir; ingesting the reports in ${opts.bootstrap}\n`);
    const summary = await ingestFiles(listInputs([opts.bootstrap]), {
      ...repo,
      taxonomyVersion: repo.taxonomy.version,
      manifest: opts.manifest ? readManifest(opts.manifest) : undefined,
    });
    process.stderr.write(`scr: ingested ${summary.ingested}, quarantined ${summary.quarantined}, failed ${summary.failed.length}\n`);
  }
  const published = [...repo.store.all()].filter((r) => r.status === 'published').length;
  try {
    if ((await repo.backend.count()) !== published) {
      process.stderr.write('scr: index out of step with the store; rebuilding it\n');
      await reindex(repo.store, repo.backend);
    }
  } catch (err) {
    // The API answers 503 until the search service is back; it needs no restart.
    if (!(err instanceof SearchUnavailableError)) throw err;
    process.stderr.write('scr: the search service is unavailable; serving anyway (run scr reindex once it is back)\n');
  }
  const app = await buildApp({ ...repo, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  const close = async () => {
    await app.close();
    await repo.backend.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: opts.port, host: opts.host });
}

export function buildProgram(): Command {
  const program = new Command('scr').description('National repository of anonymised child safeguarding case reviews');
  program.showHelpAfterError();

  program
    .command('ingest')
    .description('ingest report files or folders into the store of record and the search index')
    .argument('<inputs...>', 'files or folders')
    .option('--manifest <csv>', 'manifest.csv with metadata by file name (it wins over inferred metadata)')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .option('--json', 'print a JSON summary on stdout')
    .action(ingestCommand);

  program
    .command('extract')
    .description('extract, clean and section one file; print JSON')
    .argument('<file>')
    .option('--json', 'JSON output (the only format)')
    .action(extractCommand);

  program
    .command('tag')
    .description('tag JSON lines {"id","text"} from stdin; write {"id","themes"} lines to stdout')
    .action(async () => tagStream(process.stdin, process.stdout, createTagger(loadTaxonomy())));

  program
    .command('serve')
    .description('serve the API and the portal')
    .addOption(new Option('--port <n>', 'port').env('PORT').default(3000).argParser((v) => Number(v)))
    .addOption(new Option('--host <addr>', 'address to listen on').env('HOST').default('127.0.0.1'))
    .addOption(dataDirOption())
    .addOption(backendOption())
    .option('--bootstrap <dir>', 'when the store is empty, ingest this folder first')
    .option('--manifest <csv>', 'manifest for --bootstrap')
    .action(serveCommand);

  program
    .command('reindex')
    .description('rebuild the search index from the store of record')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (opts: RepoOptions) => {
      const repo = await openRepo(opts);
      const n = await reindex(repo.store, repo.backend);
      await repo.backend.close();
      process.stderr.write(`scr: indexed ${n} published reviews\n`);
    });

  program
    .command('retag')
    .description('re-tag every stored review from its stored text with the current taxonomy, and update the index')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (opts: RepoOptions) => {
      const repo = await openRepo(opts);
      const n = await retagAll(repo);
      await repo.backend.close();
      new AuditLog(repo.store.dataDir).append({
        actor: cliActor(),
        action: 'retag',
        review_id: null,
        before: null,
        after: { taxonomy_version: repo.taxonomy.version, reviews: n },
      });
      process.stderr.write(`scr: re-tagged ${n} reviews with taxonomy ${repo.taxonomy.version}\n`);
    });

  program
    .command('backup')
    .description('copy the store of record (records, original files, users, audit log) to a new folder, with a sha256 for each file')
    .argument('<dir>', 'the backup folder to create')
    .addOption(dataDirOption())
    .action((dir: string, opts: { dataDir: string }) => {
      const manifest = backup(path.resolve(opts.dataDir), path.resolve(dir));
      const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
      process.stderr.write(`scr: backed up ${manifest.files.length} files (${bytes} bytes) to ${dir}\n`);
    });

  program
    .command('restore')
    .description('verify a backup, restore it into a new or empty data dir, and rebuild the search index')
    .argument('<dir>', 'a folder written by scr backup')
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action(async (dir: string, opts: RepoOptions) => {
      const manifest = restore(path.resolve(dir), path.resolve(opts.dataDir));
      const repo = await openRepo(opts);
      const n = await reindex(repo.store, repo.backend);
      await repo.backend.close();
      process.stderr.write(`scr: restored ${manifest.files.length} files to ${opts.dataDir}; indexed ${n} published reviews\n`);
    });

  const exportCommand = program
    .command('export')
    .description('write research data to stdout, the same bytes as the API (/api/stats/themes, /api/export/…)');
  const queryOption = () => new Option('--query <params>', 'search filters as an API query string, e.g. "theme=neglect&year_from=2015"').default('');
  const runExport = async (opts: RepoOptions & { query: string }, produce: (repo: Repository, query: FilterQuery) => Promise<string>) => {
    let query: FilterQuery;
    try {
      query = parseFilterQuery(opts.query);
    } catch (err) {
      fail(messageOf(err));
    }
    const repo = await openRepo(opts);
    try {
      process.stdout.write(await produce(repo, query));
    } finally {
      await repo.backend.close();
    }
  };
  exportCommand
    .command('theme-counts')
    .description('published reviews per theme per bucket of a dimension')
    .addOption(new Option('--by <dimension>', 'dimension').choices(STATS_DIMENSIONS).default('year'))
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .addOption(queryOption())
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action((opts: RepoOptions & { by: StatsDimension; format: ExportFormat; query: string }) =>
      runExport(opts, (repo, query) => exportBytes.themeCounts(repo, opts.by, opts.format, query)),
    );
  exportCommand
    .command('matrix')
    .description('the review-by-theme matrix: a row per published review, a 0/1 column per theme')
    .addOption(new Option('--format <format>', 'output format').choices(['csv']).default('csv'))
    .addOption(queryOption())
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action((opts: RepoOptions & { query: string }) => runExport(opts, (repo, query) => exportBytes.matrix(repo, query)));
  exportCommand
    .command('search')
    .description('the published reviews matching a search, with their themes')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .addOption(queryOption())
    .addOption(dataDirOption())
    .addOption(backendOption())
    .action((opts: RepoOptions & { format: ExportFormat; query: string }) =>
      runExport(opts, (repo, query) => exportBytes.search(repo, opts.format, query)),
    );

  const withBackend = (command: Command): Command[] => [command, ...command.commands.flatMap(withBackend)];
  for (const command of withBackend(program)) {
    if (command.options.some((o) => o.long === '--backend')) addElasticsearchOptions(command);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    fail(messageOf(err));
  }
}
